package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is one source of documents: a file, or a brat .txt file with the
// .ann file that annotates it.
type Input struct {
	Path    string // the file to read
	AnnPath string // the brat .ann file of Path; empty for other inputs
}

// Inputs lists the inputs that Walk reads under paths, in the order Walk
// reads them, so that a caller can split them into shards and read each with
// ReadInput. Directories are listed as Walk describes; a directory below the
// top level that cannot be read is reported and skipped.
//
// A brat pair is X.txt and X.ann in the same folder (either may end in
// ".gz"), listed once as Input{Path: X.txt, AnnPath: X.ann}. An .ann file
// without its .txt is listed alone and ReadInput reports it. An .ann file
// named in paths is read through its .txt once, even when the .txt is named
// too. Any other file named twice is listed twice. With ReadConfig.Format set
// to a format other than FormatAuto or FormatBrat, .txt files are not paired.
//
// Inputs returns an error naming the first path in paths that cannot be
// opened.
func Inputs(paths []string, cfg ReadConfig, report func(Problem)) ([]Input, error) {
	var inputs []Input
	err := walkInputs(paths, cfg, func(in Input) error {
		inputs = append(inputs, in)
		return nil
	}, report)
	return inputs, err
}

// walkInputs calls visit for each input under paths, in Walk's order, and
// returns the first error of visit.
func walkInputs(paths []string, cfg ReadConfig, visit func(Input) error, report func(Problem)) error {
	named := make(map[string]bool, len(paths))
	infos := make([]fs.FileInfo, len(paths))
	for i, path := range paths {
		info, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("open input %s: %w", path, err)
		}
		infos[i] = info
		named[filepath.Clean(path)] = true
	}

	w := walker{cfg: cfg, visit: visit, sink: sink{report: report}}
	for i, path := range paths {
		var err error
		if infos[i].IsDir() {
			err = w.dir(path, true)
		} else {
			err = w.file(path, named)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// walker lists the inputs of a directory tree.
type walker struct {
	cfg   ReadConfig
	visit func(Input) error
	sink  sink
}

// dir visits the inputs under dir, entries sorted by name. An unreadable
// directory is an error at the top level and a Problem below it.
func (w walker) dir(dir string, top bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if top {
			return fmt.Errorf("read input folder %s: %w", dir, err)
		}
		w.sink.problem(dir, 0, "", fmt.Errorf("read folder: %w", err))
		return nil
	}
	for _, entry := range entries {
		if err := w.entry(dir, entry); err != nil {
			return err
		}
	}
	return nil
}

// entry visits one directory entry: a subdirectory, or a file with a name
// that Walk reads.
func (w walker) entry(dir string, entry fs.DirEntry) error {
	name := entry.Name()
	if strings.HasPrefix(name, ".") {
		return nil
	}
	path := filepath.Join(dir, name)
	mode := entry.Type()
	if mode&fs.ModeSymlink != 0 {
		// Links to directories are not followed, so that a link cycle cannot
		// make the walk endless.
		info, err := os.Stat(path)
		if err != nil || info.IsDir() {
			return nil
		}
		mode = info.Mode().Type()
	}
	switch {
	case mode.IsDir():
		return w.dir(path, false)
	case mode.IsRegular() && readableName(name):
		return w.file(path, nil)
	}
	return nil
}

// file visits path. named holds the cleaned paths given to the walk; it is
// nil for files found in a directory.
func (w walker) file(path string, named map[string]bool) error {
	in, ok := w.pair(path, named)
	if !ok {
		return nil
	}
	return w.visit(in)
}

// pair returns the input for path, pairing brat files, and false when path
// is an .ann file that is read with its .txt file instead.
func (w walker) pair(path string, named map[string]bool) (Input, bool) {
	pairing := w.cfg.Format == FormatAuto || w.cfg.Format == FormatBrat
	switch extension(path) {
	case ".ann":
		txt := sibling(path, ".txt")
		if txt == "" {
			return Input{Path: path}, true
		}
		if named == nil || named[filepath.Clean(txt)] || !pairing {
			return Input{}, false
		}
		return Input{Path: txt, AnnPath: path}, true
	case ".txt":
		if pairing {
			if ann := sibling(path, ".ann"); ann != "" {
				return Input{Path: path, AnnPath: ann}, true
			}
		}
	}
	return Input{Path: path}, true
}

// sibling returns the file next to path with the same base name and the
// extension ext, plain or with ".gz". It returns "" when there is none.
func sibling(path, ext string) string {
	name := baseName(path)
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	for _, candidate := range []string{stem + ext, stem + ext + ".gz"} {
		full := filepath.Join(filepath.Dir(path), candidate)
		if info, err := os.Stat(full); err == nil && info.Mode().IsRegular() {
			return full
		}
	}
	return ""
}

// readableName reports whether Walk reads a file of this name found in a
// directory.
func readableName(name string) bool {
	switch extension(name) {
	case ".txt", ".ann", ".xml", ".nxml", ".json", ".jsonl", ".ndjson":
		return true
	}
	return false
}
