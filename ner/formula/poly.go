package formula

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// poly is a polynomial in the stoichiometry variables that have no value.
// Its terms are sorted by monomial and none has a zero coefficient, so the
// zero polynomial is empty.
type poly []term

// term is coef times the product of the variables in vars. vars holds one
// rune per factor in sorted order, so "xx" is x squared and "" marks the
// constant term.
type term struct {
	vars string
	coef float64
}

// maxTerms is the largest number of terms an amount may expand to. It stops
// products such as (a+b+c)(d+e+f)... from growing exponentially.
const maxTerms = 64

// noiseCoef is the magnitude below which a coefficient of a variable term is
// rounding noise, as left by 0.1x+0.2x-0.3x, and dropped.
const noiseCoef = 1e-12

func constant(v float64) poly {
	if v == 0 {
		return nil
	}
	return poly{{coef: v}}
}

func variable(r rune) poly { return poly{{vars: string(r), coef: 1}} }

// value returns the polynomial's value when it has no variable term.
func (p poly) value() (float64, bool) {
	switch {
	case len(p) == 0:
		return 0, true
	case len(p) == 1 && p[0].vars == "":
		return p[0].coef, true
	}
	return math.NaN(), false
}

// finite reports whether every coefficient is finite.
func (p poly) finite() bool {
	for _, t := range p {
		if math.IsInf(t.coef, 0) || math.IsNaN(t.coef) {
			return false
		}
	}
	return true
}

func compareMonomials(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// normalize sorts the terms, sums those with the same monomial and drops
// zero and noise coefficients. It reuses the backing array of terms.
func normalize(terms []term) poly {
	slices.SortFunc(terms, func(a, b term) int { return compareMonomials(a.vars, b.vars) })
	out := terms[:0]
	for _, t := range terms {
		if n := len(out); n > 0 && out[n-1].vars == t.vars {
			out[n-1].coef += t.coef
			continue
		}
		out = append(out, t)
	}
	nonzero := out[:0]
	for _, t := range out {
		if t.coef == 0 || (t.vars != "" && math.Abs(t.coef) < noiseCoef) {
			continue
		}
		nonzero = append(nonzero, t)
	}
	return nonzero
}

func add(a, b poly) poly {
	terms := make([]term, 0, len(a)+len(b))
	terms = append(terms, a...)
	terms = append(terms, b...)
	return normalize(terms)
}

func (p poly) scale(c float64) poly {
	terms := make([]term, len(p))
	for i, t := range p {
		terms[i] = term{vars: t.vars, coef: t.coef * c}
	}
	return normalize(terms)
}

// mul returns a times b, or false when the product has more than maxTerms
// terms.
func mul(a, b poly) (poly, bool) {
	if len(a)*len(b) > maxTerms*maxTerms {
		return nil, false
	}
	terms := make([]term, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			terms = append(terms, term{vars: joinMonomials(x.vars, y.vars), coef: x.coef * y.coef})
		}
	}
	p := normalize(terms)
	return p, len(p) <= maxTerms
}

func joinMonomials(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	runes := []rune(a + b)
	slices.Sort(runes)
	return string(runes)
}

// variables appends the variables of p to names.
func (p poly) variables(names map[rune]bool) {
	for _, t := range p {
		for _, r := range t.vars {
			names[r] = true
		}
	}
}

// String writes p in the amount syntax that Parse reads, positive terms
// first: "1-x", "26+1.5z", "2x(y)" for 2xy. The zero polynomial is "0".
func (p poly) String() string {
	if len(p) == 0 {
		return "0"
	}
	var b strings.Builder
	for _, negative := range []bool{false, true} {
		for _, t := range p {
			if (t.coef < 0) != negative {
				continue
			}
			if negative {
				b.WriteByte('-')
			} else if b.Len() > 0 {
				b.WriteByte('+')
			}
			writeTerm(&b, t.vars, math.Abs(t.coef))
		}
	}
	return b.String()
}

// writeTerm writes coef times the variables in vars. Only the first variable
// is written without parentheses because Parse rejects two adjacent
// variable letters, so x²y is written "x(x)(y)".
func writeTerm(b *strings.Builder, vars string, coef float64) {
	if text := formatNumber(coef); vars == "" || text != "1" {
		b.WriteString(text)
	}
	for i, r := range vars {
		if i == 0 {
			b.WriteRune(r)
			continue
		}
		b.WriteByte('(')
		b.WriteRune(r)
		b.WriteByte(')')
	}
}

// formatNumber writes v with at most 10 significant digits and no exponent,
// so 0.1+0.2 is "0.3" and 1e-5 is "0.00001".
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'g', 10, 64)
	if !strings.ContainsAny(s, "eE") {
		return s
	}
	rounded, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(rounded, 'f', -1, 64)
}
