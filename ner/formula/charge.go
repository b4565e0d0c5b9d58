package formula

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxCharge is the largest ionic charge magnitude that Parse accepts.
const maxCharge = 99

// parseCharge removes a trailing ionic charge from input[pos:end] and stores
// it. It accepts "^" followed by a charge ("SO4^2-", "Fe^+3"), superscripts
// ("Fe³⁺"), and a final sign ("Cl-", "NH4+"). Before a final sign, digits
// are the charge only when a single element symbol, with an optional
// coefficient, precedes them. So "Fe3+" and "0.4Yb3+" have charge 3, and
// "NH4+" is ammonium with charge 1.
func (p *parser) parseCharge() error {
	s := p.input[p.pos:p.end]
	var (
		head      string
		charge    int
		hasDigits bool
		ok        bool
	)
	if i := strings.LastIndexByte(s, '^'); i >= 0 {
		head = s[:i]
		charge, hasDigits, ok = parseSignedCount(s[i+1:])
		if !ok {
			return p.fail(ErrSyntax, p.pos+i, s[i:], "invalid charge")
		}
	} else if head, charge, hasDigits, ok = cutSuperscriptCharge(s); !ok {
		head, charge, hasDigits, ok = cutSignCharge(s)
	}
	if !ok {
		return nil
	}

	if head == "" {
		return p.fail(ErrSyntax, p.pos, s, "missing formula before charge")
	}
	if charge > maxCharge || charge < -maxCharge {
		return p.fail(ErrSyntax, p.pos+len(head), s[len(head):], "charge out of range:")
	}
	p.end = p.pos + len(head)
	p.charge = charge
	p.feat.digits = p.feat.digits || hasDigits
	return nil
}

// parseSignedCount reads a charge written as "2-", "-2", "+" or "3+". A
// magnitude of 0 is invalid.
func parseSignedCount(s string) (charge int, hasDigits, ok bool) {
	first, firstSize := utf8.DecodeRuneInString(s)
	last, lastSize := utf8.DecodeLastRuneInString(s)
	var digits string
	var sign int
	switch {
	case signOf(first) != 0:
		sign, digits = signOf(first), s[firstSize:]
	case signOf(last) != 0:
		sign, digits = signOf(last), s[:len(s)-lastSize]
	default:
		return 0, false, false
	}
	if digits == "" {
		return sign, false, true
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n == 0 || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, false, false
	}
	return sign * n, true, true
}

func signOf(r rune) int {
	switch {
	case isPlus(r):
		return 1
	case isMinus(r):
		return -1
	}
	return 0
}

// cutSignCharge splits a final + or - from s.
func cutSignCharge(s string) (head string, charge int, hasDigits, ok bool) {
	r, size := utf8.DecodeLastRuneInString(s)
	sign := signOf(r)
	if sign == 0 {
		return "", 0, false, false
	}
	body := s[:len(s)-size]
	head = strings.TrimRight(body, "0123456789")
	digits := body[len(head):]
	symbol := strings.TrimLeftFunc(head, isCoefficientRune)
	if digits == "" || !isSymbol(symbol) {
		return body, sign, false, true
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n == 0 {
		return body, sign, false, true
	}
	return head, sign * n, true, true
}

// isCoefficientRune reports whether r can be part of a leading coefficient,
// as in 0.4Yb3+ or xEu3+.
func isCoefficientRune(r rune) bool { return isDigit(r) || r == '.' || isVariable(r) }

// superscriptDigits maps the superscript digits to their values.
var superscriptDigits = map[rune]int{
	'⁰': 0, '¹': 1, '²': 2, '³': 3, '⁴': 4, '⁵': 5, '⁶': 6, '⁷': 7, '⁸': 8, '⁹': 9,
}

// cutSuperscriptCharge splits a final superscript charge such as ³⁺ or ⁻
// from s. It reads at most two superscript digits.
func cutSuperscriptCharge(s string) (head string, charge int, hasDigits, ok bool) {
	r, size := utf8.DecodeLastRuneInString(s)
	sign := 0
	switch r {
	case '⁺':
		sign = 1
	case '⁻':
		sign = -1
	default:
		return "", 0, false, false
	}
	head = s[:len(s)-size]
	magnitude, scale := 0, 1
	for range 2 {
		d, size := utf8.DecodeLastRuneInString(head)
		v, isDigit := superscriptDigits[d]
		if !isDigit {
			break
		}
		magnitude += v * scale
		scale *= 10
		head = head[:len(head)-size]
		hasDigits = true
	}
	if !hasDigits {
		return head, sign, false, true
	}
	if magnitude == 0 {
		return "", 0, false, false
	}
	return head, sign * magnitude, true, true
}
