package rundir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/litmine/litmine/internal/table"
)

type row struct {
	ID string `table:"id"`
}

// commitShard writes a one-row table file for shard k of stage and records it.
func commitShard(t *testing.T, r *Run, stage, tableName string, k int) {
	t.Helper()
	path, err := r.PartPath(tableName, k)
	if err != nil {
		t.Fatal(err)
	}
	w, err := table.Create[row](path, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(row{ID: "x"})
	info, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	sh := &Shard{Files: map[string]table.FileInfo{tableName: info}}
	sh.Add("documents", 1)
	if err := r.CommitShard(stage, k, sh); err != nil {
		t.Fatal(err)
	}
}

func TestStageLifecycle(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	state, err := r.Begin("ingest", "1", map[string]int{"shard": 2}, "", []string{"docs"}, false)
	if err != nil || state != StageNew {
		t.Fatalf("Begin = %v, %v; want StageNew", state, err)
	}
	commitShard(t, r, "ingest", "docs", 0)
	r.Close()

	// A second process resumes: shard 0 is done, shard 1 is not.
	r, err = Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	state, err = r.Begin("ingest", "1", map[string]int{"shard": 2}, "", []string{"docs"}, false)
	if err != nil || state != StageResumed {
		t.Fatalf("Begin after a crash = %v, %v; want StageResumed", state, err)
	}
	if !r.ShardDone("ingest", 0) || r.ShardDone("ingest", 1) {
		t.Errorf("ShardDone(0), ShardDone(1) = %v, %v; want true, false", r.ShardDone("ingest", 0), r.ShardDone("ingest", 1))
	}
	commitShard(t, r, "ingest", "docs", 1)
	if err := r.Finish("ingest"); err != nil {
		t.Fatal(err)
	}
	m := r.Manifest()
	if got := m.Stages["ingest"].Counters["documents"]; got != 2 {
		t.Errorf("documents counter = %d, want 2", got)
	}
	if got := m.Stages["ingest"].Tables["docs"].Rows; got != 2 {
		t.Errorf("docs rows = %d, want 2", got)
	}
	if success, err := os.ReadFile(filepath.Join(dir, SuccessName)); err != nil || string(success) != "ingest\n" {
		t.Errorf("success marker = %q, %v; want \"ingest\\n\"", success, err)
	}

	state, err = r.Begin("ingest", "1", map[string]int{"shard": 2}, "", []string{"docs"}, false)
	if err != nil || state != StageFinished {
		t.Errorf("Begin after Finish = %v, %v; want StageFinished", state, err)
	}
	if _, err := r.Begin("ingest", "1", map[string]int{"shard": 3}, "", []string{"docs"}, false); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("Begin with another config = %v, want an error suggesting --force", err)
	}
	state, err = r.Begin("ingest", "1", map[string]int{"shard": 3}, "", []string{"docs"}, true)
	if err != nil || state != StageNew {
		t.Fatalf("forced Begin = %v, %v; want StageNew", state, err)
	}
	if _, err := os.Stat(r.TableDir("docs")); !os.IsNotExist(err) {
		t.Errorf("forced Begin left the old table folder: %v", err)
	}
	r.Close()
}

func TestOpenIsExclusive(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := Open(dir, "test"); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
}

func TestOpenRejectsForeignFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("x"), 0o644)
	if _, err := Open(dir, "test"); !errors.Is(err, ErrNotRun) {
		t.Errorf("Open = %v, want ErrNotRun", err)
	}
}

func TestOpenRejectsDamagedManifest(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ManifestName), []byte("{not json"), 0o644)
	_, err := Open(dir, "test")
	if err == nil || !strings.Contains(err.Error(), ManifestName) {
		t.Errorf("Open = %v, want an error naming %s", err, ManifestName)
	}
}

func TestVerifyDetectsChange(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Begin("ingest", "1", nil, "", nil, false)
	commitShard(t, r, "ingest", "docs", 0)
	f, err := r.ShardFile("ingest", 0, "docs")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Verify(); err != nil {
		t.Fatalf("Verify of an untouched file = %v", err)
	}
	data, _ := os.ReadFile(f.Path)
	data[len(data)/2] ^= 0xff
	os.WriteFile(f.Path, data, 0o644)
	if err := f.Verify(); !errors.Is(err, ErrChecksum) {
		t.Errorf("Verify of a changed file = %v, want ErrChecksum", err)
	}
}

func TestRequire(t *testing.T) {
	r, err := Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	err = r.Require("ingest")
	if !errors.Is(err, ErrStageMissing) || !strings.Contains(err.Error(), "litmine ingest") {
		t.Errorf("Require = %v, want ErrStageMissing naming the command", err)
	}
}

func TestFingerprintFollowsFiles(t *testing.T) {
	r, err := Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Begin("ingest", "1", nil, "", nil, false)
	commitShard(t, r, "ingest", "docs", 0)
	before := r.Fingerprint("ingest")
	commitShard(t, r, "ingest", "docs", 1)
	if after := r.Fingerprint("ingest"); after == before || before == "" {
		t.Errorf("fingerprint %q did not change to %q after a new shard", before, after)
	}
}

func TestOpenRemovesTemporaries(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	stale := []string{filepath.Join(dir, ".manifest.json.tmp-123"), filepath.Join(dir, "docs", ".part-00000.parquet.tmp-456")}
	keep := filepath.Join(dir, "docs", "part-00000.parquet")
	for _, f := range append(stale, keep) {
		os.WriteFile(f, []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{"format_version": 1, "stages": {}}`), 0o644)
	r, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range stale {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("temporary file %s survived Open", f)
		}
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("committed file was removed: %v", err)
	}
}

// finishStage begins a stage, commits one shard and finishes it.
func finishStage(t *testing.T, r *Run, name, upstream string, force bool) {
	t.Helper()
	if _, err := r.Begin(name, "1", nil, upstream, []string{name + "_table"}, force); err != nil {
		t.Fatal(err)
	}
	commitShard(t, r, name, name+"_table", 0)
	if err := r.Finish(name); err != nil {
		t.Fatal(err)
	}
}

func successStages(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, SuccessName))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(strings.ReplaceAll(string(data), "\n", " "))
}

func TestRedoneUpstreamInvalidatesDownstream(t *testing.T) {
	dir := t.TempDir()
	r, err := Open(dir, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	finishStage(t, r, "ingest", "", false)
	finishStage(t, r, "annotate", "ingest", false)
	if got := successStages(t, dir); got != "annotate ingest" {
		t.Fatalf("success marker lists %q, want both stages", got)
	}

	// Forcing ingest marks it not done at once, before any shard is written.
	if _, err := r.Begin("ingest", "1", nil, "", []string{"ingest_table"}, true); err != nil {
		t.Fatal(err)
	}
	if got := successStages(t, dir); got != "" {
		t.Errorf("after a forced Begin the success marker lists %q, want nothing", got)
	}
	if err := r.Require("annotate"); err == nil {
		t.Error("annotate counts as done while its upstream is being redone")
	}
	if _, err := os.Stat(r.TableDir("annotate_table")); !os.IsNotExist(err) {
		t.Errorf("the table annotate made from the old ingest output is still there: %v", err)
	}
	commitShard(t, r, "ingest", "ingest_table", 0)
	commitShard(t, r, "ingest", "ingest_table", 1)
	if err := r.Finish("ingest"); err != nil {
		t.Fatal(err)
	}
	if got := successStages(t, dir); got != "ingest" {
		t.Errorf("success marker lists %q, want only ingest: annotate read the old tables", got)
	}
	state, err := r.Begin("annotate", "1", nil, "ingest", []string{"annotate_table"}, false)
	if err != nil || state != StageNew {
		t.Errorf("Begin of annotate after a new ingest = %v, %v; want StageNew without --force", state, err)
	}
}

func TestBeginNamesWhatChanged(t *testing.T) {
	r, err := Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.Begin("ingest", "1", map[string]any{"inputs": []string{"a"}, "shard": 2}, "", nil, false)
	_, err = r.Begin("ingest", "1", map[string]any{"inputs": []string{"a", "b"}, "shard": 2}, "", nil, false)
	if err == nil || !strings.Contains(err.Error(), "another value of inputs") {
		t.Errorf("error = %v, want one naming the inputs", err)
	}
	if err == nil || !strings.Contains(err.Error(), `inputs (was ["a"], now ["a","b"])`) {
		t.Errorf("error = %v, want the old and new inputs", err)
	}
	long := strings.Repeat("x", 100)
	r.Begin("annotate", "1", map[string]any{"model": "m1", "vars": long}, "", nil, false)
	_, err = r.Begin("annotate", "1", map[string]any{"vars": long + "y"}, "", nil, false)
	if err == nil || !strings.Contains(err.Error(), `model (was "m1", now (none))`) ||
		!strings.Contains(err.Error(), "vars") || strings.Contains(err.Error(), long) {
		t.Errorf("error = %v, want the model's old and new value and the long value by name only", err)
	}
	_, err = r.Begin("ingest", "2", map[string]any{"inputs": []string{"a"}, "shard": 2}, "", nil, false)
	if err == nil || !strings.Contains(err.Error(), "version 1") {
		t.Errorf("error = %v, want one naming the version", err)
	}
}

func TestFinishedStageWithMissingFile(t *testing.T) {
	r, err := Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	finishStage(t, r, "ingest", "", false)
	os.Remove(filepath.Join(r.TableDir("ingest_table"), PartName(0)))
	if err := r.Require("ingest"); err == nil {
		t.Error("a stage whose table file is gone counts as done")
	}
	state, err := r.Begin("ingest", "1", nil, "", []string{"ingest_table"}, false)
	if err != nil || state != StageResumed {
		t.Errorf("Begin of a stage whose file is gone = %v, %v; want StageResumed", state, err)
	}
	if r.ShardDone("ingest", 0) {
		t.Error("the shard that lost its file still counts as done")
	}
}

func TestFilesAreReadableByOthers(t *testing.T) {
	r, err := Open(t.TempDir(), "test")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	finishStage(t, r, "ingest", "", false)
	for _, path := range []string{filepath.Join(r.Dir, ManifestName), filepath.Join(r.TableDir("ingest_table"), PartName(0))} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm()&0o044 == 0 {
			t.Errorf("%s has mode %v; group and others cannot read it", path, st.Mode().Perm())
		}
	}
}
