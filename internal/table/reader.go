package table

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// ErrCorrupt is wrapped by errors about a file that is not a readable
// Parquet file: a bad footer, a truncated page, a row count that does not
// match.
var ErrCorrupt = errors.New("corrupt table file")

// ReadOptions configures Scan.
type ReadOptions struct {
	// Allocator allocates Arrow buffers. Nil means memory.DefaultAllocator.
	Allocator memory.Allocator
	// BatchRows is the number of rows handed to the callback at a time. Zero
	// means 8,192.
	BatchRows int
}

// Scan reads the rows of the Parquet file at path as values of T and calls fn
// with each batch. The batch slice is new for each call, so fn may keep it.
// Columns of the file that T does not name are ignored. A column that T
// names and the file lacks, or has with another type, is an error wrapping
// ErrSchema. A file that arrow-go cannot decode is an error wrapping
// ErrCorrupt, never a panic.
func Scan[T any](path string, opts ReadOptions, fn func(rows []T) error) (err error) {
	c, err := codecFor[T]()
	if err != nil {
		return err
	}
	if opts.Allocator == nil {
		opts.Allocator = memory.DefaultAllocator
	}
	if opts.BatchRows <= 0 {
		opts.BatchRows = 8192
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	defer recoverCorrupt(path, &err)

	pf, err := file.NewParquetReader(f, file.WithReadProps(nil))
	if err != nil {
		return fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: int64(opts.BatchRows)}, opts.Allocator)
	if err != nil {
		return fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, err)
	}
	bound, err := c.bind(schema)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return scanRecords(fr, c, bound, path, fn)
}

func scanRecords[T any](fr *pqarrow.FileReader, c *codec, bound []int, path string, fn func([]T) error) error {
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		return fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, err)
	}
	defer rr.Release()
	for {
		rec, err := rr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, err)
		}
		rows := decode[T](c, rec, bound, nil)
		if err := fn(rows); err != nil {
			return err
		}
	}
}

// ReadAll returns every row of the Parquet file at path. See Scan.
func ReadAll[T any](path string) ([]T, error) {
	var out []T
	err := Scan(path, ReadOptions{}, func(rows []T) error {
		out = append(out, rows...)
		return nil
	})
	return out, err
}

// recoverCorrupt turns a panic inside arrow-go, which some malformed files
// cause, into an error wrapping ErrCorrupt.
func recoverCorrupt(path string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("read %s: %w: %v", path, ErrCorrupt, r)
	}
}

// checkFooter opens the Parquet file at path and checks that its footer
// reads and reports rows rows.
func checkFooter(path string, rows int64) (err error) {
	defer recoverCorrupt(path, &err)
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	defer pf.Close()
	if got := pf.NumRows(); got != rows {
		return fmt.Errorf("%w: footer of %s reports %d rows, want %d", ErrCorrupt, path, got, rows)
	}
	return nil
}

// Dump writes each row of the Parquet file at path as a JSON object on its
// own line, with "&", "<" and ">" written as themselves rather than as
// \u escapes. Golden-file tests compare this rendering, which is stable for
// the same logical content.
func Dump(path string, w io.Writer) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("dump %s: %w", path, err)
	}
	defer f.Close()
	defer recoverCorrupt(path, &err)
	tbl, err := pqarrow.ReadTable(context.Background(), f, nil, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return fmt.Errorf("dump %s: %w: %v", path, ErrCorrupt, err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1024)
	defer tr.Release()
	var buf bytes.Buffer
	for tr.Next() {
		buf.Reset()
		if err := array.RecordToJSON(tr.RecordBatch(), &buf); err != nil {
			return fmt.Errorf("dump %s: %w", path, err)
		}
		if _, err := w.Write(unescapeHTML(buf.Bytes())); err != nil {
			return err
		}
	}
	return nil
}

// Schema returns the Arrow schema of the Parquet file at path as one line:
// each column's name and type, "null" for a nullable column.
func Schema(path string) (s string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("schema of %s: %w", path, err)
	}
	defer f.Close()
	defer recoverCorrupt(path, &err)
	pf, err := file.NewParquetReader(f)
	if err != nil {
		return "", fmt.Errorf("schema of %s: %w: %v", path, ErrCorrupt, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return "", fmt.Errorf("schema of %s: %w: %v", path, ErrCorrupt, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return "", fmt.Errorf("schema of %s: %w: %v", path, ErrCorrupt, err)
	}
	return schemaLine(schema), nil
}

// unescapeHTML turns the \u0026, \u003c and \u003e escapes of JSON text
// back into "&", "<" and ">". A sequence is an escape only when an odd
// number of backslashes precedes its "u"; "\\u0026" is a backslash
// followed by the text "u0026".
func unescapeHTML(js []byte) []byte {
	out := js[:0:0]
	for i := 0; i < len(js); i++ {
		if js[i] == '\\' && i+5 < len(js) && js[i+1] == 'u' && js[i+2] == '0' && js[i+3] == '0' {
			if r, ok := htmlEscapes[string(js[i+4:i+6])]; ok {
				out = append(out, r)
				i += 5
				continue
			}
		}
		if js[i] == '\\' && i+1 < len(js) {
			out = append(out, js[i], js[i+1])
			i++
			continue
		}
		out = append(out, js[i])
	}
	return out
}

var htmlEscapes = map[string]byte{"26": '&', "3c": '<', "3e": '>'}

func schemaLine(s *arrow.Schema) string {
	out := ""
	for i, f := range s.Fields() {
		if i > 0 {
			out += ", "
		}
		out += f.Name + " " + f.Type.String()
		if f.Nullable {
			out += " null"
		}
	}
	return out
}
