// Command ingest measures the ingest stage on a large synthetic corpus built
// from the real ones (package synthcorpus): documents per second, input
// megabytes per second, and the peak resident memory of the litmine
// process, which must stay under 512 MB.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/synthcorpus"
)

// maxRSSBytes is the memory target for ingesting the corpus.
const maxRSSBytes = 512 << 20

func main() {
	docs := flag.Int("docs", 100000, "documents in the synthetic corpus")
	data := flag.String("data", "../shared/data", "folder of the real corpora to copy from")
	work := flag.String("work", "bench/out", "folder for the corpus (kept between runs) and the run directory")
	bin := flag.String("bin", "bin/litmine", "litmine binary to measure")
	flag.Parse()
	if err := run(*docs, *data, *work, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "ingest benchmark:", err)
		os.Exit(1)
	}
}

func run(docs int, data, work, bin string) error {
	corpus := filepath.Join(work, fmt.Sprintf("ingest-corpus-%d", docs))
	if _, err := os.Stat(corpus); os.IsNotExist(err) {
		start := time.Now()
		st, err := synthcorpus.Generate(data, corpus, docs, synthcorpus.DefaultMix)
		if err != nil {
			os.RemoveAll(corpus)
			return fmt.Errorf("generate corpus: %w", err)
		}
		fmt.Printf("generated %d documents in %d files (%.0f MB on disk) in %v\n", st.Documents, st.Files, float64(st.Bytes)/1e6, time.Since(start).Round(time.Second))
	}
	out := filepath.Join(work, fmt.Sprintf("ingest-run-%d", docs))
	os.RemoveAll(out)

	cmd := exec.Command(bin, "--no-progress", "--log-json", "ingest", corpus, "--out", out)
	cmd.Stderr = nil
	start := time.Now()
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", bin, err, output)
	}
	elapsed := time.Since(start)
	rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // Linux reports KiB

	m, err := readManifest(out)
	if err != nil {
		return err
	}
	stage := m.Stages["ingest"]
	inputBytes := m.Inputs.Bytes
	secs := elapsed.Seconds()
	fmt.Printf("\n%-28s %14s\n", "measure", "value")
	fmt.Printf("%-28s %14d\n", "documents written", stage.Counters["documents"])
	fmt.Printf("%-28s %14d\n", "records rejected", stage.Counters["rejected"])
	fmt.Printf("%-28s %14d\n", "duplicates skipped", stage.Counters["duplicates"])
	fmt.Printf("%-28s %14.1f\n", "seconds", secs)
	fmt.Printf("%-28s %14.0f\n", "documents/s", float64(stage.Counters["documents"])/secs)
	fmt.Printf("%-28s %14.1f\n", "input MB/s (on disk)", float64(inputBytes)/1e6/secs)
	fmt.Printf("%-28s %14.1f\n", "text MB/s (code points)", float64(stage.Counters["chars"])/1e6/secs)
	verdict := "PASS"
	if rss >= maxRSSBytes {
		verdict = "FAIL"
	}
	fmt.Printf("%-28s %14.0f   target under %d MB: %s\n", "peak RSS MB", float64(rss)/(1<<20), maxRSSBytes>>20, verdict)
	return nil
}

func readManifest(dir string) (*rundir.Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, rundir.ManifestName))
	if err != nil {
		return nil, err
	}
	var m rundir.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read manifest of %s: %w", dir, err)
	}
	return &m, nil
}
