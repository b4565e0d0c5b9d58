package lexicon

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// matcherLexicon returns a lexicon that exercises the case, longest-match
// and kind rules.
func matcherLexicon() *Lexicon {
	return &Lexicon{
		Materials: []Material{
			{Text: "Ammonium hydroxide", PrecursorCount: 22},
			{Text: "CO", AtmosphereCount: 25},
			{Text: "CO2", Formula: "CO2", AtmosphereCount: 14},
			{Text: "Co", Formula: "Co", PrecursorCount: 167},
			{Text: "Li2CO3", Formula: "Li2CO3", PrecursorCount: 2337},
			{Text: "hydrochloric acid", PrecursorCount: 15},
			{Text: "iron(III) chloride", Formula: "FeCl3", PrecursorCount: 4},
			{Text: "iron(III) chloride hexahydrate", Formula: "FeCl3·6H2O", PrecursorCount: 3},
			{Text: "lithium carbonate", Formula: "Li2CO3", PrecursorCount: 143},
			{Text: "sodium acetate", PrecursorCount: 12},
			{Text: "zirconia", PrecursorCount: 60},
		},
		Operations: []Operation{
			{Token: "ball-milled", Type: "Mixing", Count: 10},
			{Token: "calcined", Type: "HeatingOperation", Count: 12673},
			{Token: "mixed", Type: "Mixing", Count: 9751},
			{Token: "mixed", Type: "MixingOperation", Count: 3383},
			{Token: "stirs", Type: "MixingOperation", Derived: true},
		},
		Apparatus: []Apparatus{
			{Name: "ball mill", Curated: true},
			{Name: "mortar", Curated: true},
			{Name: "zirconia", Count: 1430},
		},
	}
}

// span renders a match as "start:end kind text" for comparison.
func span(m Match) string {
	var text string
	switch {
	case m.Kind == KindMaterial && m.Material != nil:
		text = m.Material.Text
	case m.Kind == KindOperation && m.Operation != nil:
		text = m.Operation.Token + "/" + m.Operation.Type
	case m.Kind == KindApparatus && m.Apparatus != nil:
		text = m.Apparatus.Name
	}
	return fmt.Sprintf("%d:%d %s %s", m.Start, m.End, m.Kind, text)
}

func TestMatcherMatch(t *testing.T) {
	m := NewMatcher(matcherLexicon())
	tests := []struct {
		name   string
		tokens []string
		want   []string
	}{
		{"empty input", nil, nil},
		{"no entry", []string{"The", "samples", "were", "white"}, nil},
		{"formula", []string{"Li2CO3", "was", "used"}, []string{"0:1 material Li2CO3"}},
		{"formula wrong case", []string{"li2co3", "LI2CO3"}, nil},
		{"Co and CO differ", []string{"Co", "CO", "co"}, []string{"0:1 material Co", "1:2 material CO"}},
		{"lower-case name any case", []string{"Lithium", "CARBONATE"}, []string{"0:2 material lithium carbonate"}},
		{"mixed-case name exact", []string{"Ammonium", "hydroxide", "ammonium", "hydroxide"},
			[]string{"0:2 material Ammonium hydroxide"}},
		{"multi-token name", []string{"then", "sodium", "acetate", "was", "added"}, []string{"1:3 material sodium acetate"}},
		{"longest match", []string{"iron(III)", "chloride", "hexahydrate", "and", "iron(III)", "chloride"},
			[]string{"0:3 material iron(III) chloride hexahydrate", "4:6 material iron(III) chloride"}},
		{"split brackets", []string{"iron", "(", "III", ")", "chloride", "hexahydrate"},
			[]string{"0:6 material iron(III) chloride hexahydrate"}},
		{"token with space", []string{"sodium acetate"}, []string{"0:1 material sodium acetate"}},
		{"shorter when longer case fails", []string{"Co", "2"}, []string{"0:1 material Co"}},
		{"longer when case fits", []string{"CO", "2"}, []string{"0:2 material CO2"}},
		{"operation any case", []string{"Calcined", "CALCINED"},
			[]string{"0:1 operation calcined/HeatingOperation", "1:2 operation calcined/HeatingOperation"}},
		{"operation top type", []string{"mixed"}, []string{"0:1 operation mixed/Mixing"}},
		{"derived operation", []string{"stirs"}, []string{"0:1 operation stirs/MixingOperation"}},
		{"hyphenated operation", []string{"ball-milled"}, []string{"0:1 operation ball-milled/Mixing"}},
		{"apparatus", []string{"in", "a", "Ball", "mill"}, []string{"2:4 apparatus ball mill"}},
		{"kind by count", []string{"zirconia"}, []string{"0:1 apparatus zirconia"}},
		{"no overlap left to right", []string{"lithium", "carbonate", "calcined", "in", "a", "mortar"},
			[]string{"0:2 material lithium carbonate", "2:3 operation calcined/HeatingOperation", "5:6 apparatus mortar"}},
		{"empty token ends window", []string{"sodium", "", "acetate"}, nil},
		{"space token", []string{" ", "Li2CO3"}, []string{"1:2 material Li2CO3"}},
		{"partial token", []string{"Li2CO3s", "Co3"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, match := range m.Match(tc.tokens) {
				got = append(got, span(match))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Match(%q):\ngot  %q\nwant %q", tc.tokens, got, tc.want)
			}
		})
	}
}

func TestMatcherSharedSpanEntries(t *testing.T) {
	matches := NewMatcher(matcherLexicon()).Match([]string{"zirconia"})
	if len(matches) != 1 {
		t.Fatalf("got %d matches, want 1", len(matches))
	}
	got := matches[0]
	if got.Material == nil || got.Material.PrecursorCount != 60 {
		t.Errorf("got Material %+v, want the zirconia precursor entry", got.Material)
	}
	if got.Apparatus == nil || got.Apparatus.Count != 1430 {
		t.Errorf("got Apparatus %+v, want the zirconia apparatus entry", got.Apparatus)
	}
	if got.Operation != nil {
		t.Errorf("got Operation %+v, want nil", got.Operation)
	}
}

func TestMatcherCopiesLexicon(t *testing.T) {
	l := matcherLexicon()
	m := NewMatcher(l)
	l.Materials[4].Formula = "changed"
	got := m.Match([]string{"Li2CO3"})
	if len(got) != 1 || got[0].Material.Formula != "Li2CO3" {
		t.Errorf("got %+v after changing the lexicon, want the formula copied at NewMatcher", got)
	}
}

func TestMatcherNilLexicon(t *testing.T) {
	if got := NewMatcher(nil).Match([]string{"Li2CO3"}); got != nil {
		t.Errorf("got %v, want nil", got)
	}
}

func TestMatcherAppendMatchesNoAlloc(t *testing.T) {
	m := NewMatcher(matcherLexicon())
	tokens := []string{"lithium", "carbonate", "was", "calcined", "in", "a", "ball", "mill"}
	buf := make([]Match, 0, 8)
	allocs := testing.AllocsPerRun(100, func() { buf = m.AppendMatches(buf[:0], tokens) })
	if allocs != 0 {
		t.Errorf("got %v allocations per call, want 0", allocs)
	}
	if len(buf) != 3 {
		t.Errorf("got %d matches, want 3", len(buf))
	}
}

func TestMatcherConcurrent(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	m := NewMatcher(l)
	tokens := strings.Fields("Li2CO3 and Co3O4 were ball milled in ethanol and calcined at 800 °C in air")
	want := len(m.Match(tokens))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if got := len(m.Match(tokens)); got != want {
					t.Errorf("got %d matches, want %d", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestDefaultMatcherSentence(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	tokens := strings.Fields("Li2CO3 and Co3O4 were ball milled in ethanol using an agate mortar and calcined at 800 °C in air")
	var got []string
	for _, match := range NewMatcher(l).Match(tokens) {
		got = append(got, fmt.Sprintf("%s %s", strings.Join(tokens[match.Start:match.End], " "), match.Kind))
	}
	want := []string{
		"Li2CO3 material", "Co3O4 material", "ball milled operation", "ethanol material",
		"agate mortar apparatus", "calcined operation", "air material",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// bratSentences returns the lines of the MSPT brat texts split on spaces.
func bratSentences(b *testing.B) (sentences [][]string, bytes int) {
	dir := filepath.Join(sharedData(b, "mspt"), "brat")
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Skipf("no brat texts in %s", dir)
	}
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			if tokens := strings.Split(sc.Text(), " "); len(tokens) > 0 {
				sentences = append(sentences, tokens)
				bytes += len(sc.Text())
			}
		}
		f.Close()
	}
	return sentences, bytes
}

// BenchmarkMatch matches every line of the MSPT brat texts, split on
// spaces, against the shipped lexicon. One op is the whole corpus.
func BenchmarkMatch(b *testing.B) {
	sentences, size := bratSentences(b)
	l, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	m := NewMatcher(l)

	b.Run("Match", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, tokens := range sentences {
				m.Match(tokens)
			}
		}
	})
	b.Run("AppendMatches", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(size))
		var buf []Match
		for b.Loop() {
			for _, tokens := range sentences {
				buf = m.AppendMatches(buf[:0], tokens)
			}
		}
	})
}

func BenchmarkNewMatcher(b *testing.B) {
	l, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		NewMatcher(l)
	}
}
