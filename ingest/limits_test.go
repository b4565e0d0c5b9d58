package ingest

import (
	"bytes"
	"compress/gzip"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestDefaultLimits(t *testing.T) {
	cfg := ReadConfig{}.withDefaults()
	tests := []struct {
		name      string
		got, want int64
	}{
		{"file", cfg.MaxFileBytes, 4 << 30},
		{"record", cfg.MaxRecordBytes, 64 << 20},
		{"JSON line", cfg.MaxLineBytes, 16 << 20},
		{"archive entries", int64(cfg.MaxArchiveEntries), 100_000},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("default %s limit = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}

func TestJSONLineLimit(t *testing.T) {
	dir := t.TempDir()
	long := `{"title": "` + strings.Repeat("x", int(DefaultMaxLineBytes)) + `"}`
	lines := `{"title": "First"}` + "\n" + long + "\n" + `{"title": "Third"}` + "\n"
	path := filepath.Join(dir, "papers.jsonl")
	writeRaw(t, path, []byte(lines))

	tests := []struct {
		name        string
		cfg         ReadConfig
		wantTitles  []string
		wantProblem string
	}{
		{"default", ReadConfig{}, []string{"First", "Third"},
			path + ":2: input too large: line is longer than 16777216 bytes; raise --max-line-bytes (ReadConfig.MaxLineBytes) to read it"},
		{"raised", ReadConfig{MaxLineBytes: 32 << 20}, []string{"First", strings.Repeat("x", int(DefaultMaxLineBytes)), "Third"}, ""},
		{"record cap does not apply", ReadConfig{MaxRecordBytes: 100, MaxLineBytes: 32 << 20}, []string{"First", strings.Repeat("x", int(DefaultMaxLineBytes)), "Third"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{path}, tt.cfg)
			var titles []string
			for _, d := range docs {
				titles = append(titles, d.Title)
			}
			if !slices.Equal(titles, tt.wantTitles) {
				t.Errorf("read %d documents, want %d", len(titles), len(tt.wantTitles))
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			var want []string
			if tt.wantProblem != "" {
				want = []string{tt.wantProblem}
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems = %q, want %q", got, want)
			}
		})
	}
}

// gzipBomb writes a gzip file of prefix and then n bytes of fill, which
// compresses about a thousand times, and returns its path.
func gzipBomb(t *testing.T, name, prefix string, fill byte, n int64) string {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(zw, prefix)
	block := bytes.Repeat([]byte{fill}, 1<<20)
	for written := int64(0); written < n; written += int64(len(block)) {
		if _, err := zw.Write(block); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	writeRaw(t, path, buf.Bytes())
	return path
}

func TestGzipBomb(t *testing.T) {
	zeros := gzipBomb(t, "zeros.txt.gz", "", 0, 100<<20)
	letters := gzipBomb(t, "letters.txt.gz", "", 'a', 100<<20)
	line := gzipBomb(t, "line.jsonl.gz", `{"title": "`, 'a', 100<<20)
	tests := []struct {
		name        string
		path        string
		cfg         ReadConfig
		wantProblem string
	}{
		{"zeros", zeros, ReadConfig{},
			zeros + "@0: malformed input: NUL byte, so the content looks binary at byte offset 0"},
		{"file cap", letters, ReadConfig{MaxFileBytes: 1 << 20},
			letters + ": read: input too large: more than 1048576 bytes after decompression; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read it"},
		{"record cap", letters, ReadConfig{MaxRecordBytes: 1 << 20},
			letters + ": input too large: file is larger than 1048576 bytes; raise --max-record-bytes (ReadConfig.MaxRecordBytes) to read it"},
		{"line cap", line, ReadConfig{MaxLineBytes: 1 << 20},
			line + ":1: input too large: line is longer than 1048576 bytes; raise --max-line-bytes (ReadConfig.MaxLineBytes) to read it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{tt.path}, tt.cfg)
			if len(docs) != 0 || len(problems) != 1 || problems[0].String() != tt.wantProblem {
				t.Errorf("%d documents, problems %v; want none and %q", len(docs), problems, tt.wantProblem)
			}
		})
	}
}

// billionLaughs is the classic entity expansion attack: &lol9; would expand
// to 10^9 copies of "lol", about 3 GB.
const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE article [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<article><body><p>&lol9;</p></body></article>
`

// TestJATSEntities checks that the JATS reader expands no entity that a
// DTD declares. Go's encoding/xml (src/encoding/xml/xml.go, Go 1.26) returns
// a DOCTYPE with its internal subset as one Directive token without reading
// the declarations in it. It replaces only the five predefined entities,
// character references and the entries of Decoder.Entity, which parseJATS
// sets to xml.HTMLEntity, and it does not expand a replacement again. With
// Strict set, any other entity is a syntax error.
func TestJATSEntities(t *testing.T) {
	tests := []struct {
		name, xml   string
		wantTexts   []string
		wantProblem string
	}{
		{"billion laughs", billionLaughs, nil, "invalid XML: XML syntax error on line 14: invalid character entity &lol9;"},
		{"billion laughs in attribute", strings.Replace(billionLaughs, "<p>&lol9;</p>", `<p id="&lol9;">x</p>`, 1),
			nil, "invalid character entity &lol9;"},
		{"undeclared", `<article><body><p>a &foo; b</p></body></article>`, nil,
			"malformed input: invalid XML: XML syntax error on line 1: invalid character entity &foo;"},
		{"external", `<!DOCTYPE article [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><article><body><p>&xxe;</p></body></article>`,
			nil, "invalid character entity &xxe;"},
		{"HTML and predefined", `<article><body><p>a&nbsp;b &amp; &#233; &lt;</p></body></article>`, []string{"a b & é <"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "article.xml")
			writeRaw(t, path, []byte(tt.xml))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			docs, problems := readAllDocs(t, []string{path}, ReadConfig{})
			runtime.ReadMemStats(&after)

			if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 16<<20 {
				t.Errorf("reading allocated %d bytes, want under 16 MiB", allocated)
			}
			var texts []string
			for _, d := range docs {
				texts = append(texts, paragraphTexts(d)...)
			}
			if !slices.Equal(texts, tt.wantTexts) {
				t.Errorf("paragraphs = %q, want %q", texts, tt.wantTexts)
			}
			switch {
			case tt.wantProblem == "" && len(problems) != 0:
				t.Errorf("problems = %v, want none", problems)
			case tt.wantProblem != "" && (len(problems) != 1 || !strings.Contains(problems[0].Reason, tt.wantProblem)):
				t.Errorf("problems = %v, want one containing %q", problems, tt.wantProblem)
			}
		})
	}
}
