package tagger

import (
	"fmt"
	"slices"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/ingest"
	"github.com/litmine/litmine/internal/evaluate"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
)

// AlignmentStats counts how the gold spans of the training documents map
// onto litmine's tokens. Only Exact spans can be predicted exactly: the
// model tags whole tokens, and the scorer compares character offsets.
type AlignmentStats struct {
	Documents int `json:"documents"`
	Sentences int `json:"sentences"`
	Tokens    int `json:"tokens"`
	// Cut counts the sentences longer than MaxTokens, cut into pieces.
	Cut int `json:"cut"`

	Spans int `json:"spans"` // gold spans read
	// Exact spans start at a token's start and end at a token's end.
	Exact int `json:"exact"`
	// Inexact spans have a boundary inside a token; training tags the
	// tokens they overlap.
	Inexact int `json:"inexact"`
	// Dropped spans are not trained on: they overlap no token (text between
	// paragraphs), cross a sentence boundary or a cut, have an unknown
	// label, or overlap a span kept before them (nested annotations).
	Outside, CrossSentence, UnknownLabel, Overlapping int
}

// goldSentence is a tokenized sentence of a gold document with its rule
// spans and gold BIO tags.
type goldSentence struct {
	tokens ner.TokenizedSentence
	rules  []ner.Span
	tags   []int32
}

// readGoldSentences reads the documents of split from the brat folder
// gold, tokenizes them as the annotate stage does, and tags each token
// with the gold spans.
func readGoldSentences(gold, split string, set tagSet) ([]goldSentence, AlignmentStats, error) {
	var st AlignmentStats
	docs, err := evaluate.ReadDocuments(gold, split)
	if err != nil {
		return nil, st, err
	}
	if len(docs) == 0 {
		return nil, st, fmt.Errorf("no annotated documents in %s (split %s)", gold, split)
	}
	tok, err := ner.NewTokenizer(nil)
	if err != nil {
		return nil, st, err
	}
	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		return nil, st, err
	}
	var out []goldSentence
	for _, doc := range docs {
		sentences, offsets := tokenizeDocument(tok, rec, doc)
		alignSpans(sentences, offsets, doc.Gold.Spans, set, &st)
		out = append(out, sentences...)
		st.Documents++
	}
	for _, s := range out {
		st.Sentences++
		st.Tokens += len(s.tokens.Tokens)
		if len(s.tokens.Tokens) > MaxTokens {
			st.Cut++
		}
	}
	return out, st, nil
}

// tokenizeDocument returns the sentences of doc's paragraphs with their
// rule spans, and the document offset of each sentence's paragraph.
func tokenizeDocument(tok *ner.Tokenizer, rec *ner.Recognizer, doc ingest.Document) ([]goldSentence, []int) {
	var sentences []goldSentence
	var offsets []int
	for _, p := range ingest.ParagraphRows(doc, nil) {
		for _, ts := range tok.Tokenize(p.Text) {
			sentences = append(sentences, goldSentence{tokens: ts, rules: rec.Recognize(ts), tags: make([]int32, len(ts.Tokens))})
			offsets = append(offsets, int(p.Start))
		}
	}
	return sentences, offsets
}

// alignSpans sets the gold tags of the sentences from the document's gold
// spans: earlier spans first, a longer one first at the same start, and
// spans that overlap a kept one dropped.
func alignSpans(sentences []goldSentence, offsets []int, spans []datasets.BratSpan, set tagSet, st *AlignmentStats) {
	spans = slices.Clone(spans)
	slices.SortStableFunc(spans, func(a, b datasets.BratSpan) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	for _, sp := range spans {
		st.Spans++
		label, err := schema.ParseEntityLabel(sp.Label)
		if err != nil {
			st.UnknownLabel++
			continue
		}
		s, first, last, ok := locate(sentences, offsets, sp.Start, sp.End)
		switch {
		case !ok:
			st.Outside++
			continue
		case first < 0:
			st.CrossSentence++
			continue
		case first/MaxTokens != last/MaxTokens:
			st.CrossSentence++
			continue
		}
		tags := sentences[s].tags
		if slices.ContainsFunc(tags[first:last+1], func(t int32) bool { return t != 0 }) {
			st.Overlapping++
			continue
		}
		toks := sentences[s].tokens.Tokens
		if offsets[s]+toks[first].Start == sp.Start && offsets[s]+toks[last].End == sp.End {
			st.Exact++
		} else {
			st.Inexact++
		}
		for k := first; k <= last; k++ {
			tags[k] = set.inside(label)
		}
		tags[first] = set.begin(label)
	}
}

// locate returns the sentence and the first and last tokens that overlap
// the document range [start, end). ok is false when no token overlaps it;
// first is -1 when the tokens it overlaps lie in more than one sentence.
func locate(sentences []goldSentence, offsets []int, start, end int) (s, first, last int, ok bool) {
	s, first, last = -1, -1, -1
	for i, sent := range sentences {
		for k, t := range sent.tokens.Tokens {
			if offsets[i]+t.Start >= end || offsets[i]+t.End <= start {
				continue
			}
			if s >= 0 && s != i {
				return s, -1, -1, true
			}
			if s < 0 {
				s, first = i, k
			}
			last = k
		}
	}
	return s, first, last, s >= 0
}
