package ner

import (
	"testing"
	"unicode/utf8"
)

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"Li(Ni0.5Mn0.3Co0.2)O2 and (NH4)2HPO4, CoCl2·6H2O were heated at 800°C for 5h (ca. 2 mol% excess).",
		"The “powder” was ground at 350degC and 700–900°C. LiFePO4/C (99.9%) was used.",
		"It&rsquo;s ((( ]]] 10-15 ~50 ±5 −3 5°C/min Fig. 2a.", "", "\x00\xff", "a\u00a0b\tc\n\nd",
	} {
		f.Add(s)
	}
	tok, err := NewTokenizer(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		runes := []rune(text)
		prevEnd := 0
		for _, s := range tok.Tokenize(text) {
			if s.Start < prevEnd || s.End < s.Start || s.End > len(runes) {
				t.Fatalf("sentence [%d,%d) after %d, text has %d code points", s.Start, s.End, prevEnd, len(runes))
			}
			prevEnd = s.End
			last := s.Start
			for _, tk := range s.Tokens {
				if tk.Start < last || tk.End <= tk.Start || tk.End > s.End {
					t.Fatalf("token %q at [%d,%d) outside sentence [%d,%d) or before %d", tk.Text, tk.Start, tk.End, s.Start, s.End, last)
				}
				if utf8.ValidString(text) && string(runes[tk.Start:tk.End]) != tk.Text {
					t.Fatalf("token %q at [%d,%d) holds %q", tk.Text, tk.Start, tk.End, string(runes[tk.Start:tk.End]))
				}
				last = tk.End
			}
		}
	})
}
