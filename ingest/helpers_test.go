package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"github.com/litmine/litmine/internal/shareddata"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkDocument returns an error for the first broken invariant of doc: each
// paragraph has a known kind and 0 <= Start < End <= the text length in code
// points, paragraphs are in order without overlap, and each paragraph text
// has no white space at either end.
func checkDocument(doc Document) error {
	runes := []rune(doc.Text)
	prevEnd := 0
	for i, p := range doc.Paragraphs {
		switch p.Kind {
		case KindTitle, KindAbstract, KindHeading, KindBody:
		default:
			return fmt.Errorf("paragraph %d: unknown kind %q", i, p.Kind)
		}
		if p.Start < prevEnd || p.Start >= p.End || p.End > len(runes) {
			return fmt.Errorf("paragraph %d: offsets [%d, %d) out of order or outside the text (previous end %d, text length %d)",
				i, p.Start, p.End, prevEnd, len(runes))
		}
		text := string(runes[p.Start:p.End])
		if strings.TrimSpace(text) != text {
			return fmt.Errorf("paragraph %d: text %q is not trimmed", i, text)
		}
		prevEnd = p.End
	}
	return nil
}

// paragraphTexts returns the text of each paragraph of doc.
func paragraphTexts(doc Document) []string {
	runes := []rune(doc.Text)
	texts := make([]string, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		texts[i] = string(runes[p.Start:p.End])
	}
	return texts
}

// paragraphKinds returns the kind of each paragraph of doc.
func paragraphKinds(doc Document) []ParagraphKind {
	kinds := make([]ParagraphKind, len(doc.Paragraphs))
	for i, p := range doc.Paragraphs {
		kinds[i] = p.Kind
	}
	return kinds
}

// readAllDocs walks paths and returns the documents and problems.
func readAllDocs(t *testing.T, paths []string, cfg ReadConfig) ([]Document, []Problem) {
	t.Helper()
	var docs []Document
	var problems []Problem
	err := Walk(paths, cfg, func(d Document) error {
		docs = append(docs, d)
		return nil
	}, func(p Problem) { problems = append(problems, p) })
	if err != nil {
		t.Fatalf("Walk(%v): %v", paths, err)
	}
	return docs, problems
}

// writeFiles creates files under dir from a map of slash-separated relative
// paths to content; a path ending in ".gz" is gzip-compressed.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		data := []byte(content)
		if strings.HasSuffix(name, ".gz") {
			data = gzipBytes(t, data)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sharedData returns the folder of a corpus in the shared data folder; see
// shareddata.Require.
func sharedData(t *testing.T, corpus string) string {
	t.Helper()
	return shareddata.Require(t, corpus)
}
