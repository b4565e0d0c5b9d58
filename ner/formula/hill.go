package formula

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// zeroAmount is the magnitude below which a resolved amount counts as zero,
// so that 0.3-0.1-0.2 is not reported as a negative amount.
const zeroAmount = 1e-9

// tally is the element amounts of a formula fragment, one entry per element
// in order of first appearance.
type tally []entry

type entry struct {
	symbol string
	offset int // byte offset of the first occurrence, for error messages
	amount poly
}

func (t tally) add(symbol string, offset int, amount poly) tally {
	for i := range t {
		if t[i].symbol == symbol {
			t[i].amount = add(t[i].amount, amount)
			return t
		}
	}
	return append(t, entry{symbol: symbol, offset: offset, amount: amount})
}

func (t tally) merge(other tally) tally {
	for _, e := range other {
		t = t.add(e.symbol, e.offset, e.amount)
	}
	return t
}

// times multiplies every amount by factor. It returns false when a product
// has too many terms.
func (t tally) times(factor poly) (tally, bool) {
	out := make(tally, len(t))
	for i, e := range t {
		amount, ok := mul(e.amount, factor)
		if !ok {
			return nil, false
		}
		out[i] = entry{symbol: e.symbol, offset: e.offset, amount: amount}
	}
	return out, true
}

// composition resolves the tally of input into element amounts, checks
// them, and sorts them in Hill order.
func (p *parser) composition(input string, t tally) (Composition, error) {
	c := Composition{Input: input}
	unresolved := map[rune]bool{}
	for _, e := range t {
		if !e.amount.finite() {
			return Composition{}, p.fail(ErrAmount, e.offset, e.symbol, "amount out of range for element")
		}
		v, ok := e.amount.value()
		if !ok {
			e.amount.variables(unresolved)
			c.Elements = append(c.Elements, Amount{Symbol: e.symbol, Amount: math.NaN(), Expr: e.amount.String()})
			continue
		}
		if math.Abs(v) < zeroAmount {
			continue
		}
		if v < 0 {
			msg := fmt.Sprintf("negative amount %s for element", formatNumber(v))
			return Composition{}, p.fail(ErrAmount, e.offset, e.symbol, msg)
		}
		c.Elements = append(c.Elements, Amount{Symbol: e.symbol, Amount: v})
	}
	if len(c.Elements) == 0 {
		return Composition{}, p.fail(ErrAmount, -1, input, "every element amount is zero in")
	}

	sortHill(c.Elements)
	c.Formula = hillFormula(c.Elements)
	for r := range unresolved {
		c.Unresolved = append(c.Unresolved, string(r))
	}
	slices.Sort(c.Unresolved)
	return c, nil
}

// sortHill sorts amounts in Hill order.
func sortHill(amounts []Amount) {
	hasCarbon := slices.ContainsFunc(amounts, func(a Amount) bool { return a.Symbol == "C" })
	rank := func(symbol string) int {
		switch {
		case hasCarbon && symbol == "C":
			return 0
		case hasCarbon && symbol == "H":
			return 1
		}
		return 2
	}
	slices.SortFunc(amounts, func(a, b Amount) int {
		if c := cmp.Compare(rank(a.Symbol), rank(b.Symbol)); c != 0 {
			return c
		}
		return strings.Compare(a.Symbol, b.Symbol)
	})
}

// hillFormula writes amounts, already in Hill order, as a formula. A
// decimal amount right before a final H2O goes in parentheses, so that
// B(2.5)H2O does not re-parse as the hydrate B2.5H2O, which is B2·5H2O.
func hillFormula(amounts []Amount) string {
	pieces := make([]string, len(amounts))
	for i, a := range amounts {
		pieces[i] = a.Symbol + amountText(a)
	}
	for i := range len(pieces) - 1 {
		text := amountText(amounts[i])
		if strings.Contains(text, ".") && !strings.HasPrefix(text, "(") && strings.Join(pieces[i+1:], "") == "H2O" {
			pieces[i] = amounts[i].Symbol + "(" + text + ")"
		}
	}
	return strings.Join(pieces, "")
}

// amountText writes an amount so that it re-parses after its symbol. An
// expression with an operator goes in parentheses. An expression whose
// first letter would join a one-letter symbol into another symbol gets a
// leading 1, because C followed by n reads as Cn, and C(s) as C in the
// solid state.
func amountText(a Amount) string {
	switch {
	case a.Expr == "":
		text := formatNumber(a.Amount)
		if text == "1" {
			return ""
		}
		return text
	case strings.ContainsAny(a.Expr, "+-"):
		return "(" + a.Expr + ")"
	case joinsSymbol(a.Symbol, a.Expr):
		return "1" + a.Expr
	}
	return a.Expr
}

func joinsSymbol(symbol, expr string) bool {
	r, _ := utf8.DecodeRuneInString(expr)
	return len(symbol) == 1 && r < utf8.RuneSelf && isLower(byte(r)) && isSymbol(symbol+string(r))
}
