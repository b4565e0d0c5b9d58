package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/litmine/litmine/ner/formula"
)

// splitGlued cuts a prose token at the joins that synthesis text writes
// without spaces and that annotators treat as separate entities:
//
//   - a comparison or approximation sign before a number: "~50", ">99",
//     ">=99.0" (the number is an entity, the sign is not);
//   - a plus sign between a purity and its percent sign: "99+%";
//   - a bracket left open or closed inside the token: "1577(w" of an
//     infrared peak "1577(w)", "Ln(NO3)3*6H2O(Aldrich", "?]C";
//   - a footnote number after a word: "oxide.31" into "oxide" and ".31";
//   - a slash or colon between element symbols ("Si/Al", "Li:Ni:Co") or a
//     slash between two long lower-case words ("water/pyridine").
//
// Composites such as "LiFePO4/C" and units such as "mg/mL" stay whole. p is
// the piece of sent to split; the pieces returned cover it exactly, or nil
// means keep p as it is.
func splitGlued(sent string, p piece) []piece {
	s := sent[p.start:p.end]
	if len(s) < 2 {
		return nil
	}
	cuts := gluedCuts(s)
	if len(cuts) == 0 {
		return nil
	}
	out := make([]piece, 0, len(cuts)+1)
	from := 0
	for _, c := range append(cuts, len(s)) {
		if c > from {
			out = append(out, piece{start: p.start + from, end: p.start + c, kind: pieceProse})
			from = c
		}
	}
	return out
}

// gluedCuts returns the byte offsets inside s, in increasing order, where
// splitGlued cuts it.
func gluedCuts(s string) []int {
	if cut := signCut(s); cut > 0 {
		rest := s[cut:]
		if q := splitQuantity(rest, cut); q != nil {
			return []int{cut, q[1].start}
		}
		return append([]int{cut}, shift(gluedCuts(rest), cut)...)
	}
	if i := strings.Index(s, "+%"); i > 0 && isNumber(s[:i]) && i+2 == len(s) {
		return []int{i, i + 1}
	}
	if i := unmatchedBracket(s); i >= 0 {
		var cuts []int
		if i > 0 {
			cuts = append(cuts, i)
		}
		if i+1 < len(s) {
			cuts = append(cuts, i+1)
		}
		return append(cuts, shift(gluedCuts(s[i+1:]), i+1)...)
	}
	if i := footnoteCut(s); i > 0 {
		return []int{i}
	}
	return separatorCuts(s)
}

func shift(cuts []int, by int) []int {
	for i := range cuts {
		cuts[i] += by
	}
	return cuts
}

// signCut returns the length of a comparison or approximation sign that s
// starts with when a number follows it, else 0.
func signCut(s string) int {
	for _, sign := range []string{">=", "<=", "≥", "≤", "~", "∼", "≈", ">", "<"} {
		if strings.HasPrefix(s, sign) && len(s) > len(sign) && s[len(sign)] >= '0' && s[len(sign)] <= '9' {
			return len(sign)
		}
	}
	return 0
}

// unmatchedBracket returns the byte offset of the first bracket of s that
// has no partner inside s, or -1. A bracket at either end of s is left to
// prose, which splits it off already.
func unmatchedBracket(s string) int {
	var stack []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			stack = append(stack, i)
		case ')', ']', '}':
			if len(stack) == 0 {
				if i == 0 || i == len(s)-1 {
					return -1
				}
				return i
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 || stack[0] == 0 {
		return -1
	}
	return stack[0]
}

// footnoteCut returns the offset of the dot in a word followed by a
// footnote number, such as "oxide.31" or "DMF.36,37", else 0.
func footnoteCut(s string) int {
	dot := strings.IndexByte(s, '.')
	if dot < 2 || dot+1 == len(s) {
		return 0
	}
	for _, r := range s[:dot] {
		if !unicode.IsLetter(r) {
			return 0
		}
	}
	for _, r := range s[dot+1:] {
		if !(r >= '0' && r <= '9' || r == ',' || r == '-' || r == '–') {
			return 0
		}
	}
	if c := s[dot+1]; c < '0' || c > '9' {
		return 0
	}
	return dot
}

// separatorCuts cuts "Si/Al" and "Li:Ni:Co" (element symbols) and
// "water/pyridine" (two lower-case words of four letters or more) at each
// separator, which becomes a token of its own.
func separatorCuts(s string) []int {
	if !strings.ContainsAny(s, "/:") || isUnit(s) {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ':' })
	if len(parts) < 2 || strings.Contains(s, "//") || strings.Contains(s, "::") ||
		strings.ContainsAny(s[:1], "/:") || strings.ContainsAny(s[len(s)-1:], "/:") {
		return nil
	}
	elements, words := true, !strings.Contains(s, ":")
	for _, part := range parts {
		if _, ok := formula.LookupElement(part); !ok {
			elements = false
		}
		if utf8.RuneCountInString(part) < 4 || strings.IndexFunc(part, func(r rune) bool { return !unicode.IsLower(r) }) >= 0 {
			words = false
		}
	}
	if !elements && !words {
		return nil
	}
	var cuts []int
	for i := 0; i < len(s); i++ {
		if s[i] == '/' || s[i] == ':' {
			cuts = append(cuts, i, i+1)
		}
	}
	return cuts
}
