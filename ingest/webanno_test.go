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

// webannoSample is a WebAnno TSV 3.3 file with the constructs the reader
// handles: a multi-line sentence text with escapes, a character outside the
// Basic Multilingual Plane (two UTF-16 code units), multi-token and stacked
// spans, relations with and without span ids, and an annotation without a
// feature value.
const webannoSample = "#FORMAT=WebAnno TSV 3.3\n" +
	"#T_SP=webanno.custom.Entity|Tag\n" +
	"#T_RL=webanno.custom.Rel|Label|BT_webanno.custom.Entity\n" +
	"\n\n" +
	"#Text=MgB2 was heated\\rat 900 \\\x0eC.\n" +
	"1-1\t0-4\tMgB2\tMaterial\t_\t_\t\n" +
	"1-2\t5-8\twas\t_\t_\t_\t\n" +
	"1-3\t9-15\theated\tOperation\tParticipant|Condition\t1-1|1-6[1_0]\t\n" +
	"1-4\t16-18\tat\t_\t_\t_\t\n" +
	"1-5\t19-22\t900\tTemp[1]\t_\t_\t\n" +
	"1-6\t23-24\t\x0e\tTemp[1]|Unit\t_\t_\t\n" +
	"1-7\t24-25\tC\tTemp[1]\t_\t_\t\n" +
	"1-8\t25-26\t.\t_\t_\t_\t\n" +
	"\n" +
	"#Text=The 𝑥 value\n" +
	"#Text=is set.\n" +
	"2-1\t28-31\tThe\t_\t_\t_\t\n" +
	"2-2\t32-34\t𝑥\t*\t_\t_\t\n" +
	"2-3\t35-40\tvalue\t_\t*\t2-2\t\n" +
	"2-4\t41-43\tis\t_\t_\t_\t\n" +
	"2-5\t44-47\tset\tOperation\t_\t_\t\n" +
	"2-6\t47-48\t.\t_\t_\t_\t\n"

func TestParseWebAnno(t *testing.T) {
	doc, issues, err := parseWebAnno(webannoSample, "sample")
	if err != nil {
		t.Fatalf("parseWebAnno: %v", err)
	}
	if len(issues) != 1 || issues[0].line != 20 || !errors.Is(issues[0].err, errWebAnnoRef) {
		t.Errorf("issues = %v, want one unresolved reference at line 20", issues)
	}
	if err := checkDocument(doc); err != nil {
		t.Error(err)
	}
	wantText := "MgB2 was heated\rat 900 \x0eC.\n\nThe 𝑥 value\nis set."
	if doc.Text != wantText {
		t.Errorf("text = %q, want %q", doc.Text, wantText)
	}
	if got, want := paragraphTexts(doc), []string{"MgB2 was heated\rat 900 \x0eC.", "The 𝑥 value\nis set."}; !slices.Equal(got, want) {
		t.Errorf("paragraphs = %q, want %q", got, want)
	}

	wantSpans := []datasets.BratSpan{
		{ID: "T1", Label: "Material", Start: 0, End: 4, Text: "MgB2"},
		{ID: "T2", Label: "Operation", Start: 9, End: 15, Text: "heated"},
		{ID: "T3", Label: "Temp", Start: 19, End: 25, Text: "900 \x0eC"},
		{ID: "T4", Label: "Unit", Start: 23, End: 24, Text: "\x0e"},
		{ID: "T5", Label: "Entity", Start: 32, End: 33, Text: "𝑥"},
		{ID: "T6", Label: "Operation", Start: 43, End: 46, Text: "set"},
	}
	if !slices.Equal(doc.Gold.Spans, wantSpans) {
		t.Errorf("spans:\n got %+v\nwant %+v", doc.Gold.Spans, wantSpans)
	}
	// The relation on "value" points at a row without a span of the
	// layer, so it is left out and reported.
	wantRelations := []datasets.BratRelation{
		{ID: "R1", Type: "Participant", Arg1: "T1", Arg2: "T2"},
		{ID: "R2", Type: "Condition", Arg1: "T3", Arg2: "T2"},
	}
	if !slices.Equal(doc.Gold.Relations, wantRelations) {
		t.Errorf("relations:\n got %+v\nwant %+v", doc.Gold.Relations, wantRelations)
	}
	if doc.Gold.Name != "sample" || doc.Gold.Text != doc.Text {
		t.Errorf("gold name %q and text; want sample and the document text", doc.Gold.Name)
	}
}

func TestParseWebAnnoErrors(t *testing.T) {
	header := "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Entity|Tag\n\n"
	tests := []struct {
		name     string
		text     string
		line     int
		sentinel error
		reason   string
	}{
		{"not WebAnno", "token\ttag\n", 1, datasets.ErrMalformed, "first line"},
		{"version 2", "#FORMAT=WebAnno TSV 2\n", 1, ErrUnsupported, "only 3.x"},
		{"column count", header + "#Text=a b\n1-1\t0-1\ta\t_\n1-2\t2-3\tb\n", 6, datasets.ErrMalformed, "has 3 columns, want 4"},
		{"row id", header + "#Text=a\nx-1\t0-1\ta\t_\t\n", 5, datasets.ErrMalformed, "invalid token id"},
		{"offsets", header + "#Text=a\n1-1\t3-1\ta\t_\t\n", 5, datasets.ErrMalformed, "invalid offsets"},
		{"overlap", header + "#Text=ab\n1-1\t0-2\tab\t_\t\n1-2\t1-2\tb\t_\t\n", 6, datasets.ErrMalformed, "before the end"},
		{"duplicate id", header + "#Text=a b\n1-1\t0-1\ta\t_\t\n1-1\t2-3\tb\t_\t\n", 6, datasets.ErrMalformed, "appears twice"},
		{"row before text", header + "1-1\t0-1\ta\t_\t\n", 4, datasets.ErrMalformed, "before the first #Text="},
		{"sub-token outside", header + "#Text=ab\n1-1\t0-2\tab\t_\t\n1-1.1\t1-3\tb\t_\t\n", 6, datasets.ErrMalformed, "not inside"},
		{"layer after rows", header + "#Text=a\n1-1\t0-1\ta\t_\t\n#T_SP=x.Y|f\n", 6, datasets.ErrMalformed, "layer header after"},
		{"relation without BT", "#FORMAT=WebAnno TSV 3.3\n#T_RL=x.Rel|Label\n", 2, datasets.ErrMalformed, "no BT_ column"},
		{"token length", header + "#Text=x\n1-1\t0-3\tab\t_\t\n", 5, datasets.ErrMalformed, "UTF-16 code units long"},
		{"split surrogate", header + "#Text=𝑥\n1-1\t0-2\t𝑥\t_\t\n1-1.1\t1-2\t?\tX\t\n", 6, datasets.ErrMalformed, "split a character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := parseWebAnno(tt.text, "x")
			if !errors.Is(err, tt.sentinel) {
				t.Fatalf("error = %v, want one wrapping %v", err, tt.sentinel)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error = %q, want it to say %q", err, tt.reason)
			}
			if got := lineOf(err); got != tt.line {
				t.Errorf("line = %d, want %d", got, tt.line)
			}
		})
	}
}

func TestParseWebAnnoAnnotationIssues(t *testing.T) {
	text := "#FORMAT=WebAnno TSV 3.3\n#T_SP=x.Entity|Tag\n#T_RL=x.Rel|Label|BT_x.Entity\n\n" +
		"#Text=a b c\n" +
		"1-1\t0-1\ta\tA\t_\t_\t\n" +
		"1-2\t2-3\tb\tB\tR|S\t1-1\t\n" + // two labels, one reference
		"1-3\t4-5\tc\tC\tR|R|R\t9-9|1-1[7_0]|bad\t\n" // unknown row, unknown span id, invalid reference
	doc, issues, err := parseWebAnno(text, "x")
	if err != nil {
		t.Fatalf("parseWebAnno: %v", err)
	}
	var got []string
	for _, issue := range issues {
		got = append(got, issue.err.Error())
		if issue.line != 7 && issue.line != 8 {
			t.Errorf("issue %q at line %d, want line 7 or 8", issue.err, issue.line)
		}
	}
	want := []string{
		"malformed input: 2 relation labels but 1 governor references",
		"unresolved WebAnno reference: relation Rel refers to row 9-9 of span layer x.Entity, which the file does not have",
		"unresolved WebAnno reference: relation Rel from row 1-1 to row 1-3: no span of layer x.Entity at one of them",
		`malformed input: invalid governor reference "bad"; want a row id such as 1-3, optionally with [n_m]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("issues:\n got %q\nwant %q", got, want)
	}
	if len(doc.Gold.Spans) != 3 || len(doc.Gold.Relations) != 0 {
		t.Errorf("%d spans and %d relations, want 3 and 0", len(doc.Gold.Spans), len(doc.Gold.Relations))
	}
}

func TestUnescapeWebAnno(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "a b", "a b"},
		{"carriage return", `a\rb`, "a\rb"},
		{"tab and newline", `a\tb\nc`, "a\tb\nc"},
		{"backslash", `a\\b`, `a\b`},
		{"reserved characters", `\[1\]\|\_\*\;`, "[1]|_*;"},
		{"control character", "800\\\x0eC", "800\x0eC"},
		{"trailing backslash", `a\`, `a\`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unescapeWebAnno(tt.in); got != tt.want {
				t.Errorf("unescapeWebAnno(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestWebAnnoNameIDs(t *testing.T) {
	tests := []struct{ name, doi, arxiv string }{
		{"10.1016_j.jmat.2018.12.002", "10.1016/j.jmat.2018.12.002", ""},
		{"0807.1203", "", "0807.1203"},
		{"101038s41467-018-02857-1", "", ""},
		{"PhysRevB.101.064103", "", ""},
		{"10.1016", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doi, arxiv := webannoNameIDs(tt.name)
			if doi != tt.doi || arxiv != tt.arxiv {
				t.Errorf("webannoNameIDs(%q) = %q, %q; want %q, %q", tt.name, doi, arxiv, tt.doi, tt.arxiv)
			}
		})
	}
}

func TestReadWebAnnoFiles(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(webannoSample, "1-2\t5-8\twas\t_\t_\t_\t", "1-2\t5-8\twas", 1)
	writeFiles(t, dir, map[string]string{
		"10.1000_sample.tsv":    webannoSample,
		"sample.tsv.gz":         webannoSample,
		"broken.tsv":            bad,
		"metadata.tsv":          "name\tdoi\nx\t10.1/x\n",
		"empty.tsv":             "#FORMAT=WebAnno TSV 3.3\n#T_SP=x.Entity|Tag\n",
		"webanno-named-txt.txt": webannoSample,
	})
	tests := []struct {
		file     string
		wantID   string
		problems []string
	}{
		{"10.1000_sample.tsv", "10.1000/sample", []string{":20 (10.1000/sample): unresolved WebAnno reference"}},
		{"sample.tsv.gz", "", []string{":20 (sha256:"}},
		{"webanno-named-txt.txt", "", []string{":20 (sha256:"}},
		{"broken.tsv", "", []string{":8: malformed input: token row has 3 columns, want 6 for the declared layers"}},
		{"metadata.tsv", "", []string{": malformed input: the file is read as WebAnno TSV, by its .tsv name or the format setting, but its first line is not"}},
		{"empty.tsv", "", []string{": document has no text"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			docs, problems := readAllDocs(t, []string{path}, ReadConfig{})
			if len(problems) != len(tt.problems) {
				t.Fatalf("problems = %v, want %d", problems, len(tt.problems))
			}
			for i, p := range problems {
				if got := strings.TrimPrefix(p.String(), path); !strings.HasPrefix(got, tt.problems[i]) {
					t.Errorf("problem %q, want it to start with %q", got, tt.problems[i])
				}
			}
			if !strings.HasPrefix(tt.problems[0], ":20") {
				if len(docs) != 0 {
					t.Errorf("%d documents, want none", len(docs))
				}
				return
			}
			if len(docs) != 1 || docs[0].Format != FormatWebAnno || docs[0].Gold == nil {
				t.Fatalf("documents = %+v, want one WebAnno document with gold", docs)
			}
			if tt.wantID != "" && docs[0].ID != tt.wantID {
				t.Errorf("id = %q, want %q", docs[0].ID, tt.wantID)
			}
			if docs[0].Gold.Name != webannoStem(path) {
				t.Errorf("gold name = %q, want %q", docs[0].Gold.Name, webannoStem(path))
			}
		})
	}
}

// TestPcMSPCorpus reads every WebAnno file of PcMSP and checks that each
// gold span's text is the document text at its offsets.
func TestPcMSPCorpus(t *testing.T) {
	dir := filepath.Join(sharedData(t, "pcmsp"), "original")
	var files []string
	for _, split := range []string{"train", "dev"} {
		matches, err := filepath.Glob(filepath.Join(dir, split, "*.tsv"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	docs, problems := readAllDocs(t, files, ReadConfig{})

	if len(files) != 273 || len(docs) != 273 {
		t.Errorf("%d files, %d documents, want 273 of each", len(files), len(docs))
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
	spans, relations, paragraphs := 0, 0, 0
	ids := map[string]string{}
	for _, doc := range docs {
		if err := checkDocument(doc); err != nil {
			t.Errorf("%s: %v", doc.SourcePath, err)
		}
		if other, dup := ids[doc.ID]; dup {
			t.Errorf("%s and %s share the id %s", other, doc.SourcePath, doc.ID)
		}
		ids[doc.ID] = doc.SourcePath
		paragraphs += len(doc.Paragraphs)
		spans += len(doc.Gold.Spans)
		relations += len(doc.Gold.Relations)
		runes := []rune(doc.Text)
		for _, s := range doc.Gold.Spans {
			if got := string(runes[s.Start:s.End]); got != s.Text {
				t.Errorf("%s %s: text at [%d, %d) = %q, span text %q", doc.SourcePath, s.ID, s.Start, s.End, got, s.Text)
			}
		}
	}
	// The TSV files hold these many annotations; the JSON release of the
	// corpus has 13,094 entities and 12,552 relations because it leaves
	// some out.
	if spans != 13179 || relations != 12660 {
		t.Errorf("%d spans and %d relations, want 13179 and 12660", spans, relations)
	}
	t.Logf("pcmsp: %d documents, %d paragraphs, %d spans, %d relations", len(docs), paragraphs, spans, relations)

	data, err := os.ReadFile(filepath.Join(dir, "dev", "0807.1203.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := parseWebAnno(string(data), "0807.1203")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Various polycrystalline MgB2 samples are synthesized by solid-state route using ingredients of Mg and B."; paragraphTexts(doc)[0] != want {
		t.Errorf("first sentence = %q, want %q", paragraphTexts(doc)[0], want)
	}
	if got := doc.Gold.Relations[4]; got.Type != "Coreference" || doc.Gold.Spans[3].Text != "solid-state route" || got.Arg1 != "T4" {
		t.Errorf("relation R5 = %+v, want Coreference from T4 (solid-state route)", got)
	}
}

func TestReadWebAnnoSkipsOtherTablesInWalks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"metadata.tsv": "name\tdoi\nx\t10.1/x\n", "a.tsv": webannoSample})
	tests := []struct {
		name         string
		in           Input
		docs         int
		wantProblems int
	}{
		{"found in a walk", Input{Path: filepath.Join(dir, "metadata.tsv"), Root: dir}, 0, 0},
		{"named", Input{Path: filepath.Join(dir, "metadata.tsv")}, 0, 1},
		{"WebAnno found in a walk", Input{Path: filepath.Join(dir, "a.tsv"), Root: dir}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []Document
			var problems []Problem
			err := ReadInput(tt.in, ReadConfig{}, func(d Document) error {
				docs = append(docs, d)
				return nil
			}, func(p Problem) { problems = append(problems, p) })
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != tt.docs || len(problems) != tt.wantProblems {
				t.Errorf("%d documents, problems %v; want %d and %d", len(docs), problems, tt.docs, tt.wantProblems)
			}
		})
	}
}

func FuzzWebAnno(f *testing.F) {
	f.Add([]byte(webannoSample))
	f.Add([]byte("#FORMAT=WebAnno TSV 3.2\n#T_SP=a.B\n#T_CH=c.D|e|f\n#T_RL=g.H|BT_a.B\n\n#Text=x y\n1-1\t0-1\tx\t*[1]\t_\t_\t1-2\t\n1-1.1\t0-1\tx\t_\t_\t_\t_\t\n1-2\t2-3\ty\t*[1]|Z\t_\t_\t1-1[1_0]\t\n"))
	f.Add([]byte("#FORMAT=WebAnno TSV 3\n#T_SP=a.B|c\n\n#Text=𝑥\n1-1\t0-2\t𝑥\tq\\|r[2]\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkContent(data, 0) != nil {
			return
		}
		doc, issues, err := parseWebAnno(string(data), "fuzz")
		if err != nil {
			if !errors.Is(err, datasets.ErrMalformed) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither datasets.ErrMalformed nor ErrUnsupported", err)
			}
			if lineOf(err) < 1 {
				t.Fatalf("error %v has no line", err)
			}
			return
		}
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, data)
		}
		for _, issue := range issues {
			if issue.line < 2 {
				t.Fatalf("issue %v at line %d", issue.err, issue.line)
			}
		}
		runes := []rune(doc.Text)
		ids := map[string]bool{}
		for _, s := range doc.Gold.Spans {
			if s.Start < 0 || s.Start > s.End || s.End > len(runes) || string(runes[s.Start:s.End]) != s.Text {
				t.Fatalf("span %+v does not match the text of %d code points", s, len(runes))
			}
			ids[s.ID] = true
		}
		for _, r := range doc.Gold.Relations {
			if !ids[r.Arg1] || !ids[r.Arg2] {
				t.Fatalf("relation %+v refers to a span that does not exist", r)
			}
		}
	})
}

func BenchmarkParseWebAnno(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(webannoSample)))
	for b.Loop() {
		if _, _, err := parseWebAnno(webannoSample, "sample"); err != nil {
			b.Fatal(err)
		}
	}
}
