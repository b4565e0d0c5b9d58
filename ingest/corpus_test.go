package ingest

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// These tests read the real corpora of the shared data folder; see
// sharedData for when they skip.

func TestMSPTCorpus(t *testing.T) {
	dir := filepath.Join(sharedData(t, "mspt"), "brat")
	docs, problems := readAllDocs(t, []string{dir}, ReadConfig{})

	if len(docs) != 165 {
		t.Errorf("documents = %d, want 165", len(docs))
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
	paragraphs, untitled := 0, 0
	for _, doc := range docs {
		paragraphs += len(doc.Paragraphs)
		if err := checkDocument(doc); err != nil {
			t.Errorf("%s: %v", doc.SourcePath, err)
		}
		if doc.Format != FormatBrat || doc.Gold == nil || doc.DOI == "" || doc.ID != doc.DOI {
			t.Errorf("%s: format %q, gold %v, DOI %q, id %q; want brat with gold and the DOI as id",
				doc.SourcePath, doc.Format, doc.Gold != nil, doc.DOI, doc.ID)
		}
		if doc.Title == "" {
			untitled++
			continue
		}
		if len(doc.Paragraphs) < 2 || doc.Paragraphs[0].Kind != KindTitle || paragraphTexts(doc)[0] != doc.Title {
			t.Errorf("%s: first paragraph is not the title %q", doc.SourcePath, doc.Title)
		}
	}
	// Three files have no title line, and their first paragraph is body.
	if untitled != 3 {
		t.Errorf("documents without a title = %d, want 3", untitled)
	}
	t.Logf("mspt: %d documents, %d paragraphs, %d problems", len(docs), paragraphs, len(problems))

	byName := map[string]Document{}
	for _, doc := range docs {
		byName[filepath.Base(doc.SourcePath)] = doc
	}
	tests := []struct {
		file, doi, titlePrefix string
		spans                  int
	}{
		{"101002adma200903953.txt", "10.1002/adma.200903953", "High-Performance Oxygen-Permeable Membranes", 197},
		{"101016jmatlet201001077.txt", "10.1016/j.matlet.2010.01.077", "Polycrystalline SnO2 nanowires", -1},
		{"101016jjpowsour201204074.txt", "10.1016/j.jpowsour.2012.04.074", "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc := byName[tt.file]
			if doc.DOI != tt.doi {
				t.Errorf("DOI = %q, want %q", doc.DOI, tt.doi)
			}
			if !strings.HasPrefix(doc.Title, tt.titlePrefix) || (tt.titlePrefix == "") != (doc.Title == "") {
				t.Errorf("title = %q, want it to start with %q", doc.Title, tt.titlePrefix)
			}
			if tt.spans >= 0 && (doc.Gold == nil || len(doc.Gold.Spans) != tt.spans) {
				t.Errorf("gold spans = %v, want %d", doc.Gold, tt.spans)
			}
			if doc.Gold == nil || doc.Gold.Name != strings.TrimSuffix(tt.file, ".txt") {
				t.Errorf("gold name = %v, want %q", doc.Gold, strings.TrimSuffix(tt.file, ".txt"))
			}
		})
	}
}

// TestMSPTGoldOffsets checks the offsets of every gold span against the span
// text that the .ann file states, which datasets.ParseAnn does not read.
func TestMSPTGoldOffsets(t *testing.T) {
	dir := filepath.Join(sharedData(t, "mspt"), "brat")
	docs, _ := readAllDocs(t, []string{dir}, ReadConfig{})

	checked, spans := 0, 0
	for _, doc := range docs {
		spans += len(doc.Gold.Spans)
		runes := []rune(doc.Text)
		for _, want := range annSpanTexts(t, strings.TrimSuffix(doc.SourcePath, ".txt")+".ann") {
			checked++
			if want.end > len(runes) {
				t.Errorf("%s %s: end %d is past the text (%d code points)", doc.SourcePath, want.id, want.end, len(runes))
				continue
			}
			if got := string(runes[want.start:want.end]); got != want.text {
				t.Errorf("%s %s: text at [%d, %d) = %q, want %q", doc.SourcePath, want.id, want.start, want.end, got, want.text)
			}
		}
	}
	if checked != 16038 || spans != 16038 {
		t.Errorf("checked %d span texts and parsed %d spans, want 16038 of each", checked, spans)
	}
}

type annSpan struct {
	id         string
	start, end int
	text       string
}

// annSpanTexts returns the T lines of a .ann file with their stated text.
// Only the continuous spans that MSPT has are supported.
func annSpanTexts(t *testing.T, path string) []annSpan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var spans []annSpan
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Split(scanner.Text(), "\t")
		if !strings.HasPrefix(fields[0], "T") || len(fields) < 3 {
			continue
		}
		parts := strings.Fields(fields[1])
		start, err1 := strconv.Atoi(parts[1])
		end, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: invalid span line %q", path, scanner.Text())
		}
		spans = append(spans, annSpan{id: fields[0], start: start, end: end, text: fields[2]})
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return spans
}

func TestElifeCorpus(t *testing.T) {
	dir := sharedData(t, "elife-jats")
	all, problems := readAllDocs(t, []string{dir}, ReadConfig{})

	// The folder's README.md describes the folder, so the walk skips it.
	var docs []Document
	for _, doc := range all {
		if doc.Format == FormatJATS {
			docs = append(docs, doc)
		}
	}
	if len(docs) != 12 || len(all) != 12 {
		t.Errorf("documents = %d of %d, want the 12 JATS articles only", len(docs), len(all))
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
	byName := map[string]Document{}
	paragraphs := 0
	for _, doc := range docs {
		byName[filepath.Base(doc.SourcePath)] = doc
		paragraphs += len(doc.Paragraphs)
		if err := checkDocument(doc); err != nil {
			t.Errorf("%s: %v", doc.SourcePath, err)
		}
		for _, markup := range []string{"</", "<italic", "mml:", "{{"} {
			if strings.Contains(doc.Text, markup) {
				t.Errorf("%s: text contains %q", doc.SourcePath, markup)
			}
		}
	}
	t.Logf("elife: %d documents, %d paragraphs, %d problems", len(docs), paragraphs, len(problems))

	tests := []struct {
		file, title, doi, license string
		year, minBody             int
	}{
		{"elife00005.xml.gz", "Molecular architecture of human polycomb repressive complex 2", "10.7554/elife.00005",
			"http://creativecommons.org/licenses/by/3.0/", 2012, 20},
		{"elife02935.xml.gz", "Origins and functional consequences of somatic mitochondrial DNA mutations in human cancer",
			"10.7554/elife.02935", "http://creativecommons.org/publicdomain/zero/1.0/", 2014, 20},
		{"elife07586.xml.gz", "Correction: Mucosal effects for tenofovir 1% gel", "10.7554/elife.07586",
			"http://creativecommons.org/licenses/by/4.0/", 2015, 3},
		{"elife_poa_e06828.xml.gz", "Cis and trans RET signaling control the survival and central projection growth of rapidly adapting mechanoreceptors",
			"10.7554/elife.06828", "http://creativecommons.org/licenses/by/4.0/", 2015, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, ok := byName[tt.file]
			if !ok {
				t.Fatalf("no document read from %s", tt.file)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if doc.DOI != tt.doi || doc.ID != tt.doi {
				t.Errorf("DOI = %q, id = %q, want %q", doc.DOI, doc.ID, tt.doi)
			}
			if doc.License != tt.license {
				t.Errorf("license = %q, want %q", doc.License, tt.license)
			}
			if doc.Year != tt.year {
				t.Errorf("year = %d, want %d", doc.Year, tt.year)
			}
			if body := countKind(doc, KindBody); body < tt.minBody || (tt.minBody == 0 && body != 0) {
				t.Errorf("body paragraphs = %d, want at least %d (exactly 0 for an article without body)", body, tt.minBody)
			}
		})
	}

	if doc := byName["elife00005.xml.gz"]; strings.Contains(doc.Abstract, "Protein complexes") || !strings.HasPrefix(doc.Abstract, "Polycomb Repressive Complex 2") {
		t.Errorf("elife00005 abstract = %.80q…, want the main abstract without the eLife digest", doc.Abstract)
	}
}

func countKind(doc Document, kind ParagraphKind) int {
	n := 0
	for _, p := range doc.Paragraphs {
		if p.Kind == kind {
			n++
		}
	}
	return n
}

func TestUnarxiveCorpus(t *testing.T) {
	path := filepath.Join(sharedData(t, "unarxive-sample"), "arXiv_src_2212_086.subset.jsonl.gz")
	docs, problems := readAllDocs(t, []string{path}, ReadConfig{})

	if len(docs) != 39 {
		t.Errorf("documents = %d, want 39", len(docs))
	}
	for _, p := range problems {
		t.Errorf("unexpected problem: %s", p)
	}
	paragraphs := 0
	for i, doc := range docs {
		paragraphs += len(doc.Paragraphs)
		if err := checkDocument(doc); err != nil {
			t.Errorf("line %d: %v", doc.SourceLine, err)
		}
		wantID := "arxiv:" + doc.ArxivID
		if doc.DOI != "" {
			wantID = doc.DOI
		}
		if doc.SourceLine != i+1 || !strings.HasPrefix(doc.ArxivID, "2212.") || doc.ID != wantID || doc.Year != 2022 {
			t.Errorf("line %d: source line %d, arXiv id %q, id %q, year %d; want line %d, a 2212 arXiv id, id %q and 2022",
				i+1, doc.SourceLine, doc.ArxivID, doc.ID, doc.Year, i+1, wantID)
		}
		if markerPattern.MatchString(doc.Text) {
			t.Errorf("%s: text keeps a marker", doc.ID)
		}
	}
	t.Logf("unarxive: %d documents, %d paragraphs, %d problems", len(docs), paragraphs, len(problems))

	var doc Document
	for _, d := range docs {
		if d.ID == "arxiv:2212.11849" {
			doc = d
		}
	}
	if want := "Stability Analysis and Performance Evaluation of Mixed-Precision Runge-Kutta Methods"; doc.Title != want {
		t.Errorf("arxiv:2212.11849 title = %q, want %q", doc.Title, want)
	}
	if want := "http://creativecommons.org/licenses/by-sa/4.0/"; doc.License != want {
		t.Errorf("arxiv:2212.11849 license = %q, want %q", doc.License, want)
	}
}
