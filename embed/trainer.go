package embed

import (
	"log/slog"
	"sync"
	"sync/atomic"
)

// trainer holds the shared state of one training run. Workers update in
// and out without locks (Hogwild); everything else is read-only during the
// epochs, apart from the atomic counters and the per-epoch loss.
type trainer struct {
	cfg   Config
	log   *slog.Logger
	vocab *vocabulary
	model *Model

	in  []float32 // input rows: model.rows
	out []float32 // output rows, one per word

	// inputRows[rowStart[w]:rowStart[w+1]] are the input rows that word w
	// averages: its own row first, then its n-gram buckets' rows.
	rowStart  []int32
	inputRows []int32

	keep  []uint64 // subsampling thresholds, see keepThresholds
	alias aliasTable

	// wordsTotal is the number of vocabulary tokens of all epochs, and
	// wordsDone those trained so far; their ratio sets the learning rate.
	wordsTotal float64
	wordsDone  atomic.Int64
	tokensDone atomic.Int64 // tokens trained so far, rare words included

	mu     sync.Mutex
	epochs []epochState
}

type epochState struct {
	loss       float64
	targets    int64
	chunks     int // -1 until the epoch is read
	chunksDone int
}

func newTrainer(v *vocabulary, cfg Config) *trainer {
	t := &trainer{cfg: cfg, log: cfg.Logger.With("stage", Stage), vocab: v,
		keep: keepThresholds(v, cfg.Sample), alias: newAliasTable(v.counts),
		wordsTotal: float64(cfg.Epochs) * float64(v.keptTokens)}
	m := &Model{dim: cfg.Dim, lower: cfg.Lower, words: v.words, counts: v.counts}
	var sub *subwords
	if !cfg.NoSubwords {
		m.minN, m.maxN, m.buckets = cfg.MinN, cfg.MaxN, cfg.Buckets
		sub = newSubwords(cfg.MinN, cfg.MaxN, cfg.Buckets)
		m.bucketIDs = usedBuckets(v.words, sub)
	}
	m.indexWords()
	t.model = m
	t.setInputRows(sub)

	rows := len(m.words) + len(m.bucketIDs)
	m.rows = make([]float32, rows*cfg.Dim)
	rng := newRNG(cfg.Seed, 0)
	for i := range m.rows {
		m.rows[i] = (rng.float32() - 0.5) / float32(cfg.Dim)
	}
	t.in = m.rows
	t.out = make([]float32, len(m.words)*cfg.Dim)
	t.epochs = make([]epochState, cfg.Epochs)
	for i := range t.epochs {
		t.epochs[i].chunks = -1
	}
	return t
}

// setInputRows lists the input rows of each word; sub is nil without
// subwords.
func (t *trainer) setInputRows(sub *subwords) {
	m := t.model
	t.rowStart = make([]int32, 1, len(m.words)+1)
	var buckets []uint32
	for i, w := range m.words {
		t.inputRows = append(t.inputRows, int32(i))
		if sub != nil {
			buckets = sub.appendBuckets(buckets[:0], []byte(w))
			for _, b := range buckets {
				t.inputRows = append(t.inputRows, m.bucketRow[b])
			}
		}
		t.rowStart = append(t.rowStart, int32(len(t.inputRows)))
	}
}

// learningRate returns the learning rate after done vocabulary tokens:
// linear decay from cfg.LearningRate, with a floor at 1/10,000 of it.
func (t *trainer) learningRate(done int64) float32 {
	frac := max(1-float64(done)/(t.wordsTotal+1), 1e-4)
	return float32(t.cfg.LearningRate * frac)
}

// finishEpoch records the number of chunks of an epoch once it is read.
func (t *trainer) finishEpoch(epoch, chunks int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.epochs[epoch].chunks = chunks
	t.logEpoch(epoch)
}

// addLoss adds the loss of one chunk to its epoch.
func (t *trainer) addLoss(epoch int, loss float64, targets int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := &t.epochs[epoch]
	e.loss += loss
	e.targets += targets
	e.chunksDone++
	t.logEpoch(epoch)
}

// logEpoch logs an epoch's loss when its last chunk is trained. The caller
// holds t.mu.
func (t *trainer) logEpoch(epoch int) {
	e := t.epochs[epoch]
	if e.chunks != e.chunksDone {
		return
	}
	t.log.Info("epoch finished", "epoch", epoch+1, "loss", e.loss/float64(max(e.targets, 1)),
		"learning_rate", t.learningRate(t.wordsDone.Load()))
}

func (t *trainer) epochLoss() []float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]float64, len(t.epochs))
	for i, e := range t.epochs {
		out[i] = e.loss / float64(max(e.targets, 1))
	}
	return out
}
