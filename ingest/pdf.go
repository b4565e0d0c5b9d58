package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// ErrUnsupported is wrapped when reading an input needs something that is
// missing: a program that is not installed, such as pdftotext for PDF
// files, or a reader for the version of the format, such as WebAnno TSV 2.
var ErrUnsupported = errors.New("unsupported input")

// pdfToTextProgram extracts the text of PDF files. It is part of poppler;
// Debian and Ubuntu install it with the package poppler-utils.
const pdfToTextProgram = "pdftotext"

// DefaultPDFTimeout is the time that pdftotext may take for one PDF when
// ReadConfig.PDFTimeout is zero.
const DefaultPDFTimeout = 2 * time.Minute

// maxStderrBytes caps the error output of pdftotext kept for a Problem.
const maxStderrBytes = 4096

// pdfMagic starts every PDF file.
var pdfMagic = []byte("%PDF-")

// readPDF extracts the lines of a PDF file with pdftotext and emits them as
// a document (see parsePDFLayout). A missing pdftotext program, a failure
// or a timeout of pdftotext, and text larger than ReadConfig.MaxRecordBytes
// are reported as a Problem.
func readPDF(src *source, cfg ReadConfig, s sink) error {
	pages, err := pdfToLayout(src, cfg)
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc := parsePDFLayout(pages)
	doc.SourcePath = src.path
	return s.document(doc)
}

// pdfToLayout copies the PDF from r to a temporary file in
// ReadConfig.TempDir and runs "pdftotext -enc UTF-8 -bbox-layout FILE -" on
// it. The copy lets a gzip-compressed PDF or an archive member be read, and
// it keeps memory low: pdftotext 22.12 held a 50 MB PDF read from standard
// input in memory (74 MB resident against 10 MB for the file). The run is
// stopped after ReadConfig.PDFTimeout, and the file is removed after it.
//
// The -bbox-layout output lists the flows (columns and other separate text
// areas), blocks, lines and words of each page in reading order, with the
// box of each word. parsePDFLayout needs those boxes: the plain text output
// loses indentation, line widths and font sizes, and the -layout output
// keeps indentation but puts the lines of side-by-side columns on one line.
// readBBoxLayout reads the output while pdftotext writes it, so that only
// the text and the boxes of lines are held in memory.
//
// The error wraps ErrUnsupported when pdftotext is not on PATH, ErrTooLarge
// when the PDF or its text is past a ReadConfig limit (the text counted as
// readBBoxLayout counts it), and context.DeadlineExceeded on a timeout.
//
// NOTE: only pdftotext 22.12 was tried. A pdftotext without the
// -bbox-layout option fails on every PDF, and the Problem shows its usage
// message.
func pdfToLayout(r io.Reader, cfg ReadConfig) ([]pdfPage, error) {
	program, err := exec.LookPath(pdfToTextProgram)
	if err != nil {
		return nil, fmt.Errorf("%w: reading PDF files needs the %s program, which is not on PATH; install poppler-utils (apt-get install poppler-utils on Debian and Ubuntu)",
			ErrUnsupported, pdfToTextProgram)
	}
	path, err := copyToTemp(r, cfg.TempDir)
	if err != nil {
		return nil, err
	}
	defer os.Remove(path)

	timeout := cfg.PDFTimeout
	if timeout <= 0 {
		timeout = DefaultPDFTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	stderr := &cappedBuffer{max: maxStderrBytes, truncate: true}
	run := runPDFToText(ctx, program, path, cfg.MaxRecordBytes, stderr)

	switch {
	case errors.Is(run.readErr, errOutputFull):
		return nil, fmt.Errorf("%w: the text of the PDF is larger than %d bytes; raise --max-record-bytes (ReadConfig.MaxRecordBytes) to read it", ErrTooLarge, cfg.MaxRecordBytes)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("%s timed out after %v: %w; raise --pdf-timeout (ReadConfig.PDFTimeout) to read this file", pdfToTextProgram, timeout, ctx.Err())
	case run.runErr != nil:
		return nil, fmt.Errorf("%s failed: %v: %s", pdfToTextProgram, run.runErr, stderrSummary(stderr.buf.Bytes()))
	case run.readErr != nil:
		return nil, fmt.Errorf("read the output of %s: %w", pdfToTextProgram, run.readErr)
	}
	return run.pages, nil
}

// pdfRun is the result of runPDFToText.
type pdfRun struct {
	pages   []pdfPage
	readErr error // from reading the output; errOutputFull past the text limit
	runErr  error // from running the program
}

// runPDFToText runs pdftotext -bbox-layout on the PDF at path and reads its
// output with readBBoxLayout while it runs. When reading stops before the
// end of the output, the pipe is closed, so that pdftotext ends on a
// broken pipe instead of blocking.
func runPDFToText(ctx context.Context, program, path string, maxTextBytes int64, stderr io.Writer) pdfRun {
	pr, pw := io.Pipe()
	cmd := exec.CommandContext(ctx, program, "-enc", "UTF-8", "-bbox-layout", path, "-")
	cmd.Stdout, cmd.Stderr = pw, stderr
	cmd.WaitDelay = 5 * time.Second

	done := make(chan pdfRun, 1)
	go func() {
		pages, err := readBBoxLayout(pr, maxTextBytes)
		pr.CloseWithError(errOutputFull)
		done <- pdfRun{pages: pages, readErr: err}
	}()
	runErr := cmd.Run()
	pw.Close()
	run := <-done
	run.runErr = runErr
	return run
}

// copyToTemp copies r to a new file in dir, or in os.TempDir() when dir is
// empty, named for this process (see tempPattern), and returns its path. On
// an error it removes the file. Before that, it removes the copies of runs
// that were killed (see removeStaleTemps).
func copyToTemp(r io.Reader, dir string) (string, error) {
	removeStaleTemps(dir)
	f, err := os.CreateTemp(dir, tempPattern("pdf", ".pdf"))
	if err != nil {
		return "", fmt.Errorf("create a temporary file for pdftotext: %w", err)
	}
	_, copyErr := io.Copy(f, r)
	closeErr := f.Close()
	switch {
	case copyErr != nil:
		os.Remove(f.Name())
		return "", fmt.Errorf("read: %w", copyErr)
	case closeErr != nil:
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", f.Name(), closeErr)
	}
	return f.Name(), nil
}

// stderrSummary returns the non-blank lines of a program's error output
// joined by "; ", or "no error output".
func stderrSummary(b []byte) string {
	var lines []string
	for _, line := range strings.Split(strings.ToValidUTF8(string(b), "\uFFFD"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return "no error output"
	}
	return strings.Join(lines, "; ")
}

// cappedBuffer keeps at most max bytes. Past max, Write fails and sets
// full, unless truncate is set: then it drops the rest silently.
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int64
	truncate bool
	full     bool
}

// errOutputFull is returned by cappedBuffer.Write past its limit, and by
// readBBoxLayout past its text limit.
var errOutputFull = errors.New("output limit reached")

func (c *cappedBuffer) Write(p []byte) (int, error) {
	room := c.max - int64(c.buf.Len())
	if int64(len(p)) <= room {
		return c.buf.Write(p)
	}
	c.buf.Write(p[:max(room, 0)])
	if c.truncate {
		return len(p), nil
	}
	c.full = true
	return int(max(room, 0)), errOutputFull
}
