package formula

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// amounts renders element amounts as a map, with the expression in place of
// NaN for unresolved amounts.
func amounts(c Composition) map[string]any {
	m := map[string]any{}
	for _, a := range c.Elements {
		if a.Expr != "" {
			m[a.Symbol] = a.Expr
			continue
		}
		m[a.Symbol] = a.Amount
	}
	return m
}

func equalAmounts(got, want map[string]any) bool {
	if len(got) != len(want) {
		return false
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			return false
		}
		gf, gok := g.(float64)
		wf, wok := w.(float64)
		if gok && wok {
			if math.Abs(gf-wf) > 1e-9 {
				return false
			}
			continue
		}
		if g != w {
			return false
		}
	}
	return true
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		vars    map[string]float64
		formula string
		want    map[string]any
	}{
		{"plain", "LiFePO4", nil, "FeLiO4P", map[string]any{"Li": 1.0, "Fe": 1.0, "P": 1.0, "O": 4.0}},
		{"water", "H2O", nil, "H2O", map[string]any{"H": 2.0, "O": 1.0}},
		{"fractional", "Ba0.5Sr0.5Co0.8Fe0.2O3", nil, "Ba0.5Co0.8Fe0.2O3Sr0.5",
			map[string]any{"Ba": 0.5, "Sr": 0.5, "Co": 0.8, "Fe": 0.2, "O": 3.0}},
		{"nested group", "Li(Ni0.5Mn0.3Co0.2)O2", nil, "Co0.2LiMn0.3Ni0.5O2",
			map[string]any{"Li": 1.0, "Ni": 0.5, "Mn": 0.3, "Co": 0.2, "O": 2.0}},
		{"ammonium phosphate", "(NH4)2HPO4", nil, "H9N2O4P", map[string]any{"N": 2.0, "H": 9.0, "P": 1.0, "O": 4.0}},
		{"brackets", "[Co(NH3)6]Cl3", nil, "Cl3CoH18N6", map[string]any{"Co": 1.0, "N": 6.0, "H": 18.0, "Cl": 3.0}},
		{"hydroxyapatite", "Ca10(PO4)6(OH)2", nil, "Ca10H2O26P6", map[string]any{"Ca": 10.0, "P": 6.0, "O": 26.0, "H": 2.0}},
		{"braces", "{Fe(CN)6}", nil, "C6FeN6", map[string]any{"Fe": 1.0, "C": 6.0, "N": 6.0}},
		{"hill with carbon", "CH3COOH", nil, "C2H4O2", map[string]any{"C": 2.0, "H": 4.0, "O": 2.0}},
		{"hill carbon then hydrogen", "NaHCO3", nil, "CHNaO3", map[string]any{"Na": 1.0, "H": 1.0, "C": 1.0, "O": 3.0}},
		{"middle dot hydrate", "CoCl2·6H2O", nil, "Cl2CoH12O6", map[string]any{"Co": 1.0, "Cl": 2.0, "H": 12.0, "O": 6.0}},
		{"bullet hydrate", "CoCl2•6H2O", nil, "Cl2CoH12O6", map[string]any{"Co": 1.0, "Cl": 2.0, "H": 12.0, "O": 6.0}},
		{"dot operator hydrate", "CoCl2⋅6H2O", nil, "Cl2CoH12O6", map[string]any{"Co": 1.0, "Cl": 2.0, "H": 12.0, "O": 6.0}},
		{"bullet operator hydrate", "CoCl2∙6H2O", nil, "Cl2CoH12O6", map[string]any{"Co": 1.0, "Cl": 2.0, "H": 12.0, "O": 6.0}},
		{"asterisk hydrate", "Ni(NO3)2*6H2O", nil, "H12N2NiO12", map[string]any{"Ni": 1.0, "N": 2.0, "O": 12.0, "H": 12.0}},
		{"period hydrate", "H2PtCl6.6H2O", nil, "Cl6H14O6Pt", map[string]any{"H": 14.0, "Pt": 1.0, "Cl": 6.0, "O": 6.0}},
		{"period hydrate after letter", "CaCl2.H2O", nil, "CaCl2H2O", map[string]any{"Ca": 1.0, "Cl": 2.0, "H": 2.0, "O": 1.0}},
		{"period hydrate after bracket", "Li(CH3COO).2H2O", nil, "C2H7LiO4", map[string]any{"Li": 1.0, "C": 2.0, "H": 7.0, "O": 4.0}},
		{"variable hydrate", "Na2SO4·xH2O", nil, "H2xNa2O(4+x)S", map[string]any{"Na": 2.0, "S": 1.0, "O": "4+x", "H": "2x"}},
		{"decimal before water", "Ba0.5H2O", nil, "Ba(0.5)H2O", map[string]any{"Ba": 0.5, "H": 2.0, "O": 1.0}},
		{"hydrate read as decimal", "B2.1H2O1", nil, "B(2.1)H2O", map[string]any{"B": 2.1, "H": 2.0, "O": 1.0}},
		{"spaces around separator", "CuSO4 · 5H2O", nil, "CuH10O9S", map[string]any{"Cu": 1.0, "S": 1.0, "O": 9.0, "H": 10.0}},
		{"leading coefficient", "2H2O", nil, "H4O2", map[string]any{"H": 4.0, "O": 2.0}},
		{"variable sum", "Li1+xMn2-xO4", nil, "Li(1+x)Mn(2-x)O4", map[string]any{"Li": "1+x", "Mn": "2-x", "O": 4.0}},
		{"variable sum resolved", "Li1+xMn2-xO4", map[string]float64{"x": 0.1}, "Li1.1Mn1.9O4",
			map[string]any{"Li": 1.1, "Mn": 1.9, "O": 4.0}},
		{"implicit product", "Mg2(1+x)Si0.45Sn0.537Sb0.013", nil, "Mg(2+2x)Sb0.013Si0.45Sn0.537",
			map[string]any{"Mg": "2+2x", "Si": 0.45, "Sn": 0.537, "Sb": 0.013}},
		{"variable amount", "LixCoO2", nil, "CoLixO2", map[string]any{"Li": "x", "Co": 1.0, "O": 2.0}},
		{"unicode minus delta", "Ba0.5Sr0.5Co0.8Fe0.2O3−δ", nil, "Ba0.5Co0.8Fe0.2O3Sr0.5",
			map[string]any{"Ba": 0.5, "Sr": 0.5, "Co": 0.8, "Fe": 0.2, "O": 3.0}},
		{"delta given", "O3-δ", map[string]float64{"δ": 0.25}, "O2.75", map[string]any{"O": 2.75}},
		{"epsilon default", "SrFeO2.5+ε", nil, "FeO2.5Sr", map[string]any{"Sr": 1.0, "Fe": 1.0, "O": 2.5}},
		{"substitution", "Zn1-xCoxO", nil, "CoxOZn(1-x)", map[string]any{"Zn": "1-x", "Co": "x", "O": 1.0}},
		{"substitution resolved to zero", "Zn1-xCoxO", map[string]float64{"x": 0}, "OZn", map[string]any{"Zn": 1.0, "O": 1.0}},
		{"division", "Na2/3CoO2", nil, "CoNa0.6666666667O2", map[string]any{"Na": 2.0 / 3, "Co": 1.0, "O": 2.0}},
		{"variable over number", "La9.33+z-xYx(GeO4)6O2+3z/2", nil, "Ge6La(9.33+z-x)O(26+1.5z)Yx",
			map[string]any{"La": "9.33+z-x", "Y": "x", "Ge": 6.0, "O": "26+1.5z"}},
		{"group with variable multiplier", "Nd1-x(Sr1-yLiy)xMnO3", nil, "Lix(y)MnNd(1-x)O3Sr(x-x(y))",
			map[string]any{"Nd": "1-x", "Sr": "x-x(y)", "Li": "x(y)", "Mn": 1.0, "O": 3.0}},
		{"coefficient in parentheses", "(1-x)BiFeO3", nil, "Bi(1-x)Fe(1-x)O(3-3x)",
			map[string]any{"Bi": "1-x", "Fe": "1-x", "O": "3-3x"}},
		{"spaces around operator", "Zn1 - xAlxO", nil, "AlxOZn(1-x)", map[string]any{"Zn": "1-x", "Al": "x", "O": 1.0}},
		{"plus minus zero", "LaFeO3±δ", nil, "FeLaO3", map[string]any{"La": 1.0, "Fe": 1.0, "O": 3.0}},
		{"symbol joining variable", "C(n)", nil, "C1n", map[string]any{"C": "n"}},
		{"repeated element", "CH3CH2OH", nil, "C2H6O", map[string]any{"C": 2.0, "H": 6.0, "O": 1.0}},
		{"zero amount dropped", "Li0CoO2", nil, "CoO2", map[string]any{"Co": 1.0, "O": 2.0}},
		{"oxidation state", "Fe(III)", nil, "Fe", map[string]any{"Fe": 1.0}},
		{"vanadium group", "Fe(V)2", nil, "FeV2", map[string]any{"Fe": 1.0, "V": 2.0}},
		{"state label", "H2O(l)", nil, "H2O", map[string]any{"H": 2.0, "O": 1.0}},
		{"state label after symbol", "NaCl(s)", nil, "ClNa", map[string]any{"Na": 1.0, "Cl": 1.0}},
		{"variable product, not a state", "Bb(s)", nil, "Bb(s)", map[string]any{"B": "b(s)"}},
		{"surrounding white space", "  NaCl\n", nil, "ClNa", map[string]any{"Na": 1.0, "Cl": 1.0}},
		{"two-letter greedy", "Bin+1Fen-3", map[string]float64{"n": 4}, "Bi5Fe", map[string]any{"Bi": 5.0, "Fe": 1.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.input, Options{Vars: tt.vars})
			if err != nil {
				t.Fatalf("Parse(%q) error = %v", tt.input, err)
			}
			if c.Formula != tt.formula {
				t.Errorf("Parse(%q).Formula = %q, want %q", tt.input, c.Formula, tt.formula)
			}
			if got := amounts(c); !equalAmounts(got, tt.want) {
				t.Errorf("Parse(%q) amounts = %v, want %v", tt.input, got, tt.want)
			}
		})
	}
}

func TestParseUnresolved(t *testing.T) {
	tests := []struct {
		name  string
		input string
		vars  map[string]float64
		want  []string
	}{
		{"none", "LiFePO4", nil, nil},
		{"one", "LixCoO2", nil, []string{"x"}},
		{"sorted and unique", "Li1+y-xMn2-yO4+x", nil, []string{"x", "y"}},
		{"delta defaults to zero", "SrCoO3-δ", nil, nil},
		{"given value", "Li1+xMn2-xO4", map[string]float64{"x": 0.2}, nil},
		{"one of two given", "Li1+y-xMn2-yO4", map[string]float64{"x": 0.2}, []string{"y"}},
		{"cancelled variable", "Li(1+x-x)", nil, nil},
		{"greek variable", "Co3.93+αO9", nil, []string{"α"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(tt.input, Options{Vars: tt.vars})
			if err != nil {
				t.Fatalf("Parse(%q) error = %v", tt.input, err)
			}
			if !slices.Equal(c.Unresolved, tt.want) {
				t.Errorf("Parse(%q).Unresolved = %q, want %q", tt.input, c.Unresolved, tt.want)
			}
			for _, a := range c.Elements {
				if math.IsNaN(a.Amount) != (a.Expr != "") {
					t.Errorf("Parse(%q) element %s: Amount = %v with Expr %q, want NaN exactly when Expr is set",
						tt.input, a.Symbol, a.Amount, a.Expr)
				}
			}
		})
	}
}

func TestParseCharge(t *testing.T) {
	tests := []struct {
		input   string
		formula string
		charge  int
	}{
		{"Cl-", "Cl", -1},
		{"Cl−", "Cl", -1},
		{"Fe3+", "Fe", 3},
		{"Fe2+", "Fe", 2},
		{"O2-", "O", -2},
		{"SO4^2-", "O4S", -2},
		{"SO4^-2", "O4S", -2},
		{"Fe^+", "Fe", 1},
		{"NH4+", "H4N", 1},
		{"PO4³⁻", "O4P", -3},
		{"Fe³⁺", "Fe", 3},
		{"OH⁻", "HO", -1},
		{"Na+(aq)", "Na", 1},
		{"H2O", "H2O", 0},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			c, err := Parse(tt.input, Options{})
			if err != nil {
				t.Fatalf("Parse(%q) error = %v", tt.input, err)
			}
			if c.Formula != tt.formula {
				t.Errorf("Parse(%q).Formula = %q, want %q", tt.input, c.Formula, tt.formula)
			}
			if c.Charge != tt.charge {
				t.Errorf("Parse(%q).Charge = %d, want %d", tt.input, c.Charge, tt.charge)
			}
		})
	}
}

func TestParseComposite(t *testing.T) {
	c, err := Parse("LiFePO4/C", Options{})
	if err != nil {
		t.Fatalf("Parse error = %v", err)
	}
	if c.Formula != "CFeLiO4P" {
		t.Errorf("Formula = %q, want %q", c.Formula, "CFeLiO4P")
	}
	if len(c.Parts) != 2 {
		t.Fatalf("len(Parts) = %d, want 2", len(c.Parts))
	}
	if got := c.Parts[0].Input; got != "LiFePO4" {
		t.Errorf("Parts[0].Input = %q, want %q", got, "LiFePO4")
	}
	if got := c.Parts[0].Formula; got != "FeLiO4P" {
		t.Errorf("Parts[0].Formula = %q, want %q", got, "FeLiO4P")
	}
	if got := c.Parts[1].Formula; got != "C" {
		t.Errorf("Parts[1].Formula = %q, want %q", got, "C")
	}

	sum, err := Parse("Pt/TiO2/Pt", Options{})
	if err != nil {
		t.Fatalf("Parse error = %v", err)
	}
	if got, _ := sum.AmountOf("Pt"); got != 2 {
		t.Errorf("Pt/TiO2/Pt amount of Pt = %v, want 2", got)
	}
	if single, _ := Parse("H2O", Options{}); single.Parts != nil {
		t.Errorf("Parse(%q).Parts = %v, want nil", "H2O", single.Parts)
	}
}

func TestParseDopantsAndPhase(t *testing.T) {
	c, err := Parse("β-Sr4-xAl2O7:xEu2+, 0.01Dy3+", Options{})
	if err != nil {
		t.Fatalf("Parse error = %v", err)
	}
	if c.Phase != "β" {
		t.Errorf("Phase = %q, want %q", c.Phase, "β")
	}
	if c.Formula != "Al2O7Sr(4-x)" {
		t.Errorf("Formula = %q, want %q", c.Formula, "Al2O7Sr(4-x)")
	}
	if len(c.Dopants) != 2 {
		t.Fatalf("len(Dopants) = %d, want 2", len(c.Dopants))
	}
	if got := c.Dopants[0].Formula; got != "Eux" {
		t.Errorf("Dopants[0].Formula = %q, want %q", got, "Eux")
	}
	if got := c.Dopants[0].Charge; got != 2 {
		t.Errorf("Dopants[0].Charge = %d, want 2", got)
	}
	if got, _ := c.Dopants[1].AmountOf("Dy"); got != 0.01 {
		t.Errorf("Dopants[1] amount of Dy = %v, want 0.01", got)
	}
	if got := c.Dopants[1].Charge; got != 3 {
		t.Errorf("Dopants[1].Charge = %d, want 3", got)
	}

	poly, err := Parse("2H-MoS2", Options{})
	if err != nil {
		t.Fatalf("Parse(2H-MoS2) error = %v", err)
	}
	if poly.Phase != "2H" || poly.Formula != "MoS2" {
		t.Errorf("Parse(2H-MoS2) = phase %q formula %q, want %q and %q", poly.Phase, poly.Formula, "2H", "MoS2")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		vars    map[string]float64
		want    error
		message string
	}{
		{"empty", "", nil, ErrEmpty, `parse "": empty formula`},
		{"white space only", " \t", nil, ErrEmpty, `parse " \t": empty formula`},
		{"unknown two letters", "LiXx2", nil, ErrUnknownElement, `parse "LiXx2": unknown element "Xx" at offset 2`},
		{"unknown one letter", "LiJ", nil, ErrUnknownElement, `parse "LiJ": unknown element "J" at offset 2`},
		{"placeholder", "LaMO3", nil, ErrUnknownElement, `parse "LaMO3": unknown element "M" at offset 2`},
		{"unexpected character", "Li$", nil, ErrSyntax, `parse "Li$": unexpected character "$" at offset 2`},
		{"inner space", "FeCl3 6H2O", nil, ErrSyntax, `parse "FeCl3 6H2O": unexpected space at offset 5`},
		{"solid solution", "TiO2-SiO2", nil, ErrSyntax, `parse "TiO2-SiO2": unexpected character "-" at offset 4`},
		{"invalid UTF-8", "Li\xffO", nil, ErrSyntax, `parse "Li\xffO": invalid UTF-8 byte "\xff" at offset 2`},
		{"variable alone", "x", nil, ErrSyntax, `parse "x": expected an element symbol or a bracket at offset 1`},
		{"English word", "Oxygen", nil, ErrSyntax, `parse "Oxygen": adjacent variables "xy" at offset 1`},
		{"missing hydrate", "CuSO4·", nil, ErrSyntax, `parse "CuSO4·": expected an element symbol or a bracket at offset 7`},
		{"missing amount in parentheses", "Li(1-)", nil, ErrSyntax, `parse "Li(1-)": unexpected character "-" at offset 4`},
		{"empty brackets", "Li[]", nil, ErrSyntax, `parse "Li[]": expected an element symbol or a bracket at offset 3`},
		{"missing closing", "(NH4", nil, ErrUnbalanced, `parse "(NH4": missing closing bracket for "(" at offset 0`},
		{"mismatched closing", "(NH4]2", nil, ErrUnbalanced, `parse "(NH4]2": bracket "(" at offset 0 closed by "]" at offset 4`},
		{"unmatched closing", "NH4)2", nil, ErrUnbalanced, `parse "NH4)2": unmatched closing bracket ")" at offset 3`},
		{"negative amount", "Li1-xCoO2", map[string]float64{"x": 2}, ErrAmount,
			`parse "Li1-xCoO2": negative amount -1 for element "Li" at offset 0`},
		{"all zero", "H0", nil, ErrAmount, `parse "H0": every element amount is zero in "H0"`},
		{"division by zero", "Li1/0", nil, ErrAmount, `parse "Li1/0": division by zero: "0" at offset 4`},
		{"plus minus nonzero", "O3±δ", map[string]float64{"δ": 0.1}, ErrUnsupported,
			`parse "O3±δ": ± with a nonzero amount in "±δ" at offset 2`},
		{"invalid charge", "Fe^x", nil, ErrSyntax, `parse "Fe^x": invalid charge "^x" at offset 2`},
		{"charge out of range", "SO4^100-", nil, ErrSyntax, `parse "SO4^100-": charge out of range: "^100-" at offset 3`},
		{"charge alone", "+", nil, ErrSyntax, `parse "+": missing formula before charge "+" at offset 0`},
		{"variable name", "LixCoO2", map[string]float64{"xy": 1}, ErrVariable,
			`parse "LixCoO2": variable name is not one lowercase Latin or Greek letter: "xy"`},
		{"variable value", "LixCoO2", map[string]float64{"x": math.NaN()}, ErrVariable,
			`parse "LixCoO2": value NaN is not finite for variable "x"`},
		{"too long", strings.Repeat("H", MaxInputBytes+1), nil, ErrTooLong, ""},
		{"too deep", strings.Repeat("(", MaxDepth+1) + "H" + strings.Repeat(")", MaxDepth+1), nil, ErrTooDeep,
			`parse "` + strings.Repeat("(", MaxDepth+1) + "H" + strings.Repeat(")", 30) + `"...: ` +
				`brackets nested deeper than 32 levels at "(" at offset 32`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.input, Options{Vars: tt.vars})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q) error = %v, want %v", tt.input, err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error type = %T, want *ParseError", tt.input, err)
			}
			if tt.message != "" && err.Error() != tt.message {
				t.Errorf("Parse(%q) error =\n%s\nwant\n%s", tt.input, err, tt.message)
			}
		})
	}
}

func TestParseErrorQuotesLongInput(t *testing.T) {
	input := strings.Repeat("é", MaxInputBytes)
	_, err := Parse(input, Options{})
	want := `parse "` + strings.Repeat("é", maxQuotedInput/2) + `"...: input of 512 bytes is longer than the maximum of 256`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %v, want %s", err, want)
	}
}

func TestParseOverflow(t *testing.T) {
	const input = "Hx(x)"
	vars := map[string]float64{"x": 1e200}
	_, err := Parse(input, Options{Vars: vars})
	if !errors.Is(err, ErrAmount) {
		t.Errorf("Parse(%q) with x=1e200 error = %v, want %v", input, err, ErrAmount)
	}
}

func TestParseTooManyTerms(t *testing.T) {
	input := "H" + strings.Repeat("(a+b+c+d+e+f)", 4)
	_, err := Parse(input, Options{})
	if !errors.Is(err, ErrUnsupported) {
		t.Errorf("Parse(%q) error = %v, want %v", input, err, ErrUnsupported)
	}
}

func TestAmountOf(t *testing.T) {
	c, err := Parse("Fe2O3", Options{})
	if err != nil {
		t.Fatalf("Parse error = %v", err)
	}
	if got, ok := c.AmountOf("O"); !ok || got != 3 {
		t.Errorf("AmountOf(O) = %v, %v, want 3, true", got, ok)
	}
	if got, ok := c.AmountOf("Cu"); ok || got != 0 {
		t.Errorf("AmountOf(Cu) = %v, %v, want 0, false", got, ok)
	}
}

func BenchmarkParse(b *testing.B) {
	const input = "Li1+xNi0.5Mn0.3Co0.2(PO4)2·6H2O"
	b.ReportAllocs()
	b.SetBytes(int64(len(input)))
	for b.Loop() {
		if _, err := Parse(input, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
