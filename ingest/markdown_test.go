package ingest

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

const markdownSample = `---
title: "Sol-gel routes to LiFePO4"
doi: https://doi.org/10.5555/MD.2024.1
date: 2024-05-01
license: CC-BY-4.0
tags:
  - battery
---

# Sol-gel routes to LiFePO4

## Abstract

We review **sol-gel** routes.
They are *cheap*.

## Methods

Precursors were mixed[^1] in water ([details](https://example.org/x "Title")).
See <https://example.org/data> and ` + "`LiH2PO4`" + ` solutions.

![XRD pattern](xrd.png)

- ball-milled for 2 h
- calcined at 600 &deg;C
  under Ar

1. first step
2. second step

` + "```python\nprint(\"dropped code\")\n```" + `

    indented code, dropped

| Sample | T (°C) |
|--------|-------:|
| A      | 600    |

<div class="note">
HTML block, dropped
</div>

Results
-------

Li_2O and 2*3 stay, ~5 nm stays, ~~struck~~ text.

[^1]: Footnote text, dropped.
[data]: https://example.org/data
`

func TestParseMarkdown(t *testing.T) {
	doc, err := parseMarkdown(markdownSample)
	if err != nil {
		t.Fatalf("parseMarkdown: %v", err)
	}
	if err := checkDocument(doc); err != nil {
		t.Error(err)
	}
	want := []wantParagraph{
		{KindTitle, "", "Sol-gel routes to LiFePO4"},
		{KindAbstract, "", "We review sol-gel routes. They are cheap."},
		{KindHeading, "Methods", "Methods"},
		{KindBody, "Methods", "Precursors were mixed in water (details). See https://example.org/data and LiH2PO4 solutions."},
		{KindBody, "Methods", "ball-milled for 2 h"},
		{KindBody, "Methods", "calcined at 600 °C under Ar"},
		{KindBody, "Methods", "first step"},
		{KindBody, "Methods", "second step"},
		{KindHeading, "Results", "Results"},
		{KindBody, "Results", "Li_2O and 2*3 stay, ~5 nm stays, struck text."},
	}
	if got := paragraphsOf(doc); !slices.Equal(got, want) {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, want)
	}
	if doc.Title != "Sol-gel routes to LiFePO4" || doc.DOI != "10.5555/md.2024.1" || doc.Year != 2024 || doc.License != "CC-BY-4.0" {
		t.Errorf("title, DOI, year, license = %q, %q, %d, %q", doc.Title, doc.DOI, doc.Year, doc.License)
	}
	if doc.Abstract != "We review sol-gel routes. They are cheap." {
		t.Errorf("abstract = %q", doc.Abstract)
	}
	for _, dropped := range []string{"print", "indented code", "Sample", "600    ", "HTML block", "Footnote", "xrd", "XRD", "example.org/x", "[^1]", "https://example.org/data\n"} {
		if strings.Contains(doc.Text, dropped) {
			t.Errorf("text contains %q, which should be dropped", dropped)
		}
	}
}

func TestParseMarkdownBlocks(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		title string
		want  []wantParagraph
	}{
		{"empty", "", "", nil},
		{"setext title", "Title\n=====\n\nBody text\nwraps here.\n", "Title",
			[]wantParagraph{{KindTitle, "", "Title"}, {KindBody, "", "Body text wraps here."}}},
		{"second level-1 heading", "# One\n\n# Two\n\ntext\n", "One",
			[]wantParagraph{{KindTitle, "", "One"}, {KindHeading, "Two", "Two"}, {KindBody, "Two", "text"}}},
		{"title after paragraphs comes first", "intro\n\n# Title\n", "Title",
			[]wantParagraph{{KindTitle, "", "Title"}, {KindBody, "", "intro"}}},
		{"front matter title keeps headings", "---\ntitle: T\n---\n# Other\n\nx\n", "T",
			[]wantParagraph{{KindTitle, "", "T"}, {KindHeading, "Other", "Other"}, {KindBody, "Other", "x"}}},
		{"unclosed front matter is a thematic break", "---\ntitle: T\n", "",
			[]wantParagraph{{KindBody, "", "title: T"}}},
		{"ATX closing hashes", "## Heading ##\ntext", "",
			[]wantParagraph{{KindHeading, "Heading", "Heading"}, {KindBody, "Heading", "text"}}},
		{"hash without space is text", "#hashtag here", "", []wantParagraph{{KindBody, "", "#hashtag here"}}},
		{"thematic break ends paragraph", "a\n***\nb", "", []wantParagraph{{KindBody, "", "a"}, {KindBody, "", "b"}}},
		{"block quote", "> quoted\n> text\n\nafter", "",
			[]wantParagraph{{KindBody, "", "quoted text"}, {KindBody, "", "after"}}},
		{"nested list", "* a\n  * b\n* c", "",
			[]wantParagraph{{KindBody, "", "a"}, {KindBody, "", "b"}, {KindBody, "", "c"}}},
		{"list item with second paragraph", "- a\n\n  more of a\n\nafter", "",
			[]wantParagraph{{KindBody, "", "a"}, {KindBody, "", "more of a"}, {KindBody, "", "after"}}},
		{"number inside paragraph is not a list", "made in\n2019. Then", "",
			[]wantParagraph{{KindBody, "", "made in 2019. Then"}}},
		{"indented code in list", "- a\n\n        code\n\nb", "",
			[]wantParagraph{{KindBody, "", "a"}, {KindBody, "", "b"}}},
		{"unclosed fence drops the rest", "a\n\n```\ncode\n", "", []wantParagraph{{KindBody, "", "a"}}},
		{"tilde fence", "~~~\ncode\n~~~\nb", "", []wantParagraph{{KindBody, "", "b"}}},
		{"fence in a block quote", "> ```\n> code\n> ```\n\nb", "", []wantParagraph{{KindBody, "", "b"}}},
		{"HTML comment over lines", "<!-- a\nb -->\ntext", "", []wantParagraph{{KindBody, "", "text"}}},
		{"inline HTML is not a block", "<span>x</span> y", "", []wantParagraph{{KindBody, "", "x y"}}},
		{"pipe without delimiter row", "a | b\nc", "", []wantParagraph{{KindBody, "", "a | b c"}}},
		{"setext wins over table", "a | b\n---", "", []wantParagraph{{KindHeading, "a | b", "a | b"}}},
		{"abstract ends at same level", "## Abstract\n\nA.\n\n### Detail\n\nB.\n\n## Next\n\nC.", "",
			[]wantParagraph{{KindAbstract, "", "A."}, {KindHeading, "Detail", "Detail"}, {KindAbstract, "Detail", "B."},
				{KindHeading, "Next", "Next"}, {KindBody, "Next", "C."}}},
		{"CRLF", "# T\r\n\r\nx\r\ny\r\n", "T", []wantParagraph{{KindTitle, "", "T"}, {KindBody, "", "x y"}}},
		{"only an image", "![alt](a.png)", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseMarkdown(tt.text)
			if err != nil {
				t.Fatalf("parseMarkdown: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if got := paragraphsOf(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestMarkdownInline(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"emphasis", "*a* _b_ **c** __d__ ***e***", "a b c d e"},
		{"intraword underscore", "snake_case_name", "snake_case_name"},
		{"intraword star", "2*3*4", "234"},
		{"unmatched star", "a * b", "a * b"},
		{"strikethrough", "~~gone~~ ~one~", "gone one"},
		{"approximately", "~5 nm", "~5 nm"},
		{"code span keeps text", "use `a*b*c` here", "use a*b*c here"},
		{"double backtick code", "``a ` b``", "a ` b"},
		{"unclosed backticks", "a `b", "a `b"},
		{"link", "[text *x*](http://a.b/c (d)) end", "text x end"},
		{"reference link", "[text][ref] and [other][]", "text and other"},
		{"citation kept", "as shown [12] and [3, 4]", "as shown [12] and [3, 4]"},
		{"image removed", "a ![alt *x*](i.png) b", "a b"},
		{"footnote reference removed", "word[^note] next", "word next"},
		{"autolink", "<https://a.b/c?d=1>", "https://a.b/c?d=1"},
		{"email autolink", "<me@example.org>", "me@example.org"},
		{"inline HTML removed", "H<sub>2</sub>O <!-- c -->", "H2O"},
		{"less than kept", "a < b and c<5", "a < b and c<5"},
		{"entities", "&amp; &#176; &#x3B1; &nope;", "& ° α &nope;"},
		{"backslash escapes", `\*not\* \_x\_ \[1\]`, "*not* _x_ [1]"},
		{"hard break", "a\\\nb  \nc", "a b c"},
		{"nested brackets", "[a [b] c](u)", "a [b] c"},
		{"unbalanced brackets", "[[[a]", "[[[a]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdInline(tt.in); got != tt.want {
				t.Errorf("mdInline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseFrontMatter(t *testing.T) {
	meta := parseFrontMatter([]string{
		`title: 'It''s "quoted"'`, `doi: "10.1/x"`, `year: 2021 # comment`, `  nested: no`, `list: [a, b]`,
		`block: |`, `Licence: CC0`, `empty:`, `bad: "unclosed`,
	})
	want := map[string]string{"title": `It's "quoted"`, "doi": "10.1/x", "year": "2021", "licence": "CC0"}
	if len(meta) != len(want) {
		t.Errorf("meta = %q, want %q", meta, want)
	}
	for k, v := range want {
		if meta[k] != v {
			t.Errorf("meta[%q] = %q, want %q", k, meta[k], v)
		}
	}
}

func TestParseFrontMatterScalars(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  map[string]string
	}{
		{"plain over lines", []string{"abstract: A long", "  abstract here.", "doi: x"}, map[string]string{"abstract": "A long abstract here.", "doi": "x"}},
		{"quoted over lines", []string{`title: "A \"quoted\"`, `  title"`}, map[string]string{"title": `A "quoted" title`}},
		{"comment ends the value", []string{"year: 2021 # c", "  more"}, map[string]string{"year": "2021"}},
		{"blank line ends a plain value", []string{"a: one", "", "  two"}, map[string]string{"a": "one"}},
		{"folded block", []string{"abstract: >", "  Folded", "  text.", "", "  Second.", "", "doi: x"},
			map[string]string{"abstract": "Folded\ntext.\n\nSecond.", "doi": "x"}},
		{"literal block with indicators", []string{"abstract: |-2 # note", "    Literal", "\tline.", "license: CC0"},
			map[string]string{"abstract": "Literal\nline.", "license": "CC0"}},
		{"keep chomping", []string{"abstract: >+", "  Text.", ""}, map[string]string{"abstract": "Text."}},
		{"empty block", []string{"abstract: |", "doi: x"}, map[string]string{"doi": "x"}},
		{"list is left out", []string{"tags:", "  - a", "  - b", "abstract: x"}, map[string]string{"abstract": "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseFrontMatter(tt.lines); !maps.Equal(got, tt.want) {
				t.Errorf("parseFrontMatter(%q) = %q, want %q", tt.lines, got, tt.want)
			}
		})
	}
}

func TestParseMarkdownFrontMatterAbstract(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		abstract string
		want     []wantParagraph
	}{
		{"plain", "---\ntitle: T\nabstract: We made *LiFePO4*.\n---\n\nBody.\n", "We made LiFePO4.",
			[]wantParagraph{{KindTitle, "", "T"}, {KindAbstract, "", "We made LiFePO4."}, {KindBody, "", "Body."}}},
		{"folded block", "---\nabstract: >-\n  We made\n  LiFePO4.\n\n  It works.\ntitle: T\n---\n# Intro\n\nBody.\n", "We made LiFePO4.\n\nIt works.",
			[]wantParagraph{{KindTitle, "", "T"}, {KindAbstract, "", "We made LiFePO4."}, {KindAbstract, "", "It works."},
				{KindHeading, "Intro", "Intro"}, {KindBody, "Intro", "Body."}}},
		{"literal block without a title", "---\nabstract: |\n  One [link](http://x).\n---\nBody.\n", "One link.",
			[]wantParagraph{{KindAbstract, "", "One link."}, {KindBody, "", "Body."}}},
		{"body abstract wins", "---\nabstract: From the front matter.\n---\n## Abstract\n\nFrom the body.\n", "From the body.",
			[]wantParagraph{{KindAbstract, "", "From the body."}}},
		{"empty abstract", "---\nabstract: \"\"\n---\nBody.\n", "", []wantParagraph{{KindBody, "", "Body."}}},
		{"markup only", "---\nabstract: \"![x](y.png)\"\n---\nBody.\n", "", []wantParagraph{{KindBody, "", "Body."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseMarkdown(tt.text)
			if err != nil {
				t.Fatalf("parseMarkdown: %v", err)
			}
			if err := checkDocument(doc); err != nil {
				t.Error(err)
			}
			if doc.Abstract != tt.abstract {
				t.Errorf("abstract = %q, want %q", doc.Abstract, tt.abstract)
			}
			if got := paragraphsOf(doc); !slices.Equal(got, tt.want) {
				t.Errorf("paragraphs:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{markdownSample, "", "---\ntitle: x\n---", "# a\n\n## Abstract\n\nb", "- [x](y)\n  ```\n",
		"---\nabstract: >-\n  a *b*\n\n  c\ntitle: |\n  t\n---\nx", "---\nabstract: 'a\n  b'\n...\n## Abstract\n",
		"a | b\n--|--\n", "<!--", "*a _b* c_", "[[[[a](b)", "`` ` ``", "> - # x", "\t\tcode\n- a\n\n\tb"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if checkContent(data, 0) != nil {
			return
		}
		doc, err := parseMarkdown(string(data))
		if err != nil {
			t.Fatalf("parseMarkdown: %v", err)
		}
		if err := checkDocument(doc); err != nil {
			t.Fatalf("%v in %q", err, data)
		}
		if doc.Title != "" && paragraphTexts(doc)[0] != doc.Title {
			t.Fatalf("first paragraph %q is not the title %q", paragraphTexts(doc)[0], doc.Title)
		}
		if got := abstractOf(doc); got != doc.Abstract {
			t.Fatalf("abstract %q is not the abstract paragraphs %q", doc.Abstract, got)
		}
		if doc.DOI != "" && normalizeDOI(doc.DOI) != doc.DOI {
			t.Fatalf("DOI %q is not normalized", doc.DOI)
		}
	})
}

func BenchmarkParseMarkdown(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(markdownSample)))
	for b.Loop() {
		if _, err := parseMarkdown(markdownSample); err != nil {
			b.Fatal(err)
		}
	}
}
