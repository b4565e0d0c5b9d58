package ingest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// ErrLinkNotFollowed is wrapped in the Problem for a symbolic link in an
// input folder that the walk does not follow: its target is outside the
// folder or absolute, since os.Root follows only relative links that stay
// inside.
var ErrLinkNotFollowed = errors.New("symbolic link not followed")

// Input is one source of documents: a file, or a brat .txt file with the
// .ann file that annotates it.
type Input struct {
	Path    string // the file to read, or StdinPath
	AnnPath string // the brat .ann file of Path; empty for other inputs

	// Root is the input folder that the walk found Path in, as given to
	// Walk or Inputs. ReadInput opens Path and AnnPath through an os.Root of
	// it, so a symbolic link cannot lead the read outside it. Root is empty
	// for a file named in paths, which is opened as it is.
	Root string
}

// Inputs lists the inputs that Walk reads under paths, in the order Walk
// reads them, so that a caller can split them into shards and read each with
// ReadInput. Directories are listed as Walk describes; a directory below the
// top level that cannot be read is reported and skipped. StdinPath is listed
// as it is, and may be named once.
//
// A brat pair is X.txt and X.ann in the same folder (either may end in
// ".gz"), listed once as Input{Path: X.txt, AnnPath: X.ann}. An .ann file
// without its .txt is listed alone and ReadInput reports it. An .ann file
// named in paths is read through its .txt once, even when the .txt is named
// too. Any other file named twice is listed twice. With ReadConfig.Format set
// to a format other than FormatAuto or FormatBrat, .txt files are not paired.
//
// A folder named in paths is opened as an os.Root, and its entries are
// listed and checked through it. A symbolic link to a file inside the folder
// is followed. A link whose target is outside the folder or absolute is
// reported with ErrLinkNotFollowed, and a broken link is reported too. A link
// to a folder inside is skipped without a Problem, because the walk lists
// that folder under its own name anyway. (The exception is a folder under a
// name that starts with a dot, which the walk skips.) So a link cycle cannot
// make the walk endless.
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
	stdin := false
	for i, path := range paths {
		if path == StdinPath {
			if stdin {
				return fmt.Errorf("open input %s: standard input is named more than once", path)
			}
			stdin = true
			continue
		}
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
		switch {
		case path == StdinPath:
			err = visit(Input{Path: path})
		case infos[i].IsDir():
			err = w.walkRoot(path)
		default:
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

	root    *os.Root // the input folder being walked; nil for files named in paths
	rootDir string   // the path of root as the caller gave it
}

// walkRoot visits the inputs under the input folder dir, which it opens as
// an os.Root.
func (w walker) walkRoot(dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("read input folder %s: %w", dir, err)
	}
	defer root.Close()
	w.root, w.rootDir = root, dir
	return w.dir(".", true)
}

// path returns the path of rel, a slash-separated path in the input folder,
// as the caller would write it.
func (w walker) path(rel string) string {
	return filepath.Join(w.rootDir, filepath.FromSlash(rel))
}

// dir visits the inputs under the folder rel of the input folder, entries
// sorted by name. An unreadable folder is an error at the top level and a
// Problem below it.
func (w walker) dir(rel string, top bool) error {
	entries, err := fs.ReadDir(w.root.FS(), rel)
	if err != nil {
		if top {
			return fmt.Errorf("read input folder %s: %w", w.rootDir, err)
		}
		w.sink.problem(w.path(rel), 0, "", fmt.Errorf("read folder: %w", err))
		return nil
	}
	for _, entry := range entries {
		if err := w.entry(rel, entry); err != nil {
			return err
		}
	}
	return nil
}

// entry visits one entry of the folder dir: a subfolder, or a file with a
// name that Walk reads.
func (w walker) entry(dir string, entry fs.DirEntry) error {
	name := entry.Name()
	if strings.HasPrefix(name, ".") {
		return nil
	}
	rel := path.Join(dir, name)
	mode := entry.Type()
	if mode&fs.ModeSymlink != 0 {
		info, ok := w.followLink(rel)
		if !ok {
			return nil
		}
		mode = info.Mode().Type()
	}
	switch {
	case mode.IsDir():
		return w.dir(rel, false)
	case mode.IsRegular() && readableName(name) && !w.skipsAnn(name):
		return w.file(w.path(rel), nil)
	}
	return nil
}

// skipsAnn reports whether a walk leaves out a .ann file: when the format is
// forced to one other than brat, annotations are not read at all.
func (w walker) skipsAnn(name string) bool {
	return isAnnName(name) && w.cfg.Format != FormatAuto && w.cfg.Format != FormatBrat
}

// followLink returns what the symbolic link rel points to, and whether the
// walk follows it: only to a file inside the input folder. It reports a link
// that os.Root does not follow, and a broken link.
func (w walker) followLink(rel string) (fs.FileInfo, bool) {
	name := filepath.FromSlash(rel)
	info, err := w.root.Stat(name)
	switch {
	case err == nil:
		return info, !info.IsDir()
	case errors.Is(err, fs.ErrNotExist):
		w.sink.problem(w.path(rel), 0, "", fmt.Errorf("broken symbolic link: %w", err))
		return nil, false
	}

	target, linkErr := w.root.Readlink(name)
	_, statErr := os.Stat(w.path(rel))
	switch {
	case linkErr != nil || statErr != nil:
		// Neither a missing target nor an escape: a link loop, for one.
		w.sink.problem(w.path(rel), 0, "", fmt.Errorf("follow symbolic link: %w", err))
	case filepath.IsAbs(target):
		w.sink.problem(w.path(rel), 0, "", fmt.Errorf("%w: its target %s is absolute, and links in an input folder are followed only when they are relative and stay inside it; name the target as an input to read it",
			ErrLinkNotFollowed, target))
	default:
		w.sink.problem(w.path(rel), 0, "", fmt.Errorf("%w: its target %s is outside the input folder %s; name the target as an input to read it",
			ErrLinkNotFollowed, target, w.rootDir))
	}
	return nil, false
}

// stat returns the file information of path, following a symbolic link;
// inside an input folder, it goes through the folder's os.Root.
func (w walker) stat(path string) (fs.FileInfo, error) {
	if w.root == nil {
		return os.Stat(path)
	}
	rel, err := filepath.Rel(w.rootDir, path)
	if err != nil {
		return nil, err
	}
	return w.root.Stat(rel)
}

// file visits path. named holds the cleaned paths given to the walk; it is
// nil for files found in a directory.
func (w walker) file(path string, named map[string]bool) error {
	in, ok := w.pair(path, named)
	if !ok {
		return nil
	}
	if w.root != nil {
		in.Root = w.rootDir
	}
	return w.visit(in)
}

// pair returns the input for path, pairing brat files, and false when path
// is an .ann file that is read with its .txt file instead.
func (w walker) pair(path string, named map[string]bool) (Input, bool) {
	pairing := w.cfg.Format == FormatAuto || w.cfg.Format == FormatBrat
	switch extension(path) {
	case ".ann":
		txt := findSibling(w.stat, path, ".txt")
		if txt == "" {
			return Input{Path: path}, true
		}
		if named == nil || named[filepath.Clean(txt)] || !pairing {
			return Input{}, false
		}
		return Input{Path: txt, AnnPath: path}, true
	case ".txt":
		if pairing {
			if ann := findSibling(w.stat, path, ".ann"); ann != "" {
				return Input{Path: path, AnnPath: ann}, true
			}
		}
	}
	return Input{Path: path}, true
}

// sibling returns the file next to path with the same base name and the
// extension ext, plain or with ".gz". It returns "" when there is none.
func sibling(path, ext string) string {
	return findSibling(os.Stat, path, ext)
}

// findSibling is sibling with stat in place of os.Stat.
func findSibling(stat func(string) (fs.FileInfo, error), path, ext string) string {
	name := baseName(path)
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	for _, candidate := range []string{stem + ext, stem + ext + ".gz"} {
		full := filepath.Join(filepath.Dir(path), candidate)
		if info, err := stat(full); err == nil && info.Mode().IsRegular() {
			return full
		}
	}
	return ""
}

// readableName reports whether Walk reads a file of this name found in a
// directory: a .txt or .ann file, a file whose extension formatOfName maps to
// a format, or an archive, unless the name marks a file about the folder
// itself (see folderNotes).
func readableName(name string) bool {
	if isFolderNote(name) {
		return false
	}
	if archiveName(name) != notArchive || formatOfName(name) != FormatAuto {
		return true
	}
	switch extension(name) {
	case ".txt", ".ann":
		return true
	}
	return false
}

// folderNotes are the name stems of files that describe a folder rather
// than hold a paper: README.md, LICENSE.txt, CHANGELOG and the like. A walk
// skips them; a file named on the command line is read whatever its name.
var folderNotes = []string{"readme", "license", "licence", "changelog", "changes", "contributing", "copying", "authors", "notice"}

func isFolderNote(name string) bool {
	stem := strings.ToLower(name)
	if i := strings.IndexAny(stem, ".-_"); i >= 0 {
		stem = stem[:i]
	}
	return slices.Contains(folderNotes, stem)
}
