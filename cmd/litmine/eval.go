package main

import (
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/internal/evaluate"
	"github.com/litmine/litmine/internal/rundir"
)

func evalCommand() *cli.Command {
	goldFlag := &cli.StringFlag{Name: "gold", Usage: "folder of brat .txt and .ann files with the gold annotations (required)"}
	splitFlag := &cli.StringFlag{Name: "split", Usage: "`FILE` listing the document names to score, one per line (default: all)"}
	jsonFlag := &cli.StringFlag{Name: "json", Usage: "also write the scores as JSON to `FILE`"}
	return &cli.Command{
		Name:  "eval",
		Usage: "score the pipeline against a gold brat corpus",
		Description: "Annotates each gold document in memory and prints strict precision, recall and F1:\n" +
			"a span counts when its offsets and label equal a gold span's; an edge counts when its type\n" +
			"and both endpoint spans equal a gold relation's or event argument's.",
		Subcommands: []*cli.Command{
			{
				Name:  "ner",
				Usage: "score entities per label and micro-averaged",
				Flags: []cli.Flag{goldFlag, splitFlag, jsonFlag, workersFlag},
				Action: func(c *cli.Context) error {
					if err := requireFlags(c, "gold"); err != nil {
						return err
					}
					res, err := evaluate.NER(c.Context, evalConfig(c))
					if err != nil {
						return err
					}
					return printEval(c, res, "label")
				},
			},
			{
				Name:  "graph",
				Usage: "score graph edges per relation type and micro-averaged",
				Flags: []cli.Flag{goldFlag, splitFlag, jsonFlag, workersFlag,
					&cli.BoolFlag{Name: "gold-entities", Usage: "build graphs from the gold entities, to score the graph rules alone"}},
				Action: func(c *cli.Context) error {
					if err := requireFlags(c, "gold"); err != nil {
						return err
					}
					cfg := evalConfig(c)
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

func evalConfig(c *cli.Context) evaluate.Config {
	return evaluate.Config{Gold: c.String("gold"), Split: c.String("split"), Workers: c.Int("workers")}
}

func printEval(c *cli.Context, res evaluate.Result, header string) error {
	w := c.App.Writer
	fmt.Fprintf(w, "%s on %s", res.Task, res.Gold)
	if res.Split != "" {
		fmt.Fprintf(w, " (split %s)", res.Split)
	}
	fmt.Fprintf(w, ": %d documents\n\n", res.Documents)
	if err := res.Scores.WriteTable(w, header); err != nil {
		return err
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
