package ingest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/litmine/litmine/datasets"
)

// maxElementDepth caps the nesting of XML elements that parseJATS follows;
// real JATS articles nest a few tens of levels.
const maxElementDepth = 1000

// Element sets of the JATS reader, by local name (namespace prefixes such as
// "mml:" are ignored).
var (
	// jatsFormulas become FormulaPlaceholder wherever they occur. Their
	// MathML text content is not kept: presentation MathML flattened to text
	// loses its structure ("N_het+N_wt over N_hom" reads "Nhet+NwtNhom").
	jatsFormulas = setOf("inline-formula", "disp-formula", "disp-formula-group", "math", "tex-math")

	// jatsDropped are left out with their content: floats, captions,
	// footnotes, media, labels and reference lists.
	jatsDropped = setOf("fig", "fig-group", "table-wrap", "table-wrap-group", "table", "caption",
		"supplementary-material", "inline-supplementary-material", "graphic", "inline-graphic", "media",
		"alternatives", "fn", "fn-group", "ref-list", "label", "object-id", "sec-meta")

	// jatsBreaks are block elements that separate words when they occur
	// inside a paragraph, such as a list inside a p.
	jatsBreaks = setOf("p", "list", "list-item", "def-list", "def-item", "term", "def", "disp-quote",
		"boxed-text", "statement", "title", "sec", "attrib", "verse-group", "verse-line", "break",
		"tr", "td", "th", "preformat", "speech", "speaker")

	// jatsTextBlocks are block elements outside p whose text is a
	// paragraph of its own.
	jatsTextBlocks = setOf("p", "term", "verse-line", "preformat", "code", "attrib", "speaker")
)

// componentDOI matches a paragraph that only gives the DOI of a part of
// the article, such as "DOI: http://dx.doi.org/10.7554/eLife.00005.001".
// eLife puts one at the end of each abstract, and the reader leaves it out.
var componentDOI = regexp.MustCompile(`^DOI: (https?://(dx\.)?doi\.org/)?10\.[0-9]+/\S+$`)

func setOf(names ...string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}

// block is one paragraph of a JATS article before the document text is
// built.
type block struct {
	kind    ParagraphKind
	section string
	text    string
}

// jatsAbstract is one abstract element; typ is its abstract-type attribute.
type jatsAbstract struct {
	typ    string
	blocks []block
}

// jatsArticle holds the parts of an article that parseJATS collects before
// it builds the document.
type jatsArticle struct {
	title, doi, license string
	year, yearRank      int
	copyrightYear       int
	abstracts           []jatsAbstract
	body                []block
}

// jatsParser reads a JATS article from a stream of XML tokens.
type jatsParser struct {
	dec   *xml.Decoder
	depth int
	art   jatsArticle
}

// parseJATS reads a JATS XML article: title-group/article-title, the
// abstract, the DOI from article-id, the licence, the publication year and
// the body sections and paragraphs. It reads the first article element of
// the input, which may be the root or sit inside a wrapper such as
// pmc-articleset, and skips back matter and sub-articles (eLife decision
// letters and author responses). Inline markup is flattened into text and
// white space is normalized; formulas become FormulaPlaceholder.
//
// The document text joins the title, the abstract paragraphs, the headings
// and the body paragraphs with "\n\n". A syntax error, an input without an
// article element or nesting deeper than maxElementDepth is an error that
// wraps datasets.ErrMalformed.
func parseJATS(text string) (Document, error) {
	dec := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(text, "\uFEFF")))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	// Readers check that the input is valid UTF-8 before they parse it, so
	// the declared encoding is not used to convert it.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	p := &jatsParser{dec: dec}

	if err := p.findArticle(); err != nil {
		return Document{}, err
	}
	if err := p.children(p.articleChild); err != nil {
		return Document{}, err
	}
	return p.art.document(), nil
}

// findArticle consumes tokens up to the start of the first article element
// and leaves p.depth at the nesting of the article's children.
func (p *jatsParser) findArticle() error {
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("%w: no <article> element", datasets.ErrMalformed)
		}
		if err != nil {
			return p.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.enter(); err != nil {
				return err
			}
			if t.Name.Local == "article" {
				return nil
			}
		case xml.EndElement:
			p.depth--
		}
	}
}

// children calls fn for each child element of the element whose start was
// the last token read, up to its end. fn must consume the whole child.
func (p *jatsParser) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return p.syntaxError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := p.enter(); err != nil {
				return err
			}
			if err := fn(t); err != nil {
				return err
			}
			p.depth--
		case xml.EndElement:
			return nil
		}
	}
}

// errTooDeep is returned for elements nested deeper than maxElementDepth.
var errTooDeep = fmt.Errorf("%w: elements nested deeper than %d levels", datasets.ErrMalformed, maxElementDepth)

// enter counts one more level of nesting and fails past maxElementDepth.
func (p *jatsParser) enter() error {
	p.depth++
	if p.depth > maxElementDepth {
		return errTooDeep
	}
	return nil
}

func (p *jatsParser) syntaxError(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%w: invalid XML: %v", datasets.ErrMalformed, err)
}

// skip consumes the element whose start was the last token read. Unlike
// xml.Decoder.Skip, it stops at maxElementDepth, so that deeply nested
// input cannot grow the decoder's stack of open elements without bound.
func (p *jatsParser) skip(xml.StartElement) error {
	for depth := 1; depth > 0; {
		tok, err := p.dec.Token()
		if err != nil {
			return p.syntaxError(err)
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			if p.depth+depth > maxElementDepth {
				return errTooDeep
			}
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// articleChild reads one child of the article element: front matter and
// body. Back matter, floats groups, sub-articles and responses are skipped.
func (p *jatsParser) articleChild(se xml.StartElement) error {
	switch se.Name.Local {
	case "front":
		return p.children(func(se xml.StartElement) error {
			if se.Name.Local == "article-meta" {
				return p.children(p.metaChild)
			}
			return p.skip(se)
		})
	case "body":
		return p.children(func(se xml.StartElement) error {
			return p.blockChild(se, KindBody, "", &p.art.body)
		})
	}
	return p.skip(se)
}

// metaChild reads one child of article-meta.
func (p *jatsParser) metaChild(se xml.StartElement) error {
	switch se.Name.Local {
	case "article-id":
		id, err := p.inlineText()
		if err == nil && attr(se, "pub-id-type") == "doi" && p.art.doi == "" {
			p.art.doi = id
		}
		return err
	case "title-group":
		return p.children(func(se xml.StartElement) error {
			if se.Name.Local != "article-title" || p.art.title != "" {
				return p.skip(se)
			}
			title, err := p.inlineText()
			p.art.title = title
			return err
		})
	case "abstract":
		return p.abstract(se)
	case "pub-date":
		return p.pubDate(se)
	case "permissions":
		return p.children(p.permissionsChild)
	}
	return p.skip(se)
}

// abstract reads an abstract element. Its own title ("Abstract") is left
// out; sections of a structured abstract give KindHeading paragraphs.
func (p *jatsParser) abstract(se xml.StartElement) error {
	a := jatsAbstract{typ: attr(se, "abstract-type")}
	err := p.children(func(se xml.StartElement) error {
		return p.blockChild(se, KindAbstract, "", &a.blocks)
	})
	p.art.abstracts = append(p.art.abstracts, a)
	return err
}

// pubDateRanks orders pub-date types (the pub-type attribute, or date-type
// in JATS 1.1 and later): the lowest rank gives the year. Other types rank
// after these.
var pubDateRanks = map[string]int{"epub": 0, "pub": 1, "ppub": 2, "epub-ppub": 3, "collection": 4}

// pubDate reads a pub-date element and keeps its year when it ranks before
// the year kept so far; ties keep the first.
func (p *jatsParser) pubDate(se xml.StartElement) error {
	typ := attr(se, "pub-type")
	if typ == "" {
		typ = attr(se, "date-type")
	}
	rank, ok := pubDateRanks[typ]
	if !ok {
		rank = len(pubDateRanks)
	}
	return p.children(func(se xml.StartElement) error {
		if se.Name.Local != "year" {
			return p.skip(se)
		}
		text, err := p.inlineText()
		if year := parseYear(text); year > 0 && (p.art.year == 0 || rank < p.art.yearRank) {
			p.art.year, p.art.yearRank = year, rank
		}
		return err
	})
}

// permissionsChild reads one child of permissions: the copyright year, a
// fallback publication year, and the first license.
func (p *jatsParser) permissionsChild(se xml.StartElement) error {
	switch se.Name.Local {
	case "copyright-year":
		text, err := p.inlineText()
		p.art.copyrightYear = parseYear(text)
		return err
	case "license":
		if p.art.license != "" {
			return p.skip(se)
		}
		return p.license(se)
	}
	return p.skip(se)
}

// license reads a license element. The licence is its xlink:href URL, else
// the URL of an ali:license_ref child (JATS 1.2), else the text of its
// license-p paragraphs.
func (p *jatsParser) license(se xml.StartElement) error {
	href := attr(se, "href")
	var ref, text inlineText
	err := p.children(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "license_ref":
			return p.inline(&ref)
		case "license-p":
			text.writeBreak()
			return p.inline(&text)
		}
		return p.skip(se)
	})
	p.art.license = firstNonEmpty(strings.TrimSpace(href), ref.String(), text.String())
	return err
}

// blockChild reads one child of a block container such as body, sec, list or
// abstract. Paragraphs get kind; headings of nested sec elements are
// KindHeading. section is the title of the nearest enclosing section.
func (p *jatsParser) blockChild(se xml.StartElement, kind ParagraphKind, section string, out *[]block) error {
	name := se.Name.Local
	switch {
	case name == "sec":
		return p.section(kind, section, out)
	case jatsTextBlocks[name]:
		text, err := p.inlineText()
		if !componentDOI.MatchString(text) {
			*out = append(*out, block{kind: kind, section: section, text: text})
		}
		return err
	case name == "title" || jatsDropped[name] || jatsFormulas[name]:
		// A title outside sec belongs to a box, list or abstract, and a
		// display formula between paragraphs has no prose around it.
		return p.skip(se)
	}
	return p.children(func(se xml.StartElement) error {
		return p.blockChild(se, kind, section, out)
	})
}

// section reads a sec element. Its first title becomes a KindHeading
// paragraph and the section of the paragraphs inside it; a section without a
// title keeps the enclosing one.
func (p *jatsParser) section(kind ParagraphKind, parent string, out *[]block) error {
	current, titled := parent, false
	return p.children(func(se xml.StartElement) error {
		if se.Name.Local != "title" || titled {
			return p.blockChild(se, kind, current, out)
		}
		titled = true
		title, err := p.inlineText()
		if title != "" {
			current = title
			*out = append(*out, block{kind: KindHeading, section: title, text: title})
		}
		return err
	})
}

// inlineText returns the normalized text of the element whose start was the
// last token read, and consumes it.
func (p *jatsParser) inlineText() (string, error) {
	var t inlineText
	err := p.inline(&t)
	return t.String(), err
}

// inline appends the content of the current element to t, up to its end:
// character data, the text of inline markup (italic, sub, sup, xref and
// others), FormulaPlaceholder for formulas, and a word break around nested
// blocks and dropped elements.
func (p *jatsParser) inline(t *inlineText) error {
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return p.syntaxError(err)
		}
		switch v := tok.(type) {
		case xml.CharData:
			t.writeText(string(v))
		case xml.StartElement:
			if err := p.inlineElement(v, t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// inlineElement appends one element inside a paragraph to t.
func (p *jatsParser) inlineElement(se xml.StartElement, t *inlineText) error {
	name := se.Name.Local
	switch {
	case jatsFormulas[name]:
		t.writeToken(FormulaPlaceholder)
		return p.skip(se)
	case jatsDropped[name]:
		t.writeBreak()
		return p.skip(se)
	}

	if err := p.enter(); err != nil {
		return err
	}
	defer func() { p.depth-- }()
	if !jatsBreaks[name] {
		return p.inline(t)
	}
	t.writeBreak()
	err := p.inline(t)
	t.writeBreak()
	return err
}

// document builds the document of the article.
func (a *jatsArticle) document() Document {
	doc := Document{Format: FormatJATS, Title: a.title, DOI: normalizeDOI(a.doi), License: a.license, Year: a.year}
	if doc.Year == 0 {
		doc.Year = a.copyrightYear
	}

	var b docBuilder
	b.add(KindTitle, "", a.title)
	var abstract []string
	for _, bl := range a.mainAbstract() {
		b.add(bl.kind, bl.section, bl.text)
		if bl.text != "" {
			abstract = append(abstract, bl.text)
		}
	}
	for _, bl := range a.body {
		b.add(bl.kind, bl.section, bl.text)
	}
	doc.Abstract = strings.Join(abstract, paragraphSeparator)
	doc.Text = b.text.String()
	doc.Paragraphs = b.paragraphs
	return doc
}

// mainAbstract returns the blocks of the abstracts without an abstract-type
// attribute. Typed abstracts, such as an eLife digest
// (abstract-type="executive-summary"), a teaser or a graphical abstract,
// restate the main one and are left out, unless the article has no other
// abstract: then the first typed one is used.
func (a *jatsArticle) mainAbstract() []block {
	var blocks []block
	for _, ab := range a.abstracts {
		if ab.typ == "" {
			blocks = append(blocks, ab.blocks...)
		}
	}
	if blocks == nil && len(a.abstracts) > 0 {
		blocks = a.abstracts[0].blocks
	}
	return blocks
}

// attr returns the value of the attribute with the given local name, or ""
// when se has none.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// parseYear returns the four-digit year in s, or 0 when s is not one.
func parseYear(s string) int {
	s = strings.TrimSpace(s)
	year, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || year < 1000 {
		return 0
	}
	return year
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
