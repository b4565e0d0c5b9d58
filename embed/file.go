package embed

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/rundir"
)

// fileMagic starts a model file; the package documentation describes the
// format.
const fileMagic = "LMEMBED1"

// ErrFormat is wrapped by the errors of Load and ReadText about a file
// that is damaged or not a model file.
var ErrFormat = errors.New("invalid model file")

const flagLower = 1

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Save writes m to path in the model file format, atomically: to a
// temporary file in the same folder, synced and renamed.
func (m *Model) Save(path string) error {
	return rundir.WriteAtomic(path, func(w io.Writer) error {
		crc := crc32.New(castagnoli)
		bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
		m.encode(bw)
		if err := bw.Flush(); err != nil {
			return err
		}
		return binary.Write(w, binary.LittleEndian, crc.Sum32())
	})
}

// encode writes m without the checksum. Errors of w surface at its Flush.
func (m *Model) encode(w *bufio.Writer) {
	flags := uint32(0)
	if m.lower {
		flags |= flagLower
	}
	header := []uint32{uint32(m.dim), flags, uint32(m.minN), uint32(m.maxN), uint32(m.buckets),
		uint32(len(m.words)), uint32(len(m.bucketIDs))}
	w.WriteString(fileMagic)
	var b []byte
	for _, v := range header {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	w.Write(b)
	for i, word := range m.words {
		b = binary.LittleEndian.AppendUint32(b[:0], uint32(len(word)))
		b = append(b, word...)
		b = binary.LittleEndian.AppendUint64(b, uint64(m.counts[i]))
		w.Write(b)
	}
	for _, id := range m.bucketIDs {
		w.Write(binary.LittleEndian.AppendUint32(b[:0], id))
	}
	for _, v := range m.rows {
		w.Write(binary.LittleEndian.AppendUint32(b[:0], math.Float32bits(v)))
	}
}

// Load reads a model that Save wrote. It returns an error wrapping
// ErrFormat and naming the file when the file is truncated, has bytes
// after its end or fails its checksum. The same holds for a header out of
// range, a word that is not UTF-8 or repeats, a repeated bucket id and a
// value that is NaN or infinite.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("load model: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("load model %s: %w", path, err)
	}
	d := &decoder{r: bufio.NewReaderSize(f, 1<<16), crc: crc32.New(castagnoli), left: info.Size() - 4}
	m, err := d.model()
	if err == nil {
		err = d.checkEnd()
	}
	if err != nil {
		if !errors.Is(err, ErrFormat) {
			err = fmt.Errorf("%w: %w", ErrFormat, err)
		}
		return nil, fmt.Errorf("load model %s: %w", path, err)
	}
	m.indexWords()
	return m, nil
}

// decoder reads the model format and tracks the bytes left before the
// checksum, so that a damaged length field cannot ask for more memory than
// the file holds.
type decoder struct {
	r    *bufio.Reader
	crc  hash.Hash32 // of the bytes read so far
	left int64
	buf  [8]byte
}

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

func (d *decoder) read(n int) ([]byte, error) {
	if int64(n) > d.left {
		return nil, formatErr("file is truncated")
	}
	d.left -= int64(n)
	var b []byte
	if n <= len(d.buf) {
		b = d.buf[:n]
	} else {
		b = make([]byte, n)
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		return nil, formatErr("file is truncated: %v", err)
	}
	d.crc.Write(b)
	return b, nil
}

func (d *decoder) uint32() (uint32, error) {
	b, err := d.read(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (d *decoder) model() (*Model, error) {
	magic, err := d.read(len(fileMagic))
	if err != nil || string(magic) != fileMagic {
		return nil, formatErr("it does not start with %q; is it a model that `litmine train embeddings` wrote?", fileMagic)
	}
	var h [7]uint32
	for i := range h {
		if h[i], err = d.uint32(); err != nil {
			return nil, err
		}
	}
	m := &Model{dim: int(h[0]), lower: h[1]&flagLower != 0, minN: int(h[2]), maxN: int(h[3]), buckets: int(h[4])}
	if err := checkHeader(m, h[1], int64(h[5]), int64(h[6]), d.left); err != nil {
		return nil, err
	}
	if err := d.words(m, int(h[5])); err != nil {
		return nil, err
	}
	if err := d.bucketIDs(m, int(h[6])); err != nil {
		return nil, err
	}
	return m, d.rows(m)
}

// checkHeader checks the header fields of m and the word and bucket
// counts against the bytes left in the file.
func checkHeader(m *Model, flags uint32, words, stored, left int64) error {
	switch {
	case m.dim < 1 || m.dim > maxDim:
		return formatErr("dimension %d is out of range 1 to %d", m.dim, maxDim)
	case flags&^flagLower != 0:
		return formatErr("unknown flags %#x", flags)
	case m.buckets == 0 && (m.minN != 0 || m.maxN != 0 || stored != 0):
		return formatErr("n-gram settings without buckets")
	case m.buckets != 0 && (m.minN < 1 || m.maxN < m.minN || m.maxN > maxN || m.buckets > maxBuckets):
		return formatErr("n-gram settings %d to %d with %d buckets are out of range", m.minN, m.maxN, m.buckets)
	case words < 1:
		return formatErr("vocabulary is empty")
	case stored > int64(m.buckets):
		return formatErr("%d stored buckets, more than the %d buckets", stored, m.buckets)
	}
	need := words*12 + stored*4 + (words+stored)*int64(m.dim)*4
	if need > left {
		return formatErr("header announces %d words and %d buckets of dimension %d, but the file is too short for them", words, stored, m.dim)
	}
	return nil
}

func (d *decoder) words(m *Model, n int) error {
	m.words, m.counts = make([]string, n), make([]int64, n)
	seen := make(map[string]bool, n)
	for i := range n {
		length, err := d.uint32()
		if err != nil {
			return err
		}
		b, err := d.read(int(min(length, math.MaxInt32)))
		if err != nil {
			return fmt.Errorf("word %d: %w", i, err)
		}
		w := string(b)
		if w == "" || !utf8.ValidString(w) || seen[w] {
			return formatErr("word %d (%q) is empty, not UTF-8 or a repeat", i, w)
		}
		seen[w] = true
		m.words[i] = w
		c, err := d.read(8)
		if err != nil {
			return err
		}
		count := binary.LittleEndian.Uint64(c)
		if count > math.MaxInt64 {
			return formatErr("word %d (%q) has count %d", i, w, count)
		}
		m.counts[i] = int64(count)
	}
	return nil
}

func (d *decoder) bucketIDs(m *Model, n int) error {
	m.bucketIDs = make([]uint32, n)
	seen := make(map[uint32]bool, n)
	for i := range n {
		id, err := d.uint32()
		if err != nil {
			return err
		}
		if int(id) >= m.buckets || seen[id] {
			return formatErr("bucket id %d at position %d is not below %d or is a repeat", id, i, m.buckets)
		}
		seen[id] = true
		m.bucketIDs[i] = id
	}
	return nil
}

func (d *decoder) rows(m *Model) error {
	m.rows = make([]float32, (len(m.words)+len(m.bucketIDs))*m.dim)
	for i := range m.rows {
		b, err := d.read(4)
		if err != nil {
			return err
		}
		v := math.Float32frombits(binary.LittleEndian.Uint32(b))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return formatErr("row %d has the value %v", i/m.dim, v)
		}
		m.rows[i] = v
	}
	return nil
}

// checkEnd reads the checksum and checks that nothing follows it.
func (d *decoder) checkEnd() error {
	if d.left != 0 {
		return formatErr("%d bytes follow the last row", d.left)
	}
	want := d.crc.Sum32()
	d.left = 4
	b, err := d.read(4)
	if err != nil {
		return err
	}
	if got := binary.LittleEndian.Uint32(b); got != want {
		return formatErr("checksum is %#08x, want %#08x: the file is damaged", got, want)
	}
	return nil
}
