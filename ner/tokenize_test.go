package ner

import (
	"strings"
	"testing"
)

func newTestTokenizer(t testing.TB) *Tokenizer {
	t.Helper()
	tok, err := NewTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// tokenTexts returns the tokens of all sentences of text, joined by "|".
func tokenTexts(tok *Tokenizer, text string) string {
	var out []string
	for _, s := range tok.Tokenize(text) {
		for _, t := range s.Tokens {
			out = append(out, t.Text)
		}
	}
	return strings.Join(out, "|")
}

func TestTokenizeChemistry(t *testing.T) {
	tok := newTestTokenizer(t)
	tests := []struct {
		name, text, want string
	}{
		{"nested formula", "Li(Ni0.5Mn0.3Co0.2)O2 was used.", "Li(Ni0.5Mn0.3Co0.2)O2|was|used|."},
		{"leading bracket", "(NH4)2HPO4, was added", "(NH4)2HPO4|,|was|added"},
		{"hydrate", "CoCl2·6H2O and Ni(NO3)2*6H2O.", "CoCl2·6H2O|and|Ni(NO3)2*6H2O|."},
		{"oxygen deficiency", "Ba0.5Sr0.5Co0.8Fe0.2O3−δ powder", "Ba0.5Sr0.5Co0.8Fe0.2O3−δ|powder"},
		{"composite", "LiFePO4/C (99.9%) was", "LiFePO4/C|(|99.9|%|)|was"},
		{"formula in parentheses", "phosphate (LiFePO4) was", "phosphate|(|LiFePO4|)|was"},
		{"degrees glued", "heated at 800°C for 5h.", "heated|at|800|°C|for|5|h|."},
		{"degC glued", "at 350degC and", "at|350|degC|and"},
		{"mol percent", "a 2 mol% excess", "a|2|mol%|excess"},
		{"range with unit", "at 700–900°C.", "at|700–900|°C|."},
		{"plain range", "(10-15 mL)", "(|10-15|mL|)"},
		{"rate", "at 5°C/min", "at|5|°C/min"},
		{"molar", "0.5M NaOH", "0.5|M|NaOH"},
		{"word with capital", "The Sample was", "The|Sample|was"},
		{"approximate number", "~50 nm and >99% and >=99.0%", "~|50|nm|and|>|99|%|and|>=|99.0|%"},
		{"purity plus", "99+% purity", "99|+|%|purity"},
		{"multibyte signs", "≥99% and ∼50 nm", "≥|99|%|and|∼|50|nm"},
		{"infrared peaks", "1577(w), 993(m)", "1577|(|w|)|,|993|(|m|)"},
		{"supplier glued", "Ln(NO3)3*6H2O(Aldrich, 99%)", "Ln(NO3)3*6H2O|(|Aldrich|,|99|%|)"},
		{"stray bracket", "at 800 [?]C for", "at|800|[|?|]|C|for"},
		{"footnote", "graphite oxide.31 Then", "graphite|oxide|.31|Then"},
		{"element ratio", "Si/Al and Li:Ni:Co ratios", "Si|/|Al|and|Li|:|Ni|:|Co|ratios"},
		{"word pair", "water/pyridine mixture", "water|/|pyridine|mixture"},
		{"unit ratio kept", "5 mg/mL solution", "5|mg/mL|solution"},
		{"short words kept", "and/or", "and/or"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenTexts(tok, tt.text); got != tt.want {
				t.Errorf("tokens of %q\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestTokenizeOffsets(t *testing.T) {
	tok := newTestTokenizer(t)
	text := "  The “powder” of Ba0.5Sr0.5Co0.8Fe0.2O3−δ was heated at 900 °C (ca. 5 h).\n\nIt&rsquo;s white. Then it was cooled."
	runes := []rune(text)
	sents := tok.Tokenize(text)
	if len(sents) != 3 {
		t.Fatalf("got %d sentences, want 3", len(sents))
	}
	prevEnd := 0
	for _, s := range sents {
		if s.Start < prevEnd || s.End <= s.Start || s.End > len(runes) {
			t.Fatalf("sentence [%d,%d) out of order or outside the text", s.Start, s.End)
		}
		prevEnd = s.End
		last := s.Start
		for _, tk := range s.Tokens {
			if tk.Start < last || tk.End <= tk.Start || tk.End > s.End {
				t.Fatalf("token %q at [%d,%d) out of order or outside its sentence [%d,%d)", tk.Text, tk.Start, tk.End, s.Start, s.End)
			}
			if got := string(runes[tk.Start:tk.End]); got != tk.Text {
				t.Errorf("token %q has offsets [%d,%d) that hold %q", tk.Text, tk.Start, tk.End, got)
			}
			if tk.POS == "" {
				t.Errorf("token %q has no POS tag", tk.Text)
			}
			last = tk.End
		}
	}
}

func TestTokenizeJoinsAbbreviations(t *testing.T) {
	tok := newTestTokenizer(t)
	text := "The powder was heated for ca. 5 h at 800 °C. Then it was cooled to room temperature."
	sents := tok.Tokenize(text)
	if len(sents) != 2 {
		var got []string
		runes := []rune(text)
		for _, s := range sents {
			got = append(got, string(runes[s.Start:s.End]))
		}
		t.Fatalf("got %d sentences %q, want 2", len(sents), got)
	}
}

func TestTokenizeEmpty(t *testing.T) {
	tok := newTestTokenizer(t)
	for _, text := range []string{"", "   ", "\n\n"} {
		if got := tok.Tokenize(text); len(got) != 0 {
			t.Errorf("Tokenize(%q) = %v, want no sentences", text, got)
		}
	}
}

func TestTaggerMarksNumbersAndVerbs(t *testing.T) {
	tok := newTestTokenizer(t)
	sents := tok.Tokenize("The mixture was heated at 800°C.")
	tags := map[string]string{}
	for _, tk := range sents[0].Tokens {
		tags[tk.Text] = tk.POS
	}
	if tags["800"] != "CD" {
		t.Errorf("tag of 800 = %q, want CD", tags["800"])
	}
	if !strings.HasPrefix(tags["heated"], "VB") {
		t.Errorf("tag of heated = %q, want a verb tag", tags["heated"])
	}
}
