package embed

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrainDeterministicWithOneWorker(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"subwords", smallConfig()},
		{"plain word2vec", func() Config { c := smallConfig(); c.NoSubwords = true; return c }()},
		{"lower-cased", func() Config { c := smallConfig(); c.Lower = true; return c }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, _ := trainDemo(t, tc.cfg)
			second, _ := trainDemo(t, tc.cfg)
			if !bytes.Equal(saved(t, first), saved(t, second)) {
				t.Error("two trainings with one worker and the same seed wrote different model files")
			}
			other := tc.cfg
			other.Seed++
			third, _ := trainDemo(t, other)
			if bytes.Equal(saved(t, first), saved(t, third)) {
				t.Error("trainings with seeds 7 and 8 wrote the same model file")
			}
		})
	}
}

func TestTrainStats(t *testing.T) {
	cfg := smallConfig()
	m, st := trainDemo(t, cfg)
	if st.Tokens < 10_000 {
		t.Errorf("Tokens = %d, want the demo corpus's 10,000 or more", st.Tokens)
	}
	if st.Vocabulary != m.Len() || st.Vocabulary < 500 {
		t.Errorf("Vocabulary = %d, model has %d words; want the same, at least 500", st.Vocabulary, m.Len())
	}
	if len(st.EpochLoss) != cfg.Epochs {
		t.Fatalf("EpochLoss has %d values, want %d", len(st.EpochLoss), cfg.Epochs)
	}
	for i, loss := range st.EpochLoss {
		if !(loss > 0 && loss < math.Ln2*2) {
			t.Errorf("loss of epoch %d = %g, want between 0 and 2 ln 2", i+1, loss)
		}
	}
	for i := 1; i < m.Len(); i++ {
		_, before := m.Word(i - 1)
		if _, count := m.Word(i); count > before || count < int64(cfg.MinCount) {
			t.Fatalf("word %d has count %d after %d; want counts falling and at least %d", i, count, before, cfg.MinCount)
		}
	}
}

func TestTrainSeveralWorkers(t *testing.T) {
	cfg := smallConfig()
	cfg.Workers = 3
	m, st := trainDemo(t, cfg)
	single, _ := trainDemo(t, smallConfig())
	if m.Len() != single.Len() || st.Buckets != len(single.bucketIDs) {
		t.Errorf("3 workers: %d words and %d buckets; 1 worker: %d and %d", m.Len(), st.Buckets, single.Len(), len(single.bucketIDs))
	}
	for i, v := range m.rows {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			t.Fatalf("value %d is %v", i, v)
		}
	}
}

func TestTrainLower(t *testing.T) {
	cfg := smallConfig()
	cfg.Lower = true
	m, _ := trainDemo(t, cfg)
	for i := range m.Len() {
		if w, _ := m.Word(i); strings.ToLower(w) != w {
			t.Fatalf("word %q is not lower-case", w)
		}
	}
	if !m.Lower() || !m.Contains("The") || m.Vector("The") == nil {
		t.Error(`lower-cased model does not find "The" as "the"`)
	}
}

func TestTrainRejectsConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
	}{
		{"negative dim", func(c *Config) { c.Dim = -1 }},
		{"huge dim", func(c *Config) { c.Dim = maxDim + 1 }},
		{"max n below min n", func(c *Config) { c.MinN, c.MaxN = 5, 4 }},
		{"negative buckets", func(c *Config) { c.Buckets = -3 }},
		{"NaN learning rate", func(c *Config) { c.LearningRate = math.NaN() }},
		{"negative learning rate", func(c *Config) { c.LearningRate = -0.1 }},
		{"sample above 1", func(c *Config) { c.Sample = 2 }},
		{"NaN sample", func(c *Config) { c.Sample = math.NaN() }},
		{"negative workers", func(c *Config) { c.Workers = -1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := smallConfig()
			tc.edit(&cfg)
			_, _, err := Train(context.Background(), TextFile("unused"), cfg)
			if !errors.Is(err, ErrConfig) {
				t.Errorf("err = %v, want ErrConfig", err)
			}
		})
	}
}

func TestTrainEmptyVocabulary(t *testing.T) {
	cfg := smallConfig()
	cfg.MinCount = 1 << 30
	_, tokens := demoRun(t)
	_, _, err := Train(context.Background(), TextFile(tokens), cfg)
	if !errors.Is(err, ErrEmptyVocabulary) {
		t.Errorf("err = %v, want ErrEmptyVocabulary", err)
	}
}

func TestTrainCancelled(t *testing.T) {
	_, tokens := demoRun(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Train(ctx, TextFile(tokens), smallConfig())
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestTrainRunCorpusMatchesTextFile(t *testing.T) {
	runDir, tokens := demoRun(t)
	fromText, _ := trainDemo(t, smallConfig())
	run, err := openRun(runDir)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	corpus, err := NewRunCorpus(run)
	if err != nil {
		t.Fatal(err)
	}
	fromRun, _, err := Train(context.Background(), corpus, smallConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(saved(t, fromRun), saved(t, fromText)) {
		t.Errorf("training on the run and on its tokens in %s gave different models", tokens)
	}
}

func TestTextFileCutsLongSentences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.txt")
	line := strings.Repeat("alpha beta ", MaxSentenceTokens) // 2 × MaxSentenceTokens tokens
	if err := os.WriteFile(path, []byte("\n  \n"+line+"\ngamma alpha\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := smallConfig()
	cfg.MinCount = 1
	m, st, err := Train(context.Background(), TextFile(path), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sentences != 3 || st.Tokens != 2*MaxSentenceTokens+2 || m.Len() != 3 {
		t.Errorf("got %d sentences, %d tokens, %d words; want 3, %d, 3", st.Sentences, st.Tokens, m.Len(), 2*MaxSentenceTokens+2)
	}
}

func TestTextFileErrors(t *testing.T) {
	_, _, err := Train(context.Background(), TextFile(filepath.Join(t.TempDir(), "missing.txt")), smallConfig())
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("err = %v, want a not-exist error naming missing.txt", err)
	}
}

func TestTextFileRejectsBinary(t *testing.T) {
	for name, content := range map[string]string{
		"invalid UTF-8": "good tokens here\nbad \xff\xfe bytes\n",
		"NUL byte":      "good tokens here\nbad \x00 byte\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "corpus.txt")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := Train(context.Background(), TextFile(path), smallConfig())
			if err == nil || !strings.Contains(err.Error(), "line 2") {
				t.Errorf("err = %v, want an error naming line 2", err)
			}
		})
	}
}
