package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/litmine/litmine/datasets"
)

// jatsArticleXML is a small article that uses the markup the reader handles.
const jatsArticleXML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.1d1 20130915//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article">
<front>
 <journal-meta><journal-title-group><journal-title>Journal</journal-title></journal-title-group></journal-meta>
 <article-meta>
  <article-id pub-id-type="publisher-id">00001</article-id>
  <article-id pub-id-type="doi">10.5555/Test.00001</article-id>
  <title-group><article-title>Growth of <italic>α</italic>-Fe<sub>2</sub>O<sub>3</sub>   films</article-title></title-group>
  <pub-date pub-type="collection"><year>2013</year></pub-date>
  <pub-date pub-type="epub"><day>01</day><month>02</month><year>2012</year></pub-date>
  <permissions><copyright-year>2011</copyright-year>
   <license xlink:href="http://creativecommons.org/licenses/by/4.0/"><license-p>Free to use.</license-p></license>
  </permissions>
  <abstract><object-id pub-id-type="doi">10.5555/Test.00001.001</object-id><p>We grew   films
   at 500 °C.</p><p>DOI: <ext-link ext-link-type="doi" xlink:href="10.5555/Test.00001.001">http://dx.doi.org/10.5555/Test.00001.001</ext-link></p></abstract>
  <abstract abstract-type="executive-summary"><title>Digest</title><p>A plain summary.</p></abstract>
 </article-meta>
</front>
<body>
 <p>Opening paragraph outside any section.</p>
 <sec id="s1"><label>1.</label><title>Methods</title>
  <p>Samples (<xref ref-type="bibr" rid="b1">Smith et al., 2010</xref>) were annealed<fig id="f1"><label>Figure 1.</label><caption><title>A figure.</title><p>Caption text.</p></caption></fig> in air.</p>
  <table-wrap id="t1"><caption><p>Table caption.</p></caption><table><tr><td>1</td></tr></table></table-wrap>
  <sec><title>Heating</title>
   <p>The rate was <inline-formula><mml:math><mml:mi>r</mml:mi><mml:mo>=</mml:mo><mml:mn>5</mml:mn></mml:math></inline-formula> K/min, see<disp-formula id="e1"><mml:math><mml:mi>x</mml:mi></mml:math></disp-formula>.</p>
   <sec><p>Untitled subsection paragraph.</p></sec>
  </sec>
  <disp-formula id="e2"><mml:math><mml:mi>y</mml:mi></mml:math></disp-formula>
  <p>Steps:<list list-type="order"><list-item><p>mix</p></list-item><list-item><p>heat</p></list-item></list></p>
 </sec>
 <sec><title>Results</title><p>Done.</p><supplementary-material><p>Data file.</p></supplementary-material></sec>
</body>
<back><ref-list><ref><mixed-citation>Smith 2010.</mixed-citation></ref></ref-list></back>
<sub-article article-type="reply"><body><p>Author response.</p></body></sub-article>
</article>`

type wantParagraph struct {
	kind    ParagraphKind
	section string
	text    string
}

func paragraphsOf(doc Document) []wantParagraph {
	texts := paragraphTexts(doc)
	got := make([]wantParagraph, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		got[i] = wantParagraph{p.Kind, p.Section, texts[i]}
	}
	return got
}

func TestParseJATSArticle(t *testing.T) {
	doc, err := parseJATS(jatsArticleXML)
	if err != nil {
		t.Fatalf("parseJATS: %v", err)
	}
	if err := checkDocument(doc); err != nil {
		t.Error(err)
	}

	want := []wantParagraph{
		{KindTitle, "", "Growth of α-Fe2O3 films"},
		{KindAbstract, "", "We grew films at 500 °C."},
		{KindBody, "", "Opening paragraph outside any section."},
		{KindHeading, "Methods", "Methods"},
		{KindBody, "Methods", "Samples (Smith et al., 2010) were annealed in air."},
		{KindHeading, "Heating", "Heating"},
		{KindBody, "Heating", "The rate was FORMULA K/min, see FORMULA."},
		{KindBody, "Heating", "Untitled subsection paragraph."},
		{KindBody, "Methods", "Steps: mix heat"},
		{KindHeading, "Results", "Results"},
		{KindBody, "Results", "Done."},
	}
	if got := paragraphsOf(doc); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}

	fields := []struct{ name, got, want string }{
		{"title", doc.Title, "Growth of α-Fe2O3 films"},
		{"abstract", doc.Abstract, "We grew films at 500 °C."},
		{"DOI", doc.DOI, "10.5555/test.00001"},
		{"license", doc.License, "http://creativecommons.org/licenses/by/4.0/"},
	}
	for _, f := range fields {
		if f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
	if doc.Year != 2012 {
		t.Errorf("year = %d, want 2012 (epub ranks before collection)", doc.Year)
	}
	if !strings.HasPrefix(doc.Text, "Growth of α-Fe2O3 films\n\nWe grew films") {
		t.Errorf("text starts %.40q, want the title and abstract joined by a blank line", doc.Text)
	}
}

func TestParseJATSMetadata(t *testing.T) {
	wrap := func(meta string) string {
		return `<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ali="http://www.niso.org/schemas/ali/1.0/"><front><article-meta>` +
			meta + `</article-meta></front><body><p>Body.</p></body></article>`
	}
	tests := []struct {
		name        string
		xml         string
		wantYear    int
		wantLicense string
		wantAbs     string
	}{
		{"license text", wrap(`<permissions><license><license-p>CC BY <bold>4.0</bold></license-p></license></permissions>`),
			0, "CC BY 4.0", ""},
		{"ali license_ref", wrap(`<permissions><license><ali:license_ref>https://creativecommons.org/licenses/by/4.0/</ali:license_ref><license-p>Text.</license-p></license></permissions>`),
			0, "https://creativecommons.org/licenses/by/4.0/", ""},
		{"copyright year fallback", wrap(`<permissions><copyright-year>2015</copyright-year></permissions>`), 2015, "", ""},
		{"pub date over copyright year", wrap(`<pub-date date-type="pub"><year>2014</year></pub-date><permissions><copyright-year>2015</copyright-year></permissions>`),
			2014, "", ""},
		{"other pub-date types rank last", wrap(`<pub-date pub-type="ecorrected"><year>2019</year></pub-date><pub-date pub-type="ppub"><year>2018</year></pub-date>`),
			2018, "", ""},
		{"invalid year ignored", wrap(`<pub-date pub-type="epub"><year>20x4</year></pub-date><pub-date pub-type="ppub"><year>2010</year></pub-date>`),
			2010, "", ""},
		{"typed abstract when no other", wrap(`<abstract abstract-type="summary"><p>Only summary.</p></abstract>`), 0, "", "Only summary."},
		{"structured abstract", wrap(`<abstract><title>Abstract</title><sec><title>Background</title><p>Why.</p></sec><sec><title>Results</title><p>What.</p></sec></abstract>`),
			0, "", "Background\n\nWhy.\n\nResults\n\nWhat."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseJATS(tt.xml)
			if err != nil {
				t.Fatalf("parseJATS: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.Year != tt.wantYear || doc.License != tt.wantLicense || doc.Abstract != tt.wantAbs {
				t.Errorf("year, license, abstract = %d, %q, %q; want %d, %q, %q",
					doc.Year, doc.License, doc.Abstract, tt.wantYear, tt.wantLicense, tt.wantAbs)
			}
		})
	}
}

func TestParseJATSStructuredAbstractKinds(t *testing.T) {
	doc, err := parseJATS(`<article><front><article-meta><abstract><sec><title>Aim</title><p>Why.</p></sec></abstract></article-meta></front></article>`)
	if err != nil {
		t.Fatal(err)
	}
	want := []wantParagraph{{KindHeading, "Aim", "Aim"}, {KindAbstract, "Aim", "Why."}}
	if got := paragraphsOf(doc); !slices.Equal(got, want) {
		t.Errorf("paragraphs = %q, want %q", got, want)
	}
}

func TestParseJATSInputs(t *testing.T) {
	tests := []struct {
		name    string
		xml     string
		want    []string
		wantErr bool
	}{
		{"pmc wrapper", `<pmc-articleset><article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front></article></pmc-articleset>`,
			[]string{"T"}, false},
		{"HTML entities", `<article><body><p>A&nbsp;B &ndash; C &amp; D &#x3b1;</p></body></article>`, []string{"A B – C & D α"}, false},
		{"byte order mark", "\uFEFF<article><body><p>Text.</p></body></article>", []string{"Text."}, false},
		{"latin-1 declaration", `<?xml version="1.0" encoding="ISO-8859-1"?><article><body><p>Text.</p></body></article>`, []string{"Text."}, false},
		{"empty article", `<article/>`, nil, false},
		{"body without text", `<article><body><sec><title> </title><p>  </p></sec></body></article>`, nil, false},
		{"no article", `<html><body><p>Text.</p></body></html>`, nil, true},
		{"empty input", ``, nil, true},
		{"unclosed element", `<article><body><p>Text.</body></article>`, nil, true},
		{"truncated", `<article><body><p>Text.</p>`, nil, true},
		{"unknown entity", `<article><body><p>&bogus;</p></body></article>`, nil, true},
		{"too deep", `<article><body>` + strings.Repeat("<boxed-text>", maxElementDepth+1) + `</body></article>`, nil, true},
		{"too deep inline", `<article><body><p>` + strings.Repeat("<italic>", maxElementDepth+1) + `</p></body></article>`, nil, true},
		{"too deep in skipped element", `<article><back>` + strings.Repeat("<ref>", maxElementDepth+1) + `</back></article>`, nil, true},
		{"too deep before article", strings.Repeat("<wrapper>", maxElementDepth+1) + `<article/>`, nil, true},
		{"deep but allowed", strings.Repeat("<w>", 10) + `<article><body><sec><sec><sec><p>Deep.</p></sec></sec></sec></body></article>`, []string{"Deep."}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseJATS(tt.xml)
			if tt.wantErr {
				if !errors.Is(err, datasets.ErrMalformed) {
					t.Errorf("error = %v, want one wrapping datasets.ErrMalformed", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseJATS: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestInlineTextTokens(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *inlineText)
		want  string
	}{
		{"after word", func(t *inlineText) { t.writeText("x"); t.writeToken("F"); t.writeText("y") }, "x F y"},
		{"inside brackets", func(t *inlineText) { t.writeText("("); t.writeToken("F"); t.writeText(")") }, "(F)"},
		{"after full stop", func(t *inlineText) { t.writeText("end."); t.writeToken("F"); t.writeText(", so") }, "end. F, so"},
		{"leading", func(t *inlineText) { t.writeToken("F"); t.writeText(" is") }, "F is"},
		{"two tokens", func(t *inlineText) { t.writeToken("F"); t.writeToken("F") }, "F F"},
		{"break", func(t *inlineText) { t.writeText("a"); t.writeBreak(); t.writeText("b") }, "a b"},
		{"white space runs", func(t *inlineText) { t.writeText(" \t a \n\u00a0 b  ") }, "a b"},
		{"no space inside words", func(t *inlineText) { t.writeText("Fe"); t.writeText("2"); t.writeText("O") }, "Fe2O"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var text inlineText
			tt.write(&text)
			if got := text.String(); got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}
