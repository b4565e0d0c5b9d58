package train

import (
	"path"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/graph"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// StateScope is the absolute scope of the variables that Run creates itself:
// optimizer moments and the state of weight transforms (pruning masks,
// quantization step sizes). They are saved in checkpoints but are not part
// of a trained model; see IsModelVariable.
const StateScope = "/train"

// IsModelVariable reports whether v belongs in a model file: false for the
// variables under StateScope and for gomlx's random-number-generator state.
// Use it as the filter of modelfile.File.AddVariables.
func IsModelVariable(v *mlctx.Variable) bool {
	if v.Scope() == StateScope || strings.HasPrefix(v.Scope(), StateScope+"/") {
		return false
	}
	return !(v.Scope() == mlctx.RootScope && v.Name() == mlctx.RNGStateVariableName)
}

// stateContext returns ctx in the absolute scope StateScope/kind followed
// by the scope of v, with checking off, for a variable named v.Name().
func stateContext(ctx *mlctx.Context, kind string, v *mlctx.Variable) *mlctx.Context {
	return ctx.InAbsPath(path.Join(StateScope, kind, v.Scope())).Checked(false)
}

// LossAt builds the model's loss in the current step graph with the
// trainable variables' graph values set to weights (in the order of the
// weights passed to the GradientFunc), after the Transforms' Forward. It
// may be called more than once in one graph.
type LossAt func(weights []*graph.Node) *graph.Node

// GradientFunc computes the loss and the gradients of one training step:
// the extension point for methods that need more than one forward pass.
// weights are the trainable variables' values at the start of the step;
// grads must have one gradient per weight, of its shape. The returned loss
// is the one reported and checked for NaN and Inf. It panics on errors,
// like any graph-building function.
type GradientFunc func(ctx *mlctx.Context, weights []*graph.Node, lossAt LossAt) (loss *graph.Node, grads []*graph.Node)

// PlainGradient is the gradient of the loss at the current weights.
func PlainGradient(_ *mlctx.Context, weights []*graph.Node, lossAt LossAt) (*graph.Node, []*graph.Node) {
	loss := lossAt(weights)
	return loss, graph.Gradient(loss, weights...)
}

// SAM returns the gradient rule of sharpness-aware minimization (Foret et
// al., "Sharpness-Aware Minimization for Efficiently Improving
// Generalization", 2021). It takes the gradient g at the weights w and
// moves to w + rho·g/‖g‖, with the global L2 norm. The gradient of the loss
// there is what the optimizer applies to w. A step costs about two plain
// steps, and the reported loss is the one at w. rho is typically 0.05.
//
// TODO: report the sharpness L(w + rho·g/‖g‖) - L(w) in events.
func SAM(rho float64) GradientFunc {
	return func(_ *mlctx.Context, weights []*graph.Node, lossAt LossAt) (*graph.Node, []*graph.Node) {
		loss := lossAt(weights)
		grads := graph.Gradient(loss, weights...)
		g := loss.Graph()
		norm := GlobalNorm(g, grads)
		scale := graph.Div(graph.Scalar(g, norm.DType(), rho), graph.AddScalar(norm, 1e-12))
		perturbed := make([]*graph.Node, len(weights))
		for i, w := range weights {
			step := graph.Mul(grads[i], graph.ConvertDType(scale, grads[i].DType()))
			perturbed[i] = graph.Add(w, graph.StopGradient(step))
		}
		perturbedLoss := lossAt(perturbed)
		return loss, graph.Gradient(perturbedLoss, perturbed...)
	}
}

// WeightTransform is the extension point for methods that change the
// values of the trainable weights that the forward pass uses and that each
// optimizer update stores, such as pruning masks and fake quantization.
// The model needs no changes for them. Run calls Setup on the host once the model's
// variables exist, BeforeStep on the host before each step, and Forward and
// AfterUpdate while building the step graph. For evaluation and at the end
// of Run, the transformed variables are set to their Forward values.
type WeightTransform interface {
	// Name identifies the transform in logs and errors.
	Name() string
	// Applies reports whether the transform acts on the model variable v.
	// It is asked only about trainable float variables outside StateScope.
	Applies(v *mlctx.Variable) bool
	// Setup creates the transform's state variables for vars (those it
	// applies to), with values, under StateScope. A resumed run has them
	// already, restored from the checkpoint; Setup must keep those.
	Setup(ctx *mlctx.Context, vars []*mlctx.Variable) error
	// BeforeStep updates state on the host before step (1-based), for
	// example masks on a pruning schedule.
	BeforeStep(ctx *mlctx.Context, vars []*mlctx.Variable, step int) error
	// Forward returns the value the model uses for v, whose stored value
	// in the step graph is w.
	Forward(ctx *mlctx.Context, v *mlctx.Variable, w *graph.Node) *graph.Node
	// AfterUpdate returns the value to store in v after the optimizer
	// computed the update w.
	AfterUpdate(ctx *mlctx.Context, v *mlctx.Variable, w *graph.Node) *graph.Node
}
