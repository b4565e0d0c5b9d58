package ingest_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/litmine/litmine/ingest"
)

func ExampleWalk() {
	dir, err := os.MkdirTemp("", "ingest-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	files := map[string]string{
		"notes.txt":    "LiCoO2 was calcined at 900 °C.\n\nThe powder was ground.\n",
		"papers.jsonl": `{"paper_id": "2212.11867", "metadata": {"title": "Zeros"}, "body_text": [{"section": "Intro", "text": "Let {{formula:a}} be given."}]}` + "\n{bad\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	emit := func(doc ingest.Document) error {
		fmt.Println(doc.ID, doc.Format)
		for _, p := range doc.Paragraphs {
			fmt.Printf("  %s %q\n", p.Kind, string([]rune(doc.Text)[p.Start:p.End]))
		}
		return nil
	}
	report := func(p ingest.Problem) { fmt.Println("rejected line", p.Line, "of", filepath.Base(p.Path)) }
	if err := ingest.Walk([]string{dir}, ingest.ReadConfig{}, emit, report); err != nil {
		log.Fatal(err)
	}
	// Output:
	// sha256:bc9346a6f93b1983 text
	//   body "LiCoO2 was calcined at 900 °C."
	//   body "The powder was ground."
	// arxiv:2212.11867 s2orc
	//   title "Zeros"
	//   heading "Intro"
	//   body "Let FORMULA be given."
	// rejected line 2 of papers.jsonl
}
