package graph

import (
	"fmt"
	"strings"
	"testing"

	"github.com/litmine/litmine/internal/schema"
)

// paragraph builds a one-sentence paragraph from tokens written "word" or
// "word/Label"; consecutive tokens with the same label and a "+" prefix on
// the later ones form one entity, as in "room/Condition-Misc +temperature".
func paragraph(sentences ...string) Paragraph {
	p := Paragraph{DocID: "d"}
	offset := int32(0)
	id := int32(0)
	for si, text := range sentences {
		s := schema.Sentence{DocID: "d", Sentence: int32(si), Start: offset}
		for _, field := range strings.Fields(text) {
			word, label, _ := strings.Cut(field, "/")
			joined := strings.HasPrefix(word, "+")
			word = strings.TrimPrefix(word, "+")
			k := int32(len(s.Tokens))
			s.Tokens = append(s.Tokens, word)
			s.TokenStarts = append(s.TokenStarts, offset)
			s.TokenEnds = append(s.TokenEnds, offset+int32(len(word)))
			offset += int32(len(word)) + 1
			switch {
			case joined:
				e := &p.Entities[len(p.Entities)-1]
				e.End = s.TokenEnds[k]
				e.TokenEnd = k + 1
				e.Text += " " + word
			case label != "":
				p.Entities = append(p.Entities, schema.Entity{DocID: "d", Entity: id, Sentence: int32(si), Start: s.TokenStarts[k],
					End: s.TokenEnds[k], TokenStart: k, TokenEnd: k + 1, Label: label, Text: word})
				id++
			}
		}
		s.End = offset - 1
		p.Sentences = append(p.Sentences, s)
	}
	return p
}

// edgeSet renders edges as "Type source→target" with entity texts.
func edgeSet(p Paragraph, edges []schema.GraphEdge) map[string]bool {
	text := map[int32]string{}
	for _, e := range p.Entities {
		text[e.Entity] = e.Text
	}
	out := map[string]bool{}
	for _, e := range edges {
		out[fmt.Sprintf("%s %s→%s", e.Type, text[e.Source], text[e.Target])] = true
	}
	return out
}

func TestBuildRules(t *testing.T) {
	tests := []struct {
		name      string
		sentences []string
		want      []string
	}{
		{"quantities and conditions", []string{
			"The powder/Material was heated/Operation at 800/Number °C/Condition-Unit for 5/Number h/Condition-Unit ."},
			[]string{"Number_Of 800→°C", "Number_Of 5→h", "Condition_Of °C→heated", "Condition_Of h→heated",
				"Participant_Material heated→powder"}},
		{"amount of a material", []string{
			"Then 2/Number g/Amount-Unit of NaCl/Material was added/Operation ."},
			[]string{"Number_Of 2→g", "Amount_Of g→NaCl", "Recipe_Precursor added→NaCl"}},
		{"intermediate material", []string{
			"The mixture/Material was added/Operation to ethanol/Material ."},
			[]string{"Participant_Material added→mixture", "Solvent_Material added→ethanol"}},
		{"amount in parentheses", []string{
			"NaCl/Material ( 2/Number g/Amount-Unit ) and KCl/Material ( 3/Number g/Amount-Unit ) were mixed/Operation ."},
			[]string{"Amount_Of g→NaCl", "Amount_Of g→KCl"}},
		{"operations in order", []string{
			"It was dried/Operation , then calcined/Operation .", "It was cooled/Operation ."},
			[]string{"Next_Operation dried→calcined", "Next_Operation calcined→cooled"}},
		{"solvent and atmosphere", []string{
			"NaCl/Material was dissolved/Operation in water/Material and heated/Operation under Ar/Material ."},
			[]string{"Solvent_Material dissolved→water", "Atmospheric_Material heated→Ar"}},
		{"target of a synthesis", []string{
			"LiFePO4/Material was synthesized/Operation by a/Material-Descriptor route ."},
			[]string{"Recipe_Target synthesized→LiFePO4"}},
		{"apparatus and descriptor", []string{
			"It was calcined/Operation in a muffle/Apparatus-Descriptor furnace/Synthesis-Apparatus with deionized/Material-Descriptor water/Material ."},
			[]string{"Apparatus_Of furnace→calcined", "Descriptor_Of muffle→furnace", "Descriptor_Of deionized→water"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := paragraph(tt.sentences...)
			nodes, edges := Build(p)
			if len(nodes) != len(p.Entities) {
				t.Errorf("got %d nodes, want one per entity (%d)", len(nodes), len(p.Entities))
			}
			got := edgeSet(p, edges)
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("missing edge %q; got %v", w, got)
				}
			}
		})
	}
}

func TestBuildNodeSteps(t *testing.T) {
	p := paragraph("NaCl/Material was ground/Operation and calcined/Operation .")
	nodes, _ := Build(p)
	steps := map[string]int32{}
	types := map[string]string{}
	for _, n := range nodes {
		steps[n.Text] = n.Step
		types[n.Text] = n.OperationType
	}
	if steps["NaCl"] != -1 || steps["ground"] != 0 || steps["calcined"] != 1 {
		t.Errorf("steps = %v, want NaCl -1, ground 0, calcined 1", steps)
	}
	if types["calcined"] != TypeHeating || types["ground"] != TypeMixing {
		t.Errorf("types = %v, want calcined Heating and ground Mixing", types)
	}
}

func TestBuildEmpty(t *testing.T) {
	nodes, edges := Build(Paragraph{DocID: "d"})
	if len(nodes) != 0 || len(edges) != 0 {
		t.Errorf("empty paragraph gave %d nodes and %d edges", len(nodes), len(edges))
	}
}

func TestOperationType(t *testing.T) {
	tests := map[string]string{
		"calcined": TypeHeating, "Calcination": TypeHeating, "ball-milled": TypeMixing, "dissolved": TypeDissolving,
		"washed": TypeWashing, "centrifuged": TypeSeparating, "pressed": TypeShaping, "purchased": TypeSupply,
		"synthesized": TypeSynthesis, "quenched": TypeCooling, "dried": TypeDrying, "sonicated": TypeSonication,
		"observed": TypeOther,
	}
	for word, want := range tests {
		if got := OperationType(word); got != want {
			t.Errorf("OperationType(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestAlignEntities(t *testing.T) {
	p := paragraph("The powder was heated at 800 °C .", "It was cooled .")
	ents := []schema.Entity{
		{Entity: 0, Start: 4, End: 10, Label: "Material"},   // powder
		{Entity: 1, Start: 25, End: 30, Label: "Number"},    // 800 °C spans two tokens
		{Entity: 2, Start: 41, End: 47, Label: "Operation"}, // cooled, second sentence
		{Entity: 3, Start: 500, End: 501, Label: "Number"},  // outside every sentence
	}
	got := AlignEntities(p.Sentences, ents)
	if len(got) != 3 {
		t.Fatalf("kept %d entities, want 3", len(got))
	}
	want := [][3]int32{{0, 1, 2}, {0, 5, 7}, {1, 2, 3}}
	for i, w := range want {
		if got[i].Sentence != w[0] || got[i].TokenStart != w[1] || got[i].TokenEnd != w[2] {
			t.Errorf("entity %d at sentence %d tokens [%d,%d), want %v", i, got[i].Sentence, got[i].TokenStart, got[i].TokenEnd, w)
		}
	}
}
