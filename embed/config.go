package embed

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime"

	"github.com/litmine/litmine/internal/progress"
)

// Stage names the training in progress events and log lines.
const Stage = "train embeddings"

// Defaults of Config. DefaultBuckets is the bucket count of fastText and
// gensim. It costs no memory here, because only the buckets that the
// vocabulary's n-grams hash to get a row.
const (
	DefaultDim          = 100
	DefaultWindow       = 5
	DefaultNegative     = 5
	DefaultMinCount     = 5
	DefaultEpochs       = 5
	DefaultLearningRate = 0.025
	DefaultSample       = 1e-3
	DefaultMinN         = 3
	DefaultMaxN         = 6
	DefaultBuckets      = 2_000_000
	DefaultSeed         = 1
)

// MaxSentenceTokens is the maximum sentence length in tokens. Training
// cuts a longer sentence, such as a whole paragraph on one line of a text
// file, into pieces of this many tokens, as gensim does.
const MaxSentenceTokens = 10_000

// ErrConfig is wrapped by the errors of Train about a Config field out of
// its range.
var ErrConfig = errors.New("invalid embedding config")

// Config configures Train. The zero value trains skip-gram with subwords
// with the defaults above.
type Config struct {
	// Dim is the length of each vector. Zero means 100.
	Dim int
	// Window is the largest distance in tokens between a word and a context
	// word. Each center word draws its own window from 1 to Window, as
	// word2vec does. Zero means 5.
	Window int
	// Negative is the number of negative samples per context word, drawn
	// from the unigram distribution raised to the power 0.75. Zero means 5.
	Negative int
	// MinCount drops words seen fewer times from the vocabulary. Zero means
	// 5.
	MinCount int
	// Epochs is the number of passes over the corpus. Zero means 5.
	Epochs int
	// LearningRate is the starting learning rate. It decays linearly with
	// the words trained towards zero, with a floor at LearningRate/10,000,
	// as in word2vec. Zero means 0.025.
	LearningRate float64
	// Sample is the subsampling threshold: a word of corpus frequency f is
	// kept with probability (sqrt(f/Sample)+1)·Sample/f, as in word2vec and
	// gensim. Zero means 1e-3 and a negative value turns subsampling off.
	Sample float64
	// NoSubwords trains plain word2vec: a word's input vector is its own row
	// only, and unseen words get no vector. False (the default) averages the
	// word's row with the rows of its hashed character n-grams.
	NoSubwords bool
	// MinN and MaxN bound the length of character n-grams, in code points,
	// counting the "<" and ">" that mark the start and end of the word.
	// Zero means 3 and 6.
	MinN, MaxN int
	// Buckets is the number of hash buckets that n-grams share. Zero means
	// 2,000,000.
	Buckets int
	// Lower lower-cases every token before counting and training, and
	// Model.Vector lower-cases the words it is asked for. False (the
	// default) keeps case, because formulas are case-sensitive: "Co" is
	// cobalt and "CO" carbon monoxide.
	Lower bool
	// Workers is the number of training goroutines. Zero means
	// runtime.GOMAXPROCS(0). With one worker, training is deterministic
	// for a seed; with more, workers update shared vectors without locks
	// (Hogwild), so results vary from run to run.
	Workers int
	// Seed seeds vector initialization, window sizes, subsampling and
	// negative samples. Zero means 1.
	Seed uint64
	// Logger receives lifecycle messages and the loss of each epoch. Nil
	// discards them.
	Logger *slog.Logger
	// Progress receives progress in words. Nil discards it.
	Progress progress.Func
}

func (c Config) withDefaults() Config {
	setDefault(&c.Dim, DefaultDim)
	setDefault(&c.Window, DefaultWindow)
	setDefault(&c.Negative, DefaultNegative)
	setDefault(&c.MinCount, DefaultMinCount)
	setDefault(&c.Epochs, DefaultEpochs)
	setDefault(&c.MinN, DefaultMinN)
	setDefault(&c.MaxN, DefaultMaxN)
	setDefault(&c.Buckets, DefaultBuckets)
	setDefault(&c.Workers, runtime.GOMAXPROCS(0))
	if c.LearningRate == 0 {
		c.LearningRate = DefaultLearningRate
	}
	if c.Sample == 0 {
		c.Sample = DefaultSample
	}
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Progress == nil {
		c.Progress = progress.Discard
	}
	return c
}

func setDefault(field *int, value int) {
	if *field == 0 {
		*field = value
	}
}

// check returns an error wrapping ErrConfig for the first field out of
// range. It expects a Config with defaults applied.
func (c Config) check() error {
	limits := []struct {
		name     string
		value    int
		min, max int
	}{
		{"Dim", c.Dim, 1, maxDim},
		{"Window", c.Window, 1, 1000},
		{"Negative", c.Negative, 1, 1000},
		{"MinCount", c.MinCount, 1, 1 << 30},
		{"Epochs", c.Epochs, 1, 1 << 20},
		{"MinN", c.MinN, 1, maxN},
		{"MaxN", c.MaxN, c.MinN, maxN},
		{"Buckets", c.Buckets, 1, maxBuckets},
		{"Workers", c.Workers, 1, 1 << 16},
	}
	for _, l := range limits {
		if l.value < l.min || l.value > l.max {
			return fmt.Errorf("%w: %s is %d, want %d to %d", ErrConfig, l.name, l.value, l.min, l.max)
		}
	}
	if !(c.LearningRate > 0 && c.LearningRate <= 10) {
		return fmt.Errorf("%w: LearningRate is %g, want above 0 and at most 10", ErrConfig, c.LearningRate)
	}
	if !(c.Sample <= 1) {
		return fmt.Errorf("%w: Sample is %g, want at most 1 (negative turns subsampling off)", ErrConfig, c.Sample)
	}
	return nil
}

// Limits that Config.check and the model loader share, so that every model
// Train writes loads again.
const (
	maxDim     = 10_000
	maxN       = 64
	maxBuckets = 1 << 30
)
