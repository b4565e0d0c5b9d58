package tagger

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/tensors"

	"github.com/litmine/litmine/embed"
	"github.com/litmine/litmine/ner"
)

// minShapeCount is the number of training tokens a word shape needs to get
// its own row; rarer shapes share the unknown one.
const minShapeCount = 2

// buildFeaturizer returns a featurizer with the vocabularies of the
// training sentences: every training word, then up to extraWords of the
// most frequent words of emb (nil for none) not among them; the word
// shapes seen minShapeCount times; every rule tag and rule source; and the
// POS tags seen. It also returns, for each word key, the surface form to
// look up in emb: the one emb counts most often, else the most frequent in
// training.
func buildFeaturizer(sentences []goldSentence, emb *embed.Model, extraWords, charBuckets, maxNGrams int) (*featurizer, []string) {
	set := newTagSet()
	surfaceCounts := map[string]map[string]int{}
	shapeCounts := map[string]int{}
	var keys, shapes, posTags []string
	for _, s := range sentences {
		for _, t := range s.tokens.Tokens {
			key := wordKey(t.Text)
			if surfaceCounts[key] == nil {
				surfaceCounts[key] = map[string]int{}
				keys = append(keys, key)
			}
			surfaceCounts[key][t.Text]++
			shape := wordShape(t.Text)
			if shapeCounts[shape]++; shapeCounts[shape] == minShapeCount {
				shapes = append(shapes, shape)
			}
			posTags = append(posTags, t.POS)
		}
	}

	words := newVocabulary([]string{"<pad>", "<unknown>"})
	surfaces := []string{"", ""}
	embSurface := map[string]string{}
	if emb != nil {
		for i := range emb.Len() {
			w, _ := emb.Word(i)
			if _, seen := embSurface[wordKey(w)]; !seen {
				embSurface[wordKey(w)] = w
			}
		}
	}
	for _, key := range keys {
		words.add(key)
		surface, ok := embSurface[key]
		if !ok {
			surface = mostFrequent(surfaceCounts[key])
		}
		surfaces = append(surfaces, surface)
	}
	for i := 0; emb != nil && i < emb.Len() && words.len() < len(keys)+2+extraWords; i++ {
		w, _ := emb.Word(i)
		if _, known := words.index[wordKey(w)]; !known {
			words.add(wordKey(w))
			surfaces = append(surfaces, w)
		}
	}

	categories := newVocabulary(nil)
	for _, kind := range categoryKinds {
		categories.add(kind + unknownCategory)
	}
	for _, shape := range shapes {
		categories.add(categoryKinds[0] + shape)
	}
	for _, name := range set.names() {
		categories.add(categoryKinds[1] + name)
	}
	for _, source := range []string{"", ner.SourceFormula, ner.SourceLexicon, ner.SourceCurated, ner.SourceNumber, ner.SourceUnit} {
		categories.add(categoryKinds[2] + source)
	}
	slices.Sort(posTags)
	for _, tag := range slices.Compact(posTags) {
		categories.add(categoryKinds[3] + tag)
	}
	feat := &featurizer{words: words, categories: categories, tags: set, charBuckets: charBuckets, maxNGrams: maxNGrams}
	return feat, surfaces
}

// mostFrequent returns the string with the highest count, the smallest
// string among ties.
func mostFrequent(counts map[string]int) string {
	best, bestCount := "", -1
	for s, n := range counts {
		if n > bestCount || (n == bestCount && s < best) {
			best, bestCount = s, n
		}
	}
	return best
}

// initialWordTable returns the starting word table [len(surfaces), dim]:
// the vector of each surface form in emb, scaled so that the vectors have
// a standard deviation of 0.1 like the random rows, and random normal rows
// (standard deviation 0.1, drawn from seed) for the words emb has no
// vector for, the padding and the unknown word. It also returns the
// number of rows taken from emb.
func initialWordTable(surfaces []string, emb *embed.Model, dim int, seed uint64) (*tensors.Tensor, int) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	values := make([]float32, len(surfaces)*dim)
	pretrained := make([]bool, len(surfaces))
	var sum, squares float64
	count := 0
	for i, s := range surfaces {
		if i < 2 || emb == nil {
			continue
		}
		if v := emb.Vector(s); v != nil {
			copy(values[i*dim:], v)
			pretrained[i] = true
			for _, x := range v {
				sum += float64(x)
				squares += float64(x) * float64(x)
			}
			count++
		}
	}
	scale := 1.0
	if count > 0 {
		n := float64(count * dim)
		if std := math.Sqrt(squares/n - (sum/n)*(sum/n)); std > 0 {
			scale = 0.1 / std
		}
	}
	for i := range surfaces {
		for j := range dim {
			if pretrained[i] {
				values[i*dim+j] = float32(float64(values[i*dim+j]) * scale)
			} else {
				values[i*dim+j] = float32(rng.NormFloat64() * 0.1)
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(values, len(surfaces), dim), count
}
