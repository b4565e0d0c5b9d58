package embed

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/table"
)

// Corpus is a source of tokenized sentences. Train reads it once to count
// words and once per epoch, so each call must yield the same sentences in
// the same order.
type Corpus interface {
	// Sentences calls fn with the tokens of each sentence. fn must not keep
	// the token slices after it returns, because the corpus reuses them.
	// An error from fn stops the iteration and is returned as is.
	Sentences(ctx context.Context, fn func(tokens [][]byte) error) error
}

// TextFile is a corpus in a UTF-8 text file with one sentence per line and
// tokens separated by white space, the format that gensim's LineSentence
// reads. Empty lines are skipped.
type TextFile string

// maxLineBytes bounds one line of a TextFile, so that a file without line
// breaks cannot take all memory.
const maxLineBytes = 64 << 20

// Sentences implements Corpus.
func (path TextFile) Sentences(ctx context.Context, fn func([][]byte) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.Open(string(path))
	if err != nil {
		return fmt.Errorf("read corpus: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var line []byte
	var tokens [][]byte
	for lineNumber := 1; ; lineNumber++ {
		line, err = readLine(r, line[:0])
		if errors.Is(err, io.EOF) && len(line) == 0 {
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read %s: line %d: %w", path, lineNumber, err)
		}
		if lineNumber%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if !utf8.Valid(line) {
			return fmt.Errorf("read %s: line %d: invalid UTF-8; the corpus must be UTF-8 text", path, lineNumber)
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			return fmt.Errorf("read %s: line %d: NUL byte at column %d; the corpus must be text", path, lineNumber, i+1)
		}
		tokens = splitFields(line, tokens[:0])
		if len(tokens) == 0 {
			continue
		}
		if err := fn(tokens); err != nil {
			return err
		}
	}
}

// errLineTooLong is returned by readLine for a line over maxLineBytes.
var errLineTooLong = fmt.Errorf("line longer than %d bytes", maxLineBytes)

// readLine appends the next line of r, without its line break, to buf. It
// returns io.EOF with the last line when the file does not end in a line
// break, and with an empty buf at the end.
func readLine(r *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLineBytes {
			return buf, errLineTooLong
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(buf, []byte{'\n'}), err
	}
}

// splitFields appends the white-space separated fields of line to tokens.
// The fields share line's memory.
func splitFields(line []byte, tokens [][]byte) [][]byte {
	start := -1
	for i, c := range line {
		space := c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
		switch {
		case space && start >= 0:
			tokens = append(tokens, line[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
	}
	if start >= 0 {
		tokens = append(tokens, line[start:])
	}
	return tokens
}

// sentenceTokens is the one column of the sentences table that training
// reads.
type sentenceTokens struct {
	Tokens []string `table:"tokens"`
}

// RunCorpus is the sentences table of a run directory: the files that the
// run manifest lists for the annotate stage, in shard order. Tokens are
// used as the tokenizer wrote them, so a token with white space inside
// stays one token.
type RunCorpus struct {
	files []string
}

// annotateStage is the run manifest's name of the stage that writes the
// sentences table (ner.Stage; package ner is not imported for one name).
const annotateStage = "annotate"

// NewRunCorpus returns the sentences of run, checking first that the
// annotate stage is done and that every sentences file matches the SHA-256
// in the manifest.
func NewRunCorpus(run *rundir.Run) (*RunCorpus, error) {
	if err := run.Require(annotateStage); err != nil {
		return nil, err
	}
	c := &RunCorpus{}
	for _, k := range run.Shards(annotateStage) {
		f, err := run.ShardFile(annotateStage, k, "sentences")
		if err != nil {
			return nil, err
		}
		if err := f.Verify(); err != nil {
			return nil, err
		}
		c.files = append(c.files, f.Path)
	}
	if len(c.files) == 0 {
		return nil, fmt.Errorf("run %s: the annotate stage wrote no sentences files", run.Dir)
	}
	return c, nil
}

// Sentences implements Corpus.
func (c *RunCorpus) Sentences(ctx context.Context, fn func([][]byte) error) error {
	var buf []byte
	var tokens [][]byte
	for _, path := range c.files {
		err := table.Scan(path, table.ReadOptions{}, func(rows []sentenceTokens) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			for _, row := range rows {
				buf, tokens = buf[:0], tokens[:0]
				for _, t := range row.Tokens {
					buf = append(buf, t...)
				}
				end := 0
				for _, t := range row.Tokens {
					if t != "" {
						tokens = append(tokens, buf[end:end+len(t):end+len(t)])
					}
					end += len(t)
				}
				if len(tokens) == 0 {
					continue
				}
				if err := fn(tokens); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// WriteTokens writes the sentences of corpus to path as a TextFile (one
// sentence per line, tokens separated by single spaces), atomically, so
// that other tools such as gensim can train on the same tokens. A token
// with white space inside would split into several tokens, and a line
// feed inside one into several sentences; the annotate stage writes
// neither.
func WriteTokens(ctx context.Context, corpus Corpus, path string) error {
	return rundir.WriteAtomic(path, func(f io.Writer) error {
		w := bufio.NewWriterSize(f, 1<<20)
		err := corpus.Sentences(ctx, func(tokens [][]byte) error {
			for i, t := range tokens {
				if i > 0 {
					w.WriteByte(' ')
				}
				w.Write(t)
			}
			return w.WriteByte('\n')
		})
		if err != nil {
			return err
		}
		return w.Flush()
	})
}
