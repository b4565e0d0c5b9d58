package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pdfKnownHeadings are section names, in lower case, that are headings
// without a number.
var pdfKnownHeadings = setOf("abstract", "introduction", "background", "experimental", "experimental section",
	"experimental details", "experimental procedure", "experimental procedures", "experimental methods", "experiments",
	"materials and methods", "methods", "method", "methodology", "results", "results and discussion", "discussion",
	"conclusion", "conclusions", "summary", "summary and conclusions", "conclusions and outlook", "concluding remarks",
	"outlook", "acknowledgements", "acknowledgments", "acknowledgement", "acknowledgment", "funding",
	"author contributions", "conflicts of interest", "conflict of interest", "competing interests",
	"declaration of competing interest", "data availability", "supporting information", "supplementary material",
	"appendix", "references", "reference", "bibliography", "literature cited", "notes and references",
	"references and notes")

// pdfReferenceHeadings are the headings, in lower case, that start the
// reference list, which parsePDFLayout leaves out with everything after it.
var pdfReferenceHeadings = setOf("references", "reference", "bibliography", "literature cited",
	"notes and references", "references and notes")

// headingNumber matches a section number before a heading name: "1",
// "2.1", "2.1.", "IV." or "A.", up to four levels of at most two digits.
var headingNumber = regexp.MustCompile(`^((?:[1-9][0-9]?(?:\.[1-9][0-9]?){0,3}\.?)|[IVX]{1,6}\.|[A-H]\.)\s+(.+)$`)

// splitHeadingNumber returns the name and the number of a heading, or text
// and "" when text does not start with a number.
func splitHeadingNumber(text string) (name, number string) {
	if m := headingNumber.FindStringSubmatch(text); m != nil {
		return m[2], m[1]
	}
	return text, ""
}

// pdfHeadingKey returns the name of a heading in lower case, without a
// final colon or period, and with letter-spaced words closed up ("A B S T R
// A C T" gives "abstract").
func pdfHeadingKey(name string) string {
	key := strings.ToLower(strings.TrimRight(name, ":."))
	fields := strings.Fields(key)
	if len(fields) > 2 && !slices.ContainsFunc(fields, func(f string) bool { return utf8.RuneCountInString(f) > 1 }) {
		return strings.Join(fields, "")
	}
	return strings.Join(fields, " ")
}

// pdfHeadings finds headings, keeping the number of the last numbered
// section.
type pdfHeadings struct {
	section int // the top-level number of the last numbered heading; 0 before one
}

// isHeading reports whether lines[i] is a heading: a line of at most
// pdfMaxHeadingWords words that is a known section name (pdfKnownHeadings,
// maybe with a final colon or period), or a numbered heading (see
// isNumberedHeading). It must also be a block of its own in pdftotext's
// output, or be short (see isShortLine). A numbered heading's top-level
// number must be the last one, or one or two more, so that numbered list
// items and table rows in a section are not taken as sections.
func (h *pdfHeadings) isHeading(lines []pdfLine, flows []pdfFlow, i int) bool {
	l := lines[i]
	text := normalizeSpace(l.text)
	if len(strings.Fields(text)) > pdfMaxHeadingWords {
		return false
	}
	name, number := splitHeadingNumber(text)
	if !pdfKnownHeadings[pdfHeadingKey(name)] && (number == "" || !isNumberedHeading(name)) {
		return false
	}
	alone := l.blockStart && (i+1 == len(lines) || lines[i+1].blockStart)
	if !alone && !isShortLine(l, flows[i]) {
		return false
	}
	return h.acceptNumber(number)
}

// isNumberedHeading reports whether name, the text after a section number,
// reads as a heading: it starts with an upper-case letter, has no comma, does
// not end with punctuation, and at least 60% of its characters other than
// spaces are letters.
func isNumberedHeading(name string) bool {
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	if !unicode.IsUpper(first) || strings.Contains(name, ",") || strings.ContainsRune(".,;:!?", last) {
		return false
	}
	letters, others := 0, 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			others++
		}
	}
	return letters*2 >= 3*others
}

// acceptNumber reports whether a heading with the section number number
// may follow the headings before it, and records its top-level number. An
// empty number and a letter are always accepted.
func (h *pdfHeadings) acceptNumber(number string) bool {
	top := strings.TrimSuffix(strings.SplitN(number, ".", 2)[0], ".")
	n, err := strconv.Atoi(top)
	if err != nil {
		n = romanValue(top)
	}
	if n == 0 {
		return true
	}
	if n < h.section || n > h.section+2 {
		return false
	}
	h.section = n
	return true
}

// romanValue returns the value of a Roman numeral of the letters I, V and
// X, or 0 for anything else.
func romanValue(s string) int {
	values := map[rune]int{'I': 1, 'V': 5, 'X': 10}
	total, prev := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		v := values[rune(s[i])]
		if v == 0 {
			return 0
		}
		if v < prev {
			total -= v
		} else {
			total += v
		}
		prev = max(prev, v)
	}
	return total
}

// findPDFTitle returns the index of the title among paras, or -1. The title
// is the first paragraph of the first page set in that page's largest size.
// That size must be at least pdfTitleSize times bodySize. The paragraph
// must be one of the first pdfTitleParagraphs, have at most pdfTitleLines
// lines and not be a heading. It must come right before a paragraph on the
// same page whose first line isAuthorLine accepts.
//
// NOTE: a title set in the body size is not found, and neither is one
// followed by anything but its authors, such as a subtitle. Then the
// document has no title.
func findPDFTitle(paras []pdfParagraph, bodySize float64) int {
	if len(paras) < 2 {
		return -1
	}
	largest := 0.0
	for _, p := range paras {
		if p.page == paras[0].page {
			largest = max(largest, p.size)
		}
	}
	for i, p := range paras[:min(len(paras)-1, pdfTitleParagraphs)] {
		if p.page != paras[0].page || sizesDiffer(p.size, largest) {
			continue
		}
		next := paras[i+1]
		if p.heading || p.lines > pdfTitleLines || p.size < pdfTitleSize*bodySize || next.page != p.page || !isAuthorLine(next.firstLine) {
			return -1
		}
		return i
	}
	return -1
}

// Patterns of isAuthorLine.
var (
	authorMarks     = regexp.MustCompile(`[0-9*†‡§¶#✉∗]+`)
	authorSeparator = regexp.MustCompile(`\s*(?:[,;&]|\band\b)\s*`)
	nameWord        = regexp.MustCompile(`^(?:\p{Lu}\p{Ll}*(?:\p{Lu}\p{Ll}+)?(?:[-'’]\p{Lu}?\p{Ll}+)*|(?:\p{Lu}\.-?)+|Jr\.)$`)
	nameParticles   = setOf("van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "dos", "das", "bin", "ibn", "al", "el", "y")
)

// isAuthorLine reports whether text reads as a list of author names. After
// footnote marks (digits, "*", "†" and the like, and lone lower-case
// letters) are removed, text is split at commas, semicolons, "&" and "and".
// Each part must have at most five words. Each word must be a capitalized
// name such as "Zhang", "McDonald" or "Jean-Pierre", an initial such as
// "J." or "J.-P.", or a particle such as "van" or "de". One part at least
// must have two words.
func isAuthorLine(text string) bool {
	names := 0
	for _, part := range authorSeparator.Split(authorMarks.ReplaceAllString(text, " "), -1) {
		words := slices.DeleteFunc(strings.Fields(part), func(w string) bool {
			r, size := utf8.DecodeRuneInString(w)
			return size == len(w) && unicode.IsLower(r)
		})
		if len(words) > 5 {
			return false
		}
		for _, w := range words {
			if !nameWord.MatchString(w) && !nameParticles[w] {
				return false
			}
		}
		if len(words) >= 2 {
			names++
		}
	}
	return names > 0
}

// pdfAbstractLabel matches a paragraph that starts with the label
// "Abstract", in any letter case and maybe followed by a colon, period or
// dash, with the text of the abstract as the first group.
var pdfAbstractLabel = regexp.MustCompile(`^(?i:abstract)(?:\s*[:.—–]\s*|\s+)(\p{Lu}.*)$`)

// pdfKeywords matches a paragraph of keywords, which is left out.
var pdfKeywords = regexp.MustCompile(`^(?i:key ?words|index terms)\b`)

// findPDFAbstract returns the index of the paragraph that starts the
// abstract among paras, or -1: the first "Abstract" heading or paragraph
// that pdfAbstractLabel matches, when no other heading comes before it.
func findPDFAbstract(paras []pdfParagraph) int {
	for i, p := range paras {
		switch {
		case p.heading && pdfHeadingKey(p.text) == "abstract":
			return i
		case p.heading:
			return -1
		case pdfAbstractLabel.MatchString(p.text):
			return i
		}
	}
	return -1
}

// assemblePDF adds the paragraphs to doc with their kinds. The title, when
// findPDFTitle finds one, comes first, and the paragraphs before it are
// left out as header matter, as are those between the title and an
// abstract that starts on the title's page: the authors, affiliations and
// dates. The abstract is the first paragraph after the "Abstract" heading
// (or the one that starts with the label, without the label) and the
// paragraphs after it in the same flow, up to a heading or a keywords
// paragraph. A references heading after some text ends the document.
func assemblePDF(doc Document, paras []pdfParagraph, bodySize float64) Document {
	title, abstract := findPDFTitle(paras, bodySize), findPDFAbstract(paras)
	start := 0
	if title >= 0 {
		doc.Title = paras[title].text
		start = title + 1
		if abstract > title && paras[abstract].page == paras[title].page {
			start = abstract
		}
	}
	a := pdfAssembler{abstract: abstract}
	a.b.add(KindTitle, "", doc.Title)
	for i := start; i < len(paras) && a.add(i, paras[i]); i++ {
	}
	doc.Abstract = strings.Join(a.abstractTexts, paragraphSeparator)
	doc.Text, doc.Paragraphs = a.b.text.String(), a.b.paragraphs
	return doc
}

// pdfAssembler holds the state of assemblePDF between paragraphs.
type pdfAssembler struct {
	b             docBuilder
	abstract      int  // index of the paragraph that starts the abstract; -1 when none
	inAbstract    bool // paragraphs are added to the abstract
	abstractTexts []string
	section       string
	hasText       bool // a body or abstract paragraph has been added
}

// add adds the paragraph p, whose index is i, and reports whether the
// paragraphs after it are to be added too.
func (a *pdfAssembler) add(i int, p pdfParagraph) bool {
	if a.inAbstract && (p.heading || p.flowStart && len(a.abstractTexts) > 0) {
		a.inAbstract = false
	}
	switch {
	case i == a.abstract && p.heading:
		a.inAbstract = true
	case i == a.abstract:
		a.inAbstract = true
		a.addAbstract(pdfAbstractLabel.FindStringSubmatch(p.text)[1])
	case pdfKeywords.MatchString(p.text):
		a.inAbstract = false
	case a.inAbstract:
		a.addAbstract(p.text)
	case p.heading && pdfReferenceHeadings[pdfHeadingKey(p.text)] && a.hasText:
		return false
	case p.heading:
		a.section = p.text
		a.b.add(KindHeading, a.section, p.text)
	default:
		a.b.add(KindBody, a.section, p.text)
		a.hasText = true
	}
	return true
}

// addAbstract adds text as a KindAbstract paragraph.
func (a *pdfAssembler) addAbstract(text string) {
	a.b.add(KindAbstract, "", text)
	a.abstractTexts = append(a.abstractTexts, text)
	a.hasText = true
}

// pdfDOIPattern matches a DOI written with a "doi:" prefix or as a doi.org
// URL, with the DOI as the first group.
var pdfDOIPattern = regexp.MustCompile(`(?i)(?:\bdoi:?\s*|https?://(?:dx\.)?doi\.org/)(10\.[0-9]{4,9}/[^\s"<>]+)`)

// pdfDOI returns the first DOI in page that pdfDOIPattern matches, without
// trailing punctuation, normalized, or "" when there is none.
func pdfDOI(page string) string {
	for _, m := range pdfDOIPattern.FindAllStringSubmatch(page, -1) {
		if doi := normalizeDOI(strings.TrimRight(m[1], ".,;:)]}")); doi != "" {
			return doi
		}
	}
	return ""
}
