// Command tagger times litmine's annotate step with the shipped neural
// entity tagger beside the rules alone, on the same documents in one
// process, and prints tokens per second side by side.
//
// The text is cut into documents of -lines lines (one paragraph per line),
// as bench/annotate cuts it; the tagger batches the sentences of each
// document by length. Only the first -max-bytes of the corpus are used,
// because the tagger is far slower than the rules.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/litmine/litmine/bench/internal/benchdocs"
	"github.com/litmine/litmine/internal/batchgc"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
	"github.com/litmine/litmine/ner/tagger"
)

func main() {
	corpus := flag.String("corpus", "", "plain-text corpus, one paragraph per line (required)")
	lines := flag.Int("lines", 50, "lines per document")
	runs := flag.Int("runs", 3, "timed runs of each configuration; the table shows the median")
	maxBytes := flag.Int("max-bytes", 400_000, "use only the first N bytes of the corpus (0: all)")
	cpuProfile := flag.String("cpu-profile", "", "write a CPU profile of the timed runs to `FILE`")
	flag.Parse()
	batchgc.Configure() // as the litmine command does
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "tagger:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *corpus == "" {
		fmt.Fprintln(os.Stderr, "tagger: -corpus is required")
		os.Exit(2)
	}
	if err := run(*corpus, *lines, *runs, *maxBytes); err != nil {
		fmt.Fprintln(os.Stderr, "tagger:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

// config is one timed configuration.
type config struct {
	name    string
	tagger  ner.Tagger // nil: rules alone
	workers int
}

func run(path string, lines, runs, maxBytes int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if maxBytes > 0 && len(data) > maxBytes {
		data = data[:maxBytes]
		for len(data) > 0 && !utf8.Valid(data) {
			data = data[:len(data)-1] // do not cut a character in two
		}
	}
	docs := benchdocs.Split(string(data), lines)
	model, err := tagger.Default()
	if err != nil {
		return err
	}
	fmt.Printf("corpus %s: first %.2f MB, %d documents of up to %d lines, GOMAXPROCS %d, %d runs each\n",
		path, float64(len(data))/1e6, len(docs), lines, runtime.GOMAXPROCS(0), runs)
	fmt.Printf("tagger %s\n\n", model.Description())

	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		return err
	}
	configs := []config{
		{"annotate, rules only, 1 worker", nil, 1},
		{"annotate, tagger, 1 worker", model, 1},
		{"annotate, tagger, 2 workers", model, 2},
	}
	fmt.Printf("%-34s %10s %10s %12s %8s\n", "configuration", "median s", "tokens", "tokens/s", "speed")
	var base float64
	for i, c := range configs {
		seconds, tokens, err := timeConfig(c, docs, rec, runs)
		if err != nil {
			return err
		}
		if i == 0 {
			base = seconds
		}
		fmt.Printf("%-34s %10.3f %10d %12.0f %7.3fx\n", c.name, seconds, tokens, float64(tokens)/seconds, base/seconds)
	}
	return nil
}

// timeConfig annotates every document once untimed, to compile the
// tagger's graphs, then runs times, and returns the median seconds and the
// tokens annotated.
func timeConfig(c config, docs []string, rec *ner.Recognizer, runs int) (float64, int, error) {
	annotators := make([]*ner.Annotator, c.workers)
	for i := range annotators {
		a, err := ner.NewAnnotator(rec, nil, ner.WithTagger(c.tagger))
		if err != nil {
			return 0, 0, err
		}
		annotators[i] = a
	}
	paras := make([][]schema.Paragraph, len(docs))
	for i, d := range docs {
		paras[i] = benchdocs.Paragraphs(d)
	}
	var seconds []float64
	tokens := 0
	for r := range runs + 1 {
		runtime.GC()
		start := time.Now()
		n, err := benchdocs.AnnotateAll(annotators, paras)
		if err != nil {
			return 0, 0, err
		}
		if r > 0 {
			seconds = append(seconds, time.Since(start).Seconds())
		}
		tokens = n
	}
	slices.Sort(seconds)
	return seconds[len(seconds)/2], tokens, nil
}
