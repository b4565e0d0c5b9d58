package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders that stand for content a reader cannot keep as prose. Each is
// one word of letters, so that tokenizers keep it as one token.
const (
	// FormulaPlaceholder replaces a formula: a JATS inline-formula,
	// disp-formula, MathML math or tex-math element, or an unarXive
	// {{formula:…}} marker.
	FormulaPlaceholder = "FORMULA"

	// CitationPlaceholder replaces an unarXive {{cite:…}} marker. JATS
	// citations keep their own text, such as "Smith et al., 2010".
	CitationPlaceholder = "CITATION"
)

// paragraphSeparator joins paragraphs in the text of JATS and JSON documents.
const paragraphSeparator = "\n\n"

// docBuilder builds a document text from paragraphs joined by
// paragraphSeparator and records the code point offsets of each paragraph.
type docBuilder struct {
	text       strings.Builder
	chars      int // length of text in code points
	paragraphs []Paragraph
}

// add appends s as a paragraph of the given kind and section. s must already
// be normalized; add trims it and adds nothing when it is empty.
func (b *docBuilder) add(kind ParagraphKind, section, s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if b.chars > 0 {
		b.text.WriteString(paragraphSeparator)
		b.chars += utf8.RuneCountInString(paragraphSeparator)
	}
	start := b.chars
	b.text.WriteString(s)
	b.chars += utf8.RuneCountInString(s)
	b.paragraphs = append(b.paragraphs, Paragraph{Kind: kind, Section: section, Start: start, End: b.chars})
}

// inlineText collects the text of one paragraph with white space
// normalized: every run of Unicode white space becomes one space, and the
// result has none at either end.
type inlineText struct {
	b          strings.Builder
	pending    bool // a space is due before the next non-space rune
	afterToken bool // the last write was a placeholder token
	last       rune // the last rune written; 0 when none
}

// writeText appends s.
func (t *inlineText) writeText(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			t.pending = true
			continue
		}
		if t.afterToken && (isWordRune(r) || isOpening(r)) {
			t.pending = true
		}
		t.writeRune(r)
	}
}

// writeBreak marks a word boundary: the next text starts after a space.
func (t *inlineText) writeBreak() { t.pending = true }

// writeToken appends a placeholder word as a word of its own: a space
// precedes it unless it follows an opening bracket or quote, and a space
// follows it before a letter, a digit or an opening bracket or quote.
func (t *inlineText) writeToken(token string) {
	if t.last != 0 && !isOpening(t.last) {
		t.pending = true
	}
	for _, r := range token {
		t.writeRune(r)
	}
	t.afterToken = true
}

func (t *inlineText) writeRune(r rune) {
	if t.pending && t.b.Len() > 0 {
		t.b.WriteByte(' ')
	}
	t.pending = false
	t.afterToken = false
	t.b.WriteRune(r)
	t.last = r
}

// String returns the text collected so far.
func (t *inlineText) String() string { return t.b.String() }

// normalizeSpace returns s with white space normalized as inlineText does.
func normalizeSpace(s string) string {
	var t inlineText
	t.writeText(s)
	return t.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isOpening reports whether r is an opening bracket or an opening quote.
func isOpening(r rune) bool { return unicode.In(r, unicode.Ps, unicode.Pi) }
