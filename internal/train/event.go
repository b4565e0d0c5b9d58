package train

import (
	"fmt"
	"log/slog"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/litmine/litmine/internal/progress"
)

// EventKind is the kind of an Event.
type EventKind int

const (
	// StepDone follows every optimizer step.
	StepDone EventKind = iota
	// Evaluated follows every dev evaluation; DevScore is the new score.
	Evaluated
	// CheckpointWritten follows every checkpoint; Checkpoint is its path.
	CheckpointWritten
	// Finished is the last event of a run, successful or not.
	Finished
)

func (k EventKind) String() string {
	switch k {
	case StepDone:
		return "step"
	case Evaluated:
		return "eval"
	case CheckpointWritten:
		return "checkpoint"
	case Finished:
		return "finished"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event reports training progress to Config.Progress.
type Event struct {
	Kind EventKind
	// Model is Config.Name.
	Model string
	// Step is the number of optimizer steps done, counting those before a
	// resume; TotalSteps is the planned number, which early stopping may
	// cut short.
	Step, TotalSteps int
	// Epoch is the 0-based epoch of the last step.
	Epoch int
	// Loss is the training loss of the last step.
	Loss float64
	// DevScore is the latest dev score and BestScore the best so far; both
	// are NaN before the first evaluation.
	DevScore, BestScore float64
	// LearningRate is the rate the last step used.
	LearningRate float64
	// StepSeconds is the wall time of the last step's graph execution, in
	// seconds, without evaluation and checkpoint time.
	StepSeconds float64
	// SecondsPerStep is the mean of StepSeconds over the steps of this
	// process.
	SecondsPerStep float64
	// Elapsed is the wall time since Run started; ETA estimates the time
	// left from SecondsPerStep, zero when unknown.
	Elapsed, ETA time.Duration
	// Checkpoint is the path of the checkpoint written, for
	// CheckpointWritten.
	Checkpoint string
	// Err is the error that ended the run, for Finished.
	Err error
}

// Progress converts e to the generic progress event of the CLI's progress
// bar and log lines: stage "train NAME", unit "steps", and the loss, dev
// scores and seconds per step as the detail.
func (e Event) Progress() progress.Event {
	var parts []string
	if !math.IsNaN(e.Loss) {
		parts = append(parts, fmt.Sprintf("loss %.4g", e.Loss))
	}
	if !math.IsNaN(e.DevScore) {
		parts = append(parts, fmt.Sprintf("dev %.4f (best %.4f)", e.DevScore, e.BestScore))
	}
	if e.SecondsPerStep > 0 {
		parts = append(parts, fmt.Sprintf("%.3g s/step", e.SecondsPerStep))
	}
	detail := strings.Join(parts, ", ")
	return progress.Event{
		Stage:  "train " + e.Model,
		Unit:   "steps",
		Done:   int64(e.Step),
		Total:  int64(e.TotalSteps),
		Final:  e.Kind == Finished,
		Detail: detail,
	}
}

// ProgressFunc adapts a generic progress function, such as progress.Bar, to
// Config.Progress.
func ProgressFunc(f progress.Func) func(Event) {
	return func(e Event) { f(e.Progress()) }
}

// LogEvents returns a Config.Progress function that logs a line with step,
// epoch, loss, learning rate, seconds per step and ETA at most every
// interval, and every evaluation and the final event at once.
func LogEvents(logger *slog.Logger, interval time.Duration) func(Event) {
	var mu sync.Mutex
	var last time.Time
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if e.Kind == CheckpointWritten || (e.Kind == StepDone && now.Sub(last) < interval) {
			return
		}
		last = now
		attrs := []any{
			"model", e.Model, "step", e.Step, "total", e.TotalSteps, "epoch", e.Epoch,
			"loss", roundFloat(e.Loss), "learning_rate", e.LearningRate,
			"seconds_per_step", roundFloat(e.SecondsPerStep), "elapsed", e.Elapsed.Round(time.Second),
		}
		if !math.IsNaN(e.DevScore) {
			attrs = append(attrs, "dev_score", roundFloat(e.DevScore), "best_score", roundFloat(e.BestScore))
		}
		if e.ETA > 0 {
			attrs = append(attrs, "eta", e.ETA.Round(time.Second))
		}
		if e.Err != nil {
			attrs = append(attrs, "error", e.Err)
		}
		logger.Info("training "+e.Kind.String(), attrs...)
	}
}

func roundFloat(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x
	}
	scale := math.Pow(10, 4-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*scale) / scale
}
