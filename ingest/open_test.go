package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/litmine/litmine/internal/rundir"
)

// stdinConfig returns a ReadConfig that reads text as standard input and
// copies it into a new temporary folder, which it returns too.
func stdinConfig(t *testing.T, text string) (ReadConfig, string) {
	tmp := t.TempDir()
	return ReadConfig{Stdin: strings.NewReader(text), TempDir: tmp}, tmp
}

// checkEmptyDir fails the test when dir holds anything.
func checkEmptyDir(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("%s was left in %s", e.Name(), dir)
	}
}

func TestWalkStdin(t *testing.T) {
	tests := []struct {
		name        string
		input       string
		maxBytes    int64
		wantSources []string
		wantProblem string
	}{
		{"text", "One.\n\nTwo.", 0, []string{"-"}, ""},
		{"gzip", string(gzipBytes(t, []byte("Zipped."))), 0, []string{"-"}, ""},
		{"json lines", `{"title": "A"}` + "\n{bad\n", 0, []string{"-:1"}, "-:2: malformed input: invalid JSON record"},
		{"zip", string(zipBytes(t, []archiveEntry{{name: "a.txt", body: "A."}})), 0, []string{"-!/a.txt"}, ""},
		{"too large", "0123456789", 5, nil, "-: copy standard input: input too large: more than 5 bytes; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, tmp := stdinConfig(t, tt.input)
			cfg.MaxFileBytes = tt.maxBytes
			docs, problems := readAllDocs(t, []string{StdinPath}, cfg)
			var sources []string
			for _, d := range docs {
				source := d.SourcePath
				if d.SourceLine > 0 {
					source += ":" + strconv.Itoa(d.SourceLine)
				}
				sources = append(sources, source)
			}
			if !slices.Equal(sources, tt.wantSources) {
				t.Errorf("documents from %q, want %q", sources, tt.wantSources)
			}
			switch {
			case tt.wantProblem == "" && len(problems) > 0:
				t.Errorf("problems = %v, want none", problems)
			case tt.wantProblem != "" && (len(problems) != 1 || !strings.HasPrefix(problems[0].String(), tt.wantProblem)):
				t.Errorf("problems = %v, want one starting %q", problems, tt.wantProblem)
			}
			checkEmptyDir(t, tmp)
		})
	}
}

func TestWalkStdinTwice(t *testing.T) {
	cfg, _ := stdinConfig(t, "Once.")
	err := Walk([]string{StdinPath, StdinPath}, cfg, func(Document) error { return nil }, nil)
	if err == nil || !strings.Contains(err.Error(), "standard input is named more than once") {
		t.Errorf("error = %v, want one about standard input named twice", err)
	}
}

func TestWalkStdinEmitError(t *testing.T) {
	cfg, tmp := stdinConfig(t, "Text.")
	errFull := errors.New("disk full")
	err := Walk([]string{StdinPath}, cfg, func(Document) error { return errFull }, nil)
	if !errors.Is(err, errFull) || strings.Contains(err.Error(), tmp) {
		t.Errorf("error = %v, want the emit error naming - and not the copy in %s", err, tmp)
	}
	checkEmptyDir(t, tmp)
}

func TestRunStdin(t *testing.T) {
	runDir, tmp := t.TempDir(), t.TempDir()
	run := func(text string) (Stats, error) {
		r, err := rundir.Open(runDir, "test")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		cfg := Config{Inputs: []string{StdinPath}, Read: ReadConfig{Stdin: strings.NewReader(text), TempDir: tmp}}
		return Run(context.Background(), r, cfg)
	}
	text := "First paper.\n\nIts second paragraph."

	st, err := run(text)
	if err != nil || st.Documents != 1 {
		t.Fatalf("Run = %d documents, %v; want 1 and no error", st.Documents, err)
	}
	checkEmptyDir(t, tmp)
	list := readString(t, filepath.Join(runDir, rundir.InputsName))
	want, err := json.Marshal(rundir.Input{Path: StdinPath, Bytes: int64(len(text)), SHA256: sha256Hex(text)})
	if err != nil {
		t.Fatal(err)
	}
	if list != string(want)+"\n" {
		t.Errorf("input list = %q, want %q", list, want)
	}

	st, err = run(text)
	if err != nil || !st.AlreadyDone {
		t.Errorf("second Run with the same bytes: done %v, %v; want already done", st.AlreadyDone, err)
	}
	if _, err = run("Other bytes."); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("Run with other bytes = %v, want an error asking for --force", err)
	}
	checkEmptyDir(t, tmp)
}
