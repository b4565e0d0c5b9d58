package embed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Model holds trained word vectors and, when trained with subwords, the
// vectors of the character n-gram buckets that the vocabulary uses. A
// Model is safe for concurrent use once trained or loaded.
type Model struct {
	dim        int
	minN, maxN int
	buckets    int // hash modulus of n-grams; 0 for a model without subwords
	lower      bool

	words  []string
	counts []int64
	index  map[string]int32

	// bucketIDs lists the stored buckets; bucket bucketIDs[i] has row
	// len(words)+i.
	bucketIDs []uint32
	bucketRow map[uint32]int32

	// rows holds one vector of dim values per word, in vocabulary order,
	// then one per stored bucket. A word's own row is not its vector when
	// the model has subwords: see Vector.
	rows []float32
}

// Dim returns the length of the vectors.
func (m *Model) Dim() int { return m.dim }

// Len returns the number of words in the vocabulary.
func (m *Model) Len() int { return len(m.words) }

// Word returns the word with vocabulary index i, most frequent first, and
// the number of times training saw it (0 for a model read from a word2vec
// text file, which has no counts). It panics when i is out of range.
func (m *Model) Word(i int) (string, int64) { return m.words[i], m.counts[i] }

// Subwords reports whether the model has n-gram vectors, and so gives
// vectors to words outside its vocabulary.
func (m *Model) Subwords() bool { return m.buckets > 0 }

// NGrams returns the shortest and longest n-gram length in code points,
// and the number of hash buckets; all three are 0 without subwords.
func (m *Model) NGrams() (minN, maxN, buckets int) { return m.minN, m.maxN, m.buckets }

// Lower reports whether the model was trained on lower-cased tokens, in
// which case Vector and Contains lower-case the words they are asked for.
func (m *Model) Lower() bool { return m.lower }

// Contains reports whether word is in the vocabulary.
func (m *Model) Contains(word string) bool {
	_, ok := m.index[m.fold(word)]
	return ok
}

// Vector returns a new slice with the vector of word, or nil when the
// model has none for it. With subwords, the vector of a vocabulary word is
// the average of its own row and the rows of its n-grams, the input vector
// that training used. A word outside the vocabulary, such as an unseen
// formula, gets the average of the rows of those of its n-grams whose
// bucket the vocabulary uses, and nil when there are none. Without
// subwords, only vocabulary words have vectors.
func (m *Model) Vector(word string) []float32 {
	word = m.fold(word)
	id, known := m.index[word]
	if m.buckets == 0 && !known {
		return nil
	}
	out := make([]float32, m.dim)
	n := 0
	if known {
		axpy(1, m.row(id), out)
		n++
	}
	if m.buckets > 0 {
		sub := newSubwords(m.minN, m.maxN, m.buckets)
		for _, b := range sub.appendBuckets(nil, []byte(word)) {
			if r, ok := m.bucketRow[b]; ok {
				axpy(1, m.row(r), out)
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	scale(1/float32(n), out)
	return out
}

func (m *Model) row(r int32) []float32 {
	return m.rows[int(r)*m.dim : (int(r)+1)*m.dim]
}

func (m *Model) fold(word string) string {
	if m.lower {
		return strings.ToLower(word)
	}
	return word
}

// indexWords fills m.index and m.bucketRow from m.words and m.bucketIDs.
func (m *Model) indexWords() {
	m.index = make(map[string]int32, len(m.words))
	for i, w := range m.words {
		m.index[w] = int32(i)
	}
	m.bucketRow = make(map[uint32]int32, len(m.bucketIDs))
	for i, b := range m.bucketIDs {
		m.bucketRow[b] = int32(len(m.words) + i)
	}
}

// usedBuckets returns the distinct buckets of the n-grams of words in the
// order of their first use, so that the rows of the n-grams of frequent
// words, which training reads most, lie together in memory.
func usedBuckets(words []string, sub *subwords) []uint32 {
	seen := map[uint32]bool{}
	var out, scratch []uint32
	for _, w := range words {
		scratch = sub.appendBuckets(scratch[:0], []byte(w))
		for _, b := range scratch {
			if !seen[b] {
				seen[b] = true
				out = append(out, b)
			}
		}
	}
	return out
}

// File names that WriteDir writes.
const (
	ModelName = "model.bin"       // the model, for Load
	TextName  = "vectors.txt"     // word2vec text format
	TableName = "vectors.parquet" // the vectors table, see VectorRow
)

// WriteDir writes the model file, the word2vec text file and the vectors
// table into dir, creating it when missing, each atomically. It returns
// the paths written, in that order.
func (m *Model) WriteDir(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write model: %w", err)
	}
	paths := []string{filepath.Join(dir, ModelName), filepath.Join(dir, TextName), filepath.Join(dir, TableName)}
	if err := m.Save(paths[0]); err != nil {
		return nil, err
	}
	if err := m.WriteText(paths[1]); err != nil {
		return nil, err
	}
	if _, err := m.WriteTable(paths[2]); err != nil {
		return nil, err
	}
	return paths, nil
}
