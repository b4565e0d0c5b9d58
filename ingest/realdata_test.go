package ingest

import (
	"path/filepath"
	"testing"
)

// TestRealCorporaNoProblems walks the real corpora of the shared data
// folder with format detection and checks that no record is rejected and
// that each corpus gives the expected documents of each format.
func TestRealCorporaNoProblems(t *testing.T) {
	tests := []struct {
		corpus string
		paths  []string // relative to the corpus folder; "." is the folder
		want   map[Format]int
	}{
		{"mspt", []string{"brat"}, map[Format]int{FormatBrat: 165}},
		{"pcmsp", []string{"original"}, map[Format]int{FormatWebAnno: 273}},
		{"sofc-exp", []string{"texts"}, map[Format]int{FormatText: 34}},
		// The walk skips the folder's README.md, which is not a paper.
		{"elife-jats", []string{"."}, map[Format]int{FormatJATS: 12}},
		{"unarxive-sample", []string{"arXiv_src_2212_086.subset.jsonl.gz", "arxiv_metadata.jsonl.gz"}, map[Format]int{FormatS2ORC: 78}},
	}
	for _, tt := range tests {
		t.Run(tt.corpus, func(t *testing.T) {
			dir := sharedData(t, tt.corpus)
			var paths []string
			for _, p := range tt.paths {
				paths = append(paths, filepath.Join(dir, p))
			}
			docs, problems := readAllDocs(t, paths, ReadConfig{})
			for _, p := range problems {
				t.Errorf("unexpected problem: %s", p)
			}
			got := map[Format]int{}
			paragraphs := 0
			for _, doc := range docs {
				got[doc.Format]++
				paragraphs += len(doc.Paragraphs)
				if err := checkDocument(doc); err != nil {
					t.Errorf("%s: %v", doc.SourcePath, err)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("documents by format = %v, want %v", got, tt.want)
			}
			for format, n := range tt.want {
				if got[format] != n {
					t.Errorf("%s documents = %d, want %d", format, got[format], n)
				}
			}
			t.Logf("%s: %d documents, %d paragraphs", tt.corpus, len(docs), paragraphs)
		})
	}
}
