package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/litmine/litmine/datasets"
)

// The fuzz targets check that no input makes a reader panic, and that every
// document a reader returns passes checkDocument.

func FuzzText(f *testing.F) {
	for _, seed := range []string{"", "One.\n\nTwo.", "a\r\n\r\nb\rc", "\uFEFF  x  \n", "\u00a0\u2028y\u0085"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkContent(data, 0) != nil {
			return
		}
		doc, err := parseText(string(data))
		if err != nil {
			t.Fatalf("parseText: %v", err)
		}
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, data)
		}
	})
}

func FuzzBratPair(f *testing.F) {
	f.Add([]byte("10.1002/x.1\nTitle\nLiCoO2 was heated.\n"), []byte("T1\tMaterial 18 24\tLiCoO2\nE1\tOperation:T1 \nR1\tR Arg1:T1 Arg2:E1\t\nA1\tStart E1\n"))
	f.Add([]byte("αβγ\n\nδ"), []byte("T1\tX 0 2;3 5\tαβ δ\nT2\tY 5 4\tbad\n#1\tnote\n"))
	f.Fuzz(func(t *testing.T, text, ann []byte) {
		if checkContent(text, 0) != nil {
			return
		}
		doc := parseBratText(string(text))
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, text)
		}
		if doc.DOI != "" && normalizeDOI(doc.DOI) != doc.DOI {
			t.Fatalf("DOI %q is not normalized", doc.DOI)
		}

		gold, err := datasets.ParseAnn(bytes.NewReader(ann), "fuzz.ann", doc.Text)
		chars := utf8.RuneCountInString(doc.Text)
		for _, s := range gold.Spans {
			if s.Start < 0 || s.Start > s.End || s.End > chars {
				t.Fatalf("span %s [%d, %d) outside the text of %d code points", s.ID, s.Start, s.End, chars)
			}
		}
		if err != nil && !errors.Is(err, datasets.ErrMalformed) {
			t.Fatalf("ParseAnn error %v does not wrap datasets.ErrMalformed", err)
		}
	})
}

func FuzzJATS(f *testing.F) {
	for _, seed := range []string{
		jatsArticleXML,
		`<article><front><article-meta><abstract><sec><title>A</title><p>B</p></sec></abstract></article-meta></front></article>`,
		`<pmc-articleset><article><body><p>x<inline-formula><mml:math/></inline-formula>y</p></body></article></pmc-articleset>`,
		`<article><body><sec><title/><sec><p>&nbsp;</p></sec></sec></body></article>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkContent(data, 0) != nil {
			return
		}
		doc, err := parseJATS(string(data))
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
	})
}

func FuzzJSONLines(f *testing.F) {
	f.Add([]byte(unarxiveLine))
	f.Add([]byte(`{"title": "A"}` + "\n\n" + `{"abstract": [{"text": "{{cite:x}}"}]}` + "\n{bad\n"))
	f.Add([]byte(`{"metadata": {"id": "2101.00001", "versions": [{"created": "x"}]}, "body_text": [{"section": "{{formula:a}}", "text": "b"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &source{Reader: bufio.NewReader(bytes.NewReader(data)), path: "fuzz.jsonl"}
		s := sink{
			emit: func(doc Document) error {
				if err := checkDocument(doc); err != nil {
					t.Fatalf("line %d: %v", doc.SourceLine, err)
				}
				if doc.ID == "" || doc.SourceLine < 1 {
					t.Fatalf("id %q, source line %d; want an id and a line", doc.ID, doc.SourceLine)
				}
				if markerPattern.MatchString(doc.Text) {
					t.Fatalf("text %q keeps a marker", doc.Text)
				}
				return nil
			},
			report: func(p Problem) {
				if p.Reason == "" {
					t.Fatalf("problem without a reason at line %d", p.Line)
				}
			},
		}
		if err := readJSONLines(src, ReadConfig{MaxLineBytes: 4096}.withDefaults(), s); err != nil {
			t.Fatalf("readJSONLines: %v", err)
		}
	})
}
