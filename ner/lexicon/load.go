package lexicon

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// ErrMalformed is wrapped by every ParseError: a line of a table that Load
// cannot read.
var ErrMalformed = errors.New("malformed line")

// ParseError is an error at one line of a table file. Line is 1-based, and
// 0 means the error concerns the whole file.
type ParseError struct {
	File string // path of the file in the fs.FS passed to Load
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Load reads the tables that Write wrote to dir of fsys, each either plain
// or as a ".gz" file. Sources come from the comment line of the materials
// table. A line that does not parse gives a *ParseError that wraps
// ErrMalformed and names the file and line, such as
// "data/operations.tsv:7: malformed line: got 3 fields, want 4".
func Load(fsys fs.FS, dir string) (*Lexicon, error) {
	l := &Lexicon{}
	var err error
	if l.Sources, err = loadTable(fsys, dir, MaterialsFile, materialColumns, l.addMaterialRow()); err != nil {
		return nil, err
	}
	if _, err = loadTable(fsys, dir, OperationsFile, operationColumns, l.addOperationRow()); err != nil {
		return nil, err
	}
	if _, err = loadTable(fsys, dir, ApparatusFile, apparatusColumns, l.addApparatusRow()); err != nil {
		return nil, err
	}
	return l, nil
}

// loadTable opens dir/name or dir/name.gz, checks the header against
// columns and passes each row's fields to addRow. It returns the sources
// named in the comment line, or nil when the table has none.
func loadTable(fsys fs.FS, dir, name string, columns []string, addRow func([]string) error) ([]Source, error) {
	file, r, closeFile, err := openTable(fsys, dir, name)
	if err != nil {
		return nil, err
	}
	defer closeFile()

	ts := &tableScanner{file: file, sc: bufio.NewScanner(r)}
	ts.sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	sources, err := ts.readHeader(columns)
	if err != nil {
		return nil, err
	}
	for ts.scan() {
		fields := strings.Split(ts.sc.Text(), "\t")
		if len(fields) != len(columns) {
			return nil, ts.malformed("got %d fields, want %d", len(fields), len(columns))
		}
		if err := addRow(fields); err != nil {
			return nil, ts.malformed("%v", err)
		}
	}
	if err := ts.sc.Err(); err != nil {
		return nil, &ParseError{File: file, Line: ts.line + 1, Err: err}
	}
	return sources, nil
}

// tableScanner reads the lines of one table file and counts them.
type tableScanner struct {
	file string
	sc   *bufio.Scanner
	line int // number of the line last scanned, 1-based
}

func (ts *tableScanner) scan() bool {
	if !ts.sc.Scan() {
		return false
	}
	ts.line++
	return true
}

// malformed returns a ParseError at the current line that wraps
// ErrMalformed.
func (ts *tableScanner) malformed(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &ParseError{File: ts.file, Line: ts.line, Err: fmt.Errorf("%w: %w", ErrMalformed, err)}
}

// readHeader reads the comment lines and the header line, which must list
// columns. It returns the sources of the source comment, if any.
func (ts *tableScanner) readHeader(columns []string) ([]Source, error) {
	var sources []Source
	header := strings.Join(columns, "\t")
	for ts.scan() {
		line := ts.sc.Text()
		switch {
		case strings.HasPrefix(line, sourcePrefix):
			var err error
			if sources, err = parseSources(strings.TrimPrefix(line, sourcePrefix)); err != nil {
				return nil, ts.malformed("%v", err)
			}
		case strings.HasPrefix(line, "#"):
			// Any other comment line is skipped.
		case line != header:
			return nil, ts.malformed("got header %q, want %q", line, header)
		default:
			return sources, nil
		}
	}
	if err := ts.sc.Err(); err != nil {
		return nil, &ParseError{File: ts.file, Line: ts.line + 1, Err: err}
	}
	return nil, &ParseError{File: ts.file, Err: fmt.Errorf("%w: missing header line", ErrMalformed)}
}

// openTable opens dir/name, or dir/name.gz decompressed, and returns its
// path for messages. It fails when both or neither exist.
func openTable(fsys fs.FS, dir, name string) (string, io.Reader, func(), error) {
	plain, gz := path.Join(dir, name), path.Join(dir, name+".gz")
	_, plainErr := fs.Stat(fsys, plain)
	_, gzErr := fs.Stat(fsys, gz)
	switch {
	case plainErr == nil && gzErr == nil:
		return "", nil, nil, fmt.Errorf("load lexicon: both %s and %s exist, remove one", plain, gz)
	case plainErr != nil && gzErr != nil:
		return "", nil, nil, fmt.Errorf("load lexicon: %s: %w", plain, plainErr)
	}

	file := plain
	if gzErr == nil {
		file = gz
	}
	f, err := fsys.Open(file)
	if err != nil {
		return "", nil, nil, fmt.Errorf("load lexicon: %w", err)
	}
	if file == plain {
		return file, f, func() { f.Close() }, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return "", nil, nil, &ParseError{File: file, Err: err}
	}
	return file, zr, func() { zr.Close(); f.Close() }, nil
}

// parseSources parses the list that sourceComment writes after
// sourcePrefix.
func parseSources(list string) ([]Source, error) {
	if list == "" {
		return nil, nil
	}
	var out []Source
	for _, item := range strings.Split(list, "), ") {
		item = strings.TrimSuffix(item, ")")
		file, rest, ok := strings.Cut(item, " (release ")
		date, reactions, ok2 := strings.Cut(rest, ", ")
		digits, ok3 := strings.CutSuffix(reactions, " reactions")
		n, err := strconv.Atoi(digits)
		if !ok || !ok2 || !ok3 || err != nil || n < 0 || file == "" {
			return nil, fmt.Errorf("source %q is not \"FILE (release DATE, N reactions)\"", item)
		}
		out = append(out, Source{File: file, ReleaseDate: date, Reactions: n})
	}
	return out, nil
}

func (l *Lexicon) addMaterialRow() func([]string) error {
	seen := make(map[string]bool)
	return func(f []string) error {
		if f[0] == "" {
			return errors.New("empty string field")
		}
		if seen[f[0]] {
			return fmt.Errorf("duplicate material %q", f[0])
		}
		seen[f[0]] = true

		m := Material{Text: f[0], Formula: f[1]}
		counts := []*int{&m.PrecursorCount, &m.TargetCount, &m.AtmosphereCount, &m.MediumCount}
		for i, dst := range counts {
			n, err := parseCount(materialColumns[2+i], f[2+i])
			if err != nil {
				return err
			}
			*dst = n
		}
		role, err := parseRole(f[6])
		if err != nil {
			return err
		}
		if role != m.Roles() {
			return fmt.Errorf("role %q does not match the counts, want %q", f[6], m.Roles())
		}
		l.Materials = append(l.Materials, m)
		return nil
	}
}

func (l *Lexicon) addOperationRow() func([]string) error {
	seen := make(map[[2]string]bool)
	return func(f []string) error {
		if f[0] == "" || f[1] == "" {
			return errors.New("empty token or type field")
		}
		key := [2]string{f[0], f[1]}
		if seen[key] {
			return fmt.Errorf("duplicate operation %q with type %q", f[0], f[1])
		}
		seen[key] = true

		count, err := parseCount("count", f[2])
		if err != nil {
			return err
		}
		derived, err := parseYesNo("derived", f[3])
		if err != nil {
			return err
		}
		l.Operations = append(l.Operations, Operation{Token: f[0], Type: f[1], Count: count, Derived: derived})
		return nil
	}
}

func (l *Lexicon) addApparatusRow() func([]string) error {
	seen := make(map[string]bool)
	return func(f []string) error {
		if f[0] == "" {
			return errors.New("empty name field")
		}
		if seen[f[0]] {
			return fmt.Errorf("duplicate apparatus %q", f[0])
		}
		seen[f[0]] = true
		count, err := parseCount("count", f[1])
		if err != nil {
			return err
		}
		curated, err := parseYesNo("curated", f[2])
		if err != nil {
			return err
		}
		l.Apparatus = append(l.Apparatus, Apparatus{Name: f[0], Count: count, Curated: curated})
		return nil
	}
}

func parseCount(column, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid %s %q, want a non-negative integer", column, s)
	}
	return n, nil
}

func parseYesNo(column, s string) (bool, error) {
	switch s {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, fmt.Errorf("invalid %s %q, want yes or no", column, s)
}
