package lexicon

import (
	"cmp"
	"slices"
	"strings"
)

// trieKey is an entry key, spaces removed and ASCII letters lower-cased,
// with its candidate.
type trieKey struct {
	key  string
	cand candidate
}

// trieBuilder collects the keys of a Matcher's trie.
type trieBuilder struct {
	keys []trieKey
}

// add queues key for the trie. A key that is empty once spaces are removed
// is ignored.
func (b *trieBuilder) add(key string, c candidate) {
	var sb strings.Builder
	sb.Grow(len(key))
	for i := 0; i < len(key); i++ {
		if key[i] != ' ' {
			sb.WriteByte(foldASCII(key[i]))
		}
	}
	if sb.Len() > 0 {
		b.keys = append(b.keys, trieKey{key: sb.String(), cand: c})
	}
}

// flatten sorts the keys and writes the trie into m. Sorting puts the keys
// of each subtree in one run, with a node's own keys first, so the trie is
// built without intermediate nodes.
func (b *trieBuilder) flatten(m *Matcher) {
	slices.SortStableFunc(b.keys, func(x, y trieKey) int { return strings.Compare(x.key, y.key) })
	for i := range m.root {
		m.root[i] = -1
	}
	if len(b.keys) == 0 {
		return
	}
	root := m.buildNode(b.keys, 0)
	for _, e := range m.edges[m.nodes[root].edgeStart:m.nodes[root].edgeEnd] {
		m.root[e.label] = e.child
	}
}

// buildNode appends the node for keys, which all share their first depth
// bytes, and its subtree, and returns the node's index.
func (m *Matcher) buildNode(keys []trieKey, depth int) int32 {
	index := int32(len(m.nodes))
	m.nodes = append(m.nodes, trieNode{})

	own := 0
	for own < len(keys) && len(keys[own].key) == depth {
		own++
	}
	var edges []trieEdge
	for rest := keys[own:]; len(rest) > 0; {
		label := rest[0].key[depth]
		n := 1
		for n < len(rest) && rest[n].key[depth] == label {
			n++
		}
		edges = append(edges, trieEdge{label: label, child: m.buildNode(rest[:n], depth+1)})
		rest = rest[n:]
	}

	node := trieNode{edgeStart: int32(len(m.edges)), candStart: int32(len(m.cands)), dense: -1}
	m.edges = append(m.edges, edges...)
	if len(edges) >= denseMinChildren {
		node.dense = int32(len(m.dense))
		m.dense = append(m.dense, denseTable(edges))
	}
	for _, k := range keys[:own] {
		m.cands = append(m.cands, k.cand)
	}
	rankCandidates(m.cands[node.candStart:])
	node.edgeEnd, node.candEnd = int32(len(m.edges)), int32(len(m.cands))
	m.nodes[index] = node
	return index
}

func denseTable(edges []trieEdge) [256]int32 {
	var table [256]int32
	for i := range table {
		table[i] = -1
	}
	for _, e := range edges {
		table[e.label] = e.child
	}
	return table
}

// rankCandidates sorts case-sensitive entries before case-insensitive ones
// and then by count, highest first, so that Matcher.resolve can take the
// first valid entry of each kind.
func rankCandidates(cands []candidate) {
	slices.SortStableFunc(cands, func(x, y candidate) int {
		return cmp.Or(boolRank(y.exact != "", x.exact != ""), cmp.Compare(y.count, x.count))
	})
}
