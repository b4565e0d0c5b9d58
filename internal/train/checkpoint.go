package train

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/litmine/litmine/internal/modelfile"
)

// A checkpoint is one model file (package modelfile) named
// "step-NNNNNNNNN.ckpt" in Config.CheckpointDir, written atomically. It
// holds every variable of the context (weights, optimizer moments,
// transform state, the random-number-generator state), the training curves
// as tensors named "curves/COLUMN", and the blob "train-state.json" with
// the position in the data and the early-stopping state (checkpointState).

const (
	checkpointPrefix    = "step-"
	checkpointExtension = ".ckpt"
	stateBlob           = "train-state.json"
	stateVersion        = 1
)

// checkpointState is the JSON state of a checkpoint.
type checkpointState struct {
	Version int `json:"version"`
	// Step is the number of steps done; Epoch and Position locate the next
	// batch in the epoch's order.
	Step     int `json:"step"`
	Epoch    int `json:"epoch"`
	Position int `json:"position"`
	// Trajectory holds the settings a resumed run must share.
	Trajectory trajectory `json:"trajectory"`
	// HasBest is false before the first evaluation; BestScore is then 0.
	HasBest        bool     `json:"has_best"`
	BestScore      float64  `json:"best_score"`
	BestStep       int      `json:"best_step"`
	HasLast        bool     `json:"has_last"`
	LastScore      float64  `json:"last_score"`
	BadEvaluations int      `json:"bad_evaluations"`
	StoppedEarly   bool     `json:"stopped_early"`
	LastLoss       float64  `json:"last_loss"`
	NonTrainable   []string `json:"non_trainable"`
	Backend        string   `json:"backend"`
}

// trajectory holds the settings that decide the weights a run reaches. A
// run resumes only from a checkpoint with equal settings.
type trajectory struct {
	Seed            uint64   `json:"seed"`
	NumBatches      int      `json:"num_batches"`
	Optimizer       string   `json:"optimizer"`
	LearningRate    float64  `json:"learning_rate"`
	Beta1           float64  `json:"beta1"`
	Beta2           float64  `json:"beta2"`
	Epsilon         float64  `json:"epsilon"`
	WarmupSteps     int      `json:"warmup_steps"`
	Decay           string   `json:"decay"`
	MinLearningRate float64  `json:"min_learning_rate"`
	DecaySteps      int      `json:"decay_steps"` // planned steps, when a decay depends on them
	ClipNorm        float64  `json:"clip_norm"`
	WeightDecay     float64  `json:"weight_decay"`
	Transforms      []string `json:"transforms"`
	// Settings are Config.Settings; checkpoints of earlier versions have
	// none.
	Settings map[string]string `json:"settings,omitempty"`
}

func (r *runner) trajectory() trajectory {
	t := trajectory{
		Seed: r.cfg.Seed, NumBatches: r.numBatches, Optimizer: r.cfg.Optimizer.String(),
		LearningRate: r.cfg.LearningRate, Beta1: r.cfg.Beta1, Beta2: r.cfg.Beta2, Epsilon: r.cfg.Epsilon,
		WarmupSteps: r.cfg.WarmupSteps, Decay: r.cfg.Decay.String(), MinLearningRate: r.cfg.MinLearningRate,
		ClipNorm: r.cfg.ClipNorm, WeightDecay: r.cfg.WeightDecay, Transforms: []string{},
	}
	if r.cfg.Decay != NoDecay {
		t.DecaySteps = r.totalSteps
	}
	for _, tr := range r.cfg.Transforms {
		t.Transforms = append(t.Transforms, tr.Name())
	}
	if len(r.cfg.Settings) > 0 {
		t.Settings = r.cfg.Settings
	}
	return t
}

// differences returns the JSON names of the fields that differ.
func (t trajectory) differences(other trajectory) []string {
	var names []string
	a, b := reflect.ValueOf(t), reflect.ValueOf(other)
	for i := range a.NumField() {
		if a.Type().Field(i).Name == "Settings" {
			names = append(names, settingDifferences(t.Settings, other.Settings)...)
			continue
		}
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			name, _, _ := strings.Cut(a.Type().Field(i).Tag.Get("json"), ",")
			names = append(names, fmt.Sprintf("%s (checkpoint %v, now %v)", name, b.Field(i).Interface(), a.Field(i).Interface()))
		}
	}
	return names
}

// settingDifferences returns the model settings that differ, in key order,
// with "(none)" for a setting that one side lacks.
func settingDifferences(now, checkpoint map[string]string) []string {
	keys := map[string]bool{}
	for k := range now {
		keys[k] = true
	}
	for k := range checkpoint {
		keys[k] = true
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		a, inNow := now[k]
		b, inCheckpoint := checkpoint[k]
		if a == b && inNow == inCheckpoint {
			continue
		}
		if !inNow {
			a = "(none)"
		}
		if !inCheckpoint {
			b = "(none)"
		}
		out = append(out, fmt.Sprintf("%s (checkpoint %s, now %s)", k, b, a))
	}
	return out
}

func checkpointPath(dir string, step int) string {
	return filepath.Join(dir, fmt.Sprintf("%s%09d%s", checkpointPrefix, step, checkpointExtension))
}

// checkpointStep returns the step in a checkpoint file name, or -1 for other
// names.
func checkpointStep(name string) int {
	digits, ok := strings.CutPrefix(name, checkpointPrefix)
	if !ok {
		return -1
	}
	digits, ok = strings.CutSuffix(digits, checkpointExtension)
	if !ok {
		return -1
	}
	step, err := strconv.Atoi(digits)
	if err != nil || step < 0 {
		return -1
	}
	return step
}

// listCheckpoints returns the checkpoint paths in dir, oldest first.
func listCheckpoints(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list checkpoints: %w", err)
	}
	var steps []int
	for _, e := range entries {
		if step := checkpointStep(e.Name()); step >= 0 && e.Type().IsRegular() {
			steps = append(steps, step)
		}
	}
	slices.Sort(steps)
	paths := make([]string, len(steps))
	for i, step := range steps {
		paths[i] = checkpointPath(dir, step)
	}
	return paths, nil
}

// resume restores the newest readable checkpoint when Config.Resume is set
// and reports whether it did. A damaged checkpoint is logged and skipped in
// favor of the one before it.
func (r *runner) resume() (bool, error) {
	dir := r.cfg.CheckpointDir
	if dir == "" {
		return false, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("create checkpoint folder: %w", err)
	}
	paths, err := listCheckpoints(dir)
	if err != nil {
		return false, err
	}
	if !r.cfg.Resume {
		if len(paths) > 0 {
			return false, fmt.Errorf("checkpoint folder %s already contains %s: set Resume (--resume on the command line) to continue from it, or remove the folder", dir, filepath.Base(paths[len(paths)-1]))
		}
		return false, nil
	}
	var damaged []error
	for i := len(paths) - 1; i >= 0; i-- {
		f, state, err := readCheckpoint(paths[i])
		if err != nil {
			r.cfg.Logger.Warn("checkpoint unreadable, trying the one before", "file", paths[i], "error", err)
			damaged = append(damaged, err)
			continue
		}
		return true, r.restore(paths[i], f, state)
	}
	if len(damaged) > 0 {
		return false, fmt.Errorf("no readable checkpoint in %s: %w", dir, errors.Join(damaged...))
	}
	r.cfg.Logger.Info("no checkpoint to resume from, starting fresh", "model", r.cfg.Name, "folder", dir)
	return false, nil
}

func readCheckpoint(path string) (*modelfile.File, checkpointState, error) {
	var state checkpointState
	f, err := modelfile.Read(path)
	if err != nil {
		return nil, state, err
	}
	if err := f.JSON(stateBlob, &state); err != nil {
		return nil, state, fmt.Errorf("read checkpoint %s: %w", path, err)
	}
	if state.Version != stateVersion {
		return nil, state, fmt.Errorf("read checkpoint %s: state version %d, want %d", path, state.Version, stateVersion)
	}
	return f, state, nil
}

// restore loads the variables and the loop state of a checkpoint.
func (r *runner) restore(path string, f *modelfile.File, state checkpointState) error {
	if diff := r.trajectory().differences(state.Trajectory); len(diff) > 0 {
		return fmt.Errorf("resume from %s: the checkpoint was written with other settings: %s", path, strings.Join(diff, "; "))
	}
	if state.Step > r.totalSteps {
		return fmt.Errorf("resume from %s: the checkpoint is at step %d, beyond the %d steps planned", path, state.Step, r.totalSteps)
	}

	if err := modelfile.LoadTensors(r.vars, f.Tensors); err != nil {
		return fmt.Errorf("resume from %s: %w", path, err)
	}
	// Restored variables come back trainable, so set the flags they had.
	for v := range r.vars.IterVariables() {
		if f.Tensor(v.ScopeAndName()) != nil {
			v.SetTrainable(!slices.Contains(state.NonTrainable, v.ScopeAndName()))
		}
	}
	curves, err := curvesFromTensors(f)
	if err != nil {
		return fmt.Errorf("resume from %s: %w", path, err)
	}

	r.curves = curves
	r.restoreState(state)
	r.checkpoint = path
	r.loadBest(path, f)
	if state.Backend != r.description {
		r.cfg.Logger.Info("resuming on another backend", "checkpoint_backend", state.Backend, "backend", r.description)
	}
	r.cfg.Logger.Info("resumed from checkpoint", "model", r.cfg.Name, "file", path, "step", state.Step)
	return nil
}

// restoreState sets the position and the evaluation state of the runner.
func (r *runner) restoreState(state checkpointState) {
	r.step, r.epoch, r.position = state.Step, state.Epoch, state.Position
	r.checkpointStep, r.resumedFrom = state.Step, state.Step
	r.bestStep, r.badEvals, r.stoppedEarly = state.BestStep, state.BadEvaluations, state.StoppedEarly
	r.lastLoss = state.LastLoss
	if state.HasBest {
		r.bestScore = state.BestScore
	}
	if state.HasLast {
		r.lastScore = state.LastScore
	}
	r.epochsStarted = state.Epoch
	if state.Position > 0 {
		r.epochsStarted++
	}
}

// loadBest loads the snapshot of the best weights from the checkpoint of the
// best step. Without it, the run ends with its last weights.
func (r *runner) loadBest(path string, f *modelfile.File) {
	if math.IsNaN(r.bestScore) || r.cfg.KeepLast {
		return
	}
	bestPath := checkpointPath(r.cfg.CheckpointDir, r.bestStep)
	if bestPath != path {
		var err error
		if f, _, err = readCheckpoint(bestPath); err != nil {
			r.cfg.Logger.Warn("best checkpoint unreadable; the run will end with its last weights", "file", bestPath, "error", err)
			return
		}
	}
	r.best = nil
	for _, t := range f.Tensors {
		if strings.HasPrefix(t.Name, "/") && !isAdamOrRNG(t.Name) {
			r.best = append(r.best, t)
		}
	}
}

func isAdamOrRNG(name string) bool {
	return strings.HasPrefix(name, StateScope+"/adam_m/") || strings.HasPrefix(name, StateScope+"/adam_v/") ||
		name == "/#rngState"
}

// writeCheckpoint writes the current state to a new checkpoint, removes
// the checkpoints no longer kept, and rewrites the curves.
func (r *runner) writeCheckpoint() error {
	f := &modelfile.File{Name: r.cfg.Name, Backend: r.description}
	if err := f.AddVariables(r.vars, nil); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	tensors, err := curvesToTensors(r.curves)
	if err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	f.Tensors = append(f.Tensors, tensors...)
	if err := f.SetJSON(stateBlob, r.state()); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	path := checkpointPath(r.cfg.CheckpointDir, r.step)
	if err := modelfile.Write(path, f); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}
	r.checkpoint, r.checkpointStep = path, r.step
	r.removeOldCheckpoints()
	if err := r.writeCurves(); err != nil {
		return err
	}
	r.cfg.Logger.Debug("checkpoint written", "model", r.cfg.Name, "file", path, "step", r.step)
	r.emit(CheckpointWritten, func(e *Event) { e.Checkpoint = path })
	return nil
}

func (r *runner) state() checkpointState {
	s := checkpointState{
		Version: stateVersion, Step: r.step, Epoch: r.epoch, Position: r.position,
		Trajectory: r.trajectory(), BestStep: r.bestStep, BadEvaluations: r.badEvals,
		StoppedEarly: r.stoppedEarly, Backend: r.description, NonTrainable: []string{},
	}
	if !math.IsNaN(r.bestScore) {
		s.HasBest, s.BestScore = true, r.bestScore
	}
	if !math.IsNaN(r.lastScore) {
		s.HasLast, s.LastScore = true, r.lastScore
	}
	if !math.IsNaN(r.lastLoss) {
		s.LastLoss = r.lastLoss
	}
	for v := range r.vars.IterVariables() {
		if !v.Trainable {
			s.NonTrainable = append(s.NonTrainable, v.ScopeAndName())
		}
	}
	return s
}

// removeOldCheckpoints deletes the checkpoints beyond the KeepCheckpoints
// newest, except the one of the best step, and temporary files left by
// interrupted writes. Failures are logged: they cost disk space only.
func (r *runner) removeOldCheckpoints() {
	dir := r.cfg.CheckpointDir
	paths, err := listCheckpoints(dir)
	if err != nil {
		r.cfg.Logger.Warn("cannot clean up checkpoints", "error", err)
		return
	}
	best := checkpointPath(dir, r.bestStep)
	for i, path := range paths {
		if i >= len(paths)-r.cfg.KeepCheckpoints || (path == best && !math.IsNaN(r.bestScore)) {
			continue
		}
		if err := os.Remove(path); err != nil {
			r.cfg.Logger.Warn("cannot remove old checkpoint", "file", path, "error", err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if modelfile.IsTemp(e.Name()) && strings.HasPrefix(e.Name(), "."+checkpointPrefix) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
