package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// pieceKind is the reason the chemistry layer cut a piece out of a chunk.
type pieceKind uint8

const (
	pieceProse   pieceKind = iota // a prose token kept as it is
	pieceFormula                  // a chemical formula kept whole
	pieceNumber
	pieceUnit
	piecePunct
)

// piece is a byte range of a sentence.
type piece struct {
	start, end int
	kind       pieceKind
}

// tokenizeSentence tokenizes and tags one sentence. base is the byte offset
// of sent in the text that idx indexes.
func (t *Tokenizer) tokenizeSentence(sent string, base int, idx runeIndex) []Token {
	aligned := t.proseTokens(sent)
	pieces := t.pieces[:0]
	next := 0 // first aligned token not yet used
	t.chunks = appendChunks(t.chunks[:0], sent)
	for _, chunk := range t.chunks {
		first := next
		for next < len(aligned) && aligned[next].start < chunk[1] {
			next++
		}
		if split := t.splitChunk(sent[chunk[0]:chunk[1]]); split != nil {
			for _, p := range split {
				pieces = append(pieces, piece{start: p.start + chunk[0], end: p.end + chunk[0], kind: p.kind})
			}
		} else {
			for _, a := range aligned[first:next] {
				if split := splitGlued(sent, a); split != nil {
					pieces = append(pieces, split...)
				} else {
					pieces = append(pieces, a)
				}
			}
		}
	}
	t.pieces = pieces
	words := make([]string, len(pieces))
	for i, p := range pieces {
		words[i] = sent[p.start:p.end]
	}
	tags := t.tagger.tag(words, &t.tagState)
	toks := make([]Token, len(pieces))
	for i, p := range pieces {
		toks[i] = Token{Text: words[i], Start: idx.runeAt(base + p.start), End: idx.runeAt(base + p.end), POS: tags[i]}
	}
	return toks
}

// proseTokens tokenizes sent with prose and returns the byte range of each
// token in sent. Runes that prose v2.0.0 cannot handle are replaced first
// (see proseSafe); should prose still panic, each chunk of non-space text
// becomes one token.
func (t *Tokenizer) proseTokens(sent string) (out []piece) {
	defer func() {
		if recover() != nil {
			out = out[:0]
			for _, c := range appendChunks(nil, sent) {
				out = append(out, piece{start: c[0], end: c[1], kind: pieceProse})
			}
		}
	}()
	doc, err := prose.NewDocument(proseSafe(sent), prose.WithSegmentation(false), prose.WithTagging(false),
		prose.WithExtraction(false), prose.UsingModel(t.model))
	if err != nil {
		return nil
	}
	return alignTokens(sent, doc.Tokens())
}

// proseSafe returns s with invalid UTF-8 and every rune whose lower-case
// form has another byte length (such as the Kelvin sign) replaced by U+FFFD.
// prose v2.0.0 finds suffixes such as "'s" in the lower-cased token and cuts
// the original at that byte index, which panics when the lengths differ.
func proseSafe(s string) string {
	safe := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || utf8.RuneLen(unicode.ToLower(r)) != size {
			safe = false
			break
		}
		i += size
	}
	if safe {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || utf8.RuneLen(unicode.ToLower(r)) != size {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// alignTokens finds each prose token in sent, in order, and returns its byte
// range. prose replaces curly quotes with straight ones and "&rsquo;" with an
// apostrophe, so those count as equal; a token that cannot be found is
// dropped.
func alignTokens(sent string, toks []prose.Token) []piece {
	out := make([]piece, 0, len(toks))
	pos := 0
	for _, tk := range toks {
		pos = skipSpace(sent, pos)
		end, ok := matchAt(sent, pos, tk.Text)
		if !ok {
			i := strings.Index(sent[pos:], tk.Text)
			if i < 0 {
				continue
			}
			pos += i
			end = pos + len(tk.Text)
		}
		out = append(out, piece{start: pos, end: end, kind: pieceProse})
		pos = end
	}
	return out
}

func skipSpace(s string, pos int) int {
	for pos < len(s) {
		r, size := utf8.DecodeRuneInString(s[pos:])
		if !unicode.IsSpace(r) {
			break
		}
		pos += size
	}
	return pos
}

// matchAt reports whether tok, as prose wrote it, starts at byte pos of s,
// and returns the byte offset where it ends in s.
func matchAt(s string, pos int, tok string) (int, bool) {
	for _, tr := range tok {
		if pos >= len(s) {
			return 0, false
		}
		sr, size := utf8.DecodeRuneInString(s[pos:])
		switch {
		case tr == sr, tr == utf8.RuneError:
		case tr == '"' && (sr == '“' || sr == '”'):
		case tr == '\'' && (sr == '‘' || sr == '’'):
		case tr == '\'' && strings.HasPrefix(s[pos:], "&rsquo;"):
			size = len("&rsquo;")
		default:
			return 0, false
		}
		pos += size
	}
	return pos, true
}

// appendChunks appends the byte ranges of the runs of non-space runes of s
// to out.
func appendChunks(out [][2]int, s string) [][2]int {
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// splitChunk decides how to tokenize a chunk of text without spaces when it
// holds a formula or a number glued to a unit. It returns the pieces with
// byte offsets into c, or nil to keep prose's tokens.
func (t *Tokenizer) splitChunk(c string) []piece {
	if !hasDigitOrUpper(c) {
		return nil
	}
	s, e := peel(c)
	if s >= e {
		return nil
	}
	core := c[s:e]
	middle := splitQuantity(core, s)
	if middle == nil && t.isFormula(core) {
		middle = []piece{{start: s, end: e, kind: pieceFormula}}
	}
	if middle == nil {
		return nil
	}
	out := punctPieces(c, 0, s)
	out = append(out, middle...)
	return append(out, punctPieces(c, e, len(c))...)
}

func hasDigitOrUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' {
			return true
		}
	}
	return false
}

// punctPieces returns one punctuation piece per rune of c[from:to].
func punctPieces(c string, from, to int) []piece {
	var out []piece
	for i := from; i < to; {
		_, size := utf8.DecodeRuneInString(c[i:to])
		out = append(out, piece{start: i, end: i + size, kind: piecePunct})
		i += size
	}
	return out
}

// splitQuantity splits "800°C" into a number and a unit, "700–900°C"
// into a range and a unit, and ">99%" into a sign, a number and a unit. offset is added to the piece offsets. It returns
// nil when core is not such a quantity.
func splitQuantity(core string, offset int) []piece {
	if cut := signCut(core); cut > 0 {
		rest := splitQuantity(core[cut:], offset+cut)
		if rest == nil {
			return nil
		}
		return append([]piece{{start: offset, end: offset + cut, kind: piecePunct}}, rest...)
	}
	n := numberPrefixLen(core)
	if n == 0 || n == len(core) {
		return nil
	}
	rest := core[n:]
	for _, dash := range rangeDashes {
		if !strings.HasPrefix(rest, dash) {
			continue
		}
		m := numberPrefixLen(rest[len(dash):])
		if m == 0 {
			return nil
		}
		n += len(dash) + m
		rest = core[n:]
		break
	}
	if rest == "" || !isUnit(rest) {
		return nil
	}
	return []piece{
		{start: offset, end: offset + n, kind: pieceNumber},
		{start: offset + n, end: offset + len(core), kind: pieceUnit},
	}
}

// peel returns the byte range of c left after removing trailing sentence
// punctuation, quotes, unmatched brackets and a bracket pair that encloses
// the whole chunk.
func peel(c string) (int, int) {
	s, e := 0, len(c)
	for changed := true; changed && s < e; {
		changed = false
		r, size := utf8.DecodeLastRuneInString(c[s:e])
		if strings.ContainsRune(",;:.!?\"'”’»", r) {
			e -= size
			changed = true
			continue
		}
		l, lsize := utf8.DecodeRuneInString(c[s:e])
		open, closed := bracketBalance(c[s:e])
		switch {
		case strings.ContainsRune("\"'“‘«", l):
			s += lsize
		case strings.ContainsRune(")]}", r) && closed > open:
			e -= size
		case strings.ContainsRune("([{", l) && open > closed:
			s += lsize
		case encloses(c[s:e]):
			s++
			e--
		default:
			continue
		}
		changed = true
	}
	return s, e
}

func bracketBalance(s string) (open, closed int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			open++
		case ')', ']', '}':
			closed++
		}
	}
	return open, closed
}

// encloses reports whether s starts with an opening bracket whose matching
// closing bracket is the last byte of s.
func encloses(s string) bool {
	if len(s) < 2 || !strings.ContainsRune("([{", rune(s[0])) {
		return false
	}
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i == len(s)-1
			}
		}
	}
	return false
}

// runeIndex converts byte offsets of a text to code point offsets.
type runeIndex struct {
	prefix []int32 // code points before each byte offset; nil for ASCII text
}

func newRuneIndex(text string) runeIndex {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return runeIndex{}
	}
	prefix := make([]int32, len(text)+1)
	n := int32(0)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for j := 0; j < size; j++ {
			prefix[i+j] = n
		}
		n++
		i += size
	}
	prefix[len(text)] = n
	return runeIndex{prefix: prefix}
}

func (x runeIndex) runeAt(b int) int {
	if x.prefix == nil {
		return b
	}
	return int(x.prefix[b])
}
