package ingest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseBratText(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		wantDOI   string
		wantTitle string
		wantKinds []ParagraphKind
		wantTexts []string
	}{
		{"DOI and title", "10.1002/adma.200903953\nA Title\nFirst step.\nSecond step.",
			"10.1002/adma.200903953", "A Title",
			[]ParagraphKind{KindTitle, KindBody, KindBody}, []string{"A Title", "First step.", "Second step."}},
		{"doi prefix and upper case", "doi:10.1039/C4TA04367G\nTitle\nBody.",
			"10.1039/c4ta04367g", "Title", []ParagraphKind{KindTitle, KindBody}, []string{"Title", "Body."}},
		{"blank line before title", "10.1039/c4ce01493f\n\nFacile synthesis of MoS 2 nanotubes\n\nBody text.",
			"10.1039/c4ce01493f", "Facile synthesis of MoS 2 nanotubes",
			[]ParagraphKind{KindTitle, KindBody}, []string{"Facile synthesis of MoS 2 nanotubes", "Body text."}},
		{"no title line", "10.1016/j.jpowsour.2012.04.074\n\n\nThe composite was prepared.\n",
			"10.1016/j.jpowsour.2012.04.074", "", []ParagraphKind{KindBody}, []string{"The composite was prepared."}},
		{"no DOI", "Plain first line\nSecond line.", "", "",
			[]ParagraphKind{KindBody, KindBody}, []string{"Plain first line", "Second line."}},
		{"DOI only", "10.1002/x.1\n", "10.1002/x.1", "", []ParagraphKind{}, []string{}},
		{"DOI with trailing words is text", "10.1002/x.1 and more\nBody.", "", "",
			[]ParagraphKind{KindBody, KindBody}, []string{"10.1002/x.1 and more", "Body."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseBratText(tt.text)
			if doc.Text != tt.text {
				t.Errorf("Text = %q, want the input unchanged", doc.Text)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.DOI != tt.wantDOI || doc.Title != tt.wantTitle {
				t.Errorf("DOI, title = %q, %q; want %q, %q", doc.DOI, doc.Title, tt.wantDOI, tt.wantTitle)
			}
			if got := paragraphKinds(doc); !slices.Equal(got, tt.wantKinds) {
				t.Errorf("kinds = %v, want %v", got, tt.wantKinds)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.wantTexts) {
				t.Errorf("paragraphs = %q, want %q", got, tt.wantTexts)
			}
		})
	}
}

func TestReadBratProblems(t *testing.T) {
	dir := t.TempDir()
	text := "10.1000/abc.1\nTitle\nLiCoO2 was heated at 900 °C.\n"
	writeFiles(t, dir, map[string]string{
		"good.txt":      text,
		"good.ann":      "T1\tMaterial 20 26\tLiCoO2\nT2\tOperation 31 37\theated\nR1\tAgent Arg1:T1 Arg2:T9\t\nT3\tMaterial 5\tx\nT4\tMaterial 0 999\tfar\nA1\tFlag T8\n",
		"lone.ann":      "T1\tMaterial 0 1\tx\n",
		"zipped.txt.gz": "Body only.\n",
		"zipped.ann.gz": "T1\tThing 0 4\tBody\n",
	})
	docs, problems := readAllDocs(t, []string{dir}, ReadConfig{})

	if len(docs) != 2 {
		t.Fatalf("documents = %d, want 2 (good and zipped)", len(docs))
	}
	good := docs[0]
	if good.Gold == nil || len(good.Gold.Spans) != 2 || len(good.Gold.Relations) != 0 {
		t.Fatalf("gold = %+v, want the 2 good spans and no relation", good.Gold)
	}
	if got := good.Gold.Spans[0].Text; got != "LiCoO2" {
		t.Errorf("span T1 text = %q, want %q", got, "LiCoO2")
	}
	if docs[1].Gold == nil || len(docs[1].Gold.Spans) != 1 || docs[1].Gold.Name != "zipped" {
		t.Errorf("gzip pair gold = %+v, want one span named zipped", docs[1].Gold)
	}

	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	annPath := filepath.Join(dir, "good.ann")
	want := []string{
		annPath + ":4 (10.1000/abc.1): malformed input: span T3: invalid offsets \"5\"",
		annPath + ":5 (10.1000/abc.1): malformed input: span T4: end offset 999 is past the end of the text (49 code points)",
		annPath + ":3 (10.1000/abc.1): malformed input: R1 refers to T9, which is not defined",
		annPath + ":6 (10.1000/abc.1): malformed input: A1 refers to T8, which is not defined",
		filepath.Join(dir, "lone.ann") + ": incomplete brat pair: brat annotations without a matching .txt file",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadBratForced(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "Text.\n", "b.txt": "Other.\n", "b.ann": "T1\tX 0 5\tOther\n"})
	docs, problems := readAllDocs(t, []string{dir}, ReadConfig{Format: FormatBrat})

	if len(docs) != 1 || docs[0].Gold == nil {
		t.Errorf("documents = %d, want 1 with gold", len(docs))
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Reason, "no .ann file") {
		t.Errorf("problems = %v, want one about the missing .ann file of a.txt", problems)
	}
}

func TestReadBratForcedText(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"b.txt": "Other.\n", "b.ann": "T1\tX 0 5\tOther\n"})
	docs, problems := readAllDocs(t, []string{dir}, ReadConfig{Format: FormatText})

	if len(docs) != 1 || docs[0].Gold != nil || docs[0].Format != FormatText {
		t.Errorf("documents = %+v, want one text document without gold", docs)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %v, want none", problems)
	}
}
