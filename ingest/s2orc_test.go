package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/litmine/litmine/datasets"
)

const unarxiveLine = `{"paper_id": "2212.11867", "metadata": {"id": "2212.11867", "title": "Zeros of\n  derivatives", "doi": null,
 "license": "http://creativecommons.org/licenses/by/4.0/", "versions": [{"version": "v1", "created": "Thu, 2 Dec 2021 17:01:56 GMT"}],
 "update_date": "2022-12-23"},
 "abstract": {"section": "Abstract", "text": "  Let $X_1$ be\nrandom. "},
 "body_text": [
  {"section": "Introduction", "sec_number": "1", "content_type": "paragraph", "text": "Let {{formula:61dfc976-7f58-49bc-bc57-8612b6edd0ec}}  be a measure {{cite:b9a0ebd2}}.\n"},
  {"section": "Introduction", "content_type": "list", "text": "Shape.\n{{figure:44e10a6e-992e-42c7-91d0-08b8e216c3a8}}"},
  {"section": "Proof of {{formula:aa}}", "content_type": "proof", "text": "Trivial."},
  {"section": "Proof of {{formula:aa}}", "content_type": "paragraph", "text": "{{table:0d1e}}"}
 ]}`

func TestParseS2ORC(t *testing.T) {
	doc, err := parseS2ORC([]byte(strings.ReplaceAll(unarxiveLine, "\n", "")))
	if err != nil {
		t.Fatalf("parseS2ORC: %v", err)
	}
	if err := checkDocument(doc); err != nil {
		t.Error(err)
	}
	want := []wantParagraph{
		{KindTitle, "", "Zeros of derivatives"},
		{KindAbstract, "", "Let $X_1$ be random."},
		{KindHeading, "Introduction", "Introduction"},
		{KindBody, "Introduction", "Let FORMULA be a measure CITATION."},
		{KindBody, "Introduction", "Shape."},
		{KindHeading, "Proof of FORMULA", "Proof of FORMULA"},
		{KindBody, "Proof of FORMULA", "Trivial."},
	}
	if got := paragraphsOf(doc); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
	if doc.ArxivID != "2212.11867" || DocumentID(doc) != "arxiv:2212.11867" {
		t.Errorf("arXiv id %q, document id %q; want 2212.11867 and arxiv:2212.11867", doc.ArxivID, DocumentID(doc))
	}
	if doc.Year != 2021 || doc.License != "http://creativecommons.org/licenses/by/4.0/" || doc.DOI != "" {
		t.Errorf("year, license, DOI = %d, %q, %q; want 2021, CC BY 4.0 URL, none", doc.Year, doc.License, doc.DOI)
	}
}

func TestParseS2ORCVariants(t *testing.T) {
	tests := []struct {
		name      string
		line      string
		wantTexts []string
		wantYear  int
		wantArxiv string
		wantDOI   string
	}{
		{"S2ORC abstract list", `{"paper_id": 77499681, "metadata": {"title": "T", "year": 2016, "doi": "10.1000/ABC", "arxiv_id": null},
			"abstract": [{"text": "One."}, {"text": "Two."}], "body_text": []}`,
			[]string{"T", "One.", "Two."}, 2016, "", "10.1000/abc"},
		{"string abstract and top-level title", `{"title": "T", "abstract": "Abs.", "body_text": [{"text": "B."}]}`,
			[]string{"T", "Abs.", "B."}, 0, "", ""},
		{"metadata abstract fallback", `{"metadata": {"title": "T", "abstract": "  Raw\n abstract. "}, "abstract": null}`,
			[]string{"T", "Raw abstract."}, 0, "", ""},
		{"arXiv metadata record", `{"id": "hep-th/9901001v2", "title": "Old\n  style", "doi": "10.1/x 10.2/y", "abstract": "  A.", "versions": [{"created": "Mon, 4 Jan 1999 10:00:00 GMT"}]}`,
			[]string{"Old style", "A."}, 1999, "hep-th/9901001", ""},
		{"update date year", `{"metadata": {"title": "T", "update_date": "2020-01-02", "versions": [{"created": "soon"}]}}`,
			[]string{"T"}, 2020, "", ""},
		{"string year", `{"metadata": {"title": "T", "year": "2001"}}`, []string{"T"}, 2001, "", ""},
		{"paper id as arXiv id", `{"paper_id": "2101.00001v3", "body_text": [{"section": null, "text": "B."}]}`,
			[]string{"B."}, 0, "2101.00001", ""},
		{"empty fields", `{"title": "", "abstract": [], "body_text": []}`, nil, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseS2ORC([]byte(strings.ReplaceAll(tt.line, "\n\t\t\t", " ")))
			if err != nil {
				t.Fatalf("parseS2ORC: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.wantTexts) {
				t.Errorf("paragraphs = %q, want %q", got, tt.wantTexts)
			}
			if doc.Year != tt.wantYear || doc.ArxivID != tt.wantArxiv || doc.DOI != tt.wantDOI {
				t.Errorf("year, arXiv id, DOI = %d, %q, %q; want %d, %q, %q",
					doc.Year, doc.ArxivID, doc.DOI, tt.wantYear, tt.wantArxiv, tt.wantDOI)
			}
		})
	}
}

func TestParseS2ORCErrors(t *testing.T) {
	tests := []struct{ name, line string }{
		{"syntax", `{"title": "T",}`},
		{"array", `[1, 2]`},
		{"wrong body type", `{"body_text": "text"}`},
		{"wrong abstract type", `{"abstract": 5}`},
		{"abstract list of strings", `{"abstract": ["a"]}`},
		{"truncated", `{"title": "T"`},
		{"empty record", `{}`},
		{"null", `null`},
		{"other data set", `{"dialogue_id": "1_00000", "turns": []}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseS2ORC([]byte(tt.line)); !errors.Is(err, datasets.ErrMalformed) {
				t.Errorf("error = %v, want one wrapping datasets.ErrMalformed", err)
			}
		})
	}
}

func TestReplaceMarkers(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"formula between words", "let {{formula:1-2}}  be", "let FORMULA be"},
		{"glued formula", "X1,X2,...{{formula:a}} sampled", "X1,X2,... FORMULA sampled"},
		{"formula before punctuation", "of {{formula:a}}.", "of FORMULA."},
		{"formula in brackets", "({{formula:a}})", "(FORMULA)"},
		{"citation", "Rivin {{cite:b9a0}} conjectured", "Rivin CITATION conjectured"},
		{"figure removed", "shape.\n{{figure:44e1}}", "shape."},
		{"table removed between words", "a{{table:1}}b", "a b"},
		{"unknown kind removed", "a {{ref:1}} b", "a b"},
		{"LaTeX braces kept", "$e^{{\\varepsilon }n}$", "$e^{{\\varepsilon }n}$"},
		{"code kept", "VacNptFct[{{L[-2],z}}]", "VacNptFct[{{L[-2],z}}]"},
		{"only markers", "{{figure:a}} {{table:b}}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := replaceMarkers(tt.in); got != tt.want {
				t.Errorf("replaceMarkers(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestReadJSONLinesProblems(t *testing.T) {
	dir := t.TempDir()
	good := `{"metadata": {"id": "2212.00001", "title": "Good"}}`
	lines := strings.Join([]string{
		"\uFEFF" + `{"metadata": {"id": "2212.00000", "title": "First"}}`,
		good,
		`{"metadata": {"title": "Broken"`,
		"",
		`{"metadata": {"title": "Bad ` + "\xff" + `"}}`,
		`{"metadata": {"title": "` + strings.Repeat("x", 200) + `"}}`,
		`{}`,
		`   ` + strings.Replace(good, "00001", "00002", 1) + "\r",
	}, "\n")
	writeFiles(t, dir, map[string]string{"papers.jsonl": lines, "papers.jsonl.gz": lines})

	for _, name := range []string{"papers.jsonl", "papers.jsonl.gz"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			docs, problems := readAllDocs(t, []string{path}, ReadConfig{MaxLineBytes: 150})

			var ids []string
			var lineNos []int
			for _, d := range docs {
				ids = append(ids, d.ID)
				lineNos = append(lineNos, d.SourceLine)
			}
			if want := []string{"arxiv:2212.00000", "arxiv:2212.00001", "arxiv:2212.00002"}; !slices.Equal(ids, want) {
				t.Errorf("ids = %q, want %q", ids, want)
			}
			if want := []int{1, 2, 8}; !slices.Equal(lineNos, want) {
				t.Errorf("source lines = %v, want %v", lineNos, want)
			}

			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			badOffset := int64(strings.Index(lines, "\xff"))
			want := []string{
				path + ":3: malformed input: invalid JSON record: unexpected end of JSON input",
				path + ":5: malformed input: invalid UTF-8 at byte offset " + strconv.FormatInt(badOffset, 10),
				path + ":6: input too large: line is longer than 150 bytes; raise --max-line-bytes (ReadConfig.MaxLineBytes) to read it",
				path + ":7: malformed input: record has no title, metadata, abstract or body_text field, so it is not unarXive, S2ORC or arXiv metadata",
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(problems) > 1 && problems[1].Offset != badOffset {
				t.Errorf("offset of the invalid UTF-8 = %d, want %d", problems[1].Offset, badOffset)
			}
		})
	}
}

func TestReadJSONLinesWholeFileProblems(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"pretty.json":  "{\n  \"title\": \"T\"\n}\n",
		"empty.jsonl":  "",
		"blank.jsonl":  "\n  \n",
		"array.json":   "[{\"title\": \"T\"}]\n",
		"binary.jsonl": "{\x00\x01",
		"mixed.txt":    "{\"title\": \"Read as JSON lines by content\"}\n",
	})
	truncated := gzipBytes(t, []byte(`{"title": "A"}`+"\n"+`{"title": "B"}`+"\n"))
	if err := os.WriteFile(filepath.Join(dir, "truncated.jsonl.gz"), truncated[:len(truncated)-10], 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		file         string
		wantDocs     int
		wantProblems []string
	}{
		{"pretty.json", 0, []string{":1: malformed input: a JSON value spans several lines; want one object per line"}},
		{"empty.jsonl", 0, []string{": document has no text"}},
		{"blank.jsonl", 0, []string{": document has no text"}},
		{"array.json", 0, []string{":1: malformed input: the line is a JSON array; want one JSON object per line"}},
		{"binary.jsonl", 0, []string{"@1: malformed input: NUL byte, so the content looks binary at byte offset 1"}},
		{"mixed.txt", 1, nil},
		{"truncated.jsonl.gz", 2, []string{":3: read: unexpected EOF"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			docs, problems := readAllDocs(t, []string{path}, ReadConfig{})
			if len(docs) != tt.wantDocs {
				t.Errorf("documents = %d, want %d", len(docs), tt.wantDocs)
			}
			var got []string
			for _, p := range problems {
				got = append(got, strings.TrimPrefix(p.String(), path))
			}
			if !slices.Equal(got, tt.wantProblems) {
				t.Errorf("problems = %q, want %q", got, tt.wantProblems)
			}
		})
	}
}
