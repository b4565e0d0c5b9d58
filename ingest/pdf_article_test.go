package ingest

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// articleSpacing sets the vertical space of a test article, in points.
type articleSpacing struct {
	lead          float64 // between the lines of body text
	beforeSection float64 // above a section heading, beyond lead
	afterSection  float64 // below a section heading, beyond lead
}

// Spacings of the test article: LaTeX's article class (\section has 3.5ex
// above and 2.3ex below), the same without any space around headings, and
// a double-spaced manuscript.
var (
	latexSpacing  = articleSpacing{lead: 12, beforeSection: 12, afterSection: 8}
	noGapSpacing  = articleSpacing{lead: 12}
	doubleSpacing = articleSpacing{lead: 24, beforeSection: 12, afterSection: 0}
)

// articleSections are the sections of the test article: a heading, as
// numbered in the PDF, and its paragraphs. A heading with a period in its
// number, such as "2.1", is a subsection.
var articleSections = []struct {
	heading    string
	section    string // the heading as parsePDFLayout returns it; "" for the references, which it leaves out
	paragraphs []string
}{
	{"1 Introduction", "Introduction", []string{
		"Olivine LiFePO4 is a safe and cheap cathode for lithium-ion batteries. Its low electronic conductivity limits the rate capability, so most routes coat the particles with carbon. Solid-state routes need long milling and high temperatures, and the particles they give grow large.",
		"Sol-gel routes mix the precursors at the molecular level. They give small particles at lower temperatures, and the organic gel leaves a carbon coating behind when it is calcined in an inert gas.",
		"Citric acid is a common chelating agent for such routes. It binds iron and lithium in the solution, it keeps iron in the divalent state during calcination, and it is cheap and safe to handle in large amounts.",
		"In this work we report a citric-acid route that gives phase-pure LiFePO4/C at 600 C, and we compare it with calcination at 700 C. We relate the capacity at high rates to the particle size and to the carbon content of the composites.",
	}},
	{"2 Experimental", "Experimental", nil},
	{"2.1 Synthesis", "Synthesis", []string{
		"Fe(NO3)3.9H2O, LiH2PO4 and citric acid were dissolved in deionised water in a molar ratio of 1:1:2. The solution was stirred at 80 C until a gel formed. The gel was dried at 120 C overnight and ground in an agate mortar.",
		"The dried gel was calcined at 600 C or 700 C for 10 h under flowing argon. The heating rate was 5 C/min. The furnace was cooled to room temperature naturally and the powder was stored in a glove box filled with argon.",
	}},
	{"2.2 Characterisation", "Characterisation", []string{
		"X-ray diffraction patterns were recorded with Cu K-alpha radiation from 10 to 80 degrees. The carbon content was measured by combustion analysis. Electrodes were cast from a slurry of 80 wt% active material, 10 wt% carbon black and 10 wt% binder in NMP, and coin cells were assembled with lithium foil as the counter electrode.",
	}},
	{"2.3 Electrochemical tests", "Electrochemical tests", []string{
		"Coin cells were cycled between 2.5 and 4.2 V at rates from 0.1C to 5C, where 1C is 170 mA/g. Impedance spectra were recorded from 100 kHz to 10 mHz with an amplitude of 5 mV after the third cycle.",
	}},
	{"3 Results and discussion", "Results and discussion", nil},
	{"3.1 Structure and morphology", "Structure and morphology", []string{
		"All diffraction peaks index to orthorhombic LiFePO4 with the space group Pnma. No impurity phase was found in either sample. The carbon content was 2.1 wt% for the sample calcined at 600 C and 1.4 wt% for the sample calcined at 700 C, because more of the carbon burns off at the higher temperature.",
		"The particles of the sample calcined at 600 C are 100 to 200 nm across and covered by a thin carbon layer, about 3 nm thick. Calcination at 700 C gave particles of 300 to 500 nm, and some of them had grown together into aggregates of several micrometres.",
		"The lattice parameters of both samples agree with those reported for stoichiometric LiFePO4 within 0.1%, so the lower temperature does not leave iron on the lithium sites in measurable amounts.",
	}},
	{"3.2 Electrochemical performance", "Electrochemical performance", []string{
		"The first discharge capacity of the sample calcined at 600 C was 160 mAh/g at 0.1C, close to the theoretical value of 170 mAh/g. At 5C the capacity was still 110 mAh/g, and 95% of it was kept after 200 cycles at 1C.",
		"The sample calcined at 700 C delivered a lower capacity at every rate. The lower carbon content at 700 C also lowers the conductivity of the composite, and the larger particles lengthen the diffusion paths of lithium, which together explain most of the loss at high rates.",
		"The impedance spectra show a smaller charge-transfer resistance for the sample calcined at 600 C, 45 ohm against 120 ohm, in line with its better rate capability.",
		"Both samples were stable in air for a month. Their diffraction patterns did not change, and the capacity of cells made after a month was within 2% of that of fresh cells.",
	}},
	{"3.3 Comparison with other routes", "Comparison with other routes", []string{
		"Solid-state routes reach similar capacities only after calcination at 700 C or more and after long ball milling of the precursors. Hydrothermal routes work at lower temperatures but need autoclaves and a separate carbon coating step, which adds to their cost.",
		"The sol-gel route of this work combines the coating and the synthesis in one step. Its yield was 98% of the theoretical amount, and batches of 50 g gave the same capacity as batches of 2 g, so the route can be scaled up without changes.",
	}},
	{"4 Conclusions", "Conclusions", []string{
		"A citric-acid sol-gel route gives phase-pure LiFePO4/C at 600 C with a good rate capability. Higher calcination temperatures coarsen the particles and burn off carbon, so they should be avoided.",
		"The route needs no milling and no reducing gas, and the gel can be dried in air. It should carry over to other olivine phosphates such as LiMnPO4 and LiCoPO4, whose conductivity is even lower than that of LiFePO4, and we are now testing it on them.",
	}},
	{"Acknowledgements", "Acknowledgements", []string{
		"We thank the technicians of the electron microscopy centre for their help.",
	}},
	{"References", "", []string{
		"[1] A. K. Padhi, K. S. Nanjundaswamy and J. B. Goodenough, J. Electrochem. Soc. 144 (1997) 1188-1194.",
		"[2] H. Huang, S.-C. Yin and L. F. Nazar, Electrochem. Solid-State Lett. 4 (2001) A170-A172.",
		"[3] J. Smith and A. Jones, J. Mater. Chem. A 5 (2017) 123-130.",
		"[4] Z. Chen and J. R. Dahn, J. Electrochem. Soc. 149 (2002) A1184-A1189.",
	}},
}

const articleAbstract = "LiFePO4/C composites were prepared by a citric-acid sol-gel route and calcined at 600 C under argon. The powders were characterised by X-ray diffraction and electron microscopy. The best sample delivered 160 mAh/g at 0.1C and kept 95% of its capacity after 200 cycles."

// articlePDF typesets the test article and returns it with its number of
// pages. Every page has a running header with the journal name and the
// page number, and a page number at the foot. The first page starts with a
// two-line title in 17-point type, authors, affiliation, date and DOI, and
// an abstract in 9-point type set in from both sides. Numbered sections
// follow, whose paragraphs after the first are indented by 15 points
// without space between them, then acknowledgements and references.
func articlePDF(s articleSpacing) (pdf []byte, pages int) {
	t := newTypesetter(func(page int) []typesetLine {
		number := fmt.Sprint(100 + page)
		return []typesetLine{
			{x: 133.5, y: 712, size: 8, font: "I", text: "Journal of Example Materials 12 (2024) 101-112"},
			{x: 478.5 - textWidth("R", 8, number), y: 712, size: 8, font: "R", text: number},
			{x: 306 - textWidth("R", 10, fmt.Sprint(page))/2, y: 60, size: 10, font: "R", text: fmt.Sprint(page)},
		}
	})
	t.centered("R", 17, 20, "Low-temperature sol-gel synthesis of")
	t.centered("R", 17, 28, "LiFePO4/C cathode materials")
	t.centered("R", 12, 14, "Ana Lopez, Jae Kim and Wei Zhang")
	t.centered("I", 10, 12, "Department of Materials, Example University, Springfield, USA")
	t.centered("R", 10, 20, "https://doi.org/10.5555/JEM.2024.0101")
	t.centered("R", 12, 28, "March 3, 2024")
	t.centered("B", 9, 14, "Abstract")
	t.paragraph("R", 9, 11, 0, 21.6, articleAbstract)
	for _, sec := range articleSections {
		size, after := 12.0, s.afterSection
		if strings.Contains(sec.heading, ".") {
			size, after = 10, after/2
		}
		t.skip(s.beforeSection)
		t.flushLeft("B", size, s.lead+after, sec.heading)
		for i, p := range sec.paragraphs {
			indent, lead := 15.0, s.lead
			if i == 0 {
				indent = 0
			}
			if sec.heading == "References" {
				indent, lead = 0, 11
			}
			t.paragraph("R", 10, lead, indent, 0, p)
		}
	}
	return t.pdf(), len(t.pages)
}

// wantArticle returns the paragraphs that parsePDFLayout should find in the
// test article: the title, the abstract, and the headings and paragraphs of
// its sections up to the references. The running header and footer, the
// authors, affiliation, date and DOI line and the references are left out.
func wantArticle() []wantParagraph {
	want := []wantParagraph{
		{KindTitle, "", "Low-temperature sol-gel synthesis of LiFePO4/C cathode materials"},
		{KindAbstract, "", articleAbstract},
	}
	for _, sec := range articleSections {
		if sec.section == "" {
			break
		}
		want = append(want, wantParagraph{KindHeading, sec.section, sec.section})
		for _, p := range sec.paragraphs {
			want = append(want, wantParagraph{KindBody, sec.section, p})
		}
	}
	return want
}

// articleFurniture is text of the test article that no paragraph may hold.
var articleFurniture = []string{"Journal of Example", "Ana Lopez", "Department", "March 3", "doi.org", "Padhi", "Nazar", "References"}

// checkArticle checks the document read from the test article.
func checkArticle(t *testing.T, doc Document) {
	t.Helper()
	if err := checkDocument(doc); err != nil {
		t.Error(err)
	}
	if got := paragraphsOf(doc); !slices.Equal(got, wantArticle()) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, wantArticle())
	}
	if want := "Low-temperature sol-gel synthesis of LiFePO4/C cathode materials"; doc.Title != want {
		t.Errorf("title = %q, want %q", doc.Title, want)
	}
	if doc.Abstract != articleAbstract {
		t.Errorf("abstract = %q, want %q", doc.Abstract, articleAbstract)
	}
	if doc.DOI != "10.5555/jem.2024.0101" {
		t.Errorf("DOI = %q, want 10.5555/jem.2024.0101", doc.DOI)
	}
	for _, text := range articleFurniture {
		if strings.Contains(doc.Text, text) {
			t.Errorf("the text holds %q, which should be left out", text)
		}
	}
}

func TestReadPDFArticle(t *testing.T) {
	requirePDFToText(t)
	tests := []struct {
		name    string
		spacing articleSpacing
	}{
		{"LaTeX spacing", latexSpacing},
		{"no space around headings", noGapSpacing},
		{"double-spaced", doubleSpacing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, pages := articlePDF(tt.spacing)
			if pages < pdfRunningPages {
				t.Fatalf("the article has %d pages; running headers are only found on %d or more", pages, pdfRunningPages)
			}
			path := filepath.Join(t.TempDir(), "article.pdf")
			writeRaw(t, path, pdf)
			docs, problems := readAllDocs(t, []string{path}, ReadConfig{})
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
			}
			checkArticle(t, docs[0])
		})
	}
}

// updatePDFLayout rewrites the saved pdftotext output of the test article.
var updatePDFLayout = flag.Bool("update-pdf-layout", false, "rewrite testdata/pdf/article.xhtml with the output of pdftotext -bbox-layout")

// TestParsePDFLayoutArticle reads the output that pdftotext 22.12 wrote for
// the test article with LaTeX spacing, so that the layout rules are checked
// where pdftotext is not installed. -update-pdf-layout rewrites it.
func TestParsePDFLayoutArticle(t *testing.T) {
	path := filepath.Join("testdata", "pdf", "article.xhtml")
	if *updatePDFLayout {
		requirePDFToText(t)
		pdf, _ := articlePDF(latexSpacing)
		input := filepath.Join(t.TempDir(), "article.pdf")
		writeRaw(t, input, pdf)
		out, err := exec.Command(pdfToTextProgram, "-enc", "UTF-8", "-bbox-layout", input, path).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v: %s", pdfToTextProgram, err, out)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := readBBoxLayout(bytes.NewReader(data), DefaultMaxRecordBytes)
	if err != nil {
		t.Fatalf("readBBoxLayout: %v", err)
	}
	checkArticle(t, parsePDFLayout(pages))
}

// twoColumnParagraphs are the paragraphs of the two-column test page. The
// second runs from the foot of the left column into the right one.
var twoColumnParagraphs = []string{
	"Garnet-type Li7La3Zr2O12 conducts lithium ions well in its cubic phase, which is stabilised with a few per cent of aluminium.",
	"The precursors were ball-milled in isopropanol for 12 h, dried and pressed into pellets that were calcined at 900 C in alumina crucibles and then sintered at 1100 C in a bed of mother powder to keep the lithium in the pellets.",
	"The pellets reached 95% of the theoretical density.",
}

// twoColumnPDF typesets one page with a heading and twoColumnParagraphs in
// two columns 222 points wide, six lines high, with indented paragraph
// starts.
func twoColumnPDF(t *testing.T) []byte {
	column := &typesetter{left: 72, width: 222, top: 700, bottom: 640}
	column.flushLeft("B", 10, 16, "2. Experimental")
	for i, p := range twoColumnParagraphs {
		indent := 10.0
		if i == 0 {
			indent = 0
		}
		column.paragraph("R", 9, 11, indent, 0, p)
	}
	if len(column.pages) != 2 {
		t.Fatalf("the text fills %d columns, want 2", len(column.pages))
	}
	right := column.pages[1]
	if first := right[0].text; first[0] < 'a' || first[0] > 'z' {
		t.Fatalf("the right column starts with %q; the test needs a lower-case continuation", first)
	}
	page := column.pages[0]
	for _, l := range right {
		l.x += 246
		page = append(page, l)
	}
	return (&typesetter{pages: [][]typesetLine{page}}).pdf()
}

func TestReadPDFTwoColumns(t *testing.T) {
	requirePDFToText(t)
	path := filepath.Join(t.TempDir(), "columns.pdf")
	writeRaw(t, path, twoColumnPDF(t))
	docs, problems := readAllDocs(t, []string{path}, ReadConfig{})
	if len(docs) != 1 || len(problems) != 0 {
		t.Fatalf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
	}
	want := []wantParagraph{{KindHeading, "Experimental", "Experimental"}}
	for _, p := range twoColumnParagraphs {
		want = append(want, wantParagraph{KindBody, "Experimental", p})
	}
	if got := paragraphsOf(docs[0]); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
}
