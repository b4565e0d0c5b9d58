package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gomlx/gomlx/backends"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/litmine/litmine/internal/modelfile"
)

// ErrNotFinite is wrapped by the error of a step whose loss or gradient
// norm is NaN or infinite. The weights keep their values from before that
// step.
var ErrNotFinite = errors.New("not finite")

// Result reports a finished run.
type Result struct {
	// Steps is the number of optimizer steps done, counting those before a
	// resume.
	Steps int
	// Epochs is the number of epochs started.
	Epochs int
	// FinalLoss is the training loss of the last step.
	FinalLoss float64
	// BestScore is the best dev score, reached at BestStep, and LastScore
	// the latest one. Without any evaluation, both scores are NaN and
	// BestStep is 0.
	BestScore, LastScore float64
	BestStep             int
	// StoppedEarly is set when Patience ended the run.
	StoppedEarly bool
	// ResumedFrom is the step of the checkpoint the run resumed from, or 0
	// for a fresh run.
	ResumedFrom int
	// KeptBest is set when the context holds the weights of BestStep at the
	// end, as opposed to the last weights (Config.KeepLast, no evaluation,
	// or a best checkpoint that could not be read after a resume).
	KeptBest bool
	// Backend is the backend description.
	Backend string
	// Checkpoint is the path of the last checkpoint written or restored,
	// empty without Config.CheckpointDir.
	Checkpoint string
	// Curves holds one row per step, also those restored from a checkpoint.
	Curves []CurveRow
}

// runner holds the state of one Run.
type runner struct {
	cfg         Config
	vars        *mlctx.Context // the caller's context with Checked(false)
	model       Model
	backend     backends.Backend
	description string

	numBatches, totalSteps int
	trainable              []*mlctx.Variable
	transforms             map[*mlctx.Variable][]WeightTransform
	transformVars          [][]*mlctx.Variable // per Config.Transforms entry
	exec                   *mlctx.Exec
	forwardExec            *mlctx.Exec

	// Position: steps done and the next batch, as (epoch, position in the
	// epoch's order).
	step, epoch, position int
	order                 []int

	lastLoss, lastScore, bestScore float64
	bestStep, badEvals             int
	best                           []modelfile.Tensor // snapshot at bestStep, nil when unknown
	bestCheckpoint                 string
	stoppedEarly                   bool

	curves           []CurveRow
	started          time.Time
	stepSeconds      float64 // sum over the steps of this process
	stepsHere        int
	resumedFrom      int
	checkpoint       string
	checkpointStep   int
	lastLearningRate float64
	lastStepSeconds  float64
	epochsStarted    int
}

// Run trains model on the variables of vars, following cfg, and returns
// when the planned steps are done, early stopping ends the run, ctx is
// canceled, or an error occurs. At the end vars holds the weights of the
// best dev score (the last weights with Config.KeepLast), with every
// WeightTransform applied. The optimizer moments and transform state stay
// in vars under StateScope.
//
// A fresh run seeds vars' random number generator from Config.Seed, and a
// resumed one restores it. Graph-building panics and panics of the Model's
// methods are returned as errors naming the step. When ctx is canceled, Run
// writes a checkpoint (with Config.CheckpointDir) and returns an error
// wrapping ctx.Err(); running again with Resume continues from there. On
// error, the Result describes the steps done until then.
func Run(ctx context.Context, vars *mlctx.Context, model Model, cfg Config) (result Result, err error) {
	InstallGradientFixes()
	cfg, err = cfg.withDefaults()
	if err != nil {
		return Result{}, err
	}
	if vars == nil || model == nil {
		return Result{}, fmt.Errorf("train %s: the variables context and the model must not be nil", cfg.Name)
	}
	r := &runner{cfg: cfg, vars: vars.Checked(false), model: model, started: time.Now(),
		bestScore: math.NaN(), lastScore: math.NaN(), lastLoss: math.NaN()}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("train %s: step %d: %w", cfg.Name, r.step, panicError(p))
		}
		_ = catch(func() error { // a panicking Progress function must not escape
			r.emit(Finished, func(e *Event) { e.Err = err })
			return nil
		})
		result = r.result()
	}()
	if err = r.start(); err != nil {
		return result, fmt.Errorf("train %s: %w", cfg.Name, err)
	}
	if err = r.loop(ctx); err != nil {
		return result, fmt.Errorf("train %s: %w", cfg.Name, err)
	}
	if err = r.finish(); err != nil {
		return result, fmt.Errorf("train %s: %w", cfg.Name, err)
	}
	return result, nil
}

// start prepares the backend, restores a checkpoint or initializes the
// variables, and builds the step executor.
func (r *runner) start() error {
	if err := r.openBackend(); err != nil {
		return err
	}
	if err := catch(func() error { r.numBatches = r.model.NumBatches(); return nil }); err != nil {
		return err
	}
	if r.numBatches < 1 {
		return fmt.Errorf("model has %d training batches, need at least 1", r.numBatches)
	}
	r.totalSteps = r.cfg.Epochs * r.numBatches
	if r.cfg.MaxSteps > 0 {
		r.totalSteps = min(r.totalSteps, r.cfg.MaxSteps)
	}

	resumed, err := r.resume()
	if err != nil {
		return err
	}
	if !resumed {
		if err := r.vars.SetRNGStateFromSeed(int64(r.cfg.Seed)); err != nil {
			return fmt.Errorf("seed the random number generator: %w", err)
		}
	}
	if err := r.createVariables(); err != nil {
		return err
	}

	r.cfg.Logger.Info("training started", "model", r.cfg.Name, "backend", r.description,
		"parameters", r.numParameters(), "steps", r.totalSteps, "batches_per_epoch", r.numBatches,
		"resumed_from", r.resumedFrom)
	r.cfg.Logger.Debug("training settings", "optimizer", r.cfg.Optimizer, "learning_rate", r.cfg.LearningRate,
		"warmup_steps", r.cfg.WarmupSteps, "decay", r.cfg.Decay, "clip_norm", r.cfg.ClipNorm,
		"weight_decay", r.cfg.WeightDecay, "seed", r.cfg.Seed, "transforms", len(r.cfg.Transforms))
	return nil
}

func (r *runner) openBackend() error {
	r.backend, r.description = r.cfg.Backend, r.cfg.BackendDescription
	if r.backend == nil {
		var err error
		r.backend, r.description, err = NewBackend("")
		if err != nil {
			return err
		}
	}
	if r.cfg.BackendDescription != "" {
		r.description = r.cfg.BackendDescription
	}
	if r.description == "" {
		r.description = r.backend.Name()
	}
	return nil
}

// loop runs steps until the plan is done, early stopping, or cancellation.
func (r *runner) loop(ctx context.Context) error {
	for r.step < r.totalSteps && !r.stoppedEarly {
		if ctx.Err() != nil {
			return r.interrupted(ctx)
		}
		if r.order == nil {
			if err := r.startEpoch(); err != nil {
				return err
			}
		}
		if err := r.trainStep(r.order[r.position]); err != nil {
			return fmt.Errorf("step %d: %w", r.step+1, err)
		}
		r.position++
		endOfEpoch := r.position == r.numBatches
		if endOfEpoch {
			r.epoch, r.position, r.order = r.epoch+1, 0, nil
		}
		evaluated := false
		if r.evalDue(endOfEpoch) {
			if err := r.evaluate(); err != nil {
				return fmt.Errorf("step %d: %w", r.step, err)
			}
			evaluated = true
		}
		if r.checkpointDue(evaluated) {
			if err := r.writeCheckpoint(); err != nil {
				return fmt.Errorf("step %d: %w", r.step, err)
			}
		}
	}
	return nil
}

// interrupted writes a checkpoint of the current state and returns the
// cancellation error.
func (r *runner) interrupted(ctx context.Context) error {
	r.cfg.Logger.Info("training interrupted", "model", r.cfg.Name, "step", r.step)
	if r.cfg.CheckpointDir != "" && r.checkpointStep != r.step {
		if err := r.writeCheckpoint(); err != nil {
			return fmt.Errorf("step %d: interrupted (%w), and the checkpoint failed: %w", r.step, ctx.Err(), err)
		}
	}
	return fmt.Errorf("step %d: interrupted: %w", r.step, ctx.Err())
}

func (r *runner) evalDue(endOfEpoch bool) bool {
	if r.step == r.totalSteps {
		return true
	}
	if r.cfg.EvalEvery > 0 {
		return r.step%r.cfg.EvalEvery == 0
	}
	return endOfEpoch
}

func (r *runner) checkpointDue(evaluated bool) bool {
	switch {
	case r.cfg.CheckpointDir == "":
		return false
	case r.step == r.totalSteps || r.stoppedEarly:
		return true
	case evaluated && r.bestStep == r.step && !r.cfg.KeepLast:
		return true // the best weights must stay restorable after a resume
	case r.cfg.CheckpointEvery > 0:
		return r.step%r.cfg.CheckpointEvery == 0
	}
	return evaluated
}

// startEpoch computes the batch order of the current epoch and calls the
// model's StartEpoch. The order depends only on the seed and the epoch, so a
// resumed run recomputes it exactly.
func (r *runner) startEpoch() error {
	rng := rand.New(rand.NewPCG(r.cfg.Seed, uint64(r.epoch)))
	r.order = rng.Perm(r.numBatches)
	r.epochsStarted = r.epoch + 1
	starter, ok := r.model.(EpochStarter)
	if !ok {
		return nil
	}
	seed := rand.New(rand.NewPCG(r.cfg.Seed^0x9e3779b97f4a7c15, uint64(r.epoch))).Uint64()
	if err := catch(func() error { return starter.StartEpoch(r.epoch, seed) }); err != nil {
		return fmt.Errorf("start epoch %d: %w", r.epoch, err)
	}
	return nil
}

// finish restores the best weights unless KeepLast, applies the weight
// transforms, and writes the curves.
func (r *runner) finish() error {
	if !r.cfg.KeepLast && r.best != nil && r.bestStep != r.step {
		if err := modelfile.LoadTensors(r.vars, r.best); err != nil {
			return fmt.Errorf("restore the weights of step %d: %w", r.bestStep, err)
		}
	}
	if err := r.bakeTransforms(); err != nil {
		return err
	}
	if err := r.writeCurves(); err != nil {
		return err
	}
	r.cfg.Logger.Info("training finished", "model", r.cfg.Name, "step", r.step, "loss", r.lastLoss,
		"best_score", r.bestScore, "best_step", r.bestStep, "stopped_early", r.stoppedEarly,
		"elapsed", time.Since(r.started).Round(time.Millisecond))
	return nil
}

func (r *runner) result() Result {
	res := Result{
		Steps: r.step, Epochs: r.epochsStarted, FinalLoss: r.lastLoss,
		BestScore: r.bestScore, LastScore: r.lastScore, BestStep: r.bestStep,
		StoppedEarly: r.stoppedEarly, ResumedFrom: r.resumedFrom, Backend: r.description,
		Checkpoint: r.checkpoint, Curves: r.curves,
		KeptBest: !r.cfg.KeepLast && r.best != nil,
	}
	return res
}

// emit sends an event of the given kind, filled with the current state and
// then by fill.
func (r *runner) emit(kind EventKind, fill func(*Event)) {
	e := Event{
		Kind: kind, Model: r.cfg.Name, Step: r.step, TotalSteps: r.totalSteps, Epoch: r.lastEpoch(),
		Loss: r.lastLoss, DevScore: r.lastScore, BestScore: r.bestScore, LearningRate: r.lastLearningRate,
		StepSeconds: r.lastStepSeconds, Elapsed: time.Since(r.started),
	}
	if r.stepsHere > 0 {
		e.SecondsPerStep = r.stepSeconds / float64(r.stepsHere)
		e.ETA = time.Duration(e.SecondsPerStep * float64(r.totalSteps-r.step) * float64(time.Second))
	}
	if fill != nil {
		fill(&e)
	}
	r.cfg.Progress(e)
}

// lastEpoch returns the epoch of the last step done.
func (r *runner) lastEpoch() int {
	if r.position == 0 && r.epoch > 0 {
		return r.epoch - 1
	}
	return r.epoch
}

func (r *runner) numParameters() int {
	n := 0
	for v := range r.vars.IterVariables() {
		if IsModelVariable(v) {
			n += v.Shape().Size()
		}
	}
	return n
}

// catch calls fn and returns a panic of fn as an error.
func catch(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = panicError(p)
		}
	}()
	return fn()
}

func panicError(p any) error {
	if err, ok := p.(error); ok {
		return err
	}
	return fmt.Errorf("%v", p)
}
