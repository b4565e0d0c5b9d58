package ner

import (
	"fmt"
	"math"

	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner/formula"
)

// Annotation is the output of the annotate stage for one document.
type Annotation struct {
	Sentences []schema.Sentence
	Entities  []schema.Entity
	Materials []schema.Material
	// Err is the error of the Annotator's Tagger on this document, which
	// then has no entities or materials. It is always nil without a
	// Tagger.
	Err error
}

// Annotator annotates documents: sentences, tokens and tags from its
// Tokenizer, entities from its Recognizer or from a trained Tagger that
// reads the rules' spans as features, and the compositions of material
// formulas. An Annotator is not safe for concurrent use; create one per
// goroutine with the same Recognizer and Tagger.
type Annotator struct {
	tokenizer  *Tokenizer
	recognizer *Recognizer
	tagger     TaggerSession // nil: entities come from the rules
	vars       map[string]float64
}

// NewAnnotator returns an Annotator that uses rec, which goroutines may
// share. vars gives values to stoichiometry variables such as x; nil means
// none. Without options the entities come from rec; WithTagger takes them
// from a trained model.
func NewAnnotator(rec *Recognizer, vars map[string]float64, opts ...AnnotatorOption) (*Annotator, error) {
	tok, err := NewTokenizer(nil)
	if err != nil {
		return nil, err
	}
	a := &Annotator{tokenizer: tok, recognizer: rec, vars: vars}
	for _, opt := range opts {
		if err := opt(a); err != nil {
			return nil, fmt.Errorf("set up annotator: %w", err)
		}
	}
	return a, nil
}

// sentenceRef locates a tokenized sentence in its document.
type sentenceRef struct {
	paragraph schema.Paragraph
	row       schema.Sentence
	tokens    TokenizedSentence
}

// Annotate annotates the paragraphs of one document, which must share a
// doc_id and come in document order. Offsets in the result are document
// offsets; sentence and entity numbers count from 0 within the document.
// With a Tagger, all the sentences of the document go to it in one call;
// when it fails, the result has the sentences, no entities, and Err set.
func (a *Annotator) Annotate(paragraphs []schema.Paragraph) Annotation {
	var out Annotation
	var refs []sentenceRef
	var rules [][]Span
	for _, p := range paragraphs {
		for _, ts := range a.tokenizer.Tokenize(p.Text) {
			sent := a.sentenceRow(p, ts, int32(len(out.Sentences)))
			out.Sentences = append(out.Sentences, sent)
			refs = append(refs, sentenceRef{paragraph: p, row: sent, tokens: ts})
			rules = append(rules, a.recognizer.Recognize(ts))
		}
	}
	spans := rules
	if a.tagger != nil && len(refs) > 0 {
		sentences := make([]TokenizedSentence, len(refs))
		for i, r := range refs {
			sentences[i] = r.tokens
		}
		var err error
		if spans, err = a.tagger.Tag(sentences, rules); err != nil {
			out.Err = fmt.Errorf("tag entities: %w", err)
			return out
		}
		if len(spans) != len(refs) {
			out.Err = fmt.Errorf("tag entities: the tagger returned %d sentences for %d", len(spans), len(refs))
			return out
		}
		for i := range spans {
			spans[i] = modelSpans(spans[i], rules[i], sentences[i])
		}
	}
	for i, r := range refs {
		for _, span := range spans[i] {
			ent := entityRow(r.paragraph, r.row, r.tokens, span, int32(len(out.Entities)))
			out.Entities = append(out.Entities, ent)
			if m, ok := a.materialRow(ent, span); ok {
				out.Materials = append(out.Materials, m)
			}
		}
	}
	return out
}

func (a *Annotator) sentenceRow(p schema.Paragraph, ts TokenizedSentence, index int32) schema.Sentence {
	s := schema.Sentence{
		DocID: p.DocID, Paragraph: p.Paragraph, Sentence: index,
		Start: p.Start + int32(ts.Start), End: p.Start + int32(ts.End),
		Tokens:      make([]string, len(ts.Tokens)),
		TokenStarts: make([]int32, len(ts.Tokens)),
		TokenEnds:   make([]int32, len(ts.Tokens)),
		POS:         make([]string, len(ts.Tokens)),
	}
	for i, t := range ts.Tokens {
		s.Tokens[i] = t.Text
		s.TokenStarts[i] = p.Start + int32(t.Start)
		s.TokenEnds[i] = p.Start + int32(t.End)
		s.POS[i] = t.POS
	}
	s.Text = sliceRunes(p.Text, ts.Start, ts.End)
	return s
}

func entityRow(p schema.Paragraph, sent schema.Sentence, ts TokenizedSentence, span Span, id int32) schema.Entity {
	first, last := ts.Tokens[span.TokenStart], ts.Tokens[span.TokenEnd-1]
	return schema.Entity{
		DocID: p.DocID, Entity: id, Paragraph: p.Paragraph, Sentence: sent.Sentence,
		Start: p.Start + int32(first.Start), End: p.Start + int32(last.End),
		TokenStart: int32(span.TokenStart), TokenEnd: int32(span.TokenEnd),
		Label: span.Label.String(), Text: sliceRunes(p.Text, first.Start, last.End),
		Score: span.Score, Source: span.Source,
	}
}

// materialRow parses the formula of a Material entity: its own text when a
// rule found it as a formula, or the formula a lexicon gives for its name.
func (a *Annotator) materialRow(ent schema.Entity, span Span) (schema.Material, bool) {
	if span.Label != schema.LabelMaterial {
		return schema.Material{}, false
	}
	text := span.Formula
	if span.Source == SourceFormula {
		text = ent.Text
	}
	if text == "" {
		return schema.Material{}, false
	}
	m := schema.Material{DocID: ent.DocID, Entity: ent.Entity, Start: ent.Start, End: ent.End, Text: ent.Text}
	comp, err := formula.Parse(text, formula.Options{Vars: a.vars})
	if err != nil {
		m.ParseError = err.Error()
		return m, true
	}
	m.Formula = comp.Formula
	m.Unresolved = comp.Unresolved
	for _, el := range comp.Elements {
		m.Elements = append(m.Elements, el.Symbol)
		amount := el.Amount
		if el.Expr != "" {
			amount = math.NaN()
		}
		m.Amounts = append(m.Amounts, amount)
	}
	return m, true
}

// sliceRunes returns the code points [start, end) of s.
func sliceRunes(s string, start, end int) string {
	from, to := -1, len(s)
	k := 0
	for pos := range s {
		if k == start {
			from = pos
		}
		if k == end {
			to = pos
			break
		}
		k++
	}
	if from < 0 {
		return ""
	}
	return s[from:to]
}
