package ingest

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thresholds of parsePDFLayout. A line's size is the height of its words,
// which pdftotext 22.12 sets from the font's ascent and descent: 0.9 times
// the font size for the standard Times fonts. The thresholds were checked
// on the test PDFs of pdf_article_test.go, not on a corpus of publisher
// PDFs. Those are an article with a 10-point text block 345 points wide
// and 15-point indents, as LaTeX's article class sets it, single- and
// double-spaced, and a page of two columns.
const (
	pdfShortLine       = 0.8  // a line that ends before this fraction of its flow's width is short
	pdfSizeChange      = 0.12 // two sizes differ when they differ by more than this fraction of the larger one
	pdfMinIndent       = 0.6  // an indent is at least this many times the line's size
	pdfMaxIndent       = 0.5  // and at most this fraction of its flow's width
	pdfMaxHeadingWords = 12   // a heading has at most this many words
	pdfTitleSize       = 1.2  // a title is set at least this many times as large as the body text
	pdfTitleParagraphs = 8    // the title is one of this many first paragraphs of the first page
	pdfTitleLines      = 4    // a title has at most this many lines
	pdfRunningPages    = 3    // a running header or footer repeats on at least this many pages
	pdfRunningRows     = 2    // rows at the top and at the bottom of a page that may hold running headers and footers
)

// parsePDFLayout builds a document from the pages that readBBoxLayout read.
// It may change pages.
//
// A page or a flow (a column or another separate text area) ends a
// paragraph, unless the paragraph runs on into the next one (see
// joinContinued). Inside a flow, a new paragraph starts before a line when:
//   - the size of the text changes (see pdfSizeChange);
//   - the line before it ends a sentence ("." "!" or "?", maybe before a
//     closing bracket or quote) and is short: it ends before pdfShortLine
//     of the flow's width;
//   - the line is indented from the flow's left edge, which is the most
//     common start of its lines, and the lines around it are not (see
//     startsIndented);
//   - either line is a heading (see pdfHeadings.isHeading).
//
// The lines of a paragraph are joined with a space. A word hyphenated
// across lines is joined without the hyphen: a line that ends in "-" after a
// lower-case letter, before a line that starts with a lower-case letter
// ("calci-" and "ned" give "calcined"). White space runs become one space.
// A paragraph that is only a number of up to four digits is a page number
// and is left out, and so are running headers and footers (see
// dropRunningLines).
//
// A heading becomes a KindHeading paragraph without its number, and sets
// the Section of the paragraphs after it. An "Abstract" heading, or a
// paragraph that starts with the label "Abstract", starts the abstract
// (see assemblePDF). Everything from a references heading on is left out.
// The title is found by findPDFTitle, and when there is none the document
// has no title. The DOI is the first one on the first page written with a
// "doi:" prefix or as a doi.org URL, as publishers print the article's own
// DOI there.
func parsePDFLayout(pages []pdfPage) Document {
	doc := Document{Format: FormatPDF}
	if len(pages) > 0 {
		doc.DOI = pdfDOI(pageText(pages[0]))
	}
	dropRunningLines(pages)

	var h pdfHeadings
	var paras []pdfParagraph
	var sizes []sizeWeight
	for i, page := range pages {
		paras = append(paras, splitPDFPage(i, page.lines, &h)...)
		for _, l := range page.lines {
			sizes = append(sizes, sizeWeight{l.size, float64(utf8.RuneCountInString(l.text))})
		}
	}
	return assemblePDF(doc, joinContinued(paras), weightedMedian(sizes))
}

// pageText returns the lines of page joined by line breaks.
func pageText(page pdfPage) string {
	texts := make([]string, len(page.lines))
	for i, l := range page.lines {
		texts[i] = l.text
	}
	return strings.Join(texts, "\n")
}

// sizeWeight is a text size with the number of characters set in it.
type sizeWeight struct{ size, chars float64 }

// weightedMedian returns the size that the middle character has when the
// characters are sorted by size, or 0 for no characters.
func weightedMedian(sizes []sizeWeight) float64 {
	slices.SortFunc(sizes, func(a, b sizeWeight) int { return cmp.Compare(a.size, b.size) })
	total := 0.0
	for _, s := range sizes {
		total += s.chars
	}
	seen := 0.0
	for _, s := range sizes {
		if seen += s.chars; seen*2 >= total {
			return s.size
		}
	}
	return 0
}

// dropRunningLines removes running headers and footers from pages. They
// are the lines in the pdfRunningRows top or bottom rows of a page (see
// edgeLines) whose text is in such a row on at least pdfRunningPages pages,
// compared in lower case with each run of digits replaced by "#". A line
// there that is only a page number (see pageNumber) is removed too, because
// pdftotext may put it in the block of the text above it. A removed line
// that starts a flow or a block passes that mark on to the line after it.
func dropRunningLines(pages []pdfPage) {
	edges := make([][]bool, len(pages))
	pagesWith := map[string]int{}
	for p, page := range pages {
		edges[p] = edgeLines(page.lines)
		seen := map[string]bool{}
		for i, l := range page.lines {
			if key := runningKey(l.text); edges[p][i] && !seen[key] {
				seen[key] = true
				pagesWith[key]++
			}
		}
	}
	for p, page := range pages {
		var kept []pdfLine
		flowStart, blockStart := false, false
		for i, l := range page.lines {
			if edges[p][i] && (pagesWith[runningKey(l.text)] >= pdfRunningPages || pageNumber.MatchString(l.text)) {
				flowStart, blockStart = flowStart || l.flowStart, blockStart || l.blockStart
				continue
			}
			l.flowStart, l.blockStart = l.flowStart || flowStart, l.blockStart || blockStart
			flowStart, blockStart = false, false
			kept = append(kept, l)
		}
		pages[p].lines = kept
	}
}

// digitRun matches a run of digits.
var digitRun = regexp.MustCompile(`[0-9]+`)

// runningKey returns the text that running headers of different pages
// share.
func runningKey(text string) string {
	return digitRun.ReplaceAllString(strings.ToLower(normalizeSpace(text)), "#")
}

// edgeLines reports for each line of a page whether it is in one of the
// pdfRunningRows top rows or bottom rows. A row is a set of lines that
// overlap vertically, such as a running header and a page number beside it.
func edgeLines(lines []pdfLine) []bool {
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(lines[a].box.yMin, lines[b].box.yMin) })
	var rows [][]int
	bottom := 0.0
	for _, i := range order {
		if len(rows) == 0 || lines[i].box.yMin >= bottom {
			rows = append(rows, nil)
			bottom = lines[i].box.yMax
		}
		bottom = max(bottom, lines[i].box.yMax)
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
	}
	if len(rows) > 2*pdfRunningRows {
		rows = append(rows[:pdfRunningRows], rows[len(rows)-pdfRunningRows:]...)
	}
	edges := make([]bool, len(lines))
	for _, row := range rows {
		for _, i := range row {
			edges[i] = true
		}
	}
	return edges
}

// pdfFlow is the extent of the lines of one flow of a page.
type pdfFlow struct {
	left, right float64
	lines       int
}

func (f pdfFlow) width() float64 { return f.right - f.left }

// pdfFlows returns the flow of each line. The left edge of a flow is the
// most common start of its lines, to half a point (the leftmost of equally
// common ones), so that indented and centered lines do not move it. The
// right edge is the largest end of its lines.
func pdfFlows(lines []pdfLine) []pdfFlow {
	flows := make([]pdfFlow, len(lines))
	for start := 0; start < len(lines); {
		end := start + 1
		for end < len(lines) && !lines[end].flowStart {
			end++
		}
		starts := map[float64]int{}
		f := pdfFlow{left: math.Inf(1), right: math.Inf(-1), lines: end - start}
		for _, l := range lines[start:end] {
			x := math.Round(l.box.xMin*2) / 2
			starts[x]++
			if n := starts[x]; n > starts[f.left] || n == starts[f.left] && x < f.left {
				f.left = x
			}
			f.right = max(f.right, l.box.xMax)
		}
		for i := start; i < end; i++ {
			flows[i] = f
		}
		start = end
	}
	return flows
}

// pdfParagraph is a paragraph of a PDF before assemblePDF gives it a kind.
type pdfParagraph struct {
	text         string  // normalized; for a heading, its name without its number
	firstLine    string  // the text of its first line, normalized
	page         int     // index of its page
	size         float64 // size of its first line
	lastSize     float64 // size of its last line
	lines        int
	heading      bool
	flowStart    bool // its first line starts a flow or a page
	continues    bool // its last line is not short, in a flow of two lines or more, and does not end a sentence
	continuation bool // it starts a flow, without an indent, with a lower-case letter
}

// splitPDFPage splits the lines of page number page into paragraphs, as
// parsePDFLayout describes.
func splitPDFPage(page int, lines []pdfLine, h *pdfHeadings) []pdfParagraph {
	flows := pdfFlows(lines)
	headings := make([]bool, len(lines))
	for i := range lines {
		headings[i] = h.isHeading(lines, flows, i)
	}
	var paras []pdfParagraph
	start := 0
	for i := 1; i <= len(lines); i++ {
		if i < len(lines) && !startsPDFParagraph(lines, flows, headings, i) {
			continue
		}
		if p, ok := newPDFParagraph(page, lines[start:i], headings[start]); ok {
			last := lines[i-1]
			p.continues = !p.heading && flows[i-1].lines > 1 && !endsSentence(last.text) && !isShortLine(last, flows[i-1])
			first, f := lines[start], flows[start]
			r, _ := utf8.DecodeRuneInString(first.text)
			p.continuation = !p.heading && first.flowStart && unicode.IsLower(r) && first.box.xMin-f.left < pdfMinIndent*first.size
			paras = append(paras, p)
		}
		start = i
	}
	return paras
}

// startsPDFParagraph reports whether lines[i] starts a paragraph, as
// parsePDFLayout describes. i must be at least 1.
func startsPDFParagraph(lines []pdfLine, flows []pdfFlow, headings []bool, i int) bool {
	prev, l := lines[i-1], lines[i]
	switch {
	case l.flowStart || headings[i-1] || headings[i]:
		return true
	case sizesDiffer(prev.size, l.size):
		return true
	case endsSentence(prev.text) && isShortLine(prev, flows[i-1]):
		return true
	}
	return startsIndented(lines, flows, i)
}

// sizesDiffer reports whether two line sizes differ by more than
// pdfSizeChange of the larger one. An unknown size, 0, differs from none.
func sizesDiffer(a, b float64) bool {
	return a > 0 && b > 0 && math.Abs(a-b) > pdfSizeChange*max(a, b)
}

// isShortLine reports whether l ends before pdfShortLine of the width of
// its flow f.
func isShortLine(l pdfLine, f pdfFlow) bool {
	return l.box.xMax-f.left < pdfShortLine*f.width()
}

// endsSentence reports whether text ends with ".", "!" or "?", maybe
// followed by closing brackets and quotes.
func endsSentence(text string) bool {
	text = strings.TrimRight(text, ")]}\"'”’»")
	r, _ := utf8.DecodeLastRuneInString(text)
	return r == '.' || r == '!' || r == '?'
}

// startsIndented reports whether lines[i] starts a paragraph with an
// indent. It starts right of its flow's left edge by at least pdfMinIndent
// of its size and at most pdfMaxIndent of the flow's width, and it is not
// centered. Neither line next to it in the flow is indented, as the lines
// of a hanging indent or an indented quotation are.
func startsIndented(lines []pdfLine, flows []pdfFlow, i int) bool {
	l, f := lines[i], flows[i]
	indent := l.box.xMin - f.left
	if l.size <= 0 || indent < pdfMinIndent*l.size || indent > pdfMaxIndent*f.width() || isCentered(l, f) {
		return false
	}
	// A hanging indent, or an indented block such as a quotation, indents
	// the lines around the line too.
	for _, j := range []int{i - 1, i + 1} {
		if j >= 0 && j < len(lines) && (j < i || !lines[j].flowStart) && lines[j].box.xMin-f.left >= pdfMinIndent*l.size {
			return false
		}
	}
	return true
}

// isCentered reports whether l has about as much room on its right, up to
// the right edge of its flow f, as on its left.
func isCentered(l pdfLine, f pdfFlow) bool {
	left, right := l.box.xMin-f.left, f.right-l.box.xMax
	return right >= pdfMinIndent*l.size && math.Abs(left-right) <= max(1.5, 0.1*max(left, right))
}

// newPDFParagraph joins lines into a paragraph of page. It returns false
// when the paragraph is empty or only a page number.
func newPDFParagraph(page int, lines []pdfLine, heading bool) (pdfParagraph, bool) {
	var joined []byte
	for i, l := range lines {
		switch {
		case i == 0:
		case isHyphenBreak(lines[i-1].text, l.text):
			joined = joined[:len(joined)-1]
		default:
			joined = append(joined, ' ')
		}
		joined = append(joined, l.text...)
	}
	text := normalizeSpace(string(joined))
	if text == "" || pageNumber.MatchString(text) {
		return pdfParagraph{}, false
	}
	if heading {
		name, _ := splitHeadingNumber(text)
		text = strings.TrimRight(name, ":.")
	}
	return pdfParagraph{text: text, firstLine: normalizeSpace(lines[0].text), page: page, size: lines[0].size,
		lastSize: lines[len(lines)-1].size, lines: len(lines), heading: heading, flowStart: lines[0].flowStart}, true
}

// joinContinued joins a paragraph that runs on across a page break or into
// the next column. That is a paragraph that ends a page or a flow and
// continues, followed by a continuation (see pdfParagraph) in the same
// size. The joined paragraph keeps the page of its start.
func joinContinued(paras []pdfParagraph) []pdfParagraph {
	var joined []pdfParagraph
	var text []byte // the text of the last joined paragraph while it grows; nil when it has not
	for _, p := range paras {
		n := len(joined)
		if n == 0 || !joined[n-1].continues || !p.continuation || sizesDiffer(joined[n-1].lastSize, p.size) {
			if text != nil {
				joined[n-1].text, text = string(text), nil
			}
			joined = append(joined, p)
			continue
		}
		prev := &joined[n-1]
		if text == nil {
			text = []byte(prev.text)
		}
		// The last rune before a final hyphen is in the last utf8.UTFMax+1 bytes.
		if isHyphenBreak(string(text[max(0, len(text)-utf8.UTFMax-1):]), p.text) {
			text = text[:len(text)-1]
		} else {
			text = append(text, ' ')
		}
		text = append(text, p.text...)
		prev.lastSize, prev.lines, prev.continues = p.lastSize, prev.lines+p.lines, p.continues
	}
	if text != nil {
		joined[len(joined)-1].text = string(text)
	}
	return joined
}

// pageNumber matches a paragraph that is only a page number.
var pageNumber = regexp.MustCompile(`^[0-9]{1,4}$`)

// isHyphenBreak reports whether a word is hyphenated across the end of
// line and the start of next: line ends in "-" after a lower-case letter
// and next starts with a lower-case letter.
func isHyphenBreak(line, next string) bool {
	if !strings.HasSuffix(line, "-") {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(line[:len(line)-1])
	after, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(before) && unicode.IsLower(after)
}
