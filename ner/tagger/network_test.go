package tagger

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/litmine/litmine/internal/train"
)

// hostLSTM runs one LSTM direction over the rows x[0..n) of dimension d
// with the weights of one direction (gate order input, forget, cell,
// output) and returns the states, in the order of x.
func hostLSTM(x [][]float32, in, rec, bias []float32, d, h int, reverse bool) [][]float64 {
	n := len(x)
	state, cell := make([]float64, h), make([]float64, h)
	out := make([][]float64, n)
	sigmoid := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	for k := range n {
		t := k
		if reverse {
			t = n - 1 - k
		}
		gates := make([]float64, 4*h)
		for g := range 4 * h {
			s := float64(bias[g])
			for i := range d {
				s += float64(x[t][i]) * float64(in[i*4*h+g])
			}
			for i := range h {
				s += state[i] * float64(rec[i*4*h+g])
			}
			gates[g] = s
		}
		next := make([]float64, h)
		for i := range h {
			cell[i] = sigmoid(gates[h+i])*cell[i] + sigmoid(gates[i])*math.Tanh(gates[2*h+i])
			next[i] = sigmoid(gates[3*h+i]) * math.Tanh(cell[i])
		}
		state = next
		out[t] = next
	}
	return out
}

// TestBiLSTMMatchesHostLoop checks the fused two-direction recurrence of
// the graph against a plain loop, on rows of different lengths padded to
// one T: the backward direction must start at each row's last real token.
func TestBiLSTMMatchesHostLoop(t *testing.T) {
	backend, _, err := train.NewBackend("")
	if err != nil {
		t.Fatal(err)
	}
	train.InstallGradientFixes()
	const batch, steps, dim, hidden = 3, 6, 4, 5
	lengths := []int{6, 2, 4}
	rng := rand.New(rand.NewPCG(7, 8))
	x := make([]float32, batch*steps*dim)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	mask := make([]bool, batch*steps)
	for b, n := range lengths {
		for i := range n {
			mask[b*steps+i] = true
		}
	}
	ctx := mlctx.New()
	if err := ctx.SetRNGStateFromSeed(3); err != nil {
		t.Fatal(err)
	}
	exec, err := mlctx.NewExec(backend, ctx, func(ctx *mlctx.Context, x, mask *graph.Node) *graph.Node {
		return biLSTM(ctx, x, mask, hidden)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Exec(tensors.FromFlatDataAndDimensions(x, batch, steps, dim), tensors.FromFlatDataAndDimensions(mask, batch, steps))
	if err != nil {
		t.Fatal(err)
	}
	got := tensors.MustCopyFlatData[float32](out[0])

	weights := map[string][]float32{}
	for v := range ctx.IterVariables() {
		if !v.DType().IsFloat() {
			continue // the random-number generator's state
		}
		weights[v.Name()] = tensors.MustCopyFlatData[float32](v.MustValue())
	}
	in, rec, bias := weights["input_weights"], weights["recurrent_weights"], weights["biases"]
	for b, n := range lengths {
		rows := make([][]float32, n)
		for i := range rows {
			rows[i] = x[(b*steps+i)*dim : (b*steps+i+1)*dim]
		}
		forward := hostLSTM(rows, in[:dim*4*hidden], rec[:hidden*4*hidden], bias[:4*hidden], dim, hidden, false)
		backward := hostLSTM(rows, in[dim*4*hidden:], rec[hidden*4*hidden:], bias[4*hidden:], dim, hidden, true)
		for i := range n {
			for k := range hidden {
				at := (b*steps+i)*2*hidden + k
				if math.Abs(float64(got[at])-forward[i][k]) > 1e-4 || math.Abs(float64(got[at+hidden])-backward[i][k]) > 1e-4 {
					t.Fatalf("row %d token %d unit %d: graph (%v, %v), loop (%v, %v)", b, i, k,
						got[at], got[at+hidden], forward[i][k], backward[i][k])
				}
			}
		}
	}
}

func TestTimeStepsCutsEveryStep(t *testing.T) {
	backend, _, err := train.NewBackend("")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 5, 8} {
		values := make([]float32, n*2)
		for i := range values {
			values[i] = float32(i)
		}
		exec, err := graph.NewExec(backend, func(x *graph.Node) []*graph.Node { return timeSteps(x) })
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Exec(tensors.FromFlatDataAndDimensions(values, n, 2))
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != n {
			t.Fatalf("%d steps: got %d nodes", n, len(out))
		}
		for k, o := range out {
			if got := o.Value().([]float32); got[0] != float32(2*k) || got[1] != float32(2*k+1) {
				t.Errorf("%d steps: step %d = %v, want [%d %d]", n, k, got, 2*k, 2*k+1)
			}
		}
	}
}

// TestHostNetworkMatchesGraph checks that tagging on the host computes the
// emission scores of the inference graph, on a batch of pieces of
// different lengths with every feature.
func TestHostNetworkMatchesGraph(t *testing.T) {
	backend, _, err := train.NewBackend("")
	if err != nil {
		t.Fatal(err)
	}
	net := &network{Words: 50, WordDim: 6, CharBuckets: 30, CharDim: 5, Categories: 20, CategoryDim: 3, Hidden: 7, Tags: 9}
	const maxNGrams, length = 4, 8
	rng := rand.New(rand.NewPCG(9, 10))
	var examples []*example
	for _, n := range []int{8, 3, 5, 1} {
		f := sentenceFeatures{words: make([]int32, n), chars: make([]int32, n*maxNGrams), categories: make([]int32, n*numCategories)}
		for i := range f.words {
			f.words[i] = int32(rng.IntN(net.Words))
		}
		for i := range f.chars {
			f.chars[i] = int32(rng.IntN(net.CharBuckets)) // some zeros: padding n-grams
		}
		for i := range f.categories {
			f.categories[i] = int32(rng.IntN(net.Categories))
		}
		examples = append(examples, &example{features: f})
	}
	ctx := mlctx.New()
	if err := ctx.SetRNGStateFromSeed(5); err != nil {
		t.Fatal(err)
	}
	exec, err := mlctx.NewExec(backend, ctx, func(ctx *mlctx.Context, words, chars, categories, mask *graph.Node) *graph.Node {
		return net.emissions(ctx, featureNodes{words: words, chars: chars, categories: categories, mask: mask})
	})
	if err != nil {
		t.Fatal(err)
	}
	b := newBatch(examples, len(examples), length, maxNGrams)
	out, err := exec.Exec(b.inputs()...)
	if err != nil {
		t.Fatal(err)
	}
	want := tensors.MustCopyFlatData[float32](out[0])

	weights, err := weightsFromContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	host, err := newHostNetwork(net, weights)
	if err != nil {
		t.Fatal(err)
	}
	got := host.emissions(examples, &hostScratch{})
	for r, ex := range examples {
		for i := range ex.len() * net.Tags {
			w := want[r*length*net.Tags+i]
			if math.Abs(float64(got[r][i]-w)) > 1e-4 {
				t.Fatalf("piece %d, score %d: host %v, graph %v", r, i, got[r][i], w)
			}
		}
	}
}
