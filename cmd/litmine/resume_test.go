package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildBinary compiles the litmine command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "litmine")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// temporaries lists the files under dir that a writer left half-written.
func temporaries(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			found = append(found, path)
		}
		return nil
	})
	return found
}

// resumeSetup returns the command, input and shard size of the kill test:
// the whole pipeline on the demo corpus with one document per shard, or
// what the environment variables LITMINE_RESUME_COMMAND ("run" or
// "ingest"), LITMINE_RESUME_INPUT and LITMINE_RESUME_SHARD_DOCS set, as
// bench/robustness.sh does for 100,000 documents.
func resumeSetup() (command, input, shardDocs string) {
	command, input, shardDocs = "run", "../../testdata/corpus", "1"
	if v := os.Getenv("LITMINE_RESUME_COMMAND"); v != "" {
		command = v
	}
	if v := os.Getenv("LITMINE_RESUME_INPUT"); v != "" {
		input = v
	}
	if v := os.Getenv("LITMINE_RESUME_SHARD_DOCS"); v != "" {
		shardDocs = v
	}
	return command, input, shardDocs
}

// TestKillAndResume kills runs at random moments with SIGKILL and resumes
// them until one finishes; the tables must then equal those of a run that
// was never interrupted, byte for byte, with no temporary file left.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs it many times")
	}
	bin := buildBinary(t)
	command, input, shardDocs := resumeSetup()
	args := func(out string) []string {
		return []string{"--no-progress", command, input, "--out", out, "--shard-docs", shardDocs}
	}

	ref := filepath.Join(t.TempDir(), "ref")
	start := time.Now()
	if out, err := exec.Command(bin, args(ref)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	duration := time.Since(start)
	want := tableHashes(t, ref)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d, uninterrupted run %v, %d table files", seed, duration, len(want))
	rng := rand.New(rand.NewPCG(seed, 7))
	const trials = 4
	for trial := 0; trial < trials; trial++ {
		dir := filepath.Join(t.TempDir(), "run")
		kills := 0
		for attempt := 0; ; attempt++ {
			cmd := exec.Command(bin, args(dir)...)
			if attempt < 3 {
				delay := time.Duration(rng.Int64N(int64(duration)))
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				timer := time.AfterFunc(delay, func() { cmd.Process.Kill() })
				err := cmd.Wait()
				timer.Stop()
				if err != nil {
					kills++
					continue // killed: resume
				}
				break // finished before the kill
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("trial %d: resumed run failed: %v\n%s", trial, err, out)
			}
			break
		}
		t.Logf("trial %d: %d kills before the run finished", trial, kills)
		got := tableHashes(t, dir)
		if !equalMaps(got, want) {
			t.Errorf("trial %d (%d kills): tables differ from the uninterrupted run\n got %v\nwant %v", trial, kills, got, want)
		}
		if left := temporaries(t, dir); len(left) > 0 {
			t.Errorf("trial %d (%d kills): temporary files left: %v", trial, kills, left)
		}
	}
}
