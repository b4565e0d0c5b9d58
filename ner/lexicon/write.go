package lexicon

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// File names of the three tables. Write adds ".gz" to a table whose text is
// larger than gzipThreshold.
const (
	MaterialsFile  = "materials.tsv"
	OperationsFile = "operations.tsv"
	ApparatusFile  = "apparatus.tsv"
)

// gzipThreshold is the size in bytes above which Write compresses a table.
const gzipThreshold = 200 << 10

// Column headers of the three tables, tab-separated.
var (
	materialColumns  = []string{"string", "formula", "precursor_count", "target_count", "atmosphere_count", "medium_count", "role"}
	operationColumns = []string{"token", "type", "count", "derived"}
	apparatusColumns = []string{"name", "count", "curated"}
)

// sourcePrefix starts the comment line that names the source dataset and
// the release date of each file.
const sourcePrefix = "# source: Ceder group text-mined synthesis dataset, Kononova et al. 2019, Scientific Data 6:203; files: "

// Write writes the three tables to dir, creating dir if needed. Each table
// is a comment line naming the sources, a header line and one
// tab-separated row per entry, in the Lexicon's order. A table over 200 KiB
// is gzip-compressed and gets a ".gz" suffix, and the other spelling of
// its name is removed so that Load finds one copy. Each file is written to a
// temporary file in dir, synced and renamed over the old one.
//
// Write returns an error when a field contains a tab or a line break, or a
// source file name or date contains a comma or a bracket, since Load could
// not read such a table back.
func (l *Lexicon) Write(dir string) error {
	comment, err := sourceComment(l.Sources)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}

	tables := []struct {
		name string
		rows [][]string
	}{
		{MaterialsFile, l.materialRows()},
		{OperationsFile, l.operationRows()},
		{ApparatusFile, l.apparatusRows()},
	}
	for _, t := range tables {
		text, err := encodeTable(comment, t.rows)
		if err != nil {
			return fmt.Errorf("write %s: %w", t.name, err)
		}
		if err := writeTable(dir, t.name, text); err != nil {
			return err
		}
	}
	return nil
}

func sourceComment(sources []Source) (string, error) {
	items := make([]string, len(sources))
	for i, s := range sources {
		if strings.ContainsAny(s.File+s.ReleaseDate, ",()\t\r\n") {
			return "", fmt.Errorf("write lexicon: source %q released %q: name or date contains a comma, bracket or control character", s.File, s.ReleaseDate)
		}
		items[i] = fmt.Sprintf("%s (release %s, %d reactions)", s.File, s.ReleaseDate, s.Reactions)
	}
	return sourcePrefix + strings.Join(items, ", "), nil
}

func (l *Lexicon) materialRows() [][]string {
	rows := [][]string{materialColumns}
	for i := range l.Materials {
		m := &l.Materials[i]
		rows = append(rows, []string{
			m.Text, m.Formula, strconv.Itoa(m.PrecursorCount), strconv.Itoa(m.TargetCount),
			strconv.Itoa(m.AtmosphereCount), strconv.Itoa(m.MediumCount), m.Roles().String(),
		})
	}
	return rows
}

func (l *Lexicon) operationRows() [][]string {
	rows := [][]string{operationColumns}
	for _, op := range l.Operations {
		rows = append(rows, []string{op.Token, op.Type, strconv.Itoa(op.Count), yesNo(op.Derived)})
	}
	return rows
}

func (l *Lexicon) apparatusRows() [][]string {
	rows := [][]string{apparatusColumns}
	for _, ap := range l.Apparatus {
		rows = append(rows, []string{ap.Name, strconv.Itoa(ap.Count), yesNo(ap.Curated)})
	}
	return rows
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// encodeTable returns the comment line and the rows, the header first, as
// tab-separated text.
func encodeTable(comment string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(comment)
	buf.WriteByte('\n')
	for i, row := range rows {
		for j, field := range row {
			if strings.ContainsAny(field, "\t\r\n") {
				return nil, fmt.Errorf("row %d, column %s: field %q contains a tab or line break", i, rows[0][j], field)
			}
			if j > 0 {
				buf.WriteByte('\t')
			}
			buf.WriteString(field)
		}
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// writeTable writes text to dir/name, or gzip-compressed to dir/name.gz
// when it is over gzipThreshold, and removes the other spelling. The gzip
// header has no name and no time, so the same text gives the same bytes.
func writeTable(dir, name string, text []byte) error {
	target, stale := name, name+".gz"
	if len(text) > gzipThreshold {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if _, err := zw.Write(text); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := zw.Close(); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		text, target, stale = buf.Bytes(), stale, target
	}

	if err := writeFileAtomic(filepath.Join(dir, target), text); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, stale)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove stale %s: %w", stale, err)
	}
	return nil
}

// writeFileAtomic writes data to a temporary file next to path, syncs it
// and renames it to path, so that a reader sees the old file or the whole
// new one. The file mode is 0644.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename

	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
