// Command annotate times litmine's annotate step beside prose v2 alone on
// the same text, in one process, and prints a side-by-side table.
//
// The text is split into documents of -lines lines each (50 by default, as
// the anchor benchmarks of the project do). "prose v2 alone" runs
// prose.NewDocument on each document, with one tagger model loaded up
// front, with and without sentence segmentation. "litmine annotate" runs
// ner.Annotator.Annotate on the same documents, one paragraph per line:
// sentences, chemistry-aware tokens, POS tags, rule entities and material
// compositions.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/litmine/litmine/bench/internal/benchdocs"
	"github.com/litmine/litmine/internal/batchgc"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
)

func main() {
	corpus := flag.String("corpus", "", "plain-text corpus, one paragraph per line (required)")
	lines := flag.Int("lines", 50, "lines per document")
	runs := flag.Int("runs", 5, "timed runs of each configuration; the table shows the median")
	maxBytes := flag.Int("max-bytes", 0, "use only the first N bytes of the corpus (0: all)")
	flag.Parse()
	batchgc.Configure() // as the litmine command does
	if *corpus == "" {
		fmt.Fprintln(os.Stderr, "annotate: -corpus is required")
		os.Exit(2)
	}
	if err := run(*corpus, *lines, *runs, *maxBytes); err != nil {
		fmt.Fprintln(os.Stderr, "annotate:", err)
		os.Exit(1)
	}
}

type result struct {
	name    string
	seconds []float64
	tokens  int
}

func (r result) median() float64 {
	s := append([]float64(nil), r.seconds...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func run(path string, lines, runs, maxBytes int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if maxBytes > 0 && len(data) > maxBytes {
		data = data[:maxBytes]
	}
	docs := benchdocs.Split(string(data), lines)
	fmt.Printf("corpus %s: %.1f MB, %d documents of up to %d lines, GOMAXPROCS %d, %d runs each\n\n",
		path, float64(len(data))/1e6, len(docs), lines, runtime.GOMAXPROCS(0), runs)

	proseAlone := timeRuns("prose v2 alone: segment, tokenize, tag", runs, func() int { return runProse(docs, true) })
	proseNoSplit := timeRuns("prose v2 alone: tokenize, tag", runs, func() int { return runProse(docs, false) })
	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		return err
	}
	var results []result
	for _, workers := range []int{1, 2} {
		name := fmt.Sprintf("litmine annotate, %d worker", workers)
		if workers > 1 {
			name += "s"
		}
		r, err := timeAnnotate(name, docs, rec, workers, runs)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	printTable([]result{proseAlone, proseNoSplit}, results)
	return nil
}

func timeRuns(name string, runs int, fn func() int) result {
	fn() // warm-up
	r := result{name: name}
	for i := 0; i < runs; i++ {
		runtime.GC()
		start := time.Now()
		r.tokens = fn()
		r.seconds = append(r.seconds, time.Since(start).Seconds())
	}
	return r
}

// runProse runs prose on every document, with or without its sentence
// segmentation, which loads prose's Punkt model anew on each call.
func runProse(docs []string, segment bool) int {
	model := sharedModel()
	tokens := 0
	for _, d := range docs {
		doc, err := prose.NewDocument(d, prose.WithExtraction(false), prose.WithSegmentation(segment), prose.UsingModel(model))
		if err != nil {
			panic(err)
		}
		tokens += len(doc.Tokens())
	}
	return tokens
}

var proseModel *prose.Model

func sharedModel() *prose.Model {
	if proseModel == nil {
		proseModel = prose.ModelFromData("bench")
	}
	return proseModel
}

func timeAnnotate(name string, docs []string, rec *ner.Recognizer, workers, runs int) (result, error) {
	annotators := make([]*ner.Annotator, workers)
	for i := range annotators {
		a, err := ner.NewAnnotator(rec, nil)
		if err != nil {
			return result{}, err
		}
		annotators[i] = a
	}
	paras := make([][]schema.Paragraph, len(docs))
	for i, d := range docs {
		paras[i] = benchdocs.Paragraphs(d)
	}
	return timeRuns(name, runs, func() int {
		tokens, err := benchdocs.AnnotateAll(annotators, paras)
		if err != nil {
			panic(err)
		}
		return tokens
	}), nil
}

// printTable prints every configuration beside the first baseline, then the
// two targets: the overhead of annotate over the faster prose baseline, and
// the speed-up of two workers over one.
func printTable(bases, results []result) {
	base := bases[0]
	fmt.Printf("%-42s %10s %10s %12s %10s\n", "configuration", "median s", "tokens", "tokens/s", "speed")
	for _, r := range append(append([]result(nil), bases...), results...) {
		fmt.Printf("%-42s %10.3f %10d %12.0f %9.2fx\n", r.name, r.median(), r.tokens, float64(r.tokens)/r.median(), base.median()/r.median())
	}
	fastest := bases[0]
	for _, b := range bases[1:] {
		if b.median() < fastest.median() {
			fastest = b
		}
	}
	one, two := results[0], results[1]
	overhead := one.median()/fastest.median() - 1
	speedup := one.median() / two.median()
	fmt.Printf("\noverhead of litmine annotate (1 worker) over %q: %+.1f%% (target: under +25%%) %s\n",
		fastest.name, 100*overhead, verdict(overhead < 0.25))
	fmt.Printf("speed-up of 2 workers over 1 worker: %.2fx (target: at least 1.70x) %s\n", speedup, verdict(speedup >= 1.7))
}

func verdict(ok bool) string {
	if ok {
		return "PASS"
	}
	return "FAIL"
}
