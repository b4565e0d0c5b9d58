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

// sourceNames returns the source path of each document relative to dir,
// with the line for JSON-lines records.
func sourceNames(t *testing.T, dir string, docs []Document) []string {
	t.Helper()
	var names []string
	for _, d := range docs {
		rel, err := filepath.Rel(dir, d.SourcePath)
		if err != nil {
			t.Fatal(err)
		}
		if d.SourceLine > 0 {
			rel += ":" + strings.Repeat("I", d.SourceLine)
		}
		names = append(names, filepath.ToSlash(rel))
	}
	return names
}

func TestWalkOrder(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.txt":              "B.",
		"a/z.xml":            "<article><body><p>Z.</p></body></article>",
		"a/c.jsonl":          `{"title": "C1"}` + "\n" + `{"title": "C2"}`,
		"a/b/d.txt.gz":       "D.",
		"a/b/e.nxml.gz":      "<article><body><p>E.</p></body></article>",
		"a/.hidden.txt":      "hidden",
		"a/table.csv":        "not read in a folder",
		"a/pair.ann":         "T1\tX 0 4\tPair\n",
		"a/pair.txt":         "Pair.",
		"explicit/notes.dat": "Read when named.",
	})
	paths := []string{filepath.Join(dir, "explicit", "notes.dat"), filepath.Join(dir, "a"), filepath.Join(dir, "b.txt")}
	docs, problems := readAllDocs(t, paths, ReadConfig{})

	want := []string{"explicit/notes.dat", "a/b/d.txt.gz", "a/b/e.nxml.gz", "a/c.jsonl:I", "a/c.jsonl:II", "a/pair.txt", "a/z.xml", "b.txt"}
	if got := sourceNames(t, dir, docs); !slices.Equal(got, want) {
		t.Errorf("documents from %q, want %q", got, want)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %v, want none", problems)
	}
	for _, d := range docs {
		if err := checkDocument(d); err != nil {
			t.Errorf("%s: %v", d.SourcePath, err)
		}
	}

	// Walking twice gives the same documents with the same ids.
	again, _ := readAllDocs(t, paths, ReadConfig{})
	for i := range docs {
		if docs[i].ID != again[i].ID || docs[i].Text != again[i].Text {
			t.Errorf("document %d: second walk gave id %q, want %q", i, again[i].ID, docs[i].ID)
		}
	}
}

func TestWalkFormats(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"plain.txt":      "Para one\nstill one.\n\nPara two.",
		"jats.xml":       "<article><body><p>J.</p></body></article>",
		"jats.txt":       "<?xml version=\"1.0\"?><article><body><p>J.</p></body></article>",
		"noext":          "<article><body><p>N.</p></body></article>",
		"lines.json.gz":  `{"title": "L"}`,
		"textnamed.xml":  "Not XML at all.",
		"gzmagic.txt":    "",
		"invalid.txt":    "Good start \xc3\x28 bad",
		"binary.txt":     "abc\x00def",
		"emptyfile.txt":  "",
		"badgzip.txt.gz": "",
	})
	writeRaw(t, filepath.Join(dir, "gzmagic.txt"), gzipBytes(t, []byte("Zipped without the name.")))
	writeRaw(t, filepath.Join(dir, "badgzip.txt.gz"), []byte("this is not gzip data at all"))

	tests := []struct {
		file       string
		format     Format
		wantTexts  []string
		wantReason string
	}{
		{"plain.txt", FormatText, []string{"Para one\nstill one.", "Para two."}, ""},
		{"jats.xml", FormatJATS, []string{"J."}, ""},
		{"jats.txt", FormatJATS, []string{"J."}, ""},
		{"noext", FormatJATS, []string{"N."}, ""},
		{"lines.json.gz", FormatS2ORC, []string{"L"}, ""},
		{"gzmagic.txt", FormatText, []string{"Zipped without the name."}, ""},
		{"textnamed.xml", "", nil, "malformed input: the file extension is for jats but the content looks like text; set the format explicitly to read it anyway"},
		{"invalid.txt", "", nil, "malformed input: invalid UTF-8 at byte offset 11"},
		{"binary.txt", "", nil, "malformed input: NUL byte, so the content looks binary at byte offset 3"},
		{"emptyfile.txt", "", nil, "document has no text"},
		{"badgzip.txt.gz", "", nil, "read gzip stream: gzip: invalid header"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{filepath.Join(dir, tt.file)}, ReadConfig{})
			var reasons []string
			for _, p := range problems {
				reasons = append(reasons, p.Reason)
			}
			if tt.wantReason != "" {
				if len(docs) != 0 || !slices.Equal(reasons, []string{tt.wantReason}) {
					t.Errorf("%d documents, problems %q; want none and %q", len(docs), reasons, tt.wantReason)
				}
				return
			}
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %q; want 1 document and no problem", len(docs), reasons)
			}
			if docs[0].Format != tt.format {
				t.Errorf("format = %q, want %q", docs[0].Format, tt.format)
			}
			if got := paragraphTexts(docs[0]); !slices.Equal(got, tt.wantTexts) {
				t.Errorf("paragraphs = %q, want %q", got, tt.wantTexts)
			}
		})
	}
}

func writeRaw(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWalkProblemOffset(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "invalid.txt")
	writeRaw(t, path, []byte("ok\n\xff"))
	_, problems := readAllDocs(t, []string{path}, ReadConfig{})
	if len(problems) != 1 || problems[0].Offset != 3 || problems[0].Line != 0 {
		t.Fatalf("problems = %+v, want one at byte offset 3", problems)
	}
	if got, want := problems[0].String(), path+"@3: malformed input: invalid UTF-8 at byte offset 3"; got != want {
		t.Errorf("problem = %q, want %q", got, want)
	}
}

func TestWalkForcedFormat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "page.xml")
	writeRaw(t, path, []byte("Not XML.\n\nSecond."))
	docs, problems := readAllDocs(t, []string{path}, ReadConfig{Format: FormatText})
	if len(docs) != 1 || len(problems) != 0 || len(docs[0].Paragraphs) != 2 {
		t.Errorf("%d documents, %d problems; want one text document with 2 paragraphs", len(docs), len(problems))
	}

	_, problems = readAllDocs(t, []string{path}, ReadConfig{Format: FormatJATS})
	if len(problems) != 1 || !strings.Contains(problems[0].Reason, "no <article> element") {
		t.Errorf("problems = %v, want one about the missing article element", problems)
	}
}

func TestWalkLimits(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("word ", 2000) // 10,000 bytes
	records := strings.Repeat(`{"title": "`+strings.Repeat("t", 80)+`"}`+"\n", 100)
	writeFiles(t, dir, map[string]string{"big.txt.gz": big, "records.jsonl.gz": records})

	tests := []struct {
		name       string
		file       string
		cfg        ReadConfig
		wantDocs   int
		wantReason string
	}{
		{"defaults", "big.txt.gz", ReadConfig{}, 1, ""},
		{"file cap", "big.txt.gz", ReadConfig{MaxFileBytes: 4096},
			0, "read: input too large: more than 4096 bytes after decompression; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read it"},
		{"record cap", "big.txt.gz", ReadConfig{MaxRecordBytes: 9999},
			0, "input too large: file is larger than 9999 bytes; raise --max-record-bytes (ReadConfig.MaxRecordBytes) to read it"},
		{"exact record cap", "big.txt.gz", ReadConfig{MaxRecordBytes: 10000}, 1, ""},
		{"negative means default", "big.txt.gz", ReadConfig{MaxFileBytes: -1, MaxRecordBytes: -1}, 1, ""},
		{"file cap keeps earlier records", "records.jsonl.gz", ReadConfig{MaxFileBytes: 950},
			10, "read: input too large: more than 950 bytes after decompression; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{filepath.Join(dir, tt.file)}, tt.cfg)
			if len(docs) != tt.wantDocs {
				t.Errorf("documents = %d, want %d", len(docs), tt.wantDocs)
			}
			var reasons []string
			for _, p := range problems {
				reasons = append(reasons, p.Reason)
			}
			var want []string
			if tt.wantReason != "" {
				want = []string{tt.wantReason}
			}
			if !slices.Equal(reasons, want) {
				t.Errorf("problems = %q, want %q", reasons, want)
			}
			for _, p := range problems {
				if !strings.Contains(p.Reason, ErrTooLarge.Error()) {
					t.Errorf("problem %q does not name the limit", p)
				}
			}
		})
	}
}

func TestWalkErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": "A.", "b.txt": "B."})
	missing := filepath.Join(dir, "missing.txt")

	emitted := 0
	err := Walk([]string{filepath.Join(dir, "a.txt"), missing}, ReadConfig{}, func(Document) error {
		emitted++
		return nil
	}, nil)
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("error = %v, want a not-exist error naming %s", err, missing)
	}
	if emitted != 0 {
		t.Errorf("emitted %d documents before the error, want 0", emitted)
	}

	errFull := errors.New("disk full")
	emitted = 0
	err = Walk([]string{dir}, ReadConfig{}, func(Document) error {
		emitted++
		return errFull
	}, nil)
	if !errors.Is(err, errFull) || emitted != 1 {
		t.Errorf("error = %v after %d documents, want the emit error after 1", err, emitted)
	}

	if err := Walk(nil, ReadConfig{}, func(Document) error { return errFull }, nil); err != nil {
		t.Errorf("Walk without paths = %v, want nil", err)
	}
}

func TestInputsBratPairs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"x.txt": "X.", "x.ann": "T1\tA 0 1\tX\n",
		"y.txt.gz": "Y.", "y.ann": "",
		"lone.ann":  "",
		"plain.txt": "P.",
	})
	path := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name  string
		paths []string
		cfg   ReadConfig
		want  []Input
	}{
		{"folder", []string{dir}, ReadConfig{}, []Input{
			{Path: path("lone.ann"), Root: dir}, {Path: path("plain.txt"), Root: dir},
			{Path: path("x.txt"), AnnPath: path("x.ann"), Root: dir}, {Path: path("y.txt.gz"), AnnPath: path("y.ann"), Root: dir}}},
		{"ann and txt named", []string{path("x.ann"), path("x.txt")}, ReadConfig{},
			[]Input{{Path: path("x.txt"), AnnPath: path("x.ann")}}},
		{"ann named alone", []string{path("x.ann")}, ReadConfig{},
			[]Input{{Path: path("x.txt"), AnnPath: path("x.ann")}}},
		// With another format forced, a walk reads no annotations at all.
		{"text format does not pair", []string{dir}, ReadConfig{Format: FormatText}, []Input{
			{Path: path("plain.txt"), Root: dir}, {Path: path("x.txt"), Root: dir}, {Path: path("y.txt.gz"), Root: dir}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Inputs(tt.paths, tt.cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Inputs = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReadInputMalformedSentinels(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.xml")
	writeRaw(t, path, []byte("<article><body><p>unclosed</body></article>"))
	src, err := openSource(path, ReadConfig{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	data, err := readRecord(src, DefaultMaxRecordBytes)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseJATS(string(data)); !errors.Is(err, datasets.ErrMalformed) {
		t.Errorf("parseJATS error = %v, want one wrapping datasets.ErrMalformed", err)
	}
	if err := checkContent([]byte("a\xffb"), 10); !errors.Is(err, datasets.ErrMalformed) {
		t.Errorf("checkContent error = %v, want one wrapping datasets.ErrMalformed", err)
	}
}
