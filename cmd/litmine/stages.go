package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/graph"
	"github.com/litmine/litmine/ingest"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/ner"
	"github.com/litmine/litmine/ner/tagger"
)

var (
	outFlag     = &cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "run `DIR` to write the tables to, created if missing (required)"}
	forceFlag   = &cli.BoolFlag{Name: "force", Usage: "redo stages that the run directory already has done, replacing their tables"}
	workersFlag = &cli.IntFlag{Name: "workers", Aliases: []string{"j"}, Usage: "`N` documents processed at once (0: one per CPU core)"}
	formatFlag  = &cli.StringFlag{Name: "format", Value: "auto", Usage: "input `FORMAT`: auto (detect from content and name), text, brat, jats, s2orc, html, markdown, pdf or webanno"}
	shardFlag   = &cli.IntFlag{Name: "shard-docs", Value: ingest.DefaultShardDocuments, Usage: "`N` documents per output shard file"}
	failFlag    = &cli.BoolFlag{Name: "fail-on-error", Usage: "stop at the first rejected record instead of skipping it"}
	maxFileFlag = &cli.Int64Flag{Name: "max-file-bytes", Usage: "largest input file or archive to read, in `BYTES` after decompression (0: 4 GiB)"}
	limitFlags  = []cli.Flag{
		&cli.Int64Flag{Name: "max-record-bytes", Usage: "largest whole-file record (text, brat, JATS, extracted PDF text) in `BYTES` (0: 64 MiB)"},
		&cli.Int64Flag{Name: "max-line-bytes", Usage: "longest JSON line in `BYTES` (0: 16 MiB)"},
		&cli.IntFlag{Name: "max-archive-entries", Usage: "most entries read from one archive, `N` (0: 100,000)"},
		&cli.DurationFlag{Name: "pdf-timeout", Usage: "longest time pdftotext may take on one PDF, as a `DURATION` such as 5m (0: 2m)"},
		&cli.StringFlag{Name: "temp-dir", Usage: "`DIR` for archive extraction and copies of standard input and PDFs (default: the system's)"},
	}
	varFlag = &cli.StringSliceFlag{Name: "var", Usage: "value of a stoichiometry variable for the materials table, as `NAME=VALUE` (repeatable), such as x=0.1"}
	// taggerFlags choose where entities come from: the shipped BiLSTM-CRF
	// tagger by default, another model file, or the rules alone.
	taggerFlags = []cli.Flag{
		&cli.BoolFlag{Name: "rules-only", Usage: "take entities from the rules alone, without the neural tagger"},
		&cli.StringFlag{Name: "model", Usage: "tagger model `FILE` (from `litmine train ner`) to use instead of the shipped one"},
	}
)

func ingestCommand() *cli.Command {
	return &cli.Command{
		Name:      "ingest",
		Usage:     "read papers into the documents and paragraphs tables",
		ArgsUsage: "SRC...",
		Description: "SRC can be files, directories (read recursively; README and LICENSE files are skipped),\n" +
			".gz files, .zip/.tar.gz/.tar archives, and - for standard input. Formats: plain text, brat (.txt\n" +
			"with .ann; the annotations go to gold_entities and gold_relations), WebAnno TSV (its annotations\n" +
			"too), JATS XML, publisher HTML pages, Markdown, PDF (needs pdftotext from poppler-utils), and\n" +
			"JSON lines of unarXive/S2ORC papers or arXiv metadata records.",
		Flags: append([]cli.Flag{outFlag, formatFlag, shardFlag, failFlag, maxFileFlag, forceFlag, workersFlag}, limitFlags...),
		Action: func(c *cli.Context) error {
			cfg, err := ingestConfig(c)
			if err != nil {
				return err
			}
			e := newEnv(c)
			return withRun(c.String("out"), func(r *rundir.Run) error {
				cfg.Logger, cfg.Progress = e.logger, e.progress
				st, err := ingest.Run(c.Context, r, cfg)
				if err == nil {
					printIngest(e.stdout, st)
				}
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
	if c.Int("shard-docs") < 1 {
		return ingest.Config{}, usagef("--shard-docs must be at least 1, got %d", c.Int("shard-docs"))
	}
	for _, name := range []string{"max-file-bytes", "max-record-bytes", "max-line-bytes"} {
		if c.Int64(name) < 0 {
			return ingest.Config{}, usagef("--%s must not be negative, got %d", name, c.Int64(name))
		}
	}
	if c.Int("max-archive-entries") < 0 || c.Duration("pdf-timeout") < 0 {
		return ingest.Config{}, usagef("--max-archive-entries and --pdf-timeout must not be negative")
	}
	if err := checkWorkers(c); err != nil {
		return ingest.Config{}, err
	}
	for _, in := range c.Args().Slice() {
		if _, err := os.Stat(in); in != "-" && err != nil {
			return ingest.Config{}, fmt.Errorf("input %s: %w", in, err)
		}
	}
	if dir := c.String("temp-dir"); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return ingest.Config{}, usagef("--temp-dir %s is not an existing folder", dir)
		}
	}
	return ingest.Config{
		Inputs: c.Args().Slice(),
		Read: ingest.ReadConfig{
			Format: format, MaxFileBytes: c.Int64("max-file-bytes"), MaxRecordBytes: c.Int64("max-record-bytes"),
			MaxLineBytes: c.Int64("max-line-bytes"), MaxArchiveEntries: c.Int("max-archive-entries"),
			PDFTimeout: c.Duration("pdf-timeout"), TempDir: c.String("temp-dir"),
		},
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
		Description: "Reads the paragraphs table of RUN, which `litmine ingest` wrote, and writes the sentences,\n" +
			"entities and materials tables. Entities come from the shipped BiLSTM-CRF tagger, which reads the\n" +
			"rules' entities as features; --rules-only takes them from the rules alone and --model from another\n" +
			"tagger model file. --var sets stoichiometry variables in the materials table; changing them, or\n" +
			"the entity model, later needs --force.",
		Flags: append([]cli.Flag{varFlag, forceFlag, workersFlag}, taggerFlags...),
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
			return withExistingRun(dir, func(r *rundir.Run) error {
				cfg.Logger, cfg.Progress = e.logger, e.progress
				st, err := ner.Run(c.Context, r, cfg)
				if err == nil {
					printAnnotate(e.stdout, st)
				}
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
	if err := checkWorkers(c); err != nil {
		return ner.Config{}, err
	}
	tagger, err := entityTagger(c)
	if err != nil {
		return ner.Config{}, err
	}
	return ner.Config{Workers: c.Int("workers"), Vars: vars, Tagger: tagger, Force: c.Bool("force")}, nil
}

// entityTagger returns the tagger that --rules-only and --model choose:
// nil for the rules alone, a model file, or the shipped model.
func entityTagger(c *cli.Context) (ner.Tagger, error) {
	if c.Bool("rules-only") {
		if c.String("model") != "" {
			return nil, usagef("--rules-only and --model exclude each other")
		}
		return nil, nil
	}
	if path := c.String("model"); path != "" {
		return tagger.Load(path)
	}
	return tagger.Default()
}

func graphCommand() *cli.Command {
	return &cli.Command{
		Name:      "graph",
		Usage:     "build the synthesis graph of each paragraph",
		ArgsUsage: "RUN",
		Description: "Reads the sentences and entities tables of RUN, which `litmine annotate` wrote, and writes\n" +
			"the graph_nodes and graph_edges tables.",
		Flags: []cli.Flag{forceFlag, workersFlag},
		Action: func(c *cli.Context) error {
			dir, err := runArg(c)
			if err != nil {
				return err
			}
			if err := checkWorkers(c); err != nil {
				return err
			}
			e := newEnv(c)
			return withExistingRun(dir, func(r *rundir.Run) error {
				st, err := graph.Run(c.Context, r, graph.Config{Workers: c.Int("workers"), Force: c.Bool("force"),
					Logger: e.logger, Progress: e.progress})
				if err == nil {
					printGraph(e.stdout, st)
				}
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
		Flags:     append(append([]cli.Flag{outFlag, formatFlag, shardFlag, failFlag, maxFileFlag, varFlag, forceFlag, workersFlag}, taggerFlags...), limitFlags...),
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

// withRun opens the run directory, creating it when missing, calls fn and
// closes it.
func withRun(dir string, fn func(*rundir.Run) error) error {
	r, err := rundir.Open(dir, version)
	if err != nil {
		return err
	}
	defer r.Close()
	return fn(r)
}

// withExistingRun opens a run directory that must exist, calls fn and
// closes it.
func withExistingRun(dir string, fn func(*rundir.Run) error) error {
	r, err := rundir.OpenExisting(dir, version)
	if err != nil {
		return err
	}
	defer r.Close()
	return fn(r)
}

// checkWorkers rejects a negative --workers.
func checkWorkers(c *cli.Context) error {
	if n := c.Int("workers"); n < 0 {
		return usagef("--workers must be 0 (one per CPU core) or more, got %d", n)
	}
	return nil
}

func runArg(c *cli.Context) (string, error) {
	if c.NArg() != 1 {
		return "", usagef("%s needs exactly one run directory, got %d arguments", c.Command.Name, c.NArg())
	}
	return c.Args().First(), nil
}

// parseVars parses NAME=VALUE pairs of --var. A name is one lower-case
// Latin or Greek letter, as formulas write variables, and a value is a
// finite number.
func parseVars(pairs []string) (map[string]float64, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	vars := map[string]float64{}
	for _, p := range pairs {
		name, value, ok := strings.Cut(p, "=")
		name = strings.TrimSpace(name)
		r, size := utf8.DecodeRuneInString(name)
		if !ok || name == "" || size != len(name) || !unicode.IsLower(r) {
			return nil, usagef("invalid --var %q: want NAME=VALUE with a one-letter lower-case name, such as x=0.1", p)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, usagef("invalid --var %q: %q is not a finite number", p, value)
		}
		vars[name] = v
	}
	return vars, nil
}
