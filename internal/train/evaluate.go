package train

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/litmine/litmine/internal/modelfile"
)

// evaluate computes the dev score, with the weight transforms applied,
// updates the best score and the early-stopping count, and snapshots the
// weights when the score improved.
func (r *runner) evaluate() error {
	var score float64
	err := r.withForwardWeights(func() error {
		return catch(func() error {
			var err error
			score, err = r.model.DevScore(r.backend, r.vars.Checked(true).Reuse())
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("dev evaluation: %w", err)
	}
	if math.IsNaN(score) || math.IsInf(score, 0) {
		return fmt.Errorf("dev evaluation: score is %v: %w", score, ErrNotFinite)
	}
	r.lastScore = score
	r.curves[len(r.curves)-1].DevScore = score
	if math.IsNaN(r.bestScore) || score > r.bestScore {
		r.bestScore, r.bestStep, r.badEvals = score, r.step, 0
		if !r.cfg.KeepLast {
			snapshot, err := modelfile.VariableTensors(r.vars, isSnapshotVariable)
			if err != nil {
				return fmt.Errorf("keep the best weights: %w", err)
			}
			r.best = snapshot
		}
	} else {
		r.badEvals++
		r.stoppedEarly = r.cfg.Patience > 0 && r.badEvals >= r.cfg.Patience
	}
	r.cfg.Logger.Info("dev evaluation", "model", r.cfg.Name, "step", r.step, "epoch", r.lastEpoch(),
		"dev_score", score, "best_score", r.bestScore, "best_step", r.bestStep, "stopping", r.stoppedEarly)
	r.emit(Evaluated, nil)
	return nil
}

// isSnapshotVariable selects the variables kept for the best weights: all
// but Adam's moments and the random-number-generator state.
func isSnapshotVariable(v *mlctx.Variable) bool {
	if v.Scope() == mlctx.RootScope && v.Name() == mlctx.RNGStateVariableName {
		return false
	}
	return !hasScopePrefix(v.Scope(), StateScope+"/adam_m") && !hasScopePrefix(v.Scope(), StateScope+"/adam_v")
}

func hasScopePrefix(scope, prefix string) bool {
	return scope == prefix || (len(scope) > len(prefix) && scope[:len(prefix)] == prefix && scope[len(prefix)] == '/')
}

// setupTransforms assigns each transform the model variables it applies to
// and calls its Setup.
func (r *runner) setupTransforms() error {
	r.transforms = map[*mlctx.Variable][]WeightTransform{}
	r.transformVars = make([][]*mlctx.Variable, len(r.cfg.Transforms))
	var candidates []*mlctx.Variable
	for v := range r.vars.IterVariables() {
		if v.Trainable && v.DType().IsFloat() && IsModelVariable(v) {
			candidates = append(candidates, v)
		}
	}
	for k, t := range r.cfg.Transforms {
		for _, v := range candidates {
			if t.Applies(v) {
				r.transforms[v] = append(r.transforms[v], t)
				r.transformVars[k] = append(r.transformVars[k], v)
			}
		}
		if err := catch(func() error { return t.Setup(r.vars, r.transformVars[k]) }); err != nil {
			return fmt.Errorf("set up weight transform %s: %w", t.Name(), err)
		}
	}
	return nil
}

// forwardValues returns the transformed variables and their values after
// the transforms' Forward, computed by an executor built on first use.
func (r *runner) forwardValues() ([]*mlctx.Variable, []*tensors.Tensor, error) {
	var vars []*mlctx.Variable
	for _, v := range r.trainable {
		if len(r.transforms[v]) > 0 {
			vars = append(vars, v)
		}
	}
	if len(vars) == 0 {
		return nil, nil, nil
	}
	if r.forwardExec == nil {
		exec, err := mlctx.NewExec(r.backend, r.vars, func(ctx *mlctx.Context, g *graph.Graph) []*graph.Node {
			out := make([]*graph.Node, len(vars))
			for i, v := range vars {
				out[i] = r.forward(ctx, v, v.ValueGraph(g))
			}
			return out
		})
		if err != nil {
			return nil, nil, fmt.Errorf("create transform executor: %w", err)
		}
		r.forwardExec = exec
	}
	values, err := r.forwardExec.Exec()
	if err != nil {
		return nil, nil, fmt.Errorf("apply weight transforms: %w", err)
	}
	return vars, values, nil
}

// withForwardWeights calls fn with the transformed variables set to their
// Forward values, and restores the stored values after.
func (r *runner) withForwardWeights(fn func() error) error {
	vars, values, err := r.forwardValues()
	if err != nil {
		return err
	}
	saved := make([]*tensors.Tensor, len(vars))
	for i, v := range vars {
		saved[i] = v.MustValue()
		if err := v.SetValuePreservingOld(values[i]); err != nil {
			return err
		}
	}
	defer func() {
		for i, v := range vars {
			_ = v.SetValue(saved[i])
		}
	}()
	return fn()
}

// bakeTransforms sets the transformed variables to their Forward values
// for good, as the end of Run leaves them.
func (r *runner) bakeTransforms() error {
	vars, values, err := r.forwardValues()
	if err != nil {
		return err
	}
	for i, v := range vars {
		if err := v.SetValue(values[i]); err != nil {
			return fmt.Errorf("apply weight transforms to %s: %w", v.ScopeAndName(), err)
		}
	}
	return nil
}

// learningRate returns the rate of step (1-based): a linear warm-up to
// Config.LearningRate, then the Decay schedule, which reaches
// Config.MinLearningRate at the last planned step.
func (r *runner) learningRate(step int) float64 {
	peak, warmup := r.cfg.LearningRate, r.cfg.WarmupSteps
	if warmup > 0 && step <= warmup {
		return peak * float64(step) / float64(warmup)
	}
	span := r.totalSteps - warmup
	if r.cfg.Decay == NoDecay || span <= 0 {
		return peak
	}
	progress := min(1, float64(step-warmup)/float64(span))
	low := r.cfg.MinLearningRate
	if r.cfg.Decay == LinearDecay {
		return low + (peak-low)*(1-progress)
	}
	return low + (peak-low)*0.5*(1+math.Cos(math.Pi*progress))
}
