package rundir

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/litmine/litmine/internal/table"
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
// directory (it has no manifest and is not empty), and by OpenExisting when
// the folder has no manifest.
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
	return open(dir, version, true)
}

// OpenExisting opens a run directory that an earlier stage wrote, without
// creating anything when dir is not one.
func OpenExisting(dir, version string) (*Run, error) {
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err != nil {
		if _, statErr := os.Stat(dir); statErr != nil {
			return nil, fmt.Errorf("open run %s: %w", dir, statErr)
		}
		return nil, fmt.Errorf("open run %s: %w: it has no %s; create one with `litmine ingest SRC... --out %s` or `litmine run`", dir, ErrNotRun, ManifestName, dir)
	}
	return open(dir, version, false)
}

func open(dir, version string, create bool) (*Run, error) {
	if create {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open run %s: %w", dir, err)
		}
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
	if err := removeTemporaries(dir); err != nil {
		r.Close()
		return nil, fmt.Errorf("open run %s: %w", dir, err)
	}
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
		return nil, fmt.Errorf("open run %s: %w; restore %s from a copy, or delete the run directory to start over", dir, err, ManifestName)
	}
	return r, nil
}

// removeTemporaries deletes the temporary files that a killed process left
// in the run directory and its table folders: files named ".NAME.tmp-*",
// as WriteFileAtomic and the table writers create them. Only the holder of
// the lock may call it.
func removeTemporaries(dir string) error {
	for _, pattern := range []string{filepath.Join(dir, ".*.tmp-*"), filepath.Join(dir, "*", ".*.tmp-*")} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			return err
		}
		for _, m := range matches {
			if err := os.Remove(m); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// isEmptyRun reports whether dir holds nothing but what an interrupted first
// stage leaves before its first manifest: the lock file, the input list and
// table folders.
func isEmptyRun(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Name() != ".lock" && e.Name() != InputsName && !e.IsDir() {
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

// Begin records that a stage starts with the given version and config,
// reading the tables of the stage upstream ("" for none). It returns:
//
//   - StageFinished when the stage is done with the same version, config and
//     upstream tables, and force is not set: there is nothing to do.
//   - StageResumed when a run with the same version, config and upstream
//     tables was interrupted, or a done stage lost table files: the shards
//     whose files are all there are kept and the others redone.
//   - StageNew otherwise: after force, on the first run, or when the
//     upstream tables changed. The previous record and the folders of the
//     tables the stage writes are removed, and so are the records and
//     tables of every stage that read this one's tables, directly or not.
//     The manifest and success marker are saved at once, so they never
//     claim output that is gone or stale.
//
// A stage done or begun with another version or config is an error naming
// what differs, unless force is set.
func (r *Run) Begin(name, version string, config any, upstream string, tables []string, force bool) (StageState, error) {
	cfg, err := json.Marshal(config)
	if err != nil {
		return StageNew, fmt.Errorf("stage %s: encode config: %w", name, err)
	}
	r.mu.Lock()
	fingerprint := r.fingerprint(upstream)
	prev := r.manifest.Stages[name]
	if prev != nil && !force {
		if diff := describeChange(prev, version, cfg); diff != "" {
			r.mu.Unlock()
			return StageNew, fmt.Errorf("stage %s was run with %s; rerun with --force to replace its output", name, diff)
		}
		if prev.UpstreamFingerprint == fingerprint {
			lost := r.dropLostShards(prev)
			if prev.Done && !lost {
				r.mu.Unlock()
				return StageFinished, nil
			}
			prev.Done = false
			prev.Started = now()
			r.mu.Unlock()
			return StageResumed, r.saveState()
		}
	}
	err = r.removeStage(name, tables)
	if err == nil {
		r.manifest.Stages[name] = &Stage{Version: version, Config: cfg, Upstream: upstream, UpstreamFingerprint: fingerprint, Started: now()}
	}
	r.mu.Unlock()
	if err != nil {
		return StageNew, err
	}
	return StageNew, r.saveState()
}

// saveState saves the manifest and rewrites the success marker.
func (r *Run) saveState() error {
	if err := r.Save(); err != nil {
		return err
	}
	return r.writeSuccess()
}

// removeStage deletes the record of a stage, the folders of its tables and,
// recursively, the stages that read them. The caller holds r.mu.
func (r *Run) removeStage(name string, tables []string) error {
	if s := r.manifest.Stages[name]; s != nil {
		for _, sh := range s.Shards {
			for t := range sh.Files {
				tables = append(tables, t)
			}
		}
	}
	for _, t := range tables {
		if err := os.RemoveAll(r.TableDir(t)); err != nil {
			return fmt.Errorf("stage %s: remove old table %s: %w", name, t, err)
		}
	}
	delete(r.manifest.Stages, name)
	for other, s := range r.manifest.Stages {
		if s.Upstream == name {
			if err := r.removeStage(other, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// lostFile reports whether a recorded table file of s no longer exists. The
// caller holds r.mu.
func (r *Run) lostFile(s *Stage) bool {
	for _, sh := range s.Shards {
		for _, f := range sh.Files {
			if _, err := os.Stat(filepath.Join(r.Dir, filepath.FromSlash(f.Path))); err != nil {
				return true
			}
		}
	}
	return false
}

// dropLostShards removes the records of the shards of s that lost a table
// file, so that a resumed stage writes them again, and reports whether it
// removed any. The caller holds r.mu.
func (r *Run) dropLostShards(s *Stage) bool {
	lost := false
	for k, sh := range s.Shards {
		for _, f := range sh.Files {
			if _, err := os.Stat(filepath.Join(r.Dir, filepath.FromSlash(f.Path))); err != nil {
				delete(s.Shards, k)
				lost = true
				break
			}
		}
	}
	return lost
}

// describeChange says how version and cfg differ from a stage's record, or
// returns "" when they do not: "version 1 (now 2)" or "another value of
// inputs, shard_documents".
func describeChange(prev *Stage, version string, cfg []byte) string {
	if prev.Version != version {
		return fmt.Sprintf("version %s of its code (this litmine has version %s)", prev.Version, version)
	}
	if sameJSON(prev.Config, cfg) {
		return ""
	}
	var old, cur map[string]json.RawMessage
	json.Unmarshal(prev.Config, &old)
	json.Unmarshal(cfg, &cur)
	var keys []string
	for k, v := range cur {
		if !sameJSON(old[k], v) {
			keys = append(keys, k)
		}
	}
	for k := range old {
		if _, ok := cur[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return "another configuration"
	}
	for i, k := range keys {
		was, now := shortJSON(old[k]), shortJSON(cur[k])
		if was != "" && now != "" {
			keys[i] = fmt.Sprintf("%s (was %s, now %s)", k, was, now)
		}
	}
	return "another value of " + strings.Join(keys, ", ")
}

// shortJSON returns a JSON value in compact form when it is at most 80
// bytes long, "(none)" for a missing one, and "" for a longer one, which
// messages name without its value.
func shortJSON(v json.RawMessage) string {
	if v == nil {
		return "(none)"
	}
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil || b.Len() > 80 {
		return ""
	}
	return b.String()
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
	for name := range r.manifest.Stages {
		if r.isDone(name) {
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

// ShardTotal returns the sum of one counter over the committed shards of a
// stage, finished or not.
func (r *Run) ShardTotal(stage, counter string) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.manifest.Stages[stage]
	if s == nil {
		return 0
	}
	var total int64
	for _, sh := range s.Shards {
		total += sh.Counters[counter]
	}
	return total
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

// VerifiedShardFile returns the recorded file of one table of one shard
// after checking its SHA-256. A missing or damaged file makes the shard's
// record go: the stage is no longer done, the success marker says so, and
// the error names the command that writes the shard again.
func (r *Run) VerifiedShardFile(stage string, index int, tableName string) (FileRecord, error) {
	f, err := r.ShardFile(stage, index, tableName)
	if err != nil {
		return f, err
	}
	verr := f.Verify()
	if verr == nil {
		return f, nil
	}
	r.mu.Lock()
	if s := r.manifest.Stages[stage]; s != nil {
		delete(s.Shards, index)
		s.Done = false
	}
	r.mu.Unlock()
	if err := r.saveState(); err != nil {
		return f, errors.Join(verr, err)
	}
	how := fmt.Sprintf("litmine %s %s", stage, r.Dir)
	if stage == "ingest" {
		how = fmt.Sprintf("litmine ingest SRC... --out %s", r.Dir)
	}
	return f, fmt.Errorf("%w; shard %d of stage %s is no longer recorded, so `%s` writes it again", verr, index, stage, how)
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

// SetInputs writes the list of input files to InputsName and records its
// summary in the manifest, and returns the summary.
func (r *Run) SetInputs(inputs []Input) (Inputs, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	sum := Inputs{File: InputsName, Count: len(inputs)}
	for _, in := range inputs {
		if err := enc.Encode(in); err != nil {
			return Inputs{}, fmt.Errorf("record inputs: %w", err)
		}
		sum.Bytes += in.Bytes
	}
	if err := WriteFileAtomic(filepath.Join(r.Dir, InputsName), b.Bytes()); err != nil {
		return Inputs{}, err
	}
	digest := sha256.Sum256(b.Bytes())
	sum.SHA256 = hex.EncodeToString(digest[:])
	r.mu.Lock()
	defer r.mu.Unlock()
	r.manifest.Inputs = &sum
	return sum, nil
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

// isDone reports whether a stage is done and, recursively, the stage it read
// is done and still has the tables it read. The caller holds r.mu.
func (r *Run) isDone(name string) bool {
	s := r.manifest.Stages[name]
	if s == nil || !s.Done || r.lostFile(s) {
		return false
	}
	if s.Upstream == "" {
		return true
	}
	return r.isDone(s.Upstream) && s.UpstreamFingerprint == r.fingerprint(s.Upstream)
}

// Require returns an error naming each listed stage that is not done, with
// the command that does it.
func (r *Run) Require(stages ...string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var missing []string
	for _, s := range stages {
		if !r.isDone(s) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	how := fmt.Sprintf("litmine %s %s", missing[0], r.Dir)
	if missing[0] == "ingest" {
		how = fmt.Sprintf("litmine ingest SRC... --out %s", r.Dir)
	}
	return fmt.Errorf("%w: run %s needs stage %s first; run `%s`", ErrStageMissing, r.Dir, strings.Join(missing, ", "), how)
}

// Fingerprint returns a digest of the files a stage wrote. Begin records the
// fingerprint of a stage's upstream, so that a change upstream makes the
// stage run again instead of reusing output made from the old tables.
func (r *Run) Fingerprint(stage string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fingerprint(stage)
}

func (r *Run) fingerprint(stage string) string {
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
		return fmt.Errorf("verify %s: %w: manifest has %s, file has %s; the file was changed or damaged after it was written", f.Path, ErrChecksum, f.SHA256, sum)
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
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic is WriteFileAtomic for content that write streams to the
// temporary file. When write fails, path keeps its old content and the
// temporary file is removed.
func WriteAtomic(path string, write func(io.Writer) error) error {
	tmp, err := table.CreateTemp(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = write(tmp)
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
