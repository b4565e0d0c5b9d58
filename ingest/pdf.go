package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrUnsupported is wrapped when reading an input needs something that is
// missing: a program that is not installed, such as pdftotext for PDF
// files, or a reader for the version of the format, such as WebAnno TSV 2.
var ErrUnsupported = errors.New("unsupported input")

// pdfToTextProgram extracts the text of PDF files. It is part of poppler;
// Debian and Ubuntu install it with the package poppler-utils.
const pdfToTextProgram = "pdftotext"

// DefaultPDFTimeout is the time that pdftotext may take for one PDF when
// ReadConfig.PDFTimeout is zero.
const DefaultPDFTimeout = 2 * time.Minute

// maxStderrBytes caps the error output of pdftotext kept for a Problem.
const maxStderrBytes = 4096

// pdfMagic starts every PDF file.
var pdfMagic = []byte("%PDF-")

// readPDF extracts the text of a PDF file with pdftotext and emits it as a
// document (see parsePDFText). A missing pdftotext program, a failure or a
// timeout of pdftotext, and output larger than ReadConfig.MaxRecordBytes
// are reported as a Problem.
func readPDF(src *source, cfg ReadConfig, s sink) error {
	text, err := pdfToText(src, cfg)
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc := parsePDFText(text)
	doc.SourcePath = src.path
	return s.document(doc)
}

// pdfToText copies the PDF from r to a temporary file in
// ReadConfig.TempDir and runs "pdftotext -enc UTF-8 FILE -" on it. The copy
// lets a gzip-compressed PDF or an archive member be read, and it keeps
// memory low: pdftotext 22.12 held a 50 MB PDF read from standard input in
// memory (74 MB resident against 10 MB for the file). The run is stopped
// after ReadConfig.PDFTimeout, and the file is removed after it.
//
// The text has a form feed after each page. Invalid UTF-8 in it, which
// pdftotext with -enc UTF-8 does not write, is replaced by U+FFFD, and NUL
// bytes are removed. The error wraps ErrUnsupported when pdftotext is not
// on PATH, ErrTooLarge when the PDF or the text is past a ReadConfig limit,
// and context.DeadlineExceeded on a timeout.
func pdfToText(r io.Reader, cfg ReadConfig) (string, error) {
	program, err := exec.LookPath(pdfToTextProgram)
	if err != nil {
		return "", fmt.Errorf("%w: reading PDF files needs the %s program, which is not on PATH; install poppler-utils (apt-get install poppler-utils on Debian and Ubuntu)",
			ErrUnsupported, pdfToTextProgram)
	}
	path, err := copyToTemp(r, cfg.TempDir)
	if err != nil {
		return "", err
	}
	defer os.Remove(path)

	timeout := cfg.PDFTimeout
	if timeout <= 0 {
		timeout = DefaultPDFTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	stdout := &cappedBuffer{max: cfg.MaxRecordBytes}
	stderr := &cappedBuffer{max: maxStderrBytes, truncate: true}
	cmd := exec.CommandContext(ctx, program, "-enc", "UTF-8", path, "-")
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()

	switch {
	case stdout.full:
		return "", fmt.Errorf("%w: the text of the PDF is larger than %d bytes; raise --max-record-bytes (ReadConfig.MaxRecordBytes) to read it", ErrTooLarge, cfg.MaxRecordBytes)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return "", fmt.Errorf("%s timed out after %v: %w; raise --pdf-timeout (ReadConfig.PDFTimeout) to read this file", pdfToTextProgram, timeout, ctx.Err())
	case runErr != nil:
		return "", fmt.Errorf("%s failed: %v: %s", pdfToTextProgram, runErr, stderrSummary(stderr.buf.Bytes()))
	}
	text := strings.ToValidUTF8(stdout.buf.String(), "\uFFFD")
	return strings.ReplaceAll(text, "\x00", ""), nil
}

// copyToTemp copies r to a new file in dir, or in os.TempDir() when dir is
// empty, and returns its path. On an error it removes the file.
func copyToTemp(r io.Reader, dir string) (string, error) {
	f, err := os.CreateTemp(dir, "litmine-*.pdf")
	if err != nil {
		return "", fmt.Errorf("create a temporary file for pdftotext: %w", err)
	}
	_, copyErr := io.Copy(f, r)
	closeErr := f.Close()
	switch {
	case copyErr != nil:
		os.Remove(f.Name())
		return "", fmt.Errorf("read: %w", copyErr)
	case closeErr != nil:
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", f.Name(), closeErr)
	}
	return f.Name(), nil
}

// stderrSummary returns the non-blank lines of a program's error output
// joined by "; ", or "no error output".
func stderrSummary(b []byte) string {
	var lines []string
	for _, line := range strings.Split(strings.ToValidUTF8(string(b), "\uFFFD"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return "no error output"
	}
	return strings.Join(lines, "; ")
}

// cappedBuffer keeps at most max bytes. Past max, Write fails and sets
// full, unless truncate is set: then it drops the rest silently.
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int64
	truncate bool
	full     bool
}

// errOutputFull is returned by cappedBuffer.Write past its limit.
var errOutputFull = errors.New("output limit reached")

func (c *cappedBuffer) Write(p []byte) (int, error) {
	room := c.max - int64(c.buf.Len())
	if int64(len(p)) <= room {
		return c.buf.Write(p)
	}
	c.buf.Write(p[:max(room, 0)])
	if c.truncate {
		return len(p), nil
	}
	c.full = true
	return int(max(room, 0)), errOutputFull
}

// parsePDFText builds a document from the output of pdftotext. Paragraphs
// end at blank lines and at form feeds, which end pages. The lines of a
// paragraph are joined with a space. A word hyphenated across lines is
// joined without the hyphen: a line that ends in "-" after a lower-case
// letter, before a line that starts with a lower-case letter ("calci-" and
// "ned" give "calcined"). pdftotext already does this inside its text
// blocks, and this catches the rest. White space runs become one space. A paragraph that is
// only a number of up to four digits is a page number and is left out.
//
// All paragraphs are KindBody and the title is left empty, because the
// first lines of a PDF are as often a journal name, a running head or an
// arXiv stamp as the title. The DOI is the first one on the first page written with a
// "doi:" prefix or as a doi.org URL, as publishers print the article's own
// DOI there.
func parsePDFText(text string) Document {
	doc := Document{Format: FormatPDF}
	var b docBuilder
	for i, page := range strings.Split(text, "\f") {
		if i == 0 {
			doc.DOI = pdfDOI(page)
		}
		var lines []string
		for _, line := range splitLines(page) {
			if line = strings.TrimSpace(line); line != "" {
				lines = append(lines, line)
				continue
			}
			addPDFParagraph(&b, lines)
			lines = lines[:0]
		}
		addPDFParagraph(&b, lines)
	}
	doc.Text, doc.Paragraphs = b.text.String(), b.paragraphs
	return doc
}

// splitLines splits s at "\n", "\r\n" and "\r".
func splitLines(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
}

// pageNumber matches a paragraph that is only a page number.
var pageNumber = regexp.MustCompile(`^[0-9]{1,4}$`)

// addPDFParagraph joins lines into one paragraph and adds it to b.
func addPDFParagraph(b *docBuilder, lines []string) {
	if len(lines) == 0 {
		return
	}
	var joined []byte
	for i, line := range lines {
		switch {
		case i == 0:
		case isHyphenBreak(lines[i-1], line):
			joined = joined[:len(joined)-1]
		default:
			joined = append(joined, ' ')
		}
		joined = append(joined, line...)
	}
	text := normalizeSpace(string(joined))
	if pageNumber.MatchString(text) {
		return
	}
	b.add(KindBody, "", text)
}

// isHyphenBreak reports whether a word is hyphenated across the end of
// line and the start of next: line ends in "-" after a lower-case letter
// and next starts with a lower-case letter.
func isHyphenBreak(line, next string) bool {
	if !strings.HasSuffix(line, "-") {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(line[:len(line)-1])
	after, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(before) && unicode.IsLower(after)
}

// pdfDOIPattern matches a DOI written with a "doi:" prefix or as a doi.org
// URL, with the DOI as the first group.
var pdfDOIPattern = regexp.MustCompile(`(?i)(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)(10\.[0-9]{4,9}/[^\s"<>]+)`)

// pdfDOI returns the first DOI in page that pdfDOIPattern matches, without
// trailing punctuation, normalized, or "" when there is none.
func pdfDOI(page string) string {
	for _, m := range pdfDOIPattern.FindAllStringSubmatch(page, -1) {
		if doi := normalizeDOI(strings.TrimRight(m[1], ".,;:)]}")); doi != "" {
			return doi
		}
	}
	return ""
}
