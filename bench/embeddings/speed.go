package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
)

// row is one configuration of the speed table.
type row struct {
	name         string
	setupSeconds []float64
	trainSeconds []float64
	words        int64 // raw tokens trained per run
}

func (r *row) add(setup, train float64, words int64) {
	r.setupSeconds = append(r.setupSeconds, setup)
	r.trainSeconds = append(r.trainSeconds, train)
	r.words = words
}

func (r *row) wordsPerSecond() float64 { return float64(r.words) / median(r.trainSeconds) }

func speed(args []string) error {
	fs, g := newFlagSet("speed")
	tokens := fs.String("tokens", "", "token file: one sentence of space-separated tokens per line (required)")
	runs := fs.Int("runs", 5, "timed runs of each configuration; the table shows medians")
	warmup := fs.Int("warmup", 1, "untimed runs of each configuration first")
	workers := fs.Int("workers", 2, "training threads of litmine and gensim")
	fs.Parse(args)
	if *tokens == "" || *runs < 1 {
		return errors.New("speed needs -tokens FILE and -runs of at least 1")
	}
	if _, err := os.Stat(*tokens); err != nil {
		return err
	}
	withGensim, reason := g.available()
	if !withGensim {
		fmt.Printf("note: gensim rows skipped: %s\n\n", reason)
	}

	rows := make([]row, 4)
	rows[0].name, rows[1].name = "gensim Word2Vec sg", "litmine --subwords=false"
	rows[2].name, rows[3].name = "gensim FastText sg", "litmine (subwords)"
	var vocab int
	for i := range *warmup + *runs {
		for k, subwords := range []bool{false, true} {
			s := settings{epochs: 1, workers: *workers, seed: 1, subwords: subwords}
			if withGensim {
				r, err := g.train(s.gensimArgs(*tokens)...)
				if err != nil {
					return err
				}
				if i >= *warmup {
					rows[2*k].add(r.SetupS, r.TrainS, r.RawWords)
				}
			}
			_, st, err := trainLitmine(*tokens, s)
			if err != nil {
				return err
			}
			vocab = st.Vocabulary
			if i >= *warmup {
				rows[2*k+1].add(st.CountTime.Seconds(), st.TrainTime.Seconds(), st.Tokens)
			}
		}
	}
	printSpeed(rows, *tokens, vocab, *workers, *runs, *warmup)
	return nil
}

func printSpeed(rows []row, tokens string, vocab, workers, runs, warmup int) {
	fmt.Printf("tokens %s: %d tokens, vocabulary %d; %s,\n", tokens, rows[1].words, vocab, settingsLine())
	fmt.Printf("1 epoch, %d workers; GOMAXPROCS %d; median of %d runs after %d warm-up\n\n", workers, runtime.GOMAXPROCS(0), runs, warmup)
	fmt.Printf("%-28s %9s %9s %12s %10s\n", "configuration", "setup s", "train s", "words/s", "vs gensim")
	for k := 0; k < len(rows); k += 2 {
		anchor, ours := rows[k], rows[k+1]
		if len(anchor.trainSeconds) > 0 {
			fmt.Printf("%-28s %9.2f %9.2f %12.0f %9.2fx\n", anchor.name, median(anchor.setupSeconds), median(anchor.trainSeconds), anchor.wordsPerSecond(), 1.0)
		}
		ratio := "n/a"
		if len(anchor.trainSeconds) > 0 {
			ratio = fmt.Sprintf("%.2fx", ours.wordsPerSecond()/anchor.wordsPerSecond())
		}
		fmt.Printf("%-28s %9.2f %9.2f %12.0f %10s\n", ours.name, median(ours.setupSeconds), median(ours.trainSeconds), ours.wordsPerSecond(), ratio)
	}
	fmt.Println()
	for k := 0; k < len(rows); k += 2 {
		if len(rows[k].trainSeconds) == 0 {
			continue
		}
		ratio := rows[k+1].wordsPerSecond() / rows[k].wordsPerSecond()
		verdict := "PASS"
		if ratio < 1 {
			verdict = "FAIL"
		}
		fmt.Printf("%s beside %s: %.2fx (target: at least 1.00x, aim 1.50x) %s\n", rows[k+1].name, rows[k].name, ratio, verdict)
	}
}
