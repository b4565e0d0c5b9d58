package rundir

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrLocked is returned by Open when another process holds the run directory.
var ErrLocked = errors.New("run directory is in use by another process")

// ErrNotRun is returned by Open when the folder exists but is not a run
// directory: it has no manifest and is not empty.
var ErrNotRun = errors.New("not a run directory")

// ErrStageMissing is wrapped by Require when a stage the caller needs has not
// been done.
var ErrStageMissing = errors.New("stage not done")

// ErrChecksum is wrapped by Verify when a table file does not match the
// SHA-256 the manifest recorded.
var ErrChecksum = errors.New("table file checksum mismatch")

// Run is an open run directory. Its methods are safe for concurrent use.
type Run struct {
	Dir string

	mu       sync.Mutex
	manifest *Manifest
	lock     *os.File
}

// Open opens the run directory dir, creating it when it does not exist, and
// takes an exclusive lock on it until Close. version is the litmine version
// recorded in a new manifest.
func Open(dir, version string) (*Run, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("open run %s: %w", dir, ErrLocked)
	}
	r := &Run{Dir: dir, lock: lock}
	m, err := readManifest(filepath.Join(dir, ManifestName))
	switch {
	case err == nil:
		r.manifest = m
	case errors.Is(err, fs.ErrNotExist):
		if !isEmptyRun(dir) {
			r.Close()
			return nil, fmt.Errorf("open run %s: %w: it has files but no %s", dir, ErrNotRun, ManifestName)
		}
		r.manifest = newManifest(version)
	default:
		r.Close()
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
	return r, nil
}

// isEmptyRun reports whether dir holds nothing but what an interrupted first
// stage leaves: the lock file and table folders.
func isEmptyRun(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Name() != ".lock" && !e.IsDir() {
			return false
		}
	}
	return true
}

// Close releases the lock.
func (r *Run) Close() error {
	if r.lock == nil {
		return nil
	}
	err := r.lock.Close()
	r.lock = nil
	return err
}

// Manifest returns a deep copy of the current manifest.
func (r *Run) Manifest() *Manifest {
	r.mu.Lock()
	defer r.mu.Unlock()
	data, _ := json.Marshal(r.manifest)
	var m Manifest
	json.Unmarshal(data, &m)
	return &m
}

// TableDir returns the folder of a table.
func (r *Run) TableDir(table string) string { return filepath.Join(r.Dir, table) }

// PartPath returns the path of one shard of a table, creating its folder.
func (r *Run) PartPath(table string, shard int) (string, error) {
	dir := r.TableDir(table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(dir, PartName(shard)), nil
}

// PartName returns the file name of shard number shard.
func PartName(shard int) string { return fmt.Sprintf("part-%05d.parquet", shard) }

// StageState is the state in which Begin found a stage.
type StageState int

// Stage states returned by Begin.
const (
	StageNew      StageState = iota // never started, or forced: do all of it
	StageResumed                    // started with the same version and config: skip complete shards
	StageFinished                   // already done with the same version and config: nothing to do
)

// Begin records that a stage starts with the given version and config. A
// stage already done with the same version and config returns
// StageFinished, unless force is set. A stage done or started with another
// version or config is an error unless force is set. When the stage starts
// anew, its previous record and the folders of the tables it writes are
// removed, so no file of an earlier run is left behind.
func (r *Run) Begin(name, version string, config any, tables []string, force bool) (StageState, error) {
	cfg, err := json.Marshal(config)
	if err != nil {
		return StageNew, fmt.Errorf("stage %s: encode config: %w", name, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	prev := r.manifest.Stages[name]
	same := prev != nil && prev.Version == version && sameJSON(prev.Config, cfg)
	switch {
	case prev != nil && !same && !force:
		return StageNew, fmt.Errorf("stage %s was run with another version or configuration; rerun with --force to replace its output", name)
	case same && prev.Done && !force:
		return StageFinished, nil
	case same && !force:
		prev.Started = now()
		return StageResumed, nil
	}
	for _, t := range tables {
		if err := os.RemoveAll(r.TableDir(t)); err != nil {
			return StageNew, fmt.Errorf("stage %s: remove old table %s: %w", name, t, err)
		}
	}
	r.manifest.Stages[name] = &Stage{Version: version, Config: cfg, Started: now()}
	return StageNew, nil
}

// sameJSON reports whether two JSON texts are equal apart from white space;
// the manifest stores configs indented.
func sameJSON(a, b []byte) bool {
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}

// Finish marks a stage done, sums its shards into its table and counter
// records, saves the manifest and rewrites the success marker.
func (r *Run) Finish(name string) error {
	r.mu.Lock()
	if s := r.manifest.Stages[name]; s != nil {
		s.Done = true
		s.Finished = now()
		s.summarize()
	}
	r.mu.Unlock()
	if err := r.Save(); err != nil {
		return err
	}
	return r.writeSuccess()
}

// SuccessName is the marker file written after the manifest each time a
// stage finishes; it lists the stages done, one per line.
const SuccessName = "_SUCCESS"

func (r *Run) writeSuccess() error {
	r.mu.Lock()
	var done []string
	for name, s := range r.manifest.Stages {
		if s.Done {
			done = append(done, name)
		}
	}
	r.mu.Unlock()
	sort.Strings(done)
	return WriteFileAtomic(filepath.Join(r.Dir, SuccessName), []byte(strings.Join(done, "\n")+"\n"))
}

// CommitShard records a shard whose table files are committed and saves the
// manifest, so that a resumed run skips the shard. File paths are made
// relative to the run directory.
func (r *Run) CommitShard(stage string, index int, sh *Shard) error {
	for name, f := range sh.Files {
		if rel, err := filepath.Rel(r.Dir, f.Path); err == nil {
			f.Path = filepath.ToSlash(rel)
			sh.Files[name] = f
		}
	}
	r.mu.Lock()
	s := r.manifest.Stages[stage]
	if s == nil {
		r.mu.Unlock()
		return fmt.Errorf("commit shard %d: stage %s was not begun", index, stage)
	}
	if s.Shards == nil {
		s.Shards = map[int]*Shard{}
	}
	s.Shards[index] = sh
	r.mu.Unlock()
	return r.Save()
}

// ShardDone reports whether a begun stage has a committed record of shard
// index whose files all still exist.
func (r *Run) ShardDone(stage string, index int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.manifest.Stages[stage]
	if s == nil || s.Shards[index] == nil {
		return false
	}
	for _, f := range s.Shards[index].Files {
		if _, err := os.Stat(filepath.Join(r.Dir, filepath.FromSlash(f.Path))); err != nil {
			return false
		}
	}
	return true
}

// Shards returns the indices of the committed shards of a stage, in order.
func (r *Run) Shards(stage string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.manifest.Stages[stage]
	if s == nil {
		return nil
	}
	return sortedShards(s.Shards)
}

// ShardFile returns the recorded file of one table of one shard.
func (r *Run) ShardFile(stage string, index int, tableName string) (FileRecord, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.manifest.Stages[stage]
	if s == nil || s.Shards[index] == nil {
		return FileRecord{}, fmt.Errorf("run %s: stage %s has no shard %d", r.Dir, stage, index)
	}
	f, ok := s.Shards[index].Files[tableName]
	if !ok {
		return FileRecord{}, fmt.Errorf("run %s: shard %d of stage %s has no table %s", r.Dir, index, stage, tableName)
	}
	return FileRecord{Path: filepath.Join(r.Dir, filepath.FromSlash(f.Path)), Rows: f.Rows, SHA256: f.SHA256}, nil
}

// SetInputs records the input files of the run.
func (r *Run) SetInputs(inputs []Input) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.manifest.Inputs = inputs
}

// Save writes the manifest atomically: to a temporary file, synced, then
// renamed over manifest.json.
func (r *Run) Save() error {
	r.mu.Lock()
	r.manifest.Updated = now()
	data, err := json.MarshalIndent(r.manifest, "", "  ")
	r.mu.Unlock()
	if err != nil {
		return fmt.Errorf("save manifest: %w", err)
	}
	return WriteFileAtomic(filepath.Join(r.Dir, ManifestName), append(data, '\n'))
}

// Require returns an error naming each listed stage that is not done.
func (r *Run) Require(stages ...string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var missing []string
	for _, s := range stages {
		if st := r.manifest.Stages[s]; st == nil || !st.Done {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: run %s needs stage %s first (run `litmine %s %s`)", ErrStageMissing, r.Dir, strings.Join(missing, ", "), missing[0], r.Dir)
	}
	return nil
}

// Fingerprint returns a digest of the files a stage wrote. A downstream
// stage puts it in its config, so that a change upstream gives it a new
// config and its old output is not silently reused.
func (r *Run) Fingerprint(stage string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.manifest.Stages[stage]
	if s == nil {
		return ""
	}
	h := sha256.New()
	for _, k := range sortedShards(s.Shards) {
		names := make([]string, 0, len(s.Shards[k].Files))
		for name := range s.Shards[k].Files {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(h, "%d %s %s\n", k, name, s.Shards[k].Files[name].SHA256)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// FileRecord is a table file as the manifest records it.
type FileRecord struct {
	Path   string
	Rows   int64
	SHA256 string
}

// Verify checks that the file's SHA-256 matches the recorded one.
func (f FileRecord) Verify() error {
	sum, _, err := HashFile(f.Path)
	if err != nil {
		return fmt.Errorf("verify %s: %w", f.Path, err)
	}
	if sum != f.SHA256 {
		return fmt.Errorf("verify %s: %w: manifest has %s, file has %s; the file was changed or damaged after it was written, so rerun the stage with --force", f.Path, ErrChecksum, f.SHA256, sum)
	}
	return nil
}

// HashFile returns the SHA-256 (hex) and size of a file.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// WriteFileAtomic writes data to path through a synced temporary file in the
// same folder and a rename, so that path holds either the old or the new
// content after a crash.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

func now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
