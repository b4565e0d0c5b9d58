package ingest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// arxivRecord is a record of the arXiv metadata snapshot, with the fields
// and the white space of the real snapshot.
const arxivRecord = `{"id": "2101.00001", "submitter": "A. Author", "authors": "A. Author, B. Author",
 "title": "Sol-gel synthesis of\n  LiFePO4 cathodes", "comments": "12 pages", "journal-ref": null,
 "doi": "10.1000/ABC.1 10.1000/other", "report-no": null, "categories": "cond-mat.mtrl-sci physics.chem-ph",
 "license": "http://creativecommons.org/licenses/by/4.0/",
 "abstract": "  We made LiFePO4 by a sol-gel route.\nThe powder was calcined at 600 C.\n",
 "versions": [{"version": "v1", "created": "Fri, 1 Jan 2021 10:00:00 GMT"}, {"version": "v2", "created": "Mon, 3 Jan 2022 10:00:00 GMT"}],
 "update_date": "2023-02-01", "authors_parsed": [["Author", "A.", ""], ["Author", "B.", ""]]}`

func TestParseArxivMetadata(t *testing.T) {
	tests := []struct {
		name                    string
		edit                    func(string) string
		id, doi, license, arxiv string
		year                    int
	}{
		{"full record", nil, "10.1000/abc.1", "10.1000/abc.1", "http://creativecommons.org/licenses/by/4.0/", "2101.00001", 2021},
		{"no DOI", func(s string) string { return strings.Replace(s, `"10.1000/ABC.1 10.1000/other"`, "null", 1) },
			"arxiv:2101.00001", "", "http://creativecommons.org/licenses/by/4.0/", "2101.00001", 2021},
		{"no versions", func(s string) string { return strings.Replace(s, `"versions": [`, `"old_versions": [`, 1) },
			"10.1000/abc.1", "10.1000/abc.1", "http://creativecommons.org/licenses/by/4.0/", "2101.00001", 2023},
		{"unreadable version date", func(s string) string { return strings.Replace(s, "Fri, 1 Jan 2021 10:00:00 GMT", "2021-01-01", 1) },
			"10.1000/abc.1", "10.1000/abc.1", "http://creativecommons.org/licenses/by/4.0/", "2101.00001", 2023},
		{"no licence", func(s string) string {
			return strings.Replace(s, `"http://creativecommons.org/licenses/by/4.0/"`, "null", 1)
		}, "10.1000/abc.1", "10.1000/abc.1", "", "2101.00001", 2021},
		{"old-style id", func(s string) string {
			return strings.Replace(strings.Replace(s, `"2101.00001"`, `"cond-mat/0102536"`, 1), `"10.1000/ABC.1 10.1000/other"`, "null", 1)
		}, "arxiv:cond-mat/0102536", "", "http://creativecommons.org/licenses/by/4.0/", "cond-mat/0102536", 2021},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := strings.ReplaceAll(arxivRecord, "\n ", " ")
			if tt.edit != nil {
				line = tt.edit(line)
			}
			doc, err := parseS2ORC([]byte(line))
			if err != nil {
				t.Fatalf("parseS2ORC: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			want := []wantParagraph{
				{KindTitle, "", "Sol-gel synthesis of LiFePO4 cathodes"},
				{KindAbstract, "", "We made LiFePO4 by a sol-gel route. The powder was calcined at 600 C."},
			}
			if got := paragraphsOf(doc); !slices.Equal(got, want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
			}
			if doc.Title != want[0].text || doc.Abstract != want[1].text {
				t.Errorf("title %q, abstract %q; want them with white space normalized", doc.Title, doc.Abstract)
			}
			if got := DocumentID(doc); got != tt.id {
				t.Errorf("id = %q, want %q", got, tt.id)
			}
			if doc.DOI != tt.doi || doc.License != tt.license || doc.ArxivID != tt.arxiv || doc.Year != tt.year {
				t.Errorf("DOI, licence, arXiv id, year = %q, %q, %q, %d; want %q, %q, %q, %d",
					doc.DOI, doc.License, doc.ArxivID, doc.Year, tt.doi, tt.license, tt.arxiv, tt.year)
			}
			// Document has no field for the arXiv categories, and no
			// paragraph may carry them.
			if strings.Contains(doc.Text, "cond-mat.mtrl-sci") {
				t.Errorf("text %q contains the categories", doc.Text)
			}
		})
	}
}

// TestArxivMetadataCorpus reads the arXiv metadata records of the unarXive
// sample and checks them against the metadata objects of the full-text
// file, which hold the same fields.
func TestArxivMetadataCorpus(t *testing.T) {
	dir := sharedData(t, "unarxive-sample")
	docs, problems := readAllDocs(t, []string{filepath.Join(dir, "arxiv_metadata.jsonl.gz")}, ReadConfig{})
	fullText, _ := readAllDocs(t, []string{filepath.Join(dir, "arXiv_src_2212_086.subset.jsonl.gz")}, ReadConfig{})

	if len(docs) != 39 {
		t.Errorf("documents = %d, want 39", len(docs))
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
	byID := map[string]Document{}
	for _, d := range fullText {
		byID[d.ID] = d
	}
	licenses := map[string]int{}
	ids := map[string]string{}
	for i, doc := range docs {
		ids[doc.ID] = doc.ArxivID
		if err := checkDocument(doc); err != nil {
			t.Errorf("line %d: %v", doc.SourceLine, err)
		}
		wantID := "arxiv:" + doc.ArxivID
		if doc.DOI != "" {
			wantID = doc.DOI
		}
		if doc.SourceLine != i+1 || doc.ID != wantID || doc.Year != 2022 || !strings.HasPrefix(doc.ArxivID, "2212.") {
			t.Errorf("line %d: source line %d, id %q, arXiv id %q, year %d; want line %d, id %q, a 2212 arXiv id and 2022",
				i+1, doc.SourceLine, doc.ID, doc.ArxivID, doc.Year, i+1, wantID)
		}
		if !slices.Equal(paragraphKinds(doc), []ParagraphKind{KindTitle, KindAbstract}) {
			t.Errorf("%s: paragraph kinds %v, want title and abstract", doc.ID, paragraphKinds(doc))
		}
		if normalizeSpace(doc.Abstract) != doc.Abstract || normalizeSpace(doc.Title) != doc.Title {
			t.Errorf("%s: title %q or abstract %.60q keeps raw white space", doc.ID, doc.Title, doc.Abstract)
		}
		full, ok := byID[doc.ID]
		if !ok || full.Title != doc.Title || full.License != doc.License || full.Year != doc.Year {
			t.Errorf("%s: title %q, licence %q, year %d differ from the full-text record %q, %q, %d",
				doc.ID, doc.Title, doc.License, doc.Year, full.Title, full.License, full.Year)
		}
		licenses[doc.License]++
	}
	wantLicenses := map[string]int{
		"http://creativecommons.org/licenses/by/4.0/":       37,
		"http://creativecommons.org/licenses/by-sa/4.0/":    1,
		"http://creativecommons.org/publicdomain/zero/1.0/": 1,
	}
	for license, n := range wantLicenses {
		if licenses[license] != n {
			t.Errorf("%d documents with licence %s, want %d", licenses[license], license, n)
		}
	}
	if ids["10.18452/25593"] != "2212.11829" {
		t.Errorf("no document with the id 10.18452/25593, the DOI of arXiv 2212.11829")
	}
}
