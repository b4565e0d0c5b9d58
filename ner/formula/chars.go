package formula

import "unicode/utf8"

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func isUpper(c byte) bool { return 'A' <= c && c <= 'Z' }

func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

// isVariable reports whether r can name a stoichiometry variable: a
// lowercase Latin letter or a lowercase Greek letter (α to ω).
func isVariable(r rune) bool {
	return 'a' <= r && r <= 'z' || 'α' <= r && r <= 'ω'
}

func isPlus(r rune) bool { return r == '+' }

// isMinus accepts the hyphen-minus, U+2212 MINUS SIGN and U+2013 EN DASH,
// which text extracted from PDF files often has in place of a minus.
func isMinus(r rune) bool { return r == '-' || r == '−' || r == '–' }

// isHydrateSeparator reports whether r joins a formula to a hydrate or adduct
// component, as in CoCl2·6H2O.
func isHydrateSeparator(r rune) bool {
	switch r {
	case '·', '•', '⋅', '∙', '*', '.':
		return true
	}
	return false
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

func isOpening(c byte) bool { return c == '(' || c == '[' || c == '{' }

func isClosing(c byte) bool { return c == ')' || c == ']' || c == '}' }

func closingOf(c byte) byte {
	switch c {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// invalidUTF8 returns the byte offset of the first byte of s that is not
// valid UTF-8, or -1.
func invalidUTF8(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}
