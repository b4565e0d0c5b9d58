package tagger

import (
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// lengthBuckets are the sequence lengths that batches are padded to. Each
// (batch size, length) pair compiles its own graph, so there are few.
var lengthBuckets = []int{8, 16, 24, 32, 48, 64, 96, 128}

// MaxTokens is the longest piece of a sentence that the model reads at
// once: a longer sentence is cut into pieces of MaxTokens tokens (the last
// one shorter), tagged independently, so no entity spans a cut.
const MaxTokens = 128

// bucketOf returns the index in lengthBuckets of the shortest bucket that
// holds n tokens, n <= MaxTokens.
func bucketOf(n int) int {
	for i, b := range lengthBuckets {
		if n <= b {
			return i
		}
	}
	return len(lengthBuckets) - 1
}

// pieces returns the [start, end) token ranges that a sentence of n tokens
// is cut into; none for n = 0.
func pieces(n int) [][2]int {
	var out [][2]int
	for start := 0; start < n; start += MaxTokens {
		out = append(out, [2]int{start, min(start+MaxTokens, n)})
	}
	return out
}

// example is one sentence piece with its features and, for training, its
// gold tags.
type example struct {
	features sentenceFeatures
	tags     []int32 // nil at inference
}

func (e *example) len() int { return len(e.features.words) }

// batch holds the padded input tensors of up to size examples of at most
// length tokens. Rows past the examples are padding, with mask false.
type batch struct {
	size, length int
	maxNGrams    int
	words        []int32 // [size, length]
	chars        []int32 // [size, length, maxNGrams]
	categories   []int32 // [size, length, numCategories]
	mask         []bool  // [size, length]
}

// newBatch pads the examples into a batch of the given size and length.
// Examples longer than length are an error of the caller; it panics.
func newBatch(examples []*example, size, length, maxNGrams int) *batch {
	b := &batch{
		size: size, length: length, maxNGrams: maxNGrams,
		words:      make([]int32, size*length),
		chars:      make([]int32, size*length*maxNGrams),
		categories: make([]int32, size*length*numCategories),
		mask:       make([]bool, size*length),
	}
	for r, ex := range examples {
		n := ex.len()
		if n > length {
			panic("tagger: example longer than its batch")
		}
		row := r * length
		copy(b.words[row:], ex.features.words)
		copy(b.chars[row*maxNGrams:], ex.features.chars)
		copy(b.categories[row*numCategories:], ex.features.categories)
		for i := range n {
			b.mask[row+i] = true
		}
	}
	return b
}

// inputs returns the feature tensors in the order the graphs take them.
func (b *batch) inputs() []any {
	return []any{
		tensors.FromFlatDataAndDimensions(b.words, b.size, b.length),
		tensors.FromFlatDataAndDimensions(b.chars, b.size, b.length, b.maxNGrams),
		tensors.FromFlatDataAndDimensions(b.categories, b.size, b.length, numCategories),
		tensors.FromFlatDataAndDimensions(b.mask, b.size, b.length),
	}
}

// goldInputs returns the training inputs that follow the features: the gold
// tags [size, length] and the counts of gold transitions [tags, tags],
// first tags [tags] and last tags [tags] over the batch.
func goldInputs(examples []*example, size, length, numTags int) []any {
	tags := make([]int32, size*length)
	transitions := make([]float32, numTags*numTags)
	starts := make([]float32, numTags)
	ends := make([]float32, numTags)
	for r, ex := range examples {
		copy(tags[r*length:], ex.tags)
		n := len(ex.tags)
		if n == 0 {
			continue
		}
		starts[ex.tags[0]]++
		ends[ex.tags[n-1]]++
		for i := 1; i < n; i++ {
			transitions[int(ex.tags[i-1])*numTags+int(ex.tags[i])]++
		}
	}
	return []any{
		tensors.FromFlatDataAndDimensions(tags, size, length),
		tensors.FromFlatDataAndDimensions(transitions, numTags, numTags),
		tensors.FromFlatDataAndDimensions(starts, numTags),
		tensors.FromFlatDataAndDimensions(ends, numTags),
	}
}
