package tagger

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/litmine/litmine/internal/train"
)

// bruteForce enumerates every tag path of n tokens over k tags and returns
// log Z, the best path with its score, and the marginals, using the
// weights as given (-Inf marks a forbidden transition).
func bruteForce(c *crf, emissions []float32, n int) (logZ float64, best []int32, bestScore float64, marginals []float64) {
	k := c.tags
	path := make([]int32, n)
	bestScore = math.Inf(-1)
	var scores []float64
	var paths [][]int32
	var walk func(t int)
	walk = func(t int) {
		if t == n {
			s := c.start[path[0]] + c.end[path[n-1]]
			for i, tag := range path {
				s += float64(emissions[i*k+int(tag)])
				if i > 0 {
					s += c.transition[int(path[i-1])*k+int(tag)]
				}
			}
			scores = append(scores, s)
			paths = append(paths, append([]int32(nil), path...))
			if s > bestScore {
				bestScore, best = s, append([]int32(nil), path...)
			}
			return
		}
		for tag := range k {
			path[t] = int32(tag)
			walk(t + 1)
		}
	}
	walk(0)
	logZ = logSumExp(scores)
	marginals = make([]float64, n*k)
	for p, s := range scores {
		for i, tag := range paths[p] {
			marginals[i*k+int(tag)] += math.Exp(s - logZ)
		}
	}
	return logZ, best, bestScore, marginals
}

func randomCRF(rng *rand.Rand, k int, forbid bool) *crf {
	c := &crf{tags: k, transition: make([]float64, k*k), start: make([]float64, k), end: make([]float64, k)}
	for i := range c.transition {
		c.transition[i] = rng.NormFloat64()
		if forbid && i%k == 2 && i/k != 1 && i/k != 2 { // tag 2 follows only tags 1 and 2, like an I tag
			c.transition[i] = math.Inf(-1)
		}
	}
	for j := range k {
		c.start[j], c.end[j] = rng.NormFloat64(), rng.NormFloat64()
	}
	if forbid {
		c.start[2] = math.Inf(-1)
	}
	return c
}

func randomEmissions(rng *rand.Rand, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64() * 2)
	}
	return out
}

func TestViterbiAndMarginalsMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const k = 4
	for _, forbid := range []bool{false, true} {
		for n := 1; n <= 5; n++ {
			t.Run(fmt.Sprintf("forbid=%v/n=%d", forbid, n), func(t *testing.T) {
				c := randomCRF(rng, k, forbid)
				emissions := randomEmissions(rng, n*k)
				wantZ, wantPath, wantScore, wantMarginals := bruteForce(c, emissions, n)

				path, score := c.viterbi(emissions, n)
				if math.Abs(score-wantScore) > 1e-9 {
					t.Errorf("viterbi score = %v, want %v", score, wantScore)
				}
				if fmt.Sprint(path) != fmt.Sprint(wantPath) {
					t.Errorf("viterbi path = %v, want %v", path, wantPath)
				}
				marginals, logZ := c.marginals(emissions, n)
				if math.Abs(logZ-wantZ) > 1e-9 {
					t.Errorf("log Z = %v, want %v", logZ, wantZ)
				}
				for i := range marginals {
					if math.Abs(marginals[i]-wantMarginals[i]) > 1e-9 {
						t.Fatalf("marginal %d = %v, want %v", i, marginals[i], wantMarginals[i])
					}
				}
			})
		}
	}
}

func TestViterbiEmptySentence(t *testing.T) {
	c := randomCRF(rand.New(rand.NewPCG(3, 4)), 3, false)
	if path, _ := c.viterbi(nil, 0); path != nil {
		t.Errorf("viterbi of no tokens = %v, want nil", path)
	}
	if m, _ := c.marginals(nil, 0); m != nil {
		t.Errorf("marginals of no tokens = %v, want nil", m)
	}
}

// TestLogPartitionMatchesBruteForce checks the forward algorithm of the
// training graph, masks included: sentences of several lengths padded to
// one T, one of them empty.
func TestLogPartitionMatchesBruteForce(t *testing.T) {
	backend, _, err := train.NewBackend("")
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	const k, steps = 3, 5
	lengths := []int{5, 1, 3, 0, 4}
	c := randomCRF(rng, k, false)
	batch := len(lengths)
	emissions := randomEmissions(rng, batch*steps*k)
	mask := make([]bool, batch*steps)
	for b, n := range lengths {
		for i := range n {
			mask[b*steps+i] = true
		}
	}
	exec, err := graph.NewExec(backend, func(em, mask, transition, start, end *graph.Node) *graph.Node {
		return logPartition(em, mask, transition, start, end)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Exec(tensors.FromFlatDataAndDimensions(emissions, batch, steps, k),
		tensors.FromFlatDataAndDimensions(mask, batch, steps),
		tensors.FromFlatDataAndDimensions(float32s(c.transition), k, k),
		tensors.FromFlatDataAndDimensions(float32s(c.start), k),
		tensors.FromFlatDataAndDimensions(float32s(c.end), k))
	if err != nil {
		t.Fatal(err)
	}
	got := out[0].Value().([]float32)
	for b, n := range lengths {
		if n == 0 {
			continue // masked out by the loss
		}
		want, _, _, _ := bruteForce(c, emissions[b*steps*k:], n)
		if math.Abs(float64(got[b])-want) > 1e-4 {
			t.Errorf("sentence %d (%d tokens): log Z = %v, want %v", b, n, got[b], want)
		}
	}
}

func float32s(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}

func TestTagSetRoundTrip(t *testing.T) {
	set := newTagSet()
	tags := []int32{0, 1, 2, 2, 0, 5, 3, 4, 0, 2}
	spans := set.decode(tags)
	want := "[{1 4 Material} {5 6 Number} {6 8 Nonrecipe-Material} {9 10 Material}]"
	got := "["
	for i, s := range spans {
		if i > 0 {
			got += " "
		}
		got += fmt.Sprintf("{%d %d %s}", s.TokenStart, s.TokenEnd, s.Label)
	}
	got += "]"
	if got != want {
		t.Errorf("decode(%v) = %s, want %s", tags, got, want)
	}
	if back := set.encode(spans[:3], 9); fmt.Sprint(back) != fmt.Sprint(tags[:9]) {
		t.Errorf("encode(decode) = %v, want %v", back, tags[:9])
	}
	if set.allowed(-1, 2) || !set.allowed(1, 2) || set.allowed(3, 2) || !set.allowed(2, 2) || !set.allowed(4, 0) {
		t.Error("allowed breaks the BIO scheme")
	}
}
