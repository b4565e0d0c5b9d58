package tagger

import (
	"fmt"

	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/ner"
)

// engine tags sentences with a host network, a featurizer and a CRF. It
// implements ner.TaggerSession; it is not safe for concurrent use, because
// it reuses its buffers, but engines may share their network, featurizer
// and CRF.
type engine struct {
	nets    []*hostNetwork // the members of an ensemble; usually one
	feat    *featurizer
	crf     *crf
	source  string
	scratch []hostScratch // one per member
	mean    []float32     // the members' mean emission scores
}

// Tag implements ner.TaggerSession. All the sentences of a call go through
// the input projection and the output layer as one matrix product each;
// sentences longer than MaxTokens are cut into pieces tagged
// independently.
func (e *engine) Tag(sentences []ner.TokenizedSentence, rules [][]ner.Span) ([][]ner.Span, error) {
	if len(rules) != len(sentences) {
		return nil, fmt.Errorf("tag %d sentences with rule spans for %d", len(sentences), len(rules))
	}
	var examples []*example
	var owners, starts []int
	for i, s := range sentences {
		for _, r := range pieces(len(s.Tokens)) {
			ex := &example{features: e.feat.features(s, rules[i], r[0], r[1])}
			if err := e.nets[0].net.checkIDs(ex.features.words, ex.features.chars, ex.features.categories); err != nil {
				return nil, fmt.Errorf("tag entities: %w", err)
			}
			examples = append(examples, ex)
			owners, starts = append(owners, i), append(starts, r[0])
		}
	}
	out := make([][]ner.Span, len(sentences))
	for i, scores := range e.emissions(examples) {
		tokens := sentences[owners[i]].Tokens
		for _, span := range e.decode(scores, examples[i].len()) {
			span.TokenStart += starts[i]
			span.TokenEnd += starts[i]
			if span = trimSeparators(span, tokens); span.TokenEnd > span.TokenStart {
				out[owners[i]] = append(out[owners[i]], span)
			}
		}
	}
	return out, nil
}

// trimSeparators drops the separator tokens ("/", ":", ";", ",") at either
// end of span. The tokenizer cuts ratios such as "Si/Al" at the slash. The
// model saw few such tokens in training, so it sometimes extends an entity
// over one, but gold entities almost never start or end with one.
func trimSeparators(span ner.Span, tokens []ner.Token) ner.Span {
	separator := func(t int) bool {
		switch tokens[t].Text {
		case "/", ":", ";", ",":
			return true
		}
		return false
	}
	for span.TokenStart < span.TokenEnd && separator(span.TokenStart) {
		span.TokenStart++
	}
	for span.TokenEnd > span.TokenStart && separator(span.TokenEnd-1) {
		span.TokenEnd--
	}
	return span
}

// emissions returns the emission scores of each example, averaged over
// the members. The slices are valid until the next call.
func (e *engine) emissions(examples []*example) [][]float32 {
	if len(e.scratch) != len(e.nets) {
		e.scratch = make([]hostScratch, len(e.nets))
	}
	first := e.nets[0].emissions(examples, &e.scratch[0])
	if len(e.nets) == 1 {
		return first
	}

	// Copy the first member's scores out of its scratch buffer, add the
	// others' and divide.
	n := 0
	for _, x := range first {
		n += len(x)
	}
	e.mean = grow(e.mean, n)
	out := make([][]float32, len(first))
	row := 0
	for i, x := range first {
		out[i] = e.mean[row : row+len(x)]
		copy(out[i], x)
		row += len(x)
	}

	for k := 1; k < len(e.nets); k++ {
		for i, x := range e.nets[k].emissions(examples, &e.scratch[k]) {
			blas32.Saxpy(len(x), 1, x, 1, out[i], 1)
		}
	}
	scale := 1 / float32(len(e.nets))
	for i := range out {
		for j := range out[i] {
			out[i][j] *= scale
		}
	}
	return out
}

// decode returns the spans of the best tag path of one piece of n tokens,
// each scored with the mean, over its tokens, of the marginal probability
// of the tag the path gives the token.
func (e *engine) decode(emissions []float32, n int) []ner.Span {
	k := e.crf.tags
	path, _ := e.crf.viterbi(emissions, n)
	marginals, _ := e.crf.marginals(emissions, n)
	spans := e.feat.tags.decode(path)
	for i := range spans {
		sum := 0.0
		for t := spans[i].TokenStart; t < spans[i].TokenEnd; t++ {
			sum += marginals[t*k+int(path[t])]
		}
		spans[i].Score = float32(sum / float64(spans[i].TokenEnd-spans[i].TokenStart))
		spans[i].Source = e.source
	}
	return spans
}

// weightsFromContext returns the values of the float32 variables of ctx
// by name ("/bilstm/biases").
func weightsFromContext(ctx *mlctx.Context) (map[string][]float32, error) {
	values := map[string][]float32{}
	for v := range ctx.IterVariables() {
		if !v.DType().IsFloat() {
			continue // the random-number generator's state
		}
		value, err := v.Value()
		if err != nil {
			return nil, fmt.Errorf("variable %s: %w", v.ScopeAndName(), err)
		}
		if values[v.ScopeAndName()], err = tensors.CopyFlatData[float32](value); err != nil {
			return nil, fmt.Errorf("variable %s: %w", v.ScopeAndName(), err)
		}
	}
	return values, nil
}

// weightsFromTensors returns the values of float32 model-file tensors by
// name.
func weightsFromTensors(ts []modelfile.Tensor) (map[string][]float32, error) {
	values := map[string][]float32{}
	for i := range ts {
		v, err := ts[i].Float32s()
		if err != nil {
			return nil, err
		}
		values[ts[i].Name] = v
	}
	return values, nil
}
