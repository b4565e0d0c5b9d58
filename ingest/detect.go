package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/litmine/litmine/datasets"
)

// utf8BOM is the byte order mark that some editors put at the start of UTF-8
// files.
var utf8BOM = []byte("\uFEFF")

// markdownSniffBytes is how much of a file detectFormat looks at for the
// end of a Markdown front matter block.
const markdownSniffBytes = 16 << 10

// resolveFormat returns the format to read src with: forced unless it is
// FormatAuto, else the format detectFormat finds in the first
// markdownSniffBytes of src. It rejects a file with a NUL byte in its first
// sniffBytes as binary, unless it starts as a PDF does, and a file whose
// name says JATS, JSON, HTML or PDF while its content does not. A name
// ending in .md or .markdown gives Markdown and a name ending in .tsv gives
// WebAnno whatever the content, and a name ending in .html, .htm or .xhtml
// gives HTML for content that starts with a tag. A blank file is text,
// whatever its name.
func resolveFormat(path string, src *source, forced Format) (Format, error) {
	head, err := src.Peek(markdownSniffBytes)
	if err != nil && len(head) == 0 && !errors.Is(err, io.EOF) {
		return FormatAuto, fmt.Errorf("read: %w", err)
	}
	if forced == FormatPDF || (forced == FormatAuto && bytes.HasPrefix(head, pdfMagic)) {
		// PDF files hold binary streams, so they skip the binary check.
		return FormatPDF, nil
	}
	if i := bytes.IndexByte(head[:min(len(head), sniffBytes)], 0); i >= 0 {
		return FormatAuto, &contentError{int64(i), fmt.Errorf("%w: NUL byte, so the content looks binary", datasets.ErrMalformed)}
	}
	if forced != FormatAuto {
		return forced, nil
	}
	if len(head) < sniffBytes && len(bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))) == 0 {
		// The whole file is blank; the text reader reports it as empty.
		return FormatText, nil
	}

	detected := detectFormat(head)
	named := formatOfName(path)
	switch {
	case named == FormatMarkdown:
		// Markdown has no signature, and a Markdown file may start with
		// anything, HTML included.
		return FormatMarkdown, nil
	case named == FormatHTML && startsWithTag(head):
		// An HTML fragment may start with any element.
		return FormatHTML, nil
	case named == FormatWebAnno:
		// readWebAnno checks the content: a .tsv file may be a table of
		// another kind, which a directory walk skips.
		return FormatWebAnno, nil
	}
	if named != FormatAuto && named != detected {
		return FormatAuto, fmt.Errorf("%w: the file extension is for %s but the content looks like %s; set the format explicitly to read it anyway",
			datasets.ErrMalformed, named, detected)
	}
	return detected, nil
}

// detectFormat returns the format that the first bytes of a file suggest,
// ignoring a leading byte order mark and white space. Content starting with
// "%PDF-" is PDF, and content whose first line starts with "#FORMAT=WebAnno
// TSV" is WebAnno TSV. Content that isHTMLStart accepts ("<!DOCTYPE html"
// or "<html", after an optional XML declaration and comments) is HTML.
// Content starting with "<?xml", "<!DOCTYPE article", "<article" or
// "<pmc-articleset" is JATS, content starting with "{" or "[" is JSON lines,
// content that isMarkdown accepts is Markdown, and anything else is plain
// text. It never returns FormatBrat, which depends on a sibling .ann file.
func detectFormat(head []byte) Format {
	raw := head
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, pdfMagic):
		return FormatPDF
	case isWebAnno(head):
		return FormatWebAnno
	case isHTMLStart(head):
		return FormatHTML
	}
	for _, prefix := range []string{"<?xml", "<!DOCTYPE article", "<article", "<pmc-articleset"} {
		if bytes.HasPrefix(head, []byte(prefix)) {
			return FormatJATS
		}
	}
	if bytes.HasPrefix(head, []byte("{")) || bytes.HasPrefix(head, []byte("[")) {
		return FormatS2ORC
	}
	if isMarkdown(raw) {
		return FormatMarkdown
	}
	return FormatText
}

// formatOfName returns the format that the extension of path names, or
// FormatAuto for .txt files and unknown extensions.
func formatOfName(path string) Format {
	switch extension(path) {
	case ".xml", ".nxml":
		return FormatJATS
	case ".json", ".jsonl", ".ndjson":
		return FormatS2ORC
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".md", ".markdown":
		return FormatMarkdown
	case ".pdf":
		return FormatPDF
	case ".tsv":
		return FormatWebAnno
	}
	return FormatAuto
}

// markdownStructureLines is how many lines after a first ATX heading
// isMarkdown looks at for more Markdown structure.
const markdownStructureLines = 20

// Patterns of isMarkdown, matched against one line.
var (
	// mdHeadingLine matches an ATX heading with text.
	mdHeadingLine = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+\S`)

	// mdBlockLine matches a line that starts a Markdown block: an ATX
	// heading, a list item, a block quote, a code fence, a setext heading
	// underline or a table delimiter row.
	mdBlockLine = regexp.MustCompile(`^ {0,3}(?:#{1,6}[ \t]+\S|[-*+][ \t]+\S|[0-9]{1,9}[.)][ \t]+\S|>|` + "```" + `|~~~|(?:=+|-+)[ \t]*$|\|?[ \t]*:?-{3,}:?[ \t]*\|)`)

	// mdInlineMarkup matches a link or image, strong emphasis or a code span.
	mdInlineMarkup = regexp.MustCompile(`!?\[[^\]]+\]\([^()\s]+\)|\*\*[^*\s][^*]*\*\*|__[^_\s][^_]*__|` + "`[^`]+`")
)

// isMarkdown reports whether head, the first bytes of a file, is Markdown
// beyond doubt, because Markdown has no signature. It is when head starts
// with a YAML front matter block (see hasFrontMatter), or when its first
// non-blank line is an ATX heading ("#" to "######", a space and text) and
// one of the markdownStructureLines lines after it starts a block
// (mdBlockLine) or has a link, an image, strong emphasis or a code span.
//
// NOTE: plain text that starts that way, such as notes whose first lines
// are "# " comments, is read as Markdown too.
func isMarkdown(head []byte) bool {
	head = bytes.TrimPrefix(head, utf8BOM)
	if bytes.HasPrefix(head, []byte("---")) {
		return hasFrontMatter(head)
	}
	heading := false
	for lines := 0; len(head) > 0 && lines < markdownStructureLines; {
		var line []byte
		line, head, _ = bytes.Cut(head, []byte("\n"))
		switch {
		case !heading && len(bytes.TrimSpace(line)) == 0:
		case !heading && !mdHeadingLine.Match(line):
			return false
		case !heading:
			heading = true
		case mdBlockLine.Match(line) || mdInlineMarkup.Match(line):
			return true
		default:
			lines++
		}
	}
	return false
}

// hasFrontMatter reports whether head starts with a YAML front matter
// block: a line "---", at least one top-level "key: value" line, and a
// closing line "---" or "...", with only indented lines (nested values),
// comments and blank lines besides. A block whose closing line is past the
// end of head is not found.
func hasFrontMatter(head []byte) bool {
	line, head, _ := bytes.Cut(head, []byte("\n"))
	if string(bytes.TrimRight(line, " \t\r")) != "---" {
		return false
	}
	keys := 0
	for len(head) > 0 {
		line, head, _ = bytes.Cut(head, []byte("\n"))
		line = bytes.TrimRight(line, " \t\r")
		switch {
		case string(line) == "---" || string(line) == "...":
			return keys > 0
		case len(line) == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#':
		case frontMatterLine.Match(line):
			keys++
		default:
			return false
		}
	}
	return false
}
