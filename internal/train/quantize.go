package train

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// QuantizeConfig configures quantization-aware training.
type QuantizeConfig struct {
	// Bits is the width of the signed integer grid, 2 to 8. Zero means 4.
	Bits int
	// Applies selects the variables to quantize. Nil means every float32
	// variable of rank 2 or more (weight matrices and embeddings).
	Applies func(*mlctx.Variable) bool
}

// Quantize returns fake quantization with learned step sizes as a
// WeightTransform (LSQ: Esser et al., "Learned Step Size Quantization",
// 2020). The forward pass uses s·round(clip(w/s, -2^(b-1), 2^(b-1)-1)),
// with the straight-through estimator for round. Each variable's step s is
// learned in log space (trainable, under StateScope/lsq_log_step) because
// Adam drives a step learned directly to zero. As in the paper, the step's
// gradient is scaled by 1/sqrt(N·Qp) for N weights and Qp = 2^(b-1)-1. The
// stored weights keep full precision during training, while evaluation and
// the end of Run use the quantized values.
func Quantize(cfg QuantizeConfig) WeightTransform {
	if cfg.Bits == 0 {
		cfg.Bits = 4
	}
	if cfg.Applies == nil {
		cfg.Applies = isWeightMatrix
	}
	return &quantizer{cfg: cfg}
}

type quantizer struct{ cfg QuantizeConfig }

func (q *quantizer) Name() string { return fmt.Sprintf("lsq(bits=%d)", q.cfg.Bits) }

func (q *quantizer) Applies(v *mlctx.Variable) bool { return q.cfg.Applies(v) }

// levels returns the magnitudes of the most negative and most positive
// integer of the grid.
func (q *quantizer) levels() (negative, positive float64) {
	half := math.Pow(2, float64(q.cfg.Bits-1))
	return half, half - 1
}

func (q *quantizer) logStep(ctx *mlctx.Context, v *mlctx.Variable) *mlctx.Variable {
	return stateContext(ctx, "lsq_log_step", v).GetVariable(v.Name())
}

// Setup creates each variable's log step, initialized as in the LSQ paper
// to log(2·mean|w|/sqrt(Qp)).
func (q *quantizer) Setup(ctx *mlctx.Context, vars []*mlctx.Variable) error {
	if q.cfg.Bits < 2 || q.cfg.Bits > 8 {
		return fmt.Errorf("bits %d is outside 2 to 8", q.cfg.Bits)
	}
	_, positive := q.levels()
	for _, v := range vars {
		if v.DType() != dtypes.Float32 {
			return fmt.Errorf("variable %s is %s; quantization supports float32", v.ScopeAndName(), v.DType())
		}
		if q.logStep(ctx, v) != nil {
			continue
		}
		weights, err := tensors.CopyFlatData[float32](v.MustValue())
		if err != nil {
			return err
		}
		sum := 0.0
		for _, w := range weights {
			sum += math.Abs(float64(w))
		}
		step := 2 * sum / float64(max(len(weights), 1)) / math.Sqrt(positive)
		if step <= 0 {
			step = 1e-3
		}
		stateContext(ctx, "lsq_log_step", v).VariableWithValue(v.Name(), float32(math.Log(step)))
	}
	return nil
}

func (q *quantizer) BeforeStep(*mlctx.Context, []*mlctx.Variable, int) error { return nil }

func (q *quantizer) Forward(ctx *mlctx.Context, v *mlctx.Variable, w *graph.Node) *graph.Node {
	negative, positive := q.levels()
	step := graph.Exp(q.logStep(ctx, v).ValueGraph(w.Graph()))
	gradScale := 1 / math.Sqrt(float64(v.Shape().Size())*positive)
	// The value of step, with its gradient scaled by gradScale.
	step = graph.Add(graph.MulScalar(step, gradScale), graph.StopGradient(graph.MulScalar(step, 1-gradScale)))
	step = graph.BroadcastToDims(step, w.Shape().Dimensions...)
	levels := graph.ClipScalar(graph.Div(w, step), -negative, positive)
	return graph.Mul(StraightThroughRound(levels), step)
}

func (q *quantizer) AfterUpdate(_ *mlctx.Context, _ *mlctx.Variable, w *graph.Node) *graph.Node {
	return w
}
