package ner

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/schema"
)

var (
	recognizerOnce sync.Once
	recognizer     *Recognizer
	recognizerErr  error
)

func sharedRecognizer(t testing.TB) *Recognizer {
	t.Helper()
	recognizerOnce.Do(func() { recognizer, recognizerErr = NewRecognizer(nil) })
	if recognizerErr != nil {
		t.Fatal(recognizerErr)
	}
	return recognizer
}

// entityMap annotates text and returns entity text → label.
func entityMap(t *testing.T, text string) map[string]string {
	t.Helper()
	a, err := NewAnnotator(sharedRecognizer(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	ann := a.Annotate([]schema.Paragraph{{DocID: "d", Text: text, End: int32(utf8.RuneCountInString(text))}})
	for _, e := range ann.Entities {
		out[e.Text] = e.Label
	}
	return out
}

func TestRecognizeLabels(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]string
	}{
		{"formula, number and unit", "LiFePO4 was calcined at 700 °C for 5 h.", map[string]string{
			"LiFePO4": "Material", "calcined": "Operation", "700": "Number", "°C": "Condition-Unit", "5": "Number", "h": "Condition-Unit"}},
		{"amount and name", "Then 2.5 g of lithium carbonate was added.", map[string]string{
			"2.5": "Number", "g": "Amount-Unit", "lithium carbonate": "Material", "added": "Operation"}},
		{"descriptor and head", "The powder was dissolved in deionized water.", map[string]string{
			"powder": "Material", "dissolved": "Operation", "deionized": "Material-Descriptor", "water": "Material"}},
		{"solution after a material", "A NaOH solution was used.", map[string]string{
			"NaOH": "Material", "solution": "Material-Descriptor"}},
		{"apparatus size", "It was sealed in a 100 mL Teflon-lined autoclave.", map[string]string{
			"100": "Number", "mL": "Apparatus-Unit", "Teflon-lined": "Apparatus-Descriptor", "autoclave": "Synthesis-Apparatus"}},
		{"condition words", "The mixture was stirred at room temperature overnight.", map[string]string{
			"stirred": "Operation", "room temperature": "Condition-Misc", "overnight": "Condition-Misc"}},
		{"brand", "NiCl2 (Sigma-Aldrich) was used.", map[string]string{"NiCl2": "Material", "Sigma-Aldrich": "Brand"}},
		{"elemental analysis", "Found: C, 38.5; H, 2.31.", map[string]string{"C": "Nonrecipe-Material", "H": "Nonrecipe-Material"}},
		{"hydrate name", "cupric acetate hydrate (0.2 g) was used.", map[string]string{"cupric acetate hydrate": "Material"}},
		{"pH", "The pH was adjusted to 7.", map[string]string{"pH": "Condition-Unit", "adjusted": "Operation", "7": "Number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entityMap(t, tt.text)
			for text, label := range tt.want {
				if got[text] != label {
					t.Errorf("%q labelled %q, want %q (all: %v)", text, got[text], label, got)
				}
			}
		})
	}
}

func TestRecognizeRejects(t *testing.T) {
	got := entityMap(t, "SPIN and CONCLUSION In a lithium ion battery, we used the As-prepared sample.")
	for _, text := range []string{"SPIN", "CONCLUSION", "In", "lithium", "As"} {
		if label, ok := got[text]; ok {
			t.Errorf("%q labelled %q, want no entity", text, label)
		}
	}
}

func TestEntitiesDoNotOverlap(t *testing.T) {
	text := "A 100 mL aqueous solution of NaBH4 (0.1 M, 19.0 mL) was rapidly added to the LiCoO2/C powder under Ar at 25 degC."
	a, err := NewAnnotator(sharedRecognizer(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	ann := a.Annotate([]schema.Paragraph{{DocID: "d", Text: text, End: int32(utf8.RuneCountInString(text))}})
	runes := []rune(text)
	prevEnd := int32(-1)
	for _, e := range ann.Entities {
		if e.Start < prevEnd {
			t.Errorf("entity %q at %d overlaps the previous one ending at %d", e.Text, e.Start, prevEnd)
		}
		if got := string(runes[e.Start:e.End]); got != e.Text {
			t.Errorf("entity text %q, offsets hold %q", e.Text, got)
		}
		if e.Score <= 0 || e.Score > 1 {
			t.Errorf("entity %q has score %v, want (0, 1]", e.Text, e.Score)
		}
		if !strings.HasPrefix(e.Source, "rules/") {
			t.Errorf("entity %q has source %q, want a rules/ source", e.Text, e.Source)
		}
		prevEnd = e.End
	}
}

func TestMaterialsTable(t *testing.T) {
	a, err := NewAnnotator(sharedRecognizer(t), map[string]float64{"x": 0.25})
	if err != nil {
		t.Fatal(err)
	}
	text := "Li1+xMn2-xO4 was made from lithium carbonate and MnO2."
	ann := a.Annotate([]schema.Paragraph{{DocID: "d", Text: text, End: int32(utf8.RuneCountInString(text))}})
	byText := map[string]schema.Material{}
	for _, m := range ann.Materials {
		byText[m.Text] = m
	}
	spinel, ok := byText["Li1+xMn2-xO4"]
	if !ok {
		t.Fatalf("no material row for the spinel; rows: %+v", ann.Materials)
	}
	if spinel.Formula == "" || len(spinel.Elements) != 3 || len(spinel.Unresolved) != 0 {
		t.Errorf("spinel row = %+v, want three elements and no unresolved variable", spinel)
	}
	for i, el := range spinel.Elements {
		if el == "Li" && spinel.Amounts[i] != 1.25 {
			t.Errorf("Li amount = %v, want 1.25 with x=0.25", spinel.Amounts[i])
		}
	}
	if carbonate := byText["lithium carbonate"]; carbonate.Formula == "" {
		t.Errorf("lithium carbonate has no formula from the lexicon: %+v", carbonate)
	}
}
