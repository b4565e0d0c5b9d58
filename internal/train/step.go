package train

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	gomlxtrain "github.com/gomlx/gomlx/pkg/ml/train"
)

// maxStepGraphs is the number of step graphs, one per combination of batch
// shapes, that the step executor keeps compiled; gomlx's default is 32.
const maxStepGraphs = 128

// createVariables makes sure every model variable exists with a value, sets
// up the weight transforms, and builds the step executor.
//
// The model creates its variables while building its loss, but the
// transforms must wrap them before the model reads them. So a first loss
// graph is built, and never compiled, on the shapes of the next batch only
// to create the variables. A resumed run has them already, with values and
// random state from the checkpoint.
func (r *runner) createVariables() error {
	if err := r.discoverVariables(); err != nil {
		return err
	}
	if err := r.vars.InitializeVariables(r.backend, nil); err != nil {
		return fmt.Errorf("initialize variables: %w", err)
	}
	if err := r.setupTransforms(); err != nil {
		return err
	}
	r.trainable = nil
	for v := range r.vars.IterVariables() {
		if v.Trainable && v.DType().IsFloat() {
			r.trainable = append(r.trainable, v)
		}
	}
	if len(r.trainable) == 0 {
		return errors.New("the model has no trainable float variables")
	}
	exec, err := mlctx.NewExec(r.backend, r.vars, r.stepGraph)
	if err != nil {
		return fmt.Errorf("create step executor: %w", err)
	}
	r.exec = exec.SetMaxCache(maxStepGraphs)
	return nil
}

// discoverVariables builds the model's loss once on parameters shaped like
// the first batch this run will take, and drops the graph.
func (r *runner) discoverVariables() error {
	if r.order == nil {
		if err := r.startEpoch(); err != nil {
			return err
		}
	}
	inputs, err := r.batch(r.order[r.position])
	if err != nil {
		return err
	}
	err = catch(func() error {
		g := graph.NewGraph(r.backend, "discover_variables")
		defer g.Finalize()
		params := make([]*graph.Node, len(inputs))
		for i, x := range inputs {
			params[i] = graph.Parameter(g, fmt.Sprintf("input_%d", i), toTensor(x).Shape())
		}
		r.vars.SetTraining(g, true)
		_ = r.modelLoss(r.vars, g, params)
		return nil
	})
	if err != nil {
		return fmt.Errorf("build the loss graph: %w", err)
	}
	return nil
}

func toTensor(x any) *tensors.Tensor {
	if t, ok := x.(*tensors.Tensor); ok {
		return t
	}
	return tensors.FromAnyValue(x)
}

// batch returns the inputs of batch i from the model, with panics turned
// into errors.
func (r *runner) batch(i int) ([]any, error) {
	var inputs []any
	err := catch(func() error {
		var err error
		inputs, err = r.model.Batch(i)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("batch %d: %w", i, err)
	}
	if len(inputs) == 0 {
		return nil, fmt.Errorf("batch %d: no inputs", i)
	}
	return inputs, nil
}

// trainStep runs one optimizer step on batch i and records it.
func (r *runner) trainStep(i int) error {
	inputs, err := r.batch(i)
	if err != nil {
		return err
	}

	next := r.step + 1
	for k, t := range r.cfg.Transforms {
		if err := catch(func() error { return t.BeforeStep(r.vars, r.transformVars[k], next) }); err != nil {
			return fmt.Errorf("weight transform %s: %w", t.Name(), err)
		}
	}
	rate := r.learningRate(next)
	hyper := []float32{float32(rate), 1, 1}
	if r.cfg.Optimizer == Adam {
		hyper[1] = float32(1 / (1 - math.Pow(r.cfg.Beta1, float64(next))))
		hyper[2] = float32(1 / (1 - math.Pow(r.cfg.Beta2, float64(next))))
	}

	begin := time.Now()
	outputs, err := r.exec.Exec(append([]any{hyper}, inputs...)...)
	seconds := time.Since(begin).Seconds()
	if err != nil {
		return fmt.Errorf("batch %d: %w", i, err)
	}
	loss := float64(outputs[0].Value().(float32))
	gradNorm := float64(outputs[1].Value().(float32))
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("batch %d: loss is %v: %w", i, loss, ErrNotFinite)
	}
	if math.IsNaN(gradNorm) || math.IsInf(gradNorm, 0) {
		return fmt.Errorf("batch %d: gradient norm is %v: %w", i, gradNorm, ErrNotFinite)
	}

	r.step, r.lastLoss, r.lastLearningRate, r.lastStepSeconds = next, loss, rate, seconds
	r.stepSeconds += seconds
	r.stepsHere++
	r.curves = append(r.curves, CurveRow{Step: int64(next), Epoch: int32(r.epoch), Loss: loss,
		DevScore: math.NaN(), LearningRate: rate, Seconds: seconds})
	r.emit(StepDone, nil)
	return nil
}

// stepGraph builds one training step: the loss and gradients (through
// Config.Gradient), gradient clipping, the optimizer update and the weight
// transforms. It takes [learning rate, Adam's two bias corrections] and
// the batch, and returns the loss and the global gradient norm. When either
// is not finite, no variable changes.
func (r *runner) stepGraph(ctx *mlctx.Context, inputs []*graph.Node) []*graph.Node {
	g := inputs[0].Graph()
	ctx.SetTraining(g, true)
	hyper, batch := inputs[0], inputs[1:]
	weights := make([]*graph.Node, len(r.trainable))
	for i, v := range r.trainable {
		weights[i] = v.ValueGraph(g)
	}

	lossAt := func(ws []*graph.Node) *graph.Node {
		if len(ws) != len(r.trainable) {
			panic(fmt.Errorf("LossAt got %d weights, want %d", len(ws), len(r.trainable)))
		}
		for i, v := range r.trainable {
			v.SetValueGraph(r.forward(ctx, v, ws[i]))
		}
		return r.modelLoss(ctx, g, batch)
	}

	// Loss and gradients, then clipping by the global norm.
	loss, grads := r.cfg.Gradient(ctx, weights, lossAt)
	loss = graph.ConvertDType(loss, dtypes.Float32)
	gradNorm := GlobalNorm(g, grads)
	if r.cfg.ClipNorm > 0 {
		clip := graph.Scalar(g, dtypes.Float32, r.cfg.ClipNorm)
		scale := graph.Min(graph.ScalarOne(g, dtypes.Float32), graph.Div(clip, graph.AddScalar(gradNorm, 1e-6)))
		for i := range grads {
			grads[i] = graph.Mul(grads[i], graph.ConvertDType(scale, grads[i].DType()))
		}
	}

	// The update, then the transforms, unless something is not finite.
	finite := graph.LogicalAnd(graph.IsFinite(loss), graph.IsFinite(gradNorm))
	updated := r.update(ctx, hyper, weights, grads, finite)
	for i, v := range r.trainable {
		w := updated[i]
		for _, t := range r.transforms[v] {
			w = t.AfterUpdate(ctx, v, w)
		}
		v.SetValueGraph(keepIf(finite, w, weights[i]))
	}
	return []*graph.Node{loss, gradNorm}
}

// forward applies the Forward of the transforms of v to its value w.
func (r *runner) forward(ctx *mlctx.Context, v *mlctx.Variable, w *graph.Node) *graph.Node {
	for _, t := range r.transforms[v] {
		w = t.Forward(ctx, v, w)
	}
	return w
}

// modelLoss calls the model's Loss and adds the terms added with gomlx's
// train.AddLoss during that call.
func (r *runner) modelLoss(ctx *mlctx.Context, g *graph.Graph, batch []*graph.Node) *graph.Node {
	trainerCtx := ctx.InAbsPath(gomlxtrain.TrainerAbsoluteScope)
	trainerCtx.SetGraphParam(g, gomlxtrain.TrainerLossGraphParamKey, nil)
	loss := r.model.Loss(ctx, batch)
	if loss == nil || !loss.IsScalar() || !loss.DType().IsFloat() {
		panic(fmt.Errorf("the model's Loss must return a float scalar, got %v", shapeOf(loss)))
	}
	if extra, ok := trainerCtx.GetGraphParam(g, gomlxtrain.TrainerLossGraphParamKey); ok {
		if node, ok := extra.(*graph.Node); ok && node != nil {
			loss = graph.Add(loss, graph.ConvertDType(node, loss.DType()))
		}
	}
	return loss
}

func shapeOf(n *graph.Node) any {
	if n == nil {
		return "nil"
	}
	return n.Shape()
}

// keepIf returns value where the scalar condition holds and old elsewhere.
func keepIf(condition, value, old *graph.Node) *graph.Node {
	if value.Rank() > 0 {
		condition = graph.BroadcastToDims(condition, value.Shape().Dimensions...)
	}
	return graph.Where(condition, value, old)
}

// update returns the weights after one optimizer step. Adam's moments are
// non-trainable variables under StateScope/adam, and keep their values
// when finite is false.
func (r *runner) update(ctx *mlctx.Context, hyper *graph.Node, weights, grads []*graph.Node, finite *graph.Node) []*graph.Node {
	updated := make([]*graph.Node, len(weights))
	for i, v := range r.trainable {
		w, grad := weights[i], graph.ConvertDType(grads[i], weights[i].DType())
		rate := graph.ConvertDType(graph.Slice(hyper, graph.AxisElem(0)), w.DType())
		rate = graph.Reshape(rate)
		step := graph.Mul(rate, grad)
		if r.cfg.Optimizer == Adam {
			step = r.adamStep(ctx, v, hyper, grad, finite)
		}
		next := graph.Sub(w, step)
		if r.cfg.WeightDecay > 0 && v.Shape().Rank() >= 2 && IsModelVariable(v) {
			next = graph.Sub(next, graph.Mul(graph.MulScalar(rate, r.cfg.WeightDecay), w))
		}
		updated[i] = next
	}
	return updated
}

// adamStep updates the moments of v and returns the Adam step
// rate·m̂/(sqrt(v̂)+ε).
func (r *runner) adamStep(ctx *mlctx.Context, v *mlctx.Variable, hyper, grad, finite *graph.Node) *graph.Node {
	dtype := grad.DType()
	scalar := func(i int) *graph.Node {
		return graph.Reshape(graph.ConvertDType(graph.Slice(hyper, graph.AxisElem(i)), dtype))
	}
	rate, correction1, correction2 := scalar(0), scalar(1), scalar(2)
	zeros := func() *tensors.Tensor { return tensors.FromShape(shapes.Make(v.DType(), v.Shape().Dimensions...)) }
	mVar := stateContext(ctx, "adam_m", v).VariableWithValue(v.Name(), zeros()).SetTrainable(false)
	sVar := stateContext(ctx, "adam_v", v).VariableWithValue(v.Name(), zeros()).SetTrainable(false)
	m, s := mVar.ValueGraph(grad.Graph()), sVar.ValueGraph(grad.Graph())

	b1, b2 := r.cfg.Beta1, r.cfg.Beta2
	m2 := graph.Add(graph.MulScalar(m, b1), graph.MulScalar(grad, 1-b1))
	s2 := graph.Add(graph.MulScalar(s, b2), graph.MulScalar(graph.Square(grad), 1-b2))
	mVar.SetValueGraph(keepIf(finite, m2, m))
	sVar.SetValueGraph(keepIf(finite, s2, s))

	mHat := graph.Mul(m2, correction1)
	sHat := graph.Mul(s2, correction2)
	denominator := graph.AddScalar(graph.Sqrt(sHat), r.cfg.Epsilon)
	return graph.Mul(rate, graph.Div(mHat, denominator))
}
