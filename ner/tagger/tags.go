package tagger

import (
	"fmt"

	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
)

// tagSet is the BIO tag set over the MSPT entity labels: tag 0 is O, and
// label l (1-based, as schema.EntityLabel numbers them) has B at 2l-1 and I
// at 2l.
type tagSet struct {
	labels []schema.EntityLabel // labels[l-1] is label l
}

func newTagSet() tagSet { return tagSet{labels: schema.EntityLabels()} }

// size returns the number of tags, O included.
func (s tagSet) size() int { return 2*len(s.labels) + 1 }

// begin and inside return the tag ids of label l, a label of the set.
func (s tagSet) begin(l schema.EntityLabel) int32  { return int32(2*l - 1) }
func (s tagSet) inside(l schema.EntityLabel) int32 { return int32(2 * l) }

// label returns the label of tag t and whether t is a B tag; O gives
// LabelNone.
func (s tagSet) label(t int32) (schema.EntityLabel, bool) {
	if t <= 0 {
		return schema.LabelNone, false
	}
	return schema.EntityLabel((t + 1) / 2), t%2 == 1
}

// name returns the tag written as "O", "B-Material" or "I-Material".
func (s tagSet) name(t int32) string {
	l, begin := s.label(t)
	switch {
	case l == schema.LabelNone:
		return "O"
	case begin:
		return "B-" + l.String()
	}
	return "I-" + l.String()
}

// names returns every tag name in id order, for the model file.
func (s tagSet) names() []string {
	out := make([]string, s.size())
	for t := range out {
		out[t] = s.name(int32(t))
	}
	return out
}

// allowed reports whether tag next may follow tag prev in a BIO sequence:
// an I tag only after the B or I tag of its label. prev -1 means the start
// of the sentence.
func (s tagSet) allowed(prev, next int32) bool {
	l, begin := s.label(next)
	if l == schema.LabelNone || begin {
		return true
	}
	if prev < 0 {
		return false
	}
	pl, _ := s.label(prev)
	return pl == l
}

// encode returns the BIO tags of n tokens covered by spans, which must be
// sorted and must not overlap.
func (s tagSet) encode(spans []ner.Span, n int) []int32 {
	tags := make([]int32, n)
	for _, sp := range spans {
		for k := sp.TokenStart; k < sp.TokenEnd; k++ {
			tags[k] = s.inside(sp.Label)
		}
		tags[sp.TokenStart] = s.begin(sp.Label)
	}
	return tags
}

// decode returns the spans of a BIO tag sequence. An I tag that does not
// continue a span of its label starts one, as conlleval reads it; Viterbi
// decoding with allowed transitions never produces one.
func (s tagSet) decode(tags []int32) []ner.Span {
	var spans []ner.Span
	open := -1
	var openLabel schema.EntityLabel
	closeSpan := func(end int) {
		if open >= 0 {
			spans = append(spans, ner.Span{TokenStart: open, TokenEnd: end, Label: openLabel})
			open = -1
		}
	}
	for k, t := range tags {
		l, begin := s.label(t)
		switch {
		case l == schema.LabelNone:
			closeSpan(k)
		case begin || open < 0 || openLabel != l:
			closeSpan(k)
			open, openLabel = k, l
		}
	}
	closeSpan(len(tags))
	return spans
}

// checkNames returns an error unless names equals the tag names of s, so
// that a model file written with another label set is rejected.
func (s tagSet) checkNames(names []string) error {
	want := s.names()
	if len(names) != len(want) {
		return fmt.Errorf("the model has %d tags, this build has %d", len(names), len(want))
	}
	for i := range want {
		if names[i] != want[i] {
			return fmt.Errorf("tag %d is %q in the model, %q in this build", i, names[i], want[i])
		}
	}
	return nil
}
