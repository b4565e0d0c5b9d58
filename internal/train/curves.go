package train

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/table"
)

// CurveRow is one row of the training-curves table: one optimizer step.
type CurveRow struct {
	// Step is the 1-based step number.
	Step int64 `table:"step"`
	// Epoch is the 0-based epoch of the step.
	Epoch int32 `table:"epoch"`
	// Loss is the training loss of the step's batch.
	Loss float64 `table:"loss"`
	// DevScore is the dev score evaluated after the step, NaN where there
	// was no evaluation.
	DevScore float64 `table:"dev_score"`
	// LearningRate is the rate the step used.
	LearningRate float64 `table:"learning_rate"`
	// Seconds is the wall time of the step's graph execution.
	Seconds float64 `table:"seconds"`
}

// writeCurves writes the curves table and plot named in the config, each
// atomically.
func (r *runner) writeCurves() error {
	if path := r.cfg.CurvesParquet; path != "" {
		if err := WriteCurves(path, r.curves); err != nil {
			return err
		}
	}
	if path := r.cfg.CurvesSVG; path != "" {
		svg := CurvesSVG(r.cfg.Name, r.curves)
		if err := writeFileAtomic(path, svg); err != nil {
			return fmt.Errorf("write curves plot %s: %w", path, err)
		}
	}
	return nil
}

// WriteCurves writes rows as a Parquet table at path (see package table),
// creating its folder if needed.
func WriteCurves(path string, rows []CurveRow) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write curves %s: %w", path, err)
	}
	w, err := table.Create[CurveRow](path, table.Options{})
	if err != nil {
		return fmt.Errorf("write curves %s: %w", path, err)
	}
	defer w.Abort()
	if err := w.Write(rows...); err != nil {
		return fmt.Errorf("write curves %s: %w", path, err)
	}
	if _, err := w.Commit(); err != nil {
		return fmt.Errorf("write curves %s: %w", path, err)
	}
	return nil
}

// writeFileAtomic writes data to path atomically (rundir.WriteFileAtomic),
// creating its folder if needed.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return rundir.WriteFileAtomic(path, data)
}

// Curve columns as checkpoint tensors.
const curvesPrefix = "curves/"

func curvesToTensors(rows []CurveRow) ([]modelfile.Tensor, error) {
	n := len(rows)
	steps, epochs := make([]int64, n), make([]int64, n)
	columns := map[string][]float64{"loss": make([]float64, n), "dev_score": make([]float64, n),
		"learning_rate": make([]float64, n), "seconds": make([]float64, n)}
	for i, row := range rows {
		steps[i], epochs[i] = row.Step, int64(row.Epoch)
		columns["loss"][i], columns["dev_score"][i] = row.Loss, row.DevScore
		columns["learning_rate"][i], columns["seconds"][i] = row.LearningRate, row.Seconds
	}
	out := make([]modelfile.Tensor, 0, 6)
	for _, name := range []string{"step", "epoch"} {
		values := map[string][]int64{"step": steps, "epoch": epochs}[name]
		t, err := modelfile.NewInt64(curvesPrefix+name, []int{n}, values)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	for _, name := range []string{"loss", "dev_score", "learning_rate", "seconds"} {
		t, err := modelfile.NewFloat64(curvesPrefix+name, []int{n}, columns[name])
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func curvesFromTensors(f *modelfile.File) ([]CurveRow, error) {
	ints := map[string][]int64{}
	floats := map[string][]float64{}
	for _, name := range []string{"step", "epoch", "loss", "dev_score", "learning_rate", "seconds"} {
		t := f.Tensor(curvesPrefix + name)
		if t == nil {
			return nil, fmt.Errorf("curve column %q missing", name)
		}
		var err error
		if name == "step" || name == "epoch" {
			ints[name], err = t.Int64s()
		} else {
			floats[name], err = t.Float64s()
		}
		if err != nil {
			return nil, err
		}
	}
	n := len(ints["step"])
	for name, column := range floats {
		if len(column) != n || len(ints["epoch"]) != n {
			return nil, fmt.Errorf("curve column %q has %d rows, want %d", name, len(column), n)
		}
	}
	rows := make([]CurveRow, n)
	for i := range rows {
		rows[i] = CurveRow{Step: ints["step"][i], Epoch: int32(ints["epoch"][i]), Loss: floats["loss"][i],
			DevScore: floats["dev_score"][i], LearningRate: floats["learning_rate"][i], Seconds: floats["seconds"][i]}
	}
	return rows, nil
}
