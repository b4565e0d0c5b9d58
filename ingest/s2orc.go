package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/litmine/litmine/datasets"
)

// s2orcRecord is one paper of unarXive or S2ORC, or one arXiv metadata
// record, with the fields the reader uses. Fields whose JSON type differs
// between releases are kept raw.
type s2orcRecord struct {
	// s2orcMetadata holds top-level metadata fields, used when Metadata is
	// nil: arXiv metadata snapshot and S2ORC metadata records have no
	// metadata object. Title and Abstract below take precedence over its
	// fields of the same name.
	s2orcMetadata
	PaperID  json.RawMessage  `json:"paper_id"` // a string, or a number in some S2ORC releases
	Title    string           `json:"title"`
	Metadata *s2orcMetadata   `json:"metadata"`
	Abstract json.RawMessage  `json:"abstract"` // an object, a list of objects or a string
	BodyText []s2orcParagraph `json:"body_text"`
}

// s2orcMetadata holds the arXiv metadata fields of unarXive and the
// metadata fields of S2ORC.
type s2orcMetadata struct {
	ID         string          `json:"id"`       // arXiv id (arXiv metadata)
	ArxivID    string          `json:"arxiv_id"` // arXiv id (S2ORC)
	Title      string          `json:"title"`
	DOI        string          `json:"doi"`
	License    string          `json:"license"`
	Abstract   string          `json:"abstract"`
	Versions   []s2orcVersion  `json:"versions"`
	UpdateDate string          `json:"update_date"`
	Year       json.RawMessage `json:"year"` // a number or a string (S2ORC)
}

type s2orcVersion struct {
	Created string `json:"created"` // such as "Thu, 22 Dec 2022 17:01:56 GMT"
}

// s2orcParagraph is one element of abstract or body_text.
type s2orcParagraph struct {
	Section string `json:"section"`
	Text    string `json:"text"`
}

// readJSONLines reads a file of unarXive or S2ORC records, one JSON object
// per line, and emits a document per record. Blank lines are skipped, and a
// file without a non-blank line is reported as empty. A bad
// line (invalid UTF-8, a NUL byte, invalid JSON, a value that is not an
// object, a line longer than ReadConfig.MaxLineBytes, or no text) is
// reported with its line number and the other lines are kept. A read error,
// such as a truncated gzip stream, ends the file. In a folder walk, a file
// of pretty-printed JSON or of records that are not papers (see
// isPaperRecord) is skipped without a problem.
func readJSONLines(src *source, cfg ReadConfig, s sink) error {
	lines := lineReader{r: src.Reader, max: cfg.MaxLineBytes}
	seen := false // a non-blank line was read
	for {
		line, err := lines.next()
		switch {
		case errors.Is(err, io.EOF):
			if !seen {
				s.problem(src.path, 0, "", ErrEmpty)
			}
			return nil
		case err != nil:
			s.problem(src.path, lines.line, "", fmt.Errorf("read: %w", err))
			return nil
		case lines.tooLong:
			seen = true
			s.problem(src.path, lines.line, "", fmt.Errorf("%w: line is longer than %d bytes; raise --max-line-bytes (ReadConfig.MaxLineBytes) to read it", ErrTooLarge, cfg.MaxLineBytes))
			continue
		}
		if err := checkContent(line, lines.start); err != nil {
			seen = true
			s.problem(src.path, lines.line, "", err)
			continue
		}

		if lines.line == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if !seen && (string(line) == "{" || string(line) == "[") {
			if cfg.root == "" {
				s.problem(src.path, lines.line, "", fmt.Errorf("%w: a JSON value spans several lines; want one object per line", datasets.ErrMalformed))
			}
			return nil
		}
		first := !seen
		seen = true
		if first && cfg.root != "" && !isPaperRecord(line) {
			return nil
		}
		if err := readJSONLine(src.path, lines.line, line, s); err != nil {
			return err
		}
	}
}

// isPaperRecord reports whether line is a JSON object with one of the
// fields of a paper record. A JSON file found in a folder walk whose first
// record is not one holds other data, such as token lists or model output,
// and the walk skips it whole, as it skips a .tsv file that is not WebAnno.
// Named on the command line, such a file is read and each record reported.
func isPaperRecord(line []byte) bool {
	if line[0] == '[' && json.Valid(line) {
		return false // a whole JSON array on one line
	}
	var rec map[string]json.RawMessage
	if json.Unmarshal(line, &rec) != nil {
		return true // a damaged first line is reported as such, not skipped
	}
	for _, field := range []string{"title", "metadata", "abstract", "body_text"} {
		if _, ok := rec[field]; ok {
			return true
		}
	}
	return false
}

// readJSONLine parses line number lineNo and emits its document or reports
// it. The returned error is emit's.
func readJSONLine(path string, lineNo int, line []byte, s sink) error {
	doc, err := parseS2ORC(line)
	if err != nil {
		s.problem(path, lineNo, "", err)
		return nil
	}
	doc.SourcePath = path
	doc.SourceLine = lineNo
	return s.document(doc)
}

// parseS2ORC reads one unarXive or S2ORC record, or an arXiv metadata
// record. The title comes from metadata.title or title. The abstract comes
// from abstract (an object with text, a list of them, or a string), else
// from metadata.abstract. The body comes from body_text, with a KindHeading
// paragraph each time the section changes. In every text, replaceMarkers
// replaces the markers and normalizes white space. Invalid JSON, and a
// record with none of the fields title, metadata, abstract and body_text,
// are errors that wrap datasets.ErrMalformed.
func parseS2ORC(line []byte) (Document, error) {
	var rec s2orcRecord
	if line[0] == '[' {
		return Document{}, fmt.Errorf("%w: the line is a JSON array; want one JSON object per line", datasets.ErrMalformed)
	}
	if err := json.Unmarshal(line, &rec); err != nil {
		return Document{}, fmt.Errorf("%w: invalid JSON record: %v", datasets.ErrMalformed, err)
	}
	if rec.Title == "" && rec.Metadata == nil && rec.Abstract == nil && rec.BodyText == nil {
		return Document{}, fmt.Errorf("%w: record has no title, metadata, abstract or body_text field, so it is not unarXive, S2ORC or arXiv metadata", datasets.ErrMalformed)
	}
	meta := rec.s2orcMetadata
	meta.Title = rec.Title
	if rec.Metadata != nil {
		meta = *rec.Metadata
	}
	abstract, err := s2orcAbstract(rec.Abstract, meta.Abstract)
	if err != nil {
		return Document{}, err
	}

	doc := Document{
		Format:  FormatS2ORC,
		Title:   replaceMarkers(firstNonEmpty(meta.Title, rec.Title)),
		DOI:     normalizeDOI(meta.DOI),
		License: strings.TrimSpace(meta.License),
		Year:    s2orcYear(meta),
		ArxivID: firstNonEmpty(normalizeArxivID(meta.ID), normalizeArxivID(meta.ArxivID), normalizeArxivID(rawString(rec.PaperID))),
	}
	var b docBuilder
	b.add(KindTitle, "", doc.Title)
	var texts []string
	for _, p := range abstract {
		text := replaceMarkers(p.Text)
		b.add(KindAbstract, "", text)
		if text != "" {
			texts = append(texts, text)
		}
	}
	doc.Abstract = strings.Join(texts, paragraphSeparator)
	addS2ORCBody(&b, rec.BodyText)
	doc.Text, doc.Paragraphs = b.text.String(), b.paragraphs
	return doc, nil
}

// addS2ORCBody adds the body paragraphs, with a heading each time the
// section changes to a non-empty one.
func addS2ORCBody(b *docBuilder, body []s2orcParagraph) {
	section := ""
	for _, p := range body {
		if name := replaceMarkers(p.Section); name != section {
			section = name
			b.add(KindHeading, section, section)
		}
		b.add(KindBody, section, replaceMarkers(p.Text))
	}
}

// s2orcAbstract returns the abstract paragraphs of raw, which may be an
// object, a list of objects, a string or null. When raw has no text, the
// abstract is fallback, the abstract of the arXiv metadata.
func s2orcAbstract(raw json.RawMessage, fallback string) ([]s2orcParagraph, error) {
	var paragraphs []s2orcParagraph
	var err error
	switch raw = bytes.TrimSpace(raw); {
	case len(raw) == 0 || string(raw) == "null":
	case raw[0] == '{':
		var p s2orcParagraph
		err = json.Unmarshal(raw, &p)
		paragraphs = []s2orcParagraph{p}
	case raw[0] == '[':
		err = json.Unmarshal(raw, &paragraphs)
	default:
		var text string
		err = json.Unmarshal(raw, &text)
		paragraphs = []s2orcParagraph{{Text: text}}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: invalid abstract: %v", datasets.ErrMalformed, err)
	}
	for _, p := range paragraphs {
		if strings.TrimSpace(p.Text) != "" {
			return paragraphs, nil
		}
	}
	return []s2orcParagraph{{Text: fallback}}, nil
}

// s2orcYear returns the year of the first arXiv version, else of the
// metadata update date, else the S2ORC year, else 0.
func s2orcYear(meta s2orcMetadata) int {
	if len(meta.Versions) > 0 {
		created := strings.TrimSpace(meta.Versions[0].Created)
		if t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 MST", created); err == nil {
			return t.Year()
		}
	}
	if len(meta.UpdateDate) >= 4 {
		if year := parseYear(meta.UpdateDate[:4]); year > 0 {
			return year
		}
	}
	return parseYear(rawString(meta.Year))
}

// rawString returns a JSON string or number as text, and "" for other values.
func rawString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
		return string(raw)
	}
	return ""
}

// markerPattern matches an unarXive marker such as
// "{{formula:61dfc976-7f58-49bc-bc57-8612b6edd0ec}}".
var markerPattern = regexp.MustCompile(`\{\{([a-z]+):[^{}]*\}\}`)

// replaceMarkers returns text with white space normalized and its unarXive
// markers replaced: {{formula:…}} by FormulaPlaceholder and {{cite:…}} by
// CitationPlaceholder. {{figure:…}} and {{table:…}} mark where a float was
// placed, not prose, and are removed, like markers of other kinds.
func replaceMarkers(text string) string {
	var t inlineText
	last := 0
	for _, m := range markerPattern.FindAllStringSubmatchIndex(text, -1) {
		t.writeText(text[last:m[0]])
		switch text[m[2]:m[3]] {
		case "formula":
			t.writeToken(FormulaPlaceholder)
		case "cite":
			t.writeToken(CitationPlaceholder)
		default:
			t.writeBreak()
		}
		last = m[1]
	}
	t.writeText(text[last:])
	return t.String()
}

// lineReader reads lines of at most max bytes and skips the rest of longer
// ones. After next, line is the 1-based number of the line and start its
// byte offset in the file.
type lineReader struct {
	r       *bufio.Reader
	max     int64
	buf     []byte
	line    int
	start   int64
	offset  int64 // bytes consumed so far
	tooLong bool  // the last line was longer than max and buf is empty
}

// next returns the next line without its line break; the slice is reused by
// the next call. It returns io.EOF after the last line.
func (l *lineReader) next() ([]byte, error) {
	l.buf, l.tooLong = l.buf[:0], false
	l.line++
	l.start = l.offset
	for {
		chunk, err := l.r.ReadSlice('\n')
		l.offset += int64(len(chunk))
		if !l.tooLong && int64(len(l.buf)+len(chunk)) > l.max+1 {
			l.buf, l.tooLong = l.buf[:0], true
		}
		if !l.tooLong {
			l.buf = append(l.buf, chunk...)
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && l.offset > l.start:
			return bytes.TrimSuffix(l.buf, []byte("\n")), nil
		case err != nil:
			return nil, err
		}
		return bytes.TrimSuffix(l.buf, []byte("\n")), nil
	}
}
