package lexicon

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// dataDirEnv names the environment variable that overrides the shared data
// folder, which holds one folder per corpus.
const dataDirEnv = "LITMINE_DATA_DIR"

// defaultDataDir is the shared data folder relative to this package when the
// repository is checked out next to it.
const defaultDataDir = "../../../shared/data"

// sharedData returns the folder of a corpus in the shared data folder. It
// skips the test when the folder is missing, and fails it instead when the
// CI environment variable is "true".
func sharedData(tb testing.TB, corpus string) string {
	tb.Helper()
	root := os.Getenv(dataDirEnv)
	if root == "" {
		root = defaultDataDir
	}
	dir := filepath.Join(root, corpus)
	if _, err := os.Stat(dir); err != nil {
		msg := fmt.Sprintf("corpus %s not found (%v); set %s to the shared data folder", corpus, err, dataDirEnv)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return dir
}

var (
	builtOnce sync.Once
	built     *Lexicon
	builtErr  error
)

// builtLexicon returns the lexicon built from the real dataset files with
// the default thresholds, building it once per test binary.
func builtLexicon(t *testing.T) *Lexicon {
	t.Helper()
	dir := sharedData(t, "text-mined-synthesis")
	builtOnce.Do(func() {
		built, builtErr = Build(BuildConfig{Files: DefaultSources(dir)})
	})
	if builtErr != nil {
		t.Fatalf("Build(%s): %v", dir, builtErr)
	}
	return built
}

func findMaterial(l *Lexicon, text string) *Material {
	for i := range l.Materials {
		if l.Materials[i].Text == text {
			return &l.Materials[i]
		}
	}
	return nil
}

func findOperation(l *Lexicon, token, typ string) *Operation {
	for i := range l.Operations {
		if l.Operations[i].Token == token && l.Operations[i].Type == typ {
			return &l.Operations[i]
		}
	}
	return nil
}

func findApparatus(l *Lexicon, name string) *Apparatus {
	for i := range l.Apparatus {
		if l.Apparatus[i].Name == name {
			return &l.Apparatus[i]
		}
	}
	return nil
}
