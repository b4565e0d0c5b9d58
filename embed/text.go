package embed

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/rundir"
)

// WriteText writes the vector of every vocabulary word to path in the
// word2vec text format, atomically: a line "<words> <dim>", then one line
// per word, most frequent first, with the word and its dim values
// separated by spaces. The values are Model.Vector's, in the shortest
// decimal form that reads back as the same float32. A word with white
// space inside is an error, because the format cannot hold it.
func (m *Model) WriteText(path string) error {
	return rundir.WriteAtomic(path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		fmt.Fprintf(bw, "%d %d\n", len(m.words), m.dim)
		var line []byte
		for _, word := range m.words {
			if strings.IndexFunc(word, unicode.IsSpace) >= 0 {
				return fmt.Errorf("word %q contains white space, which the word2vec text format cannot hold", word)
			}
			line = append(line[:0], word...)
			for _, v := range m.Vector(word) {
				line = append(line, ' ')
				line = strconv.AppendFloat(line, float64(v), 'g', -1, 32)
			}
			line = append(line, '\n')
			bw.Write(line)
		}
		return bw.Flush()
	})
}

// ReadText reads vectors in the word2vec text format, as WriteText and
// gensim's save_word2vec_format write them, into a Model without subwords
// whose word counts are 0. A header that does not match the lines, a line
// with the wrong number of values, a value that does not parse or is not
// finite, and a repeated word are errors wrapping ErrFormat that name the
// file and line.
func ReadText(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read vectors: %w", err)
	}
	defer f.Close()
	m, err := readText(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("read vectors %s: %w", path, err)
	}
	m.indexWords()
	return m, nil
}

func readText(r *bufio.Reader) (*Model, error) {
	words, dim, err := readTextHeader(r)
	if err != nil {
		return nil, err
	}

	m := &Model{dim: dim}
	m.rows = make([]float32, 0, min(words*dim, 1<<22)) // grows past 16 MB only as lines arrive
	seen := map[string]bool{}
	var line []byte
	var fields [][]byte
	for i := range words {
		lineNumber := i + 2
		line, err = readLine(r, line[:0])
		switch {
		case errors.Is(err, io.EOF) && len(line) == 0:
			return nil, formatErr("line %d: file ends after %d of the %d words the header announces", lineNumber, i, words)
		case errors.Is(err, errLineTooLong):
			return nil, formatErr("line %d: %v", lineNumber, err)
		case err != nil && !errors.Is(err, io.EOF):
			return nil, fmt.Errorf("line %d: %w", lineNumber, err)
		}
		fields = splitFields(line, fields[:0])
		if err := m.addTextRow(fields, seen); err != nil {
			return nil, formatErr("line %d: %v", lineNumber, err)
		}
	}

	if rest, _ := readLine(r, line[:0]); len(bytes.TrimSpace(rest)) > 0 {
		return nil, formatErr("line %d: more lines than the %d words the header announces", words+2, words)
	}
	m.counts = make([]int64, words)
	return m, nil
}

// readTextHeader reads the line "<words> <dim>".
func readTextHeader(r *bufio.Reader) (words, dim int, err error) {
	header, err := readLine(r, nil)
	if errors.Is(err, errLineTooLong) {
		return 0, 0, formatErr("line 1: %v", err)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, 0, fmt.Errorf("line 1: %w", err)
	}
	if n, _ := fmt.Sscanf(string(header), "%d %d", &words, &dim); n != 2 || words < 1 || dim < 1 || dim > maxDim {
		return 0, 0, formatErr("line 1: %q is not a header \"<words> <dim>\" with at least one word and dim 1 to %d", header, maxDim)
	}
	return words, dim, nil
}

// addTextRow appends the word and vector of one line of the text format.
func (m *Model) addTextRow(fields [][]byte, seen map[string]bool) error {
	if len(fields) != m.dim+1 {
		return fmt.Errorf("%d values, want %d", max(len(fields)-1, 0), m.dim)
	}
	word := string(fields[0])
	if !utf8.ValidString(word) || seen[word] {
		return fmt.Errorf("word %q is not UTF-8 or a repeat", word)
	}
	seen[word] = true
	m.words = append(m.words, word)
	for _, field := range fields[1:] {
		v, err := strconv.ParseFloat(string(field), 32)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return fmt.Errorf("word %q: value %q is not a finite number", word, field)
		}
		m.rows = append(m.rows, float32(v))
	}
	return nil
}
