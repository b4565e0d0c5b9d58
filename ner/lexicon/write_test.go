package lexicon

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// sampleLexicon returns a small lexicon with every field set somewhere.
func sampleLexicon() *Lexicon {
	return &Lexicon{
		Sources: []Source{{"solid.json.gz", "2019-12-03", 2}, {"solgel.json", "2020-07-13", 1}},
		Materials: []Material{
			{Text: "Fe(NO3)3·9H2O", Formula: "Fe(NO3)3·9H2O", PrecursorCount: 997, MediumCount: 6},
			{Text: "Li2CO3", Formula: "Li2CO3", PrecursorCount: 2337, TargetCount: 1},
			{Text: "air", AtmosphereCount: 16457, MediumCount: 99},
			{Text: "iron(III) chloride hexahydrate", Formula: "FeCl3·6H2O", PrecursorCount: 3},
		},
		Operations: []Operation{
			{Token: "calcined", Type: "HeatingOperation", Count: 12673},
			{Token: "calcines", Type: "HeatingOperation", Derived: true},
			{Token: "mixed", Type: "Mixing", Count: 9751},
			{Token: "mixed", Type: "MixingOperation", Count: 3383},
		},
		Apparatus: []Apparatus{
			{Name: "agate", Count: 4929},
			{Name: "ball mill", Curated: true},
		},
	}
}

func TestWriteLoadRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		lex  func(t *testing.T) *Lexicon
	}{
		{"sample", func(*testing.T) *Lexicon { return sampleLexicon() }},
		{"no sources", func(*testing.T) *Lexicon { l := sampleLexicon(); l.Sources = nil; return l }},
		{"shipped", func(t *testing.T) *Lexicon {
			l, err := Default()
			if err != nil {
				t.Fatalf("Default: %v", err)
			}
			return l
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.lex(t)
			dir := t.TempDir()
			if err := want.Write(dir); err != nil {
				t.Fatalf("Write: %v", err)
			}
			got, err := Load(os.DirFS(dir), ".")
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip differs:\ngot  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestWriteFiles(t *testing.T) {
	dir := t.TempDir()
	if err := sampleLexicon().Write(dir); err != nil {
		t.Fatalf("Write: %v", err)
	}
	text, err := os.ReadFile(filepath.Join(dir, OperationsFile))
	if err != nil {
		t.Fatal(err)
	}
	want := sourcePrefix + "solid.json.gz (release 2019-12-03, 2 reactions), solgel.json (release 2020-07-13, 1 reactions)\n" +
		"token\ttype\tcount\tderived\n" +
		"calcined\tHeatingOperation\t12673\tno\n" +
		"calcines\tHeatingOperation\t0\tyes\n" +
		"mixed\tMixing\t9751\tno\n" +
		"mixed\tMixingOperation\t3383\tno\n"
	if string(text) != want {
		t.Errorf("got operations.tsv\n%s\nwant\n%s", text, want)
	}

	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got, want := strings.Join(names, " "), "apparatus.tsv materials.tsv operations.tsv"; got != want {
		t.Errorf("got files %q, want %q (no temporary files left)", got, want)
	}
}

// TestWriteGzipSwitch checks that a table over the threshold is written
// compressed, and that the plain and compressed spellings replace each
// other when the size crosses the threshold.
func TestWriteGzipSwitch(t *testing.T) {
	big := sampleLexicon()
	for i := range 10000 {
		big.Materials = append(big.Materials, Material{Text: fmt.Sprintf("Zz%05dO3", i), Formula: "x", TargetCount: 1})
	}
	dir := t.TempDir()
	if err := sampleLexicon().Write(dir); err != nil {
		t.Fatal(err)
	}
	if err := big.Write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, MaterialsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got plain %s next to the .gz file (stat error %v), want it removed", MaterialsFile, err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, MaterialsFile+".gz"))
	if err != nil {
		t.Fatalf("read compressed table: %v", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("got invalid gzip: %v", err)
	}
	if zr.Header.Name != "" || !zr.Header.ModTime.IsZero() {
		t.Errorf("got gzip header name %q time %v, want none so output is reproducible", zr.Header.Name, zr.Header.ModTime)
	}
	got, err := Load(os.DirFS(dir), ".")
	if err != nil || len(got.Materials) != len(big.Materials) {
		t.Fatalf("Load: got %d materials, error %v; want %d", len(got.Materials), err, len(big.Materials))
	}

	if err := sampleLexicon().Write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, MaterialsFile+".gz")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got stale %s.gz after a small write (stat error %v), want it removed", MaterialsFile, err)
	}
}

func TestWriteRejectsUnreadableFields(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Lexicon)
		want   string
	}{
		{"tab in material", func(l *Lexicon) { l.Materials[0].Text = "a\tb" }, "contains a tab or line break"},
		{"newline in type", func(l *Lexicon) { l.Operations[0].Type = "Heat\n" }, "contains a tab or line break"},
		{"comma in source", func(l *Lexicon) { l.Sources[0].File = "a,b.json" }, "contains a comma"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := sampleLexicon()
			tc.modify(l)
			err := l.Write(t.TempDir())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// validTables returns the sample lexicon's tables as a file system, so a
// test can break one file.
func validTables(t *testing.T) fstest.MapFS {
	t.Helper()
	dir := t.TempDir()
	if err := sampleLexicon().Write(dir); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, name := range []string{MaterialsFile, OperationsFile, ApparatusFile} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		fsys["lex/"+name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

func TestLoadRejectsMalformed(t *testing.T) {
	const comment = "# a comment\n"
	matHeader := strings.Join(materialColumns, "\t") + "\n"
	opHeader := strings.Join(operationColumns, "\t") + "\n"
	apHeader := strings.Join(apparatusColumns, "\t") + "\n"
	tests := []struct {
		name, file, text, want string
	}{
		{"too few fields", MaterialsFile, comment + matHeader + "Li2CO3\tLi2CO3\t1\n",
			"lex/materials.tsv:3: malformed line: got 3 fields, want 7"},
		{"bad count", MaterialsFile, matHeader + "Li2CO3\tLi2CO3\tmany\t0\t0\t0\tprecursor\n",
			`lex/materials.tsv:2: malformed line: invalid precursor_count "many"`},
		{"negative count", ApparatusFile, apHeader + "agate\t-3\tno\n",
			`lex/apparatus.tsv:2: malformed line: invalid count "-3"`},
		{"role mismatch", MaterialsFile, matHeader + "air\t\t0\t0\t5\t0\tmedium\n",
			`lex/materials.tsv:2: malformed line: role "medium" does not match the counts, want "atmosphere"`},
		{"unknown role", MaterialsFile, matHeader + "air\t\t0\t0\t5\t0\tgas\n",
			`lex/materials.tsv:2: malformed line: unknown role "gas"`},
		{"bad derived", OperationsFile, opHeader + "mixed\tMixing\t3\tmaybe\n",
			`lex/operations.tsv:2: malformed line: invalid derived "maybe", want yes or no`},
		{"duplicate", OperationsFile, opHeader + "mixed\tMixing\t3\tno\nmixed\tMixing\t4\tno\n",
			`lex/operations.tsv:3: malformed line: duplicate operation "mixed" with type "Mixing"`},
		{"empty token", OperationsFile, opHeader + "\tMixing\t3\tno\n",
			"lex/operations.tsv:2: malformed line: empty token or type field"},
		{"empty line", ApparatusFile, apHeader + "agate\t3\tno\n\n",
			"lex/apparatus.tsv:3: malformed line: got 1 fields, want 3"},
		{"wrong header", ApparatusFile, comment + "name\tcount\n",
			`lex/apparatus.tsv:2: malformed line: got header "name\tcount"`},
		{"no header", ApparatusFile, comment, "lex/apparatus.tsv: malformed line: missing header line"},
		{"bad source line", MaterialsFile, sourcePrefix + "x.json\n" + matHeader,
			`lex/materials.tsv:1: malformed line: source "x.json" is not`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := validTables(t)
			fsys["lex/"+tc.file] = &fstest.MapFile{Data: []byte(tc.text)}
			_, err := Load(fsys, "lex")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one starting with %q", err, tc.want)
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("got error %v, want it to wrap ErrMalformed", err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "lex/"+tc.file {
				t.Errorf("got error %#v, want a *ParseError for lex/%s", err, tc.file)
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name   string
		modify func(fstest.MapFS)
		want   string
	}{
		{"missing table", func(fsys fstest.MapFS) { delete(fsys, "lex/apparatus.tsv") }, "lex/apparatus.tsv"},
		{"both spellings", func(fsys fstest.MapFS) { fsys["lex/apparatus.tsv.gz"] = fsys["lex/apparatus.tsv"] },
			"both lex/apparatus.tsv and lex/apparatus.tsv.gz exist"},
		{"corrupt gzip", func(fsys fstest.MapFS) {
			fsys["lex/operations.tsv.gz"] = &fstest.MapFile{Data: []byte("this is not a gzip stream")}
			delete(fsys, "lex/operations.tsv")
		}, "lex/operations.tsv.gz: gzip: invalid header"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := validTables(t)
			tc.modify(fsys)
			_, err := Load(fsys, "lex")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDefault(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	again, _ := Default()
	if again != l {
		t.Error("got a different *Lexicon on the second call, want the same")
	}
	minimum := map[string][2]int{
		"materials":  {len(l.Materials), 10000},
		"operations": {len(l.Operations), 500},
		"apparatus":  {len(l.Apparatus), 20},
		"sources":    {len(l.Sources), 2},
	}
	for name, n := range minimum {
		if n[0] < n[1] {
			t.Errorf("got %d %s, want at least %d", n[0], name, n[1])
		}
	}
	if m := findMaterial(l, "Li2CO3"); m == nil || m.PrecursorCount < 1000 {
		t.Errorf("got Li2CO3 %+v, want a precursor count of at least 1000", m)
	}
}

// FuzzLoad checks that Load never panics on any materials table and that
// whatever it accepts survives Write and Load unchanged.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(sourcePrefix + "a.json (release 1, 2 reactions)\n" + strings.Join(materialColumns, "\t") + "\nLi2CO3\tLi2CO3\t1\t0\t0\t0\tprecursor\n"))
	f.Add([]byte("# c\n" + strings.Join(materialColumns, "\t") + "\nair\t\t0\t0\t1\t1\tatmosphere,medium\n"))
	f.Add([]byte(strings.Join(materialColumns, "\t") + "\nx\t\t-1\t0\t0\t0\t\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"materials.tsv":  &fstest.MapFile{Data: data},
			"operations.tsv": &fstest.MapFile{Data: []byte(strings.Join(operationColumns, "\t") + "\n")},
			"apparatus.tsv":  &fstest.MapFile{Data: []byte(strings.Join(apparatusColumns, "\t") + "\n")},
		}
		l, err := Load(fsys, ".")
		if err != nil {
			return
		}
		dir := t.TempDir()
		if err := l.Write(dir); err != nil {
			return // fields Load accepts but Write rejects, such as a comma in a source name
		}
		again, err := Load(os.DirFS(dir), ".")
		if err != nil {
			t.Fatalf("Load after Write: %v", err)
		}
		if !reflect.DeepEqual(again, l) {
			t.Errorf("round trip differs:\ngot  %+v\nwant %+v", again, l)
		}
	})
}
