package rundir

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"time"

	"github.com/litmine/litmine/internal/table"
)

// ManifestName is the file name of the manifest inside a run directory.
const ManifestName = "manifest.json"

// FormatVersion is the version of the manifest layout written by this code.
const FormatVersion = 1

// Manifest records what a run directory holds: the inputs, the stages done
// with their configuration, and every table file with its row count and
// SHA-256.
type Manifest struct {
	FormatVersion int               `json:"format_version"`
	Tool          Tool              `json:"tool"`
	Created       time.Time         `json:"created"`
	Updated       time.Time         `json:"updated"`
	Inputs        *Inputs           `json:"inputs,omitempty"`
	Stages        map[string]*Stage `json:"stages"`
}

// Tool identifies the program that wrote the run.
type Tool struct {
	Name    string            `json:"name"`
	Version string            `json:"version"`
	Go      string            `json:"go"`
	Modules map[string]string `json:"modules,omitempty"` // dependency path → version
}

// Inputs summarizes the input files of a run, which InputsName lists one
// per line as JSON objects of type Input. A corpus can have millions of
// files, so the list stays out of the manifest, which is rewritten after
// every shard.
type Inputs struct {
	File   string `json:"file"`   // InputsName, relative to the run directory
	Count  int    `json:"count"`  // files listed
	Bytes  int64  `json:"bytes"`  // their total size
	SHA256 string `json:"sha256"` // of the list file, which changes when any input does
}

// InputsName is the file name of the input list inside a run directory.
const InputsName = "inputs.jsonl"

// Input is one input file of the run.
type Input struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Stage records one stage of the run. Config is the stage configuration as
// JSON; a stage is re-run only when forced or when its configuration or
// version changed.
type Stage struct {
	Version string          `json:"version"`
	Config  json.RawMessage `json:"config,omitempty"`
	// Upstream names the stage whose tables this one read, and
	// UpstreamFingerprint identifies their files at the time (see
	// Run.Fingerprint). When the upstream output changes, this stage no
	// longer counts as done.
	Upstream            string            `json:"upstream,omitempty"`
	UpstreamFingerprint string            `json:"upstream_fingerprint,omitempty"`
	Started             time.Time         `json:"started"`
	Finished            time.Time         `json:"finished,omitzero"`
	Done                bool              `json:"done"`
	Tables              map[string]*Table `json:"tables,omitempty"`   // filled when the stage finishes
	Counters            map[string]int64  `json:"counters,omitempty"` // sums over the shards, filled when the stage finishes
	Problems            []string          `json:"problems,omitempty"` // first rejected records, "path:line: reason"
	Shards              map[int]*Shard    `json:"shards,omitempty"`
}

// Shard records one committed shard of a stage: a file per table, counters,
// and the records it rejected.
type Shard struct {
	Files    map[string]table.FileInfo `json:"files"` // table name → file, path relative to the run directory
	Counters map[string]int64          `json:"counters,omitempty"`
	Problems []string                  `json:"problems,omitempty"`
}

// Table lists the files of one table written by a stage.
type Table struct {
	Rows  int64            `json:"rows"`
	Files []table.FileInfo `json:"files"` // paths relative to the run directory, sorted
}

// MaxProblems is how many rejected-record lines a stage keeps in the
// manifest; the counters still count all of them.
const MaxProblems = 100

func newManifest(version string) *Manifest {
	now := time.Now().UTC().Truncate(time.Second)
	return &Manifest{
		FormatVersion: FormatVersion,
		Tool:          currentTool(version),
		Created:       now,
		Updated:       now,
		Stages:        map[string]*Stage{},
	}
}

func currentTool(version string) Tool {
	t := Tool{Name: "litmine", Version: version, Go: runtime.Version(), Modules: map[string]string{}}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			t.Modules[m.Path] = m.Version
		}
	}
	return t
}

func readManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read %s: invalid JSON: %w", path, err)
	}
	if m.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("read %s: manifest format version %d, this litmine reads version %d", path, m.FormatVersion, FormatVersion)
	}
	if m.Stages == nil {
		m.Stages = map[string]*Stage{}
	}
	return &m, nil
}

// AddProblem records a rejected record in the shard, keeping the first
// MaxProblems lines and counting all of them in Counters["rejected"].
func (s *Shard) AddProblem(line string) {
	s.Add("rejected", 1)
	if len(s.Problems) < MaxProblems {
		s.Problems = append(s.Problems, line)
	}
}

// Add adds n to a counter of the shard.
func (s *Shard) Add(counter string, n int64) {
	if s.Counters == nil {
		s.Counters = map[string]int64{}
	}
	s.Counters[counter] += n
}

// summarize fills the stage's Tables, Counters and Problems from its shards.
func (s *Stage) summarize() {
	s.Tables = map[string]*Table{}
	s.Counters = map[string]int64{}
	s.Problems = nil
	for _, k := range sortedShards(s.Shards) {
		sh := s.Shards[k]
		for name, f := range sh.Files {
			t := s.Tables[name]
			if t == nil {
				t = &Table{}
				s.Tables[name] = t
			}
			t.Files = append(t.Files, f)
			t.Rows += f.Rows
		}
		for c, n := range sh.Counters {
			s.Counters[c] += n
		}
		for _, p := range sh.Problems {
			if len(s.Problems) < MaxProblems {
				s.Problems = append(s.Problems, p)
			}
		}
	}
}

func sortedShards(m map[int]*Shard) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}
