package formula

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInputBytes is the longest input, in bytes, that Parse accepts.
const MaxInputBytes = 256

// MaxDepth is the deepest bracket nesting that Parse accepts. Groups and
// parenthesized amounts both count.
const MaxDepth = 32

// Options sets how Parse resolves stoichiometry variables.
type Options struct {
	// Vars maps a variable letter, such as "x" or "δ", to its value. Each
	// name must be one lowercase Latin or Greek letter and each value must
	// be finite. Without a value, δ and ε count as 0 and any other variable
	// makes the amounts that depend on it NaN. A nil map gives no values.
	Vars map[string]float64
}

// Amount is the amount of one element in a composition.
type Amount struct {
	Symbol string  // element symbol, such as "Fe"
	Amount float64 // atoms per formula unit, NaN when Expr is set
	// Expr is the amount as a polynomial in the unresolved variables, such
	// as "1-x" or "2+2x", in the syntax that Parse reads. It is "" when
	// Amount is a number.
	Expr string
}

// Composition is the element amounts of a parsed formula.
type Composition struct {
	Input string // the text that was parsed: the whole input, a part of a composite, or a dopant
	// Phase is the phase prefix of the whole input, such as "β" for
	// β-NaFeO2 or "2H" for 2H-MoS2, or "" when there is none.
	Phase string
	// Formula is the composition in Hill order with amounts of 1 left out,
	// such as "FeLiO4P" or "CoLixO2". It has no phase, dopants or charge.
	// Parse reads it back to the same elements and amounts, to 10
	// significant digits, unless it is longer than MaxInputBytes.
	Formula string
	// Elements lists each element once, in Hill order: with carbon present,
	// C then H then the rest alphabetically, and otherwise all
	// alphabetically. Elements whose amount resolves to zero are left out.
	Elements []Amount
	// Unresolved lists, sorted, the variables without a value that some
	// element amount still depends on. It is nil when every amount is a
	// number.
	Unresolved []string
	// Parts holds one composition for each part of a composite written with
	// "/", such as LiFePO4/C. Elements is then the sum of the parts. Parts is
	// nil for an input with one part.
	Parts []Composition
	// Dopants holds one composition for each dopant listed after ":", as
	// in "Sr2MgSi2O7:Eu2+,Dy3+" or "Sr4-xAl2O7:xEu2+". Dopant amounts are
	// not added to Elements because the notation does not say on which
	// scale they are, and "Eu2+" alone gives none.
	Dopants []Composition
	// Charge is the trailing ionic charge, such as 3 for "Fe3+" or -2 for
	// "SO4^2-". It applies to the whole input or dopant and is 0 for the
	// parts of a composite.
	Charge int
}

// AmountOf returns the amount of the element with the given symbol, or
// false when the composition does not contain it.
func (c Composition) AmountOf(symbol string) (float64, bool) {
	for _, a := range c.Elements {
		if a.Symbol == symbol {
			return a.Amount, true
		}
	}
	return 0, false
}

// Parse reads a chemical formula such as "LiFePO4", "CoCl2·6H2O" or
// "Li1+xMn2-xO4" and returns its element amounts. Leading and trailing white
// space is ignored. The package documentation describes the grammar.
//
// Every error is a *ParseError that wraps one of the Err sentinels. Its
// Offset is the byte offset in s of the offending text, or -1 for an error
// about the whole input or Options. Parse does not panic on any input,
// including invalid UTF-8.
func Parse(s string, opts Options) (Composition, error) {
	c, _, err := parse(s, opts)
	return c, err
}

// features records what the formula used, for Recognize.
type features struct {
	digits    bool // a digit in an amount or charge, not counting coefficients
	groups    bool // brackets around elements
	oxidation bool // an oxidation state such as (III)
	hydrate   bool // a hydrate separator
	variables bool // a variable letter in an amount or coefficient
}

// part is one "/"-separated part of the input.
type part struct {
	text  string
	tally tally
}

// parser reads input[pos:end], the range being parsed. The range leaves out
// white space around the input, a phase prefix, the dopants, and a state
// label and charge at its end.
type parser struct {
	input         string
	pos, end      int
	depth         int
	vars          map[rune]float64
	charge        int
	inCoefficient bool
	feat          features
}

func parse(s string, opts Options) (Composition, features, error) {
	p, err := newParser(s, opts)
	if err != nil {
		return Composition{}, features{}, err
	}
	host, dopants := p.splitDopants()
	host, phase := p.cutPhase(host)
	c, err := p.parseRange(host)
	if err != nil {
		return Composition{}, features{}, err
	}
	c.Input, c.Phase = s, phase
	for _, d := range dopants {
		dc, err := p.parseRange(d)
		if err != nil {
			return Composition{}, features{}, err
		}
		c.Dopants = append(c.Dopants, dc)
	}
	return c, p.feat, nil
}

// parseRange parses input[r.start:r.end] as a composite with an optional
// trailing state and charge.
func (p *parser) parseRange(r span) (Composition, error) {
	p.pos, p.end, p.depth, p.charge = r.start, r.end, 0, 0
	if p.pos == p.end {
		return Composition{}, p.missingFormula()
	}
	p.cutState()
	if err := p.parseCharge(); err != nil {
		return Composition{}, err
	}
	parts, err := p.parseParts()
	if err != nil {
		return Composition{}, err
	}
	return p.compose(p.input[r.start:r.end], parts)
}

// newParser checks the whole input, reads Options.Vars and sets the parser
// to the input without leading and trailing white space.
func newParser(s string, opts Options) (*parser, error) {
	p := &parser{input: s, vars: map[rune]float64{}}
	if len(s) > MaxInputBytes {
		msg := fmt.Sprintf("input of %d bytes is longer than the maximum of %d", len(s), MaxInputBytes)
		return nil, p.fail(ErrTooLong, -1, "", msg)
	}
	if i := invalidUTF8(s); i >= 0 {
		return nil, p.fail(ErrSyntax, i, s[i:i+1], "invalid UTF-8 byte")
	}

	p.pos = len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	p.end = len(strings.TrimRightFunc(s, unicode.IsSpace))
	if p.pos >= p.end {
		return nil, p.fail(ErrEmpty, -1, "", "")
	}

	if err := p.setVars(opts.Vars); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *parser) setVars(vars map[string]float64) error {
	names := make([]string, 0, len(vars))
	for name := range vars {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		v := vars[name]
		r, size := utf8.DecodeRuneInString(name)
		if size == 0 || size != len(name) || !isVariable(r) {
			return p.fail(ErrVariable, -1, name, "variable name is not one lowercase Latin or Greek letter:")
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return p.fail(ErrVariable, -1, name, fmt.Sprintf("value %v is not finite for variable", v))
		}
		p.vars[r] = v
	}
	return nil
}

// fail returns a *ParseError for the input.
func (p *parser) fail(sentinel error, offset int, text, msg string) error {
	return &ParseError{Input: p.input, Offset: offset, Text: text, Msg: msg, Err: sentinel}
}

// parseParts reads the "/"-separated parts of a composite.
func (p *parser) parseParts() ([]part, error) {
	var parts []part
	for {
		start := p.pos
		t, err := p.parsePart()
		if err != nil {
			return nil, err
		}
		parts = append(parts, part{text: p.input[start:p.pos], tally: t})

		if p.pos == p.end {
			return parts, nil
		}
		if p.input[p.pos] != '/' {
			return nil, p.unexpected()
		}
		p.pos++
	}
}

// compose builds the composition of text and of each of its parts.
func (p *parser) compose(text string, parts []part) (Composition, error) {
	var total tally
	for _, pt := range parts {
		total = total.merge(pt.tally)
	}
	c, err := p.composition(text, total)
	if err != nil {
		return Composition{}, err
	}
	c.Charge = p.charge
	if len(parts) == 1 {
		return c, nil
	}

	c.Parts = make([]Composition, 0, len(parts))
	for _, pt := range parts {
		pc, err := p.composition(pt.text, pt.tally)
		if err != nil {
			return Composition{}, err
		}
		c.Parts = append(c.Parts, pc)
	}
	return c, nil
}
