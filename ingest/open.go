package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
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
	path    string
	closers []io.Closer
}

// openSource opens path. A file is read through gzip when its name ends in
// ".gz" or its content starts with the gzip magic bytes.
func openSource(path string, cfg ReadConfig) (*source, error) {
	f, err := os.Open(path)
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
		r = zr
	}
	src.Reader = bufio.NewReaderSize(&capReader{r: r, left: cfg.MaxFileBytes, max: cfg.MaxFileBytes}, 64<<10)
	return src, nil
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
			return 0, fmt.Errorf("%w: more than %d bytes after decompression; raise ReadConfig.MaxFileBytes to read it", ErrTooLarge, c.max)
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
		return nil, fmt.Errorf("%w: file is larger than %d bytes; raise ReadConfig.MaxRecordBytes to read it", ErrTooLarge, max)
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
