package formula

import (
	"errors"
	"math"
	"slices"
	"testing"
)

var fuzzSeeds = []string{
	"LiFePO4", "H2O", "Ba0.5Sr0.5Co0.8Fe0.2O3", "Li(Ni0.5Mn0.3Co0.2)O2", "(NH4)2HPO4",
	"[Co(NH3)6]Cl3", "Ca10(PO4)6(OH)2", "CoCl2·6H2O", "Ni(NO3)2*6H2O", "H2PtCl6.6H2O",
	"FeCl3 6H2O", "Li1+xMn2-xO4", "Mg2(1+x)Si0.45Sn0.537Sb0.013", "LixCoO2",
	"Ba0.5Sr0.5Co0.8Fe0.2O3−δ", "O3-δ", "Zn1-xCoxO", "LiFePO4/C", "Pt/TiO2", "Cl-", "Fe3+",
	"SO4^2-", "NH4+", "LiXx2", "Y2O3:Eu3+", "β-NaFeO2", "Fe(III)", "Na2/3CoO2", "LaFeO3±δ",
	"La9.33+z-xYx(GeO4)6O2+3z/2", "PO4³⁻", "(1-x)BiFeO3", "Li\xffO", "((((H))))", "SPIN",
}

func symbols(c Composition) []string {
	out := make([]string, len(c.Elements))
	for i, a := range c.Elements {
		out[i] = a.Symbol
	}
	slices.Sort(out)
	return out
}

// FuzzParse checks that Parse never panics, that amounts are finite or NaN
// with unresolved variables, and that the Hill formula re-parses to the same
// elements.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s, Options{})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error type = %T, want *ParseError", s, err)
			}
			return
		}
		for _, a := range c.Elements {
			if math.IsInf(a.Amount, 0) {
				t.Errorf("Parse(%q) amount of %s = %v, want finite", s, a.Symbol, a.Amount)
			}
			if math.IsNaN(a.Amount) && len(c.Unresolved) == 0 {
				t.Errorf("Parse(%q) amount of %s = NaN with no unresolved variable", s, a.Symbol)
			}
		}

		again, err := Parse(c.Formula, Options{})
		if errors.Is(err, ErrTooLong) {
			return
		}
		if err != nil {
			t.Fatalf("Parse(%q).Formula = %q, which does not parse: %v", s, c.Formula, err)
		}
		if got, want := symbols(again), symbols(c); !slices.Equal(got, want) {
			t.Fatalf("Parse(%q) re-parsed from %q has elements %v, want %v", s, c.Formula, got, want)
		}
		if !slices.Equal(again.Unresolved, c.Unresolved) {
			t.Errorf("Parse(%q) re-parsed from %q has unresolved %q, want %q", s, c.Formula, again.Unresolved, c.Unresolved)
		}
		for i, a := range c.Elements {
			if !sameAmount(again.Elements[i], a) {
				t.Errorf("Parse(%q) re-parsed from %q has %v, want %v", s, c.Formula, again.Elements[i], a)
			}
		}
	})
}

// sameAmount reports whether two amounts agree up to the 10 significant
// digits that Composition.Formula keeps.
func sameAmount(a, b Amount) bool {
	if a.Expr != "" || b.Expr != "" {
		return a.Expr == b.Expr
	}
	return math.Abs(a.Amount-b.Amount) <= 1e-9*math.Max(math.Abs(b.Amount), 1)
}

// FuzzRecognize checks that Recognize never panics and keeps its score in
// [0, 1].
func FuzzRecognize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, score := Recognize(s)
		if score < 0 || score > 1 {
			t.Errorf("Recognize(%q) score = %v, want within [0, 1]", s, score)
		}
		if !ok && score != 0 {
			t.Errorf("Recognize(%q) = false with score %v, want 0", s, score)
		}
	})
}
