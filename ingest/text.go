package ingest

import (
	"iter"
	"unicode"
	"unicode/utf8"
)

// textLine is one line of a text with its leading and trailing white space
// left out: start and end are code point offsets into the text, byteStart
// and byteEnd the matching byte offsets. A blank line has start == end.
type textLine struct {
	start, end         int
	byteStart, byteEnd int
}

func (l textLine) blank() bool { return l.start == l.end }

// lines returns the lines of text, split at "\n", "\r\n" and "\r", each
// trimmed of white space and byte order marks. A text ending in a line break
// ends with a blank line. Each invalid UTF-8 byte counts as one code point,
// as in []rune(text). The lines are produced one at a time, so that a text of
// many short lines needs no slice of them.
func lines(text string) iter.Seq[textLine] {
	return func(yield func(textLine) bool) {
		var cur textLine
		first := true // no non-space rune yet in the current line
		chars := 0
		prevCR := false
		for i := 0; i < len(text); chars++ {
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case r == '\n' && prevCR:
				// The second half of "\r\n": the line has already ended.
			case r == '\n' || r == '\r':
				if !yield(cur) {
					return
				}
				cur, first = textLine{}, true
			case !isTrimRune(r):
				if first {
					cur.start, cur.byteStart = chars, i
					first = false
				}
				cur.end, cur.byteEnd = chars+1, i+size
			}
			prevCR = r == '\r'
			i += size
		}
		yield(cur)
	}
}

// isTrimRune reports whether r is left out at either end of a line: white
// space, or a byte order mark, which some editors put at the start of a file.
func isTrimRune(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// parseText reads a plain-text document. Text is the input unchanged, so
// that offsets index the file. Paragraphs are runs of lines separated by
// blank lines; a text without a blank line between two non-blank lines has
// one paragraph per non-blank line. All paragraphs are KindBody, and the
// document has no title.
func parseText(text string) (Document, error) {
	doc := Document{Text: text}
	if !hasInnerBlank(text) {
		for l := range lines(text) {
			if !l.blank() {
				doc.Paragraphs = append(doc.Paragraphs, Paragraph{Kind: KindBody, Start: l.start, End: l.end})
			}
		}
		return doc, nil
	}

	open := -1 // index of the paragraph that the next non-blank line extends
	for l := range lines(text) {
		switch {
		case l.blank():
			open = -1
		case open < 0:
			doc.Paragraphs = append(doc.Paragraphs, Paragraph{Kind: KindBody, Start: l.start, End: l.end})
			open = len(doc.Paragraphs) - 1
		default:
			doc.Paragraphs[open].End = l.end
		}
	}
	return doc, nil
}

// hasInnerBlank reports whether a blank line of text lies between two
// non-blank lines.
func hasInnerBlank(text string) bool {
	seenText, blankAfterText := false, false
	for l := range lines(text) {
		switch {
		case !l.blank() && blankAfterText:
			return true
		case !l.blank():
			seenText = true
		case seenText:
			blankAfterText = true
		}
	}
	return false
}
