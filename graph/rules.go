package graph

import (
	"sort"
	"strings"

	"github.com/litmine/litmine/internal/schema"
)

// Producer names the rule baseline in the producer column of graph_edges.
const Producer = "rules/graph@1"

// Paragraph is the input of Build for one paragraph: its sentences and its
// entities. Entities must carry Sentence, TokenStart and TokenEnd that index
// Sentences (see AlignEntities) and ids unique in the document.
type Paragraph struct {
	DocID     string
	Index     int32
	Sentences []schema.Sentence
	Entities  []schema.Entity
}

// node is an entity with the fields the rules need.
type node struct {
	schema.Entity
	label schema.EntityLabel
	lower string
}

// builder holds one paragraph's nodes by sentence while the rules run.
type builder struct {
	p      Paragraph
	nodes  []node          // sorted by offset
	bySent map[int32][]int // sentence → indices into nodes
	tokens map[int32]schema.Sentence
	edges  []schema.GraphEdge
	seen   map[[3]int32]bool
}

// Build returns the synthesis graph of one paragraph: a node per entity and
// typed edges from the rule baseline. Next_Operation links the operations in
// text order. Numbers, units, conditions, apparatus, descriptors, brands and
// materials are attached to the nearest fitting entity of their sentence.
func Build(p Paragraph) ([]schema.GraphNode, []schema.GraphEdge) {
	b := newBuilder(p)
	b.linkOperations()
	b.linkQuantities()
	b.linkModifiers()
	b.linkMaterials()
	sort.SliceStable(b.edges, func(i, j int) bool {
		if b.edges[i].Source != b.edges[j].Source {
			return b.edges[i].Source < b.edges[j].Source
		}
		return b.edges[i].Target < b.edges[j].Target
	})
	return b.graphNodes(), b.edges
}

func newBuilder(p Paragraph) *builder {
	b := &builder{p: p, bySent: map[int32][]int{}, tokens: map[int32]schema.Sentence{}, seen: map[[3]int32]bool{}}
	for _, s := range p.Sentences {
		b.tokens[s.Sentence] = s
	}
	for _, e := range p.Entities {
		label, err := schema.ParseEntityLabel(e.Label)
		if err != nil {
			continue
		}
		b.nodes = append(b.nodes, node{Entity: e, label: label, lower: strings.ToLower(e.Text)})
	}
	sort.SliceStable(b.nodes, func(i, j int) bool { return b.nodes[i].Start < b.nodes[j].Start })
	for i, n := range b.nodes {
		b.bySent[n.Sentence] = append(b.bySent[n.Sentence], i)
	}
	return b
}

func (b *builder) graphNodes() []schema.GraphNode {
	out := make([]schema.GraphNode, 0, len(b.nodes))
	step := int32(0)
	for _, n := range b.nodes {
		g := schema.GraphNode{DocID: b.p.DocID, Paragraph: b.p.Index, Node: n.Entity.Entity, Label: n.Label,
			Start: n.Start, End: n.End, Text: n.Text, Step: -1}
		if n.label == schema.LabelOperation {
			g.Step = step
			g.OperationType = OperationType(n.Text)
			step++
		}
		out = append(out, g)
	}
	return out
}

// addEdge adds a typed edge between nodes i and j once.
func (b *builder) addEdge(t schema.RelationType, i, j int, score float32) {
	src, dst := b.nodes[i], b.nodes[j]
	key := [3]int32{int32(t), src.Entity.Entity, dst.Entity.Entity}
	if b.seen[key] || i == j {
		return
	}
	b.seen[key] = true
	b.edges = append(b.edges, schema.GraphEdge{
		DocID: b.p.DocID, Paragraph: b.p.Index, Type: t.String(), Source: src.Entity.Entity, Target: dst.Entity.Entity,
		SourceStart: src.Start, SourceEnd: src.End, TargetStart: dst.Start, TargetEnd: dst.End,
		Score: score, Producer: Producer,
	})
}

// linkOperations links the operations of the paragraph in text order.
func (b *builder) linkOperations() {
	prev := -1
	for i, n := range b.nodes {
		if n.label != schema.LabelOperation {
			continue
		}
		if prev >= 0 {
			b.addEdge(schema.NextOperation, prev, i, 0.8)
		}
		prev = i
	}
}

// tokenGap returns the number of tokens between nodes i and j of one
// sentence, 0 when they touch.
func (b *builder) tokenGap(i, j int) int32 {
	a, c := b.nodes[i], b.nodes[j]
	if a.TokenStart > c.TokenStart {
		a, c = c, a
	}
	if gap := c.TokenStart - a.TokenEnd; gap > 0 {
		return gap
	}
	return 0
}

// nearest returns the node of the same sentence as node i that matches want
// and is closest in tokens, at most maxGap tokens away, or -1 if there is
// none. prefer picks the side on ties, or the only side when strict.
func (b *builder) nearest(i int, want func(node) bool, maxGap int32, prefer direction) int {
	best, bestGap := -1, int32(1<<30)
	for _, j := range b.bySent[b.nodes[i].Sentence] {
		if j == i || !want(b.nodes[j]) {
			continue
		}
		before := b.nodes[j].Start < b.nodes[i].Start
		if prefer.strict && before != (prefer.side == before) {
			continue
		}
		gap := b.tokenGap(i, j)
		if gap > maxGap {
			continue
		}
		if gap < bestGap || gap == bestGap && before == prefer.side {
			best, bestGap = j, gap
		}
	}
	return best
}

// direction is the side of a node the rules look at first.
type direction struct {
	side   bool // true: before the node
	strict bool // look only on that side
}

var (
	preferBefore = direction{side: true}
	preferAfter  = direction{side: false}
	onlyBefore   = direction{side: true, strict: true}
	onlyAfter    = direction{side: false, strict: true}
)

func hasLabel(labels ...schema.EntityLabel) func(node) bool {
	return func(n node) bool {
		for _, l := range labels {
			if n.label == l {
				return true
			}
		}
		return false
	}
}

// tokenAt returns the lower-case token at index k of a sentence, or "" when
// k is out of range.
func (b *builder) tokenAt(sentence, k int32) string {
	s, ok := b.tokens[sentence]
	if !ok || k < 0 || int(k) >= len(s.Tokens) {
		return ""
	}
	return strings.ToLower(s.Tokens[k])
}
