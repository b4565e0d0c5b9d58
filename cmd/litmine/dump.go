package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/table"
)

func dumpCommand() *cli.Command {
	return &cli.Command{
		Name:      "dump",
		Usage:     "print Parquet tables as JSON lines",
		ArgsUsage: "FILE.parquet|TABLE_DIR...",
		Description: "Prints each row as a JSON object on its own line. A folder argument, such as RUN/entities,\n" +
			"prints all its part files in order. A file inside a run directory is first checked against\n" +
			"the SHA-256 the run's manifest recorded for it.",
		Flags: []cli.Flag{&cli.BoolFlag{Name: "schema", Usage: "print the schema of each file (column names and types) instead of its rows"}},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("dump needs at least one Parquet file or table folder")
			}
			for _, arg := range c.Args().Slice() {
				files, err := dumpFiles(arg)
				if err != nil {
					return err
				}
				for _, f := range files {
					if err := dumpFile(c, f); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}

// dumpFiles returns the Parquet files an argument names: the file itself, or
// the part files of a table folder in order.
func dumpFiles(arg string) ([]string, error) {
	st, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("dump %s: %w", arg, err)
	}
	if !st.IsDir() {
		return []string{arg}, nil
	}
	files, _ := filepath.Glob(filepath.Join(arg, "*.parquet"))
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("dump %s: no .parquet files in this folder; give a table folder such as RUN/entities", arg)
	}
	return files, nil
}

func dumpFile(c *cli.Context, path string) error {
	if err := verifyInRun(path); err != nil {
		return err
	}
	if !c.Bool("schema") {
		return table.Dump(path, c.App.Writer)
	}
	s, err := table.Schema(path)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.App.Writer, "%s: %s\n", path, s)
	return err
}

// verifyInRun checks a table file against the manifest of the run directory
// it belongs to, when it belongs to one and the manifest records it.
func verifyInRun(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	dir := filepath.Dir(filepath.Dir(abs))
	data, err := os.ReadFile(filepath.Join(dir, rundir.ManifestName))
	if err != nil {
		return nil // not in a run directory
	}
	var m rundir.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("dump %s: the run's %s is damaged: %w", path, rundir.ManifestName, err)
	}
	rel, _ := filepath.Rel(dir, abs)
	rel = filepath.ToSlash(rel)
	for _, s := range m.Stages {
		for _, sh := range s.Shards {
			for _, f := range sh.Files {
				if f.Path == rel {
					return rundir.FileRecord{Path: abs, Rows: f.Rows, SHA256: f.SHA256}.Verify()
				}
			}
		}
	}
	return nil
}
