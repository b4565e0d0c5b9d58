package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/litmine/litmine/datasets"
)

// htmlFurniture is text of the test pages that belongs to page furniture,
// back matter, figures or tables, and must not reach any paragraph.
var htmlFurniture = []string{
	"cookie", "Cookie", "Accept all", "Journals", "Search", "Outline", "Journal of Power Sources", "Volume 999",
	"Author links", "Lopez", "Example University", "Get rights", "https://doi.org", "Highlight", "Graphical",
	"Lithium iron phosphate", "XRD patterns", "Download", "Table 1", "10.33", "Acknowledgements", "funding",
	"J. Smith", "carbon analyser", "Recommended", "snippet", "Copyright", "©", "tracking",
	"Skip to", "Advertisement", "Explore content", "breadcrumbs", "Open access", "Published", "Jae Kim",
	"Article number", "Accesses", "Altmetric", "opens in a new tab", "SEM image", "Scale bar", "Full size",
	"Data are available", "Chem. Rev.", "Google Scholar", "technicians", "Seoul", "licensed under",
	"Cite this", "Sections", "ISSN", "privacy",
	"Royal Society", "Rossi", "Crystal structure", "no conflicts", "A. Author", "Electronic supplementary",
	"analytics", "RSC journal page",
	"ACS Publications", "Log In", "Wei Zhang", "J. Am. Chem. Soc.", "views", "Share", "Export", "toc.gif",
	"PXRD", "Supporting Information", "Terms", "Old MOF", "cited by", "enhance the user", "JavaScript",
	"Open Graph", "Meta description", "Truncated description",
}

func TestParseHTMLPublisherPages(t *testing.T) {
	tests := []struct {
		file                string
		title, doi, license string
		year                int
		want                []wantParagraph
	}{
		{"sciencedirect.html", "Sol-gel synthesis of LiFePO4/C cathodes at low temperature", "10.1016/j.jpowsour.2099.100001",
			"© 2099 Elsevier B.V. All rights reserved.", 2099, []wantParagraph{
				{KindTitle, "", "Sol-gel synthesis of LiFePO4/C cathodes at low temperature"},
				{KindAbstract, "", "LiFePO4/C was made by a citric-acid sol-gel route and calcined at 600 °C."},
				{KindAbstract, "", "The powder delivered 160 mAh g−1 at 0.1C."},
				{KindHeading, "Introduction", "Introduction"},
				{KindBody, "Introduction", "Olivine LiFePO4 is a safe cathode [1]. Its conductivity is low."},
				{KindBody, "Introduction", "Carbon coating raises it, as the relation FORMULA shows."},
				{KindHeading, "Experimental", "Experimental"},
				{KindHeading, "Synthesis", "Synthesis"},
				{KindBody, "Synthesis", "Fe(NO3)3·9H2O, LiH2PO4 and citric acid were dissolved in water."},
				{KindBody, "Synthesis", "The gel was dried at 120 °C and calcined at 600 °C for 10 h under Ar."},
				{KindHeading, "Results", "Results"},
				{KindBody, "Results", "Carbon content was 2.1 wt%1."},
			}},
		{"springer-nature.html", "Hydrothermal growth of ZnO nanorods on flexible substrates", "10.1038/s41467-098-00001-x",
			"http://creativecommons.org/licenses/by/4.0/", 2098, []wantParagraph{
				{KindTitle, "", "Hydrothermal growth of ZnO nanorods on flexible substrates"},
				{KindAbstract, "", "ZnO nanorods were grown on PET at 90 °C from zinc nitrate and HMTA. The rods are 2 µm long."},
				{KindHeading, "Introduction", "Introduction"},
				{KindBody, "Introduction", "Zinc oxide is a wide-gap semiconductor1. Low-temperature growth suits plastics."},
				{KindHeading, "Methods", "Methods"},
				{KindHeading, "Seed layer", "Seed layer"},
				{KindBody, "Seed layer", "A seed layer was spin-coated from zinc acetate in ethanol and annealed at 150 °C."},
				{KindHeading, "Growth", "Growth"},
				{KindBody, "Growth", "Zinc nitrate and HMTA, 25 mM each, were mixed."},
				{KindBody, "Growth", "The substrate was floated face down at 90 °C for 4 h."},
			}},
		{"rsc.html", "Solid-state synthesis of Li7La3Zr2O12 garnets", "10.1039/d7ta00001a", "", 2097, []wantParagraph{
			{KindTitle, "", "Solid-state synthesis of Li7La3Zr2O12 garnets"},
			{KindAbstract, "", "Cubic LLZO was stabilised with Al at 1100 °C."},
			{KindHeading, "Introduction", "Introduction"},
			{KindBody, "Introduction", "Garnet-type Li7La3Zr2O12 conducts Li+ ions.1,2 Its cubic phase is wanted."},
			{KindHeading, "Experimental", "Experimental"},
			{KindBody, "Experimental", "Synthesis. Li2CO3 (10% excess), La2O3 and ZrO2 were ball-milled in isopropanol for 12 h."},
			{KindBody, "Experimental", "The mixture was calcined at 900 °C and sintered at 1100 °C in MgO crucibles."},
			{KindHeading, "Characterisation", "Characterisation"},
			{KindBody, "Characterisation", "XRD used Cu Kα radiation."},
		}},
		{"acs.html", "Microwave-Assisted Synthesis of MOF-5 Crystals", "10.1021/jacs.6b00001",
			"https://creativecommons.org/licenses/by-nc-nd/4.0/", 2096, []wantParagraph{
				{KindTitle, "", "Microwave-Assisted Synthesis of MOF-5 Crystals"},
				{KindAbstract, "", "MOF-5 crystals formed in 30 min under microwave heating at 105 °C."},
				{KindHeading, "Introduction", "Introduction"},
				{KindBody, "Introduction", "Metal–organic frameworks need long solvothermal runs.(1) Microwaves shorten them."},
				{KindHeading, "Experimental Section", "Experimental Section"},
				{KindBody, "Experimental Section", "Zn(NO3)2·6H2O and H2BDC were dissolved in DEF."},
				{KindBody, "Experimental Section", "The vial was heated at 105 °C for 30 min."},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "html", tt.file)
			docs, problems := readAllDocs(t, []string{path}, ReadConfig{})
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
			}
			doc := docs[0]
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.Format != FormatHTML || doc.ID != tt.doi {
				t.Errorf("format %q, id %q; want html and %q", doc.Format, doc.ID, tt.doi)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if doc.DOI != tt.doi {
				t.Errorf("DOI = %q, want %q", doc.DOI, tt.doi)
			}
			if doc.License != tt.license {
				t.Errorf("license = %q, want %q", doc.License, tt.license)
			}
			if doc.Year != tt.year {
				t.Errorf("year = %d, want %d", doc.Year, tt.year)
			}
			if got := paragraphsOf(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tt.want)
			}
			for _, text := range htmlFurniture {
				if strings.Contains(doc.Text, text) {
					t.Errorf("furniture text %q in the document text", text)
				}
			}
		})
	}
}

func TestParseHTMLCases(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		title string
		want  []wantParagraph
	}{
		{"empty page", "<html></html>", "", nil},
		{"title element", "<html><head><title> Page \n title </title></head><body><p>x</p></body></html>", "Page title",
			[]wantParagraph{{KindTitle, "", "Page title"}, {KindBody, "", "x"}}},
		{"h1 of the article", "<body><article><h1>Main <i>title</i></h1><p>x</p></article></body>", "Main title",
			[]wantParagraph{{KindTitle, "", "Main title"}, {KindBody, "", "x"}}},
		{"og:title before h1", `<head><meta property="og:title" content="OG"></head><body><h1>H</h1><p>x</p></body>`, "OG",
			[]wantParagraph{{KindTitle, "", "OG"}, {KindBody, "", "x"}}},
		{"later h1 is a heading", "<body><h1>T</h1><p>a</p><h1>Part two</h1><p>b</p></body>", "T",
			[]wantParagraph{{KindTitle, "", "T"}, {KindBody, "", "a"}, {KindHeading, "Part two", "Part two"}, {KindBody, "Part two", "b"}}},
		{"text before the title is header matter", "<body><p>Research article</p><h1>T</h1><p>a</p></body>", "T",
			[]wantParagraph{{KindTitle, "", "T"}, {KindBody, "", "a"}}},
		{"title block", `<body><div class="head"><h1>T</h1><p>Authors</p></div><div><p>a</p></div></body>`, "T",
			[]wantParagraph{{KindTitle, "", "T"}, {KindBody, "", "a"}}},
		{"title block that holds the article", `<body><div class="content"><h1>T</h1><p>only</p></div></body>`, "T",
			[]wantParagraph{{KindTitle, "", "T"}, {KindBody, "", "only"}}},
		{"abstract by heading", "<body><h2>Abstract</h2><p>A.</p><h2>Intro</h2><p>B.</p></body>", "",
			[]wantParagraph{{KindAbstract, "", "A."}, {KindHeading, "Intro", "Intro"}, {KindBody, "Intro", "B."}}},
		{"abstract by heading in a wrapper", `<div id="content"><h2>Abstract</h2><p>A.</p><h2>Intro</h2><p>B.</p></div>`, "",
			[]wantParagraph{{KindAbstract, "", "A."}, {KindHeading, "Intro", "Intro"}, {KindBody, "Intro", "B."}}},
		{"abstract section", `<section><h2>Abstract</h2><h3>Aim</h3><p>A.</p></section><h2>Intro</h2><p>B.</p>`, "",
			[]wantParagraph{{KindHeading, "Aim", "Aim"}, {KindAbstract, "Aim", "A."}, {KindHeading, "Intro", "Intro"}, {KindBody, "Intro", "B."}}},
		{"structured abstract", `<body><div id="abstract"><h2>Abstract</h2><h3>Background</h3><p>A.</p></div><p>B.</p></body>`, "",
			[]wantParagraph{{KindHeading, "Background", "Background"}, {KindAbstract, "Background", "A."}, {KindBody, "", "B."}}},
		{"second abstract left out", `<body><section class="abstract"><p>A.</p></section><h2>Abstract</h2><p>Again.</p><h2>Intro</h2><p>B.</p></body>`, "",
			[]wantParagraph{{KindAbstract, "", "A."}, {KindHeading, "Intro", "Intro"}, {KindBody, "Intro", "B."}}},
		{"meta abstract with markup", `<head><meta name="citation_abstract" content="&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;"></head><body><p>x</p></body>`, "",
			[]wantParagraph{{KindAbstract, "", "One. Two."}, {KindBody, "", "x"}}},
		{"hidden text", `<p>a<span hidden>x</span><span aria-hidden="true">y</span><span style="DISPLAY: none">z</span> b</p>`, "",
			[]wantParagraph{{KindBody, "", "a b"}}},
		{"inline image and button", `<p>a <img src="x.png"> b <button>c</button> d</p>`, "",
			[]wantParagraph{{KindBody, "", "a b d"}}},
		{"formulas", `<p>x <math><mi>y</mi></math> z</p><div class="formula"><math><mi>w</mi></math></div><p>q <mjx-container>m</mjx-container>.</p>`, "",
			[]wantParagraph{{KindBody, "", "x FORMULA z"}, {KindBody, "", "q FORMULA."}}},
		{"back matter until a heading of the same level", "<h2>References</h2><p>r</p><h3>Sub</h3><p>s</p><h2>Next</h2><p>n</p>", "",
			[]wantParagraph{{KindHeading, "Next", "Next"}, {KindBody, "Next", "n"}}},
		{"line break", "<p>a<br>b</p>", "", []wantParagraph{{KindBody, "", "a b"}}},
		{"list items", "<ul><li>one</li><li>two <b>bold</b></li></ul>", "",
			[]wantParagraph{{KindBody, "", "one"}, {KindBody, "", "two bold"}}},
		{"text around a block", "<div>before<p>inside</p>after</div>", "",
			[]wantParagraph{{KindBody, "", "before"}, {KindBody, "", "inside"}, {KindBody, "", "after"}}},
		{"section numbers", "<h2>2.1. Methods</h2><h2>IV. Results</h2><h2>2019 results</h2><h2>3 Discussion</h2>", "",
			[]wantParagraph{{KindHeading, "Methods", "Methods"}, {KindHeading, "Results", "Results"},
				{KindHeading, "2019 results", "2019 results"}, {KindHeading, "Discussion", "Discussion"}}},
		{"number of the title kept", "<body><h1>10 Years of LiFePO4</h1><h2>1 Introduction</h2><p>x</p></body>", "10 Years of LiFePO4",
			[]wantParagraph{{KindTitle, "", "10 Years of LiFePO4"}, {KindHeading, "Introduction", "Introduction"}, {KindBody, "Introduction", "x"}}},
		{"entities", "<p>5&nbsp;&micro;m &amp; 3 h</p>", "", []wantParagraph{{KindBody, "", "5 µm & 3 h"}}},
		{"main role", `<body><div role="main"><p>in</p></div><div><p>out</p></div></body>`, "",
			[]wantParagraph{{KindBody, "", "in"}}},
		{"article inside aside", `<body><aside><article><p>ad</p></article></aside><main><p>real</p></main></body>`, "",
			[]wantParagraph{{KindBody, "", "real"}}},
		{"class words", `<div class="shareButtons">s</div><div id="relatedArticles">r</div><div class="header-text">h</div>`, "",
			[]wantParagraph{{KindBody, "", "h"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseHTML(tt.page)
			if err != nil {
				t.Fatalf("parseHTML: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if got := paragraphsOf(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseHTMLMetadata(t *testing.T) {
	tests := []struct {
		name    string
		head    string
		doi     string
		year    int
		license string
	}{
		{"info:doi identifier", `<meta name="dc.identifier" content="info:doi/10.1000/ABC">`, "10.1000/abc", 0, ""},
		{"ISSN before DOI", `<meta name="DC.Identifier" content="1234-5678"><meta name="prism.doi" content="10.1000/x">`, "10.1000/x", 0, ""},
		{"day first date", `<meta name="citation_date" content="15/03/2021">`, "", 2021, ""},
		{"prism date", `<meta name="prism.publicationDate" content="2019-07">`, "", 2019, ""},
		{"no year", `<meta name="dc.date" content="March">`, "", 0, ""},
		{"online date only", `<meta name="citation_online_date" content="2021/06/30">`, "", 2021, ""},
		{"cover date", `<meta name="citation_cover_date" content="March 2020">`, "", 2020, ""},
		{"issued date", `<meta name="DC.Date.issued" content="2018-01-02">`, "", 2018, ""},
		{"Open Graph published time", `<meta property="article:published_time" content="2017-05-04T10:00:00Z">`, "", 2017, ""},
		{"publication date before online date", `<meta name="citation_online_date" content="2019-12-20"><meta name="citation_publication_date" content="2020/02">`, "", 2020, ""},
		{"date without a year skipped", `<meta name="citation_date" content="n.d."><meta name="citation_online_date" content="2016">`, "", 2016, ""},
		{"licence link first", `<meta name="dc.rights" content="CC BY"><link rel="license" href="https://l.example/1">`, "", 0, "https://l.example/1"},
		{"dc.rights before a CC link", `<meta name="dc.rights" content="CC  BY">`, "", 0, "CC BY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := "<html><head>" + tt.head + `</head><body><p>x <a href="http://creativecommons.org/licenses/by/4.0/">CC</a></p></body></html>`
			doc, err := parseHTML(page)
			if err != nil {
				t.Fatalf("parseHTML: %v", err)
			}
			license := tt.license
			if license == "" {
				license = "http://creativecommons.org/licenses/by/4.0/"
			}
			if doc.DOI != tt.doi || doc.Year != tt.year || doc.License != license {
				t.Errorf("DOI, year, licence = %q, %d, %q; want %q, %d, %q", doc.DOI, doc.Year, doc.License, tt.doi, tt.year, license)
			}
		})
	}
}

func TestStripSectionNumber(t *testing.T) {
	tests := []struct{ name, heading, want string }{
		{"number", "1 Experimental", "Experimental"},
		{"number and period", "1. Introduction", "Introduction"},
		{"two levels", "2.1 Synthesis", "Synthesis"},
		{"two levels and period", "2.1. Synthesis", "Synthesis"},
		{"three levels", "3.2.1 XRD patterns", "XRD patterns"},
		{"Roman numeral", "II. EXPERIMENTAL", "EXPERIMENTAL"},
		{"letter", "A. Sample preparation", "Sample preparation"},
		{"word with an apostrophe", "4 Men's work", "Men's work"},
		{"year", "2019 results", "2019 results"},
		{"three digits", "100 years of batteries", "100 years of batteries"},
		{"concentration", "1 M LiPF6 electrolytes", "1 M LiPF6 electrolytes"},
		{"decimal voltage", "2.5 V cells", "2.5 V cells"},
		{"formula", "2 H2O splitting", "2 H2O splitting"},
		{"lower-case word", "3 nm films", "3 nm films"},
		{"number glued to a word", "3D printing", "3D printing"},
		{"Roman numeral without a period", "II Results", "II Results"},
		{"number only", "3", "3"},
		{"letter initial of a genus", "A. thaliana", "A. thaliana"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripSectionNumber(tt.heading); got != tt.want {
				t.Errorf("stripSectionNumber(%q) = %q, want %q", tt.heading, got, tt.want)
			}
		})
	}
}

func TestParseHTMLTooDeep(t *testing.T) {
	page := strings.Repeat("<div>", 600) + "x"
	if _, err := parseHTML(page); !errors.Is(err, datasets.ErrMalformed) {
		t.Errorf("error = %v, want one wrapping datasets.ErrMalformed", err)
	}
	page = strings.Repeat("<div>", 400) + "x"
	if _, err := parseHTML(page); err != nil {
		t.Errorf("error = %v for 400 nested elements, want none", err)
	}
}

// abstractOf returns the texts of the KindAbstract paragraphs of doc joined
// as Document.Abstract joins them.
func abstractOf(doc Document) string {
	var texts []string
	for i, p := range doc.Paragraphs {
		if p.Kind == KindAbstract {
			texts = append(texts, paragraphTexts(doc)[i])
		}
	}
	return strings.Join(texts, paragraphSeparator)
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"sciencedirect.html", "springer-nature.html", "rsc.html", "acs.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", "html", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{"", "<h2>Abstract</h2><p>a</p><h2>References</h2>x", `<meta name="citation_title" content="&lt;b&gt;">`,
		"<div class=abstract><h1>t</h1></div><math>", "<p>a<br>b</p><h1>T</h1>"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkContent(data, 0) != nil {
			return
		}
		doc, err := parseHTML(string(data))
		if err != nil {
			if !errors.Is(err, datasets.ErrMalformed) {
				t.Fatalf("error %v does not wrap datasets.ErrMalformed", err)
			}
			return
		}
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, data)
		}
		if doc.Title != "" && paragraphTexts(doc)[0] != doc.Title {
			t.Fatalf("first paragraph %q is not the title %q", paragraphTexts(doc)[0], doc.Title)
		}
		if got := abstractOf(doc); got != doc.Abstract {
			t.Fatalf("abstract %q is not the abstract paragraphs %q", doc.Abstract, got)
		}
	})
}

func TestReadHTMLEncodings(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"latin1.html":     "<!DOCTYPE html><html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9 at 20 \xb0C</p></body></html>",
		"undeclared.html": "<!DOCTYPE html><html><body><p>\x93quoted\x94</p></body></html>",
		"utf8.html":       "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>caf\xc3\xa9</p></body></html>",
		"badutf8.html":    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>caf\xe9</p></body></html>",
	})
	tests := []struct {
		file, text, reason string
	}{
		{"latin1.html", "café at 20 °C", ""},
		{"undeclared.html", "“quoted”", ""},
		{"utf8.html", "café", ""},
		{"badutf8.html", "", "malformed input: invalid UTF-8 at byte offset 68"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{filepath.Join(dir, tt.file)}, ReadConfig{})
			if tt.reason != "" {
				if len(docs) != 0 || len(problems) != 1 || problems[0].Reason != tt.reason {
					t.Errorf("%d documents, problems %v; want none and %q", len(docs), problems, tt.reason)
				}
				return
			}
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %v; want 1 and none", len(docs), problems)
			}
			if got := paragraphTexts(docs[0]); !slices.Equal(got, []string{tt.text}) {
				t.Errorf("paragraphs = %q, want %q", got, tt.text)
			}
		})
	}
}

func BenchmarkParseHTML(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "html", "springer-nature.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parseHTML(string(data)); err != nil {
			b.Fatal(err)
		}
	}
}
