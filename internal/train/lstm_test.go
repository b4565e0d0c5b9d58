package train

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/layers/lstm"
)

// lstmModel predicts whether the first element of a sequence of 6 numbers is
// positive with gomlx's bidirectional lstm layer, which slices its weights
// and so needs the Slice gradient fix on the pure-Go backend.
type lstmModel struct {
	x [][][]float32
	y [][]float32
}

func newLSTMModel() *lstmModel {
	rng := rand.New(rand.NewPCG(4, 4))
	m := &lstmModel{}
	for range 4 {
		var xs [][]float32
		var ys []float32
		for range 16 {
			seq := make([]float32, 6)
			for i := range seq {
				seq[i] = rng.Float32()*2 - 1
			}
			xs = append(xs, seq)
			ys = append(ys, map[bool]float32{true: 1, false: 0}[seq[0] > 0])
		}
		m.x, m.y = append(m.x, xs), append(m.y, ys)
	}
	return m
}

func (m *lstmModel) NumBatches() int            { return len(m.x) }
func (m *lstmModel) Batch(i int) ([]any, error) { return []any{m.x[i], m.y[i]}, nil }
func (m *lstmModel) DevScore(backends.Backend, *mlctx.Context) (float64, error) {
	return 0, nil
}

func (m *lstmModel) Loss(ctx *mlctx.Context, inputs []*graph.Node) *graph.Node {
	x := graph.InsertAxes(inputs[0], -1) // [batch, 6, 1]
	_, last, _ := lstm.New(ctx.In("lstm"), x, 8).Direction(lstm.DirBidirectional).Done()
	batch := x.Shape().Dimensions[0]
	features := graph.Reshape(graph.TransposeAllAxes(last, 1, 0, 2), batch, 16)
	z := graph.Reshape(dense(ctx.In("output"), features, 1), batch)
	y := inputs[1]
	softplus := graph.Add(graph.Log1p(graph.Exp(graph.Neg(graph.Abs(z)))), graph.Max(z, graph.ZerosLike(z)))
	return graph.ReduceAllMean(graph.Sub(softplus, graph.Mul(y, z)))
}

func TestGomlxLSTMTrains(t *testing.T) {
	cfg := Config{Backend: testBackend(t), Seed: 1, Epochs: 15, LearningRate: 0.02, KeepLast: true}
	res, err := Run(context.Background(), mlctx.New(), newLSTMModel(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	first, last := meanLoss(res.Curves[:4]), meanLoss(res.Curves[len(res.Curves)-4:])
	if !(last < 0.7*first) {
		t.Errorf("mean loss of the last epoch %.4f, first %.4f: want a fall of 30%% or more", last, first)
	}
}
