package train

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// PruneConfig configures magnitude pruning.
type PruneConfig struct {
	// Sparsity is the fraction of weights of each pruned variable that end
	// at zero, in [0, 1). Zero prunes nothing.
	Sparsity float64
	// StartStep is the first step (1-based) that computes masks. Zero means
	// step 1.
	StartStep int
	// EndStep is the step at which Sparsity is reached; the sparsity grows
	// from StartStep to EndStep along the cubic schedule of Zhu and Gupta
	// (2017). Zero, or a value below StartStep, means StartStep: one-shot
	// pruning.
	EndStep int
	// Every is the number of steps between mask updates from StartStep to
	// EndStep. Zero means every step.
	Every int
	// Applies selects the variables to prune. Nil means every float32
	// variable of rank 2 or more (weight matrices and embeddings), not
	// biases and scales.
	Applies func(*mlctx.Variable) bool
}

// Prune returns magnitude pruning as a WeightTransform. Each pruned
// variable gets a non-trainable mask of zeros and ones under
// StateScope/prune_mask. On the schedule, the host sets the mask to zero
// the variable's smallest weights by absolute value, ties broken by
// position. The mask multiplies the weights in the forward pass and again
// after each optimizer update, so Adam's momentum cannot revive a pruned
// weight. Masks only ever grow sparser.
//
// TODO: structured pruning (whole rows or attention heads by L2 norm).
func Prune(cfg PruneConfig) WeightTransform {
	if cfg.StartStep <= 0 {
		cfg.StartStep = 1
	}
	cfg.EndStep = max(cfg.EndStep, cfg.StartStep)
	cfg.Every = max(cfg.Every, 1)
	if cfg.Applies == nil {
		cfg.Applies = isWeightMatrix
	}
	return &pruner{cfg: cfg}
}

type pruner struct{ cfg PruneConfig }

func isWeightMatrix(v *mlctx.Variable) bool {
	return v.DType() == dtypes.Float32 && v.Shape().Rank() >= 2
}

func (p *pruner) Name() string {
	return fmt.Sprintf("prune(sparsity=%g,steps=%d-%d/%d)", p.cfg.Sparsity, p.cfg.StartStep, p.cfg.EndStep, p.cfg.Every)
}

func (p *pruner) Applies(v *mlctx.Variable) bool { return p.cfg.Applies(v) }

func (p *pruner) mask(ctx *mlctx.Context, v *mlctx.Variable) *mlctx.Variable {
	return stateContext(ctx, "prune_mask", v).GetVariable(v.Name())
}

// Setup creates an all-ones mask for each variable that has none.
func (p *pruner) Setup(ctx *mlctx.Context, vars []*mlctx.Variable) error {
	if p.cfg.Sparsity < 0 || p.cfg.Sparsity >= 1 || math.IsNaN(p.cfg.Sparsity) {
		return fmt.Errorf("sparsity %v is outside [0, 1)", p.cfg.Sparsity)
	}
	for _, v := range vars {
		if v.DType() != dtypes.Float32 {
			return fmt.Errorf("variable %s is %s; pruning supports float32", v.ScopeAndName(), v.DType())
		}
		if p.mask(ctx, v) != nil {
			continue
		}
		ones := make([]float32, v.Shape().Size())
		for i := range ones {
			ones[i] = 1
		}
		mask := tensors.FromFlatDataAndDimensions(ones, v.Shape().Dimensions...)
		stateContext(ctx, "prune_mask", v).VariableWithValue(v.Name(), mask).SetTrainable(false)
	}
	return nil
}

// sparsityAt returns the target sparsity at step, and whether masks are
// recomputed at that step.
func (p *pruner) sparsityAt(step int) (float64, bool) {
	c := p.cfg
	if step < c.StartStep || step > c.EndStep || ((step-c.StartStep)%c.Every != 0 && step != c.EndStep) {
		return 0, false
	}
	if c.EndStep == c.StartStep {
		return c.Sparsity, true
	}
	progress := float64(step-c.StartStep) / float64(c.EndStep-c.StartStep)
	return c.Sparsity * (1 - math.Pow(1-progress, 3)), true
}

// BeforeStep recomputes the masks on the schedule.
func (p *pruner) BeforeStep(ctx *mlctx.Context, vars []*mlctx.Variable, step int) error {
	sparsity, due := p.sparsityAt(step)
	if !due {
		return nil
	}
	for _, v := range vars {
		if err := p.updateMask(ctx, v, sparsity); err != nil {
			return fmt.Errorf("mask of %s at step %d: %w", v.ScopeAndName(), step, err)
		}
	}
	return nil
}

func (p *pruner) updateMask(ctx *mlctx.Context, v *mlctx.Variable, sparsity float64) error {
	maskVar := p.mask(ctx, v)
	value, err := v.Value()
	if err != nil {
		return err
	}
	weights, err := tensors.CopyFlatData[float32](value)
	if err != nil {
		return err
	}
	mask, err := tensors.CopyFlatData[float32](maskVar.MustValue())
	if err != nil {
		return err
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	magnitude := func(i int) float64 { return math.Abs(float64(weights[i] * mask[i])) }
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(magnitude(a), magnitude(b)), cmp.Compare(a, b))
	})
	for rank, i := range order {
		if rank < int(sparsity*float64(len(order))) {
			mask[i] = 0
		}
	}
	return maskVar.SetValue(tensors.FromFlatDataAndDimensions(mask, v.Shape().Dimensions...))
}

func (p *pruner) Forward(ctx *mlctx.Context, v *mlctx.Variable, w *graph.Node) *graph.Node {
	return graph.Mul(w, p.mask(ctx, v).ValueGraph(w.Graph()))
}

func (p *pruner) AfterUpdate(ctx *mlctx.Context, v *mlctx.Variable, w *graph.Node) *graph.Node {
	return graph.Mul(w, p.mask(ctx, v).ValueGraph(w.Graph()))
}
