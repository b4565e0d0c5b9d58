package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/ner/lexicon"
)

func lexiconCommand() *cli.Command {
	return &cli.Command{
		Name:  "lexicon",
		Usage: "build the material, operation and apparatus lexicons",
		Subcommands: []*cli.Command{{
			Name:  "build",
			Usage: "derive the lexicons from the Ceder-group text-mined synthesis dataset",
			Description: "Reads solid-state_dataset_2019-12-03.json.gz and sol-gel_dataset_20200713.json.gz from --data\n" +
				"and writes the lexicon tables to --out. The lexicons shipped in the binary are made with\n" +
				"`litmine lexicon build --data ../shared/data/text-mined-synthesis --out ner/lexicon/data`.",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "data", Usage: "`DIR` holding the text-mined synthesis .json.gz files (required)"},
				&cli.StringFlag{Name: "out", Usage: "`DIR` to write the lexicon tables to (required)"},
			},
			Action: func(c *cli.Context) error {
				if err := requireFlags(c, "data", "out"); err != nil {
					return err
				}
				if err := lexicon.Generate(c.String("data"), c.String("out")); err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "lexicons written to %s\n", c.String("out"))
				return nil
			},
		}},
	}
}
