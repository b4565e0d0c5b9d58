package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWalkSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"data/a.txt": "A.", "data/sub/c.txt": "C.", "other/b.txt": "B."})
	data := filepath.Join(dir, "data")
	links := []struct {
		name, target string
		wantDoc      bool   // the link is read as a document
		wantReason   string // part of the Problem's reason; empty for none
	}{
		{"inside.txt", "a.txt", true, ""},
		{"subfile.txt", "sub/c.txt", true, ""},
		{"hop.txt", "inside.txt", true, ""},
		{"outfile.txt", "../other/b.txt", false, "symbolic link not followed: its target ../other/b.txt is outside the input folder " + data},
		{"via.txt", "outfile.txt", false, "symbolic link not followed: its target outfile.txt is outside the input folder"},
		{"absfile.txt", filepath.Join(data, "a.txt"), false, "symbolic link not followed: its target " + filepath.Join(data, "a.txt") + " is absolute"},
		{"outdir", "../other", false, "symbolic link not followed: its target ../other is outside the input folder"},
		{"broken.txt", "missing.txt", false, "broken symbolic link"},
		{"loop", ".", false, ""},
		{"subdir", "sub", false, ""},
	}
	for _, l := range links {
		if err := os.Symlink(l.target, filepath.Join(data, l.name)); err != nil {
			t.Skipf("symbolic links not supported: %v", err)
		}
	}

	docs, problems := readAllDocs(t, []string{data}, ReadConfig{})
	got := sourceNames(t, dir, docs)
	want := []string{"data/a.txt", "data/hop.txt", "data/inside.txt", "data/sub/c.txt", "data/subfile.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("documents from %q, want %q", got, want)
	}
	reasons := map[string][]string{}
	for _, p := range problems {
		reasons[filepath.Base(p.Path)] = append(reasons[filepath.Base(p.Path)], p.Reason)
	}
	for _, l := range links {
		t.Run(l.name, func(t *testing.T) {
			got := reasons[l.name]
			switch {
			case l.wantReason == "" && len(got) != 0:
				t.Errorf("problems %q, want none", got)
			case l.wantReason != "" && (len(got) != 1 || !strings.Contains(got[0], l.wantReason)):
				t.Errorf("problems %q, want one containing %q", got, l.wantReason)
			}
		})
	}
	if len(problems) != 5 {
		t.Errorf("%d problems, want 5: %v", len(problems), problems)
	}
}

func TestWalkSymlinkNamedDirectly(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"other/b.txt": "B."})
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(filepath.Join(dir, "other", "b.txt"), link); err != nil {
		t.Skipf("symbolic links not supported: %v", err)
	}
	docs, problems := readAllDocs(t, []string{link}, ReadConfig{})
	if len(docs) != 1 || len(problems) != 0 {
		t.Errorf("%d documents, problems %v; want the named link read", len(docs), problems)
	}
}

// TestReadInputRootEscape shows that os.Root, not the walk's listing, stops
// a read through a link that leaves the input folder: an Input that names
// such a link is reported, not read.
func TestReadInputRootEscape(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"data/a.txt": "A.", "other/b.txt": "B."})
	data := filepath.Join(dir, "data")
	if err := os.Symlink("../other/b.txt", filepath.Join(data, "out.txt")); err != nil {
		t.Skipf("symbolic links not supported: %v", err)
	}

	tests := []struct {
		name       string
		in         Input
		wantDocs   int
		wantReason string
	}{
		{"inside", Input{Path: filepath.Join(data, "a.txt"), Root: data}, 1, ""},
		{"link out", Input{Path: filepath.Join(data, "out.txt"), Root: data}, 0, "path escapes from parent"},
		{"path out", Input{Path: filepath.Join(dir, "other", "b.txt"), Root: data}, 0, "path escapes from parent"},
		{"no root", Input{Path: filepath.Join(data, "out.txt")}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var docs []Document
			var problems []Problem
			err := ReadInput(tt.in, ReadConfig{}, func(d Document) error {
				docs = append(docs, d)
				return nil
			}, func(p Problem) { problems = append(problems, p) })
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != tt.wantDocs {
				t.Errorf("documents = %d, want %d", len(docs), tt.wantDocs)
			}
			if tt.wantReason != "" && (len(problems) != 1 || !strings.Contains(problems[0].Reason, tt.wantReason)) {
				t.Errorf("problems = %v, want one containing %q", problems, tt.wantReason)
			}
		})
	}
}

func TestWalkSkipsFolderNotes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"README.md", "readme.txt", "LICENSE.txt", "CHANGELOG.md", "paper.md", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("# A title\n\nSome text about LiCoO2.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, problems := readAllDocs(t, []string{dir}, ReadConfig{})
	var got []string
	for _, d := range docs {
		got = append(got, filepath.Base(d.SourcePath))
	}
	if strings.Join(got, ",") != "notes.txt,paper.md" || len(problems) != 0 {
		t.Errorf("walk read %v with problems %v, want notes.txt and paper.md only", got, problems)
	}
	named, _ := readAllDocs(t, []string{filepath.Join(dir, "README.md")}, ReadConfig{})
	if len(named) != 1 {
		t.Errorf("a README.md named on the command line gave %d documents, want 1", len(named))
	}
}
