package formula

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// peek returns the rune at pos and its size, or (-1, 0) at the end.
func (p *parser) peek() (rune, int) { return p.peekAt(p.pos) }

func (p *parser) peekAt(pos int) (rune, int) {
	if pos >= p.end {
		return -1, 0
	}
	if c := p.input[pos]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(p.input[pos:p.end])
}

// skipSpacesFrom returns the first position at or after pos that is not a
// space or tab.
func (p *parser) skipSpacesFrom(pos int) int {
	for pos < p.end && isSpace(rune(p.input[pos])) {
		pos++
	}
	return pos
}

// unexpected returns the error for the rune at pos, which the grammar does
// not allow there.
func (p *parser) unexpected() error {
	r, _ := p.peek()
	switch {
	case r < 0:
		return p.fail(ErrSyntax, p.pos, "", "unexpected end of formula")
	case r < utf8.RuneSelf && isClosing(byte(r)):
		return p.fail(ErrUnbalanced, p.pos, string(r), "unmatched closing bracket")
	case isSpace(r):
		return p.fail(ErrSyntax, p.pos, "", "unexpected space")
	}
	return p.fail(ErrSyntax, p.pos, string(r), "unexpected character")
}

// missingFormula returns the error for a position where an element symbol
// or a bracketed group must start.
func (p *parser) missingFormula() error {
	if r, _ := p.peek(); r >= 0 && !(r < utf8.RuneSelf && isClosing(byte(r))) {
		return p.fail(ErrSyntax, p.pos, string(r), "expected an element symbol or a bracket, found")
	}
	return p.fail(ErrSyntax, p.pos, "", "expected an element symbol or a bracket")
}

// enter counts one more level of bracket nesting at the bracket at pos.
func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > MaxDepth {
		msg := fmt.Sprintf("brackets nested deeper than %d levels at", MaxDepth)
		return p.fail(ErrTooDeep, pos, p.input[pos:pos+1], msg)
	}
	return nil
}

// expectClosing consumes the bracket that closes the bracket open at
// openPos.
func (p *parser) expectClosing(open byte, openPos int) error {
	if p.pos >= p.end {
		return p.fail(ErrUnbalanced, openPos, string(open), "missing closing bracket for")
	}
	c := p.input[p.pos]
	if c == closingOf(open) {
		p.pos++
		p.depth--
		return nil
	}
	if isClosing(c) {
		msg := fmt.Sprintf("bracket %q at offset %d closed by", string(open), openPos)
		return p.fail(ErrUnbalanced, p.pos, string(c), msg)
	}
	return p.unexpected()
}

// isAmountParen reports whether a parenthesis at pos encloses an amount, as
// in Mg2(1+x), rather than a group: it has a closing partner and no capital
// letter, so no element symbol, in between.
func (p *parser) isAmountParen(pos int) bool {
	if pos >= p.end || p.input[pos] != '(' {
		return false
	}
	depth := 0
	for i := pos; i < p.end; i++ {
		c := p.input[i]
		switch {
		case isUpper(c):
			return false
		case isOpening(c):
			depth++
		case isClosing(c):
			depth--
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// startsUnit reports whether an element symbol or a group starts at the
// current position.
func (p *parser) startsUnit() bool {
	if p.pos >= p.end {
		return false
	}
	c := p.input[p.pos]
	return isUpper(c) || isOpening(c) && !p.isAmountParen(p.pos)
}

// startsAmountAt reports whether a number, a variable or a parenthesized
// amount starts at pos.
func (p *parser) startsAmountAt(pos int) bool {
	r, _ := p.peekAt(pos)
	return isDigit(r) || isVariable(r) || p.isAmountParen(pos)
}

// parsePart reads a formula and the hydrate components joined to it, as in
// CoCl2·6H2O. Spaces may surround every separator except ".".
func (p *parser) parsePart() (tally, error) {
	total, err := p.parseComponent()
	if err != nil {
		return nil, err
	}
	for {
		next := p.skipSpacesFrom(p.pos)
		r, size := p.peekAt(next)
		if !isHydrateSeparator(r) || (r == '.' && next != p.pos) {
			return total, nil
		}
		p.feat.hydrate = true
		p.pos = next + size
		if r != '.' {
			p.pos = p.skipSpacesFrom(p.pos)
		}

		t, err := p.parseComponent()
		if err != nil {
			return nil, err
		}
		total = total.merge(t)
	}
}

// parseComponent reads a formula with an optional leading coefficient, as
// in 6H2O, xH2O or (1-x)BiFeO3.
func (p *parser) parseComponent() (tally, error) {
	coefficient := constant(1)
	if p.startsAmountAt(p.pos) {
		p.inCoefficient = true
		c, err := p.parseTerm()
		p.inCoefficient = false
		if err != nil {
			return nil, err
		}
		coefficient = c
	}
	if !p.startsUnit() {
		return nil, p.missingFormula()
	}

	start := p.pos
	t, err := p.parseFormula()
	if err != nil {
		return nil, err
	}
	scaled, ok := t.times(coefficient)
	if !ok {
		return nil, p.tooComplex(start)
	}
	return scaled, nil
}

// parseFormula reads a sequence of elements and groups, each with an
// optional amount.
func (p *parser) parseFormula() (tally, error) {
	var t tally
	for p.startsUnit() {
		var err error
		if isUpper(p.input[p.pos]) {
			t, err = p.parseElement(t)
		} else {
			t, err = p.parseGroup(t)
		}
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (p *parser) parseElement(t tally) (tally, error) {
	start := p.pos
	symbol, err := p.scanSymbol()
	if err != nil {
		return nil, err
	}
	p.skipOxidationState()
	amount, err := p.parseAmount()
	if err != nil {
		return nil, err
	}
	return t.add(symbol, start, amount), nil
}

// scanSymbol reads an element symbol: two letters when they form a symbol,
// else one capital letter.
func (p *parser) scanSymbol() (string, error) {
	oneLetter := p.input[p.pos : p.pos+1]
	if p.pos+1 < p.end && isLower(p.input[p.pos+1]) {
		twoLetters := p.input[p.pos : p.pos+2]
		if isSymbol(twoLetters) {
			p.pos += 2
			return twoLetters, nil
		}
		if !isSymbol(oneLetter) {
			return "", p.fail(ErrUnknownElement, p.pos, twoLetters, "")
		}
	}
	if !isSymbol(oneLetter) {
		return "", p.fail(ErrUnknownElement, p.pos, oneLetter, "")
	}
	p.pos++
	return oneLetter, nil
}

// oxidationStates are the Roman numerals that may follow a symbol, as in
// Fe(III). They change no amount.
var oxidationStates = []string{"(I)", "(II)", "(III)", "(IV)", "(V)", "(VI)", "(VII)", "(VIII)"}

// skipOxidationState skips an oxidation state unless a digit follows it,
// because (V)2 is read as a group of vanadium.
func (p *parser) skipOxidationState() {
	rest := p.input[p.pos:p.end]
	for _, state := range oxidationStates {
		after, ok := strings.CutPrefix(rest, state)
		if ok && (after == "" || !isDigit(rune(after[0]))) {
			p.pos += len(state)
			p.feat.oxidation = true
			return
		}
	}
}

// parseGroup reads a bracketed formula and its optional multiplier, as in
// (NH4)2 or [Co(NH3)6].
func (p *parser) parseGroup(t tally) (tally, error) {
	start := p.pos
	open := p.input[start]
	if err := p.enter(start); err != nil {
		return nil, err
	}
	p.pos++

	inner, err := p.parseFormula()
	if err != nil {
		return nil, err
	}
	if len(inner) == 0 {
		return nil, p.missingFormula()
	}
	if err := p.expectClosing(open, start); err != nil {
		return nil, err
	}
	p.feat.groups = true

	amount, err := p.parseAmount()
	if err != nil {
		return nil, err
	}
	scaled, ok := inner.times(amount)
	if !ok {
		return nil, p.tooComplex(start)
	}
	return t.merge(scaled), nil
}
