package embed

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/litmine/litmine/internal/table"
)

func TestUnseenWordVectorFromNGrams(t *testing.T) {
	m, _ := trainDemo(t, smallConfig())
	for _, tc := range []struct {
		name, word string
	}{
		{"unseen formula", "LiNi0.8Co0.15Al0.05O2"},
		{"misspelt word", "calcinedd"},
		{"non-ASCII", "Ba0.95La0.05FeO3-δδ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if m.Contains(tc.word) {
				t.Fatalf("%q is in the vocabulary; the test needs an unseen word", tc.word)
			}
			got := m.Vector(tc.word)
			if got == nil {
				t.Fatalf("Vector(%q) = nil, want a vector from its n-grams", tc.word)
			}
			want := averageOfBuckets(m, tc.word)
			for i := range want {
				if math.Abs(float64(got[i]-want[i])) > 1e-6 {
					t.Fatalf("Vector(%q)[%d] = %g, want the n-gram average %g", tc.word, i, got[i], want[i])
				}
			}
		})
	}
}

// averageOfBuckets averages the rows of the stored buckets of the n-grams
// of word, found by a linear search of bucketIDs.
func averageOfBuckets(m *Model, word string) []float32 {
	sum := make([]float32, m.dim)
	n := 0
	for _, b := range newSubwords(m.minN, m.maxN, m.buckets).appendBuckets(nil, []byte(word)) {
		if i := slices.Index(m.bucketIDs, b); i >= 0 {
			for d, v := range m.rows[(len(m.words)+i)*m.dim:][:m.dim] {
				sum[d] += v
			}
			n++
		}
	}
	for d := range sum {
		sum[d] /= float32(n)
	}
	return sum
}

func TestKnownWordVectorAveragesOwnRowAndNGrams(t *testing.T) {
	m, _ := trainDemo(t, smallConfig())
	word, _ := m.Word(10)
	want := averageOfBuckets(m, word)
	buckets := len(newSubwords(m.minN, m.maxN, m.buckets).appendBuckets(nil, []byte(word)))
	own := m.rows[10*m.dim:][:m.dim]
	got := m.Vector(word)
	for d := range want {
		expected := (want[d]*float32(buckets) + own[d]) / float32(buckets+1)
		if math.Abs(float64(got[d]-expected)) > 1e-6 {
			t.Fatalf("Vector(%q)[%d] = %g, want %g", word, d, got[d], expected)
		}
	}
}

func TestPlainModelHasNoUnseenVectors(t *testing.T) {
	cfg := smallConfig()
	cfg.NoSubwords = true
	m, st := trainDemo(t, cfg)
	if m.Subwords() || st.Buckets != 0 {
		t.Fatalf("plain model has subwords (%d buckets)", st.Buckets)
	}
	if v := m.Vector("LiNi0.8Co0.15Al0.05O2"); v != nil {
		t.Errorf("Vector of an unseen word = %v, want nil", v[:3])
	}
	word, _ := m.Word(0)
	if got := m.Vector(word); !slices.Equal(got, m.rows[:m.dim]) {
		t.Errorf("Vector(%q) is not its own row", word)
	}
}

func TestSubwordBuckets(t *testing.T) {
	hash := func(s string) uint32 { return hashFNV1a([]byte(s)) % 1000 }
	for _, tc := range []struct {
		name       string
		word       string
		minN, maxN int
		want       []uint32
	}{
		{"short word", "ab", 3, 6, []uint32{hash("<ab"), hash("ab>"), hash("<ab>")}},
		{"n up to 3", "Co", 2, 3, []uint32{hash("<C"), hash("Co"), hash("o>"), hash("<Co"), hash("Co>")}},
		{"code points, not bytes", "δx", 3, 3, []uint32{hash("<δx"), hash("δx>")}},
		{"one-grams leave out the marks", "ab", 1, 1, []uint32{hash("a"), hash("b")}},
		{"word longer than max n", "abcd", 6, 6, []uint32{hash("<abcd>")}},
		{"word shorter than min n", "a", 4, 6, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := newSubwords(tc.minN, tc.maxN, 1000).appendBuckets(nil, []byte(tc.word))
			if !slices.Equal(got, tc.want) {
				t.Errorf("buckets of %q = %v, want %v", tc.word, got, tc.want)
			}
		})
	}
}

func TestWriteTable(t *testing.T) {
	m, _ := trainDemo(t, smallConfig())
	path := filepath.Join(t.TempDir(), TableName)
	info, err := m.WriteTable(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := table.ReadAll[VectorRow](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != m.Len() || info.Rows != int64(m.Len()) {
		t.Fatalf("table has %d rows (info %d), want %d", len(rows), info.Rows, m.Len())
	}
	for i, row := range rows {
		word, count := m.Word(i)
		if row.Word != word || row.Count != count {
			t.Fatalf("row %d = %q × %d, want %q × %d", i, row.Word, row.Count, word, count)
		}
		for d, v := range m.Vector(word) {
			if float32(row.Vector[d]) != v {
				t.Fatalf("row %d value %d = %g, want %g", i, d, row.Vector[d], v)
			}
		}
	}
}

func TestWriteDir(t *testing.T) {
	m, _ := trainDemo(t, smallConfig())
	dir := filepath.Join(t.TempDir(), "new", "folder")
	paths, err := m.WriteDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, ModelName), filepath.Join(dir, TextName), filepath.Join(dir, TableName)}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
