package graph_test

import (
	"fmt"

	"github.com/litmine/litmine/graph"
	"github.com/litmine/litmine/internal/schema"
)

func ExampleBuild() {
	// "NaCl was heated at 800 °C ." as one tokenized sentence with its entities.
	sent := schema.Sentence{DocID: "d1", Tokens: []string{"NaCl", "was", "heated", "at", "800", "°C", "."},
		TokenStarts: []int32{0, 5, 9, 16, 19, 23, 26}, TokenEnds: []int32{4, 8, 15, 18, 22, 25, 27}, End: 27}
	entity := func(id, tok int32, label string) schema.Entity {
		return schema.Entity{DocID: "d1", Entity: id, TokenStart: tok, TokenEnd: tok + 1, Label: label,
			Start: sent.TokenStarts[tok], End: sent.TokenEnds[tok], Text: sent.Tokens[tok]}
	}
	p := graph.Paragraph{DocID: "d1", Sentences: []schema.Sentence{sent}, Entities: []schema.Entity{
		entity(0, 0, "Material"), entity(1, 2, "Operation"), entity(2, 4, "Number"), entity(3, 5, "Condition-Unit"),
	}}
	nodes, edges := graph.Build(p)
	for _, n := range nodes {
		if n.Step >= 0 {
			fmt.Println("step", n.Step, n.Text, n.OperationType)
		}
	}
	for _, e := range edges {
		fmt.Println(e.Type, e.Source, "->", e.Target)
	}
	// Output:
	// step 0 heated Heating
	// Participant_Material 1 -> 0
	// Number_Of 2 -> 3
	// Condition_Of 3 -> 1
}
