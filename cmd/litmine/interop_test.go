package main

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/table"
)

// Row types for parquet-go, a second Parquet implementation, with the
// column names of the schema package.
type pqDocument struct {
	DocID      string `parquet:"doc_id"`
	Title      string `parquet:"title"`
	Year       *int32 `parquet:"year,optional"`
	Chars      int32  `parquet:"chars"`
	TextSHA256 string `parquet:"text_sha256"`
}

type pqSentence struct {
	DocID       string   `parquet:"doc_id"`
	Sentence    int32    `parquet:"sentence"`
	Tokens      []string `parquet:"tokens,list"`
	TokenStarts []int32  `parquet:"token_starts,list"`
	POS         []string `parquet:"pos,list"`
}

type pqMaterial struct {
	DocID    string    `parquet:"doc_id"`
	Text     string    `parquet:"text"`
	Elements []string  `parquet:"elements,list"`
	Amounts  []float64 `parquet:"amounts,list"`
}

// TestParquetGoReadsTables reads the tables of a demo run with parquet-go
// and compares them with what litmine's own reader returns, to show that
// tools other than arrow-go can read the output.
func TestParquetGoReadsTables(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := litmine(t, "run", "../../testdata/corpus", "--out", dir); code != exitOK {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	part := func(name string) string { return filepath.Join(dir, name, "part-00000.parquet") }

	for _, name := range allTables {
		f, err := os.Open(part(name))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatalf("parquet-go cannot open %s: %v", name, err)
		}
		if pf.NumRows() == 0 {
			t.Errorf("table %s: parquet-go reads 0 rows", name)
		}
		f.Close()
	}

	docs, err := parquet.ReadFile[pqDocument](part(schema.TableDocuments))
	if err != nil {
		t.Fatal(err)
	}
	ours, err := table.ReadAll[schema.Document](part(schema.TableDocuments))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(ours) {
		t.Fatalf("documents: parquet-go reads %d rows, litmine %d", len(docs), len(ours))
	}
	for i := range docs {
		want := pqDocument{ours[i].DocID, ours[i].Title, ours[i].Year, ours[i].Chars, ours[i].TextSHA256}
		if !reflect.DeepEqual(docs[i], want) {
			t.Errorf("document %d: parquet-go %+v, litmine %+v", i, docs[i], want)
		}
	}

	sents, err := parquet.ReadFile[pqSentence](part(schema.TableSentences))
	if err != nil {
		t.Fatal(err)
	}
	ourSents, err := table.ReadAll[schema.Sentence](part(schema.TableSentences))
	if err != nil {
		t.Fatal(err)
	}
	if len(sents) != len(ourSents) {
		t.Fatalf("sentences: parquet-go reads %d rows, litmine %d", len(sents), len(ourSents))
	}
	for i := range sents {
		o := ourSents[i]
		if !reflect.DeepEqual(sents[i], pqSentence{o.DocID, o.Sentence, o.Tokens, o.TokenStarts, o.POS}) {
			t.Fatalf("sentence %d differs: parquet-go %+v, litmine %+v", i, sents[i], o)
		}
	}

	mats, err := parquet.ReadFile[pqMaterial](part(schema.TableMaterials))
	if err != nil {
		t.Fatal(err)
	}
	ourMats, err := table.ReadAll[schema.Material](part(schema.TableMaterials))
	if err != nil {
		t.Fatal(err)
	}
	for i := range mats {
		if mats[i].Text != ourMats[i].Text || !sameFloats(mats[i].Amounts, ourMats[i].Amounts) {
			t.Errorf("material %d: parquet-go %+v, litmine %+v", i, mats[i], ourMats[i])
		}
	}
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
