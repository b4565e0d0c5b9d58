package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/internal/table"
)

func dumpCommand() *cli.Command {
	return &cli.Command{
		Name:      "dump",
		Usage:     "print Parquet tables as JSON lines",
		ArgsUsage: "FILE.parquet|TABLE_DIR...",
		Description: "Prints the schema of each file on one line, then each row as a JSON object. A folder\n" +
			"argument, such as RUN/entities, prints all its part files in order.",
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("dump needs at least one Parquet file or table folder")
			}
			for _, arg := range c.Args().Slice() {
				files := []string{arg}
				if st, err := os.Stat(arg); err == nil && st.IsDir() {
					files, _ = filepath.Glob(filepath.Join(arg, "*.parquet"))
					sort.Strings(files)
					if len(files) == 0 {
						return fmt.Errorf("dump %s: no .parquet files in this folder; give a table folder such as RUN/entities", arg)
					}
				}
				for _, f := range files {
					if err := table.Dump(f, c.App.Writer); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}
