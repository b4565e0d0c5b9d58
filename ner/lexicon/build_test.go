package lexicon

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the shipped tables in data/ from the real dataset files")

func TestBuildRealData(t *testing.T) {
	l := builtLexicon(t)

	t.Run("sources", func(t *testing.T) {
		want := []string{SolidStateFile + " 2019-12-03", SolGelFile + " 2020-07-13"}
		var got []string
		for _, s := range l.Sources {
			got = append(got, s.File+" "+s.ReleaseDate)
			if s.Reactions < 1000 {
				t.Errorf("source %s: got %d reactions, want at least 1000", s.File, s.Reactions)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("got sources %q, want %q", got, want)
		}
	})

	materials := []struct {
		text, formula string
		role          Role
		minCount      int
	}{
		{"Li2CO3", "Li2CO3", RolePrecursor, 1000},
		{"TiO2", "TiO2", RolePrecursor, 1000},
		{"lithium carbonate", "Li2CO3", RolePrecursor, 10},
		{"air", "", RoleAtmosphere, 1000},
		{"Ar", "Ar", RoleAtmosphere, 50},
		{"ethanol", "", RoleMedium, 1000},
		{"BaFe12O19", "BaFe12O19", RoleTarget, 10},
	}
	for _, tc := range materials {
		t.Run("material "+tc.text, func(t *testing.T) {
			m := findMaterial(l, tc.text)
			if m == nil {
				t.Fatalf("material %q missing", tc.text)
			}
			if tc.formula != "" && m.Formula != tc.formula {
				t.Errorf("got formula %q, want %q", m.Formula, tc.formula)
			}
			if m.Roles()&tc.role == 0 {
				t.Errorf("got roles %q, want them to include %q", m.Roles(), tc.role)
			}
			if m.Count() < tc.minCount {
				t.Errorf("got count %d, want at least %d", m.Count(), tc.minCount)
			}
		})
	}

	operations := []struct {
		token, typ string
		derived    bool
	}{
		{"calcined", "HeatingOperation", false},
		{"heated", "HeatingOperation", false},
		{"ballmilled", "Mixing", false},
		{"ball-milled", "Mixing", true},
		{"re-sintering", "HeatingOperation", false},
		{"calcines", "HeatingOperation", true},
		{"stirs", "MixingOperation", true},
	}
	for _, tc := range operations {
		t.Run("operation "+tc.token, func(t *testing.T) {
			op := findOperation(l, tc.token, tc.typ)
			if op == nil {
				t.Fatalf("operation %q with type %s missing", tc.token, tc.typ)
			}
			if op.Derived != tc.derived {
				t.Errorf("got derived %v, want %v", op.Derived, tc.derived)
			}
			if got := op.Count > 0; got == tc.derived {
				t.Errorf("got count %d for derived=%v", op.Count, op.Derived)
			}
		})
	}

	t.Run("apparatus", func(t *testing.T) {
		if ap := findApparatus(l, "ball mill"); ap == nil || !ap.Curated {
			t.Errorf("got ball mill %+v, want a curated entry", ap)
		}
		if ap := findApparatus(l, "agate"); ap == nil || ap.Curated || ap.Count < 1000 {
			t.Errorf("got agate %+v, want a dataset entry with count >= 1000", ap)
		}
		if ap := findApparatus(l, "water"); ap != nil {
			t.Errorf("got water as apparatus %+v, want it left out as a material", ap)
		}
	})

	t.Run("noise left out", func(t *testing.T) {
		for _, s := range []string{"acid", "ambient", "the", "lead"} {
			if m := findMaterial(l, s); m != nil {
				t.Errorf("got material %+v, want %q filtered", m, s)
			}
		}
		for _, op := range l.Operations {
			if excludedOperations[op.Token] || strings.HasSuffix(op.Token, "ly") {
				t.Errorf("got operation %+v, want it excluded", op)
			}
		}
	})

	t.Run("sorted", func(t *testing.T) {
		if !slices.IsSortedFunc(l.Materials, func(x, y Material) int { return strings.Compare(x.Text, y.Text) }) {
			t.Error("materials not sorted by Text")
		}
		if !slices.IsSortedFunc(l.Apparatus, func(x, y Apparatus) int { return strings.Compare(x.Name, y.Name) }) {
			t.Error("apparatus not sorted by Name")
		}
	})
}

// TestShippedDataCurrent checks that the embedded tables are what Build
// makes of the real dataset files now, so a change to the rules cannot go
// out without regenerated data. With -update it regenerates them.
func TestShippedDataCurrent(t *testing.T) {
	if *update {
		if err := Generate(sharedData(t, "text-mined-synthesis"), "data"); err != nil {
			t.Fatalf("Generate: %v", err)
		}
		t.Skip("data/ regenerated; rebuild the test binary to check the embedded copy")
	}
	want := builtLexicon(t)
	got, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("embedded lexicon (%d materials, %d operations, %d apparatus) differs from a fresh build (%d, %d, %d); run go test -run TestShippedDataCurrent -update",
			len(got.Materials), len(got.Operations), len(got.Apparatus),
			len(want.Materials), len(want.Operations), len(want.Apparatus))
	}

	readme, err := shipped.ReadFile("data/README.md")
	if err != nil {
		t.Fatalf("read embedded README.md: %v", err)
	}
	var buf bytes.Buffer
	if err := readmeTemplate.Execute(&buf, countsOf(want)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readme, buf.Bytes()) {
		t.Errorf("data/README.md is stale; run go test -run TestShippedDataCurrent -update")
	}
}

// solidStateJSON has the solid-state layout: conditions null or an object
// of lists.
const solidStateJSON = `{"release_date": "2019-12-03", "reactions": [
 {"doi": "10.1/a", "target": {"material_string": "LiCoO2", "material_formula": "LiCoO2", "oxygen_deficiency": null},
  "precursors": [
   {"material_string": "Li2CO3", "material_formula": "Li2CO3", "oxygen_deficiency": false},
   {"material_string": "Co3O4", "material_formula": "Co3O4"}],
  "operations": [
   {"token": "Mixed", "type": "Mixing", "conditions": {"heating_temperature": [], "heating_time": [],
     "heating_atmosphere": [], "mixing_device": ["agate"], "mixing_media": ["ethanol"]}},
   {"token": "calcined", "type": "HeatingOperation", "conditions": {"heating_temperature": [],
     "heating_time": [], "heating_atmosphere": ["air"], "mixing_device": [], "mixing_media": []}},
   {"token": "uniaxially", "type": "ShapingOperation", "conditions": null}]},
 {"doi": "10.1/b", "target": {"material_string": "LiCoO2", "material_formula": "LiCoO2"},
  "precursors": [{"material_string": "Li2CO3", "material_formula": "Li2CO3"},
   {"material_string": "cobalt  oxide", "material_formula": "Co3O4"}],
  "operations": [{"token": "calcined", "type": "HeatingOperation", "conditions": null},
   {"token": "mixed", "type": "Mixing", "conditions": {"heating_temperature": [], "heating_time": [],
     "heating_atmosphere": ["air"], "mixing_device": ["agate"], "mixing_media": ["ethanol"]}}]}]}`

// solGelJSON has the sol-gel layout: condition keys null or, for
// mixing_device and mixing_media, a single string, and a material_name.
const solGelJSON = `{"release_date": "2020-07-13", "reactions": [
 {"synthesis_type": "sol-gel", "target": {"material_string": "LiCoO2", "material_name": "", "material_formula": "LiCoO2", "oxygen_deficiency": "x"},
  "precursors": [{"material_string": "LiNO3", "material_name": "lithium nitrate", "material_formula": "LiNO3"},
   {"material_string": "lithium nitrate", "material_name": "lithium nitrate", "material_formula": "LiNO3"}],
  "operations": [{"token": "stirred", "type": "MixingOperation", "conditions": {"heating_temperature": null,
     "heating_time": null, "heating_atmosphere": null, "mixing_device": "agate", "mixing_media": "ethanol"}},
   {"token": "stirred", "type": "MixingOperation", "conditions": {"heating_temperature": null,
     "heating_time": null, "heating_atmosphere": ["air"], "mixing_device": null, "mixing_media": null}}]}]}`

// writeSources writes the two sample files, the solid-state one
// gzip-compressed, and returns their paths.
func writeSources(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(solidStateJSON))
	zw.Close()
	paths := []string{filepath.Join(dir, "solid.json.gz"), filepath.Join(dir, "solgel.json")}
	if err := os.WriteFile(paths[0], gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paths[1], []byte(solGelJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	return paths
}

func TestBuildSample(t *testing.T) {
	l, err := Build(BuildConfig{Files: writeSources(t), MinApparatusCount: 1})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}

	wantSources := []Source{{"solid.json.gz", "2019-12-03", 2}, {"solgel.json", "2020-07-13", 1}}
	if !reflect.DeepEqual(l.Sources, wantSources) {
		t.Errorf("got sources %+v, want %+v", l.Sources, wantSources)
	}

	wantMaterials := []Material{
		{Text: "Co3O4", Formula: "Co3O4", PrecursorCount: 1},
		{Text: "Li2CO3", Formula: "Li2CO3", PrecursorCount: 2},
		{Text: "LiCoO2", Formula: "LiCoO2", TargetCount: 3},
		{Text: "LiNO3", Formula: "LiNO3", PrecursorCount: 1},
		{Text: "air", AtmosphereCount: 3},
		{Text: "cobalt oxide", Formula: "Co3O4", PrecursorCount: 1},
		{Text: "ethanol", MediumCount: 3},
		{Text: "lithium nitrate", Formula: "LiNO3", PrecursorCount: 2},
	}
	// "cobalt oxide" is a name seen once, below the default MinNameCount of
	// 2, so the default build leaves it out.
	wantMaterials = slices.DeleteFunc(wantMaterials, func(m Material) bool { return m.Text == "cobalt oxide" })
	if !reflect.DeepEqual(l.Materials, wantMaterials) {
		t.Errorf("got materials\n%+v\nwant\n%+v", l.Materials, wantMaterials)
	}

	wantObserved := []Operation{
		{Token: "calcined", Type: "HeatingOperation", Count: 2},
		{Token: "mixed", Type: "Mixing", Count: 2},
		{Token: "stirred", Type: "MixingOperation", Count: 2},
	}
	var observed []Operation
	for _, op := range l.Operations {
		if !op.Derived {
			observed = append(observed, op)
		}
	}
	if !reflect.DeepEqual(observed, wantObserved) {
		t.Errorf("got observed operations %+v, want %+v", observed, wantObserved)
	}
	if op := findOperation(l, "stirring", "MixingOperation"); op == nil || !op.Derived {
		t.Errorf("got stirring %+v, want a derived MixingOperation", op)
	}

	if ap := findApparatus(l, "agate"); ap == nil || ap.Count != 3 {
		t.Errorf("got agate %+v, want count 3", ap)
	}
}

func TestBuildThresholds(t *testing.T) {
	l, err := Build(BuildConfig{Files: writeSources(t), MinNameCount: 1, MinFormulaCount: 2})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if findMaterial(l, "cobalt oxide") == nil {
		t.Error("got no cobalt oxide with MinNameCount 1, want it kept")
	}
	if m := findMaterial(l, "Co3O4"); m != nil {
		t.Errorf("got %+v with MinFormulaCount 2, want Co3O4 (seen once) left out", m)
	}
}

func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"release_date": "x", "reactions": [{"target": {}}, {"operations": 7}]}`), 0o644)
	noReactions := filepath.Join(dir, "empty.json")
	os.WriteFile(noReactions, []byte(`{"release_date": "x"}`), 0o644)
	badList := filepath.Join(dir, "badlist.json")
	os.WriteFile(badList, []byte(`{"reactions": [{"operations": [{"conditions": {"mixing_media": 3}}]}]}`), 0o644)

	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"missing file", []string{filepath.Join(dir, "none.json")}, "none.json"},
		{"bad reaction", []string{bad}, "bad.json: field reactions: reaction 1"},
		{"no reactions field", []string{noReactions}, `missing "reactions" field`},
		{"bad condition list", []string{badList}, "want a string, a list of strings or null"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(BuildConfig{Files: tc.files})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}

	t.Run("no files", func(t *testing.T) {
		if _, err := Build(BuildConfig{}); !errors.Is(err, ErrNoSources) {
			t.Errorf("got error %v, want ErrNoSources", err)
		}
	})
}
