package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/litmine/litmine/datasets"
)

// sniffBytes is how much of a file detectFormat and the binary check look at.
const sniffBytes = 1024

var gzipMagic = []byte{0x1f, 0x8b}

// source is an opened input file: decompressed when it is gzip, and capped
// at ReadConfig.MaxFileBytes.
type source struct {
	*bufio.Reader
	path       string
	closers    []io.Closer
	compressed bool // the file is gzip and Reader returns its decompressed content
}

// openSource opens path with openFile. A file is read through gzip when its
// name ends in ".gz" or its content starts with the gzip magic bytes.
func openSource(path string, cfg ReadConfig) (*source, error) {
	f, err := openFile(path, cfg)
	if err != nil {
		return nil, err
	}
	raw := bufio.NewReaderSize(f, 64<<10)
	src := &source{path: path, closers: []io.Closer{f}}
	var r io.Reader = raw
	magic, _ := raw.Peek(len(gzipMagic))
	if strings.HasSuffix(strings.ToLower(path), ".gz") || bytes.Equal(magic, gzipMagic) {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("read gzip stream: %w", err)
		}
		src.closers = append(src.closers, zr)
		src.compressed = true
		r = zr
	}
	src.Reader = bufio.NewReaderSize(&capReader{r: r, left: cfg.MaxFileBytes, max: cfg.MaxFileBytes}, 64<<10)
	return src, nil
}

// openFile opens path for reading. When cfg.root is set, it opens path
// through an os.Root of that folder, so that a symbolic link that leads
// outside the folder or has an absolute target fails to open.
func openFile(path string, cfg ReadConfig) (*os.File, error) {
	if cfg.root == "" {
		return os.Open(path)
	}
	rel, err := filepath.Rel(cfg.root, path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	root, err := os.OpenRoot(cfg.root)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(rel)
}

// Close closes the decompressor and the file.
func (s *source) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i].Close())
	}
	return errors.Join(errs...)
}

// capReader reads at most max bytes from r and fails with ErrTooLarge when r
// has more.
type capReader struct {
	r         io.Reader
	left, max int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var probe [1]byte
		n, err := io.ReadFull(c.r, probe[:])
		if n > 0 {
			return 0, fmt.Errorf("%w: more than %d bytes after decompression; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read it", ErrTooLarge, c.max)
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// readRecord reads the rest of r, which must hold at most max bytes of
// valid UTF-8 without NUL bytes.
func readRecord(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: file is larger than %d bytes; raise --max-record-bytes (ReadConfig.MaxRecordBytes) to read it", ErrTooLarge, max)
	}
	if err := checkContent(data, 0); err != nil {
		return nil, err
	}
	return data, nil
}

// readFile opens path and reads it whole with readRecord.
func readFile(path string, cfg ReadConfig) ([]byte, error) {
	src, err := openSource(path, cfg)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return readRecord(src, cfg.MaxRecordBytes)
}

// contentError is invalid content at a byte offset of a file. For a gzip
// file the offset counts decompressed bytes.
type contentError struct {
	offset int64
	err    error
}

func (e *contentError) Error() string {
	return fmt.Sprintf("%v at byte offset %d", e.err, e.offset)
}

func (e *contentError) Unwrap() error { return e.err }

// checkContent returns a *contentError for the first NUL byte or invalid
// UTF-8 sequence in b, or nil when there is none. base is the offset of b in
// its file.
func checkContent(b []byte, base int64) error {
	if bytes.IndexByte(b, 0) < 0 && utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		if b[i] == 0 {
			return &contentError{base + int64(i), fmt.Errorf("%w: NUL byte, so the content looks binary", datasets.ErrMalformed)}
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return &contentError{base + int64(i), fmt.Errorf("%w: invalid UTF-8", datasets.ErrMalformed)}
		}
		i += size
	}
	return nil
}

// readWhole reads a file that holds one document, parses it with parse and
// emits the document.
func readWhole(src *source, format Format, cfg ReadConfig, s sink, parse func(string) (Document, error)) error {
	data, err := readRecord(src, cfg.MaxRecordBytes)
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc, err := parse(string(data))
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc.SourcePath = src.path
	doc.Format = format
	return s.document(doc)
}

// StdinPath is the input path that names standard input.
const StdinPath = "-"

// readStdin reads standard input as the input StdinPath. Unless Run has
// copied it already (cfg.stdinCopy), it copies it to a temporary file first,
// because archives and format detection need a file, and removes the copy
// after reading. Documents and problems name it StdinPath.
func readStdin(cfg ReadConfig, s sink) error {
	path := cfg.stdinCopy
	if path == "" {
		copied, err := copyStdin(cfg)
		if err != nil {
			s.problem(StdinPath, 0, "", err)
			return nil
		}
		defer os.Remove(copied)
		path = copied
	}
	r := renamer{from: path, to: StdinPath}
	err := ReadInput(Input{Path: path}, cfg, r.emit(s.emit), r.report(s.report))
	return r.error(err)
}

// copyStdin copies cfg.Stdin, or os.Stdin when it is nil, to a new file in
// cfg.TempDir and returns the file's path; the caller removes it. Input
// longer than cfg.MaxFileBytes is an error that wraps ErrTooLarge, and
// leaves no file behind.
func copyStdin(cfg ReadConfig) (string, error) {
	in := cfg.Stdin
	if in == nil {
		in = os.Stdin
	}
	removeStaleTemps(cfg.TempDir)
	f, err := os.CreateTemp(cfg.TempDir, tempPattern("stdin", ""))
	if err != nil {
		return "", fmt.Errorf("copy standard input: %w", err)
	}

	limit := cfg.MaxFileBytes
	if limit < math.MaxInt64 {
		limit++ // one byte more separates input of exactly MaxFileBytes from longer input
	}
	n, err := io.Copy(f, io.LimitReader(in, limit))
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err == nil && n > cfg.MaxFileBytes {
		err = fmt.Errorf("%w: more than %d bytes; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read it", ErrTooLarge, cfg.MaxFileBytes)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("copy standard input: %w", err)
	}
	return f.Name(), nil
}

// renamer replaces the path of a temporary file or folder with the input
// name that the user gave, in the source paths of documents and in problems
// and errors. The copy of standard input becomes StdinPath, and an
// extraction folder becomes "ARCHIVE!".
type renamer struct{ from, to string }

// path returns p with the prefix from replaced by to when p is from itself
// or a path below it, that is when from is followed by a path separator
// or "!". The rest of p is written with forward slashes.
func (r renamer) path(p string) string {
	rest, ok := strings.CutPrefix(p, r.from)
	if !ok || rest != "" && rest[0] != filepath.Separator && rest[0] != '!' {
		return p
	}
	return r.to + filepath.ToSlash(rest)
}

// emit returns an emit callback that renames the source path of each
// document and then calls emit.
func (r renamer) emit(emit func(Document) error) func(Document) error {
	return func(doc Document) error {
		doc.SourcePath = r.path(doc.SourcePath)
		return emit(doc)
	}
}

// report returns a report callback that renames the path of each problem
// and every mention of from in its reason, then calls report. It returns
// nil when report is nil.
func (r renamer) report(report func(Problem)) func(Problem) {
	if report == nil {
		return nil
	}
	return func(p Problem) {
		p.Path = r.path(p.Path)
		p.Reason = strings.ReplaceAll(p.Reason, r.from, r.to)
		report(p)
	}
}

// error returns err with every mention of from in its message renamed; the
// result still wraps err.
func (r renamer) error(err error) error {
	if err == nil {
		return nil
	}
	return &renamedError{msg: strings.ReplaceAll(err.Error(), r.from, r.to), err: err}
}

// renamedError is an error with a rewritten message.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }

func (e *renamedError) Unwrap() error { return e.err }
