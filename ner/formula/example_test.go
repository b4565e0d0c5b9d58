package formula_test

import (
	"fmt"

	"github.com/litmine/litmine/ner/formula"
)

func ExampleParse() {
	c, err := formula.Parse("Li1+xMn2-xO4", formula.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Formula, c.Unresolved)

	c, err = formula.Parse("Li1+xMn2-xO4", formula.Options{Vars: map[string]float64{"x": 0.1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range c.Elements {
		fmt.Printf("%s %g\n", a.Symbol, a.Amount)
	}

	_, err = formula.Parse("LiXx2", formula.Options{})
	fmt.Println(err)
	// Output:
	// Li(1+x)Mn(2-x)O4 [x]
	// Li 1.1
	// Mn 1.9
	// O 4
	// parse "LiXx2": unknown element "Xx" at offset 2
}

func ExampleRecognize() {
	for _, token := range []string{"LiCoO2", "NaCl", "Mg", "SPIN", "In"} {
		ok, score := formula.Recognize(token)
		fmt.Println(token, ok, score)
	}
	// Output:
	// LiCoO2 true 1
	// NaCl true 0.7
	// Mg true 0.4
	// SPIN false 0
	// In false 0
}
