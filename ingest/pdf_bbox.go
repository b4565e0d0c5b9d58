package ingest

import (
	"cmp"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// pdfBox is a rectangle on a page in points, with y growing downwards from
// the top of the page, as pdftotext writes it.
type pdfBox struct{ xMin, yMin, xMax, yMax float64 }

// pdfLine is one line of a page, with its words joined by single spaces.
type pdfLine struct {
	text       string
	box        pdfBox  // the union of the boxes of its words
	size       float64 // height of the words that hold most of its characters
	flowStart  bool    // the first line of a flow, or of a page
	blockStart bool    // the first line of a block; true when flowStart is
}

// pdfPage is the lines of one page in reading order.
type pdfPage struct{ lines []pdfLine }

// pdfWord is a word of a line that readBBoxLayout is reading.
type pdfWord struct {
	text string
	box  pdfBox
}

// openWord is the word element that readBBoxLayout is reading; its text
// may come in several tokens, such as around a comment.
type openWord struct {
	text strings.Builder
	box  pdfBox
}

// minTokenBytes is the smallest limit readBBoxLayout sets on one token of
// the output, so that a small text limit still admits the tags.
const minTokenBytes = 64 << 10

// readBBoxLayout reads the output of pdftotext -bbox-layout: an XHTML
// document whose page elements hold flow, block, line and word elements,
// each with its box in the attributes xMin, yMin, xMax and yMax. It keeps
// the lines that have a word with text and leaves out everything else, such
// as the head of the document, and markup out of this outline is ignored,
// so that any input gives pages. A word's text is decoded from its
// entities, invalid UTF-8 in it becomes U+FFFD and NUL bytes are removed.
//
// The text is counted as the plain text output would hold it: the bytes of
// each word with a separator after it, and a form feed per page. Past
// maxTextBytes, or when one token of the output is longer than both
// maxTextBytes and minTokenBytes, the error wraps errOutputFull. An error
// reading r other than io.EOF is returned as it is.
func readBBoxLayout(r io.Reader, maxTextBytes int64) ([]pdfPage, error) {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(int(min(max(maxTextBytes, minTokenBytes), math.MaxInt32)))
	p := bboxParser{maxTextBytes: maxTextBytes}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return p.finish(z.Err())
		case html.StartTagToken:
			p.startTag(z)
		case html.EndTagToken:
			p.endTag(z)
		case html.TextToken:
			if p.word != nil {
				text := z.Text()
				p.word.text.Write(text)
				p.textBytes += int64(len(text))
			}
		}
		if p.textBytes > p.maxTextBytes {
			return nil, errOutputFull
		}
	}
}

// bboxParser holds the state of readBBoxLayout between tokens.
type bboxParser struct {
	pages        []pdfPage
	words        []pdfWord // the words of the open line
	word         *openWord // the open word element; nil outside one
	flowStart    bool      // the next line starts a flow
	blockStart   bool      // the next line starts a block
	textBytes    int64
	maxTextBytes int64
}

// startTag opens a page, flow, block, line or word element.
func (p *bboxParser) startTag(z *html.Tokenizer) {
	name, hasAttr := z.TagName()
	switch string(name) {
	case "page":
		p.endLine()
		p.pages = append(p.pages, pdfPage{})
		p.textBytes++
	case "flow":
		p.endLine()
		p.flowStart, p.blockStart = true, true
	case "block":
		p.endLine()
		p.blockStart = true
	case "line":
		p.endLine()
	case "word":
		p.endWord()
		p.word = &openWord{}
		for hasAttr {
			var key, val []byte
			key, val, hasAttr = z.TagAttr()
			p.word.box.set(string(key), string(val))
		}
	}
}

// endTag closes a word or a line element.
func (p *bboxParser) endTag(z *html.Tokenizer) {
	name, _ := z.TagName()
	switch string(name) {
	case "word":
		p.endWord()
	case "line", "block", "flow", "page":
		p.endLine()
	}
}

// set stores the coordinate that the attribute key names. A value that is
// not a finite number is stored as 0, and others are clamped to ±1e6
// points, so that arithmetic on boxes stays finite.
func (b *pdfBox) set(key, value string) {
	v, err := strconv.ParseFloat(value, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	v = min(max(v, -1e6), 1e6)
	switch key {
	case "xmin":
		b.xMin = v
	case "ymin":
		b.yMin = v
	case "xmax":
		b.xMax = v
	case "ymax":
		b.yMax = v
	}
}

// endWord adds the open word, if any, to the open line.
func (p *bboxParser) endWord() {
	if p.word == nil {
		return
	}
	text := strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(p.word.text.String(), "\uFFFD"), "\x00", ""))
	box := p.word.box
	p.word = nil
	if text == "" {
		return
	}
	p.words = append(p.words, pdfWord{text: text, box: box})
	p.textBytes++
}

// endLine adds the open line, if it has a word, to the last page.
func (p *bboxParser) endLine() {
	p.endWord()
	if len(p.words) == 0 {
		return
	}
	if len(p.pages) == 0 {
		p.pages = append(p.pages, pdfPage{})
		p.textBytes++
	}
	page := &p.pages[len(p.pages)-1]
	line := newPDFLine(p.words)
	line.flowStart = p.flowStart || len(page.lines) == 0
	line.blockStart = p.blockStart || line.flowStart
	page.lines = append(page.lines, line)
	p.words = p.words[:0]
	p.flowStart, p.blockStart = false, false
}

// finish ends reading at the error err of the tokenizer: the end of the
// input, a token past the size limit, or a read error.
func (p *bboxParser) finish(err error) ([]pdfPage, error) {
	switch {
	case errors.Is(err, io.EOF):
		p.endLine()
		return p.pages, nil
	case errors.Is(err, html.ErrBufferExceeded):
		return nil, errOutputFull
	}
	return nil, err
}

// newPDFLine joins words into a line. Its size is the height of the words
// that hold the middle character of the line when its words are sorted by
// height, so that superscripts and inline formulas do not change it.
func newPDFLine(words []pdfWord) pdfLine {
	texts := make([]string, len(words))
	box := words[0].box
	type heightWeight struct{ height, chars float64 }
	heights := make([]heightWeight, len(words))
	total := 0.0
	for i, w := range words {
		texts[i] = w.text
		box = pdfBox{min(box.xMin, w.box.xMin), min(box.yMin, w.box.yMin), max(box.xMax, w.box.xMax), max(box.yMax, w.box.yMax)}
		chars := float64(utf8.RuneCountInString(w.text))
		heights[i] = heightWeight{max(w.box.yMax-w.box.yMin, 0), chars}
		total += chars
	}
	slices.SortFunc(heights, func(a, b heightWeight) int { return cmp.Compare(a.height, b.height) })
	size, seen := 0.0, 0.0
	for _, h := range heights {
		if size, seen = h.height, seen+h.chars; seen*2 >= total {
			break
		}
	}
	return pdfLine{text: strings.Join(texts, " "), box: box, size: size}
}
