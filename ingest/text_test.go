package ingest

import (
	"slices"
	"testing"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"only white space", " \n\t\r\n \n", nil},
		{"one line", "A single line.", []string{"A single line."}},
		{"blank-line blocks", "First line\nsame paragraph.\n\nSecond paragraph.\n",
			[]string{"First line\nsame paragraph.", "Second paragraph."}},
		{"line per paragraph", "One.\nTwo.\n  Three.  \n", []string{"One.", "Two.", "Three."}},
		{"leading and trailing blanks only", "\n\nOne.\nTwo.\n\n\n", []string{"One.", "Two."}},
		{"several blank lines", "One.\n\n \n\t\nTwo.", []string{"One.", "Two."}},
		{"CRLF", "One\r\nstill one\r\n\r\nTwo\r\n", []string{"One\r\nstill one", "Two"}},
		{"CR only", "One.\rTwo.\r", []string{"One.", "Two."}},
		{"byte order mark", "\uFEFFTitle line\n\nBody.", []string{"Title line", "Body."}},
		{"non-ASCII", "Ba0.95La0.05FeO3-δ at 800 °C\n\n  Étape 2  ", []string{"Ba0.95La0.05FeO3-δ at 800 °C", "Étape 2"}},
		{"no-break space trimmed", "\u00a0Text\u00a0", []string{"Text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseText(tt.text)
			if err != nil {
				t.Fatalf("parseText: %v", err)
			}
			if doc.Text != tt.text {
				t.Errorf("Text = %q, want the input unchanged", doc.Text)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if got := paragraphTexts(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs = %q, want %q", got, tt.want)
			}
			for _, p := range doc.Paragraphs {
				if p.Kind != KindBody || p.Section != "" {
					t.Errorf("paragraph kind %q, section %q; want body without section", p.Kind, p.Section)
				}
			}
		})
	}
}

func TestLinesOffsets(t *testing.T) {
	text := "  αβ \r\n\nγ"
	want := []textLine{{2, 4, 2, 6}, {}, {8, 9, 10, 12}}
	if got := slices.Collect(lines(text)); !slices.Equal(got, want) {
		t.Errorf("lines(%q) = %v, want %v", text, got, want)
	}
}
