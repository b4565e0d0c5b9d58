package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// parseMarkdown reads a Markdown document, following CommonMark and the
// GitHub tables and strikethrough extensions for what it keeps and drops.
//
// A YAML front matter block (a first line "---" up to a line "---" or
// "...") gives the title, abstract, doi, date or year, and license or
// licence; only top-level keys with a plain, quoted or block scalar value
// are read (see parseFrontMatter). Without a front matter title, the first
// level-1 heading (ATX "# …" or setext "===") is the title. Other headings
// are KindHeading paragraphs and set the section of the paragraphs after
// them, and paragraphs under a heading "Abstract" are KindAbstract. Without
// such a heading, the front matter abstract gives KindAbstract paragraphs
// after the title, one per paragraph of a block scalar. Paragraphs end at
// blank lines and block starts, and each list item is a paragraph of its
// own. Fenced and indented code blocks, tables, HTML blocks, footnote
// definitions and link reference definitions are dropped. Inline markup is
// stripped by mdInline. The title comes first in the document text, and the
// other paragraphs follow in document order. Any input is valid Markdown,
// so parseMarkdown never fails.
func parseMarkdown(text string) (Document, error) {
	lines := splitLines(strings.TrimPrefix(text, "\uFEFF"))
	p := &mdParser{listIndent: -1}
	lines = p.frontMatter(lines)
	for i := 0; i < len(lines); i++ {
		if p.tableStart(lines, i) {
			i++ // the delimiter row
			continue
		}
		p.line(lines[i])
	}
	p.flush()
	return p.document(), nil
}

// mdParser holds the state of parseMarkdown between lines.
type mdParser struct {
	meta          map[string]string // front matter values by lower-case key
	title         string
	blocks        []block
	para          []string // lines of the open paragraph
	paraItem      bool     // the open paragraph is a list item
	dropPara      bool     // the open paragraph is a footnote definition, left out
	fence         string   // the open code fence, such as "```"; "" when none
	htmlEnd       string   // end marker of the open HTML block: "" when none, "\n" for a blank line
	inTable       bool
	listIndent    int // content indent of the current list item; -1 outside lists
	section       string
	abstractLevel int // heading level of the open abstract section; 0 when none
	sawAbstract   bool
}

// frontMatter reads a YAML front matter block at the start of lines and
// returns the lines after it. Without a closing line, there is no front
// matter and lines are returned unchanged.
func (p *mdParser) frontMatter(lines []string) []string {
	if len(lines) == 0 || strings.TrimRight(lines[0], " \t") != "---" {
		return lines
	}
	for i := 1; i < len(lines); i++ {
		if end := strings.TrimRight(lines[i], " \t"); end == "---" || end == "..." {
			p.meta = parseFrontMatter(lines[1:i])
			p.title = normalizeSpace(p.meta["title"])
			return lines[i+1:]
		}
	}
	return lines
}

// frontMatterLine matches a top-level "key: value" line of YAML.
var frontMatterLine = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)$`)

// blockScalarHeader matches the value of a key whose value is a YAML block
// scalar: "|" (literal) or ">" (folded), maybe with a chomping and an
// indentation indicator and a comment.
var blockScalarHeader = regexp.MustCompile(`^[|>](?:[-+]?[1-9]?|[1-9][-+])[ \t]*(?:#.*)?$`)

// parseFrontMatter returns the scalar values of the top-level keys in
// lines, with lower-case keys. Quoted values are unquoted, and a plain or
// quoted value goes on over the indented lines after it, joined with
// spaces, unless it ends in a comment. A literal ("|") or folded (">") block
// scalar gives the text of its indented lines (see blockScalarText). The
// caller normalizes white space, so both block styles give the same text.
// Lists and maps are left out.
func parseFrontMatter(lines []string) map[string]string {
	meta := map[string]string{}
	for i := 0; i < len(lines); i++ {
		m := frontMatterLine.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		key, value := strings.ToLower(m[1]), strings.TrimSpace(m[2])
		more := indentedLines(lines[i+1:])
		if blockScalarHeader.MatchString(value) {
			i += len(more)
			if text := blockScalarText(more); text != "" {
				meta[key] = text
			}
			continue
		}
		if value != "" && !strings.Contains(value, " #") {
			for _, line := range more {
				if strings.TrimSpace(line) == "" {
					break
				}
				value += " " + strings.TrimSpace(line)
				i++
			}
		}
		if v, ok := yamlScalar(value); ok {
			meta[key] = v
		}
	}
	return meta
}

// indentedLines returns the lines at the start of lines that are blank or
// indented, without the blank lines at the end of them.
func indentedLines(lines []string) []string {
	n := 0
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			break
		}
		n = i + 1
	}
	return lines[:n]
}

// blockScalarText returns the text of the lines of a block scalar: its
// paragraphs, separated by blank lines in lines, joined by "\n\n", with the
// lines of each paragraph trimmed and joined by "\n".
func blockScalarText(lines []string) string {
	var paragraphs []string
	var cur []string
	for i, line := range lines {
		if line = strings.TrimSpace(line); line != "" {
			cur = append(cur, line)
		}
		if (line == "" || i == len(lines)-1) && len(cur) > 0 {
			paragraphs = append(paragraphs, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	return strings.Join(paragraphs, "\n\n")
}

// yamlScalar returns the plain or quoted YAML scalar v, and false for an
// empty value, a block scalar, a flow list or map, or an unclosed quote.
func yamlScalar(v string) (string, bool) {
	switch {
	case v == "" || strings.ContainsAny(v[:1], "|>[{&*!"):
		return "", false
	case v[0] == '"':
		if s, err := strconv.Unquote(v); err == nil {
			return s, true
		}
		end := strings.LastIndexByte(v, '"')
		if end <= 0 {
			return "", false
		}
		return v[1:end], true
	case v[0] == '\'':
		end := strings.LastIndexByte(v, '\'')
		if end <= 0 {
			return "", false
		}
		return strings.ReplaceAll(v[1:end], "''", "'"), true
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v, v != ""
}

// document builds the document from the collected blocks.
func (p *mdParser) document() Document {
	doc := Document{Format: FormatMarkdown, Title: p.title}
	if p.meta != nil {
		doc.DOI = normalizeDOI(strings.TrimPrefix(strings.TrimPrefix(p.meta["doi"], "https://doi.org/"), "http://doi.org/"))
		doc.License = normalizeSpace(firstNonEmpty(p.meta["license"], p.meta["licence"]))
		doc.Year = parseYear(p.meta["year"])
		if match := yearPattern.FindStringSubmatch(p.meta["date"]); doc.Year == 0 && match != nil {
			doc.Year = parseYear(match[1])
		}
	}

	var b docBuilder
	b.add(KindTitle, "", doc.Title)
	var abstract []string
	for _, text := range p.frontMatterAbstract() {
		b.add(KindAbstract, "", text)
		abstract = append(abstract, text)
	}
	for _, bl := range p.blocks {
		b.add(bl.kind, bl.section, bl.text)
		if bl.kind == KindAbstract {
			abstract = append(abstract, bl.text)
		}
	}
	doc.Abstract = strings.Join(abstract, paragraphSeparator)
	doc.Text, doc.Paragraphs = b.text.String(), b.paragraphs
	return doc
}

// frontMatterAbstract returns the paragraphs of the front matter value
// abstract, with inline markup stripped as in the body, unless the body has
// an abstract section, which takes its place. Paragraphs are separated by
// blank lines in a block scalar.
func (p *mdParser) frontMatterAbstract() []string {
	if p.sawAbstract {
		return nil
	}
	var texts []string
	for _, paragraph := range strings.Split(p.meta["abstract"], "\n\n") {
		if text := mdInline(paragraph); text != "" {
			texts = append(texts, text)
		}
	}
	return texts
}

// Block patterns, matched against a line without its indentation.
var (
	atxHeading     = regexp.MustCompile(`^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	codeFence      = regexp.MustCompile("^(`{3,}|~{3,})")
	thematicBreak  = regexp.MustCompile(`^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	setextLine     = regexp.MustCompile(`^(=+|-+)[ \t]*$`)
	listMarker     = regexp.MustCompile(`^([-+*]|([0-9]{1,9})[.)])([ \t]+|$)`)
	footnoteDef    = regexp.MustCompile(`^\[\^[^\]]+\]:`)
	linkDefinition = regexp.MustCompile(`^\[[^\]]+\]:[ \t]*\S`)
	tableDelimiter = regexp.MustCompile(`^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
)

// line reads one line of the document body.
func (p *mdParser) line(raw string) {
	indent, content := unquote(raw)
	if p.inOpenBlock(raw, content) {
		return
	}
	if content == "" {
		p.flush()
		return
	}
	if p.listIndent >= 0 && indent < p.listIndent && len(p.para) == 0 {
		p.listIndent = -1 // the list has ended, unless this line starts a new item
	}
	base := 0
	if p.listIndent >= 0 && indent >= p.listIndent {
		base = p.listIndent
	}
	if indent-base >= 4 && len(p.para) == 0 {
		return // an indented code block
	}
	if !p.blockStart(content, indent) {
		p.text(content)
	}
}

// unquote returns the indentation and the content of a line without the
// markers of the block quotes it is in, which are read as if they were not
// there.
func unquote(raw string) (int, string) {
	indent, content := splitIndent(raw)
	for strings.HasPrefix(content, ">") && indent < 4 {
		indent, content = splitIndent(strings.TrimPrefix(content[1:], " "))
	}
	return indent, content
}

// inOpenBlock reads a line, raw as it is and content without its
// indentation and quote markers, as part of an open code fence, HTML block
// or table, and reports whether it was one.
func (p *mdParser) inOpenBlock(raw, content string) bool {
	blank := content == ""
	switch {
	case p.fence != "":
		if strings.HasPrefix(content, p.fence) && strings.Trim(content, p.fence[:1]+" \t") == "" {
			p.fence = ""
		}
	case p.htmlEnd == "\n":
		if blank {
			p.htmlEnd = ""
		}
	case p.htmlEnd != "":
		if strings.Contains(strings.ToLower(raw), p.htmlEnd) {
			p.htmlEnd = ""
		}
	case p.inTable:
		p.inTable = !blank
	default:
		return false
	}
	return true
}

// blockStart handles content when it starts a heading, a fence, a
// thematic break, an HTML block, a definition or a list item, and reports
// whether it did.
func (p *mdParser) blockStart(content string, indent int) bool {
	switch {
	case atxHeading.MatchString(content):
		p.flush()
		m := atxHeading.FindStringSubmatch(content)
		p.heading(len(m[1]), m[2])
	case codeFence.MatchString(content) && !(content[0] == '`' && strings.Contains(strings.TrimLeft(content, "`"), "`")):
		p.flush()
		p.fence = codeFence.FindString(content)
	case len(p.para) > 0 && !p.paraItem && !p.dropPara && setextLine.MatchString(content):
		level := 1
		if content[0] == '-' {
			level = 2
		}
		lines := p.para
		p.para = nil
		p.heading(level, strings.Join(lines, "\n"))
	case thematicBreak.MatchString(content):
		p.flush()
	case p.htmlBlock(content):
	case footnoteDef.MatchString(content):
		p.flush()
		p.dropPara = true
		p.para = append(p.para, content)
	case len(p.para) == 0 && linkDefinition.MatchString(content):
	default:
		return p.listItem(content, indent)
	}
	return true
}

// listItem starts a list item when content starts with a list marker, and
// reports whether it did. As in CommonMark, an ordered item interrupts a
// paragraph only when it starts at 1, and no empty item does.
func (p *mdParser) listItem(content string, indent int) bool {
	m := listMarker.FindStringSubmatch(content)
	if m == nil {
		return false
	}
	rest := content[len(m[0]):]
	if len(p.para) > 0 && !p.paraItem && (rest == "" || (m[2] != "" && m[2] != "1")) {
		return false
	}
	p.flush()
	gap := len(m[3])
	if gap > 4 || rest == "" {
		gap = 1
	}
	p.listIndent = indent + len(m[1]) + gap
	p.paraItem = true
	if rest != "" {
		p.para = append(p.para, strings.TrimSpace(rest))
	}
	return true
}

// text adds a line of paragraph text: a continuation of the open
// paragraph, or the start of a new one.
func (p *mdParser) text(content string) {
	p.para = append(p.para, strings.TrimRight(content, " \t"))
}

// htmlBlockTags are the tags that start an HTML block even inside a
// paragraph (CommonMark HTML block type 6).
var htmlBlockTags = setOf("address", "article", "aside", "base", "basefont", "blockquote", "body", "caption",
	"center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
	"figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
	"html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup",
	"option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
	"title", "tr", "track", "ul")

// htmlBlockStart matches the start of a line that may open an HTML block:
// the tag name is the second group.
var htmlBlockStart = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9-]*)`)

// htmlWholeTag matches a line that is one complete open or close tag
// (CommonMark HTML block type 7).
var htmlWholeTag = regexp.MustCompile(`^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>` + "`" + `]+|'[^']*'|"[^"]*"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)\s*$`)

// htmlBlock starts an HTML block when content opens one, and reports
// whether it did. Blocks of script, pre, style and textarea end at their
// closing tag, comments at "-->", processing instructions at "?>",
// declarations at ">", and other blocks at a blank line.
func (p *mdParser) htmlBlock(content string) bool {
	lower := strings.ToLower(content)
	end := ""
	switch {
	case !strings.HasPrefix(content, "<"):
		return false
	case strings.HasPrefix(content, "<!--"):
		end = "-->"
	case strings.HasPrefix(content, "<?"):
		end = "?>"
	case strings.HasPrefix(content, "<![CDATA["):
		end = "]]>"
	case len(content) > 2 && content[1] == '!' && isASCIILetter(rune(content[2])):
		end = ">"
	default:
		m := htmlBlockStart.FindStringSubmatch(lower)
		switch {
		case m == nil:
			return false
		case m[1] == "" && (m[2] == "script" || m[2] == "pre" || m[2] == "style" || m[2] == "textarea"):
			end = "</" + m[2] + ">"
		case htmlBlockTags[m[2]] || (len(p.para) == 0 && htmlWholeTag.MatchString(content)):
			end = "\n"
		default:
			return false
		}
	}
	p.flush()
	if end == "\n" || !strings.Contains(lower[1:], end) {
		p.htmlEnd = end
	}
	return true
}

// tableStart starts a table when lines[i] is a table header row: it has a
// "|", and lines[i+1] is a delimiter row with as many cells. It reports
// whether it did.
func (p *mdParser) tableStart(lines []string, i int) bool {
	if p.fence != "" || p.htmlEnd != "" || p.inTable || i+1 >= len(lines) || !strings.Contains(lines[i], "|") {
		return false
	}
	_, header := splitIndent(lines[i])
	_, delimiter := splitIndent(lines[i+1])
	if !tableDelimiter.MatchString(delimiter) || tableCells(header) != tableCells(delimiter) {
		return false
	}
	p.flush()
	p.inTable = true
	return true
}

// tableCells returns the number of cells of a table row: the parts between
// "|" characters that are not escaped, without a leading and a trailing
// "|".
func tableCells(row string) int {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	return len(splitWebAnno(row))
}

// heading handles a heading of the given level and raw text: the title,
// the start of the abstract, or a KindHeading paragraph.
func (p *mdParser) heading(level int, raw string) {
	text := mdInline(raw)
	if p.abstractLevel > 0 && level <= p.abstractLevel {
		p.abstractLevel = 0
	}
	switch key := headingKey(text); {
	case text == "":
	case level == 1 && p.title == "":
		p.title = text
	case level == 1 && len(p.blocks) == 0 && strings.EqualFold(text, p.title):
		// The front matter title repeated as the first heading.
	case key == "abstract" && !p.sawAbstract:
		p.abstractLevel, p.sawAbstract = level, true
	default:
		p.section = text
		p.blocks = append(p.blocks, block{kind: KindHeading, section: text, text: text})
	}
}

// flush ends the open paragraph and adds it.
func (p *mdParser) flush() {
	lines, drop := p.para, p.dropPara
	p.para, p.paraItem, p.dropPara = nil, false, false
	if len(lines) == 0 || drop {
		return
	}
	text := mdInline(strings.Join(lines, "\n"))
	if text == "" {
		return
	}
	kind := KindBody
	if p.abstractLevel > 0 {
		kind = KindAbstract
	}
	p.blocks = append(p.blocks, block{kind: kind, section: p.section, text: text})
}

// splitIndent returns the indentation of line in columns, with tabs to the
// next multiple of 4, and the rest of the line.
func splitIndent(line string) (int, string) {
	cols := 0
	for i, r := range line {
		switch r {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return cols, line[i:]
		}
	}
	return cols, ""
}

// maxInlineDepth caps the nesting of links whose text mdInline reads;
// deeper link text is kept as it is.
const maxInlineDepth = 32

// maxLinkTail caps the bytes after "]" that mdInline scans for a link
// destination, so that many unclosed links cannot make it quadratic.
const maxLinkTail = 2048

// Inline patterns, matched at the start of the rest of a paragraph.
var (
	autolink  = regexp.MustCompile(`^<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>`)
	emailLink = regexp.MustCompile(`^<[A-Za-z0-9.!#$%&'*+/=?^_` + "`" + `{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>`)
	inlineTag = regexp.MustCompile(`^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>` + "`" + `]+|'[^']*'|"[^"]*"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>|(?s:<!--.*?-->))`)
	entityRef = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// maxTagBytes caps the bytes after "<" that mdInline matches against an
// autolink or an inline tag.
const maxTagBytes = 4096

// mdInline returns the text of a Markdown paragraph without its inline
// markup, with white space normalized. Emphasis and strikethrough
// delimiters that pair up are removed. Code spans, links and reference
// links keep their text, and autolinks keep the URL. Images, footnote
// references, inline HTML tags and comments are removed. Backslash escapes
// and entities give their character. Brackets
// that form no link, such as a citation "[12]", are kept.
func mdInline(s string) string {
	return normalizeSpace(mdInlineDepth(s, 0))
}

// mdPiece is literal text or a run of emphasis delimiters.
type mdPiece struct {
	text              string
	delim             byte // '*', '_' or '~' for a delimiter run; 0 for text
	canOpen, canClose bool
	matched           bool
}

// mdInlineDepth is mdInline without the white space normalization, for
// link text nested depth deep.
func mdInlineDepth(s string, depth int) string {
	sc := mdScanner{s: s, depth: depth, brackets: matchBrackets(s)}
	for sc.i < len(s) {
		sc.next()
	}
	sc.flushText()
	return renderPieces(sc.pieces)
}

// mdScanner splits a paragraph into pieces.
type mdScanner struct {
	s        string
	i        int
	depth    int
	brackets map[int]int // index of the matching "]" by index of "["
	text     strings.Builder
	pieces   []mdPiece
}

func (sc *mdScanner) flushText() {
	if sc.text.Len() > 0 {
		sc.pieces = append(sc.pieces, mdPiece{text: sc.text.String()})
		sc.text.Reset()
	}
}

// next reads the construct that starts at sc.i.
func (sc *mdScanner) next() {
	s, i := sc.s, sc.i
	switch c := s[i]; {
	case c == '\\' && i+1 < len(s) && (isASCIIPunct(s[i+1]) || s[i+1] == '\n'):
		sc.text.WriteByte(s[i+1])
		sc.i += 2
	case c == '`':
		sc.codeSpan()
	case c == '!' && i+1 < len(s) && s[i+1] == '[' && sc.link(i+1, false):
	case c == '[' && sc.link(i, true):
	case c == '<':
		sc.angle()
	case c == '&':
		sc.entity()
	case c == '*' || c == '_' || c == '~':
		sc.delimiterRun()
	default:
		sc.text.WriteByte(c)
		sc.i++
	}
}

// codeSpan reads a code span, or a backtick run without a closing run of
// the same length, which stays literal.
func (sc *mdScanner) codeSpan() {
	s, i := sc.s, sc.i
	n := 0
	for i+n < len(s) && s[i+n] == '`' {
		n++
	}
	run := s[i : i+n]
	for j := i + n; j < len(s); {
		k := strings.Index(s[j:], run)
		if k < 0 {
			break
		}
		end := j + k
		m := 0
		for end+m < len(s) && s[end+m] == '`' {
			m++
		}
		if m == n {
			code := strings.ReplaceAll(s[i+n:end], "\n", " ")
			if len(code) > 1 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
				code = code[1 : len(code)-1]
			}
			sc.text.WriteString(code)
			sc.i = end + m
			return
		}
		j = end + m
	}
	sc.text.WriteString(run)
	sc.i += n
}

// link reads a link (keep is true) or an image (keep is false) whose "["
// is at open, and reports whether there was one. A link keeps its text, and an
// image and a footnote reference "[^…]" are removed.
func (sc *mdScanner) link(open int, keep bool) bool {
	closing, ok := sc.brackets[open]
	if !ok {
		return false
	}
	if keep && closing > open+1 && sc.s[open+1] == '^' {
		sc.i = closing + 1 // a footnote reference
		return true
	}
	end, ok := linkTail(sc.s, closing+1)
	if !ok {
		return false
	}
	if keep {
		inner := sc.s[open+1 : closing]
		if sc.depth < maxInlineDepth {
			inner = mdInlineDepth(inner, sc.depth+1)
		}
		sc.text.WriteString(inner)
	}
	sc.i = end
	return true
}

// linkTail returns the index after the destination "(…)" or the
// reference label "[…]" that starts at j, and false when there is none.
func linkTail(s string, j int) (int, bool) {
	if j >= len(s) || (s[j] != '(' && s[j] != '[') {
		return 0, false
	}
	closer := byte(')')
	if s[j] == '[' {
		closer = ']'
	}
	depth := 0
	for k := j; k < len(s) && k-j <= maxLinkTail; k++ {
		switch s[k] {
		case '\\':
			k++
		case s[j]:
			depth++
		case closer:
			if depth--; depth == 0 {
				return k + 1, true
			}
		}
	}
	return 0, false
}

// matchBrackets returns the index of the matching "]" of each "[" in s
// that has one, skipping escaped brackets.
func matchBrackets(s string) map[int]int {
	var stack []int
	var match map[int]int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			stack = append(stack, i)
		case ']':
			if len(stack) > 0 {
				if match == nil {
					match = map[int]int{}
				}
				match[stack[len(stack)-1]] = i
				stack = stack[:len(stack)-1]
			}
		}
	}
	return match
}

// angle reads an autolink, which keeps its URL, an inline HTML tag or
// comment, which is removed, or a literal "<".
func (sc *mdScanner) angle() {
	rest := sc.s[sc.i:min(len(sc.s), sc.i+maxTagBytes)]
	if m := firstMatch(rest, autolink, emailLink); m != "" {
		sc.text.WriteString(m[1 : len(m)-1])
		sc.i += len(m)
		return
	}
	if m := inlineTag.FindString(rest); m != "" {
		sc.i += len(m)
		return
	}
	sc.text.WriteByte('<')
	sc.i++
}

func firstMatch(s string, patterns ...*regexp.Regexp) string {
	for _, p := range patterns {
		if m := p.FindString(s); m != "" {
			return m
		}
	}
	return ""
}

// entity reads an HTML entity such as "&amp;" or "&#176;", or a literal
// "&".
func (sc *mdScanner) entity() {
	rest := sc.s[sc.i:min(len(sc.s), sc.i+40)]
	if m := entityRef.FindString(rest); m != "" {
		sc.text.WriteString(html.UnescapeString(m))
		sc.i += len(m)
		return
	}
	sc.text.WriteByte('&')
	sc.i++
}

// delimiterRun reads a run of "*", "_" or "~" and decides, as CommonMark
// does from the characters around it, whether it can open or close
// emphasis.
func (sc *mdScanner) delimiterRun() {
	s, i := sc.s, sc.i
	c := s[i]
	j := i
	for j < len(s) && s[j] == c {
		j++
	}
	before, after := ' ', ' '
	if i > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if j < len(s) {
		after, _ = utf8.DecodeRuneInString(s[j:])
	}
	left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
	right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
	piece := mdPiece{text: s[i:j], delim: c, canOpen: left, canClose: right}
	if c == '_' {
		piece.canOpen = left && (!right || isPunct(before))
		piece.canClose = right && (!left || isPunct(after))
	}
	sc.flushText()
	sc.pieces = append(sc.pieces, piece)
	sc.i = j
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func isASCIIPunct(c byte) bool { return c < utf8.RuneSelf && isPunct(rune(c)) }

// renderPieces pairs each closing delimiter run with the nearest open
// run of the same character, removes the pairs and joins the rest.
func renderPieces(pieces []mdPiece) string {
	open := map[byte][]int{}
	for i := range pieces {
		p := &pieces[i]
		if p.delim == 0 {
			continue
		}
		if stack := open[p.delim]; p.canClose && len(stack) > 0 {
			opener := stack[len(stack)-1]
			open[p.delim] = stack[:len(stack)-1]
			pieces[opener].matched, p.matched = true, true
			continue
		}
		if p.canOpen {
			open[p.delim] = append(open[p.delim], i)
		}
	}
	var b strings.Builder
	for _, p := range pieces {
		if !p.matched {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// splitLines splits s at "\n", "\r\n" and "\r".
func splitLines(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
}
