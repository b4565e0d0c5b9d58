package embed

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
)

// vocabulary is the set of words that training keeps, most frequent first.
type vocabulary struct {
	words  []string
	counts []int64
	index  map[string]int32
	// tokens is the number of tokens in the corpus, rare words included.
	tokens int64
	// keptTokens is the number of tokens of the words kept.
	keptTokens int64
}

// countProgressEvery is the number of sentences between progress events of
// the counting pass.
const countProgressEvery = 4096

// countWords reads corpus once and returns the words seen at least
// minCount times, sorted by count, most frequent first, and then by word.
// NOTE: the count of every distinct token is held in memory until the end
// of the pass, with no pruning of rare words as word2vec does on corpora
// of tens of millions of distinct tokens.
func countWords(ctx context.Context, corpus Corpus, minCount int, lower bool, report func(sentences int64, final bool)) (*vocabulary, error) {
	counts := map[string]int64{}
	var tokens, sentences int64
	var folded []byte
	err := corpus.Sentences(ctx, func(sentence [][]byte) error {
		for _, t := range sentence {
			if lower {
				folded = appendLower(folded[:0], t)
				t = folded
			}
			if _, ok := counts[string(t)]; ok {
				counts[string(t)]++
			} else {
				counts[string(t)] = 1
			}
		}
		tokens += int64(len(sentence))
		sentences++
		if sentences%countProgressEvery == 0 {
			report(sentences, false)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	report(sentences, true)
	return newVocabulary(counts, minCount, tokens), nil
}

func newVocabulary(counts map[string]int64, minCount int, tokens int64) *vocabulary {
	v := &vocabulary{tokens: tokens, index: map[string]int32{}}
	for w, n := range counts {
		if n >= int64(minCount) {
			v.words = append(v.words, w)
		}
	}
	slices.SortFunc(v.words, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	v.counts = make([]int64, len(v.words))
	for i, w := range v.words {
		v.counts[i] = counts[w]
		v.index[w] = int32(i)
		v.keptTokens += counts[w]
	}
	return v
}

// appendLower appends the lower-case form of the UTF-8 text t to dst, with
// a fast path for ASCII.
func appendLower(dst, t []byte) []byte {
	for _, c := range t {
		if c >= 0x80 {
			return append(dst, strings.ToLower(string(t))...)
		}
	}
	for _, c := range t {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// keepThresholds returns, for each word, the probability of keeping one of
// its tokens under subsampling, scaled to [0, 2^32]: a token is kept when
// a uniform 32-bit random number is below it. sample <= 0 keeps every token.
func keepThresholds(v *vocabulary, sample float64) []uint64 {
	out := make([]uint64, len(v.words))
	for i, n := range v.counts {
		p := 1.0
		if sample > 0 {
			threshold := sample * float64(v.keptTokens)
			p = (math.Sqrt(float64(n)/threshold) + 1) * threshold / float64(n)
		}
		out[i] = uint64(min(p, 1) * (1 << 32))
	}
	return out
}

// aliasTable draws word ids from the unigram distribution raised to the
// power 0.75 in constant time (Vose's alias method). Its two arrays hold
// one entry per word, so for vocabularies of tens of thousands of words
// they stay in the CPU caches, unlike word2vec's table of 10^8 entries.
type aliasTable struct {
	threshold []uint32 // draw i keeps i when the low 32 random bits are below threshold[i]
	alias     []int32
}

func newAliasTable(counts []int64) aliasTable {
	n := len(counts)
	weights := make([]float64, n)
	total := 0.0
	for i, c := range counts {
		weights[i] = math.Pow(float64(c), 0.75)
		total += weights[i]
	}
	t := aliasTable{threshold: make([]uint32, n), alias: make([]int32, n)}
	var small, large []int32
	for i := range weights {
		weights[i] *= float64(n) / total
		t.alias[i] = int32(i)
		if weights[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		t.threshold[s] = uint32(weights[s] * (1 << 32))
		t.alias[s] = l
		weights[l] -= 1 - weights[s]
		if weights[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		t.threshold[i] = math.MaxUint32 // rounding left these at about 1
	}
	return t
}

// draw returns a word id for the 64 random bits r: the high 32 pick an
// entry and the low 32 choose between the entry and its alias.
func (t *aliasTable) draw(r uint64) int32 {
	i := int32((r >> 32) * uint64(len(t.threshold)) >> 32)
	if uint32(r) < t.threshold[i] {
		return i
	}
	return t.alias[i]
}
