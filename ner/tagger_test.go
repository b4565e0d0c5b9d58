package ner

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/schema"
)

// fakeTagger labels every token that a rule labels Material, and the token
// "stirred", with fixed scores.
type fakeTagger struct{ err error }

func (f fakeTagger) Name() string                       { return "model/fake@00000000" }
func (f fakeTagger) NewSession() (TaggerSession, error) { return f, nil }

func (f fakeTagger) Tag(sentences []TokenizedSentence, rules [][]Span) ([][]Span, error) {
	if f.err != nil {
		return nil, f.err
	}
	out := make([][]Span, len(sentences))
	for i, s := range sentences {
		for _, r := range rules[i] {
			if r.Label == schema.LabelMaterial {
				out[i] = append(out[i], Span{TokenStart: r.TokenStart, TokenEnd: r.TokenEnd, Label: schema.LabelMaterial, Score: 0.5, Source: f.Name()})
			}
		}
		for k, t := range s.Tokens {
			if t.Text == "stirred" {
				out[i] = append(out[i], Span{TokenStart: k, TokenEnd: k + 1, Label: schema.LabelOperation, Score: 0.25, Source: f.Name()})
			}
		}
	}
	return out, nil
}

func annotateWith(t *testing.T, tagger Tagger, text string) Annotation {
	t.Helper()
	a, err := NewAnnotator(sharedRecognizer(t), nil, WithTagger(tagger))
	if err != nil {
		t.Fatal(err)
	}
	return a.Annotate([]schema.Paragraph{{DocID: "d", Text: text, End: int32(utf8.RuneCountInString(text))}})
}

func TestAnnotatorTakesTaggerEntities(t *testing.T) {
	ann := annotateWith(t, fakeTagger{}, "LiFePO4 was calcined at 700 °C. The lithium carbonate was stirred.")
	if ann.Err != nil {
		t.Fatal(ann.Err)
	}
	want := []struct{ text, label, source string }{
		{"LiFePO4", "Material", "model/fake@00000000"},
		{"lithium carbonate", "Material", "model/fake@00000000"},
		{"stirred", "Operation", "model/fake@00000000"},
	}
	if len(ann.Entities) != len(want) {
		t.Fatalf("entities = %+v, want %d from the tagger", ann.Entities, len(want))
	}
	for i, w := range want {
		e := ann.Entities[i]
		if e.Text != w.text || e.Label != w.label || e.Source != w.source || e.Entity != int32(i) {
			t.Errorf("entity %d = %q %s %s #%d, want %q %s %s #%d", i, e.Text, e.Label, e.Source, e.Entity, w.text, w.label, w.source, i)
		}
	}
	if ann.Entities[1].Sentence != 1 {
		t.Errorf("entity 1 is in sentence %d, want 1", ann.Entities[1].Sentence)
	}
	// The formula comes from the formula rule for LiFePO4 and from the
	// lexicon for the name.
	if len(ann.Materials) != 2 || ann.Materials[0].Formula != "FeLiO4P" || ann.Materials[1].Formula == "" {
		t.Errorf("materials = %+v, want the formulas of LiFePO4 and lithium carbonate", ann.Materials)
	}
}

func TestAnnotatorReportsTaggerError(t *testing.T) {
	failure := errors.New("graph failed")
	ann := annotateWith(t, fakeTagger{err: failure}, "LiFePO4 was calcined.")
	if !errors.Is(ann.Err, failure) {
		t.Fatalf("Err = %v, want the tagger's error", ann.Err)
	}
	if len(ann.Entities) != 0 || len(ann.Sentences) != 1 {
		t.Errorf("got %d entities and %d sentences, want none and 1", len(ann.Entities), len(ann.Sentences))
	}
}

func TestWithNilTaggerKeepsRules(t *testing.T) {
	ann := annotateWith(t, nil, "LiFePO4 was calcined.")
	if len(ann.Entities) == 0 || ann.Entities[0].Source != SourceFormula {
		t.Errorf("entities = %+v, want rule entities", ann.Entities)
	}
}

func TestStageConfigRecordsModel(t *testing.T) {
	if _, ok := stageConfig(Config{})["model"]; ok {
		t.Error("a run without a tagger records a model")
	}
	if got := stageConfig(Config{Tagger: fakeTagger{}})["model"]; got != "model/fake@00000000" {
		t.Errorf("recorded model = %v, want the tagger's name", got)
	}
}
