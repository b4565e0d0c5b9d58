package ner

import (
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner/formula"
)

// Tagger is a trained entity model that an Annotator uses in place of the
// rules' entities. The rules still run: their spans are features of the
// model, and they give the entities when no Tagger is set. Package
// ner/tagger implements it with a BiLSTM-CRF; ner does not import it.
type Tagger interface {
	// Name identifies the model, such as "model/bilstm-crf@1a2b3c4d". The
	// annotate stage writes it in the source column of the entities it
	// finds and records it in the stage config, so that a run annotated
	// with another model is not taken as done.
	Name() string

	// NewSession returns the per-goroutine state of the model, such as
	// compiled graphs and buffers. Sessions of one Tagger may be used at
	// the same time from different goroutines; one session may not.
	NewSession() (TaggerSession, error)
}

// TaggerSession tags sentences for one goroutine.
type TaggerSession interface {
	// Tag returns the entities of each sentence: out[i] for sentences[i],
	// sorted, without overlaps, with token offsets into the sentence, a
	// Score in [0, 1] and the model's name as Source. rules[i] holds the
	// rule spans of sentences[i] (Recognizer.Recognize), which the model
	// reads as features. Tag receives all the sentences of a document at once,
	// so it can batch them. An error leaves out undefined.
	Tag(sentences []TokenizedSentence, rules [][]Span) ([][]Span, error)
}

// AnnotatorOption changes how NewAnnotator sets up an Annotator.
type AnnotatorOption func(*Annotator) error

// WithTagger makes the Annotator take its entities from t, with the rules
// as features, instead of from the rules. A nil t keeps the rules.
func WithTagger(t Tagger) AnnotatorOption {
	return func(a *Annotator) error {
		if t == nil {
			return nil
		}
		session, err := t.NewSession()
		if err != nil {
			return err
		}
		a.tagger = session
		return nil
	}
}

// modelSpans completes the spans a tagger found in one sentence for the
// materials table: a Material span with the same tokens as a rule span
// takes the rule's formula, and a one-token Material that the formula
// rule would keep is read as a formula itself.
func modelSpans(spans, rules []Span, s TokenizedSentence) []Span {
	for i := range spans {
		sp := &spans[i]
		if sp.Label != schema.LabelMaterial || sp.Formula != "" {
			continue
		}
		for _, r := range rules {
			if r.TokenStart != sp.TokenStart || r.TokenEnd != sp.TokenEnd {
				continue
			}
			sp.Formula = r.Formula
			if r.Source == SourceFormula {
				sp.Formula = s.Tokens[r.TokenStart].Text
			}
		}
		text := s.Tokens[sp.TokenStart].Text
		if sp.Formula == "" && sp.TokenEnd-sp.TokenStart == 1 && mayBeFormula(text) {
			if ok, _ := formula.Recognize(text); ok {
				sp.Formula = text
			}
		}
	}
	return spans
}
