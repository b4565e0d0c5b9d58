package main

import (
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/graph"
	"github.com/litmine/litmine/ingest"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/ner"
)

var (
	outFlag     = &cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "run `DIR` to write the tables to, created if missing (required)"}
	forceFlag   = &cli.BoolFlag{Name: "force", Usage: "redo stages that the run directory already has done, replacing their tables"}
	workersFlag = &cli.IntFlag{Name: "workers", Aliases: []string{"j"}, Usage: "documents processed at once (0: one per CPU core)"}
	formatFlag  = &cli.StringFlag{Name: "format", Value: "auto", Usage: "input `FORMAT`: auto (detect from content), text, brat, jats or s2orc"}
	shardFlag   = &cli.IntFlag{Name: "shard-docs", Value: ingest.DefaultShardDocuments, Usage: "documents per output shard file"}
	failFlag    = &cli.BoolFlag{Name: "fail-on-error", Usage: "stop at the first rejected record instead of skipping it"}
	maxFileFlag = &cli.Int64Flag{Name: "max-file-bytes", Usage: "largest input file to read, in bytes after decompression (0: 4 GiB)"}
	varFlag     = &cli.StringSliceFlag{Name: "var", Usage: "value of a stoichiometry variable for the materials table, as `NAME=VALUE` (repeatable), such as x=0.1"}
)

func ingestCommand() *cli.Command {
	return &cli.Command{
		Name:      "ingest",
		Usage:     "read papers into the documents and paragraphs tables",
		ArgsUsage: "SRC...",
		Description: "SRC can be files, directories (read recursively) and .gz files. Formats: plain text, brat\n" +
			"(.txt with .ann; the annotations go to gold_entities and gold_relations), JATS XML, and\n" +
			"unarXive/S2ORC JSON lines.",
		Flags: []cli.Flag{outFlag, formatFlag, shardFlag, failFlag, maxFileFlag, forceFlag, workersFlag},
		Action: func(c *cli.Context) error {
			cfg, err := ingestConfig(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			return withRun(c.String("out"), func(r *rundir.Run) error {
				cfg.Logger, cfg.Progress = e.logger, e.progress
				st, err := ingest.Run(c.Context, r, cfg)
				printIngest(e.stdout, st)
				return err
			})
		},
	}
}

// requireFlags returns a usage error naming the first listed flag that is
// not set.
func requireFlags(c *cli.Context, names ...string) error {
	for _, n := range names {
		if !c.IsSet(n) || c.String(n) == "" {
			return usagef("%s needs --%s", c.Command.FullName(), n)
		}
	}
	return nil
}

func ingestConfig(c *cli.Context) (ingest.Config, error) {
	if err := requireFlags(c, "out"); err != nil {
		return ingest.Config{}, err
	}
	if c.NArg() == 0 {
		return ingest.Config{}, usagef("%s needs at least one input path", c.Command.Name)
	}
	format, err := ingest.ParseFormat(c.String("format"))
	if err != nil {
		return ingest.Config{}, usageError{err}
	}
	return ingest.Config{
		Inputs:         c.Args().Slice(),
		Read:           ingest.ReadConfig{Format: format, MaxFileBytes: c.Int64("max-file-bytes")},
		ShardDocuments: c.Int("shard-docs"),
		Workers:        c.Int("workers"),
		FailOnError:    c.Bool("fail-on-error"),
		Force:          c.Bool("force"),
	}, nil
}

func annotateCommand() *cli.Command {
	return &cli.Command{
		Name:      "annotate",
		Usage:     "find sentences, tokens, POS tags, entities and material compositions",
		ArgsUsage: "RUN",
		Flags:     []cli.Flag{varFlag, forceFlag, workersFlag},
		Action: func(c *cli.Context) error {
			dir, err := runArg(c)
			if err != nil {
				return err
			}
			cfg, err := annotateConfig(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			return withRun(dir, func(r *rundir.Run) error {
				cfg.Logger, cfg.Progress = e.logger, e.progress
				st, err := ner.Run(c.Context, r, cfg)
				printAnnotate(e.stdout, st)
				return err
			})
		},
	}
}

func annotateConfig(c *cli.Context) (ner.Config, error) {
	vars, err := parseVars(c.StringSlice("var"))
	if err != nil {
		return ner.Config{}, err
	}
	return ner.Config{Workers: c.Int("workers"), Vars: vars, Force: c.Bool("force")}, nil
}

func graphCommand() *cli.Command {
	return &cli.Command{
		Name:      "graph",
		Usage:     "build the synthesis graph of each paragraph",
		ArgsUsage: "RUN",
		Flags:     []cli.Flag{forceFlag, workersFlag},
		Action: func(c *cli.Context) error {
			dir, err := runArg(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			return withRun(dir, func(r *rundir.Run) error {
				st, err := graph.Run(c.Context, r, graph.Config{Workers: c.Int("workers"), Force: c.Bool("force"),
					Logger: e.logger, Progress: e.progress})
				printGraph(e.stdout, st)
				return err
			})
		},
	}
}

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "ingest, annotate and graph in one go",
		ArgsUsage: "SRC...",
		Flags:     []cli.Flag{outFlag, formatFlag, shardFlag, failFlag, maxFileFlag, varFlag, forceFlag, workersFlag},
		Action: func(c *cli.Context) error {
			icfg, err := ingestConfig(c)
			if err != nil {
				return err
			}
			acfg, err := annotateConfig(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			return withRun(c.String("out"), func(r *rundir.Run) error {
				icfg.Logger, icfg.Progress = e.logger, e.progress
				acfg.Logger, acfg.Progress = e.logger, e.progress
				ist, err := ingest.Run(c.Context, r, icfg)
				if err != nil {
					printIngest(e.stdout, ist)
					return err
				}
				ast, err := ner.Run(c.Context, r, acfg)
				if err != nil {
					return err
				}
				gst, err := graph.Run(c.Context, r, graph.Config{Workers: c.Int("workers"), Force: c.Bool("force"),
					Logger: e.logger, Progress: e.progress})
				if err != nil {
					return err
				}
				printSummary(e.stdout, r.Dir, ist, ast, gst)
				return nil
			})
		},
	}
}

// withRun opens the run directory, calls fn and closes it.
func withRun(dir string, fn func(*rundir.Run) error) error {
	r, err := rundir.Open(dir, version)
	if err != nil {
		return err
	}
	defer r.Close()
	return fn(r)
}

func runArg(c *cli.Context) (string, error) {
	if c.NArg() != 1 {
		return "", usagef("%s needs exactly one run directory, got %d arguments", c.Command.Name, c.NArg())
	}
	return c.Args().First(), nil
}

// parseVars parses NAME=VALUE pairs of --var.
func parseVars(pairs []string) (map[string]float64, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	vars := map[string]float64{}
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usagef("invalid --var %q: want NAME=VALUE, such as x=0.1", p)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			return nil, usagef("invalid --var %q: %q is not a number", p, value)
		}
		vars[name] = v
	}
	return vars, nil
}
