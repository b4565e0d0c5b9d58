package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/embed"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/ner/lexicon"
)

func trainCommand() *cli.Command {
	return &cli.Command{
		Name:        "train",
		Usage:       "train a model",
		Description: "Each subcommand trains one model and writes it to --out.",
		Subcommands: []*cli.Command{trainEmbeddingsCommand(), trainNERCommand()},
	}
}

func trainEmbeddingsCommand() *cli.Command {
	return &cli.Command{
		Name:      "embeddings",
		Usage:     "train word embeddings: skip-gram with negative sampling and character n-grams",
		ArgsUsage: "[RUN]",
		Description: "Reads the sentences table of RUN, which `litmine annotate` wrote, or with --text a file of one\n" +
			"sentence of space-separated tokens per line, and writes to --out: model.bin (for embed.Load; it\n" +
			"gives vectors to unseen words from their n-grams), vectors.txt (word2vec text format) and\n" +
			"vectors.parquet (word, count, vector). Tokens keep their case unless --lower is set, because\n" +
			"formulas are case-sensitive. With one worker and a seed, training is deterministic; with\n" +
			"several, workers update shared vectors without locks and results vary slightly.",
		Flags: trainEmbeddingsFlags(),
		Action: func(c *cli.Context) error {
			corpusArg, err := embeddingsInput(c)
			if err != nil {
				return err
			}
			cfg, err := embeddingsConfig(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			cfg.Logger, cfg.Progress = e.logger, e.progress
			if c.IsSet("text") {
				return trainEmbeddings(c, e.stdout, embed.TextFile(c.String("text")), cfg)
			}
			return withExistingRun(corpusArg, func(r *rundir.Run) error {
				corpus, err := embed.NewRunCorpus(r)
				if err != nil {
					return err
				}
				return trainEmbeddings(c, e.stdout, corpus, cfg)
			})
		},
	}
}

func trainEmbeddingsFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "`DIR` to write model.bin, vectors.txt and vectors.parquet to, created if missing (required)"},
		&cli.StringFlag{Name: "text", Usage: "train on `FILE`, one sentence of space-separated tokens per line, instead of a run directory"},
		&cli.IntFlag{Name: "dim", Value: embed.DefaultDim, Usage: "length of each vector"},
		&cli.IntFlag{Name: "window", Value: embed.DefaultWindow, Usage: "largest distance in tokens between a word and its context words"},
		&cli.IntFlag{Name: "negative", Value: embed.DefaultNegative, Usage: "negative samples per context word"},
		&cli.IntFlag{Name: "min-count", Value: embed.DefaultMinCount, Usage: "drop words seen fewer than `N` times"},
		&cli.IntFlag{Name: "epochs", Value: embed.DefaultEpochs, Usage: "passes over the corpus"},
		&cli.Float64Flag{Name: "learning-rate", Value: embed.DefaultLearningRate, Usage: "starting learning rate; it decays linearly over the training"},
		&cli.Float64Flag{Name: "sample", Value: embed.DefaultSample, Usage: "subsampling threshold for frequent words (a negative value turns subsampling off)"},
		&cli.BoolFlag{Name: "subwords", Value: true, Usage: "average each word's vector with its character n-grams' vectors (--subwords=false trains plain word2vec)"},
		&cli.IntFlag{Name: "min-n", Value: embed.DefaultMinN, Usage: "shortest character n-gram, in code points with the < and > word marks"},
		&cli.IntFlag{Name: "max-n", Value: embed.DefaultMaxN, Usage: "longest character n-gram"},
		&cli.IntFlag{Name: "buckets", Value: embed.DefaultBuckets, Usage: "hash buckets that the n-grams share"},
		&cli.BoolFlag{Name: "lower", Usage: "lower-case every token (formulas such as Co and CO then become one word)"},
		&cli.IntFlag{Name: "workers", Aliases: []string{"j"}, Usage: "`N` training goroutines (0: one per CPU core)"},
		&cli.Uint64Flag{Name: "seed", Value: embed.DefaultSeed, Usage: "random seed (0: 1)"},
		&cli.BoolFlag{Name: "eval", Usage: "after training, score material name and formula pairs from the shipped lexicons (MRR, hits@10)"},
	}
}

// embeddingsInput returns the run directory argument, or "" with --text,
// and rejects a command line with both or neither.
func embeddingsInput(c *cli.Context) (string, error) {
	if err := requireFlags(c, "out"); err != nil {
		return "", err
	}
	switch {
	case c.IsSet("text") && c.NArg() > 0:
		return "", usagef("%s takes a run directory or --text FILE, not both", c.Command.FullName())
	case c.IsSet("text"):
		return "", requireFlags(c, "text")
	}
	return runArg(c)
}

// embeddingsConfig turns the flags into an embed.Config; embed.Train
// checks the ranges and wraps embed.ErrConfig, which is reported as a usage
// error.
func embeddingsConfig(c *cli.Context) (embed.Config, error) {
	cfg := embed.Config{
		Dim: c.Int("dim"), Window: c.Int("window"), Negative: c.Int("negative"), MinCount: c.Int("min-count"),
		Epochs: c.Int("epochs"), LearningRate: c.Float64("learning-rate"), Sample: c.Float64("sample"),
		NoSubwords: !c.Bool("subwords"), MinN: c.Int("min-n"), MaxN: c.Int("max-n"), Buckets: c.Int("buckets"),
		Lower: c.Bool("lower"), Workers: c.Int("workers"), Seed: c.Uint64("seed"),
	}
	for _, name := range []string{"dim", "window", "negative", "min-count", "epochs", "min-n", "max-n", "buckets"} {
		if c.Int(name) < 1 {
			return cfg, usagef("--%s must be at least 1, got %d", name, c.Int(name))
		}
	}
	if cfg.MaxN < cfg.MinN {
		return cfg, usagef("--max-n (%d) must not be below --min-n (%d)", cfg.MaxN, cfg.MinN)
	}
	if !(cfg.LearningRate > 0) {
		return cfg, usagef("--learning-rate must be above 0, got %g", cfg.LearningRate)
	}
	if !(cfg.Sample <= 1) {
		return cfg, usagef("--sample must be at most 1, got %g", cfg.Sample)
	}
	if cfg.Sample == 0 {
		cfg.Sample = -1 // --sample 0 means no subsampling; in embed.Config zero means the default
	}
	return cfg, checkWorkers(c)
}

func trainEmbeddings(c *cli.Context, w io.Writer, corpus embed.Corpus, cfg embed.Config) error {
	// Fail before a long training when the output folder cannot be made.
	if err := os.MkdirAll(c.String("out"), 0o755); err != nil {
		return fmt.Errorf("create the output folder: %w", err)
	}
	m, st, err := embed.Train(c.Context, corpus, cfg)
	if errors.Is(err, embed.ErrConfig) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	paths, err := m.WriteDir(c.String("out"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "embeddings: %d tokens × %d epochs, %d words", st.Tokens, st.Epochs, st.Vocabulary)
	if st.Buckets > 0 {
		fmt.Fprintf(w, " and %d n-gram buckets", st.Buckets)
	}
	fmt.Fprintf(w, " of dimension %d; trained in %s (%.0f words/s), loss %.4f\n",
		m.Dim(), st.TrainTime.Round(time.Millisecond), st.WordsPerSecond(), st.EpochLoss[len(st.EpochLoss)-1])
	for _, p := range paths {
		fmt.Fprintf(w, "  wrote %s\n", p)
	}
	if !c.Bool("eval") {
		return nil
	}
	return printPairScores(w, m)
}

// printPairScores scores m on the material name and formula pairs of the
// shipped lexicons.
func printPairScores(w io.Writer, m *embed.Model) error {
	lex, err := lexicon.Default()
	if err != nil {
		return err
	}
	ev, err := embed.Evaluate(m, embed.LexiconPairs(lex))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "formula → material name: %d formulas, %d names, %d pairs in the vocabulary: MRR %.3f, hits@10 %.3f\n",
		ev.Formulas, ev.Names, ev.Pairs, ev.MRR, ev.HitsAt10)
	return nil
}
