package embed

import (
	"github.com/litmine/litmine/internal/table"
)

// VectorRow is one row of the vectors table that WriteTable writes.
// NOTE: Vector is a list of doubles, because package internal/table maps
// []float64 lists and not []float32 ones. The values are the model's
// float32 values widened, so they convert back exactly.
type VectorRow struct {
	Word   string    `table:"word,nodict"`
	Count  int64     `table:"count"` // occurrences in the training corpus
	Vector []float64 `table:"vector"`
}

// WriteTable writes the vector of every vocabulary word to the Parquet file
// at path, most frequent first, through a temporary file that is checked
// and renamed. The folder of path must exist.
func (m *Model) WriteTable(path string) (table.FileInfo, error) {
	w, err := table.Create[VectorRow](path, table.Options{RowGroupRows: 8192})
	if err != nil {
		return table.FileInfo{}, err
	}
	defer w.Abort()
	row := VectorRow{Vector: make([]float64, m.dim)}
	for i, word := range m.words {
		row.Word, row.Count = word, m.counts[i]
		for j, v := range m.Vector(word) {
			row.Vector[j] = float64(v)
		}
		if err := w.Write(row); err != nil {
			return table.FileInfo{}, err
		}
	}
	return w.Commit()
}
