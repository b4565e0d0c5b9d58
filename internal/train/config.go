package train

import (
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math"
	"slices"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// Model is the part of a trainer that Run drives: host-side batches, the
// loss graph of a batch, and the dev score.
//
// Run calls the methods from one goroutine. For a resumed run to end with
// the same weights as an uninterrupted one, Batch must return the same
// values for the same index (after the same StartEpoch call, see
// EpochStarter).
type Model interface {
	// NumBatches returns the number of training batches in one epoch, at
	// least 1. It must not change during a run.
	NumBatches() int

	// Batch returns the inputs of training batch i, 0 <= i < NumBatches(),
	// as values gomlx converts to tensors: *tensors.Tensor, Go scalars or
	// (nested) slices. Keep the shapes to a few buckets, because each new
	// combination of shapes compiles a new graph. More than 128
	// combinations in one run is an error.
	Batch(i int) ([]any, error)

	// Loss builds the scalar training loss of one batch, whose values
	// arrive as inputs in the order Batch returned them. ctx is the
	// variables context with Checked(false), so variables are created on
	// the first call and reused after; ctx.IsTraining(g) is true. Loss terms
	// added with gomlx's train.AddLoss are added to the returned loss.
	// Loss may be called more than once per step graph (SAM calls it
	// twice) and panics on errors, like any gomlx graph-building function.
	Loss(ctx *mlctx.Context, inputs []*graph.Node) *graph.Node

	// DevScore evaluates the current weights on the dev set and returns a
	// score, higher is better (for example entity F1). ctx is the variables
	// context in Reuse mode: build inference graphs on it, or on
	// ctx.Checked(false). A model may keep its inference executor between
	// calls; it reads the current variable values at each execution.
	DevScore(backend backends.Backend, ctx *mlctx.Context) (float64, error)
}

// EpochStarter is implemented by a Model that regroups its examples into
// batches at each epoch. Run calls StartEpoch before the first batch of
// every epoch, and again for the epoch a resumed run continues, with a seed
// derived from Config.Seed and the epoch, so the grouping can be repeated
// exactly.
type EpochStarter interface {
	StartEpoch(epoch int, seed uint64) error
}

// Optimizer selects the update rule.
type Optimizer int

const (
	// Adam is Adam (Kingma and Ba, 2015) with bias correction. With
	// Config.WeightDecay it becomes AdamW (decoupled weight decay).
	Adam Optimizer = iota
	// SGD is plain stochastic gradient descent, without momentum.
	SGD
)

func (o Optimizer) String() string {
	switch o {
	case Adam:
		return "adam"
	case SGD:
		return "sgd"
	}
	return fmt.Sprintf("Optimizer(%d)", int(o))
}

// Decay selects how the learning rate falls after the warm-up.
type Decay int

const (
	// NoDecay keeps the learning rate constant after the warm-up.
	NoDecay Decay = iota
	// LinearDecay lowers it linearly to Config.MinLearningRate at the last
	// step.
	LinearDecay
	// CosineDecay lowers it along half a cosine to Config.MinLearningRate at
	// the last step.
	CosineDecay
)

func (d Decay) String() string {
	switch d {
	case NoDecay:
		return "none"
	case LinearDecay:
		return "linear"
	case CosineDecay:
		return "cosine"
	}
	return fmt.Sprintf("Decay(%d)", int(d))
}

// Config configures Run. The zero value trains one epoch with Adam at a
// learning rate of 0.001 on the default backend, seed 0, evaluating once at
// the end, with no checkpoints and no output files.
type Config struct {
	// Name names the model in logs and progress events. Empty means "model".
	Name string

	// Backend runs the graphs. Nil means NewBackend("") (the flag-less
	// default, $GOMLX_BACKEND or DefaultBackend).
	Backend backends.Backend
	// BackendDescription is logged at start and stored in checkpoints.
	// Empty means the description NewBackend returns, or the backend's
	// name for a caller-supplied Backend.
	BackendDescription string

	// Seed seeds every random choice: weight initialization, dropout and
	// other graph randomness, and the order of batches. Zero is a valid
	// seed like any other; runs with the same Config and data give the same
	// weights.
	Seed uint64

	// Epochs is the number of passes over the training batches. Zero means
	// 1.
	Epochs int
	// MaxSteps caps the number of optimizer steps. Zero means no cap beyond
	// Epochs·NumBatches.
	MaxSteps int

	// Optimizer is the update rule. The zero value is Adam.
	Optimizer Optimizer
	// LearningRate is the peak learning rate. Zero means 0.001 for Adam and
	// 0.1 for SGD.
	LearningRate float64
	// Beta1, Beta2 and Epsilon are Adam's constants. Zero means 0.9, 0.999
	// and 1e-8.
	Beta1, Beta2, Epsilon float64
	// WarmupSteps is the number of steps over which the learning rate rises
	// linearly from LearningRate/WarmupSteps to LearningRate. Zero means no
	// warm-up.
	WarmupSteps int
	// Decay is the schedule after the warm-up. The zero value keeps the
	// rate constant.
	Decay Decay
	// MinLearningRate is the rate Decay reaches at the last step. Zero
	// means 0.
	MinLearningRate float64
	// ClipNorm rescales the gradients when their global L2 norm (all
	// trainable variables together) exceeds it. Zero means no clipping.
	ClipNorm float64
	// WeightDecay is the decoupled weight decay: each step multiplies the
	// weights of rank 2 and more (not biases or scales) by
	// 1 - learningRate·WeightDecay. Zero means none.
	WeightDecay float64

	// EvalEvery is the number of steps between dev evaluations. Zero means
	// at the end of each epoch. The last step is always evaluated.
	EvalEvery int
	// Patience stops training after this many evaluations in a row without
	// a dev score above the best so far. Zero means no early stopping.
	Patience int
	// KeepLast leaves the last weights in the context at the end. False
	// (the default) restores the weights of the best dev score.
	KeepLast bool

	// CheckpointDir is the folder for checkpoints, created if missing.
	// Empty means no checkpoints, and then Resume has nothing to resume.
	CheckpointDir string
	// CheckpointEvery is the number of steps between checkpoints. Zero
	// means at every evaluation. A checkpoint is also written at the end,
	// when ctx is canceled, and (unless KeepLast) at every evaluation that
	// improves the best dev score, so a resumed run can restore those
	// weights.
	CheckpointEvery int
	// KeepCheckpoints is the number of most recent checkpoints kept; the
	// one with the best dev score is kept too. Zero means 2.
	KeepCheckpoints int
	// Resume continues from the newest readable checkpoint in
	// CheckpointDir, falling back to older ones when the newest is damaged.
	// With no checkpoint there, the run starts fresh. Without Resume,
	// checkpoints already in CheckpointDir are an error.
	Resume bool

	// CurvesParquet is the path of the training-curves table (CurveRow,
	// one row per step). Empty means none.
	CurvesParquet string
	// CurvesSVG is the path of a plot of loss and dev score against step.
	// Empty means none.
	CurvesSVG string

	// Gradient computes the loss and gradients of a step. Nil means the
	// plain gradient; SAM(rho) gives sharpness-aware minimization.
	Gradient GradientFunc
	// Transforms change the weight values that the forward pass uses and
	// that each update stores, applied in order: pruning masks (Prune),
	// fake quantization (Quantize) or your own. Nil means none.
	Transforms []WeightTransform

	// Settings names the model's own settings that decide the weights it
	// reaches, such as layer sizes and a fingerprint of the training data.
	// Checkpoints store them, and a run resumes only from a checkpoint with
	// equal Settings, so that a changed setting gives a clear error instead
	// of a shape mismatch deep in gomlx. Nil means none.
	Settings map[string]string

	// Progress receives an event after every step, evaluation and
	// checkpoint, and a final one; see Event. Events carry the step's
	// timings, for progress display and energy accounting. Nil means none.
	Progress func(Event)
	// Logger receives lifecycle lines (start, evaluations, checkpoints,
	// end) at Info and settings at Debug. Nil means no logging.
	Logger *slog.Logger
}

// withDefaults returns cfg with zero values replaced by defaults, or an
// error for invalid settings.
func (cfg Config) withDefaults() (Config, error) {
	if err := cfg.validate(); err != nil {
		return cfg, fmt.Errorf("invalid training config: %w", err)
	}
	cfg.Name = orDefault(cfg.Name, "model")
	cfg.Epochs = orDefault(cfg.Epochs, 1)
	cfg.KeepCheckpoints = orDefault(cfg.KeepCheckpoints, 2)
	cfg.Beta1 = orDefault(cfg.Beta1, 0.9)
	cfg.Beta2 = orDefault(cfg.Beta2, 0.999)
	cfg.Epsilon = orDefault(cfg.Epsilon, 1e-8)
	if cfg.LearningRate == 0 {
		cfg.LearningRate = map[Optimizer]float64{Adam: 1e-3, SGD: 0.1}[cfg.Optimizer]
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Progress == nil {
		cfg.Progress = func(Event) {}
	}
	if cfg.Gradient == nil {
		cfg.Gradient = PlainGradient
	}
	return cfg, nil
}

// validate reports negative or non-finite numbers and unknown enum values.
func (cfg Config) validate() error {
	floats := map[string]float64{
		"LearningRate": cfg.LearningRate, "Beta1": cfg.Beta1, "Beta2": cfg.Beta2, "Epsilon": cfg.Epsilon,
		"MinLearningRate": cfg.MinLearningRate, "ClipNorm": cfg.ClipNorm, "WeightDecay": cfg.WeightDecay,
	}
	for _, name := range slices.Sorted(maps.Keys(floats)) {
		if v := floats[name]; v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s is %v, want a finite value >= 0", name, v)
		}
	}
	ints := map[string]int{
		"Epochs": cfg.Epochs, "MaxSteps": cfg.MaxSteps, "WarmupSteps": cfg.WarmupSteps, "EvalEvery": cfg.EvalEvery,
		"Patience": cfg.Patience, "CheckpointEvery": cfg.CheckpointEvery, "KeepCheckpoints": cfg.KeepCheckpoints,
	}
	for _, name := range slices.Sorted(maps.Keys(ints)) {
		if v := ints[name]; v < 0 {
			return fmt.Errorf("%s is %d, want >= 0", name, v)
		}
	}
	switch {
	case cfg.Beta1 >= 1 || cfg.Beta2 >= 1:
		return errors.New("Beta1 and Beta2 must be below 1")
	case cfg.Optimizer != Adam && cfg.Optimizer != SGD:
		return fmt.Errorf("unknown optimizer %v", cfg.Optimizer)
	case cfg.Decay < NoDecay || cfg.Decay > CosineDecay:
		return fmt.Errorf("unknown decay %v", cfg.Decay)
	}
	return nil
}

func orDefault[T comparable](v, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}
