package ingest

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/litmine/litmine/datasets"
)

// isHTMLStart reports whether head, the first bytes of a file, starts an
// HTML page: "<!DOCTYPE html" or "<html" in any letter case, after an
// optional byte order mark, XML declaration, comments and white space.
func isHTMLStart(head []byte) bool {
	head = bytes.TrimPrefix(head, utf8BOM)
	for {
		head = bytes.TrimLeft(head, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(head, []byte("<?xml")):
			end = []byte("?>")
		case bytes.HasPrefix(head, []byte("<!--")):
			end = []byte("-->")
		}
		if end == nil {
			break
		}
		i := bytes.Index(head, end)
		if i < 0 {
			return false
		}
		head = head[i+len(end):]
	}
	lower := bytes.ToLower(head[:min(len(head), len("<!doctype html "))])
	for _, prefix := range []string{"<!doctype html", "<html"} {
		if rest, ok := bytes.CutPrefix(lower, []byte(prefix)); ok && (len(rest) == 0 || bytes.ContainsAny(rest[:1], " \t\r\n>/")) {
			return true
		}
	}
	return false
}

// startsWithTag reports whether head starts with "<" and a letter, "!" or
// "?" after an optional byte order mark and white space, as an HTML
// fragment does.
func startsWithTag(head []byte) bool {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return len(head) > 1 && head[0] == '<' && (isASCIILetter(rune(head[1])) || head[1] == '!' || head[1] == '?')
}

func isASCIILetter(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }

// readHTML reads an HTML page and emits its document (see parseHTML). A
// page that is not valid UTF-8 is decoded from the encoding that its byte
// order mark or meta charset declares, else from windows-1252, as browsers
// do (golang.org/x/net/html/charset.DetermineEncoding). A page that declares
// UTF-8 but is not valid UTF-8 is reported, as other readers report it.
func readHTML(src *source, cfg ReadConfig, s sink) error {
	raw, err := io.ReadAll(io.LimitReader(src, cfg.MaxRecordBytes+1))
	if err != nil {
		s.problem(src.path, 0, "", fmt.Errorf("read: %w", err))
		return nil
	}
	if int64(len(raw)) <= cfg.MaxRecordBytes && !utf8.Valid(raw) {
		if enc, name, _ := charset.DetermineEncoding(raw, "text/html"); name != "utf-8" {
			if decoded, err := enc.NewDecoder().Bytes(raw); err == nil {
				raw = decoded
			}
		}
	}
	data, err := readRecord(bytes.NewReader(raw), cfg.MaxRecordBytes)
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc, err := parseHTML(string(data))
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc.SourcePath = src.path
	return s.document(doc)
}

// parseHTML reads an article page as publishers serve it. It uses the
// metadata that Google Scholar and Dublin Core define for article pages,
// and the text of the main article content without the page furniture.
//
// The title is the citation_title or dc.title meta tag, else og:title,
// else the first h1 of the article, else the title element. The abstract is
// the first element whose class or id has the word "abstract", or whose
// first heading is "Abstract". Without one, it is the citation_abstract,
// dc.description or description meta tag. The DOI comes from citation_doi,
// dc.identifier or prism.doi, the year from the first date of dateKeys,
// such as citation_publication_date or citation_online_date, and the
// licence from a link or a element with rel="license", else dc.rights,
// else the first link to a Creative Commons licence.
//
// The body is read from the first article element, else the main element or
// the element with role="main", else the whole body. Headings h1 to h6
// become KindHeading paragraphs without a leading section number such as
// "2.1." (see stripSectionNumber), and each block element's text becomes a
// KindBody paragraph. The first h1 is the page title, so it is left out
// with the body paragraphs before it, such as the journal name. The element
// around it is left out too when it has no other heading and does not hold
// the abstract, because it holds header matter such as authors and dates,
// unless that would leave no body paragraph. isHTMLFurniture lists the
// elements left out, and backMatterHeadings the sections left out by their
// heading, as is a second abstract. Formulas (math elements and MathJax
// output) become FormulaPlaceholder.
//
// Elements nested deeper than the parser of golang.org/x/net/html allows
// (512 open elements in v0.63.0) are an error that wraps
// datasets.ErrMalformed. Any other input is valid HTML.
func parseHTML(text string) (Document, error) {
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Document{}, fmt.Errorf("%w: invalid HTML: %v", datasets.ErrMalformed, err)
	}

	meta := collectHTMLMeta(root)
	content := htmlContentRoot(root)
	abstractNode := findHTMLAbstract(root)
	titleNode := findHTMLTitle(content)
	x := extractHTML(content, abstractNode, titleNode, titleBlock(titleNode, content, abstractNode))
	if x.bodyParagraphs == 0 && x.titleBlock != nil {
		// The title block held the article itself.
		x = extractHTML(content, abstractNode, titleNode, nil)
	}
	if text := htmlToText(meta.first("citation_abstract", "dc.description", "description")); len(x.abstract) == 0 && text != "" {
		x.abstract = append(x.abstract, block{kind: KindAbstract, text: text})
	}
	title := firstNonEmpty(htmlToText(meta.first("citation_title", "dc.title")), htmlToText(meta.first("og:title")))
	if title == "" && titleNode != nil {
		// A title has no section number, but it may start with a count, as
		// "10 Years of LiFePO4" does.
		title = headingInline(titleNode)
	}
	title = firstNonEmpty(title, meta.titleTag)

	return x.document(Document{Format: FormatHTML, Title: title, DOI: meta.doi(), License: meta.license(), Year: meta.year()}), nil
}

// document returns doc with the text and paragraphs of the title, the
// abstract and the body.
func (x *htmlExtractor) document(doc Document) Document {
	var b docBuilder
	b.add(KindTitle, "", doc.Title)
	var abstract []string
	for _, bl := range x.abstract {
		b.add(bl.kind, bl.section, bl.text)
		if bl.kind == KindAbstract {
			abstract = append(abstract, bl.text)
		}
	}
	for _, bl := range x.body {
		b.add(bl.kind, bl.section, bl.text)
	}
	doc.Abstract = strings.Join(abstract, paragraphSeparator)
	doc.Text, doc.Paragraphs = b.text.String(), b.paragraphs
	return doc
}

// htmlMeta holds the metadata of a page: the content of its meta tags by
// lower-case name or property, in document order.
type htmlMeta struct {
	values      map[string][]string
	titleTag    string
	licenseLink string // href of the first link or a element with rel="license"
	ccLink      string // href of the first link to a Creative Commons licence
}

// collectHTMLMeta reads the meta tags, the title element and the licence
// links of a page.
func collectHTMLMeta(root *html.Node) htmlMeta {
	m := htmlMeta{values: map[string][]string{}}
	for n := range root.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Meta:
			key := strings.ToLower(firstNonEmpty(htmlAttr(n, "name"), htmlAttr(n, "property")))
			if content := strings.TrimSpace(htmlAttr(n, "content")); key != "" && content != "" {
				m.values[key] = append(m.values[key], content)
			}
		case atom.Title:
			if m.titleTag == "" {
				m.titleTag = normalizeSpace(nodeText(n))
			}
		case atom.Link, atom.A:
			m.addLink(n)
		}
	}
	return m
}

// addLink keeps the licence that a link or a element points to.
func (m *htmlMeta) addLink(n *html.Node) {
	href := strings.TrimSpace(htmlAttr(n, "href"))
	if href == "" {
		return
	}
	if m.licenseLink == "" && hasToken(htmlAttr(n, "rel"), "license") {
		m.licenseLink = href
	}
	if m.ccLink == "" && creativeCommons.MatchString(href) {
		m.ccLink = href
	}
}

// creativeCommons matches the URL of a Creative Commons licence or public
// domain dedication.
var creativeCommons = regexp.MustCompile(`(?i)^(https?:)?//(www\.)?creativecommons\.org/(licenses|publicdomain)/`)

// first returns the first value of the first of keys that the page has, or
// "".
func (m htmlMeta) first(keys ...string) string {
	for _, key := range keys {
		if v := m.values[key]; len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// doi returns the first value of citation_doi, dc.identifier or prism.doi
// that is a DOI, normalized. A dc.identifier that is not a DOI, such as an
// ISSN, is skipped.
func (m htmlMeta) doi() string {
	for _, key := range []string{"citation_doi", "dc.identifier", "prism.doi"} {
		for _, v := range m.values[key] {
			v = strings.TrimSpace(v)
			if len(v) > len("info:doi/") && strings.EqualFold(v[:len("info:doi/")], "info:doi/") {
				v = v[len("info:doi/"):]
			}
			if doi := normalizeDOI(v); doi != "" {
				return doi
			}
		}
	}
	return ""
}

// yearPattern matches a four-digit year that is not part of a longer number.
var yearPattern = regexp.MustCompile(`(?:^|[^0-9])([12][0-9]{3})(?:[^0-9]|$)`)

// dateKeys are the meta tags that year reads, in lower case: the dates of
// publication, then of the issue, then of online publication.
var dateKeys = []string{"citation_publication_date", "citation_date", "dc.date", "dc.date.issued", "dcterms.issued",
	"prism.publicationdate", "citation_cover_date", "prism.coverdate", "citation_year", "citation_online_date",
	"prism.onlinedate", "article:published_time"}

// year returns the first four-digit year in the first of dateKeys that has
// one, or 0.
func (m htmlMeta) year() int {
	for _, key := range dateKeys {
		for _, v := range m.values[key] {
			if match := yearPattern.FindStringSubmatch(v); match != nil {
				return parseYear(match[1])
			}
		}
	}
	return 0
}

// license returns the licence of the page: a rel="license" link, else
// dc.rights, else the first Creative Commons link.
func (m htmlMeta) license() string {
	return firstNonEmpty(m.licenseLink, normalizeSpace(m.first("dc.rights")), m.ccLink)
}

// htmlAttr returns the value of the attribute key of n, or "".
func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasToken reports whether the space-separated list s has word, in any
// letter case.
func hasToken(s, word string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, word) {
			return true
		}
	}
	return false
}

// nodeText returns the text under n without any normalization.
func nodeText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// withDescendants returns n and the nodes under it, in document order.
func withDescendants(n *html.Node) iter.Seq[*html.Node] {
	return func(yield func(*html.Node) bool) {
		if !yield(n) {
			return
		}
		for d := range n.Descendants() {
			if !yield(d) {
				return
			}
		}
	}
}

// htmlToText returns the normalized text of s, an HTML fragment such as the
// content of a citation_abstract meta tag, without its markup.
func htmlToText(s string) string {
	if !strings.Contains(s, "<") {
		return normalizeSpace(html.UnescapeString(s))
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return normalizeSpace(s)
	}
	var t inlineText
	for _, n := range nodes {
		for d := range withDescendants(n) {
			switch {
			case d.Type == html.TextNode:
				t.writeText(d.Data)
			case htmlBlocks[d.DataAtom] || d.DataAtom == atom.Br:
				t.writeBreak()
			}
		}
	}
	return t.String()
}

// Element sets of the HTML reader.
var (
	// htmlDropped are left out with their content: scripts and styles,
	// page furniture (navigation, header, footer, aside, forms, buttons,
	// dialogs, menus), and floats and media (figures, tables, images,
	// embedded frames and objects).
	htmlDropped = atomSet(atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Title,
		atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Button, atom.Input, atom.Select,
		atom.Option, atom.Textarea, atom.Label, atom.Dialog, atom.Menu, atom.Figure, atom.Figcaption,
		atom.Table, atom.Caption, atom.Svg, atom.Canvas, atom.Iframe, atom.Object, atom.Embed, atom.Video,
		atom.Audio, atom.Img, atom.Picture, atom.Map)

	// htmlDroppedBlocks are the block elements of htmlDropped: leaving one
	// out ends the paragraph before it, while leaving out an inline element
	// such as an image or a button does not.
	htmlDroppedBlocks = atomSet(atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Dialog,
		atom.Menu, atom.Figure, atom.Figcaption, atom.Table, atom.Caption, atom.Noscript, atom.Template)

	// htmlBlocks end the paragraph before them and start a new one after
	// them.
	htmlBlocks = atomSet(atom.Address, atom.Article, atom.Blockquote, atom.Body, atom.Center, atom.Dd,
		atom.Details, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Hgroup, atom.Hr, atom.Li, atom.Main, atom.Ol, atom.P, atom.Pre, atom.Section,
		atom.Summary, atom.Ul, atom.Legend)

	// htmlFurnitureRoles are ARIA roles of page furniture, footnotes and
	// reference lists.
	htmlFurnitureRoles = setOf("navigation", "banner", "contentinfo", "complementary", "search", "dialog",
		"alertdialog", "alert", "menu", "menubar", "toolbar", "tablist", "button", "form", "figure", "table",
		"img", "doc-footnote", "doc-endnotes", "doc-bibliography", "doc-backlink", "doc-toc")

	// htmlFurnitureWords are words of class and id values that mark page
	// furniture: a class or id is split into words at punctuation and at
	// lower-to-upper case changes, so "c-article-references" and
	// "relatedArticles" match. Publishers name their furniture this way:
	// navigation and menus, cookie banners, share and social links,
	// related and recommended articles, reference lists, footnotes,
	// figures and tables, author lists and affiliations, keywords,
	// highlights, graphical abstracts, metrics, advertising and sign-in
	// prompts.
	htmlFurnitureWords = setOf("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer",
		"sidebar", "cookie", "cookies", "consent", "gdpr", "banner", "share", "sharing", "social", "related",
		"recommended", "recommendations", "references", "bibliography", "footnote", "footnotes", "fn",
		"citedby", "toolbar", "tools", "toc", "outline", "skip", "advert", "advertisement", "ads", "ad",
		"sponsored", "promo", "newsletter", "subscribe", "login", "signin", "modal", "popup", "tooltip",
		"metrics", "altmetric", "figure", "fig", "figures", "table", "tables", "caption", "graphic",
		"graphical", "highlights", "keywords", "authors", "affiliation", "affiliations", "download",
		"downloads", "comments", "masthead", "topbar", "links", "doi", "cite", "cited", "loa", "back")

	// htmlFurnitureValues are whole class or id values of site headers,
	// and of text that only screen readers show. The word "header" alone is
	// not furniture, because it also names section headers with headings.
	htmlFurnitureValues = setOf("header", "site-header", "page-header", "global-header", "topbar", "top-bar",
		"visually-hidden", "u-visually-hidden", "sr-only", "screen-reader-text", "skip-link")
)

// backMatterHeadings are headings, in lower case without a trailing colon,
// of sections that isHTMLFurniture does not catch but that hold no article
// prose: references, notes, declarations and article information.
var backMatterHeadings = setOf("references", "reference", "bibliography", "literature cited", "notes",
	"notes and references", "references and notes", "footnote", "footnotes", "acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment",
	"author information", "authors and affiliations", "author contributions", "contributions",
	"additional information", "rights and permissions", "about this article", "cite this article",
	"supplementary information", "supplementary material", "supplementary data",
	"electronic supplementary material", "associated content", "supporting information",
	"ethics declarations", "competing interests", "conflicts of interest", "conflict of interest",
	"declaration of competing interest", "credit authorship contribution statement", "change history",
	"recommended articles", "related articles", "similar articles", "cited by", "keywords", "highlights",
	"graphical abstract", "data availability", "code availability", "funding", "abbreviations")

func atomSet(atoms ...atom.Atom) map[atom.Atom]bool {
	set := make(map[atom.Atom]bool, len(atoms))
	for _, a := range atoms {
		set[a] = true
	}
	return set
}

// isHTMLFurniture reports whether the element n is left out with its
// content: an element of htmlDropped, a hidden element (the hidden
// attribute, aria-hidden="true" or display: none), an element with a role
// of htmlFurnitureRoles, or an element whose class or id has a word of
// htmlFurnitureWords or is one of htmlFurnitureValues.
func isHTMLFurniture(n *html.Node) bool {
	if htmlDropped[n.DataAtom] || n.Data == "mjx-assistive-mml" {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(htmlAttr(n, "style"), " ", ""))
	if hasAttr(n, "hidden") || htmlAttr(n, "aria-hidden") == "true" || strings.Contains(style, "display:none") {
		return true
	}
	if htmlFurnitureRoles[strings.ToLower(htmlAttr(n, "role"))] {
		return true
	}
	for _, value := range append(strings.Fields(htmlAttr(n, "class")), htmlAttr(n, "id")) {
		if htmlFurnitureValues[strings.ToLower(value)] {
			return true
		}
		for _, word := range attrWords(value) {
			if htmlFurnitureWords[word] {
				return true
			}
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// attrWords splits a class or id value into lower-case words at characters
// other than letters and digits, and before an upper-case letter that
// follows a lower-case one: "articleBody_abstractText" gives article, body,
// abstract and text.
func attrWords(value string) []string {
	var words []string
	var cur []rune
	prevLower := false
	for _, r := range value {
		isWord := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !isWord || (prevLower && unicode.IsUpper(r)) {
			if len(cur) > 0 {
				words = append(words, strings.ToLower(string(cur)))
			}
			cur = cur[:0]
		}
		if isWord {
			cur = append(cur, r)
		}
		prevLower = unicode.IsLower(r)
	}
	if len(cur) > 0 {
		words = append(words, strings.ToLower(string(cur)))
	}
	return words
}

// isHTMLFormula reports whether the element n is a formula: a MathML math
// element, MathJax 3 output, or an element whose class is "math",
// "formula" or starts with "MathJax".
func isHTMLFormula(n *html.Node) bool {
	if n.DataAtom == atom.Math || n.Data == "mjx-container" {
		return true
	}
	for _, class := range strings.Fields(htmlAttr(n, "class")) {
		lower := strings.ToLower(class)
		if lower == "math" || lower == "formula" || strings.HasPrefix(lower, "mathjax") {
			return true
		}
	}
	return false
}

// htmlContentRoot returns the element that holds the article: the first
// article element outside page furniture, else the first main element or
// element with role="main", else the body, else root.
func htmlContentRoot(root *html.Node) *html.Node {
	isArticle := func(n *html.Node) bool { return n.DataAtom == atom.Article }
	isMain := func(n *html.Node) bool {
		return n.DataAtom == atom.Main || strings.EqualFold(htmlAttr(n, "role"), "main")
	}
	isBody := func(n *html.Node) bool { return n.DataAtom == atom.Body }
	for _, match := range []func(*html.Node) bool{isArticle, isMain, isBody} {
		if n := findElement(root, match, isHTMLFurniture); n != nil {
			return n
		}
	}
	return root
}

// findElement returns the first element under root, in document order,
// for which match returns true, without looking inside elements for which
// skip returns true. It returns nil when there is none.
func findElement(root *html.Node, match, skip func(*html.Node) bool) *html.Node {
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if match(c) {
			return c
		}
		if skip != nil && skip(c) {
			continue
		}
		if n := findElement(c, match, skip); n != nil {
			return n
		}
	}
	return nil
}

// findHTMLTitle returns the first h1 under content, looking inside header
// elements but not inside other furniture, or nil when there is none.
func findHTMLTitle(content *html.Node) *html.Node {
	skip := func(n *html.Node) bool { return n.DataAtom != atom.Header && isHTMLFurniture(n) }
	return findElement(content, func(n *html.Node) bool { return n.DataAtom == atom.H1 }, skip)
}

// titleBlock returns the element that holds the title heading with the
// article's header matter, such as the journal, authors, dates and links.
// It is the parent of title, unless that parent is content itself, holds
// the abstract or has a heading other than title. It returns nil when there
// is none.
func titleBlock(title, content, abstract *html.Node) *html.Node {
	if title == nil || title.Parent == content || title.Parent == nil {
		return nil
	}
	block := title.Parent
	for n := range block.Descendants() {
		if n == abstract || (n != title && headingLevel(n) > 0) {
			return nil
		}
	}
	return block
}

// findHTMLAbstract returns the first element outside page furniture whose
// class or id has the word "abstract" or "abstracts", or that
// startsWithAbstractHeading accepts, or nil when there is none.
func findHTMLAbstract(root *html.Node) *html.Node {
	return findElement(root, func(n *html.Node) bool {
		if isHTMLFurniture(n) {
			return false
		}
		for _, value := range append(strings.Fields(htmlAttr(n, "class")), htmlAttr(n, "id")) {
			for _, word := range attrWords(value) {
				if word == "abstract" || word == "abstracts" {
					return true
				}
			}
		}
		return startsWithAbstractHeading(n)
	}, isHTMLFurniture)
}

// startsWithAbstractHeading reports whether the first child element of the
// section or div n is a heading with the text "Abstract", and n has no other
// heading of that level or a higher one, which would start a section
// after the abstract.
func startsWithAbstractHeading(n *html.Node) bool {
	if n.DataAtom != atom.Section && n.DataAtom != atom.Div {
		return false
	}
	first := findElement(n, func(*html.Node) bool { return true }, nil)
	level := 0
	if first != nil {
		level = headingLevel(first)
	}
	if level == 0 || !isAbstractHeading(headingText(first)) {
		return false
	}
	for d := range n.Descendants() {
		if d != first && headingLevel(d) > 0 && headingLevel(d) <= level {
			return false
		}
	}
	return true
}

// headingLevel returns 1 to 6 for the elements h1 to h6, else 0.
func headingLevel(n *html.Node) int {
	switch n.DataAtom {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// sectionNumber matches a section number before a heading, with the white
// space after it. A number is "2", "2.", "2.1" or "2.1." with parts of one
// or two digits, a Roman numeral with a period such as "IV.", or a capital
// letter with a period such as "A.".
var sectionNumber = regexp.MustCompile(`^(?:[0-9]{1,2}(?:\.[0-9]{1,2})*\.?|[IVXL]{1,6}\.|\p{Lu}\.)\s+`)

// stripSectionNumber returns heading without a leading section number (see
// sectionNumber), when the word after the number has two letters or more,
// no digit, and a capital first letter. So a heading that starts with a
// quantity, such as "2019 results", "1 M LiPF6 electrolytes" or "2.5 V
// cells", keeps it.
//
// NOTE: a heading that starts with a small count before a capitalized word,
// such as "10 Years of LiFePO4", loses the count.
func stripSectionNumber(heading string) string {
	number := sectionNumber.FindString(heading)
	if number == "" {
		return heading
	}
	rest := heading[len(number):]
	word, _, _ := strings.Cut(rest, " ")
	word = strings.TrimRight(word, ":;,.")
	first, _ := utf8.DecodeRuneInString(word)
	isWord := !strings.ContainsFunc(word, func(r rune) bool { return !unicode.IsLetter(r) && !strings.ContainsRune("-'’", r) })
	if !unicode.IsUpper(first) || utf8.RuneCountInString(word) < 2 || !isWord {
		return heading
	}
	return rest
}

// headingText returns the normalized text of a heading element without a
// leading section number (see stripSectionNumber) and without furniture
// inside it.
func headingText(n *html.Node) string {
	return stripSectionNumber(headingInline(n))
}

// headingInline returns the normalized text of an element without furniture
// inside it, as headings are read.
func headingInline(n *html.Node) string {
	var x htmlExtractor
	x.inline(n)
	return x.cur.String()
}

// headingKey returns a heading in lower case without a trailing colon, as
// backMatterHeadings lists them.
func headingKey(text string) string {
	return strings.TrimSpace(strings.TrimSuffix(strings.ToLower(text), ":"))
}

func isAbstractHeading(text string) bool {
	key := headingKey(text)
	return key == "abstract" || key == "summary"
}

// extractHTML reads the abstract element, when there is one, and the
// paragraphs under content. The title heading is left out, with the body
// paragraphs before it, and so is the title block when it is not nil.
func extractHTML(content, abstract, title, block *html.Node) *htmlExtractor {
	x := &htmlExtractor{abstractNode: abstract, titleNode: title, titleBlock: block}
	if abstract != nil {
		x.inAbstract = true
		x.children(abstract)
		x.flush()
		x.inAbstract, x.section = false, ""
	}
	x.children(content)
	x.flush()
	return x
}

// htmlExtractor collects the paragraphs of a page in document order.
type htmlExtractor struct {
	abstractNode   *html.Node // the abstract element, read before the body; nil when none
	titleNode      *html.Node // the h1 of the title; nil when none
	titleBlock     *html.Node // the element around titleNode that is left out; nil when none
	inAbstract     bool       // blocks go to abstract
	abstractTill   int        // when > 0, blocks go to abstract until a heading of this level or higher
	skipTill       int        // when > 0, blocks are left out until a heading of this level or higher
	section        string
	bodyParagraphs int // KindBody paragraphs added
	cur            inlineText
	abstract       []block
	body           []block
}

// children reads the child nodes of n.
func (x *htmlExtractor) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		x.node(c)
	}
}

// node reads one node of the page.
func (x *htmlExtractor) node(n *html.Node) {
	switch {
	case n.Type == html.TextNode:
		x.cur.writeText(n.Data)
	case n.Type != html.ElementNode && n.Type != html.DocumentNode:
	case n == x.abstractNode:
		// Read before the body.
	case n == x.titleNode || n == x.titleBlock:
		// Body paragraphs before the title are header matter too, such as
		// the journal name and the article type.
		x.cur = inlineText{}
		x.body, x.section, x.bodyParagraphs = nil, "", 0
	case isHTMLFurniture(n):
		x.cur.writeBreak()
		if htmlBlocks[n.DataAtom] || htmlDroppedBlocks[n.DataAtom] {
			x.flush()
		}
	case isHTMLFormula(n):
		x.cur.writeToken(FormulaPlaceholder)
	case headingLevel(n) > 0:
		x.flush()
		x.heading(n)
	case n.DataAtom == atom.Br:
		x.cur.writeBreak()
	case htmlBlocks[n.DataAtom]:
		x.flush()
		x.children(n)
		x.flush()
	default:
		x.children(n)
	}
}

// inline reads the text of n, for a heading, into x.cur.
func (x *htmlExtractor) inline(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			x.cur.writeText(c.Data)
		case c.Type != html.ElementNode || isHTMLFurniture(c):
		case isHTMLFormula(c):
			x.cur.writeToken(FormulaPlaceholder)
		default:
			x.inline(c)
		}
	}
}

// heading handles a heading element: it ends a left-out or abstract
// section of the same or a lower level, and starts a section.
func (x *htmlExtractor) heading(n *html.Node) {
	level, text := headingLevel(n), headingText(n)
	if x.skipTill > 0 && level <= x.skipTill {
		x.skipTill = 0
	}
	if x.abstractTill > 0 && level <= x.abstractTill {
		x.abstractTill = 0
	}
	switch key := headingKey(text); {
	case text == "" || x.skipTill > 0:
	case backMatterHeadings[key]:
		x.skipTill = level
	case isAbstractHeading(text) && x.inAbstract:
		// The heading of the abstract element.
	case isAbstractHeading(text) && len(x.abstract) == 0:
		x.abstractTill = level
	case isAbstractHeading(text):
		// Only the first abstract is read.
		x.skipTill = level
	default:
		x.section = text
		x.addBlock(KindHeading, text)
	}
}

// flush adds the text collected since the last block boundary as a
// paragraph.
func (x *htmlExtractor) flush() {
	text := x.cur.String()
	x.cur = inlineText{}
	if text == FormulaPlaceholder {
		// A display formula between paragraphs has no prose around it.
		return
	}
	x.addBlock(KindBody, text)
}

// addBlock adds a paragraph of the given kind, which becomes KindAbstract
// inside the abstract, unless the current section is left out.
func (x *htmlExtractor) addBlock(kind ParagraphKind, text string) {
	if text == "" || x.skipTill > 0 {
		return
	}
	if x.inAbstract || x.abstractTill > 0 {
		if kind == KindBody {
			kind = KindAbstract
		}
		x.abstract = append(x.abstract, block{kind: kind, section: x.section, text: text})
		return
	}
	if kind == KindBody {
		x.bodyParagraphs++
	}
	x.body = append(x.body, block{kind: kind, section: x.section, text: text})
}
