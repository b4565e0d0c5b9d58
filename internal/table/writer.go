package table

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Options configures a Writer.
type Options struct {
	// Allocator allocates Arrow buffers. Nil means memory.DefaultAllocator.
	Allocator memory.Allocator
	// RowGroupRows is the number of rows buffered before they are written as
	// one Parquet row group. Zero means 65,536.
	RowGroupRows int
	// CreatedBy is stored in the Parquet footer. Empty means "litmine".
	CreatedBy string
}

func (o Options) withDefaults() Options {
	if o.Allocator == nil {
		o.Allocator = memory.DefaultAllocator
	}
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = 1 << 16
	}
	if o.CreatedBy == "" {
		o.CreatedBy = "litmine"
	}
	return o
}

// FileInfo describes a committed table file.
type FileInfo struct {
	Path   string `json:"path"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Writer writes rows of type T to one Parquet file, zstd-compressed. Rows go
// to a temporary file next to the target; Commit syncs it, checks its footer
// and row count, and renames it into place, so that the target path either
// does not exist or holds a complete file. A Writer is not safe for
// concurrent use.
type Writer[T any] struct {
	path    string
	tmp     *os.File
	hash    hash.Hash
	counter *countingWriter
	fw      *pqarrow.FileWriter
	builder *array.RecordBuilder
	codec   *codec
	opts    Options
	pending int
	rows    int64
	done    bool
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Create starts a table file at path for rows of type T. The folder of path
// must exist. Call Commit to finish the file or Abort to drop it.
func Create[T any](path string, opts Options) (*Writer[T], error) {
	c, err := codecFor[T]()
	if err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	tmp, err := CreateTemp(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	h := sha256.New()
	counter := &countingWriter{w: io.MultiWriter(tmp, h)}
	fw, err := pqarrow.NewFileWriter(c.schema, counter, writerProperties(c, opts), pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(opts.Allocator)))
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &Writer[T]{
		path: path, tmp: tmp, hash: h, counter: counter, fw: fw, codec: c, opts: opts,
		builder: array.NewRecordBuilder(opts.Allocator, c.schema),
	}, nil
}

func writerProperties(c *codec, opts Options) *parquet.WriterProperties {
	props := []parquet.WriterProperty{
		parquet.WithAllocator(opts.Allocator),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCreatedBy(opts.CreatedBy),
		parquet.WithMaxRowGroupLength(int64(opts.RowGroupRows)),
		parquet.WithStats(true),
	}
	for _, col := range c.columns {
		if col.noDict {
			props = append(props, parquet.WithDictionaryFor(col.parquetPath(), false))
		}
	}
	return parquet.NewWriterProperties(props...)
}

// Path returns the path the file will have once committed.
func (w *Writer[T]) Path() string { return w.path }

// Write appends rows, writing a row group each time Options.RowGroupRows rows
// are buffered.
func (w *Writer[T]) Write(rows ...T) error {
	if w.done {
		return fmt.Errorf("write %s: writer already closed", w.path)
	}
	for i := range rows {
		w.codec.appendRow(w.builder, reflect.ValueOf(&rows[i]).Elem())
		w.pending++
		if w.pending >= w.opts.RowGroupRows {
			if err := w.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *Writer[T]) flush() error {
	if w.pending == 0 {
		return nil
	}
	rec := w.builder.NewRecordBatch()
	defer rec.Release()
	w.rows += int64(w.pending)
	w.pending = 0
	if err := w.fw.Write(rec); err != nil {
		return fmt.Errorf("write %s: %w", w.path, err)
	}
	return nil
}

// Commit writes the buffered rows and the footer, syncs the file, reopens it
// to check that the footer reads back with the expected row count, and
// renames it to its final path. On error the temporary file is removed.
func (w *Writer[T]) Commit() (FileInfo, error) {
	if w.done {
		return FileInfo{}, fmt.Errorf("commit %s: writer already closed", w.path)
	}
	w.done = true
	defer w.builder.Release()
	err := w.flush()
	if closeErr := w.fw.Close(); err == nil && closeErr != nil {
		err = fmt.Errorf("close %s: %w", w.path, closeErr)
	}
	if err == nil {
		err = w.tmp.Sync()
	}
	if closeErr := w.tmp.Close(); err == nil && closeErr != nil {
		err = closeErr
	}
	if err == nil {
		err = checkFooter(w.tmp.Name(), w.rows)
	}
	if err == nil {
		err = renameDurably(w.tmp.Name(), w.path)
	}
	if err != nil {
		os.Remove(w.tmp.Name())
		return FileInfo{}, fmt.Errorf("commit %s: %w", w.path, err)
	}
	return FileInfo{Path: w.path, Rows: w.rows, Bytes: w.counter.n, SHA256: hex.EncodeToString(w.hash.Sum(nil))}, nil
}

// Abort drops the file. It is safe to call after Commit, where it does
// nothing, so callers can defer it.
func (w *Writer[T]) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.builder.Release()
	w.fw.Close()
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}

// CreateTemp creates a new temporary file next to path, named
// ".BASE.tmp-RANDOM", for writing path atomically. Unlike os.CreateTemp it
// asks for mode 0644, so the final file gets the permissions the umask
// allows, like any other file the user creates.
func CreateTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+".tmp-"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil || !errors.Is(err, fs.ErrExist) || try == 10 {
			return f, err
		}
	}
}

// renameDurably renames from to to and syncs the folder, so that the new
// name survives a crash.
func renameDurably(from, to string) error {
	if err := os.Rename(from, to); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Dir(to))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}
