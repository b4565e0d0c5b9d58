package tagger

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/litmine/litmine/ner"
)

// Reserved rows of the word table.
const (
	wordPadding = 0 // padded positions
	wordUnknown = 1 // words outside the vocabulary
)

// numCategories is the number of categorical features of a token: its
// word shape, its rule tag, the rule that found it, and its POS tag.
const numCategories = 4

// Prefixes of the keys of the category vocabulary, one per categorical
// feature, in the order of the category ids of a token.
var categoryKinds = [numCategories]string{"shape:", "rule:", "source:", "pos:"}

// unknownCategory is the key suffix of each kind's row for values outside
// the vocabulary.
const unknownCategory = "?"

// vocabulary maps strings to dense ids; a string's id is its position in
// items.
type vocabulary struct {
	items []string
	index map[string]int32
}

func newVocabulary(items []string) *vocabulary {
	v := &vocabulary{index: make(map[string]int32, len(items))}
	for _, it := range items {
		v.add(it)
	}
	return v
}

// add appends s unless it is there already, and returns its id.
func (v *vocabulary) add(s string) int32 {
	if id, ok := v.index[s]; ok {
		return id
	}
	id := int32(len(v.items))
	v.items = append(v.items, s)
	v.index[s] = id
	return id
}

func (v *vocabulary) len() int { return len(v.items) }

// featurizer turns tokenized sentences into the model's integer features.
// It is read-only after construction, so goroutines may share it.
type featurizer struct {
	words      *vocabulary // key: wordKey of a token; rows 0 and 1 are padding and unknown
	categories *vocabulary // keys: a categoryKinds prefix and a value
	tags       tagSet
	// charBuckets is the number of rows of the n-gram table, row 0 being
	// padding; maxNGrams the most n-grams kept per token.
	charBuckets, maxNGrams int
}

// wordKey returns the key of token in the word vocabulary: the token in
// lower case. Case is in the word shape.
func wordKey(token string) string { return strings.ToLower(token) }

// wordShape returns a short shape of token: each letter as X or x, each
// digit as d, other characters as themselves, with runs of one class cut to
// two, so "LiFePO4" gives "XxXxXXd" and "1000" gives "dd".
func wordShape(token string) string {
	var b strings.Builder
	var last rune
	run := 0
	for _, r := range token {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c == last {
			run++
		} else {
			last, run = c, 1
		}
		if run <= 2 {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// Lengths of the character n-grams of a token, in code points, counting
// the "<" and ">" that mark its start and end.
const minNGram, maxNGram = 2, 4

// appendNGrams appends to dst the n-gram buckets of token, in [1,
// charBuckets), at most maxNGrams of them: the n-grams of "<token>" from
// the shortest length up, so a long token keeps its short n-grams. Case is
// kept, because it distinguishes element symbols ("Co", "CO").
func (f *featurizer) appendNGrams(dst []int32, token string) []int32 {
	runes := make([]rune, 0, utf8.RuneCountInString(token)+2)
	runes = append(runes, '<')
	runes = append(runes, []rune(token)...)
	runes = append(runes, '>')
	added := 0
	for n := minNGram; n <= maxNGram; n++ {
		for i := 0; i+n <= len(runes); i++ {
			if added == f.maxNGrams {
				return dst
			}
			dst = append(dst, 1+int32(hashNGram(runes[i:i+n])%uint32(f.charBuckets-1)))
			added++
		}
	}
	return dst
}

// hashNGram returns the 32-bit FNV-1a hash of the UTF-8 bytes of an n-gram.
func hashNGram(gram []rune) uint32 {
	h := uint32(2166136261)
	var buf [utf8.UTFMax]byte
	for _, r := range gram {
		n := utf8.EncodeRune(buf[:], r)
		for _, b := range buf[:n] {
			h ^= uint32(b)
			h *= 16777619
		}
	}
	return h
}

// sentenceFeatures are the features of the tokens of one sentence, n
// tokens long, as flat arrays.
type sentenceFeatures struct {
	words      []int32 // [n]
	chars      []int32 // [n, maxNGrams], 0 where a token has fewer n-grams
	categories []int32 // [n, numCategories]
}

// features returns the features of the tokens [from, to) of s, given the
// rule spans of s.
func (f *featurizer) features(s ner.TokenizedSentence, rules []ner.Span, from, to int) sentenceFeatures {
	n := to - from
	out := sentenceFeatures{
		words:      make([]int32, n),
		chars:      make([]int32, n*f.maxNGrams),
		categories: make([]int32, n*numCategories),
	}
	ruleTags := f.tags.encode(rules, len(s.Tokens))
	ruleSources := make([]string, len(s.Tokens))
	for _, r := range rules {
		for k := r.TokenStart; k < r.TokenEnd; k++ {
			ruleSources[k] = r.Source
		}
	}
	var grams []int32
	for i := range n {
		tok := s.Tokens[from+i]
		out.words[i] = wordUnknown
		if id, ok := f.words.index[wordKey(tok.Text)]; ok {
			out.words[i] = id
		}
		grams = f.appendNGrams(grams[:0], tok.Text)
		copy(out.chars[i*f.maxNGrams:], grams)
		values := [numCategories]string{wordShape(tok.Text), f.tags.name(ruleTags[from+i]), ruleSources[from+i], tok.POS}
		for k, v := range values {
			out.categories[i*numCategories+k] = f.category(k, v)
		}
	}
	return out
}

// category returns the id of value for categorical feature kind, or the
// kind's unknown row.
func (f *featurizer) category(kind int, value string) int32 {
	if id, ok := f.categories.index[categoryKinds[kind]+value]; ok {
		return id
	}
	return f.categories.index[categoryKinds[kind]+unknownCategory]
}

// checkCategories returns an error unless every kind has its unknown row.
func checkCategories(v *vocabulary) error {
	for _, kind := range categoryKinds {
		if _, ok := v.index[kind+unknownCategory]; !ok {
			return fmt.Errorf("category vocabulary has no %q row", kind+unknownCategory)
		}
	}
	return nil
}
