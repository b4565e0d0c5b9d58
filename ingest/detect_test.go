package ingest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDetectMarkdown(t *testing.T) {
	prose := strings.Repeat("A line of plain prose.\n", markdownStructureLines)
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"front matter then text", "---\ntitle: LiFePO4\n---\nThe powder was calcined.\n", FormatMarkdown},
		{"front matter with BOM and CRLF", "\uFEFF---\r\ntitle: x\r\n---\r\nText.\r\n", FormatMarkdown},
		{"front matter with nested values", "---\n# comment\ntags:\n  - a\nabstract: >\n  Folded.\n\n  More.\n...\nText.", FormatMarkdown},
		{"front matter alone", "---\ntitle: x\n---\n", FormatMarkdown},
		{"rule lines around prose", "---\nNot YAML at all.\n---\nText.", FormatText},
		{"unclosed front matter", "---\ntitle: x\nText goes on.", FormatText},
		{"front matter without keys", "---\n\n---\nText.", FormatText},
		{"front matter after a blank line", "\n---\ntitle: x\n---\nText.", FormatText},
		{"heading then list", "# Synthesis\n\n- mixed\n- calcined\n", FormatMarkdown},
		{"heading then heading after a paragraph", "\n\n# Title\n\nSome text.\n\n## Methods\n", FormatMarkdown},
		{"heading then link", "## Notes\nSee [the data](https://example.org/d).", FormatMarkdown},
		{"heading then code span", "# Notes\nUse `LiH2PO4` here.", FormatMarkdown},
		{"heading then fence", "# Notes\n```\ncode\n```", FormatMarkdown},
		{"heading then setext underline", "# Notes\nPart\n----\n", FormatMarkdown},
		{"heading then prose only", "# Notes\n\nplain text\nmore text, 3 * 4 = 12 and [1].\n", FormatText},
		{"structure on the last line looked at", "# Notes\n" + prose[len("A line of plain prose.\n"):] + "## Later\n", FormatMarkdown},
		{"structure too far down", "# Notes\n" + prose + "## Later\n", FormatText},
		{"hash without a space", "#hashtag\n- a\n- b\n", FormatText},
		{"list without a heading", "- a\n- b\n", FormatText},
		{"WebAnno comment lines", "#FORMAT=WebAnno TSV 3.3\n# x\n- y\n", FormatWebAnno},
		{"JSON with a heading string", "{\"text\": \"# Title\\n- a\"}\n", FormatS2ORC},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectFormat([]byte(tt.head)); got != tt.want {
				t.Errorf("detectFormat(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

func TestWalkDetectsMarkdown(t *testing.T) {
	dir := t.TempDir()
	longFrontMatter := "---\ntitle: Long\nabstract: |\n" + strings.Repeat("  A line of the abstract.\n", 200) + "---\nBody.\n"
	writeFiles(t, dir, map[string]string{
		"paper.txt":      "---\ntitle: Sol-gel LiFePO4\nabstract: We made it.\n---\n# Sol-gel LiFePO4\n\nThe *gel* was dried.\n",
		"noext":          "# Sol-gel LiFePO4\n\n## Methods\n\nThe gel was dried.\n",
		"long.txt":       longFrontMatter,
		"plain.txt":      "# not a heading in a text file\n\nJust prose.\n",
		"notes.xml.gz":   "# Notes\n\n- a\n",
		"forced.txt.gz":  "# Title\n\n- item\n",
		"front-only.txt": "---\ntitle: Only front matter\n---\n",
	})
	tests := []struct {
		file   string
		cfg    ReadConfig
		format Format
		texts  []string
		reason string
	}{
		{"paper.txt", ReadConfig{}, FormatMarkdown, []string{"Sol-gel LiFePO4", "We made it.", "The gel was dried."}, ""},
		{"noext", ReadConfig{}, FormatMarkdown, []string{"Sol-gel LiFePO4", "Methods", "The gel was dried."}, ""},
		{"long.txt", ReadConfig{}, FormatMarkdown, []string{"Long", strings.TrimSpace(strings.Repeat("A line of the abstract. ", 200)), "Body."}, ""},
		{"plain.txt", ReadConfig{}, FormatText, []string{"# not a heading in a text file", "Just prose."}, ""},
		{"notes.xml.gz", ReadConfig{}, "", nil, "malformed input: the file extension is for jats but the content looks like markdown; set the format explicitly to read it anyway"},
		{"forced.txt.gz", ReadConfig{Format: FormatText}, FormatText, []string{"# Title", "- item"}, ""},
		{"front-only.txt", ReadConfig{}, FormatMarkdown, []string{"Only front matter"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			docs, problems := readAllDocs(t, []string{filepath.Join(dir, tt.file)}, tt.cfg)
			if tt.reason != "" {
				if len(docs) != 0 || len(problems) != 1 || problems[0].Reason != tt.reason {
					t.Errorf("%d documents, problems %v; want none and %q", len(docs), problems, tt.reason)
				}
				return
			}
			if len(docs) != 1 || len(problems) != 0 {
				t.Fatalf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
			}
			if docs[0].Format != tt.format {
				t.Errorf("format = %q, want %q", docs[0].Format, tt.format)
			}
			if got := paragraphTexts(docs[0]); !slices.Equal(got, tt.texts) {
				t.Errorf("paragraphs = %q, want %q", got, tt.texts)
			}
		})
	}
}

func TestReadStdinMarkdown(t *testing.T) {
	cfg := ReadConfig{TempDir: t.TempDir(), Stdin: strings.NewReader("---\ntitle: From stdin\nabstract: >\n  Piped\n  in.\n---\n\n## Methods\n\nMixed.\n")}
	docs, problems := readAllDocs(t, []string{StdinPath}, cfg)
	if len(docs) != 1 || len(problems) != 0 {
		t.Fatalf("%d documents, problems %v; want 1 document and no problem", len(docs), problems)
	}
	doc := docs[0]
	want := []wantParagraph{{KindTitle, "", "From stdin"}, {KindAbstract, "", "Piped in."}, {KindHeading, "Methods", "Methods"}, {KindBody, "Methods", "Mixed."}}
	if doc.Format != FormatMarkdown || doc.SourcePath != StdinPath || doc.Abstract != "Piped in." {
		t.Errorf("format %q, source %q, abstract %q; want markdown, %q and %q", doc.Format, doc.SourcePath, doc.Abstract, StdinPath, "Piped in.")
	}
	if got := paragraphsOf(doc); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
}

// TestDetectTextCorpora checks that content detection keeps every plain
// text of the real corpora as text: the .txt files of the MSPT brat corpus
// (read alone, without their .ann files) and of the SOFC-Exp texts.
func TestDetectTextCorpora(t *testing.T) {
	for _, corpus := range []struct{ name, folder string }{{"mspt", "brat"}, {"sofc-exp", "texts"}} {
		t.Run(corpus.name, func(t *testing.T) {
			paths, err := filepath.Glob(filepath.Join(sharedData(t, corpus.name), corpus.folder, "*.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if len(paths) == 0 {
				t.Fatalf("no .txt files in %s/%s", corpus.name, corpus.folder)
			}
			for _, path := range paths {
				src, err := openSource(path, ReadConfig{}.withDefaults())
				if err != nil {
					t.Fatal(err)
				}
				format, err := resolveFormat(path, src, FormatAuto)
				src.Close()
				if err != nil || format != FormatText {
					t.Errorf("%s: format %q, error %v; want text", filepath.Base(path), format, err)
				}
			}
			t.Logf("%d files", len(paths))
		})
	}
}
