package embed

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
	}{
		{"subwords", func(*Config) {}},
		{"plain word2vec", func(c *Config) { c.NoSubwords = true }},
		{"lower-cased", func(c *Config) { c.Lower = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := smallConfig()
			tc.edit(&cfg)
			m, _ := trainDemo(t, cfg)
			path := filepath.Join(t.TempDir(), ModelName)
			if err := m.Save(path); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got.Dim() != m.Dim() || got.Len() != m.Len() || got.Lower() != m.Lower() || got.Subwords() != m.Subwords() {
				t.Fatalf("loaded model differs: dim %d, %d words, lower %t, subwords %t", got.Dim(), got.Len(), got.Lower(), got.Subwords())
			}
			for _, word := range []string{"the", "LiNi0.8Co0.15Al0.05O2", "calcined", "The"} {
				if !slices.Equal(got.Vector(word), m.Vector(word)) {
					t.Errorf("Vector(%q) differs after loading", word)
				}
			}
			if !slices.Equal(saved(t, got), saved(t, m)) {
				t.Error("saving the loaded model gave other bytes")
			}
		})
	}
}

// damage returns a copy of data changed by edit, with the checksum set
// again when fixChecksum is true, so that the loader's later checks run.
func damage(data []byte, fixChecksum bool, edit func([]byte) []byte) []byte {
	out := edit(slices.Clone(data))
	if fixChecksum && len(out) >= 4 {
		body := out[:len(out)-4]
		binary.LittleEndian.PutUint32(out[len(out)-4:], crc32.Checksum(body, castagnoli))
	}
	return out
}

func TestLoadRejectsDamagedFiles(t *testing.T) {
	m, _ := trainDemo(t, smallConfig())
	good := saved(t, m)
	const headerEnd = 8 + 7*4
	firstRow := len(good) - 4 - len(m.rows)*4
	for _, tc := range []struct {
		name        string
		data        []byte
		wantMessage string
	}{
		{"empty file", nil, "does not start with"},
		{"other file", []byte("3 2\nthe 0.1 0.2\n"), "does not start with"},
		{"truncated in the rows", good[:len(good)-100], "truncated"},
		{"truncated in the header", good[:20], "truncated"},
		{"one byte flipped", damage(good, false, func(b []byte) []byte { b[len(b)/2] ^= 1; return b }), "checksum"},
		{"bytes appended", append(slices.Clone(good), 0, 0, 0, 0), "follow the last row"},
		{"dimension 0", damage(good, true, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[8:], 0); return b }), "dimension 0"},
		{"unknown flag", damage(good, true, func(b []byte) []byte { b[12] |= 4; return b }), "unknown flags"},
		{"max n below min n", damage(good, true, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[20:], 2); return b }), "out of range"},
		{"too many words", damage(good, true, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[28:], 1<<30); return b }), "too short"},
		{"no words", damage(good, true, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[28:], 0); return b }), "vocabulary is empty"},
		{"word not UTF-8", damage(good, true, func(b []byte) []byte { b[headerEnd+4] = 0xff; return b }), "not UTF-8"},
		{"word length past the end", damage(good, true, func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[headerEnd:], math.MaxUint32)
			return b
		}), "truncated"},
		{"repeated bucket", damage(good, true, func(b []byte) []byte {
			ids := firstRow - len(m.bucketIDs)*4
			copy(b[ids+4:ids+8], b[ids:ids+4])
			return b
		}), "repeat"},
		{"NaN value", damage(good, true, func(b []byte) []byte {
			binary.LittleEndian.PutUint32(b[firstRow+8:], math.Float32bits(float32(math.NaN())))
			return b
		}), "value NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "damaged.bin")
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, tc.wantMessage) {
				t.Errorf("err = %q, want the path and %q", msg, tc.wantMessage)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.bin")
	_, err := Load(path)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("err = %v, want a not-exist error naming the file", err)
	}
}

func TestTextRoundTrip(t *testing.T) {
	m, _ := trainDemo(t, smallConfig())
	path := filepath.Join(t.TempDir(), TextName)
	if err := m.WriteText(path); err != nil {
		t.Fatal(err)
	}
	got, err := ReadText(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != m.Len() || got.Dim() != m.Dim() || got.Subwords() {
		t.Fatalf("read %d words of dim %d (subwords %t), want %d of dim %d without subwords", got.Len(), got.Dim(), got.Subwords(), m.Len(), m.Dim())
	}
	for i := range m.Len() {
		word, _ := m.Word(i)
		if w, count := got.Word(i); w != word || count != 0 {
			t.Fatalf("word %d = %q (count %d), want %q (count 0)", i, w, count, word)
		}
		if !slices.Equal(got.Vector(word), m.Vector(word)) {
			t.Fatalf("vector of %q changed in the text file", word)
		}
	}
}

func TestReadTextRejects(t *testing.T) {
	for _, tc := range []struct {
		name, text, wantMessage string
	}{
		{"empty file", "", "line 1"},
		{"no header", "the 0.1 0.2\n", "line 1"},
		{"zero words", "0 2\n", "line 1"},
		{"too few values", "2 2\nthe 0.1 0.2\nof 0.3\n", "line 3: 1 values, want 2"},
		{"too many values", "1 2\nthe 0.1 0.2 0.3\n", "line 2: 3 values"},
		{"not a number", "1 2\nthe 0.1 x\n", `value "x"`},
		{"NaN", "1 2\nthe 0.1 NaN\n", "not a finite number"},
		{"value beyond float32", "1 2\nthe 0.1 1e40\n", "not a finite number"},
		{"repeated word", "2 1\nthe 0.1\nthe 0.2\n", "repeat"},
		{"fewer lines than the header", "3 1\nthe 0.1\nof 0.2\n", "file ends after 2 of the 3 words"},
		{"more lines than the header", "1 1\nthe 0.1\nof 0.2\n", "more lines"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vectors.txt")
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadText(path)
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, tc.wantMessage) {
				t.Errorf("err = %q, want the path and %q", msg, tc.wantMessage)
			}
		})
	}
}

func TestReadTextAcceptsGensimOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gensim.txt")
	text := "2 3 \nthe 0.1 -0.2 3e-05\nLi2CO3 1 2 3\n" // gensim ends the header with a space
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ReadText(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Vector("Li2CO3"); !slices.Equal(got, []float32{1, 2, 3}) {
		t.Errorf("Vector(Li2CO3) = %v, want [1 2 3]", got)
	}
	if m.Contains("li2co3") {
		t.Error("the text model lower-cases words, want case kept")
	}
}

func TestWriteTextRejectsWhiteSpace(t *testing.T) {
	m := &Model{dim: 1, words: []string{"a b"}, counts: []int64{1}, rows: []float32{0.5}}
	m.indexWords()
	path := filepath.Join(t.TempDir(), TextName)
	if err := m.WriteText(path); err == nil || !strings.Contains(err.Error(), "white space") {
		t.Errorf("err = %v, want an error about white space", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed write left %s behind (%v)", path, err)
	}
}
