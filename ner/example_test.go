package ner_test

import (
	"fmt"

	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
)

func ExampleAnnotator_Annotate() {
	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := ner.NewAnnotator(rec, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	text := "(NH4)2HPO4 was calcined at 700°C for 5 h."
	ann := a.Annotate([]schema.Paragraph{{DocID: "d1", Text: text, End: int32(len([]rune(text)))}})
	fmt.Println(ann.Sentences[0].Tokens)
	for _, e := range ann.Entities {
		fmt.Printf("%s %s [%d,%d)\n", e.Label, e.Text, e.Start, e.End)
	}
	m := ann.Materials[0]
	fmt.Println(m.Formula, m.Elements, m.Amounts)
	// Output:
	// [(NH4)2HPO4 was calcined at 700 °C for 5 h .]
	// Material (NH4)2HPO4 [0,10)
	// Operation calcined [15,23)
	// Number 700 [27,30)
	// Condition-Unit °C [30,32)
	// Number 5 [37,38)
	// Condition-Unit h [39,40)
	// H9N2O4P [H N O P] [9 2 4 1]
}
