package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/internal/evaluate"
	"github.com/litmine/litmine/internal/rundir"
)

func evalCommand() *cli.Command {
	goldFlag := &cli.StringFlag{Name: "gold", Usage: "`DIR` with the gold annotations: brat .txt and .ann files, WebAnno TSV files, or an SOFC-Exp folder (required)"}
	splitFlag := &cli.StringFlag{Name: "split", Usage: "`FILE` listing the document names to score, one per line, or train/dev for SOFC-Exp (default: all)"}
	jsonFlag := &cli.StringFlag{Name: "json", Usage: "also write the scores as JSON to `FILE`"}
	return &cli.Command{
		Name:  "eval",
		Usage: "score the pipeline against a gold brat corpus",
		Description: "Annotates each gold document in memory, with entities from the shipped tagger unless\n" +
			"--rules-only or --model says otherwise, and prints strict precision, recall and F1:\n" +
			"a span counts when its offsets and label equal a gold span's; an edge counts when its type\n" +
			"and both endpoint spans equal a gold relation's or event argument's.",
		Subcommands: []*cli.Command{
			{
				Name:  "ner",
				Usage: "score entities per label and micro-averaged",
				Flags: append([]cli.Flag{goldFlag, splitFlag, jsonFlag, workersFlag,
					&cli.BoolFlag{Name: "coarse", Usage: "score in the coarse labels MATERIAL, OPERATION, VALUE, APPARATUS (always on for corpora not labelled as MSPT)"}},
					taggerFlags...),
				Action: func(c *cli.Context) error {
					cfg, err := evalConfig(c)
					if err != nil {
						return err
					}
					cfg.Coarse = c.Bool("coarse")
					res, err := evaluate.NER(c.Context, cfg)
					if err != nil {
						return err
					}
					return printEval(c, res, "label")
				},
			},
			{
				Name:  "graph",
				Usage: "score graph edges per relation type and micro-averaged",
				Flags: append([]cli.Flag{goldFlag, splitFlag, jsonFlag, workersFlag,
					&cli.BoolFlag{Name: "gold-entities", Usage: "build graphs from the gold entities, to score the graph rules alone"}},
					taggerFlags...),
				Action: func(c *cli.Context) error {
					if c.Bool("gold-entities") && (c.Bool("rules-only") || c.IsSet("model")) {
						return usagef("--gold-entities builds graphs from the gold entities; --rules-only and --model do not apply")
					}
					cfg, err := evalConfig(c)
					if err != nil {
						return err
					}
					cfg.GoldEntities = c.Bool("gold-entities")
					res, err := evaluate.Graph(c.Context, cfg)
					if err != nil {
						return err
					}
					return printEval(c, res, "relation")
				},
			},
		},
	}
}

// evalConfig checks the common flags and returns the evaluation settings;
// entities come from the tagger that --rules-only and --model choose, as in
// annotate.
func evalConfig(c *cli.Context) (evaluate.Config, error) {
	if err := requireFlags(c, "gold"); err != nil {
		return evaluate.Config{}, err
	}
	if err := checkWorkers(c); err != nil {
		return evaluate.Config{}, err
	}
	tagger, err := entityTagger(c)
	if err != nil {
		return evaluate.Config{}, err
	}
	return evaluate.Config{Gold: c.String("gold"), Split: c.String("split"), Workers: c.Int("workers"), Tagger: tagger}, nil
}

func printEval(c *cli.Context, res evaluate.Result, header string) error {
	w := c.App.Writer
	fmt.Fprintf(w, "%s on %s", res.Task, res.Gold)
	if res.Split != "" {
		fmt.Fprintf(w, " (split %s)", res.Split)
	}
	fmt.Fprintf(w, ": %d documents\n", res.Documents)
	fmt.Fprintf(w, "entities from %s\n\n", res.Entities)
	if res.Labels == "coarse" {
		fmt.Fprintf(w, "labels mapped to MATERIAL, OPERATION, VALUE (a number with its unit) and APPARATUS\n\n")
	}
	if err := res.Scores.WriteTable(w, header); err != nil {
		return err
	}
	if len(res.Dropped) > 0 {
		parts := make([]string, 0, len(res.Dropped))
		for _, l := range res.DroppedLabels() {
			parts = append(parts, fmt.Sprintf("%s %d", l, res.Dropped[l]))
		}
		fmt.Fprintf(w, "\ngold spans the mapping leaves out: %s\n", strings.Join(parts, ", "))
	}
	if path := c.String("json"); path != "" {
		data, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		if err := rundir.WriteFileAtomic(path, append(data, '\n')); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nscores written to %s\n", path)
	}
	return nil
}
