package graph

import (
	"sort"

	"github.com/litmine/litmine/internal/schema"
)

// AlignEntities sets the Sentence, TokenStart and TokenEnd of each entity
// from its offsets: the sentence that contains its start and the tokens it
// overlaps. Entities that start outside every sentence, or overlap no
// token, are dropped. sentences must be sorted by Start; the entities are
// changed in place and the kept ones returned.
func AlignEntities(sentences []schema.Sentence, entities []schema.Entity) []schema.Entity {
	out := entities[:0]
	for _, e := range entities {
		k := sort.Search(len(sentences), func(i int) bool { return sentences[i].End > e.Start })
		if k == len(sentences) || sentences[k].Start > e.Start {
			continue
		}
		s := sentences[k]
		first := sort.Search(len(s.TokenEnds), func(i int) bool { return s.TokenEnds[i] > e.Start })
		last := sort.Search(len(s.TokenStarts), func(i int) bool { return s.TokenStarts[i] >= e.End })
		if first >= last {
			continue
		}
		e.Paragraph = s.Paragraph
		e.Sentence = s.Sentence
		e.TokenStart = int32(first)
		e.TokenEnd = int32(last)
		out = append(out, e)
	}
	return out
}
