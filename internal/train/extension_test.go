package train

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// linearModel has one 2×2 variable w and the loss x·sum(w∘c) for an input
// x = 1, so the gradient of w is c.
type linearModel struct{}

var linearC = [][]float32{{1, -2}, {0.5, 3}}

func (linearModel) NumBatches() int                                            { return 1 }
func (linearModel) Batch(int) ([]any, error)                                   { return []any{float32(1)}, nil }
func (linearModel) DevScore(backends.Backend, *mlctx.Context) (float64, error) { return 0, nil }
func (linearModel) Loss(ctx *mlctx.Context, inputs []*graph.Node) *graph.Node {
	g := inputs[0].Graph()
	w := ctx.VariableWithValue("w", [][]float32{{1, 2}, {3, 4}}).ValueGraph(g)
	return graph.Mul(graph.ReduceAllSum(graph.Mul(w, graph.Const(g, linearC))), inputs[0])
}

// TestOptimizerStep checks one step of each update rule against values
// computed by hand from w0 = [[1 2] [3 4]] and the gradient c.
func TestOptimizerStep(t *testing.T) {
	norm := math.Sqrt(1 + 4 + 0.25 + 9)
	cases := []struct {
		name string
		cfg  Config
		want func(w0, c float64) float64
	}{
		{"sgd", Config{Optimizer: SGD, LearningRate: 0.1},
			func(w0, c float64) float64 { return w0 - 0.1*c }},
		{"sgd clipped", Config{Optimizer: SGD, LearningRate: 0.1, ClipNorm: 1},
			func(w0, c float64) float64 { return w0 - 0.1*c/norm }},
		{"adam", Config{LearningRate: 0.1},
			func(w0, c float64) float64 { return w0 - 0.1*math.Copysign(1, c) }},
		{"adamw", Config{LearningRate: 0.1, WeightDecay: 0.5},
			func(w0, c float64) float64 { return w0 - 0.1*math.Copysign(1, c) - 0.1*0.5*w0 }},
		{"warm-up", Config{Optimizer: SGD, LearningRate: 0.1, WarmupSteps: 4},
			func(w0, c float64) float64 { return w0 - 0.025*c }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.cfg.Backend = testBackend(t)
			c.cfg.KeepLast = true
			vars := mlctx.New()
			if _, err := Run(context.Background(), vars, linearModel{}, c.cfg); err != nil {
				t.Fatal(err)
			}
			got := vars.GetVariableByScopeAndName("/", "w").MustValue().Value().([][]float32)
			w0 := [][]float64{{1, 2}, {3, 4}}
			for i := range 2 {
				for j := range 2 {
					want := c.want(w0[i][j], float64(linearC[i][j]))
					if math.Abs(float64(got[i][j])-want) > 1e-5 {
						t.Errorf("w[%d][%d] = %.6f, want %.6f", i, j, got[i][j], want)
					}
				}
			}
		})
	}
}

func TestLearningRateSchedule(t *testing.T) {
	r := &runner{totalSteps: 12}
	cases := []struct {
		name string
		cfg  Config
		step int
		want float64
	}{
		{"constant", Config{LearningRate: 1}, 7, 1},
		{"warm-up first step", Config{LearningRate: 1, WarmupSteps: 4}, 1, 0.25},
		{"warm-up last step", Config{LearningRate: 1, WarmupSteps: 4}, 4, 1},
		{"linear middle", Config{LearningRate: 1, WarmupSteps: 4, Decay: LinearDecay}, 8, 0.5},
		{"linear end", Config{LearningRate: 1, WarmupSteps: 4, Decay: LinearDecay, MinLearningRate: 0.1}, 12, 0.1},
		{"cosine middle", Config{LearningRate: 1, WarmupSteps: 4, Decay: CosineDecay}, 8, 0.5},
		{"cosine quarter", Config{LearningRate: 1, WarmupSteps: 4, Decay: CosineDecay}, 6, 0.5 * (1 + math.Cos(math.Pi/4))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r.cfg = c.cfg
			if got := r.learningRate(c.step); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("learning rate at step %d = %v, want %v", c.step, got, c.want)
			}
		})
	}
}

func TestConfigRejectsInvalidValues(t *testing.T) {
	cases := []Config{
		{LearningRate: -1},
		{ClipNorm: math.NaN()},
		{Beta1: 1},
		{Epochs: -2},
		{Optimizer: Optimizer(9)},
		{Decay: Decay(7)},
	}
	for _, cfg := range cases {
		if _, err := cfg.withDefaults(); err == nil || !strings.HasPrefix(err.Error(), "invalid training config") {
			t.Errorf("config %+v: error %v, want invalid training config", cfg, err)
		}
	}
}

// scriptedModel is the toy model with dev scores taken from a list.
type scriptedModel struct {
	*toyModel
	scores []float64
	calls  int
}

func (m *scriptedModel) DevScore(backends.Backend, *mlctx.Context) (float64, error) {
	score := m.scores[min(m.calls, len(m.scores)-1)]
	m.calls++
	return score, nil
}

// TestEarlyStopping stops after two evaluations without improvement and
// must leave the weights of the best step, equal to those of a run that
// ends there.
func TestEarlyStopping(t *testing.T) {
	cfg := toyConfig(t)
	cfg.EvalEvery, cfg.Patience = 2, 2
	model := &scriptedModel{toyModel: newToyModel(1, 8, 32), scores: []float64{0.5, 0.7, 0.6, 0.65, 0.9}}
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !res.StoppedEarly || res.Steps != 8 || res.BestStep != 4 || res.BestScore != 0.7 || !res.KeptBest {
		t.Fatalf("result %+v, want an early stop at step 8 with the best score 0.7 at step 4", res)
	}

	short := toyConfig(t)
	short.MaxSteps, short.KeepLast = 4, true
	want := runToEnd(t, short, "")
	got := weightBytes(t, vars)
	for name, data := range want {
		if isModelName(name) && string(got[name]) != string(data) {
			t.Errorf("variable %s differs from the weights after step 4", name)
		}
	}
}

// isModelName reports whether a variable name is outside StateScope and not
// the random state, like IsModelVariable.
func isModelName(name string) bool {
	return !strings.HasPrefix(name, StateScope+"/") && name != "/#rngState"
}

func TestSAMTrains(t *testing.T) {
	run := func(gradient GradientFunc) (Result, map[string][]byte) {
		cfg := toyConfig(t)
		cfg.Gradient = gradient
		vars := mlctx.New()
		res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return res, weightBytes(t, vars)
	}
	res, a := run(SAM(0.05))
	if last, first := meanLoss(res.Curves[24:]), meanLoss(res.Curves[:8]); !(last < 0.8*first) {
		t.Errorf("SAM: mean loss of the last epoch %.4f, first %.4f", last, first)
	}
	_, b := run(SAM(0.05))
	assertSameWeights(t, a, b)
	_, plain := run(nil)
	if string(plain["/hidden/weights"]) == string(a["/hidden/weights"]) {
		t.Error("SAM gave the same weights as the plain gradient")
	}
}

func TestPruneKeepsPrunedWeightsAtZero(t *testing.T) {
	cfg := toyConfig(t)
	cfg.Transforms = []WeightTransform{Prune(PruneConfig{Sparsity: 0.5, StartStep: 5, EndStep: 13, Every: 4})}
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.BestScore < 0.7 {
		t.Errorf("best dev accuracy %.3f with pruning, want >= 0.7", res.BestScore)
	}
	for _, name := range []string{"hidden", "output"} {
		w := flatFloat32(t, vars.GetVariableByScopeAndName("/"+name, "weights").MustValue())
		zeros := 0
		for _, x := range w {
			if x == 0 {
				zeros++
			}
		}
		if zeros < len(w)/2 {
			t.Errorf("%s weights: %d of %d are zero, want at least half", name, zeros, len(w))
		}
	}
	if vars.GetVariableByScopeAndName(StateScope+"/prune_mask/hidden", "weights") == nil {
		t.Error("no mask variable under StateScope")
	}
}

func TestPruneSchedule(t *testing.T) {
	p := Prune(PruneConfig{Sparsity: 0.8, StartStep: 10, EndStep: 20, Every: 5}).(*pruner)
	cases := []struct {
		step int
		want float64
		due  bool
	}{
		{9, 0, false}, {10, 0, true}, {12, 0, false}, {15, 0.8 * (1 - 0.125), true}, {20, 0.8, true}, {25, 0, false},
	}
	for _, c := range cases {
		got, due := p.sparsityAt(c.step)
		if due != c.due || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("step %d: sparsity %v due %v, want %v %v", c.step, got, due, c.want, c.due)
		}
	}
}

func TestQuantizeLimitsDistinctValues(t *testing.T) {
	cfg := toyConfig(t)
	cfg.Transforms = []WeightTransform{Quantize(QuantizeConfig{Bits: 3})}
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.BestScore < 0.7 {
		t.Errorf("best dev accuracy %.3f with 3-bit weights, want >= 0.7", res.BestScore)
	}
	for _, name := range []string{"hidden", "output"} {
		distinct := map[float32]bool{}
		for _, x := range flatFloat32(t, vars.GetVariableByScopeAndName("/"+name, "weights").MustValue()) {
			distinct[x] = true
		}
		if len(distinct) > 8 {
			t.Errorf("%s weights have %d distinct values, want at most 8 for 3 bits", name, len(distinct))
		}
		step := vars.GetVariableByScopeAndName(StateScope+"/lsq_log_step/"+name, "weights")
		if step == nil || !step.Trainable {
			t.Errorf("%s: no trainable log step under StateScope", name)
		}
	}
}

// panicModel panics in the method named by where.
type panicModel struct {
	*toyModel
	where string
}

func (m *panicModel) Batch(i int) ([]any, error) {
	if m.where == "batch" {
		panic("batch exploded")
	}
	return m.toyModel.Batch(i)
}

func (m *panicModel) Loss(ctx *mlctx.Context, inputs []*graph.Node) *graph.Node {
	if m.where == "loss" {
		// Adding [B] to [B, 8] is a shape error, which gomlx raises as a panic.
		return graph.ReduceAllSum(graph.Add(inputs[0], inputs[1]))
	}
	return m.toyModel.Loss(ctx, inputs)
}

func (m *panicModel) DevScore(b backends.Backend, ctx *mlctx.Context) (float64, error) {
	if m.where == "dev" {
		return 0, errors.New("dev set missing")
	}
	return m.toyModel.DevScore(b, ctx)
}

func TestModelFailuresBecomeErrors(t *testing.T) {
	for _, c := range []struct{ where, want string }{
		{"batch", "batch exploded"},
		{"loss", "train toy"},
		{"dev", "step 4: dev evaluation: dev set missing"},
	} {
		t.Run(c.where, func(t *testing.T) {
			model := &panicModel{toyModel: newToyModel(1, 8, 32), where: c.where}
			_, err := Run(context.Background(), mlctx.New(), model, toyConfig(t))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestIsModelVariable(t *testing.T) {
	vars := mlctx.New()
	if err := vars.SetRNGStateFromSeed(1); err != nil {
		t.Fatal(err)
	}
	weights := vars.In("dense").VariableWithValue("weights", float32(1))
	moment := vars.InAbsPath(StateScope+"/adam_m/dense").VariableWithValue("weights", float32(0))
	rng := vars.GetVariableByScopeAndName(mlctx.RootScope, mlctx.RNGStateVariableName)
	if !IsModelVariable(weights) || IsModelVariable(moment) || IsModelVariable(rng) {
		t.Errorf("IsModelVariable: weights %v, moment %v, rng %v; want true, false, false",
			IsModelVariable(weights), IsModelVariable(moment), IsModelVariable(rng))
	}
}
