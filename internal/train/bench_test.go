package train

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// mlpModel is a 256-512-512-10 classifier on random data, batch 128.
type mlpModel struct {
	x [][]float32
	y []int32
}

func newMLPModel() *mlpModel {
	rng := rand.New(rand.NewPCG(1, 1))
	m := &mlpModel{x: make([][]float32, 128), y: make([]int32, 128)}
	for i := range m.x {
		m.x[i] = make([]float32, 256)
		for j := range m.x[i] {
			m.x[i][j] = rng.Float32()
		}
		m.y[i] = int32(rng.IntN(10))
	}
	return m
}

func (m *mlpModel) NumBatches() int          { return 1 }
func (m *mlpModel) Batch(int) ([]any, error) { return []any{m.x, m.y}, nil }
func (m *mlpModel) DevScore(backends.Backend, *mlctx.Context) (float64, error) {
	return 0, nil
}

func (m *mlpModel) Loss(ctx *mlctx.Context, inputs []*graph.Node) *graph.Node {
	h := inputs[0]
	for i, units := range []int{512, 512} {
		h = graph.Tanh(dense(ctx.Inf("layer_%d", i), h, units))
	}
	logits := dense(ctx.In("output"), h, 10)
	labels := graph.OneHot(inputs[1], 10, dtypes.Float32)
	logProbs := graph.LogSoftmax(logits, -1)
	return graph.Neg(graph.ReduceAllMean(graph.ReduceSum(graph.Mul(labels, logProbs), -1)))
}

// benchmarkMLPStep reports the mean time of the training steps after the
// first (which includes compilation), in ms/step.
func benchmarkMLPStep(b *testing.B, steps int) {
	backend := testBackend(b)
	var total float64
	var count int
	for b.Loop() {
		cfg := Config{Backend: backend, MaxSteps: steps, Epochs: steps, KeepLast: true,
			Progress: func(e Event) {
				if e.Kind == StepDone && e.Step > 1 {
					total += e.StepSeconds
					count++
				}
			}}
		if _, err := Run(context.Background(), mlctx.New(), newMLPModel(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000*total/float64(count), "ms/step")
}

// BenchmarkMLPStep measures a training step with the gradient fixes.
func BenchmarkMLPStep(b *testing.B) {
	benchmarkMLPStep(b, 20)
}

// BenchmarkMLPStepStockGradients measures the same step with gomlx's own
// gradient rules of Dot and DotGeneral, restored for the benchmark's
// duration. It must not run in parallel with other tests.
func BenchmarkMLPStepStockGradients(b *testing.B) {
	InstallGradientFixes()
	fixed := map[graph.NodeType]graph.VJP{}
	for _, nodeType := range []graph.NodeType{graph.NodeTypeDot, graph.NodeTypeDotGeneral} {
		fixed[nodeType] = graph.VJPRegistration[nodeType]
		graph.VJPRegistration[nodeType] = stockVJP[nodeType]
	}
	defer func() {
		for nodeType, rule := range fixed {
			graph.VJPRegistration[nodeType] = rule
		}
	}()
	benchmarkMLPStep(b, 5)
}
