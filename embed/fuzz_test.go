package embed

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// tinyModel returns a hand-made model with subwords, for fuzz seeds.
func tinyModel() *Model {
	m := &Model{dim: 2, minN: 3, maxN: 4, buckets: 50, words: []string{"the", "Co"}, counts: []int64{9, 5}}
	m.bucketIDs = usedBuckets(m.words, newSubwords(m.minN, m.maxN, m.buckets))
	m.rows = make([]float32, (len(m.words)+len(m.bucketIDs))*m.dim)
	for i := range m.rows {
		m.rows[i] = float32(i) / 10
	}
	m.indexWords()
	return m
}

// FuzzLoad checks that Load never panics and that a model it accepts gives
// vectors of its dimension.
func FuzzLoad(f *testing.F) {
	path := filepath.Join(f.TempDir(), "seed.bin")
	if err := tinyModel().Save(path); err != nil {
		f.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(fileMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "model.bin")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Load(path)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
			return
		}
		for _, w := range []string{"the", "unseen"} {
			if v := m.Vector(w); v != nil && len(v) != m.Dim() {
				t.Fatalf("Vector(%q) has %d values, want %d", w, len(v), m.Dim())
			}
		}
	})
}

// FuzzReadText checks that ReadText never panics and that every word of a
// file it accepts has a vector of the header's dimension.
func FuzzReadText(f *testing.F) {
	f.Add("2 2\nthe 0.1 0.2\nCo 1e-3 -4\n")
	f.Add("1 3 \nx 1 2\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		path := filepath.Join(t.TempDir(), "vectors.txt")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadText(path)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
			return
		}
		for i := range m.Len() {
			w, _ := m.Word(i)
			if len(m.Vector(w)) != m.Dim() {
				t.Fatalf("vector of %q has the wrong length", w)
			}
		}
	})
}
