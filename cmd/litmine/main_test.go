package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/table"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// allTables lists every table a full run writes.
var allTables = []string{
	schema.TableDocuments, schema.TableParagraphs, schema.TableGoldEntities, schema.TableGoldRelations,
	schema.TableSentences, schema.TableEntities, schema.TableMaterials, schema.TableGraphNodes, schema.TableGraphEdges,
}

// litmine runs the command line and returns its exit code, stdout and stderr.
func litmine(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"litmine", "--no-progress"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// tableHashes returns the SHA-256 of every Parquet file under dir, by path
// relative to dir.
func tableHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range allTables {
		files, _ := filepath.Glob(filepath.Join(dir, name, "*.parquet"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			rel, _ := filepath.Rel(dir, f)
			out[rel] = hex.EncodeToString(sum[:])
		}
	}
	return out
}

func TestRunDemoCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := litmine(t, "run", "../../testdata/corpus", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit code %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"ingest: 15 documents", "annotate: 15 documents", "graph: 15 documents", "read_parquet("} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	for _, name := range allTables {
		files, _ := filepath.Glob(filepath.Join(dir, name, "*.parquet"))
		if len(files) == 0 {
			t.Errorf("table %s has no files", name)
		}
	}
	for _, name := range []string{"manifest.json", "_SUCCESS"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("run directory lacks %s: %v", name, err)
		}
	}
	first := tableHashes(t, dir)

	code, stdout, _ = litmine(t, "run", "../../testdata/corpus", "--out", dir)
	if code != exitOK || strings.Count(stdout, "already done") != 3 {
		t.Errorf("second run: exit %d, want every stage already done:\n%s", code, stdout)
	}
	code, _, stderr = litmine(t, "run", "../../testdata/corpus", "--out", dir, "--force", "--workers", "1")
	if code != exitOK {
		t.Fatalf("forced run: exit %d\n%s", code, stderr)
	}
	if again := tableHashes(t, dir); !equalMaps(first, again) {
		t.Errorf("a forced rerun with one worker wrote different bytes:\nfirst %v\nagain %v", first, again)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestGolden(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	code, stdout, stderr := litmine(t, "run", "testdata/golden/input", "--out", dir)
	if code != exitOK {
		t.Fatalf("exit code %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, name := range allTables {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			files, _ := filepath.Glob(filepath.Join(dir, name, "*.parquet"))
			sort.Strings(files)
			for _, f := range files {
				schema, err := table.Schema(f)
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&got, "schema: %s\n", schema)
				if err := table.Dump(f, &got); err != nil {
					t.Fatal(err)
				}
			}
			golden := filepath.Join("testdata", "golden", "expected", name+".jsonl")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("table %s differs from %s; rerun with -update and review the diff\n%s", name, golden, firstDiff(got.String(), string(want)))
			}
		})
	}
}

// firstDiff returns the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got " + a + "\nwant " + b
		}
	}
	return ""
}

func TestRejectedRecordsAreReported(t *testing.T) {
	in := t.TempDir()
	good := `{"paper_id": "p1", "metadata": {"title": "Good paper"}, "body_text": [{"section": "Intro", "text": "LiFePO4 was calcined at 700 °C."}]}`
	os.WriteFile(filepath.Join(in, "papers.jsonl"), []byte(good+"\n{not json\n"+strings.Replace(good, "p1", "p2", 1)+"\n"), 0o644)
	dir := filepath.Join(t.TempDir(), "run")

	code, stdout, _ := litmine(t, "ingest", in, "--out", dir)
	if code != exitOK {
		t.Fatalf("exit code %d, want %d", code, exitOK)
	}
	if !strings.Contains(stdout, "1 records rejected") || !strings.Contains(stdout, "papers.jsonl:2:") {
		t.Errorf("summary does not report the bad line 2:\n%s", stdout)
	}
	code, _, stderr := litmine(t, "ingest", in, "--out", filepath.Join(t.TempDir(), "strict"), "--fail-on-error")
	if code != exitError || !strings.Contains(stderr, "papers.jsonl:2:") {
		t.Errorf("--fail-on-error: exit %d, stderr %q; want exit %d naming line 2", code, stderr, exitError)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no inputs", []string{"run", "--out", t.TempDir()}, exitUsage},
		{"no out", []string{"ingest", "x"}, exitUsage},
		{"bad format", []string{"ingest", "x", "--out", t.TempDir(), "--format", "pdfx"}, exitUsage},
		{"bad var", []string{"annotate", t.TempDir(), "--var", "x"}, exitUsage},
		{"two run dirs", []string{"graph", "a", "b"}, exitUsage},
		{"missing input", []string{"ingest", "/no/such/path", "--out", filepath.Join(t.TempDir(), "r")}, exitError},
		{"annotate before ingest", []string{"annotate", t.TempDir()}, exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := litmine(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.want, stderr)
			}
			if !strings.HasPrefix(stderr, "litmine: ") {
				t.Errorf("stderr %q does not start with the program name", stderr)
			}
		})
	}
}

func TestInterspersedFlags(t *testing.T) {
	app := newApp(nil, nil)
	tests := []struct{ in, want string }{
		{"litmine run a b --out r --force", "litmine run --out r --force -- a b"},
		{"litmine -v run a --out=r", "litmine -v run --out=r -- a"},
		{"litmine run a --out r -v --log-json", "litmine -v --log-json run --out r -- a"},
		{"litmine eval ner --gold g --split s", "litmine eval ner --gold g --split s"},
		{"litmine annotate r --var x=1 --var y=2", "litmine annotate --var x=1 --var y=2 -- r"},
		{"litmine ingest -- -odd-name --out r", "litmine ingest -- -odd-name --out r"},
		{"litmine help run", "litmine help run"},
		{"litmine run --help", "litmine run --help"},
		{"litmine --version", "litmine --version"},
	}
	for _, tt := range tests {
		got, err := interspersed(app, strings.Fields(tt.in))
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("interspersed(%q) = %q, %v; want %q", tt.in, strings.Join(got, " "), err, tt.want)
		}
	}
	for _, in := range []string{"litmine frob", "litmine eval frob --gold g", "litmine -v frob x"} {
		if _, err := interspersed(app, strings.Fields(in)); err == nil {
			t.Errorf("interspersed(%q) gave no error for an unknown command", in)
		}
	}
}

func TestCorruptedTableIsDetected(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := litmine(t, "ingest", "../../testdata/corpus/mspt", "--out", dir); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	part := filepath.Join(dir, schema.TableParagraphs, "part-00000.parquet")
	data, err := os.ReadFile(part)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/3] ^= 0x01
	if err := os.WriteFile(part, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := litmine(t, "annotate", dir)
	if code != exitError {
		t.Fatalf("annotate of a damaged table: exit %d, want %d", code, exitError)
	}
	for _, want := range []string{part, "checksum mismatch", "litmine ingest SRC... --out"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("error %q does not mention %q", stderr, want)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "_SUCCESS")); strings.Contains(string(data), "ingest") {
		t.Errorf("_SUCCESS still lists ingest after its table was found damaged: %q", data)
	}
	code, _, stderr = litmine(t, "ingest", "../../testdata/corpus/mspt", "--out", dir)
	if code != exitOK {
		t.Fatalf("rerun of ingest: exit %d: %s", code, stderr)
	}
	if code, _, stderr = litmine(t, "annotate", dir); code != exitOK {
		t.Errorf("annotate after the damaged shard was written again: exit %d: %s", code, stderr)
	}
}

func TestForeignParquetIsRejected(t *testing.T) {
	path := filepath.Join(t.TempDir(), "foreign.parquet")
	os.WriteFile(path, []byte("PAR1 this is not really parquet PAR1"), 0o644)
	code, _, stderr := litmine(t, "dump", path)
	if code != exitError || !strings.Contains(stderr, "corrupt table file") {
		t.Errorf("dump of a foreign file: exit %d, stderr %q; want exit %d and a corrupt-file error", code, stderr, exitError)
	}
}

func TestExportBratRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := litmine(t, "run", "../../testdata/corpus", "--out", dir); code != exitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "brat")
	code, stdout, stderr := litmine(t, "export", "brat", dir, "--out", out)
	if code != exitOK {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "exported 15 documents") {
		t.Errorf("summary %q does not count 15 documents", stdout)
	}
	entities, err := table.ReadAll[schema.Entity](filepath.Join(dir, schema.TableEntities, "part-00000.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, e := range entities {
		want[e.DocID]++
	}
	index, err := os.ReadFile(filepath.Join(out, "index.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(index)), "\n")[1:]
	if len(lines) != 15 {
		t.Fatalf("index.tsv has %d documents, want 15", len(lines))
	}
	for _, line := range lines {
		docID, name, _ := strings.Cut(line, "\t")
		text, err := os.ReadFile(filepath.Join(out, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		ann, err := os.Open(filepath.Join(out, name+".ann"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := datasets.ParseAnn(ann, name+".ann", string(text))
		ann.Close()
		if err != nil {
			t.Errorf("%s: exported annotations do not parse: %v", docID, err)
		}
		if len(doc.Spans) != want[docID] {
			t.Errorf("%s: %d spans exported, the run has %d entities", docID, len(doc.Spans), want[docID])
		}
	}
}

func TestIngestWithoutDocumentsIsNotDone(t *testing.T) {
	in := t.TempDir()
	os.WriteFile(filepath.Join(in, "bad.jsonl"), []byte("{not json\n"), 0o644)
	dir := filepath.Join(t.TempDir(), "run")
	for attempt := 0; attempt < 2; attempt++ {
		code, _, stderr := litmine(t, "ingest", in, "--out", dir)
		if code != exitError || !strings.Contains(stderr, "no documents read") || !strings.Contains(stderr, "bad.jsonl:1") {
			t.Fatalf("attempt %d: exit %d, stderr %q; want exit %d naming the rejected line", attempt, code, stderr, exitError)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, "_SUCCESS")); err == nil && strings.Contains(string(data), "ingest") {
		t.Errorf("_SUCCESS lists ingest after it read no document: %q", data)
	}
}
