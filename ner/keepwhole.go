package ner

import (
	"strings"

	"github.com/litmine/litmine/ner/formula"
)

// keepsWhole reports whether a chunk of text without spaces is a chemical
// formula that the tokenizer keeps as one token. Only formulas with digits,
// brackets or hydrate dots need it: prose splits those at brackets and
// dots, and leaves plain letter sequences alone.
func keepsWhole(s string) bool {
	if !strings.ContainsAny(s, "0123456789()[]·•⋅∙*") {
		return false
	}
	ok, _ := formula.Recognize(s)
	return ok
}
