package formula

import (
	"strings"
	"unicode/utf8"
)

// span is a byte range of the input.
type span struct{ start, end int }

// splitDopants splits input[pos:end] at the first ":" into the host and the
// dopants, which are separated by "," or ";". Spaces around the separators
// are left out of the spans.
func (p *parser) splitDopants() (host span, dopants []span) {
	colon := strings.IndexByte(p.input[p.pos:p.end], ':')
	if colon < 0 {
		return span{p.pos, p.end}, nil
	}
	colon += p.pos
	host = p.trimSpan(span{p.pos, colon})
	start := colon + 1
	for i := start; i <= p.end; i++ {
		if i < p.end && p.input[i] != ',' && p.input[i] != ';' {
			continue
		}
		dopants = append(dopants, p.trimSpan(span{start, i}))
		start = i + 1
	}
	return host, dopants
}

// trimSpan removes spaces and tabs at both ends of s. An empty result sits
// where the text was, so that errors point there.
func (p *parser) trimSpan(s span) span {
	for s.start < s.end && isSpace(rune(p.input[s.start])) {
		s.start++
	}
	for s.end > s.start && isSpace(rune(p.input[s.end-1])) {
		s.end--
	}
	return s
}

// stateSuffixes are the physical state labels that may follow a formula, as
// in H2O(l) or Na+(aq). They change no amount.
var stateSuffixes = []string{"(s)", "(l)", "(g)", "(aq)"}

// cutState removes a trailing state label from input[pos:end], unless an
// amount factor precedes it, because Bb(s) is boron with amount b times s
// and B(a)(l) is boron with amount a times l.
func (p *parser) cutState() {
	text := p.input[p.pos:p.end]
	for _, state := range stateSuffixes {
		before, ok := strings.CutSuffix(text, state)
		if ok && before != "" && !endsWithAmountFactor(before) {
			p.end -= len(state)
			return
		}
	}
}

// endsWithAmountFactor reports whether s ends with a variable letter,
// rather than the small letter of an element symbol as in Cl, or with a
// parenthesized amount, whose parentheses enclose no capital letter.
func endsWithAmountFactor(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	if isVariable(r) {
		n := len(s)
		return r >= utf8.RuneSelf || n < 2 || !isSymbol(s[n-2:])
	}
	if r != ')' {
		return false
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		switch {
		case isUpper(c):
			return false
		case isClosing(c):
			depth++
		case isOpening(c):
			depth--
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// cutPhase removes a phase prefix from the start of s and returns it: one
// lowercase Latin or Greek letter, as in β-NaFeO2, h-BN or t-ZrO2, or a
// polytype, as in 2H-MoS2 or 4H-SiC. The hyphen must be followed by an
// element symbol or a bracket.
func (p *parser) cutPhase(s span) (span, string) {
	text := p.input[s.start:s.end]
	prefix := ""
	if r, size := utf8.DecodeRuneInString(text); isVariable(r) {
		prefix = text[:size]
	} else {
		digits := len(text) - len(strings.TrimLeft(text, "0123456789"))
		if digits > 0 && digits < len(text) && strings.IndexByte("CHRT", text[digits]) >= 0 {
			prefix = text[:digits+1]
		}
	}
	if prefix == "" || !strings.HasPrefix(text[len(prefix):], "-") {
		return s, ""
	}
	rest := len(prefix) + 1
	if rest >= len(text) || !isUpper(text[rest]) && !isOpening(text[rest]) {
		return s, ""
	}
	return span{s.start + rest, s.end}, prefix
}
