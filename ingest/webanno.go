package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/litmine/litmine/datasets"
)

// webannoMagic starts the first line of every WebAnno TSV file, and the
// version follows it, as in "#FORMAT=WebAnno TSV 3.3".
const webannoMagic = "#FORMAT=WebAnno TSV"

// isWebAnno reports whether head, the first bytes of a file, starts with
// the WebAnno TSV format line, after an optional byte order mark.
func isWebAnno(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimPrefix(head, utf8BOM), []byte(webannoMagic))
}

// webannoLayer is one annotation layer that a "#T_SP=", "#T_CH=" or
// "#T_RL=" header line declares.
type webannoLayer struct {
	kind    string // "SP" (span), "CH" (chain) or "RL" (relation)
	name    string // the UIMA type name, such as "webanno.custom.DemoNERRE"
	column  int    // index of the layer's first column in a token row
	columns int    // number of columns of the layer
	target  string // type name of the span layer that a relation layer links; empty for others
}

// label returns the short name of the layer, used as the label of an
// annotation without a feature value ("*").
func (l webannoLayer) label() string { return l.name[strings.LastIndex(l.name, ".")+1:] }

// webannoToken is one token or sub-token row. begin16 and end16 are the
// offsets of the row in UTF-16 code units, as WebAnno counts them. start
// and end are the matching code point offsets into the rebuilt text.
type webannoToken struct {
	id             string // "3-7", or "3-7.1" for a sub-token
	line           int
	begin16, end16 int
	text           string
	fields         []string // the annotation columns
	start, end     int
	sub            bool
	sentence       int // index into webannoParser.sentences
}

// webannoSentence is one sentence: its "#Text=" lines joined by "\n", with
// WebAnno's escapes undone, and the indexes of its rows.
type webannoSentence struct {
	text   string
	tokens []int
}

// webannoParser rebuilds the text and the annotations of one WebAnno TSV
// file.
type webannoParser struct {
	layers    []webannoLayer
	columns   int // annotation columns in each token row
	sentences []webannoSentence
	tokens    []webannoToken
	byID      map[string]int // token index by row id
	lastToken int            // index of the last row that is not a sub-token; -1 before the first
	issues    []*lineError   // annotations left out
}

// parseWebAnno reads a WebAnno TSV 3.x file, as INCEpTION and WebAnno
// export it. name is the file name without extension.
//
// The text is rebuilt so that the file's character offsets index it. The
// "#Text=" lines of a sentence, with WebAnno's backslash escapes undone and
// joined by "\n", are placed at the offset of the sentence's first token,
// and the gap before a sentence is filled with newlines. When a sentence
// text does not match its tokens, the tokens are placed at their offsets
// with spaces between them. WebAnno counts offsets in UTF-16 code units,
// and the document's offsets are code points, as everywhere in litmine.
// Each sentence is a KindBody paragraph, because the format does not record
// where the paragraphs of the source end. The document has no title, and
// its DOI or arXiv id comes from name (see webannoNameIDs).
//
// The annotations become Gold, as brat annotations do. Each span
// annotation (one row, or the rows that share a "[n]" id) is a span whose
// label is the value of its layer's first feature. Spans get the ids T1,
// T2, … in the order of their first row. Each relation is a relation R1, R2, … whose
// Arg1 is the governor, the span at the row that the relation's "BT_"
// column names, and whose Arg2 is the dependent, the span at the row
// that holds the relation. Chain layers (coreference chains) are not read.
//
// A file that does not start with a WebAnno TSV 3 format line, a row with
// the wrong number of columns, an invalid row id or offsets, and rows out
// of order are errors that wrap datasets.ErrMalformed (or ErrUnsupported
// for another version of the format). An annotation that cannot be
// resolved is left out and returned as an issue with its line.
func parseWebAnno(text, name string) (Document, []*lineError, error) {
	p := &webannoParser{byID: map[string]int{}, lastToken: -1}
	if err := p.parseLines(text); err != nil {
		return Document{}, nil, err
	}
	doc, err := p.buildText()
	if err != nil {
		return Document{}, nil, err
	}
	doc.Gold = &datasets.BratDocument{Name: name, Text: doc.Text}
	spans := p.addSpans(doc.Gold)
	p.addRelations(doc.Gold, spans)
	doc.DOI, doc.ArxivID = webannoNameIDs(name)
	return doc, p.issues, nil
}

// webannoNameIDs returns the DOI or the arXiv id that a file name stands
// for, following the PcMSP corpus, which names each file after its
// article: a DOI with its first "/" replaced by "_" ("10.1016_j.jmat.2018.12.002")
// or an arXiv id ("0807.1203"). Other names give neither.
func webannoNameIDs(name string) (doi, arxiv string) {
	if strings.HasPrefix(name, "10.") {
		if candidate := strings.Replace(name, "_", "/", 1); isDOI(candidate) {
			return normalizeDOI(candidate), ""
		}
	}
	return "", normalizeArxivID(name)
}

// parseLines reads the header, the sentences and the token rows.
func (p *webannoParser) parseLines(text string) error {
	lines := strings.Split(strings.TrimPrefix(text, "\uFEFF"), "\n")
	first := strings.TrimRight(lines[0], "\r")
	if !strings.HasPrefix(first, webannoMagic) {
		return &lineError{1, fmt.Errorf("%w: first line is %.40q, want %q", datasets.ErrMalformed, first, webannoMagic+" 3.x")}
	}
	if version := strings.TrimSpace(strings.TrimPrefix(first, webannoMagic)); !strings.HasPrefix(version, "3") {
		return &lineError{1, fmt.Errorf("%w: WebAnno TSV version %q; only 3.x is read, so export the file again as WebAnno TSV 3", ErrUnsupported, version)}
	}

	inText := false // the previous line was a "#Text=" line
	for i, line := range lines[1:] {
		lineNo := i + 2
		line = strings.TrimRight(line, "\r")
		var err error
		switch {
		case strings.HasPrefix(line, "#Text="):
			p.addText(line[len("#Text="):], inText)
		case strings.HasPrefix(line, "#T_"):
			err = p.addLayer(line)
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			err = p.addRow(line, lineNo)
		}
		if err != nil {
			return &lineError{lineNo, err}
		}
		inText = strings.HasPrefix(line, "#Text=")
	}
	return nil
}

// addText adds a "#Text=" line: a new sentence, or the next line of the
// current sentence when the previous line was a "#Text=" line too.
func (p *webannoParser) addText(raw string, continued bool) {
	text := unescapeWebAnno(raw)
	if continued && len(p.sentences) > 0 {
		p.sentences[len(p.sentences)-1].text += "\n" + text
		return
	}
	p.sentences = append(p.sentences, webannoSentence{text: text})
}

// addLayer reads a layer header such as
// "#T_RL=webanno.custom.Rel|label|BT_webanno.custom.Span".
func (p *webannoParser) addLayer(line string) error {
	if len(p.tokens) > 0 {
		return fmt.Errorf("%w: layer header after the first token row", datasets.ErrMalformed)
	}
	kind, spec, ok := strings.Cut(strings.TrimPrefix(line, "#T_"), "=")
	if !ok || (kind != "SP" && kind != "CH" && kind != "RL") {
		return fmt.Errorf("%w: invalid layer header %.60q; want #T_SP=, #T_CH= or #T_RL=", datasets.ErrMalformed, line)
	}
	parts := strings.Split(spec, "|")
	// NOTE: a layer header without features is read as one column. PcMSP has
	// no such layer, so this follows the format description untested.
	layer := webannoLayer{kind: kind, name: parts[0], column: p.columns, columns: max(1, len(parts)-1)}
	if kind == "RL" {
		last := parts[len(parts)-1]
		if len(parts) < 2 || !strings.HasPrefix(last, "BT_") {
			return fmt.Errorf("%w: relation layer %q has no BT_ column", datasets.ErrMalformed, parts[0])
		}
		layer.target = strings.TrimPrefix(last, "BT_")
	}
	p.layers = append(p.layers, layer)
	p.columns += layer.columns
	return nil
}

// rowIDPattern matches the id of a token row ("3-7") or a sub-token row
// ("3-7.1").
var rowIDPattern = regexp.MustCompile(`^[0-9]+-[0-9]+(\.[0-9]+)?$`)

// addRow reads a token row: id, offsets, token text and one column per
// layer column, with an optional empty last column.
func (p *webannoParser) addRow(line string, lineNo int) error {
	fields := strings.Split(line, "\t")
	if len(fields) == 3+p.columns+1 && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	if len(fields) != 3+p.columns {
		return fmt.Errorf("%w: token row has %d columns, want %d for the declared layers", datasets.ErrMalformed, len(fields), 3+p.columns)
	}
	if !rowIDPattern.MatchString(fields[0]) {
		return fmt.Errorf("%w: invalid token id %.30q; want sentence-token, such as 1-3", datasets.ErrMalformed, fields[0])
	}
	begin, end, err := parseWebAnnoOffsets(fields[1])
	if err != nil {
		return err
	}
	if _, dup := p.byID[fields[0]]; dup {
		return fmt.Errorf("%w: token id %s appears twice", datasets.ErrMalformed, fields[0])
	}
	if len(p.sentences) == 0 {
		return fmt.Errorf("%w: token row before the first #Text= line", datasets.ErrMalformed)
	}

	tok := webannoToken{id: fields[0], line: lineNo, begin16: begin, end16: end, text: fields[2],
		fields: fields[3:], sub: strings.Contains(fields[0], "."), sentence: len(p.sentences) - 1}
	if err := p.checkOrder(tok); err != nil {
		return err
	}
	p.byID[tok.id] = len(p.tokens)
	if !tok.sub {
		p.lastToken = len(p.tokens)
	}
	p.tokens = append(p.tokens, tok)
	sent := &p.sentences[tok.sentence]
	sent.tokens = append(sent.tokens, len(p.tokens)-1)
	return nil
}

// parseWebAnnoOffsets parses "begin-end".
func parseWebAnnoOffsets(s string) (begin, end int, err error) {
	b, e, ok := strings.Cut(s, "-")
	begin, err1 := strconv.Atoi(b)
	end, err2 := strconv.Atoi(e)
	if !ok || err1 != nil || err2 != nil || begin < 0 || end < begin {
		return 0, 0, fmt.Errorf("%w: invalid offsets %.30q; want begin-end", datasets.ErrMalformed, s)
	}
	return begin, end, nil
}

// checkOrder checks that a token row starts at or after the end of the
// previous token, and that a sub-token row lies inside the token before it.
func (p *webannoParser) checkOrder(tok webannoToken) error {
	last := p.lastToken
	switch {
	case tok.sub && (last < 0 || tok.begin16 < p.tokens[last].begin16 || tok.end16 > p.tokens[last].end16):
		return fmt.Errorf("%w: sub-token %s at %d-%d is not inside the token before it", datasets.ErrMalformed, tok.id, tok.begin16, tok.end16)
	case !tok.sub && last >= 0 && tok.begin16 < p.tokens[last].end16:
		return fmt.Errorf("%w: token %s starts at %d, before the end %d of token %s", datasets.ErrMalformed,
			tok.id, tok.begin16, p.tokens[last].end16, p.tokens[last].id)
	}
	return nil
}

// unescapeWebAnno undoes WebAnno's backslash escapes in a sentence text or
// a feature value: "\r", "\n" and "\t" stand for a carriage return, a line
// feed and a tab, and a backslash before any other character stands for
// that character. A backslash at the end is kept.
func unescapeWebAnno(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			switch r {
			case 'r':
				r = '\r'
			case 'n':
				r = '\n'
			case 't':
				r = '\t'
			}
			b.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		default:
			b.WriteRune(r)
		}
	}
	if escaped {
		b.WriteByte('\\')
	}
	return b.String()
}

// splitWebAnno splits a column value at the "|" characters that are not
// escaped.
func splitWebAnno(s string) []string {
	var parts []string
	start, escaped := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case escaped:
			escaped = false
		case s[i] == '\\':
			escaped = true
		case s[i] == '|':
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// webannoStem returns the file name of path without ".gz" and its
// extension, as the gold document name.
func webannoStem(path string) string {
	name := baseName(path)
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// lineError is an error at a 1-based line of a file, which readers report
// as a Problem at that line.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

func (e *lineError) Unwrap() error { return e.err }

// errWebAnnoRef is wrapped by the issues about annotations that refer to
// rows or ids that do not exist.
var errWebAnnoRef = errors.New("unresolved WebAnno reference")

// readWebAnno reads one WebAnno TSV file and emits its document with gold
// annotations. Each annotation that parseWebAnno leaves out is reported as
// a Problem at its line, and the document is kept.
//
// A file that does not start with the WebAnno format line, such as a table
// of metadata named .tsv, is skipped without a Problem when a directory
// walk found it (cfg.root is set), and reported when it was named.
func readWebAnno(src *source, cfg ReadConfig, s sink) error {
	head, _ := src.Peek(len(utf8BOM) + len(webannoMagic))
	if !isWebAnno(head) {
		if cfg.root == "" {
			s.problem(src.path, 0, "", fmt.Errorf("%w: the file is read as WebAnno TSV, by its .tsv name or the format setting, but its first line is not %q; set the format explicitly to read it as another format",
				datasets.ErrMalformed, webannoMagic+" 3.x"))
		}
		return nil
	}
	data, err := readRecord(src, cfg.MaxRecordBytes)
	if err != nil {
		s.problem(src.path, 0, "", err)
		return nil
	}
	doc, issues, err := parseWebAnno(string(data), webannoStem(src.path))
	if err != nil {
		s.problem(src.path, lineOf(err), "", err)
		return nil
	}
	doc.SourcePath = src.path
	doc.Format = FormatWebAnno
	id := DocumentID(doc)
	for _, issue := range issues {
		s.problem(src.path, issue.line, id, issue.err)
	}
	return s.document(doc)
}

// lineOf returns the line of a *lineError in err, else 0.
func lineOf(err error) int {
	var le *lineError
	if errors.As(err, &le) {
		return le.line
	}
	return 0
}

// webannoText builds a document text in which WebAnno's UTF-16 offsets can
// be found.
type webannoText struct {
	b     strings.Builder
	pos16 int // UTF-16 code units written
	chars int // code points written
}

// pad writes r, which must be one UTF-16 code unit long, until the text is
// to16 code units long.
func (t *webannoText) pad(to16 int, r rune) {
	for t.pos16 < to16 {
		t.b.WriteRune(r)
		t.pos16++
		t.chars++
	}
}

// buildText rebuilds the document text from the sentences and sets the code
// point offsets of every row. Each sentence with a row becomes a paragraph.
func (p *webannoParser) buildText() (Document, error) {
	var t webannoText
	var doc Document
	for i := range p.sentences {
		rows := p.sentences[i].tokens
		if len(rows) == 0 {
			continue
		}
		t.pad(p.tokens[rows[0]].begin16, '\n')
		segment, err := p.sentenceText(&p.sentences[i])
		if err != nil {
			return Document{}, err
		}
		start := t.chars
		if err := p.write(&t, segment, rows); err != nil {
			return Document{}, err
		}
		if para, ok := trimmedParagraph(segment, start); ok {
			doc.Paragraphs = append(doc.Paragraphs, para)
		}
	}
	doc.Text = t.b.String()
	return doc, nil
}

// sentenceText returns the text that spans a sentence's rows, from the
// start of its first token to the end of its last. It is the "#Text=" text
// when the tokens are found in it at their offsets. Otherwise it is the
// token texts placed at their offsets with spaces between them.
func (p *webannoParser) sentenceText(sent *webannoSentence) (string, error) {
	var rows []webannoToken
	for _, i := range sent.tokens {
		if !p.tokens[i].sub {
			rows = append(rows, p.tokens[i])
		}
	}
	base, end := rows[0].begin16, rows[len(rows)-1].end16
	text16 := utf16.Encode([]rune(sent.text))
	aligned := len(text16) == end-base
	for _, tok := range rows {
		if !aligned {
			break
		}
		aligned = slices.Equal(text16[tok.begin16-base:tok.end16-base], utf16.Encode([]rune(tok.text)))
	}
	if aligned {
		return sent.text, nil
	}

	var b strings.Builder
	pos := base
	for _, tok := range rows {
		if n := len(utf16.Encode([]rune(tok.text))); n != tok.end16-tok.begin16 {
			return "", &lineError{tok.line, fmt.Errorf("%w: token %q is %d UTF-16 code units long, but its offsets %d-%d span %d",
				datasets.ErrMalformed, tok.text, n, tok.begin16, tok.end16, tok.end16-tok.begin16)}
		}
		b.WriteString(strings.Repeat(" ", tok.begin16-pos))
		b.WriteString(tok.text)
		pos = tok.end16
	}
	return b.String(), nil
}

// write appends segment, the text of a sentence, to t and sets the code
// point offsets of the sentence's rows from their UTF-16 offsets.
func (p *webannoParser) write(t *webannoText, segment string, rows []int) error {
	chars := map[int]int{} // code point offset by UTF-16 offset, at the offsets the rows need
	for _, i := range rows {
		chars[p.tokens[i].begin16], chars[p.tokens[i].end16] = -1, -1
	}
	for _, r := range segment {
		if _, ok := chars[t.pos16]; ok {
			chars[t.pos16] = t.chars
		}
		t.b.WriteRune(r)
		t.pos16 += utf16.RuneLen(r)
		t.chars++
	}
	if _, ok := chars[t.pos16]; ok {
		chars[t.pos16] = t.chars
	}

	for _, i := range rows {
		tok := &p.tokens[i]
		tok.start, tok.end = chars[tok.begin16], chars[tok.end16]
		if tok.start < 0 || tok.end < 0 {
			return &lineError{tok.line, fmt.Errorf("%w: offsets %d-%d of token %s split a character that needs two UTF-16 code units",
				datasets.ErrMalformed, tok.begin16, tok.end16, tok.id)}
		}
	}
	return nil
}

// trimmedParagraph returns the paragraph of a sentence text that starts at
// code point offset start, without white space at either end, and false
// when the text is blank.
func trimmedParagraph(segment string, start int) (Paragraph, bool) {
	trimmed := strings.TrimLeftFunc(segment, unicode.IsSpace)
	lead := utf8.RuneCountInString(segment) - utf8.RuneCountInString(trimmed)
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	if trimmed == "" {
		return Paragraph{}, false
	}
	begin := start + lead
	return Paragraph{Kind: KindBody, Start: begin, End: begin + utf8.RuneCountInString(trimmed)}, true
}

// webannoSpan is one span annotation while the gold spans are collected.
type webannoSpan struct {
	label      string
	start, end int // code point offsets
}

// spanAt is the key of the spans of one span layer at one row.
type spanAt struct{ layer, row int }

// spanID is the key of a span with a "[n]" id in one span layer.
type spanID struct{ layer, id int }

// webannoSpans indexes the span annotations of a file.
type webannoSpans struct {
	list   []webannoSpan
	atRow  map[spanAt][]int // spans that cover a row, in the order their values list them
	single map[spanAt]int   // the span without an id at a row
	byID   map[spanID]int
}

// spanItemPattern matches one span value: a label with an optional "[n]" id.
var spanItemPattern = regexp.MustCompile(`^(.*?)(?:\[([0-9]+)\])?$`)

// addSpans adds a gold span for each span annotation, in the order of its
// first row, and keeps the index for addRelations.
func (p *webannoParser) addSpans(gold *datasets.BratDocument) *webannoSpans {
	idx := &webannoSpans{atRow: map[spanAt][]int{}, single: map[spanAt]int{}, byID: map[spanID]int{}}
	for row, tok := range p.tokens {
		for li, layer := range p.layers {
			value := tok.fields[layer.column]
			if layer.kind != "SP" || value == "_" || value == "" {
				continue
			}
			for _, item := range splitWebAnno(value) {
				idx.add(spanAt{li, row}, item, layer, tok)
			}
		}
	}

	runes := []rune(gold.Text)
	for i, sp := range idx.list {
		gold.Spans = append(gold.Spans, datasets.BratSpan{ID: "T" + strconv.Itoa(i+1), Label: sp.label,
			Start: sp.start, End: sp.end, Text: string(runes[sp.start:sp.end])})
	}
	return idx
}

// add records the span value item of a row.
func (idx *webannoSpans) add(at spanAt, item string, layer webannoLayer, tok webannoToken) {
	m := spanItemPattern.FindStringSubmatch(item)
	label := unescapeWebAnno(m[1])
	if label == "" || label == "*" {
		label = layer.label()
	}
	id, _ := strconv.Atoi(m[2])
	if i, ok := idx.byID[spanID{at.layer, id}]; ok && id > 0 {
		sp := &idx.list[i]
		sp.start, sp.end = min(sp.start, tok.start), max(sp.end, tok.end)
		idx.atRow[at] = append(idx.atRow[at], i)
		return
	}

	idx.list = append(idx.list, webannoSpan{label: label, start: tok.start, end: tok.end})
	i := len(idx.list) - 1
	idx.atRow[at] = append(idx.atRow[at], i)
	if id > 0 {
		idx.byID[spanID{at.layer, id}] = i
	} else if _, ok := idx.single[at]; !ok {
		idx.single[at] = i
	}
}

// relationRefPattern matches the governor reference of a relation: a row id
// with an optional "[governor_dependent]" pair of span ids, where 0 stands
// for the span without an id at the row.
var relationRefPattern = regexp.MustCompile(`^([0-9]+-[0-9]+(?:\.[0-9]+)?)(?:\[([0-9]+)_([0-9]+)\])?$`)

// addRelations adds a gold relation for each relation annotation, in row
// order. A relation whose governor or dependent cannot be found is left out
// and recorded as an issue.
func (p *webannoParser) addRelations(gold *datasets.BratDocument, spans *webannoSpans) {
	for row, tok := range p.tokens {
		for _, layer := range p.layers {
			if layer.kind != "RL" || tok.fields[layer.column] == "_" || tok.fields[layer.column] == "" {
				continue
			}
			labels := splitWebAnno(tok.fields[layer.column])
			refs := splitWebAnno(tok.fields[layer.column+layer.columns-1])
			if layer.columns == 1 {
				// A layer without features has only the BT_ column.
				labels = make([]string, len(refs))
			}
			if len(labels) != len(refs) {
				p.issue(tok.line, "%w: %d relation labels but %d governor references", datasets.ErrMalformed, len(labels), len(refs))
				continue
			}
			for i := range refs {
				p.addRelation(gold, spans, layer, row, labels[i], refs[i])
			}
		}
	}
}

// addRelation adds one relation of layer held by row, or records why it
// cannot.
func (p *webannoParser) addRelation(gold *datasets.BratDocument, spans *webannoSpans, layer webannoLayer, row int, label, ref string) {
	tok := p.tokens[row]
	m := relationRefPattern.FindStringSubmatch(ref)
	if m == nil {
		p.issue(tok.line, "%w: invalid governor reference %.30q; want a row id such as 1-3, optionally with [n_m]", datasets.ErrMalformed, ref)
		return
	}
	target := slices.IndexFunc(p.layers, func(l webannoLayer) bool { return l.kind == "SP" && l.name == layer.target })
	govRow, ok := p.byID[m[1]]
	if target < 0 || !ok {
		p.issue(tok.line, "%w: relation %s refers to row %s of span layer %s, which the file does not have", errWebAnnoRef, layer.label(), m[1], layer.target)
		return
	}
	govID, _ := strconv.Atoi(m[2])
	depID, _ := strconv.Atoi(m[3])
	gov, ok1 := spans.find(spanAt{target, govRow}, govID)
	dep, ok2 := spans.find(spanAt{target, row}, depID)
	if !ok1 || !ok2 {
		p.issue(tok.line, "%w: relation %s from row %s to row %s: no span of layer %s at one of them", errWebAnnoRef, layer.label(), m[1], tok.id, layer.target)
		return
	}

	label = unescapeWebAnno(label)
	if label == "" || label == "*" {
		label = layer.label()
	}
	gold.Relations = append(gold.Relations, datasets.BratRelation{ID: "R" + strconv.Itoa(len(gold.Relations)+1), Type: label,
		Arg1: gold.Spans[gov].ID, Arg2: gold.Spans[dep].ID})
}

// find returns the span with the given "[n]" id, which must cover the row,
// or for id 0 the span without an id at the row, else the first span at
// the row.
func (idx *webannoSpans) find(at spanAt, id int) (int, bool) {
	if id > 0 {
		i, ok := idx.byID[spanID{at.layer, id}]
		return i, ok && slices.Contains(idx.atRow[at], i)
	}
	if i, ok := idx.single[at]; ok {
		return i, true
	}
	if spans := idx.atRow[at]; len(spans) > 0 {
		return spans[0], true
	}
	return 0, false
}

// issue records an annotation left out at line.
func (p *webannoParser) issue(line int, format string, args ...any) {
	p.issues = append(p.issues, &lineError{line, fmt.Errorf(format, args...)})
}
