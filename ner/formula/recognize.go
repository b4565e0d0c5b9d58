package formula

import (
	"strings"
	"unicode"
)

// Scores that Recognize returns, from the strongest evidence to the weakest.
const (
	scoreFormula       float32 = 1.0 // several elements and a digit: LiCoO2, H2O
	scoreStructured    float32 = 0.9 // several elements, no digit, but brackets, a hydrate, a dopant or a charge: Ni(OH)
	scoreElementDigits float32 = 0.8 // one element with a digit in an amount or charge: O2, C60, Fe3+
	scoreMixedCase     float32 = 0.7 // several elements in mixed case without digits: NaCl, KBr
	scoreSmallMolecule float32 = 0.6 // a listed all-capital small molecule: HF, CO, KOH
	scoreIon           float32 = 0.6 // one element with a sign or an oxidation state: H+, Cl-, Fe(III)
	scoreBareSymbol    float32 = 0.4 // a two-letter element symbol alone: Ar, Mg, Cu
)

// smallMolecules are the all-capital tokens without digits that Recognize
// accepts. Any other such token, as SPIN, PBS, UV or IR, is taken for an
// abbreviation.
var smallMolecules = map[string]bool{
	"BN": true, "BP": true, "CN": true, "CO": true, "CS": true, "HF": true, "HI": true,
	"KF": true, "KI": true, "NO": true, "OH": true, "VC": true, "WC": true,
	"HCN": true, "KCN": true, "KOH": true, "SCN": true, "KSCN": true,
}

// wordSymbols are element symbols that, standing alone, are more often
// English words or units: "In", "As", "At", "Be", "He", "Am" and "Pa" for
// the pascal. Symbols from einsteinium (Z = 99) on are rejected alone as
// well. Those elements are made only in trace amounts, so they are unlikely
// materials, and their symbols ("Es", "No", "Md", "Db", "Mt", "Ds") collide
// with words and abbreviations.
var wordSymbols = map[string]bool{
	"Am": true, "As": true, "At": true, "Be": true, "He": true, "In": true, "Pa": true,
}

const firstWordElement = 99

// Recognize reports whether the token s is a chemical formula, for tagging
// material entities, and returns a confidence score in [0, 1]. The score is
// a fixed level for the kind of evidence, not a calibrated probability:
//   - 1.0 for several elements with a digit (LiCoO2);
//   - 0.9 for several elements with brackets, a hydrate, a dopant or a
//     charge but no digit (Ni(OH), NaCl:Eu);
//   - 0.8 for one element with a digit (O2, Fe3+);
//   - 0.7 for several elements in mixed case without digits (NaCl);
//   - 0.6 for listed all-capital molecules (HF, KOH) and for ions without
//     digits (H+, Fe(III));
//   - 0.4 for a bare two-letter symbol (Mg).
//
// A composite such as Pt/C gets the highest score of its parts.
//
// Recognize returns false with score 0 for a token that Parse rejects or
// that contains white space. It also rejects these tokens, which parse but
// are more often words or labels:
//   - one-letter symbols without a digit (C, K, 2H);
//   - variables without a digit (Is, On);
//   - all-capital words without a digit (SPIN, PBS, NP), except a short
//     list of molecules such as HF, CO, NO and KOH;
//   - the symbols In, As, At, Be, He, Am and Pa alone;
//   - the symbols of elements from einsteinium on alone (Es, No).
func Recognize(s string) (bool, float32) {
	if s == "" || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return false, 0
	}
	c, f, err := parse(s, Options{})
	if err != nil || hasNumberedPart(s) || hasSuperheavy(c) {
		return false, 0
	}
	switch {
	case len(c.Dopants) > 0:
		return recognizeDoped(s)
	case len(c.Parts) > 0:
		return recognizeComposite(c)
	}
	if c.Phase != "" {
		s = s[len(c.Phase)+1:]
	}
	return judge(s, c, f)
}

// hasNumberedPart reports whether a part after "/" starts with a digit, as
// in residue labels such as "K79/83" or ratios such as "TiO2/2": Parse reads
// the digit as a divisor, which is almost never what such tokens mean.
func hasNumberedPart(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '/' && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
	}
	return false
}

// lastNaturalElement is the highest atomic number Recognize accepts in a
// token. Elements from 104 (rutherfordium) up exist for seconds in
// accelerators, so a token that spells one, such as "CFTs" with tennessine,
// is an abbreviation.
const lastNaturalElement = 103

func hasSuperheavy(c Composition) bool {
	for _, a := range c.Elements {
		if e, ok := LookupElement(a.Symbol); ok && e.Number > lastNaturalElement {
			return true
		}
	}
	return false
}

// recognizeDoped accepts a doped formula such as Y2O3:Eu3+ when its host
// is a formula on its own.
func recognizeDoped(s string) (bool, float32) {
	host, _, _ := strings.Cut(s, ":")
	ok, score := Recognize(host)
	if !ok {
		return false, 0
	}
	return true, max(score, scoreStructured)
}

// recognizeComposite accepts a composite when one of its parts is a formula
// on its own.
func recognizeComposite(c Composition) (bool, float32) {
	var best float32
	for _, part := range c.Parts {
		if ok, score := Recognize(part.Input); ok {
			best = max(best, score)
		}
	}
	return best > 0, best
}

// judge applies the rules of Recognize to the token s, which parsed to c.
func judge(s string, c Composition, f features) (bool, float32) {
	if f.variables && !f.digits {
		return false, 0
	}
	letters := asciiLetters(s)
	if !f.digits && len(letters) >= 2 && strings.ToUpper(letters) == letters {
		if smallMolecules[letters] {
			return true, scoreSmallMolecule
		}
		return false, 0
	}
	if len(c.Elements) == 1 {
		return judgeElement(c.Elements[0].Symbol, c.Charge, f)
	}

	switch {
	case f.digits:
		return true, scoreFormula
	case f.groups || f.hydrate || f.oxidation || c.Charge != 0:
		return true, scoreStructured
	}
	return true, scoreMixedCase
}

// judgeElement applies the rules of Recognize to a token with one element.
func judgeElement(symbol string, charge int, f features) (bool, float32) {
	switch {
	case f.digits:
		return true, scoreElementDigits
	case charge != 0 || f.oxidation:
		return true, scoreIon
	case len(symbol) == 1 || wordSymbols[symbol]:
		return false, 0
	}
	if e, _ := LookupElement(symbol); e.Number >= firstWordElement {
		return false, 0
	}
	return true, scoreBareSymbol
}

func asciiLetters(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) || isLower(s[i]) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
