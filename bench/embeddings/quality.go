package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/litmine/litmine/embed"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/ner/lexicon"
)

// scores collects the evaluations of one configuration over seeds.
type scores struct {
	name  string
	evals []embed.Evaluation
}

func quality(args []string) error {
	fs, g := newFlagSet("quality")
	runDir := fs.String("run", "", "run directory whose sentences table to train on (required)")
	out := fs.String("out", "", "folder for the token file and the gensim vectors (required)")
	epochs := fs.Int("epochs", embed.DefaultEpochs, "epochs")
	workers := fs.Int("workers", 2, "training threads of litmine and gensim")
	seeds := fs.Int("seeds", 3, "models trained per configuration, with seeds 1 to N")
	fs.Parse(args)
	if *runDir == "" || *out == "" || *seeds < 1 {
		return errors.New("quality needs -run RUN, -out DIR and -seeds of at least 1")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	tokens := filepath.Join(*out, "run-tokens.txt")
	if err := exportTokens(*runDir, tokens); err != nil {
		return err
	}
	lex, err := lexicon.Default()
	if err != nil {
		return err
	}
	pairs := embed.LexiconPairs(lex)
	withGensim, reason := g.available()
	if !withGensim {
		fmt.Printf("note: gensim rows skipped: %s\n\n", reason)
	}

	results := []*scores{{name: "litmine --subwords=false"}, {name: "gensim Word2Vec sg"}, {name: "litmine (subwords)"}, {name: "gensim FastText sg"}}
	for seed := 1; seed <= *seeds; seed++ {
		for k, subwords := range []bool{false, true} {
			s := settings{epochs: *epochs, workers: *workers, seed: uint64(seed), subwords: subwords}
			if err := scoreLitmine(results[2*k], tokens, s, pairs); err != nil {
				return err
			}
			if withGensim {
				if err := scoreGensim(results[2*k+1], g, tokens, *out, s, pairs); err != nil {
					return err
				}
			}
		}
	}
	printQuality(results, tokens, *epochs, *workers, *seeds)
	return nil
}

func scoreLitmine(sc *scores, tokens string, s settings, pairs []embed.Pair) error {
	m, _, err := trainLitmine(tokens, s)
	if err != nil {
		return err
	}
	ev, err := embed.Evaluate(m, pairs)
	if err != nil {
		return err
	}
	sc.evals = append(sc.evals, ev)
	return nil
}

func scoreGensim(sc *scores, g *gensim, tokens, out string, s settings, pairs []embed.Pair) error {
	vectors := filepath.Join(out, fmt.Sprintf("gensim-subwords-%t-seed-%d.txt", s.subwords, s.seed))
	if _, err := g.train(append(s.gensimArgs(tokens), "--save", vectors)...); err != nil {
		return err
	}
	m, err := embed.ReadText(vectors)
	if err != nil {
		return err
	}
	ev, err := embed.Evaluate(m, pairs)
	if err != nil {
		return err
	}
	sc.evals = append(sc.evals, ev)
	return nil
}

// exportTokens writes the tokens of the sentences table of a run to path,
// one sentence per line, so that gensim trains on the same tokens.
func exportTokens(runDir, path string) error {
	run, err := rundir.OpenExisting(runDir, "bench")
	if err != nil {
		return err
	}
	defer run.Close()
	corpus, err := embed.NewRunCorpus(run)
	if err != nil {
		return err
	}
	return embed.WriteTokens(context.Background(), corpus, path)
}

func printQuality(results []*scores, tokens string, epochs, workers, seeds int) {
	fmt.Printf("tokens %s; %s,\n%d epochs, %d workers; ", tokens, settingsLine(), epochs, workers)
	fmt.Printf("mean over seeds 1 to %d (min to max); queries: formulas, candidates: names\n\n", seeds)
	fmt.Printf("%-26s %8s %8s %6s %18s %18s\n", "model", "queries", "names", "pairs", "MRR", "hits@10")
	for _, r := range results {
		if len(r.evals) == 0 {
			continue
		}
		ev := r.evals[0]
		mrr, hits := spread(r.evals, func(e embed.Evaluation) float64 { return e.MRR }),
			spread(r.evals, func(e embed.Evaluation) float64 { return e.HitsAt10 })
		fmt.Printf("%-26s %8d %8d %6d %18s %18s\n", r.name, ev.Formulas, ev.Names, ev.Pairs, mrr, hits)
	}
}

// spread formats the mean of a score with its minimum and maximum.
func spread(evals []embed.Evaluation, score func(embed.Evaluation) float64) string {
	lo, hi, sum := score(evals[0]), score(evals[0]), 0.0
	for _, e := range evals {
		v := score(e)
		lo, hi, sum = min(lo, v), max(hi, v), sum+v
	}
	return fmt.Sprintf("%.3f (%.3f-%.3f)", sum/float64(len(evals)), lo, hi)
}
