// Command litmine mines science papers into Parquet tables: documents and
// paragraphs, sentences with tokens and part-of-speech tags, materials
// entities and compositions, and materials-synthesis graphs.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/litmine/litmine/internal/batchgc"
	"github.com/litmine/litmine/internal/progress"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// Exit codes.
const (
	exitOK          = 0
	exitError       = 1
	exitUsage       = 2
	exitInterrupted = 130 // as shells report a command stopped by Ctrl-C
)

func main() {
	batchgc.Configure()
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit code. Tests call
// it directly.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(stdout, stderr)
	args, err := interspersed(app, args)
	if err == nil {
		err = app.RunContext(ctx, args)
	}
	if err == nil {
		return exitOK
	}
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "litmine: %v\n", err)
		fmt.Fprintf(stderr, "run `litmine --help` or `litmine COMMAND --help` for usage\n")
		return exitUsage
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "litmine: interrupted (%v); the run directory keeps every committed shard, so the same command resumes the work\n", err)
		return exitInterrupted
	}
	fmt.Fprintf(stderr, "litmine: %v\n", err)
	return exitError
}

// usageError marks an error in the command line itself.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func init() {
	// urfave/cli gives --version the alias -v, which --verbose needs.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version"}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:    "litmine",
		Usage:   "mine materials-synthesis papers into Parquet tables",
		Version: version,
		Writer:  stdout, ErrWriter: stderr,
		Description: "litmine reads papers (plain text, brat, WebAnno TSV, JATS XML, publisher HTML, Markdown, PDF,\n" +
			"unarXive/S2ORC and arXiv-metadata JSON lines; in folders, .gz files and archives), finds sentences,\n" +
			"tokens, part-of-speech tags, materials entities and synthesis graphs, and writes each result as\n" +
			"Parquet tables in a run directory. `litmine run SRC... --out RUN` does it all.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "log debug messages"},
			&cli.BoolFlag{Name: "log-json", Usage: "write log messages as JSON lines"},
			&cli.BoolFlag{Name: "no-progress", Usage: "never draw a progress bar; log progress lines instead"},
			&cli.StringFlag{Name: "cpu-profile", Usage: "write a CPU profile of the command to `FILE` (for go tool pprof)"},
			&cli.StringFlag{Name: "mem-profile", Usage: "write a heap profile to `FILE` when the command ends"},
		},
		Before: startProfiles,
		After:  stopProfiles,
		Commands: []*cli.Command{
			ingestCommand(), annotateCommand(), graphCommand(), runCommand(), evalCommand(), exportCommand(), lexiconCommand(), dumpCommand(), trainCommand(),
		},
		OnUsageError: onUsageError,
		ExitErrHandler: func(*cli.Context, error) {
			// Errors are printed and mapped to exit codes by run.
		},
	}
	setUsageErrorHandler(app.Commands)
	return app
}

// onUsageError turns a flag that does not parse into a usage error, which
// run reports with exit code 2 instead of printing the whole help.
func onUsageError(_ *cli.Context, err error, _ bool) error { return usageError{err} }

func setUsageErrorHandler(commands []*cli.Command) {
	for _, c := range commands {
		c.OnUsageError = onUsageError
		setUsageErrorHandler(c.Subcommands)
	}
}

// env holds the logger, progress sink and output that the global flags set up for a command.
type env struct {
	logger   *slog.Logger
	progress progress.Func
	bar      bool // progress draws a bar on a terminal instead of logging
	stdout   io.Writer
}

func newEnv(c *cli.Context) env {
	stderr := c.App.ErrWriter
	level := slog.LevelInfo
	if c.Bool("verbose") {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	var handler slog.Handler = slog.NewTextHandler(stderr, opts)
	if c.Bool("log-json") {
		handler = slog.NewJSONHandler(stderr, opts)
	}
	logger := slog.New(handler)
	e := env{logger: logger, progress: progress.Log(logger, 10*time.Second), stdout: c.App.Writer}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) && !c.Bool("no-progress") && !c.Bool("log-json") {
		e.progress, e.bar = progress.Bar(stderr), true
	}
	return e
}
