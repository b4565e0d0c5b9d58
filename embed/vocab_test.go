package embed

import (
	"math"
	"slices"
	"testing"
)

func TestNewVocabulary(t *testing.T) {
	counts := map[string]int64{"the": 9, "Co": 3, "CO": 3, "rare": 1, "of": 5}
	v := newVocabulary(counts, 2, 21)
	if want := []string{"the", "of", "CO", "Co"}; !slices.Equal(v.words, want) {
		t.Errorf("words = %v, want %v (by count, then by byte order)", v.words, want)
	}
	if v.keptTokens != 20 || v.tokens != 21 {
		t.Errorf("kept %d of %d tokens, want 20 of 21", v.keptTokens, v.tokens)
	}
	if id, ok := v.index["Co"]; !ok || id != 3 {
		t.Errorf(`index["Co"] = %d, %t; want 3, true`, id, ok)
	}
}

func TestKeepThresholds(t *testing.T) {
	v := newVocabulary(map[string]int64{"the": 1000, "oxide": 1}, 1, 1001)
	for _, tc := range []struct {
		name   string
		sample float64
		want   []float64 // keep probabilities
	}{
		{"off", -1, []float64{1, 1}},
		// sample·tokens = 1.001: "the" is kept with probability
		// (sqrt(1000/1.001)+1)·1.001/1000, and "oxide" always.
		{"word2vec formula", 1e-3, []float64{(math.Sqrt(1000/1.001) + 1) * 1.001 / 1000, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := keepThresholds(v, tc.sample)
			for i, p := range tc.want {
				if want := uint64(p * (1 << 32)); got[i] != want {
					t.Errorf("threshold of %q = %d, want %d", v.words[i], got[i], want)
				}
			}
		})
	}
}

func TestAliasTableFollowsUnigramPower(t *testing.T) {
	counts := []int64{1000, 100, 10, 1}
	table := newAliasTable(counts)
	r := newRNG(3, 0)
	const draws = 400_000
	seen := make([]int, len(counts))
	for range draws {
		seen[table.draw(r.next())]++
	}
	total := 0.0
	for _, c := range counts {
		total += math.Pow(float64(c), 0.75)
	}
	for i, c := range counts {
		want := math.Pow(float64(c), 0.75) / total
		got := float64(seen[i]) / draws
		if math.Abs(got-want) > 0.005 {
			t.Errorf("word %d drawn with frequency %.4f, want %.4f", i, got, want)
		}
	}
}

func TestAppendLower(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"ASCII formula", "Li2CO3", "li2co3"},
		{"Latin letters with marks", "ÅNGSTRÖM", "ångström"},
		{"Greek prefix", "δ-MnO2", "δ-mno2"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendLower(nil, []byte(tc.in))); got != tc.want {
				t.Errorf("appendLower(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSigmoidTable(t *testing.T) {
	for _, x := range []float32{-maxExp, -2.5, 0, 0.3, 5.99, maxExp} {
		s, logS := sigmoid(x)
		want := 1 / (1 + math.Exp(-float64(x)))
		if math.Abs(float64(s)-want) > 0.01 || math.Abs(float64(logS)-math.Log(want)) > 0.02 {
			t.Errorf("sigmoid(%g) = %g, %g; want about %g, %g", x, s, logS, want, math.Log(want))
		}
	}
}
