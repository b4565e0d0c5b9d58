package ingest

import (
	"bytes"
	"fmt"
	"strings"
)

// This file typesets test PDFs as LaTeX's article class lays out a page: a
// text block of 10-point Times, justified, with indented paragraph starts,
// centered title lines and headings in bold. Text is positioned line by line
// with the text matrix, as pdfTeX writes it, and justified with word
// spacing (Tw). Text must be ASCII.

// timesWidths are the advance widths, in thousandths of the font size, of
// the characters "!" to "~" in the standard fonts Times-Roman, Times-Bold
// and Times-Italic, as poppler 22.12 sets them (measured with pdftotext
// -bbox). A space is 250 in all three.
var timesWidths = map[string][]int{
	"R": {333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541},
	"B": {333, 555, 500, 500, 1000, 833, 333, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520},
	"I": {333, 420, 500, 500, 833, 778, 333, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389, 400, 275, 400, 541},
}

// typesetFonts maps the font keys of timesWidths to their base fonts.
var typesetFonts = []struct{ key, base string }{{"R", "Times-Roman"}, {"B", "Times-Bold"}, {"I", "Times-Italic"}}

// textWidth returns the width in points of s set in font at size points.
func textWidth(font string, size float64, s string) float64 {
	w := 0
	for _, r := range s {
		if r == ' ' {
			w += 250
		} else {
			w += timesWidths[font][r-'!']
		}
	}
	return float64(w) * size / 1000
}

// typesetLine is one line of a page, with its baseline at y points from the
// bottom of the page and wordSpacing points added to each space.
type typesetLine struct {
	x, y, size, wordSpacing float64
	font, text              string
}

// typesetter lays out lines on US letter pages from the top of the text
// block down, starting a page when the next line falls below bottom.
type typesetter struct {
	left, width, top, bottom float64
	furniture                func(page int) []typesetLine // running header and footer of page 1, 2, …; nil for none
	pages                    [][]typesetLine
	y                        float64 // baseline of the next line
}

// newTypesetter returns a typesetter for a LaTeX article text block: 345
// points wide, centered on the page, from 680 down to 130 points.
func newTypesetter(furniture func(int) []typesetLine) *typesetter {
	return &typesetter{left: 133.5, width: 345, top: 680, bottom: 130, furniture: furniture}
}

func (t *typesetter) place(l typesetLine, lead float64) {
	if len(t.pages) == 0 || t.y < t.bottom {
		var page []typesetLine
		if t.furniture != nil {
			page = t.furniture(len(t.pages) + 1)
		}
		t.pages = append(t.pages, page)
		t.y = t.top
	}
	l.y = t.y
	t.pages[len(t.pages)-1] = append(t.pages[len(t.pages)-1], l)
	t.y -= lead
}

// skip adds vertical space.
func (t *typesetter) skip(points float64) { t.y -= points }

// paragraph sets text justified in lines lead points apart, the first line
// indented by indent points and every line inset points narrower on each
// side. The last line is not justified.
func (t *typesetter) paragraph(font string, size, lead, indent, inset float64, text string) {
	words := strings.Fields(text)
	for first := true; len(words) > 0; first = false {
		width := t.width - 2*inset
		x := t.left + inset
		if first {
			width -= indent
			x += indent
		}
		n := 1
		for n < len(words) && textWidth(font, size, strings.Join(words[:n+1], " ")) <= width {
			n++
		}
		line := strings.Join(words[:n], " ")
		spacing := 0.0
		if n < len(words) && n > 1 {
			spacing = (width - textWidth(font, size, line)) / float64(n-1)
		}
		t.place(typesetLine{x: x, size: size, wordSpacing: spacing, font: font, text: line}, lead)
		words = words[n:]
	}
}

// centered sets one line centered in the text block.
func (t *typesetter) centered(font string, size, lead float64, text string) {
	t.place(typesetLine{x: t.left + (t.width-textWidth(font, size, text))/2, size: size, font: font, text: text}, lead)
}

// flushLeft sets one line at the left edge of the text block.
func (t *typesetter) flushLeft(font string, size, lead float64, text string) {
	t.place(typesetLine{x: t.left, size: size, font: font, text: text}, lead)
}

// pdf returns the pages as a PDF file.
func (t *typesetter) pdf() []byte {
	fonts := 3 + 2*len(t.pages)
	var fontRefs []string
	for i, f := range typesetFonts {
		fontRefs = append(fontRefs, fmt.Sprintf("/%s %d 0 R", f.key, fonts+i))
	}
	objects := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	var kids []string
	for i, lines := range t.pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+2*i))
		var content strings.Builder
		for _, l := range lines {
			escaped := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l.text)
			fmt.Fprintf(&content, "BT /%s %g Tf %.3f Tw 1 0 0 1 %.2f %.2f Tm (%s) Tj ET\n", l.font, l.size, l.wordSpacing, l.x, l.y, escaped)
		}
		objects = append(objects,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << %s >> >> /Contents %d 0 R >>", strings.Join(fontRefs, " "), 4+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()))
	}
	objects[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(t.pages))
	for _, f := range typesetFonts {
		objects = append(objects, fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /%s >>", f.base))
	}
	return pdfFile(objects)
}

// pdfFile returns a PDF file of the objects, numbered from 1, with the
// first one as the catalog.
func pdfFile(objects []string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}
