package formula

import "testing"

func TestRecognize(t *testing.T) {
	tests := []struct {
		token string
		want  bool
	}{
		// Formulas with digits, brackets, hydrates, charges or dopants.
		{"LiFePO4", true},
		{"H2O", true},
		{"LiCoO2", true},
		{"Fe2O3", true},
		{"Ba0.5Sr0.5Co0.8Fe0.2O3−δ", true},
		{"Li(Ni0.5Mn0.3Co0.2)O2", true},
		{"(NH4)2HPO4", true},
		{"[Co(NH3)6]Cl3", true},
		{"CoCl2·6H2O", true},
		{"H2PtCl6.6H2O", true},
		{"Li1+xMn2-xO4", true},
		{"LixCoO2", true},
		{"Zn1-xCoxO", true},
		{"Y2O3:Eu3+", true},
		{"LiFePO4/C", true},
		{"Pt/TiO2", true},
		{"Pt/C", true},
		{"β-NaFeO2", true},
		{"2H-MoS2", true},
		{"SO4^2-", true},
		{"NH4+", true},
		{"Fe3+", true},
		{"O2-", true},
		{"Cl-", true},
		{"H+", true},
		{"Fe(III)", true},
		{"O2", true},
		{"N2", true},
		{"C60", true},
		{"CH4", true},
		{"xH2O", true},
		// Multi-element formulas without digits.
		{"NaCl", true},
		{"KBr", true},
		{"HCl", true},
		{"InP", true},
		{"GaN", true},
		{"SiC", true},
		{"NaOH", true},
		// All-capital small molecules.
		{"HF", true},
		{"CO", true},
		{"NO", true},
		{"KOH", true},
		{"h-BN", true},
		// Two-letter symbols alone.
		{"Ar", true},
		{"Mg", true},
		{"Cu", true},
		{"Co", true},
		{"Ni", true},
		{"Cs", true},
		// All-capital abbreviations.
		{"SPIN", false},
		{"CONCLUSION", false},
		{"PBS", false},
		{"BCS", false},
		{"NPS", false},
		{"SOFC", false},
		{"UV", false},
		{"IR", false},
		{"ON", false},
		{"OK", false},
		{"(PBS)", false},
		// Symbols that are more often words or units.
		{"In", false},
		{"As", false},
		{"At", false},
		{"Be", false},
		{"He", false},
		{"No", false},
		{"Am", false},
		{"Es", false},
		{"Pa", false},
		{"Mt", false},
		// One-letter symbols without a digit.
		{"C", false},
		{"N", false},
		{"K", false},
		{"V", false},
		{"W", false},
		{"S", false},
		{"I", false},
		{"H", false},
		{"O", false},
		{"B", false},
		{"F", false},
		{"P", false},
		{"U", false},
		{"Y", false},
		{"2H", false},
		{"(C)", false},
		// Words, variables and other tokens.
		{"x", false},
		{"δ", false},
		{"Is", false},
		{"It", false},
		{"On", false},
		{"Of", false},
		{"Oxygen", false},
		{"Nickel", false},
		{"Tin", false},
		{"Cat", false},
		{"NPs", false},
		{"I/O", false},
		{"N:P", false},
		{"Co-doped", false},
		{"TiO2-based", false},
		{"1.5", false},
		{"", false},
		{"Li Fe", false},
		{"XRD", false},
	}
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			got, score := Recognize(tt.token)
			if got != tt.want {
				t.Errorf("Recognize(%q) = %v (score %v), want %v", tt.token, got, score, tt.want)
			}
			if score < 0 || score > 1 {
				t.Errorf("Recognize(%q) score = %v, want within [0, 1]", tt.token, score)
			}
			if !got && score != 0 {
				t.Errorf("Recognize(%q) score = %v for a rejected token, want 0", tt.token, score)
			}
		})
	}
}

func TestRecognizeScore(t *testing.T) {
	tests := []struct {
		token string
		want  float32
	}{
		{"LiCoO2", scoreFormula},
		{"Ni(OH)", scoreStructured},
		{"Y2O3:Eu3+", scoreFormula},
		{"Fe3+", scoreElementDigits},
		{"NaCl", scoreMixedCase},
		{"HF", scoreSmallMolecule},
		{"H+", scoreIon},
		{"Mg", scoreBareSymbol},
		{"Pt/C", scoreBareSymbol},
		{"SrTiO3:Ni", scoreFormula},
		{"NaCl:Eu", scoreStructured},
		{"OH-", scoreSmallMolecule},
	}
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			if _, got := Recognize(tt.token); got != tt.want {
				t.Errorf("Recognize(%q) score = %v, want %v", tt.token, got, tt.want)
			}
		})
	}
}

func TestRecognizeScoreOrder(t *testing.T) {
	_, formula := Recognize("LiCoO2")
	_, bare := Recognize("Mg")
	if formula <= bare {
		t.Errorf("score of LiCoO2 = %v, want above the score of Mg (%v)", formula, bare)
	}
}

func TestRecognizeRejectsLookalikes(t *testing.T) {
	for _, s := range []string{"K79/83", "K210/217/222", "TiO2/2", "CFTs", "NhFl"} {
		if ok, _ := Recognize(s); ok {
			t.Errorf("Recognize(%q) = true, want false", s)
		}
	}
	for _, s := range []string{"LiFePO4/C", "Pt/TiO2", "Lr2O3"} {
		if ok, _ := Recognize(s); !ok {
			t.Errorf("Recognize(%q) = false, want true", s)
		}
	}
}
