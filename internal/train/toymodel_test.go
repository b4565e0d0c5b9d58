package train

import (
	"math"
	"math/rand/v2"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// toyModel is a small MLP classifier on synthetic data: 8 features, a
// hidden layer of 16 with dropout, of which a Slice keeps 12, and a logistic
// output. It exercises Dot, Slice and the context's random state.
type toyModel struct {
	batchesX [][][]float32
	batchesY [][]float32
	devX     [][]float32
	devY     []float32
	dropout  float64
	exec     *mlctx.Exec
	// poisonEpoch, when >= 0, makes every batch of that epoch NaN.
	poisonEpoch, epoch int
}

// newToyModel returns a toy model with numBatches batches of batchSize
// examples, drawn from seed.
func newToyModel(seed uint64, numBatches, batchSize int) *toyModel {
	rng := rand.New(rand.NewPCG(seed, 99))
	example := func() ([]float32, float32) {
		x := make([]float32, 8)
		for i := range x {
			x[i] = rng.Float32()*2 - 1
		}
		score := x[0] - 0.5*x[1] + 0.8*x[2]*x[3] + 0.3*x[4]
		if score > 0 {
			return x, 1
		}
		return x, 0
	}
	m := &toyModel{dropout: 0.1, poisonEpoch: -1}
	for range numBatches {
		var xs [][]float32
		var ys []float32
		for range batchSize {
			x, y := example()
			xs, ys = append(xs, x), append(ys, y)
		}
		m.batchesX, m.batchesY = append(m.batchesX, xs), append(m.batchesY, ys)
	}
	for range 128 {
		x, y := example()
		m.devX, m.devY = append(m.devX, x), append(m.devY, y)
	}
	return m
}

func (m *toyModel) NumBatches() int { return len(m.batchesX) }

func (m *toyModel) StartEpoch(epoch int, _ uint64) error {
	m.epoch = epoch
	return nil
}

func (m *toyModel) Batch(i int) ([]any, error) {
	if m.epoch == m.poisonEpoch {
		x := make([][]float32, len(m.batchesX[i]))
		for j := range x {
			x[j] = []float32{float32(math.NaN()), 0, 0, 0, 0, 0, 0, 0}
		}
		return []any{x, m.batchesY[i]}, nil
	}
	return []any{m.batchesX[i], m.batchesY[i]}, nil
}

func dense(ctx *mlctx.Context, x *graph.Node, units int) *graph.Node {
	g := x.Graph()
	inputs := x.Shape().Dimensions[1]
	w := ctx.VariableWithShape("weights", shapes.Make(dtypes.Float32, inputs, units)).ValueGraph(g)
	b := ctx.VariableWithShape("biases", shapes.Make(dtypes.Float32, units)).ValueGraph(g)
	out := graph.Dot(x, w)
	return graph.Add(out, graph.BroadcastToDims(graph.InsertAxes(b, 0), out.Shape().Dimensions...))
}

func (m *toyModel) logits(ctx *mlctx.Context, x *graph.Node) *graph.Node {
	g := x.Graph()
	h := graph.Tanh(dense(ctx.In("hidden"), x, 16))
	if ctx.IsTraining(g) && m.dropout > 0 {
		keep := graph.GreaterThan(ctx.RandomUniform(g, h.Shape()), graph.Scalar(g, dtypes.Float32, m.dropout))
		h = graph.Where(keep, graph.DivScalar(h, 1-m.dropout), graph.ZerosLike(h))
	}
	h = graph.Slice(h, graph.AxisRange(), graph.AxisRange(0, 12))
	out := dense(ctx.In("output"), h, 1)
	return graph.Reshape(out, x.Shape().Dimensions[0])
}

// Loss is the mean binary cross-entropy, log(1+exp(z)) - y·z.
func (m *toyModel) Loss(ctx *mlctx.Context, inputs []*graph.Node) *graph.Node {
	z := m.logits(ctx, inputs[0])
	y := inputs[1]
	softplus := graph.Log1p(graph.Exp(graph.Neg(graph.Abs(z))))
	softplus = graph.Add(softplus, graph.Max(z, graph.ZerosLike(z)))
	return graph.ReduceAllMean(graph.Sub(softplus, graph.Mul(y, z)))
}

// DevScore is the accuracy on the dev set.
func (m *toyModel) DevScore(backend backends.Backend, ctx *mlctx.Context) (float64, error) {
	if m.exec == nil {
		exec, err := mlctx.NewExec(backend, ctx, m.logits)
		if err != nil {
			return 0, err
		}
		m.exec = exec
	}
	out, err := m.exec.Exec(m.devX)
	if err != nil {
		return 0, err
	}
	logits := out[0].Value().([]float32)
	correct := 0
	for i, z := range logits {
		if (z > 0) == (m.devY[i] > 0.5) {
			correct++
		}
	}
	return float64(correct) / float64(len(logits)), nil
}
