package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxEntryRunes is the longest material or apparatus string kept, in code
// points. Longer strings in the dataset are whole phrases or several
// materials run together, which no tokenized sentence would reproduce.
const maxEntryRunes = 60

// normalizeSpace trims s and collapses each run of Unicode white space into
// one ASCII space.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// stopWords are strings that the extraction put in material slots but that
// name no material. They are English function words, conditions that are
// not a substance (ambient, inert, vacuum), and bare class words or
// fragments of longer names ("acid", "nitrate", the "ethyl" of "ethyl
// alcohol"). The comparison ignores case.
var stopWords = setOf(
	"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
	"of", "on", "or", "the", "then", "this", "to", "was", "were", "with",
	"ambient", "atmosphere", "flow", "flowing", "gas", "inert", "static", "vacuum",
	"acid", "acids", "alcohol group", "acetate", "carbonate", "chloride", "compound", "compounds",
	"ethyl", "hydroxide", "isopropyl", "material", "materials", "metal", "metals", "methyl",
	"mixture", "nitrate", "nitrates", "oxide", "oxides", "powder", "powders", "precursor",
	"precursors", "propyl", "raw", "reagent", "reagents", "salt", "salts", "sample", "samples",
	"solution", "solvent", "solvents", "starting", "stoichiometric", "sulfate",
	"acetic", "citric", "dihydrate", "electrolytic", "glacial", "hydrate", "nitric", "pentahydrate",
	"tetrahydrate",
	"lead", // mostly the verb ("lead to"); "lead oxide" and other names stay
)

func setOf(words ...string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}

// isNoise reports whether s, already space-normalized, is too unlikely to
// name a material or apparatus to keep. It rejects strings that are one code
// point long or longer than maxEntryRunes, have no letter or are stop
// words. It also rejects extraction errors: strings with a comparison sign
// ("0 ≤ x ≤ 0.2 in ..."), with unbalanced brackets ("ZnO(99" cut from a
// purity statement) or with a separator at either end, left by a cut list
// ("- BaCO3", "ceria,", "lithium-manganese-").
func isNoise(s string) bool {
	n := utf8.RuneCountInString(s)
	if n <= 1 || n > maxEntryRunes {
		return true
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		return true
	}
	if stopWords[strings.ToLower(s)] {
		return true
	}
	if strings.ContainsAny(s, "<>=≤≥") || cutMidList(s) {
		return true
	}
	return !bracketsBalanced(s)
}

// cutMidList reports whether s starts with a separator or ends with one.
// A final hyphen counts only after a lower-case letter, so the anions
// "OH-" and "Cl-" pass.
func cutMidList(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	last, size := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(",;:-·", first) || strings.ContainsRune(",;:·", last) {
		return true
	}
	if last != '-' {
		return false
	}
	beforeLast, _ := utf8.DecodeLastRuneInString(s[:len(s)-size])
	return unicode.IsLower(beforeLast)
}

func bracketsBalanced(s string) bool {
	var stack []rune
	for _, r := range s {
		switch r {
		case '(', '[', '{':
			stack = append(stack, r)
		case ')', ']', '}':
			if len(stack) == 0 || stack[len(stack)-1] != openerOf(r) {
				return false
			}
			stack = stack[:len(stack)-1]
		}
	}
	return len(stack) == 0
}

func openerOf(closer rune) rune {
	switch closer {
	case ')':
		return '('
	case ']':
		return '['
	}
	return '{'
}

// isLower reports whether s has a letter and no upper-case or title-case
// letter. The Matcher compares such material strings without regard to
// case.
func isLower(s string) bool {
	return strings.ContainsFunc(s, unicode.IsLetter) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsUpper(r) || unicode.IsTitle(r)
	})
}
