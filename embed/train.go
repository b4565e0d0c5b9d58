package embed

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/litmine/litmine/internal/progress"
)

// ErrEmptyVocabulary is returned by Train when no word of the corpus
// occurs MinCount times.
var ErrEmptyVocabulary = errors.New("empty vocabulary")

// Stats describes a training run.
type Stats struct {
	Sentences  int64 // per epoch, after cutting sentences at MaxSentenceTokens
	Tokens     int64 // per epoch, rare words included
	Vocabulary int   // words kept
	Buckets    int   // n-gram buckets that the vocabulary uses; 0 without subwords
	Epochs     int
	// EpochLoss is the mean negative-sampling loss of each epoch: the mean
	// of -log σ(±u·v) over the word pairs and negative samples trained,
	// each taken just before its step. While the learning rate is high, the
	// rows that nearby words have just moved make it lower than the loss of
	// the vectors at the end of the epoch. So it can rise in the last
	// epochs, as the rate falls towards zero.
	EpochLoss []float64
	// CountTime is the time of the counting pass and model set-up, and
	// TrainTime the time of the epochs, reading the corpus included.
	CountTime, TrainTime time.Duration
}

// WordsPerSecond returns the tokens of all epochs divided by TrainTime,
// the rate that gensim reports as raw words per second.
func (s Stats) WordsPerSecond() float64 {
	if s.TrainTime <= 0 {
		return 0
	}
	return float64(s.Tokens) * float64(s.Epochs) / s.TrainTime.Seconds()
}

// Train learns skip-gram vectors with negative sampling from corpus, with
// character n-gram subwords unless cfg.NoSubwords is set. It reads the
// corpus once to count words and then once per epoch. A context that is
// cancelled stops it with the context's error.
func Train(ctx context.Context, corpus Corpus, cfg Config) (*Model, Stats, error) {
	cfg = cfg.withDefaults()
	if err := cfg.check(); err != nil {
		return nil, Stats{}, err
	}
	log := cfg.Logger.With("stage", Stage)
	start := time.Now()
	vocab, err := countWords(ctx, corpus, cfg.MinCount, cfg.Lower, func(sentences int64, final bool) {
		cfg.Progress(progress.Event{Stage: "count words", Unit: "sentences", Done: sentences, Total: -1, Final: final})
	})
	if err != nil {
		return nil, Stats{}, err
	}
	if len(vocab.words) == 0 {
		return nil, Stats{}, fmt.Errorf("%w: no token of the %d in the corpus occurs %d times or more; lower the minimum count (--min-count)", ErrEmptyVocabulary, vocab.tokens, cfg.MinCount)
	}

	t := newTrainer(vocab, cfg)
	st := Stats{Tokens: vocab.tokens, Vocabulary: len(vocab.words), Buckets: len(t.model.bucketIDs), Epochs: cfg.Epochs,
		CountTime: time.Since(start)}
	log.Info("vocabulary counted", "tokens", vocab.tokens, "words", len(vocab.words), "buckets", st.Buckets,
		"elapsed", st.CountTime.Round(time.Millisecond))
	log.Debug("training settings", "dim", cfg.Dim, "window", cfg.Window, "negative", cfg.Negative, "epochs", cfg.Epochs,
		"learning_rate", cfg.LearningRate, "sample", cfg.Sample, "subwords", !cfg.NoSubwords, "min_n", cfg.MinN,
		"max_n", cfg.MaxN, "buckets", cfg.Buckets, "workers", cfg.Workers, "seed", cfg.Seed)

	start = time.Now()
	sentences, err := t.run(ctx, corpus)
	if err != nil {
		return nil, Stats{}, err
	}
	st.TrainTime = time.Since(start)
	st.Sentences = sentences
	st.EpochLoss = t.epochLoss()
	log.Info("training finished", "words_per_s", int64(st.WordsPerSecond()), "loss", st.EpochLoss[len(st.EpochLoss)-1],
		"elapsed", st.TrainTime.Round(time.Millisecond))
	return t.model, st, nil
}

// chunkTokens is the number of word ids the reader puts in one chunk of
// work before handing it to a worker.
const chunkTokens = 8192

// chunk is a run of sentences as word ids of the vocabulary; words outside
// it are left out.
type chunk struct {
	ids    []int32
	ends   []int32 // end of each sentence in ids
	tokens int64   // tokens read for this chunk, rare words included
	epoch  int
}

// run reads the corpus once per epoch into chunks and trains them on
// cfg.Workers goroutines. It returns the number of sentences per epoch.
func (t *trainer) run(ctx context.Context, corpus Corpus) (int64, error) {
	work := make(chan *chunk, 2*t.cfg.Workers)
	free := make(chan *chunk, 3*t.cfg.Workers)
	var wg sync.WaitGroup
	for i := range t.cfg.Workers {
		w := t.newWorker(i)
		wg.Go(func() {
			for c := range work {
				w.trainChunk(c)
				select {
				case free <- c:
				default:
				}
			}
		})
	}
	sentences, err := t.readEpochs(ctx, corpus, work, free)
	close(work)
	wg.Wait()
	if err != nil {
		return 0, err
	}
	t.report(true)
	return sentences, nil
}

// readEpochs sends the corpus to work once per epoch, reusing the chunks
// that workers return on free.
func (t *trainer) readEpochs(ctx context.Context, corpus Corpus, work, free chan *chunk) (int64, error) {
	var sentences int64
	for epoch := range t.cfg.Epochs {
		r := chunkReader{t: t, work: work, free: free, epoch: epoch}
		r.next()
		if err := corpus.Sentences(ctx, r.add); err != nil {
			return 0, err
		}
		r.send()
		t.finishEpoch(epoch, r.chunks)
		sentences = r.sentences
	}
	return sentences, ctx.Err()
}

// chunkReader fills chunks with the sentences of one epoch.
type chunkReader struct {
	t          *trainer
	work, free chan *chunk
	epoch      int
	current    *chunk
	folded     []byte
	sentences  int64
	chunks     int
}

func (r *chunkReader) next() {
	select {
	case r.current = <-r.free:
		r.current.ids, r.current.ends = r.current.ids[:0], r.current.ends[:0]
		r.current.tokens = 0
	default:
		r.current = &chunk{ids: make([]int32, 0, chunkTokens+MaxSentenceTokens)}
	}
	r.current.epoch = r.epoch
}

// add appends one sentence, cut into pieces of MaxSentenceTokens words.
func (r *chunkReader) add(tokens [][]byte) error {
	c := r.current
	start := len(c.ids)
	for _, tok := range tokens {
		if r.t.cfg.Lower {
			r.folded = appendLower(r.folded[:0], tok)
			tok = r.folded
		}
		if id, ok := r.t.vocab.index[string(tok)]; ok {
			c.ids = append(c.ids, id)
		}
		if len(c.ids)-start == MaxSentenceTokens {
			c.ends = append(c.ends, int32(len(c.ids)))
			start = len(c.ids)
			r.sentences++
		}
	}
	c.tokens += int64(len(tokens))
	if len(c.ids) > start {
		c.ends = append(c.ends, int32(len(c.ids)))
		r.sentences++
	}
	if len(c.ids) >= chunkTokens {
		r.send()
		r.next()
	}
	return nil
}

func (r *chunkReader) send() {
	if r.current.tokens == 0 {
		return
	}
	r.work <- r.current
	r.chunks++
}

// report sends a progress event with the tokens trained so far.
func (t *trainer) report(final bool) {
	t.cfg.Progress(progress.Event{Stage: Stage, Unit: "words", Done: t.tokensDone.Load(),
		Total: int64(t.cfg.Epochs) * t.vocab.tokens, Final: final})
}
