package train

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// crashChildEnv names the checkpoint folder of the child process of
// TestResumeAfterKill.
const crashChildEnv = "LITMINE_TRAIN_CRASH_CHILD_DIR"

func killConfig(t testing.TB) Config {
	cfg := toyConfig(t)
	cfg.CheckpointEvery = 3
	return cfg
}

// TestResumeAfterKill runs training in a child process, kills it with
// SIGKILL once a checkpoint past step 10 exists, resumes in this process,
// and compares the final weights bit for bit with an uninterrupted run.
func TestResumeAfterKill(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		runCrashChild(t, dir)
		return
	}
	cfg := killConfig(t)
	want := runToEnd(t, cfg, "")

	dir := t.TempDir()
	var output bytes.Buffer
	child := exec.Command(os.Args[0], "-test.run=^TestResumeAfterKill$", "-test.count=1")
	child.Env = append(os.Environ(), crashChildEnv+"="+dir)
	child.Stdout, child.Stderr = &output, &output
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := waitAndKill(t, child, dir, 10)
	if !killed {
		t.Fatalf("the child process ended before it was killed:\n%s", output.String())
	}

	// A kill in the middle of a checkpoint write leaves a temporary file.
	stale := filepath.Join(dir, ".step-000000099.ckpt.tmp-killed")
	if err := os.WriteFile(stale, []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}

	cfg.CheckpointDir, cfg.Resume = dir, true
	vars := mlctx.New()
	res, err := Run(context.Background(), vars, newToyModel(1, 8, 32), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("resumed from step %d after the kill", res.ResumedFrom)
	if res.ResumedFrom < 10 || res.ResumedFrom >= 32 {
		t.Errorf("resumed from step %d, want a step from 10 to 31", res.ResumedFrom)
	}
	assertSameWeights(t, want, weightBytes(t, vars))
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left after the resumed run: %v", leftovers)
	}
}

// waitAndKill kills child with SIGKILL as soon as dir holds a checkpoint of
// step minStep or later, and reports whether it was still running then.
func waitAndKill(t *testing.T, child *exec.Cmd, dir string, minStep int) bool {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case <-done:
			return false
		case <-deadline:
			_ = child.Process.Kill()
			<-done
			t.Fatal("no checkpoint past step 10 within 60 s")
		case <-time.After(2 * time.Millisecond):
		}
		paths, err := listCheckpoints(dir)
		if err == nil && len(paths) > 0 && checkpointStep(filepath.Base(paths[len(paths)-1])) >= minStep {
			if err := child.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-done
			return true
		}
	}
}

// runCrashChild is the child's side: the same training, slowed down so the
// parent can kill it in the middle.
func runCrashChild(t *testing.T, dir string) {
	cfg := killConfig(t)
	cfg.CheckpointDir = dir
	cfg.Progress = func(e Event) {
		if e.Kind == StepDone {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if _, err := Run(context.Background(), mlctx.New(), newToyModel(1, 8, 32), cfg); err != nil {
		t.Fatal(err)
	}
}
