package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/graph"
	"github.com/litmine/litmine/internal/rundir"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "write a run's annotations in other formats",
		Subcommands: []*cli.Command{{
			Name:      "brat",
			Usage:     "write each document as a brat .txt and .ann pair",
			ArgsUsage: "RUN",
			Description: "Writes entities as text-bound annotations, operations as events with their role edges as\n" +
				"arguments, and the other graph edges as relations, one file pair per document. File names are\n" +
				"derived from the doc_id so that they are safe on every file system; index.tsv maps them back.",
			Flags: []cli.Flag{&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "`DIR` to write the files to (required)"}},
			Action: func(c *cli.Context) error {
				if err := requireFlags(c, "out"); err != nil {
					return err
				}
				dir, err := runArg(c)
				if err != nil {
					return err
				}
				return withExistingRun(dir, func(r *rundir.Run) error {
					st, err := graph.ExportBrat(r, c.String("out"))
					if err != nil {
						return err
					}
					fmt.Fprintf(c.App.Writer, "exported %d documents (%d entities, %d edges) to %s; index.tsv maps doc_id to file\n",
						st.Documents, st.Entities, st.Edges, c.String("out"))
					if st.Skipped > 0 {
						fmt.Fprintf(c.App.Writer, "  %d entities spanning a line break were left out\n", st.Skipped)
					}
					return nil
				})
			},
		}},
	}
}
