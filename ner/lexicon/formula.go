package lexicon

import "strings"

// elementSymbols are the symbols of the 118 named chemical elements.
var elementSymbols = setOf(
	"H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl",
	"Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As",
	"Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In",
	"Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb",
	"Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl",
	"Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk",
	"Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh",
	"Fl", "Mc", "Lv", "Ts", "Og",
)

// formulaElements returns the number of distinct element symbols in s when
// s reads as a chemical formula, and 0 otherwise. s reads as a formula when
// every ASCII upper-case letter starts an element symbol and no two ASCII
// lower-case letters outside a symbol are adjacent, so single variables such
// as the x of "La1-xSrxMnO3" pass but words do not. Other characters
// (digits, brackets, "·", "+", Greek letters) are allowed anywhere.
func formulaElements(s string) int {
	seen := make(map[string]bool)
	looseLower := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			n := symbolLen(s[i:])
			if n == 0 {
				return 0
			}
			seen[s[i:i+n]] = true
			i += n
			looseLower = 0
		case 'a' <= c && c <= 'z':
			looseLower++
			if looseLower > 1 {
				return 0
			}
			i++
		default:
			looseLower = 0
			i++
		}
	}
	return len(seen)
}

// symbolLen returns the length of the element symbol at the start of s,
// preferring a two-letter symbol, or 0 when s starts with none.
func symbolLen(s string) int {
	if len(s) >= 2 && 'a' <= s[1] && s[1] <= 'z' && elementSymbols[s[:2]] {
		return 2
	}
	if elementSymbols[s[:1]] {
		return 1
	}
	return 0
}

// isMultiElementFormula reports whether s reads as a chemical formula of at
// least two elements, such as "Li2CO3" or "CO" but not "Co" or "lithium".
func isMultiElementFormula(s string) bool {
	return formulaElements(strings.ReplaceAll(s, " ", "")) >= 2
}
