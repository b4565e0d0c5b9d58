package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/internal/train"
	"github.com/litmine/litmine/ner/tagger"
)

func trainNERCommand() *cli.Command {
	d := tagger.DefaultTrainConfig()
	return &cli.Command{
		Name:  "ner",
		Usage: "train the BiLSTM-CRF entity tagger on a brat corpus with MSPT labels",
		Description: "Reads the documents of --split from --gold, tokenized as annotate tokenizes them, and trains a\n" +
			"BiLSTM-CRF over word vectors (started from --embeddings, a model.bin of `litmine train embeddings`),\n" +
			"hashed character n-grams, word shapes, the rules' entity tags and POS tags. After each epoch it\n" +
			"scores the documents of --dev as `litmine eval ner` does, keeps the weights with the best strict\n" +
			"micro F1, and stops after --patience epochs without a better one. Writes one model file to --out;\n" +
			"`litmine annotate --model FILE` uses it. Training is seeded: the same command gives the same file.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "gold", Usage: "`DIR` of brat .txt and .ann files with MSPT labels (required)"},
			&cli.StringFlag{Name: "split", Usage: "`FILE` listing the training documents, one name per line (required)"},
			&cli.StringFlag{Name: "dev", Usage: "`FILE` listing the dev documents, for early stopping and model selection (required)"},
			&cli.StringFlag{Name: "embeddings", Usage: "word-embedding `FILE` (model.bin of `litmine train embeddings`) to start the word vectors from"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "model `FILE` to write (required)"},
			&cli.IntFlag{Name: "epochs", Value: d.Epochs, Usage: "maximum number of passes over the training sentences; early stopping may end sooner"},
			&cli.IntFlag{Name: "patience", Value: d.Patience, Usage: "stop after `N` epochs without a better dev score (0: never stop early)"},
			&cli.IntFlag{Name: "batch-size", Value: d.BatchSize, Usage: "sentences per step"},
			&cli.Float64Flag{Name: "learning-rate", Value: d.LearningRate, Usage: "Adam's learning rate"},
			&cli.StringFlag{Name: "decay", Value: "none", Usage: "learning-rate schedule: none, linear or cosine (down to 0 at the last planned step)"},
			&cli.IntFlag{Name: "hidden", Value: d.Hidden, Usage: "LSTM state size per direction"},
			&cli.IntFlag{Name: "extra-words", Value: d.ExtraWords, Usage: "most frequent embedding words added to the training words (0: none)"},
			&cli.BoolFlag{Name: "freeze-words", Usage: "keep the word vectors at their starting values"},
			&cli.Float64Flag{Name: "dropout", Value: d.Dropout, Usage: "dropout rate of the token features and the BiLSTM output (0: none)"},
			&cli.Float64Flag{Name: "word-dropout", Value: d.WordDropout, Usage: "rate at which training words become the unknown word (0: none)"},
			&cli.IntFlag{Name: "char-buckets", Value: d.CharBuckets, Usage: "hash buckets of character n-grams"},
			&cli.Uint64Flag{Name: "seed", Usage: "random seed; 0 is a seed like any other"},
			&cli.IntFlag{Name: "members", Value: 1, Usage: "train `N` networks with seeds --seed, --seed+1, … and save them as one ensemble model that averages their scores"},
			&cli.StringFlag{Name: "backend", Usage: "gomlx backend `SPEC` such as go or go:ops_sequential (default: $GOMLX_BACKEND, then go:parallelism=-1)"},
			&cli.StringFlag{Name: "checkpoint-dir", Usage: "`DIR` for checkpoints and the training curves (curves.parquet, curves.svg); with --members, member-N folders and curves-member-N files"},
			&cli.BoolFlag{Name: "resume", Usage: "continue from the newest checkpoint in --checkpoint-dir"},
		},
		Action: func(c *cli.Context) error {
			cfg, err := trainNERConfig(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			cfg.Logger, cfg.Progress = e.logger, trainingProgress(e)
			res, err := tagger.Train(c.Context, cfg)
			if errors.Is(err, tagger.ErrTrainConfig) {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			return printTrainNER(e.stdout, cfg, res)
		},
	}
}

// noneIfZero maps a flag value of 0, which means "none" on the command
// line, to -1, which means none in tagger.TrainConfig (where 0 picks the
// default).
func noneIfZero[T int | float64](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

// trainingProgress returns the progress function of a training command: a
// bar with the loss and dev scores on a terminal, log lines otherwise.
func trainingProgress(e env) func(train.Event) {
	if e.bar {
		return train.ProgressFunc(e.progress)
	}
	return train.LogEvents(e.logger, 10*time.Second)
}

func trainNERConfig(c *cli.Context) (tagger.TrainConfig, error) {
	if err := requireFlags(c, "gold", "split", "dev", "out"); err != nil {
		return tagger.TrainConfig{}, err
	}
	if c.Bool("resume") && c.String("checkpoint-dir") == "" {
		return tagger.TrainConfig{}, usagef("--resume needs --checkpoint-dir")
	}
	for _, name := range []string{"epochs", "batch-size", "hidden", "char-buckets"} {
		if c.Int(name) < 1 {
			return tagger.TrainConfig{}, usagef("--%s must be at least 1, got %d", name, c.Int(name))
		}
	}
	if c.Int("members") < 1 {
		return tagger.TrainConfig{}, usagef("--members must be at least 1, got %d", c.Int("members"))
	}
	if c.Float64("learning-rate") <= 0 {
		return tagger.TrainConfig{}, usagef("--learning-rate must be above 0, got %g", c.Float64("learning-rate"))
	}
	decay, ok := map[string]train.Decay{"none": train.NoDecay, "linear": train.LinearDecay, "cosine": train.CosineDecay}[c.String("decay")]
	if !ok {
		return tagger.TrainConfig{}, usagef("--decay must be none, linear or cosine, got %q", c.String("decay"))
	}
	cfg := tagger.TrainConfig{
		Gold: c.String("gold"), Split: c.String("split"), Dev: c.String("dev"), Embeddings: c.String("embeddings"),
		Out: c.String("out"), LitmineVersion: version,
		Epochs: c.Int("epochs"), Patience: noneIfZero(c.Int("patience")), BatchSize: c.Int("batch-size"),
		LearningRate: c.Float64("learning-rate"), Decay: decay, Hidden: c.Int("hidden"), ExtraWords: noneIfZero(c.Int("extra-words")),
		FreezeWords: c.Bool("freeze-words"), Dropout: noneIfZero(c.Float64("dropout")), WordDropout: noneIfZero(c.Float64("word-dropout")),
		CharBuckets: c.Int("char-buckets"), Seed: c.Uint64("seed"), Members: c.Int("members"), Backend: c.String("backend"),
		CheckpointDir: c.String("checkpoint-dir"), Resume: c.Bool("resume"),
	}
	if dir := cfg.CheckpointDir; dir != "" {
		cfg.CurvesParquet, cfg.CurvesSVG = filepath.Join(dir, "curves.parquet"), filepath.Join(dir, "curves.svg")
	}
	return cfg, nil
}

func printTrainNER(w io.Writer, cfg tagger.TrainConfig, res tagger.TrainResult) error {
	a := res.Alignment
	fmt.Fprintf(w, "training split: %d documents, %d sentences (%d cut at %d tokens), %d tokens\n",
		a.Documents, a.Sentences, a.Cut, tagger.MaxTokens, a.Tokens)
	fmt.Fprintf(w, "gold spans: %d; on token boundaries %d, with a boundary inside a token %d; not trained on: "+
		"%d outside the paragraphs, %d across sentences, %d overlapping, %d with unknown labels\n",
		a.Spans, a.Exact, a.Inexact, a.Outside, a.CrossSentence, a.Overlapping, a.UnknownLabel)
	fmt.Fprintf(w, "vocabulary: %d words (%d from the embeddings); %d parameters\n", res.Words, res.Pretrained, res.Parameters)
	for k, run := range res.Members {
		stop := "all epochs"
		if run.StoppedEarly {
			stop = "stopped early"
		}
		name := "training"
		if len(res.Members) > 1 {
			name = fmt.Sprintf("member %d (seed %d)", k, cfg.Seed+uint64(k))
		}
		fmt.Fprintf(w, "%s: %d steps, %d epochs (%s); best dev micro F1 %.3f at step %d; backend %s\n",
			name, run.Steps, run.Epochs, stop, res.MemberDev[k], run.BestStep, run.Backend)
	}
	savedKind := "model"
	if len(res.Members) > 1 {
		savedKind = fmt.Sprintf("ensemble of %d members", len(res.Members))
	}
	fmt.Fprintf(w, "\ndev scores of the saved %s (%s, %d documents):\n", savedKind, cfg.Dev, res.Dev.Documents)
	if err := res.Dev.Scores.WriteTable(w, "label"); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nmodel written to %s (%d bytes): %s\n", cfg.Out, res.Bytes, res.Model.Name())
	return nil
}
