package formula

import (
	"fmt"
	"strconv"
	"strings"
)

// tooComplex returns the error for an amount that expands past maxTerms.
func (p *parser) tooComplex(pos int) error {
	msg := fmt.Sprintf("amount expands to more than %d terms at", maxTerms)
	return p.fail(ErrUnsupported, pos, p.input[pos:p.pos], msg)
}

// parseAmount reads the optional amount after an element or a group. The
// amount is 1 when none follows.
func (p *parser) parseAmount() (poly, error) {
	if !p.startsAmountAt(p.pos) {
		return constant(1), nil
	}
	return p.parseSum(false)
}

// parseSum reads terms joined by + and -. Spaces may surround an operator.
// Only inside parentheses may the sum start with a sign, as in (-x).
func (p *parser) parseSum(inParens bool) (poly, error) {
	start := p.pos
	sign := 1.0
	if inParens {
		if r, size := p.peek(); isPlus(r) || isMinus(r) {
			if isMinus(r) {
				sign = -1
			}
			p.pos = p.skipSpacesFrom(p.pos + size)
		}
	}
	sum, err := p.parseTerm()
	if err != nil {
		return nil, err
	}
	sum = sum.scale(sign)

	for {
		op, next, ok := p.peekOperator(isNumeric(p.input[start:p.pos]))
		if !ok {
			return sum, nil
		}
		opPos := p.pos
		p.pos = next
		t, err := p.parseTerm()
		if err != nil {
			return nil, err
		}
		if op == '±' {
			if v, _ := t.value(); v != 0 {
				return nil, p.fail(ErrUnsupported, opPos, p.input[opPos:p.pos], "± with a nonzero amount in")
			}
			continue
		}
		if op == '-' {
			t = t.scale(-1)
		}
		sum = add(sum, t)
	}
}

// peekOperator looks for an operator that continues a sum: +, a minus, or
// ± before a term that is zero, such as δ in O3±δ. It returns '+', '-' or
// '±' and the position of the next term. It returns false, leaving the
// operator unread, when no term follows, as in TiO2-SiO2. It also returns
// false when numeric is set, meaning that the sum so far has only numbers,
// and a number that starts a component follows, as in BaTiO3-0.1SrTiO3.
// Such an operator joins the components of a mixture, which Parse does not
// read, rather than the terms of an amount.
func (p *parser) peekOperator(numeric bool) (op rune, next int, ok bool) {
	pos := p.skipSpacesFrom(p.pos)
	r, size := p.peekAt(pos)
	switch {
	case isPlus(r), r == '±':
		op = r
	case isMinus(r):
		op = '-'
	default:
		return 0, 0, false
	}
	next = p.skipSpacesFrom(pos + size)
	if !p.startsAmountAt(next) || numeric && p.startsComponent(next) {
		return 0, 0, false
	}
	return op, next, true
}

// startsComponent reports whether a number at pos is directly followed by an
// element symbol or a group, as 0.1SrTiO3 is.
func (p *parser) startsComponent(pos int) bool {
	end := pos
	for end < p.end && (isDigit(rune(p.input[end])) || p.input[end] == '.') {
		end++
	}
	if end == pos || end == p.end {
		return false
	}
	c := p.input[end]
	return isUpper(c) || isOpening(c) && !p.isAmountParen(end)
}

// parseTerm reads a product of factors: a number first, then variables and
// parenthesized amounts, each optionally divided by a number, as in 2x,
// 2(1+x), 3z/2 or 1/3. Two variables may not stand side by side, so that
// English words such as "Oxygen" do not parse.
func (p *parser) parseTerm() (poly, error) {
	product, err := p.parseFactor()
	if err != nil {
		return nil, err
	}
	for {
		prevStart := p.pos
		r, size := p.peek()
		switch {
		case r == '/' && p.pos+1 < p.end && isDigit(rune(p.input[p.pos+1])):
			p.pos += size
			if product, err = p.divide(product); err != nil {
				return nil, err
			}
		case isVariable(r) || p.isAmountParen(p.pos):
			if err := p.checkAdjacentVariables(); err != nil {
				return nil, err
			}
			f, err := p.parseFactor()
			if err != nil {
				return nil, err
			}
			var ok bool
			if product, ok = mul(product, f); !ok {
				return nil, p.tooComplex(prevStart)
			}
		default:
			return product, nil
		}
	}
}

// checkAdjacentVariables rejects a variable right after another variable.
func (p *parser) checkAdjacentVariables() error {
	r, size := p.peek()
	if !isVariable(r) || p.pos == 0 {
		return nil
	}
	prevStart := p.pos - 1
	for prevStart > 0 && p.input[prevStart]&0xC0 == 0x80 {
		prevStart--
	}
	prev, _ := p.peekAt(prevStart)
	if !isVariable(prev) {
		return nil
	}
	return p.fail(ErrSyntax, prevStart, p.input[prevStart:p.pos+size], "adjacent variables")
}

// divide reads the number after "/" and divides product by it.
func (p *parser) divide(product poly) (poly, error) {
	start := p.pos
	d, err := p.parseNumber()
	if err != nil {
		return nil, err
	}
	v, _ := d.value()
	if v == 0 {
		return nil, p.fail(ErrAmount, start, p.input[start:p.pos], "division by zero:")
	}
	return product.scale(1 / v), nil
}

// parseFactor reads a number, a variable or a parenthesized amount.
func (p *parser) parseFactor() (poly, error) {
	r, size := p.peek()
	switch {
	case isDigit(r):
		return p.parseNumber()
	case isVariable(r):
		p.pos += size
		return p.resolve(r), nil
	case r == '(':
		return p.parseParenAmount()
	}
	if r < 0 {
		return nil, p.fail(ErrSyntax, p.pos, "", "missing amount at end of formula")
	}
	return nil, p.fail(ErrSyntax, p.pos, string(r), "expected an amount, found")
}

func (p *parser) parseParenAmount() (poly, error) {
	start := p.pos
	if err := p.enter(start); err != nil {
		return nil, err
	}
	p.pos = p.skipSpacesFrom(p.pos + 1)
	sum, err := p.parseSum(true)
	if err != nil {
		return nil, err
	}
	p.pos = p.skipSpacesFrom(p.pos)
	if err := p.expectClosing('(', start); err != nil {
		return nil, err
	}
	return sum, nil
}

// resolve returns the value of variable r: its value from Options.Vars, 0
// for δ and ε without one, and otherwise the variable itself.
func (p *parser) resolve(r rune) poly {
	p.feat.variables = true
	if v, ok := p.vars[r]; ok {
		return constant(v)
	}
	if r == 'δ' || r == 'ε' {
		return nil
	}
	return variable(r)
}

// parseNumber reads digits with an optional decimal part. In an amount, a
// "." that starts a water of hydration, as in CuSO4.5H2O, ends the number
// instead, unless the integer part is 0 or 1, as in Ba0.5H2O.
func (p *parser) parseNumber() (poly, error) {
	start := p.pos
	p.skipDigits()
	if p.pos+1 < p.end && p.input[p.pos] == '.' && isDigit(rune(p.input[p.pos+1])) &&
		(p.inCoefficient || !p.startsWater(start)) {
		p.pos++
		p.skipDigits()
	}
	if !p.inCoefficient {
		p.feat.digits = true
	}

	text := p.input[start:p.pos]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return nil, p.fail(ErrAmount, start, text, "number out of range:")
	}
	return constant(v), nil
}

func (p *parser) skipDigits() {
	for p.pos < p.end && isDigit(rune(p.input[p.pos])) {
		p.pos++
	}
}

// startsWater reports whether the "." at pos, after the integer part that
// starts at intStart, is followed by a water of hydration that ends the
// part: digits, then H2O or (H2O), then the end, "/" or a separator.
func (p *parser) startsWater(intStart int) bool {
	integer := p.input[intStart:p.pos]
	if strings.Trim(integer, "0") == "" || integer == "1" {
		return false
	}
	rest := strings.TrimLeft(p.input[p.pos+1:p.end], "0123456789")
	for _, water := range []string{"H2O", "(H2O)"} {
		after, ok := strings.CutPrefix(rest, water)
		if !ok {
			continue
		}
		r, _ := p.peekAt(p.end - len(after))
		if after == "" || r == '/' || isHydrateSeparator(r) || isSpace(r) {
			return true
		}
	}
	return false
}

// isNumeric reports whether s has only digits, points, signs and spaces.
func isNumeric(s string) bool {
	for _, r := range s {
		if !isDigit(r) && r != '.' && !isPlus(r) && !isMinus(r) && !isSpace(r) {
			return false
		}
	}
	return true
}
