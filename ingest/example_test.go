package ingest_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/litmine/litmine/ingest"
)

func ExampleWalk() {
	dir, _ := os.MkdirTemp("", "litmine-example")
	defer os.RemoveAll(dir)
	text := "LiFePO4 was made by a solid-state route.\n\nThe powder was calcined at 700 °C.\n"
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte(text), 0o644)

	err := ingest.Walk([]string{dir}, ingest.ReadConfig{}, func(d ingest.Document) error {
		fmt.Println(d.Format, ingest.DocumentID(d), len(d.Paragraphs), "paragraphs")
		for _, p := range d.Paragraphs {
			fmt.Printf("  %s [%d,%d)\n", p.Kind, p.Start, p.End)
		}
		return nil
	}, func(p ingest.Problem) { fmt.Println("rejected:", p) })
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// text sha256:7f781e6c81c6a17b 2 paragraphs
	//   body [0,40)
	//   body [42,76)
}
