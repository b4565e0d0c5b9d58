package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	_, err := pdfToLayout(bytes.NewReader(nil), ReadConfig{}.withDefaults())
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("pdfToLayout error = %v, want one wrapping ErrUnsupported", err)
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

// bboxWord is the -bbox-layout line of a word of the fake pdftotext
// scripts.
const bboxWord = `<word xMin="72" yMin="100" xMax="96" yMax="109">page</word>`

func TestPDFToLayoutLimits(t *testing.T) {
	tests := []struct {
		name     string
		script   string
		cfg      ReadConfig
		sentinel error
		want     string
	}{
		{"timeout", "exec sleep 10", ReadConfig{PDFTimeout: 200 * time.Millisecond}, context.DeadlineExceeded,
			"pdftotext timed out after 200ms"},
		{"text cap", "cat >/dev/null; echo '<page><flow><block><line>'; exec yes '" + bboxWord + "'", ReadConfig{MaxRecordBytes: 1000, PDFTimeout: time.Minute}, ErrTooLarge,
			"input too large: the text of the PDF is larger than 1000 bytes"},
		{"output that is not XML", "cat >/dev/null; exec yes page", ReadConfig{MaxRecordBytes: 1000, PDFTimeout: time.Minute}, ErrTooLarge,
			"input too large: the text of the PDF is larger than 1000 bytes"},
		{"failure with message", "cat >/dev/null; echo 'Syntax Error: bad xref' >&2; echo second >&2; exit 1", ReadConfig{}, nil,
			"pdftotext failed: exit status 1: Syntax Error: bad xref; second"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fakePDFToText(t, tt.script)
			cfg := tt.cfg
			cfg.TempDir = t.TempDir()
			start := time.Now()
			_, err := pdfToLayout(strings.NewReader("%PDF-1.4 fake"), cfg.withDefaults())
			if left, _ := os.ReadDir(cfg.TempDir); len(left) != 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want one starting with %q", err, tt.want)
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("error = %v, want one wrapping %v", err, tt.sentinel)
			}
			// pdftotext must end on the closed pipe, long before the timeout.
			if elapsed := time.Since(start); cfg.PDFTimeout >= time.Minute && elapsed > cfg.PDFTimeout/2 {
				t.Errorf("pdfToLayout took %v; pdftotext was not stopped when reading stopped", elapsed)
			}
		})
	}
}

func TestPDFCopyNamedForProcess(t *testing.T) {
	fakePDFToText(t, `cat >/dev/null; basename "$4" >&2; exit 1`)
	tmp := t.TempDir()
	stale := filepath.Join(tmp, fmt.Sprintf("litmine-pdf-%d-1.pdf", math.MaxInt32))
	writeRaw(t, stale, []byte("%PDF-1.4"))

	_, err := pdfToLayout(strings.NewReader("%PDF-1.4 fake"), ReadConfig{TempDir: tmp}.withDefaults())
	name := regexp.MustCompile(fmt.Sprintf(`: litmine-pdf-%d-[0-9]+\.pdf$`, os.Getpid()))
	if err == nil || !name.MatchString(err.Error()) {
		t.Errorf("error = %v, want pdftotext to name a copy matching %s", err, name)
	}
	checkEmptyDir(t, tmp)
}

func TestPDFToLayoutCleansText(t *testing.T) {
	fakePDFToText(t, `cat >/dev/null; printf '<page><flow><block><line><word xMin="1" yMin="2" xMax="3" yMax="4">a\377b\000c &amp;</word></line></block></flow></page>'`)
	pages, err := pdfToLayout(strings.NewReader("%PDF-1.4 fake"), ReadConfig{TempDir: t.TempDir()}.withDefaults())
	if err != nil {
		t.Fatalf("pdfToLayout: %v", err)
	}
	if len(pages) != 1 || len(pages[0].lines) != 1 || pages[0].lines[0].text != "a\uFFFDbc &" {
		t.Errorf("pages = %+v, want one line %q", pages, "a\uFFFDbc &")
	}
}

func TestReadBBoxLayout(t *testing.T) {
	out := `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Title &amp; more</title><meta name="Producer" content="x"/></head>
<body><doc>
  <page width="612.000000" height="792.000000">
    <flow><block xMin="1" yMin="1" xMax="1" yMax="1">
      <line xMin="72" yMin="100" xMax="300" yMax="109">
        <word xMin="72.0" yMin="100.0" xMax="90.5" yMax="109.0">Fe&lt;sub&gt;</word>
        <word xMin="92" yMin="96" xMax="96" yMax="101">2</word>
        <word xMin="98" yMin="100" xMax="300" yMax="109">oxide</word>
      </line>
      <line xMin="72" yMin="112" xMax="80" yMax="121"><word xMin="72" yMin="112" xMax="80" yMax="NaN">x</word><word>  </word></line>
    </block><block>
      <line><word xMin="72" yMin="124" xMax="80" yMax="133">second</word></line>
    </block></flow>
    <flow><block><line><word xMin="320" yMin="100" xMax="400" yMax="109">column</word></line></block></flow>
    <flow><block><line></line></block></flow>
  </page>
  <page width="612" height="792"></page>
  <page width="612" height="792"><flow><block><line><word xMin="72" yMin="100" xMax="80" yMax="109">last</word>
</doc></body></html>`
	pages, err := readBBoxLayout(strings.NewReader(out), DefaultMaxRecordBytes)
	if err != nil {
		t.Fatalf("readBBoxLayout: %v", err)
	}
	want := []pdfPage{
		{lines: []pdfLine{
			{text: "Fe<sub> 2 oxide", box: pdfBox{72, 96, 300, 109}, size: 9, flowStart: true, blockStart: true},
			{text: "x", box: pdfBox{72, 112, 80, 0}, size: 0},
			{text: "second", box: pdfBox{72, 124, 80, 133}, size: 9, blockStart: true},
			{text: "column", box: pdfBox{320, 100, 400, 109}, size: 9, flowStart: true, blockStart: true},
		}},
		{},
		{lines: []pdfLine{{text: "last", box: pdfBox{72, 100, 80, 109}, size: 9, flowStart: true, blockStart: true}}},
	}
	if len(pages) != len(want) {
		t.Fatalf("%d pages, want %d", len(pages), len(want))
	}
	for i := range want {
		if !slices.Equal(pages[i].lines, want[i].lines) {
			t.Errorf("page %d:\n got %+v\nwant %+v", i+1, pages[i].lines, want[i].lines)
		}
	}

	// The text counts as plain text would: 30 bytes of words with 7
	// separators, and 3 form feeds. The white space of the empty word
	// counts too, because it is counted as it is read.
	for _, tt := range []struct {
		max int64
		err error
	}{{41, errOutputFull}, {42, nil}} {
		if _, err := readBBoxLayout(strings.NewReader(out), tt.max); !errors.Is(err, tt.err) {
			t.Errorf("readBBoxLayout with limit %d: error %v, want %v", tt.max, err, tt.err)
		}
	}
}

// layoutLine is a line for the tests of parsePDFLayout. Its text starts at
// x and ends at xMax points, in size-point type, and newFlow starts a flow.
type layoutLine struct {
	x, xMax, size float64
	text          string
	newFlow       bool
}

// Lines of a 300-point text block starting at x = 100, in 9-point type.
func fullLine(text string) layoutLine                 { return layoutLine{100, 400, 9, text, false} }
func shortLine(text string) layoutLine                { return layoutLine{100, 250, 9, text, false} }
func indentedLine(text string) layoutLine             { return layoutLine{115, 400, 9, text, false} }
func inNewFlow(l layoutLine) layoutLine               { l.newFlow = true; return l }
func sizedLine(size float64, l layoutLine) layoutLine { l.size = size; return l }

// layoutPages returns pages of the lines, 12 points apart from the top.
func layoutPages(pages ...[]layoutLine) []pdfPage {
	result := make([]pdfPage, len(pages))
	for p, lines := range pages {
		for i, l := range lines {
			y := 100 + 12*float64(i)
			result[p].lines = append(result[p].lines, pdfLine{text: l.text, box: pdfBox{l.x, y, l.xMax, y + l.size}, size: l.size,
				flowStart: i == 0 || l.newFlow, blockStart: i == 0 || l.newFlow})
		}
	}
	return result
}

func TestParsePDFLayoutParagraphs(t *testing.T) {
	tests := []struct {
		name  string
		pages []pdfPage
		want  []string
	}{
		{"empty", nil, nil},
		{"empty pages", layoutPages(nil, nil), nil},
		{"lines joined", layoutPages([]layoutLine{fullLine("one"), fullLine("two")}), []string{"one two"}},
		{"flow ends paragraph", layoutPages([]layoutLine{fullLine("one"), fullLine("two."), inNewFlow(fullLine("three"))}), []string{"one two.", "three"}},
		{"page ends paragraph", layoutPages([]layoutLine{fullLine("one"), fullLine("two.")}, []layoutLine{fullLine("three")}), []string{"one two.", "three"}},
		{"paragraph runs on across a page", layoutPages([]layoutLine{fullLine("one"), fullLine("two")}, []layoutLine{fullLine("three")}), []string{"one two three"}},
		{"paragraph runs on into the next flow", layoutPages([]layoutLine{fullLine("one"), fullLine("two"), inNewFlow(fullLine("three")), fullLine("four")}), []string{"one two three four"}},
		{"word hyphenated across a page", layoutPages([]layoutLine{fullLine("a"), fullLine("calci-")}, []layoutLine{fullLine("ned")}), []string{"a calcined"}},
		{"capital after a page break", layoutPages([]layoutLine{fullLine("one"), fullLine("two")}, []layoutLine{fullLine("Three")}), []string{"one two", "Three"}},
		{"indent after a page break", layoutPages([]layoutLine{fullLine("one"), fullLine("two")}, []layoutLine{indentedLine("three"), fullLine("four")}), []string{"one two", "three four"}},
		{"size change after a page break", layoutPages([]layoutLine{fullLine("one"), fullLine("two")}, []layoutLine{sizedLine(7, fullLine("three"))}), []string{"one two", "three"}},
		{"one-line flow does not run on", layoutPages([]layoutLine{fullLine("one")}, []layoutLine{fullLine("two")}), []string{"one", "two"}},
		{"hyphenated word", layoutPages([]layoutLine{fullLine("calci-"), fullLine("ned")}), []string{"calcined"}},
		{"hyphen before capital kept", layoutPages([]layoutLine{fullLine("Fe-"), fullLine("O bonds")}), []string{"Fe- O bonds"}},
		{"hyphen after digit kept", layoutPages([]layoutLine{fullLine("pH 7-"), fullLine("then")}), []string{"pH 7- then"}},
		{"non-ASCII lower case", layoutPages([]layoutLine{fullLine("électro-"), fullLine("chimie")}), []string{"électrochimie"}},
		{"page number dropped", layoutPages([]layoutLine{fullLine("text"), inNewFlow(fullLine("12"))}), []string{"text"}},
		{"longer number kept", layoutPages([]layoutLine{fullLine("12345")}), []string{"12345"}},
		{"short line ending a sentence", layoutPages([]layoutLine{fullLine("a b"), shortLine("c."), fullLine("d")}), []string{"a b c.", "d"}},
		{"short line after closing bracket", layoutPages([]layoutLine{fullLine("a"), shortLine("(see b.)"), fullLine("d")}), []string{"a (see b.)", "d"}},
		{"full line ending a sentence", layoutPages([]layoutLine{fullLine("a b."), fullLine("c")}), []string{"a b. c"}},
		{"short line without punctuation", layoutPages([]layoutLine{fullLine("a"), shortLine("b"), fullLine("c")}), []string{"a b c"}},
		{"indented line", layoutPages([]layoutLine{fullLine("a"), fullLine("b"), indentedLine("c"), fullLine("d")}), []string{"a b", "c d"}},
		{"indented last line", layoutPages([]layoutLine{fullLine("a"), indentedLine("b")}), []string{"a", "b"}},
		{"hanging indent", layoutPages([]layoutLine{fullLine("a"), indentedLine("b"), indentedLine("c"), fullLine("d")}), []string{"a b c d"}},
		{"too small an indent", layoutPages([]layoutLine{fullLine("a"), {104, 400, 9, "b", false}, fullLine("c")}), []string{"a b c"}},
		{"centered lines", layoutPages([]layoutLine{{150, 350, 9, "a", false}, {175, 325, 9, "b", false}, fullLine("c"), fullLine("d")}), []string{"a b c d"}},
		{"size change", layoutPages([]layoutLine{sizedLine(14, fullLine("Big")), fullLine("small"), sizedLine(8.5, fullLine("close"))}), []string{"Big", "small close"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parsePDFLayout(tt.pages)
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs = %q, want %q", got, tt.want)
			}
		})
	}
}

// bodyText is a line long enough to set the body size of a test document.
const bodyText = "The powders were calcined at 600 C for 10 h under argon."

func TestParsePDFLayoutStructure(t *testing.T) {
	tests := []struct {
		name     string
		pages    []pdfPage
		title    string
		abstract string
		want     []wantParagraph
	}{
		{"numbered headings", layoutPages([]layoutLine{shortLine("1. Introduction"), fullLine("a"), shortLine("2 Experimental"), shortLine("2.1. Synthesis of LiFePO4"), fullLine("b")}), "", "",
			[]wantParagraph{{KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "a"}, {KindHeading, "Experimental", "Experimental"},
				{KindHeading, "Synthesis of LiFePO4", "Synthesis of LiFePO4"}, {KindBody, "Synthesis of LiFePO4", "b"}}},
		{"Roman and letter numbers", layoutPages([]layoutLine{shortLine("I. INTRODUCTION"), fullLine("a"), shortLine("II. EXPERIMENTAL"), shortLine("A. Synthesis"), fullLine("b")}), "", "",
			[]wantParagraph{{KindHeading, "INTRODUCTION", "INTRODUCTION"}, {KindBody, "INTRODUCTION", "a"}, {KindHeading, "EXPERIMENTAL", "EXPERIMENTAL"},
				{KindHeading, "Synthesis", "Synthesis"}, {KindBody, "Synthesis", "b"}}},
		{"known headings", layoutPages([]layoutLine{fullLine("a"), shortLine("Results and discussion"), fullLine("b"), shortLine("Acknowledgements:"), fullLine("c")}), "", "",
			[]wantParagraph{{KindBody, "", "a"}, {KindHeading, "Results and discussion", "Results and discussion"}, {KindBody, "Results and discussion", "b"},
				{KindHeading, "Acknowledgements", "Acknowledgements"}, {KindBody, "Acknowledgements", "c"}}},
		{"not headings", layoutPages([]layoutLine{shortLine("1 Introduction"), fullLine("1 M LiPF6 in EC and DMC was the electrolyte of"), shortLine("5 Samples"),
			shortLine("2 Heated, then cooled"), shortLine("2 Results of the run."), fullLine("a"), shortLine("2 LiFePO4 600 160")}), "", "",
			[]wantParagraph{{KindHeading, "Introduction", "Introduction"},
				{KindBody, "Introduction", "1 M LiPF6 in EC and DMC was the electrolyte of 5 Samples 2 Heated, then cooled 2 Results of the run."},
				{KindBody, "Introduction", "a 2 LiFePO4 600 160"}}},
		{"heading at full width is text", layoutPages([]layoutLine{fullLine("a"), fullLine("Results"), fullLine("b")}), "", "",
			[]wantParagraph{{KindBody, "", "a Results b"}}},
		{"heading alone in its flow", layoutPages([]layoutLine{fullLine("a"), inNewFlow(fullLine("2 Methods")), inNewFlow(fullLine("b"))}), "", "",
			[]wantParagraph{{KindBody, "", "a"}, {KindHeading, "Methods", "Methods"}, {KindBody, "Methods", "b"}}},
		{"references dropped", layoutPages([]layoutLine{shortLine("1 Introduction"), fullLine("a")}, []layoutLine{shortLine("References"), fullLine("[1] A. B. Author, J. X. 1 (2000) 1."), shortLine("Appendix A"), fullLine("b")}), "", "",
			[]wantParagraph{{KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "a"}}},
		{"numbered references dropped", layoutPages([]layoutLine{shortLine("1. Introduction"), fullLine("a"), shortLine("2. Bibliography"), fullLine("b")}), "", "",
			[]wantParagraph{{KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "a"}}},
		{"references before any text kept", layoutPages([]layoutLine{shortLine("References"), fullLine("a")}), "", "",
			[]wantParagraph{{KindHeading, "References", "References"}, {KindBody, "References", "a"}}},
		{"abstract heading", layoutPages([]layoutLine{shortLine("Abstract"), fullLine("a"), shortLine("b."), fullLine("c"), shortLine("1 Introduction"), fullLine("d")}), "", "a b.\n\nc",
			[]wantParagraph{{KindAbstract, "", "a b."}, {KindAbstract, "", "c"}, {KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "d"}}},
		{"letter-spaced abstract heading", layoutPages([]layoutLine{shortLine("A B S T R A C T"), fullLine("Text a."), inNewFlow(fullLine("Body b."))}), "", "Text a.",
			[]wantParagraph{{KindAbstract, "", "Text a."}, {KindBody, "", "Body b."}}},
		{"abstract in a flow of its own", layoutPages([]layoutLine{inNewFlow(shortLine("Abstract")), inNewFlow(fullLine("Text a.")), inNewFlow(fullLine("Body b."))}), "", "Text a.",
			[]wantParagraph{{KindAbstract, "", "Text a."}, {KindBody, "", "Body b."}}},
		{"abstract label", layoutPages([]layoutLine{shortLine("Abstract: LiFePO4 was made."), inNewFlow(shortLine("Keywords: LiFePO4; sol-gel")), inNewFlow(fullLine("Body b."))}), "", "LiFePO4 was made.",
			[]wantParagraph{{KindAbstract, "", "LiFePO4 was made."}, {KindBody, "", "Body b."}}},
		{"abstract after a heading is text", layoutPages([]layoutLine{shortLine("1 Introduction"), fullLine("Abstract ideas are"), shortLine("2 Methods")}), "", "",
			[]wantParagraph{{KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "Abstract ideas are"}, {KindHeading, "Methods", "Methods"}}},
		{"title before authors", layoutPages([]layoutLine{fullLine("Journal of Things"), sizedLine(15, shortLine("Sol-gel LiFePO4")), sizedLine(15, shortLine("at low temperature")),
			sizedLine(11, shortLine("A. Lopez1, J.-P. van Kim2,* and W. Zhang")), shortLine("Example University"), shortLine("Abstract"), fullLine("a"), shortLine("1 Introduction"), fullLine("b")}),
			"Sol-gel LiFePO4 at low temperature", "a",
			[]wantParagraph{{KindTitle, "", "Sol-gel LiFePO4 at low temperature"}, {KindAbstract, "", "a"}, {KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "b"}}},
		{"title without abstract keeps the authors", layoutPages([]layoutLine{sizedLine(15, shortLine("Sol-gel LiFePO4")), sizedLine(11, shortLine("Ana Lopez")), fullLine(bodyText)}),
			"Sol-gel LiFePO4", "",
			[]wantParagraph{{KindTitle, "", "Sol-gel LiFePO4"}, {KindBody, "", "Ana Lopez"}, {KindBody, "", bodyText}}},
		{"no title without authors", layoutPages([]layoutLine{sizedLine(15, shortLine("Sol-gel LiFePO4")), sizedLine(11, shortLine("Department of Materials")), fullLine(bodyText)}),
			"", "",
			[]wantParagraph{{KindBody, "", "Sol-gel LiFePO4"}, {KindBody, "", "Department of Materials"}, {KindBody, "", bodyText}}},
		{"no title in body size", layoutPages([]layoutLine{shortLine("Sol-gel LiFePO4"), inNewFlow(shortLine("Ana Lopez")), inNewFlow(fullLine(bodyText))}),
			"", "",
			[]wantParagraph{{KindBody, "", "Sol-gel LiFePO4"}, {KindBody, "", "Ana Lopez"}, {KindBody, "", bodyText}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parsePDFLayout(tt.pages)
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if doc.Abstract != tt.abstract {
				t.Errorf("abstract = %q, want %q", doc.Abstract, tt.abstract)
			}
			if got := paragraphsOf(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDropRunningLines(t *testing.T) {
	numbers := []string{"zero", "one", "two", "three"}
	page := func(n int) []layoutLine {
		return []layoutLine{inNewFlow(shortLine(fmt.Sprintf("J. Examples 12 (2024) %d-%d", 100+n, 110+n))),
			inNewFlow(fullLine("Page " + numbers[n] + " starts here.")), fullLine("Its text goes on"), fullLine("and on"), fullLine("and ends on page " + numbers[n] + "."), inNewFlow(shortLine(fmt.Sprint(n)))}
	}
	body := func(n int) string {
		return "Page " + numbers[n] + " starts here. Its text goes on and on and ends on page " + numbers[n] + "."
	}
	tests := []struct {
		name  string
		pages []pdfPage
		want  []string
	}{
		{"three pages", layoutPages(page(1), page(2), page(3)), []string{body(1), body(2), body(3)}},
		{"two pages", layoutPages(page(1), page(2)), []string{"J. Examples 12 (2024) 101-111", body(1), "J. Examples 12 (2024) 102-112", body(2)}},
		{"page number in the text block", layoutPages([]layoutLine{fullLine("Text goes"), fullLine("on and ends."), shortLine("7")}), []string{"Text goes on and ends."}},
		{"repeated line in the middle of pages", layoutPages(
			[]layoutLine{fullLine("A."), fullLine("B."), inNewFlow(shortLine("Same line")), inNewFlow(fullLine("C.")), fullLine("D.")},
			[]layoutLine{fullLine("A2."), fullLine("B2."), inNewFlow(shortLine("Same line")), inNewFlow(fullLine("C2.")), fullLine("D2.")},
			[]layoutLine{fullLine("A3."), fullLine("B3."), inNewFlow(shortLine("Same line")), inNewFlow(fullLine("C3.")), fullLine("D3.")}),
			[]string{"A. B.", "Same line", "C. D.", "A2. B2.", "Same line", "C2. D2.", "A3. B3.", "Same line", "C3. D3."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parsePDFLayout(tt.pages)
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tt.want)
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

func TestIsAuthorLine(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Ana Lopez, Jae Kim and Wei Zhang", true},
		{"A. K. Padhi1,*, J.-P. van der Berg2 & Sean O'Neil3", true},
		{"Ana Lopez a, b, Jae Kim a, *", true},
		{"Mary McDonald", true},
		{"Ana", false},
		{"Department of Materials, Example University", false},
		{"LiFePO4 Cathodes", false},
		{"March 3, 2024", false},
		{"Received 1 May 2024; accepted 2 June 2024", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := isAuthorLine(tt.text); got != tt.want {
				t.Errorf("isAuthorLine(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// pdfFuzzSeeds are -bbox-layout outputs for FuzzPDFText.
var pdfFuzzSeeds = []string{
	"",
	`<page><flow><block><line><word xMin="1" yMin="1" xMax="9" yMax="9">a-</word></line><line><word>b</word></line></block></flow></page>`,
	`<page><flow><block><line><word xMin="100" xMax="150" yMin="0" yMax="15">Title</word></line></block><block><line><word xMin="100" xMax="120" yMin="20" yMax="29">Ana</word><word xMin="122" xMax="150" yMin="20" yMax="29">Lopez</word></line></block></flow></page>`,
	`<page><line><word yMax="1e308">1.</word><word>Introduction</word></line><line><word xMin="-Inf">Abstract:</word><word>A</word></line></page><page/><page><line><word>References</word></line></page>`,
	`<word>doi:10.1000/x.</word><page><word>12</word></page>`,
}

func FuzzPDFText(f *testing.F) {
	for _, seed := range pdfFuzzSeeds {
		f.Add([]byte(seed))
	}
	if data, err := os.ReadFile(filepath.Join("testdata", "pdf", "article.xhtml")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := readBBoxLayout(bytes.NewReader(data), 1<<20)
		if err != nil {
			if !errors.Is(err, errOutputFull) {
				t.Fatalf("readBBoxLayout error %v does not wrap errOutputFull", err)
			}
			return
		}
		doc := parsePDFLayout(pages)
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, data)
		}
		for _, p := range paragraphTexts(doc) {
			if pageNumber.MatchString(p) || strings.ContainsAny(p, "\f\n\r") {
				t.Fatalf("paragraph %q is a page number or keeps a line break", p)
			}
		}
		if doc.Title != "" && paragraphTexts(doc)[0] != doc.Title {
			t.Fatalf("first paragraph %q is not the title %q", paragraphTexts(doc)[0], doc.Title)
		}
		if got := abstractOf(doc); got != doc.Abstract {
			t.Fatalf("abstract %q is not the abstract paragraphs %q", doc.Abstract, got)
		}
		if doc.DOI != "" && normalizeDOI(doc.DOI) != doc.DOI {
			t.Fatalf("DOI %q is not normalized", doc.DOI)
		}
	})
}

func BenchmarkParsePDFLayout(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", "article.xhtml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		pages, err := readBBoxLayout(bytes.NewReader(data), DefaultMaxRecordBytes)
		if err != nil {
			b.Fatal(err)
		}
		parsePDFLayout(pages)
	}
}
