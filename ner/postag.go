package ner

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"
)

// posTagger assigns Penn Treebank tags with the averaged-perceptron model
// that ships inside prose v2 (a port of TextBlob's tagger, with the same
// features and weights). litmine runs the model itself for three reasons.
// prose v2.0.0 breaks ties between equally scored tags in Go map order, so
// the same sentence can get different tags in two runs. It shares one token
// object among repeats of a word, so a repeated word reports the tag of its
// last occurrence. And it tags only its own tokens, which differ from
// litmine's chemistry-aware ones.
//
// Three rules of prose's tagger are left out because they misfire on
// papers: "0" tagged "-NONE-" (a Penn Treebank trace marker), tokens such as
// "-LRB-" tagged as themselves, and NN for every token its URL pattern
// matches, which includes decimals such as "0.005" and formulas such as
// "LiNi0.8Co0.2O2". Here only tokens with "://", "www." or "@" are tagged NN
// without the model.
type posTagger struct {
	classes []string
	tagDict map[string]string        // words that always take one tag
	weights map[string][]classWeight // feature → weights by class
}

type classWeight struct {
	class  int32
	weight float64
}

var (
	taggerOnce sync.Once
	taggerErr  error
	tagger     *posTagger
)

// sharedTagger loads prose's perceptron model once per process.
func sharedTagger() (*posTagger, error) {
	taggerOnce.Do(func() { tagger, taggerErr = loadTagger() })
	return tagger, taggerErr
}

func loadTagger() (*posTagger, error) {
	var classes []string
	var tags map[string]string
	var weights map[string]map[string]float64
	for name, dst := range map[string]any{"classes.gob": &classes, "tags.gob": &tags, "weights.gob": &weights} {
		data, err := prose.Asset("model/AveragedPerceptron/" + name)
		if err != nil {
			return nil, fmt.Errorf("load prose tagger model %s: %w", name, err)
		}
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(dst); err != nil {
			return nil, fmt.Errorf("decode prose tagger model %s: %w", name, err)
		}
	}
	sort.Strings(classes)
	index := make(map[string]int32, len(classes))
	for i, c := range classes {
		index[c] = int32(i)
	}
	t := &posTagger{classes: classes, tagDict: tags, weights: make(map[string][]classWeight, len(weights))}
	for feat, byClass := range weights {
		list := make([]classWeight, 0, len(byClass))
		for c, w := range byClass {
			if k, ok := index[c]; ok {
				list = append(list, classWeight{k, w})
			}
		}
		t.weights[feat] = list
	}
	return t, nil
}

// tagState holds the buffers of one tagging call, reused between calls by
// one Tokenizer.
type tagState struct {
	context []string
	scores  []float64
	touched []bool // classes that some feature gave a weight, the only candidates
	key     []byte
}

// tag returns the tag of each word, reading the whole sentence as context.
func (t *posTagger) tag(words []string, st *tagState) []string {
	n := len(words)
	st.context = append(st.context[:0], "-START-", "-START2-")
	for _, w := range words {
		st.context = append(st.context, normalizeWord(w))
	}
	st.context = append(st.context, "-END-", "-END2-")
	if len(st.scores) != len(t.classes) {
		st.scores = make([]float64, len(t.classes))
		st.touched = make([]bool, len(t.classes))
	}
	tags := make([]string, n)
	p1, p2 := "-START-", "-START2-"
	for i, w := range words {
		tag, ok := specialTag(w)
		if !ok {
			if tag, ok = t.tagDict[w]; !ok {
				tag = t.predict(i, w, p1, p2, st)
			}
		}
		tags[i] = tag
		p2, p1 = p1, tag
	}
	return tags
}

// specialTag returns the tag of tokens the model does not score: a lone
// hyphen, URLs and e-mail addresses.
func specialTag(w string) (string, bool) {
	switch {
	case w == "-":
		return "-", true
	case strings.Contains(w, "://"), strings.HasPrefix(w, "www."), strings.Contains(w, "@"):
		return "NN", true
	}
	return "", false
}

// predict scores the classes with the features of word i and returns the
// best class among those that some feature weighs. Ties go to the class
// that sorts first. w must not be empty.
func (t *posTagger) predict(i int, w, p1, p2 string, st *tagState) string {
	for k := range st.scores {
		st.scores[k] = 0
		st.touched[k] = false
	}

	ctx := st.context
	c := i + 2
	add := func(parts ...string) {
		st.key = st.key[:0]
		for j, p := range parts {
			if j > 0 {
				st.key = append(st.key, ' ')
			}
			st.key = append(st.key, p...)
		}
		for _, cw := range t.weights[string(st.key)] {
			st.scores[cw.class] += cw.weight
			st.touched[cw.class] = true
		}
	}
	add("bias")
	add("i suffix", suffix3(w))
	// The model's prefix feature is the first byte read as a code point.
	add("i pref1", string(rune(w[0])))
	add("i-1 tag", p1)
	add("i-2 tag", p2)
	add("i tag+i-2 tag", p1, p2)
	add("i word", ctx[c])
	add("i-1 tag+i word", p1, ctx[c])
	add("i-1 word", ctx[c-1])
	add("i-1 suffix", suffix3(ctx[c-1]))
	add("i-2 word", ctx[c-2])
	add("i+1 word", ctx[c+1])
	add("i+1 suffix", suffix3(ctx[c+1]))
	add("i+2 word", ctx[c+2])

	best := -1
	for k, s := range st.scores {
		if st.touched[k] && (best < 0 || s > st.scores[best]) {
			best = k
		}
	}
	if best < 0 {
		return "NN"
	}
	return t.classes[best]
}

// suffix3 returns the last three bytes of s, as the model's features were
// trained with.
func suffix3(s string) string {
	if len(s) <= 3 {
		return s
	}
	return s[len(s)-3:]
}

// normalizeWord maps a word to the form the model's word features use:
// hyphenated words, four-digit years and words starting with a digit share
// one form each, and other words are lower-cased.
func normalizeWord(w string) string {
	switch {
	case w == "":
		return w
	case strings.Contains(w, "-") && w[0] != '-':
		return "!HYPHEN"
	case len(w) == 4 && allDigitsSigned(w):
		return "!YEAR"
	case w[0] >= '0' && w[0] <= '9':
		return "!DIGITS"
	}
	return strings.ToLower(w)
}

// allDigitsSigned reports whether s parses as a decimal integer with an
// optional sign, as strconv.Atoi would accept it.
func allDigitsSigned(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	return allDigits(s)
}
