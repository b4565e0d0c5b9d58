package train

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/internal/table"
)

// toyConfig returns a config for the toy model on the shared test backend.
func toyConfig(t testing.TB) Config {
	return Config{
		Name: "toy", Backend: testBackend(t), Seed: 7, Epochs: 4,
		LearningRate: 0.01, ClipNorm: 5, EvalEvery: 4,
	}
}

// weightBytes returns the raw bytes of every variable of vars, by name.
func weightBytes(t *testing.T, vars *mlctx.Context) map[string][]byte {
	t.Helper()
	ts, err := modelfile.VariableTensors(vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, tensor := range ts {
		out[tensor.Name] = tensor.Data
	}
	return out
}

// assertSameWeights fails unless a and b hold the same variables with the
// same bytes.
func assertSameWeights(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d variables, want %d", len(b), len(a))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("variable %s differs", name)
		}
	}
}

func TestRunLossFalls(t *testing.T) {
	dir := t.TempDir()
	cfg := toyConfig(t)
	cfg.CurvesParquet = filepath.Join(dir, "curves.parquet")
	cfg.CurvesSVG = filepath.Join(dir, "curves.svg")
	var events []Event
	cfg.Progress = func(e Event) { events = append(events, e) }
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
	if err != nil {
		t.Fatal(err)
	}

	if res.Steps != 32 || len(res.Curves) != 32 {
		t.Fatalf("steps %d, curve rows %d, want 32", res.Steps, len(res.Curves))
	}
	first, last := meanLoss(res.Curves[:8]), meanLoss(res.Curves[24:])
	if !(last < 0.8*first) {
		t.Errorf("mean loss of the last epoch %.4f, first %.4f: want a fall of 20%% or more", last, first)
	}
	if res.BestScore < 0.75 {
		t.Errorf("best dev accuracy %.3f, want >= 0.75", res.BestScore)
	}
	if !res.KeptBest {
		t.Error("KeptBest is false")
	}
	if got := events[len(events)-1]; got.Kind != Finished || got.Step != 32 || got.Err != nil {
		t.Errorf("last event %+v, want Finished at step 32", got)
	}

	var rows []CurveRow
	err = table.Scan(cfg.CurvesParquet, table.ReadOptions{}, func(batch []CurveRow) error {
		rows = append(rows, batch...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 32 || rows[3].Step != 4 || math.IsNaN(rows[3].DevScore) || !math.IsNaN(rows[0].DevScore) {
		t.Errorf("curves table: %d rows, row 4 = %+v, row 1 = %+v", len(rows), rows[3], rows[0])
	}
	assertValidSVG(t, cfg.CurvesSVG)
}

func meanLoss(rows []CurveRow) float64 {
	sum := 0.0
	for _, r := range rows {
		sum += r.Loss
	}
	return sum / float64(len(rows))
}

func assertValidSVG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	polylines := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not valid XML: %v", path, err)
		}
		if start, ok := tok.(xml.StartElement); ok && start.Name.Local == "polyline" {
			polylines++
		}
	}
	if polylines != 2 {
		t.Errorf("%s has %d polylines, want 2 (loss and dev score)", path, polylines)
	}
}

func TestRunRepeatable(t *testing.T) {
	run := func(seed uint64) map[string][]byte {
		cfg := toyConfig(t)
		cfg.Seed = seed
		cfg.Epochs = 2
		vars := mlctx.New()
		if _, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg); err != nil {
			t.Fatal(err)
		}
		return weightBytes(t, vars)
	}
	a, b := run(7), run(7)
	assertSameWeights(t, a, b)
	c := run(8)
	if bytes.Equal(a["/hidden/weights"], c["/hidden/weights"]) {
		t.Error("seeds 7 and 8 gave the same weights")
	}
}

// TestResumeAfterCancel cancels a run at step 13, resumes it, and compares
// the final weights with an uninterrupted run.
func TestResumeAfterCancel(t *testing.T) {
	cfg := toyConfig(t)
	cfg.CheckpointEvery = 5
	cfg.Patience = 0
	want := runToEnd(t, cfg, "")

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted := cfg
	interrupted.CheckpointDir = dir
	interrupted.Progress = func(e Event) {
		if e.Kind == StepDone && e.Step == 13 {
			cancel()
		}
	}
	_, err := Run(ctx, mlctx.New(), newToyModel(1, 8, 32), interrupted)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "step 13") {
		t.Fatalf("interrupted run: error %v, want context.Canceled at step 13", err)
	}

	cfg.CheckpointDir, cfg.Resume = dir, true
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.ResumedFrom != 13 || res.Steps != 32 || len(res.Curves) != 32 {
		t.Errorf("resumed from %d to %d steps with %d curve rows, want 13, 32, 32", res.ResumedFrom, res.Steps, len(res.Curves))
	}
	assertSameWeights(t, want, weightBytes(t, vars))
}

// runToEnd runs the toy model with cfg, checkpointing to dir when not
// empty, and returns the final weights.
func runToEnd(t *testing.T, cfg Config, dir string) map[string][]byte {
	t.Helper()
	cfg.CheckpointDir = dir
	vars := mlctx.New()
	if _, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg); err != nil {
		t.Fatal(err)
	}
	return weightBytes(t, vars)
}

// TestResumeFallsBackFromDamagedCheckpoint truncates the newest checkpoint
// of an interrupted run. The resumed run must start from the one before and
// still end with the weights of an uninterrupted run.
func TestResumeFallsBackFromDamagedCheckpoint(t *testing.T) {
	cfg := toyConfig(t)
	cfg.CheckpointEvery = 5
	cfg.KeepCheckpoints = 3
	want := runToEnd(t, cfg, "")

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted := cfg
	interrupted.CheckpointDir = dir
	interrupted.Progress = func(e Event) {
		if e.Kind == CheckpointWritten && e.Step == 15 {
			cancel()
		}
	}
	if _, err := Run(ctx, mlctx.New(), newToyModel(1, 8, 32), interrupted); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: error %v, want context.Canceled", err)
	}
	paths, err := listCheckpoints(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 2 || paths[len(paths)-1] != checkpointPath(dir, 15) {
		t.Fatalf("checkpoints %v, want at least two, the newest at step 15", paths)
	}
	newest, previous := paths[len(paths)-1], checkpointStep(filepath.Base(paths[len(paths)-2]))
	info, err := os.Stat(newest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(newest, info.Size()/2); err != nil {
		t.Fatal(err)
	}

	cfg.CheckpointDir, cfg.Resume = dir, true
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.ResumedFrom != previous {
		t.Errorf("resumed from step %d, want %d (the checkpoint before the damaged one)", res.ResumedFrom, previous)
	}
	assertSameWeights(t, want, weightBytes(t, vars))
}

func TestResumeAllCheckpointsDamaged(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(checkpointPath(dir, 4), []byte("not a checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := toyConfig(t)
	cfg.CheckpointDir, cfg.Resume = dir, true
	_, err := Run(context.Background(), mlctx.New(), newToyModel(1, 8, 32), cfg)
	if !errors.Is(err, modelfile.ErrNotModelFile) || !strings.Contains(err.Error(), "no readable checkpoint") {
		t.Fatalf("error %v, want no readable checkpoint wrapping ErrNotModelFile", err)
	}
}

func TestResumeRejectsOtherSettings(t *testing.T) {
	dir := t.TempDir()
	cfg := toyConfig(t)
	cfg.Epochs = 1
	runToEnd(t, cfg, dir)
	cfg.CheckpointDir, cfg.Resume, cfg.LearningRate = dir, true, 0.02
	_, err := Run(context.Background(), mlctx.New(), newToyModel(1, 8, 32), cfg)
	if err == nil || !strings.Contains(err.Error(), "learning_rate") {
		t.Fatalf("error %v, want a learning_rate mismatch", err)
	}
}

func TestResumeRejectsOtherModelSettings(t *testing.T) {
	dir := t.TempDir()
	cfg := toyConfig(t)
	cfg.Epochs = 1
	cfg.Settings = map[string]string{"hidden": "8", "data": "abc"}
	runToEnd(t, cfg, dir)
	cfg.CheckpointDir, cfg.Resume = dir, true
	cfg.Settings = map[string]string{"hidden": "16", "data": "abc", "extra": "1"}
	_, err := Run(context.Background(), mlctx.New(), newToyModel(1, 8, 32), cfg)
	if err == nil {
		t.Fatal("resume with other model settings gave no error")
	}
	for _, want := range []string{"hidden (checkpoint 8, now 16)", "extra (checkpoint (none), now 1)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "data (") {
		t.Errorf("error %q names an equal setting", err)
	}
}

func TestCheckpointFolderNeedsResume(t *testing.T) {
	dir := t.TempDir()
	cfg := toyConfig(t)
	cfg.Epochs = 1
	runToEnd(t, cfg, dir)
	cfg.CheckpointDir = dir
	_, err := Run(context.Background(), mlctx.New(), newToyModel(1, 8, 32), cfg)
	if err == nil || !strings.Contains(err.Error(), "set Resume") {
		t.Fatalf("error %v, want a request to set Resume", err)
	}
}

func TestNaNLossNamesStep(t *testing.T) {
	model := newToyModel(1, 4, 16)
	model.poisonEpoch = 2
	cfg := toyConfig(t)
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, model, cfg)
	if !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "step 9") {
		t.Fatalf("error %v, want ErrNotFinite at step 9", err)
	}
	if res.Steps != 8 {
		t.Errorf("%d steps done, want 8", res.Steps)
	}
	w, err := vars.GetVariableByScopeAndName("/hidden", "weights").Value()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range w.Value().([][]float32) {
		for _, x := range v {
			if math.IsNaN(float64(x)) {
				t.Fatal("the failed step changed the weights to NaN")
			}
		}
	}
}
