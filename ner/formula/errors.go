package formula

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sentinel errors wrapped by the *ParseError values that Parse returns.
// Test for them with errors.Is.
var (
	// ErrEmpty is returned for an input that is empty or only white space.
	ErrEmpty = errors.New("empty formula")
	// ErrTooLong is returned for an input longer than MaxInputBytes.
	ErrTooLong = errors.New("formula too long")
	// ErrTooDeep is returned when brackets nest deeper than MaxDepth.
	ErrTooDeep = errors.New("brackets nested too deep")
	// ErrSyntax is returned for invalid UTF-8, a character that the grammar
	// does not allow at its position, a missing formula or a missing amount.
	ErrSyntax = errors.New("invalid syntax")
	// ErrUnknownElement is returned for a capitalized symbol that is not in
	// the periodic table, such as "Xx" or the placeholder "M".
	ErrUnknownElement = errors.New("unknown element")
	// ErrUnbalanced is returned for a bracket without its partner or closed
	// by the wrong kind, as in "(NH4]2".
	ErrUnbalanced = errors.New("unbalanced brackets")
	// ErrAmount is returned when an amount is negative, too large for a
	// float64, divided by zero, or when every element amount is zero.
	ErrAmount = errors.New("invalid amount")
	// ErrUnsupported is returned for an amount expression that the parser
	// cannot represent: division by an unresolved variable, or a product
	// that expands to more than maxTerms terms.
	ErrUnsupported = errors.New("unsupported amount expression")
	// ErrVariable is returned when Options.Vars has a name that is not a
	// single variable letter, or a value that is NaN or infinite.
	ErrVariable = errors.New("invalid variable")
)

// ParseError is the error that Parse returns. It wraps one of the sentinel
// errors above.
type ParseError struct {
	Input  string // the text passed to Parse
	Offset int    // byte offset of Text in Input, or -1 when the error concerns the whole input
	Text   string // the offending text, or "" when there is none to show
	Msg    string // what is wrong, or "" to use the text of Err
	Err    error  // the sentinel error
}

// maxQuotedInput is the number of input bytes that an error message quotes
// before it cuts the input short with "...".
const maxQuotedInput = 64

// Error formats the error as, for example,
// `parse "LiXx2": unknown element "Xx" at offset 2`.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("parse ")
	b.WriteString(quoteInput(e.Input))
	b.WriteString(": ")
	if e.Msg != "" {
		b.WriteString(e.Msg)
	} else {
		b.WriteString(e.Err.Error())
	}
	if e.Text != "" {
		fmt.Fprintf(&b, " %q", e.Text)
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, " at offset %d", e.Offset)
	}
	return b.String()
}

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// quoteInput quotes s, cut to maxQuotedInput bytes at a rune boundary.
func quoteInput(s string) string {
	if len(s) <= maxQuotedInput {
		return fmt.Sprintf("%q", s)
	}
	cut := maxQuotedInput
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q...", s[:cut])
}
