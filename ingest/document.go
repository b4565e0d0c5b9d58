package ingest

import (
	"fmt"

	"github.com/litmine/litmine/datasets"
)

// Format is an input format that ingest can read.
type Format string

// Input formats. FormatAuto asks ingest to detect the format from the content.
const (
	FormatAuto     Format = ""
	FormatText     Format = "text"
	FormatBrat     Format = "brat"
	FormatJATS     Format = "jats"
	FormatS2ORC    Format = "s2orc" // unarXive and S2ORC JSON lines
	FormatHTML     Format = "html"  // publisher article pages
	FormatMarkdown Format = "markdown"
	FormatPDF      Format = "pdf"     // read through the pdftotext program
	FormatWebAnno  Format = "webanno" // WebAnno TSV 3.x with gold annotations
)

// Formats lists the formats a user can name with --format.
func Formats() []Format {
	return []Format{FormatText, FormatBrat, FormatJATS, FormatS2ORC, FormatHTML, FormatMarkdown, FormatPDF, FormatWebAnno}
}

// ParseFormat returns the format named s; "" and "auto" give FormatAuto.
func ParseFormat(s string) (Format, error) {
	switch s {
	case "", "auto":
		return FormatAuto, nil
	}
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	return FormatAuto, fmt.Errorf("unknown format %q (want auto, text, brat, jats, s2orc, html, markdown, pdf or webanno)", s)
}

// ParagraphKind says what role a paragraph plays in its document.
type ParagraphKind string

// Paragraph kinds; their values are the strings stored in the paragraphs table.
const (
	KindTitle    ParagraphKind = "title"
	KindAbstract ParagraphKind = "abstract"
	KindHeading  ParagraphKind = "heading"
	KindBody     ParagraphKind = "body"
)

// Paragraph is one block of a document's text. Start and End are code point
// offsets into Document.Text, end-exclusive; the paragraph text has no
// leading or trailing white space.
type Paragraph struct {
	Kind    ParagraphKind
	Section string // heading of the enclosing section; empty when none
	Start   int
	End     int
}

// Document is one paper as a reader produced it, before it is written to the
// tables.
type Document struct {
	ID         string // stable id; see DocumentID
	SourcePath string // the file it was read from
	SourceLine int    // 1-based line of a JSON-lines record; 0 for whole files
	Format     Format
	Title      string
	Abstract   string
	DOI        string // lower case, without a "doi:" or resolver prefix; empty when unknown
	License    string // a licence URL or name as the source states it; empty when unknown
	Year       int    // publication year; 0 when unknown
	Text       string // the document text that paragraph offsets index
	Paragraphs []Paragraph
	Gold       *datasets.BratDocument // gold annotations of brat and WebAnno inputs; nil for other formats
	ArxivID    string                 // arXiv id without version, such as "2212.11867"; empty when unknown
}

// Problem is a record that a reader rejected. Path and Line locate it (Line is
// 0 for a whole file); Offset is a byte offset into the file when known, else -1.
type Problem struct {
	Path   string
	Line   int
	Offset int64
	DocID  string
	Reason string
}

func (p Problem) String() string {
	loc := p.Path
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	} else if p.Offset >= 0 {
		loc = fmt.Sprintf("%s@%d", loc, p.Offset)
	}
	if p.DocID != "" {
		loc += " (" + p.DocID + ")"
	}
	return loc + ": " + p.Reason
}
