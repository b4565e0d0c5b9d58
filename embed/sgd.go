package embed

import "math"

// The sigmoid and its logarithm come from tables over [-maxExp, maxExp],
// as in word2vec; beyond that range the gradient saturates.
const (
	maxExp    = 6
	tableSize = 1024
)

var sigmoidTable, logSigmoidTable = sigmoidTables()

func sigmoidTables() (sig, logSig [tableSize + 1]float32) {
	for i := range sig {
		x := (float64(i)/tableSize*2 - 1) * maxExp
		s := 1 / (1 + math.Exp(-x))
		sig[i] = float32(s)
		logSig[i] = float32(math.Log(s))
	}
	return sig, logSig
}

// sigmoid returns σ(x) and log σ(x) for x in [-maxExp, maxExp].
func sigmoid(x float32) (float32, float32) {
	i := int((x + maxExp) * (tableSize / (2 * maxExp)))
	return sigmoidTable[i], logSigmoidTable[i]
}

// rng is a splitmix64 generator: one per worker, so that workers share no
// state and a worker's draws depend only on the seed and its index.
type rng struct{ state uint64 }

func newRNG(seed uint64, stream int) rng {
	r := rng{state: seed ^ uint64(stream+1)*0xD1B54A32D192ED03}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// float32 returns a uniform number in [0, 1).
func (r *rng) float32() float32 { return float32(r.next()>>40) / (1 << 24) }

// worker trains chunks with its own random numbers and scratch vectors, so
// that the hot loop allocates nothing.
type worker struct {
	t        *trainer
	rng      rng
	sentence []int32   // the current sentence after subsampling
	hidden   []float32 // average of a word's input rows
	grad     []float32 // gradient for the input rows
	loss     float64
	targets  int64

	targetIDs []int32 // context word and negative samples of one step
	touched   float32 // sum of the values touch reads, stored so that the compiler keeps the reads
}

func (t *trainer) newWorker(index int) *worker {
	return &worker{t: t, rng: newRNG(t.cfg.Seed, index+1), sentence: make([]int32, 0, MaxSentenceTokens),
		hidden: make([]float32, t.cfg.Dim), grad: make([]float32, t.cfg.Dim)}
}

// trainChunk trains the sentences of c and adds its counts to the trainer.
func (w *worker) trainChunk(c *chunk) {
	t := w.t
	done := t.wordsDone.Load()
	w.loss, w.targets = 0, 0
	start := int32(0)
	for _, end := range c.ends {
		w.trainSentence(c.ids[start:end], t.learningRate(done))
		done += int64(end - start)
		start = end
	}
	t.wordsDone.Add(int64(len(c.ids)))
	t.tokensDone.Add(c.tokens)
	t.addLoss(c.epoch, w.loss, w.targets)
	t.report(false)
}

// trainSentence subsamples the words of one sentence and trains each kept
// word against the kept words within its window. The input rows of the
// center word are averaged once per window and move once, by the gradient
// summed over the window's context words. fastText and gensim instead
// average and move them again for each context word. A word of 5 to 9
// letters has 14 to 30 n-gram rows, and on the benchmark corpus of
// docs/benchmarks.md the per-context schedule took 1.6 times as long. On
// the material name and formula pairs of Evaluate, both schedules scored
// the same mean reciprocal rank within 0.002.
func (w *worker) trainSentence(ids []int32, lr float32) {
	t := w.t
	w.sentence = w.sentence[:0]
	for _, id := range ids {
		if w.rng.next()&math.MaxUint32 < t.keep[id] {
			w.sentence = append(w.sentence, id)
		}
	}
	window := uint64(t.cfg.Window)
	for i, center := range w.sentence {
		span := t.cfg.Window - int(w.rng.next()%window)
		lo, hi := max(i-span, 0), min(i+span, len(w.sentence)-1)
		rows := t.inputRows[t.rowStart[center]:t.rowStart[center+1]]
		h := w.average(rows)
		clear(w.grad)
		for j := lo; j <= hi; j++ {
			if j != i {
				w.trainContext(h, w.sentence[j], lr)
			}
		}
		for _, r := range rows {
			axpy(1, w.grad, rowOf(t.in, r, t.cfg.Dim))
		}
	}
}

// average returns the average of the input rows rows: the row itself when
// there is one, or w.hidden.
func (w *worker) average(rows []int32) []float32 {
	t := w.t
	if len(rows) == 1 {
		return rowOf(t.in, rows[0], t.cfg.Dim)
	}
	w.touch(t.in, rows)
	h := w.hidden
	copy(h, rowOf(t.in, rows[0], t.cfg.Dim))
	for _, r := range rows[1:] {
		axpy(1, rowOf(t.in, r, t.cfg.Dim), h)
	}
	scale(1/float32(len(rows)), h)
	return h
}

// trainContext takes one step of skip-gram with negative sampling: the
// input vector h should predict the output row of context and not those of
// cfg.Negative words drawn from the noise distribution. It updates the
// output rows and adds the gradient for h to w.grad.
func (w *worker) trainContext(h []float32, context int32, lr float32) {
	t := w.t
	targets := w.drawTargets(context)
	w.touch(t.out, targets)
	loss := float32(0)
	for d, target := range targets {
		out := rowOf(t.out, target, t.cfg.Dim)
		f := dot(h, out)
		var g, logS float32
		if d == 0 {
			g, logS = gradient(f)
		} else {
			g, logS = gradient(-f) // log σ(-f) is the log-probability of "not a context"
			g = -g
		}
		loss -= logS
		axpy(g*lr, out, w.grad)
		axpy(g*lr, h, out)
	}
	w.loss += float64(loss)
	w.targets += int64(len(targets))
}

// drawTargets returns context followed by the negative samples, leaving out
// draws of context itself. The slice is reused by the next call.
func (w *worker) drawTargets(context int32) []int32 {
	w.targetIDs = append(w.targetIDs[:0], context)
	for range w.t.cfg.Negative {
		if id := w.t.alias.draw(w.rng.next()); id != context {
			w.targetIDs = append(w.targetIDs, id)
		}
	}
	return w.targetIDs
}

// touch reads one value in each 64-byte cache line of the rows ids of
// matrix before they are used, so that the memory loads of all the rows
// overlap instead of each row's first kernel waiting for its own. This
// took a fifth off the time of a step with subwords on the benchmark
// corpus, whose rows do not fit in the CPU caches.
func (w *worker) touch(matrix []float32, ids []int32) {
	sum := float32(0)
	for _, id := range ids {
		row := rowOf(matrix, id, w.t.cfg.Dim)
		for i := 0; i < len(row); i += 16 {
			sum += row[i]
		}
	}
	w.touched += sum
}

// rowOf returns row r of a matrix of rows of dim values.
func rowOf(matrix []float32, r int32, dim int) []float32 {
	return matrix[int(r)*dim : int(r+1)*dim]
}

// gradient returns 1 - σ(f), the derivative of log σ(f), and log σ(f).
func gradient(f float32) (float32, float32) {
	switch {
	case f > maxExp:
		return 0, 0
	case f < -maxExp:
		return 1, f
	}
	s, logS := sigmoid(f)
	return 1 - s, logS
}
