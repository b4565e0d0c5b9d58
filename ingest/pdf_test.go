package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// makePDF returns a PDF with one page per element of pages, each line of a
// page written in 12-point Helvetica at 14-point line spacing. An empty
// line leaves a gap of three lines, so that pdftotext starts a new block.
// Lines must be ASCII.
func makePDF(pages [][]string) []byte {
	objects := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	font := 3 + 2*len(pages)
	var kids []string
	for i, lines := range pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+2*i))
		var content strings.Builder
		content.WriteString("BT /F1 12 Tf 72 720 Td\n")
		for _, line := range lines {
			if line == "" {
				content.WriteString("0 -42 Td\n")
				continue
			}
			escaped := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(line)
			fmt.Fprintf(&content, "(%s) Tj 0 -14 Td\n", escaped)
		}
		content.WriteString("ET")
		objects = append(objects,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", font, 4+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()))
	}
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages))
	objects = append(objects, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// requirePDFToText skips the test when pdftotext is not installed, except
// under CI=true, where it fails: CI installs poppler-utils.
func requirePDFToText(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath(pdfToTextProgram); err != nil {
		msg := fmt.Sprintf("%s not found on PATH (%v); install poppler-utils to run this test", pdfToTextProgram, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

var pdfSamplePages = [][]string{
	{"Journal of Examples 12 (2099) 1-9", "doi:10.5555/pdf.2099.1.", "", "The LiCoO2 powder was calci-", "ned at 900 C for 12 h.", "", "3"},
	{"Second page text (with brackets)", "continues here."},
}

func TestReadPDF(t *testing.T) {
	requirePDFToText(t)
	dir := t.TempDir()
	pdf := makePDF(pdfSamplePages)
	writeRaw(t, filepath.Join(dir, "paper.pdf"), pdf)
	writeRaw(t, filepath.Join(dir, "paper.pdf.gz"), gzipBytes(t, pdf))
	writeRaw(t, filepath.Join(dir, "noext"), pdf)
	want := []string{
		"Journal of Examples 12 (2099) 1-9 doi:10.5555/pdf.2099.1.",
		"The LiCoO2 powder was calcined at 900 C for 12 h.",
		"Second page text (with brackets) continues here.",
	}
	for _, name := range []string{"paper.pdf", "paper.pdf.gz", "noext"} {
		t.Run(name, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{filepath.Join(dir, name)}, ReadConfig{})
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
			}
			doc := docs[0]
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
			}
			if doc.Format != FormatPDF || doc.ID != "10.5555/pdf.2099.1" || doc.Title != "" {
				t.Errorf("format %q, id %q, title %q; want pdf, the DOI and no title", doc.Format, doc.ID, doc.Title)
			}
		})
	}
}

func TestReadPDFProblems(t *testing.T) {
	requirePDFToText(t)
	dir := t.TempDir()
	writeRaw(t, filepath.Join(dir, "broken.pdf"), []byte("%PDF-1.4\nthis is not a PDF body\n"))
	writeRaw(t, filepath.Join(dir, "notpdf.pdf"), []byte("plain text"))
	big := slices.Repeat([]string{"ten words of text on each line of this big page"}, 20)
	writeRaw(t, filepath.Join(dir, "big.pdf"), makePDF([][]string{big}))
	writeRaw(t, filepath.Join(dir, "blank.pdf"), makePDF([][]string{{}}))
	tests := []struct {
		file   string
		cfg    ReadConfig
		reason string
	}{
		{"broken.pdf", ReadConfig{}, "pdftotext failed: exit status 1: "},
		{"notpdf.pdf", ReadConfig{}, "malformed input: the file extension is for pdf but the content looks like text"},
		{"big.pdf", ReadConfig{MaxRecordBytes: 100}, "input too large: the text of the PDF is larger than 100 bytes"},
		{"big.pdf", ReadConfig{MaxRecordBytes: 1000}, ""},
		{"big.pdf", ReadConfig{MaxFileBytes: 200}, "read: input too large: more than 200 bytes after decompression"},
		{"blank.pdf", ReadConfig{}, "document has no text"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{filepath.Join(dir, tt.file)}, tt.cfg)
			if tt.reason == "" {
				if len(docs) != 1 || len(problems) != 0 {
					t.Errorf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
				}
				return
			}
			if len(docs) != 0 || len(problems) != 1 || !strings.HasPrefix(problems[0].Reason, tt.reason) {
				t.Errorf("%d documents, problems %v; want none and one starting with %q", len(docs), problems, tt.reason)
			}
		})
	}
}

func TestReadPDFWithoutPDFToText(t *testing.T) {
	dir := t.TempDir()
	writeRaw(t, filepath.Join(dir, "a.pdf"), makePDF(pdfSamplePages))
	writeRaw(t, filepath.Join(dir, "b.pdf"), makePDF(pdfSamplePages))
	t.Setenv("PATH", "")

	docs, problems := readAllDocs(t, []string{filepath.Join(dir, "a.pdf"), filepath.Join(dir, "b.pdf")}, ReadConfig{})
	if len(docs) != 0 || len(problems) != 2 {
		t.Fatalf("%d documents, %d problems; want none and one problem per PDF", len(docs), len(problems))
	}
	for _, p := range problems {
		if !strings.Contains(p.Reason, "pdftotext") || !strings.Contains(p.Reason, "install poppler-utils") {
			t.Errorf("problem %q does not name the program and its package", p)
		}
	}
	_, err := pdfToText(bytes.NewReader(nil), ReadConfig{}.withDefaults())
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("pdfToText error = %v, want one wrapping ErrUnsupported", err)
	}
}

// fakePDFToText puts a shell script named pdftotext first on PATH.
func fakePDFToText(t *testing.T, script string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake pdftotext is a shell script")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, pdfToTextProgram), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func TestPDFToTextLimits(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		cfg      ReadConfig
		sentinel error
		want     string
	}{
		{"timeout", "exec sleep 10", ReadConfig{PDFTimeout: 200 * time.Millisecond}, context.DeadlineExceeded,
			"pdftotext timed out after 200ms"},
		{"output cap", "cat >/dev/null; yes page", ReadConfig{MaxRecordBytes: 1000}, ErrTooLarge,
			"input too large: the text of the PDF is larger than 1000 bytes"},
		{"failure with message", "cat >/dev/null; echo 'Syntax Error: bad xref' >&2; echo second >&2; exit 1", ReadConfig{}, nil,
			"pdftotext failed: exit status 1: Syntax Error: bad xref; second"},
		{"invalid UTF-8 and NUL replaced", `cat >/dev/null; printf 'a\377b\000c'`, ReadConfig{}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakePDFToText(t, tt.script)
			cfg := tt.cfg
			cfg.TempDir = t.TempDir()
			text, err := pdfToText(strings.NewReader("%PDF-1.4 fake"), cfg.withDefaults())
			if left, _ := os.ReadDir(cfg.TempDir); len(left) != 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
			if tt.want == "" {
				if err != nil || text != "a\uFFFDbc" {
					t.Errorf("pdfToText = %q, %v; want %q", text, err, "a\uFFFDbc")
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want one starting with %q", err, tt.want)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("error = %v, want one wrapping %v", err, tt.sentinel)
			}
		})
	}
}

func TestParsePDFText(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"only form feeds", "\f\f", nil},
		{"lines joined", "one\ntwo\n", []string{"one two"}},
		{"blank line", "one\n\ntwo", []string{"one", "two"}},
		{"form feed ends paragraph", "one\ftwo\n", []string{"one", "two"}},
		{"hyphenated word", "calci-\nned", []string{"calcined"}},
		{"hyphen before capital kept", "Fe-\nO bonds", []string{"Fe- O bonds"}},
		{"hyphen after digit kept", "pH 7-\nthen", []string{"pH 7- then"}},
		{"dash line kept", "value -\nnext", []string{"value - next"}},
		{"non-ASCII lower case", "électro-\nchimie", []string{"électrochimie"}},
		{"page number dropped", "text\n\n12\n\f", []string{"text"}},
		{"longer number kept", "12345", []string{"12345"}},
		{"CRLF and spaces", "  a  b \r\n c\r\n\r\nd", []string{"a b c", "d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parsePDFText(tt.text)
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPDFDOI(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"doi prefix", "Article. DOI: 10.1039/C4TA04367G.", "10.1039/c4ta04367g"},
		{"resolver URL", "see https://doi.org/10.1016/j.x.2020.01.001)", "10.1016/j.x.2020.01.001"},
		{"bare DOI ignored", "10.1000/182 in text", ""},
		{"none", "no identifier", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pdfDOI(tt.page); got != tt.want {
				t.Errorf("pdfDOI(%q) = %q, want %q", tt.page, got, tt.want)
			}
		})
	}
}

func FuzzPDFText(f *testing.F) {
	for _, seed := range []string{"", "a-\nb\n\n12\n\fc\r\nd", "doi: 10.1000/x.\f", "\f\f\n", "é-\nà", "-\n-"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		doc := parsePDFText(text)
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, text)
		}
		for _, p := range paragraphTexts(doc) {
			if pageNumber.MatchString(p) || strings.ContainsAny(p, "\f\n\r") {
				t.Fatalf("paragraph %q is a page number or keeps a line break", p)
			}
		}
		if doc.DOI != "" && normalizeDOI(doc.DOI) != doc.DOI {
			t.Fatalf("DOI %q is not normalized", doc.DOI)
		}
	})
}

func BenchmarkParsePDFText(b *testing.B) {
	text := strings.Repeat("The LiCoO2 powder was calci-\nned at 900 C for 12 h and\nground again.\n\n", 200) + "\f"
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		parsePDFText(text)
	}
}
