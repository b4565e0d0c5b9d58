package lexicon

import (
	"slices"
	"testing"
)

func TestLemmaOf(t *testing.T) {
	tests := []struct{ word, want string }{
		{"heated", "heat"},
		{"calcined", "calcine"},
		{"calcining", "calcine"},
		{"stirred", "stir"},
		{"stirring", "stir"},
		{"milled", "mill"},
		{"pressed", "press"},
		{"dried", "dry"},
		{"drying", "dry"},
		{"added", "add"},
		{"dissolved", "dissolve"},
		{"evaporated", "evaporate"},
		{"pelletized", "pelletize"},
		{"sintered", "sinter"},
		{"pelleted", "pellet"},
		{"dispersed", "disperse"},
		{"tumbled", "tumble"},
		{"purged", "purge"},
		{"reduced", "reduce"},
		{"aged", "age"},
		{"ground", "grind"},
		{"reground", "regrind"},
		{"re-ground", "re-grind"},
		{"broken", "break"},
		{"spread", "spread"},
		{"pre-sintered", "pre-sinter"},
		{"decomposes", "decompose"},
		{"mixes", "mix"},
		{"heat", "heat"},
		{"calcination", ""},
		{"grindings", ""},
	}
	for _, tc := range tests {
		t.Run(tc.word, func(t *testing.T) {
			if got := lemmaOf(tc.word); got != tc.want {
				t.Errorf("lemmaOf(%q) = %q, want %q", tc.word, got, tc.want)
			}
		})
	}
}

func TestInflections(t *testing.T) {
	tests := []struct {
		lemma string
		want  []string
	}{
		{"heat", []string{"heat", "heats", "heated", "heating"}},
		{"mix", []string{"mix", "mixes", "mixed", "mixing"}},
		{"stir", []string{"stir", "stirs", "stirred", "stirring"}},
		{"calcine", []string{"calcine", "calcines", "calcined", "calcining", "calcination"}},
		{"dry", []string{"dry", "dries", "dried", "drying"}},
		{"mill", []string{"mill", "mills", "milled", "milling"}},
		{"sinter", []string{"sinter", "sinters", "sintered", "sintering"}},
		{"grind", []string{"grind", "grinds", "ground", "ground", "grinding"}},
		{"re-grind", []string{"re-grind", "re-grinds", "re-ground", "re-ground", "re-grinding"}},
		{"evaporate", []string{"evaporate", "evaporates", "evaporated", "evaporating", "evaporation"}},
		{"homogenize", []string{"homogenize", "homogenizes", "homogenized", "homogenizing", "homogenization"}},
		{"densify", []string{"densify", "densifies", "densified", "densifying", "densification"}},
		{"add", []string{"add", "adds", "added", "adding", "addition"}},
		{"pre-calcine", []string{"pre-calcine", "pre-calcines", "pre-calcined", "pre-calcining", "pre-calcination"}},
	}
	for _, tc := range tests {
		t.Run(tc.lemma, func(t *testing.T) {
			if got := inflections(tc.lemma); !slices.Equal(got, tc.want) {
				t.Errorf("inflections(%q) = %q, want %q", tc.lemma, got, tc.want)
			}
		})
	}
}

func TestPrefixSpellings(t *testing.T) {
	lemmas := map[string]bool{"mill": true, "sinter": true, "act": false}
	tests := []struct {
		lemma string
		want  []string
	}{
		{"re-mill", []string{"re-mill", "remill"}},
		{"remill", []string{"remill", "re-mill"}},
		{"ballmill", []string{"ballmill", "ball-mill"}},
		{"presinter", []string{"presinter", "pre-sinter"}},
		{"prepare", []string{"prepare"}},
		{"cool", []string{"cool"}},
		{"heat", []string{"heat"}},
	}
	for _, tc := range tests {
		t.Run(tc.lemma, func(t *testing.T) {
			if got := prefixSpellings(tc.lemma, lemmas); !slices.Equal(got, tc.want) {
				t.Errorf("prefixSpellings(%q) = %q, want %q", tc.lemma, got, tc.want)
			}
		})
	}
}
