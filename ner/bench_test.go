package ner

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/litmine/litmine/internal/schema"
)

// benchParagraphs returns the demo corpus procedures as paragraph rows.
func benchParagraphs(b *testing.B) ([]schema.Paragraph, int) {
	b.Helper()
	var paras []schema.Paragraph
	size := 0
	offset := int32(0)
	for i, line := range demoTexts(&testing.T{}) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		n := int32(utf8.RuneCountInString(line))
		paras = append(paras, schema.Paragraph{DocID: "bench", Paragraph: int32(i), Start: offset, End: offset + n, Text: line})
		offset += n + 1
		size += len(line)
	}
	return paras, size
}

func BenchmarkAnnotate(b *testing.B) {
	paras, size := benchParagraphs(b)
	a, err := NewAnnotator(sharedRecognizer(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Annotate(paras)
	}
}

func BenchmarkTokenize(b *testing.B) {
	paras, size := benchParagraphs(b)
	tok := newTestTokenizer(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, p := range paras {
			tok.Tokenize(p.Text)
		}
	}
}
