package ner

import (
	"slices"
	"sort"
	"strings"

	"github.com/litmine/litmine/internal/schema"
)

// Span is an entity found in one sentence. TokenStart and TokenEnd index the
// sentence's tokens, end-exclusive.
type Span struct {
	TokenStart int
	TokenEnd   int
	Label      schema.EntityLabel
	Score      float32 // confidence in [0, 1]
	Source     string  // the rule that produced it, such as "rules/formula"
	Formula    string  // the formula of a Material known from a lexicon; empty otherwise
	priority   int     // ties between overlapping spans of equal length go to the higher priority
}

// Sources of rule-based spans, stored in the source column of the entities
// table.
const (
	SourceFormula = "rules/formula"
	SourceLexicon = "rules/lexicon"
	SourceCurated = "rules/curated"
	SourceNumber  = "rules/number"
	SourceUnit    = "rules/unit"
)

// phrase is a curated multi-token entry.
type phrase struct {
	tokens []string
	label  schema.EntityLabel
}

// phraseIndex finds curated phrases in lower-cased token sequences.
type phraseIndex map[string][]phrase // first token → phrases, longest first

func newPhraseIndex(entries map[string]schema.EntityLabel) phraseIndex {
	idx := phraseIndex{}
	for text, label := range entries {
		toks := strings.Fields(text)
		idx[toks[0]] = append(idx[toks[0]], phrase{tokens: toks, label: label})
	}
	for _, list := range idx {
		sort.Slice(list, func(i, j int) bool {
			if len(list[i].tokens) != len(list[j].tokens) {
				return len(list[i].tokens) > len(list[j].tokens)
			}
			return strings.Join(list[i].tokens, " ") < strings.Join(list[j].tokens, " ")
		})
	}
	return idx
}

// match returns the longest phrase starting at token i, if any.
func (idx phraseIndex) match(lower []string, i int) (phrase, bool) {
	for _, p := range idx[lower[i]] {
		if i+len(p.tokens) > len(lower) {
			continue
		}
		ok := true
		for k, t := range p.tokens[1:] {
			if lower[i+1+k] != t {
				ok = false
				break
			}
		}
		if ok {
			return p, true
		}
	}
	return phrase{}, false
}

// resolve keeps non-overlapping spans: longer spans first, then higher
// priority, then earlier ones. The result is sorted by token position.
func resolve(cands []Span, n int) []Span {
	slices.SortStableFunc(cands, func(a, b Span) int {
		if la, lb := a.TokenEnd-a.TokenStart, b.TokenEnd-b.TokenStart; la != lb {
			return lb - la
		}
		if a.priority != b.priority {
			return b.priority - a.priority
		}
		return a.TokenStart - b.TokenStart
	})
	taken := make([]bool, n)
	out := make([]Span, 0, len(cands))
	for _, c := range cands {
		free := true
		for k := c.TokenStart; k < c.TokenEnd; k++ {
			if taken[k] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for k := c.TokenStart; k < c.TokenEnd; k++ {
			taken[k] = true
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Span) int { return a.TokenStart - b.TokenStart })
	return out
}
