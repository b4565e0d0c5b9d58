package tagger

import (
	"context"
	"flag"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/litmine/litmine/internal/train"
)

var benchSteps = flag.Int("steps", 20, "timed training steps per benchmark, after 3 untimed ones")

// stepModel is a train.Model with one fixed batch of random ids, for
// timing training steps: the architecture of the anchor benchmark
// torch_bench.py --model bilstm (word embedding, BiLSTM, linear output),
// with softmax cross-entropy or the CRF as the loss.
type stepModel struct {
	net    *network
	crf    bool
	inputs []any
}

func newStepModel(batch, length, vocabulary, dim, hidden, tags int, crf bool) *stepModel {
	rng := rand.New(rand.NewPCG(1, 1))
	words := make([]int32, batch*length)
	gold := make([]int32, batch*length)
	mask := make([]bool, batch*length)
	for i := range words {
		words[i] = int32(rng.IntN(vocabulary))
		gold[i] = int32(rng.IntN(tags))
		mask[i] = true
	}
	m := &stepModel{net: &network{Words: vocabulary, WordDim: dim, Hidden: hidden, Tags: tags}, crf: crf}
	m.inputs = []any{
		tensors.FromFlatDataAndDimensions(words, batch, length),
		tensors.FromFlatDataAndDimensions(make([]int32, batch*length), batch, length, 1), // no n-grams
		tensors.FromFlatDataAndDimensions(make([]int32, batch*length), batch, length, 1), // no categories
		tensors.FromFlatDataAndDimensions(mask, batch, length),
	}
	examples := make([]*example, batch)
	for b := range examples {
		examples[b] = &example{tags: gold[b*length : (b+1)*length]}
	}
	m.inputs = append(m.inputs, goldInputs(examples, batch, length, tags)...)
	return m
}

func (m *stepModel) NumBatches() int                                            { return 1 }
func (m *stepModel) Batch(int) ([]any, error)                                   { return m.inputs, nil }
func (m *stepModel) DevScore(backends.Backend, *mlctx.Context) (float64, error) { return 0, nil }

func (m *stepModel) Loss(ctx *mlctx.Context, in []*graph.Node) *graph.Node {
	features := featureNodes{words: in[0], chars: in[1], categories: in[2], mask: in[3]}
	if m.crf {
		return m.net.crfLoss(ctx, features, trainingNodes{tags: in[4], transitions: in[5], starts: in[6], ends: in[7]})
	}
	logits := m.net.emissions(ctx, features)
	logProbs := graph.LogSoftmax(logits, -1)
	picked := graph.Mul(logProbs, graph.OneHot(in[4], m.net.Tags, dtypes.Float32))
	return graph.Neg(graph.ReduceAllMean(graph.ReduceSum(picked, -1)))
}

// timeSteps runs warm-up and timed steps with Adam and returns the wall
// time of each timed step's graph execution, in milliseconds.
func timeTrainingSteps(tb testing.TB, m train.Model, steps int) []float64 {
	tb.Helper()
	const warmup = 3
	var ms []float64
	_, err := train.Run(context.Background(), mlctx.New(), m, train.Config{
		Name: "step", Epochs: warmup + steps, EvalEvery: 1 << 30, Seed: 1,
		Progress: func(e train.Event) {
			if e.Kind == train.StepDone && e.Step > warmup {
				ms = append(ms, e.StepSeconds*1000)
			}
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkTrainStep times litmine's training step on the sizes of the
// anchor benchmark torch_bench.py --model bilstm: batch 32 × 50 tokens,
// vocabulary 20,000, embedding 100, hidden 200 per direction, 20 tags,
// Adam. It reports the median over -steps steps as ms/step.
func BenchmarkTrainStep(b *testing.B) {
	for _, tc := range []struct {
		name string
		crf  bool
	}{{"softmax", false}, {"crf", true}} {
		b.Run(tc.name, func(b *testing.B) {
			var all []float64
			for range b.N {
				all = append(all, timeTrainingSteps(b, newStepModel(32, 50, 20000, 100, 200, 20, tc.crf), *benchSteps)...)
			}
			b.ReportMetric(median(all), "ms/step")
			b.ReportMetric(slices.Min(all), "min-ms/step")
			b.ReportMetric(slices.Max(all), "max-ms/step")
		})
	}
}
