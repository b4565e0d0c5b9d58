package ingest

import (
	"strings"
	"testing"
)

func BenchmarkParseJATS(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(jatsArticleXML)))
	for b.Loop() {
		if _, err := parseJATS(jatsArticleXML); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseS2ORC(b *testing.B) {
	line := []byte(strings.ReplaceAll(unarxiveLine, "\n", ""))
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, err := parseS2ORC(line); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseText(b *testing.B) {
	text := strings.Repeat("LiCoO2 was calcined at 900 °C for 12 h.\nThe powder was ground.\n\n", 200)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := parseText(text); err != nil {
			b.Fatal(err)
		}
	}
}
