// Package benchdocs prepares the documents of the annotate benchmarks: a
// plain-text corpus with one paragraph per line, cut into documents of a
// few lines as the anchor benchmarks cut it, and annotated on a pool of
// workers.
package benchdocs

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/pool"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
)

// Split cuts text into documents of n lines, dropping empty ones.
func Split(text string, n int) []string {
	all := strings.Split(text, "\n")
	var docs []string
	for i := 0; i < len(all); i += n {
		d := strings.TrimSpace(strings.Join(all[i:min(i+n, len(all))], "\n"))
		if d != "" {
			docs = append(docs, d)
		}
	}
	return docs
}

// Paragraphs turns a document into paragraph rows, one per line.
func Paragraphs(doc string) []schema.Paragraph {
	var out []schema.Paragraph
	offset := int32(0)
	for i, line := range strings.Split(doc, "\n") {
		n := int32(utf8.RuneCountInString(line))
		out = append(out, schema.Paragraph{DocID: "bench", Paragraph: int32(i), Start: offset, End: offset + n, Text: line})
		offset += n + 1
	}
	return out
}

// AnnotateAll annotates the documents on len(annotators) goroutines and
// returns the number of tokens. A tagger error on any document stops it.
func AnnotateAll(annotators []*ner.Annotator, docs [][]schema.Paragraph) (int, error) {
	type counted struct {
		tokens int
		err    error
	}
	i, tokens := 0, 0
	next := func() ([]schema.Paragraph, bool, error) {
		if i == len(docs) {
			return nil, false, nil
		}
		i++
		return docs[i-1], true, nil
	}
	err := pool.Ordered(context.Background(), len(annotators), next, func(w int, p []schema.Paragraph) counted {
		a := annotators[w].Annotate(p)
		n := 0
		for _, s := range a.Sentences {
			n += len(s.Tokens)
		}
		return counted{n, a.Err}
	}, func(c counted) error {
		tokens += c.tokens
		return c.err
	})
	return tokens, err
}
