package embed

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/litmine/litmine/ingest"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/ner"
)

// buildRun ingests and annotates inputs into a new run directory under
// dir and returns its path.
func buildRun(dir string, inputs ...string) (string, error) {
	runDir := filepath.Join(dir, "run")
	run, err := rundir.Open(runDir, "test")
	if err != nil {
		return "", err
	}
	defer run.Close()
	ctx := context.Background()
	if _, err := ingest.Run(ctx, run, ingest.Config{Inputs: inputs}); err != nil {
		return "", err
	}
	_, err = ner.Run(ctx, run, ner.Config{})
	return runDir, err
}

var demo struct {
	once   sync.Once
	root   string // temporary folder of both
	dir    string // a run over the demo corpus of the repository
	tokens string // its sentences as a token file
	err    error
}

// demoRun returns a run directory over testdata/corpus (15 real papers and
// procedures, about 30,000 tokens) and the same sentences as a token file,
// built once per test binary.
func demoRun(tb testing.TB) (runDir, tokens string) {
	tb.Helper()
	demo.once.Do(func() {
		dir, err := os.MkdirTemp("", "embed-test-")
		if err != nil {
			demo.err = err
			return
		}
		demo.root = dir
		demo.dir, demo.err = buildRun(dir, filepath.Join("..", "testdata", "corpus"))
		if demo.err == nil {
			demo.tokens = filepath.Join(dir, "tokens.txt")
			demo.err = writeTokens(demo.dir, demo.tokens)
		}
	})
	if demo.err != nil {
		tb.Fatal(demo.err)
	}
	return demo.dir, demo.tokens
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demo.root != "" {
		os.RemoveAll(demo.root)
	}
	os.Exit(code)
}

// writeTokens writes the sentences of a run as a token file.
func writeTokens(runDir, path string) error {
	run, err := openRun(runDir)
	if err != nil {
		return err
	}
	defer run.Close()
	corpus, err := NewRunCorpus(run)
	if err != nil {
		return err
	}
	return WriteTokens(context.Background(), corpus, path)
}

// smallConfig trains quickly on the demo corpus, deterministically.
func smallConfig() Config {
	return Config{Dim: 16, MinCount: 2, Epochs: 2, Workers: 1, Seed: 7}
}

// trainDemo trains on the demo token file with cfg.
func trainDemo(tb testing.TB, cfg Config) (*Model, Stats) {
	tb.Helper()
	_, tokens := demoRun(tb)
	m, st, err := Train(context.Background(), TextFile(tokens), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return m, st
}

// saved returns the bytes of the model file of m.
func saved(tb testing.TB, m *Model) []byte {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), ModelName)
	if err := m.Save(path); err != nil {
		tb.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func openRun(dir string) (*rundir.Run, error) { return rundir.OpenExisting(dir, "test") }
