package lexicon

import (
	"cmp"
	"slices"
	"strings"
)

// Match is a lexicon entry found in a token sequence.
type Match struct {
	Start int // index of the first token
	End   int // index after the last token

	// Kind is the kind of the entry reported for the span. When entries of
	// several kinds match the same span ("zirconia" is a precursor and a
	// mixing_device value), it is the kind whose entry has the most dataset
	// occurrences, and Material before Operation before Apparatus on a tie.
	Kind Kind

	// The entries that matched the span, one per kind and nil for a kind
	// that did not match. Operation is the row of the word with the highest
	// count. They point into the Matcher's copy of the lexicon and must not
	// be modified.
	Material  *Material
	Operation *Operation
	Apparatus *Apparatus
}

// Matcher finds lexicon entries in tokenized sentences. It is safe for
// concurrent use once NewMatcher has returned.
//
// Matching compares the tokens of a window concatenated with every space
// removed against each entry with its spaces removed. The tokens
// ["iron(III)", "chloride"] and ["iron", "(", "III", ")", "chloride"]
// therefore both match the entry "iron(III) chloride", whatever the
// tokenizer did with brackets. The cost is that a window never needs a
// space where the entry has one, so ["ballmill"] also matches "ball mill".
//
// Case: a material string without upper-case letters ("lithium
// carbonate") and every operation and apparatus entry match regardless of
// the case of ASCII letters. Any other material string ("Co", "CO",
// "Li2CO3") matches only with exactly its case.
//
// NOTE: case folding covers ASCII letters only, so a case-insensitive entry
// does not match text that differs from it in the case of a non-ASCII
// letter ("Α" and "α").
type Matcher struct {
	materials  []Material
	operations []Operation
	apparatus  []Apparatus

	root  [256]int32 // child of the root node by byte, -1 for none
	nodes []trieNode
	edges []trieEdge
	dense [][256]int32 // child tables of nodes with many children, -1 for none
	cands []candidate
}

// denseMinChildren is the number of children from which a node gets a
// 256-entry child table instead of a scan of its edges.
const denseMinChildren = 9

// trieNode is a node of a byte trie over the space-free, ASCII-lower-cased
// entry keys. Its children are edges[edgeStart:edgeEnd], sorted by label,
// and, when dense is not -1, also dense[dense]. The entries whose key ends
// here are cands[candStart:candEnd].
type trieNode struct {
	edgeStart, edgeEnd int32
	candStart, candEnd int32
	dense              int32
}

type trieEdge struct {
	label byte
	child int32
}

// candidate is an entry whose key ends at a trie node.
type candidate struct {
	kind  Kind
	index int32  // into the Matcher's slice for kind
	exact string // key that the window must equal byte for byte; "" for a case-insensitive entry
	count int    // dataset occurrences, which rank kinds on a shared span
}

// NewMatcher returns a Matcher over a copy of the entries of l, so later
// changes to l do not affect it. A nil l gives a Matcher that finds nothing.
func NewMatcher(l *Lexicon) *Matcher {
	m := &Matcher{}
	if l != nil {
		m.materials = slices.Clone(l.Materials)
		m.operations = slices.Clone(l.Operations)
		m.apparatus = slices.Clone(l.Apparatus)
	}

	var b trieBuilder
	for i := range m.materials {
		text := m.materials[i].Text
		c := candidate{kind: KindMaterial, index: int32(i), count: m.materials[i].Count()}
		if !isLower(text) {
			c.exact = removeSpaces(text)
		}
		b.add(text, c)
	}
	for token, i := range topOperations(m.operations) {
		b.add(token, candidate{kind: KindOperation, index: int32(i), count: m.operations[i].Count})
	}
	for i := range m.apparatus {
		b.add(m.apparatus[i].Name, candidate{kind: KindApparatus, index: int32(i), count: m.apparatus[i].Count})
	}
	b.flatten(m)
	return m
}

// topOperations returns, for each lower-case token, the index of its row
// with the highest count, preferring an observed row to a derived one and
// then the smaller type name.
func topOperations(ops []Operation) map[string]int {
	best := make(map[string]int)
	for i, op := range ops {
		token := strings.ToLower(op.Token)
		j, ok := best[token]
		if !ok || compareOperationRank(op, ops[j]) > 0 {
			best[token] = i
		}
	}
	return best
}

func compareOperationRank(x, y Operation) int {
	return cmp.Or(cmp.Compare(x.Count, y.Count), boolRank(!x.Derived, !y.Derived), strings.Compare(y.Type, x.Type))
}

func boolRank(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}

func removeSpaces(s string) string {
	return strings.ReplaceAll(s, " ", "")
}

// foldASCII returns c with an ASCII upper-case letter turned to lower case.
func foldASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Match returns the matches in tokens, one sentence's tokens in order. It
// scans left to right and at each token takes the longest entry that
// starts there, then continues after it, so matches never overlap and are
// in token order. An empty token ends any window that reaches it, and no
// match starts at a token of spaces only. Match returns nil when nothing
// matches.
func (m *Matcher) Match(tokens []string) []Match {
	return m.AppendMatches(nil, tokens)
}

// AppendMatches appends the matches of tokens to dst, as Match finds them,
// and returns the extended slice. Passing a reused dst[:0] avoids all
// allocation.
func (m *Matcher) AppendMatches(dst []Match, tokens []string) []Match {
	for i := 0; i < len(tokens); {
		end, node := m.longestAt(tokens, i)
		if end < 0 {
			i++
			continue
		}
		dst = append(dst, m.resolve(tokens, i, end, node))
		i = end
	}
	return dst
}

// longestAt returns the end and trie node of the longest entry that
// starts at token i, or -1 when none does.
func (m *Matcher) longestAt(tokens []string, i int) (end int, node int32) {
	end, node = -1, -1
	cur := int32(-1) // -1 stands for the root
	for j := i; j < len(tokens); j++ {
		tok := tokens[j]
		if tok == "" {
			break
		}
		for k := 0; k < len(tok); k++ {
			if tok[k] == ' ' {
				continue
			}
			if cur = m.child(cur, foldASCII(tok[k])); cur < 0 {
				return end, node
			}
		}
		if cur < 0 {
			break // no match starts at a token of spaces only
		}
		if m.anyValid(tokens[i:j+1], m.nodes[cur]) {
			end, node = j+1, cur
		}
	}
	return end, node
}

// child returns the child of node n along byte c, or -1. n is -1 for the
// root.
func (m *Matcher) child(n int32, c byte) int32 {
	if n < 0 {
		return m.root[c]
	}
	node := &m.nodes[n]
	if node.dense >= 0 {
		return m.dense[node.dense][c]
	}
	for _, e := range m.edges[node.edgeStart:node.edgeEnd] {
		if e.label == c {
			return e.child
		}
	}
	return -1
}

// anyValid reports whether some entry ending at node matches window: any
// case-insensitive entry does, a case-sensitive one only byte for byte.
func (m *Matcher) anyValid(window []string, node trieNode) bool {
	for _, c := range m.cands[node.candStart:node.candEnd] {
		if c.exact == "" || windowEquals(window, c.exact) {
			return true
		}
	}
	return false
}

// windowEquals reports whether the tokens of window, concatenated with
// spaces removed, equal key.
func windowEquals(window []string, key string) bool {
	k := 0
	for _, tok := range window {
		for i := 0; i < len(tok); i++ {
			if tok[i] == ' ' {
				continue
			}
			if k >= len(key) || key[k] != tok[i] {
				return false
			}
			k++
		}
	}
	return k == len(key)
}

// resolve builds the Match of tokens[start:end], whose entries end at
// node. Candidates are sorted case-sensitive first and then by count, so
// the first valid one of each kind is the best.
func (m *Matcher) resolve(tokens []string, start, end int, node int32) Match {
	match := Match{Start: start, End: end}
	window := tokens[start:end]
	bestCount := -1
	n := m.nodes[node]
	for _, c := range m.cands[n.candStart:n.candEnd] {
		if c.exact != "" && !windowEquals(window, c.exact) {
			continue
		}
		if !m.setEntry(&match, c) {
			continue
		}
		if c.count > bestCount || (c.count == bestCount && c.kind < match.Kind) {
			match.Kind, bestCount = c.kind, c.count
		}
	}
	return match
}

// setEntry stores the entry of c in match unless an entry of its kind is
// already there, and reports whether it stored it.
func (m *Matcher) setEntry(match *Match, c candidate) bool {
	switch {
	case c.kind == KindMaterial && match.Material == nil:
		match.Material = &m.materials[c.index]
	case c.kind == KindOperation && match.Operation == nil:
		match.Operation = &m.operations[c.index]
	case c.kind == KindApparatus && match.Apparatus == nil:
		match.Apparatus = &m.apparatus[c.index]
	default:
		return false
	}
	return true
}
