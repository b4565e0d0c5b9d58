package table

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

type sampleRow struct {
	ID      string    `table:"id,nodict"`
	Count   int32     `table:"count"`
	Big     int64     `table:"big"`
	Score   float32   `table:"score"`
	Value   float64   `table:"value"`
	OK      bool      `table:"ok"`
	Year    *int32    `table:"year"`
	Tokens  []string  `table:"tokens,nodict"`
	Offsets []int32   `table:"offsets"`
	Amounts []float64 `table:"amounts"`
	skipped int
	Ignored string
}

func sampleRows(n int) []sampleRow {
	rows := make([]sampleRow, n)
	for i := range rows {
		year := int32(2000 + i)
		rows[i] = sampleRow{
			ID: strings.Repeat("x", i%5) + "é", Count: int32(i), Big: int64(i) << 40, Score: float32(i) / 2,
			Value: float64(i) * 1.5, OK: i%2 == 0, Tokens: []string{"a", "β"}, Offsets: []int32{int32(i), 3},
			Amounts: []float64{0.5, float64(i)},
		}
		if i%3 != 0 {
			rows[i].Year = &year
		}
		if i%4 == 0 {
			rows[i].Tokens = []string{}
			rows[i].Offsets = []int32{}
			rows[i].Amounts = []float64{}
		}
	}
	return rows
}

func TestRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	path := filepath.Join(t.TempDir(), "sample.parquet")
	want := sampleRows(1000)

	w, err := Create[sampleRow](path, Options{Allocator: mem, RowGroupRows: 300})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(want...); err != nil {
		t.Fatal(err)
	}
	info, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if info.Rows != int64(len(want)) {
		t.Errorf("Commit rows = %d, want %d", info.Rows, len(want))
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Bytes != st.Size() {
		t.Errorf("Commit bytes = %d, file has %d", info.Bytes, st.Size())
	}

	var got []sampleRow
	err = Scan(path, ReadOptions{Allocator: mem, BatchRows: 128}, func(rows []sampleRow) error {
		got = append(got, rows...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("row %d = %+v, want %+v", i, got[i], want[i])
			}
		}
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
}

func TestCommitLeavesNoTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	w, err := Create[sampleRow](filepath.Join(dir, "a.parquet"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(sampleRows(3)...); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	aborted, err := Create[sampleRow](filepath.Join(dir, "b.parquet"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	aborted.Abort()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !reflect.DeepEqual(names, []string{"a.parquet"}) {
		t.Errorf("folder holds %v, want only a.parquet", names)
	}
}

func TestSameRowsSameBytes(t *testing.T) {
	dir := t.TempDir()
	var sums []string
	for _, name := range []string{"a.parquet", "b.parquet"} {
		w, err := Create[sampleRow](filepath.Join(dir, name), Options{RowGroupRows: 100})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(sampleRows(250)...); err != nil {
			t.Fatal(err)
		}
		info, err := w.Commit()
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, info.SHA256)
	}
	if sums[0] != sums[1] {
		t.Errorf("two writes of the same rows differ: %s vs %s", sums[0], sums[1])
	}
}

type narrowRow struct {
	ID    string `table:"id"`
	Value int64  `table:"value"` // float64 in the file
}

type missingRow struct {
	Absent string `table:"absent"`
}

func TestScanRejects(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.parquet")
	w, err := Create[sampleRow](good, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(sampleRows(10)...)
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.parquet")
	os.WriteFile(truncated, data[:len(data)/2], 0o644)
	flipped := filepath.Join(dir, "flipped.parquet")
	bad := append([]byte{}, data...)
	for i := 4; i < len(bad)-200; i += 7 {
		bad[i] ^= 0x5a
	}
	os.WriteFile(flipped, bad, 0o644)
	foreign := filepath.Join(dir, "foreign.parquet")
	os.WriteFile(foreign, []byte("id,value\n1,2\n"), 0o644)

	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"truncated", func() error { _, err := ReadAll[sampleRow](truncated); return err }, ErrCorrupt},
		{"bytes flipped", func() error { _, err := ReadAll[sampleRow](flipped); return err }, ErrCorrupt},
		{"not parquet", func() error { _, err := ReadAll[sampleRow](foreign); return err }, ErrCorrupt},
		{"type mismatch", func() error { _, err := ReadAll[narrowRow](good); return err }, ErrSchema},
		{"missing column", func() error { _, err := ReadAll[missingRow](good); return err }, ErrSchema},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want one wrapping %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestUnsupportedRowType(t *testing.T) {
	type bad struct {
		M map[string]int `table:"m"`
	}
	_, err := Create[bad](filepath.Join(t.TempDir(), "x.parquet"), Options{})
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("error = %v, want ErrUnsupported", err)
	}
}

func TestNaNSurvives(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nan.parquet")
	w, err := Create[sampleRow](path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(sampleRow{Amounts: []float64{math.NaN()}})
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadAll[sampleRow](path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || !math.IsNaN(rows[0].Amounts[0]) {
		t.Errorf("rows = %+v, want one row with a NaN amount", rows)
	}
}

func TestUnescapeHTML(t *testing.T) {
	tests := map[string]string{
		`{"a":"x \u0026 y"}`:      `{"a":"x & y"}`,
		`{"a":"\u003cb\u003e"}`:   `{"a":"<b>"}`,
		`{"a":"\\u0026"}`:         `{"a":"\\u0026"}`,
		`{"a":"\\\u0026"}`:        `{"a":"\\&"}`,
		`{"a":"\u00e9 \u0026"}`:   `{"a":"\u00e9 &"}`,
		`{"a":"plain","b":[1,2]}`: `{"a":"plain","b":[1,2]}`,
		`{"a":"ends with \\"}`:    `{"a":"ends with \\"}`,
		`{"a":"\u002"}`:           `{"a":"\u002"}`,
	}
	for in, want := range tests {
		if got := string(unescapeHTML([]byte(in))); got != want {
			t.Errorf("unescapeHTML(%s) = %s, want %s", in, got, want)
		}
	}
}
