package lexicon

import (
	"github.com/litmine/litmine/internal/shareddata"
	"sync"
	"testing"
)

// sharedData returns the folder of a corpus in the shared data folder; see
// shareddata.Require.
func sharedData(tb testing.TB, corpus string) string {
	tb.Helper()
	return shareddata.Require(tb, corpus)
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
