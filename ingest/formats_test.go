package ingest

import (
	"path/filepath"
	"slices"
	"testing"
)

func TestDetectNewFormats(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Format
	}{
		{"PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", FormatPDF},
		{"WebAnno", "#FORMAT=WebAnno TSV 3.3\n#T_SP=x|y\n", FormatWebAnno},
		{"WebAnno after BOM", "\uFEFF#FORMAT=WebAnno TSV 3.2\n", FormatWebAnno},
		{"HTML5 doctype", "<!DOCTYPE html>\n<html>", FormatHTML},
		{"lower-case doctype", "  <!doctype html><title>x</title>", FormatHTML},
		{"html element", "<html lang=\"en\">", FormatHTML},
		{"XHTML with declaration and comment", "<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">", FormatHTML},
		{"XHTML root after declaration", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", FormatHTML},
		{"htmlx is not html", "<htmlx>", FormatText},
		{"JATS after declaration", "<?xml version=\"1.0\"?><!DOCTYPE article>", FormatJATS},
		{"unclosed comment", "<!-- never closed <html>", FormatText},
		{"other TSV", "name\tdoi\n", FormatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectFormat([]byte(tt.head)); got != tt.want {
				t.Errorf("detectFormat(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

func TestParseFormatNames(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(string(f))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", f, got, err, f)
		}
	}
	if _, err := ParseFormat("docx"); err == nil {
		t.Error("ParseFormat(docx) succeeded, want an error")
	}
}

func TestWalkNamedNewFormats(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"page.html":         "<!DOCTYPE html><html><head><title>T</title></head><body><p>Body.</p></body></html>",
		"fragment.htm":      "<div><h2>Results</h2><p>Fine.</p></div>",
		"page.xhtml.gz":     "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>X.</p></body></html>",
		"unnamed":           "<!doctype html><p>No name.</p>",
		"text.html":         "Just text, no markup.",
		"notes.md":          "# Notes\n\nSome *text*.",
		"readme.markdown":   "<p align=\"center\">logo</p>\n\nText.",
		"json-looking.md":   "{\"title\": \"not JSON lines\"}",
		"forced.txt":        "# Heading\n\ntext",
		"tsv-named-txt.txt": "#FORMAT=WebAnno TSV 3.3\n#T_SP=x.E|f\n\n#Text=a\n1-1\t0-1\ta\t_\t\n",
	})
	tests := []struct {
		file   string
		cfg    ReadConfig
		format Format
		texts  []string
		reason string
	}{
		{"page.html", ReadConfig{}, FormatHTML, []string{"T", "Body."}, ""},
		{"fragment.htm", ReadConfig{}, FormatHTML, []string{"Results", "Fine."}, ""},
		{"page.xhtml.gz", ReadConfig{}, FormatHTML, []string{"X."}, ""},
		{"unnamed", ReadConfig{}, FormatHTML, []string{"No name."}, ""},
		{"text.html", ReadConfig{}, "", nil, "malformed input: the file extension is for html but the content looks like text; set the format explicitly to read it anyway"},
		{"notes.md", ReadConfig{}, FormatMarkdown, []string{"Notes", "Some text."}, ""},
		{"readme.markdown", ReadConfig{}, FormatMarkdown, []string{"Text."}, ""},
		{"json-looking.md", ReadConfig{}, FormatMarkdown, []string{`{"title": "not JSON lines"}`}, ""},
		{"forced.txt", ReadConfig{Format: FormatMarkdown}, FormatMarkdown, []string{"Heading", "text"}, ""},
		{"tsv-named-txt.txt", ReadConfig{}, FormatWebAnno, []string{"a"}, ""},
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
