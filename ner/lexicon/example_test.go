package lexicon_test

import (
	"fmt"
	"strings"

	"github.com/litmine/litmine/ner/lexicon"
)

func ExampleMatcher_Match() {
	lex := &lexicon.Lexicon{
		Materials:  []lexicon.Material{{Text: "iron(III) chloride", Formula: "FeCl3", PrecursorCount: 4}},
		Operations: []lexicon.Operation{{Token: "dissolved", Type: "MixingOperation", Count: 5623}},
		Apparatus:  []lexicon.Apparatus{{Name: "magnetic stirrer", Curated: true}},
	}
	m := lexicon.NewMatcher(lex)
	tokens := []string{"iron", "(", "III", ")", "chloride", "was", "Dissolved", "on", "a", "magnetic", "stirrer"}
	for _, match := range m.Match(tokens) {
		fmt.Printf("%d-%d %s %q\n", match.Start, match.End, match.Kind, strings.Join(tokens[match.Start:match.End], " "))
	}
	// Output:
	// 0-5 material "iron ( III ) chloride"
	// 6-7 operation "Dissolved"
	// 9-11 apparatus "magnetic stirrer"
}
