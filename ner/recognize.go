package ner

import (
	"strings"

	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner/formula"
	"github.com/litmine/litmine/ner/lexicon"
)

// Recognizer finds materials-synthesis entities in tokenized sentences with
// rules: formulas validated against the periodic table, material names,
// operation verbs and apparatus from the text-mined lexicons, curated phrase
// lists, numbers, and units that follow numbers. It is safe for concurrent
// use.
type Recognizer struct {
	matcher *lexicon.Matcher
	phrases phraseIndex
}

// NewRecognizer returns a Recognizer over the lexicon lex; nil means the
// lexicon shipped in the binary.
func NewRecognizer(lex *lexicon.Lexicon) (*Recognizer, error) {
	if lex == nil {
		var err error
		if lex, err = lexicon.Default(); err != nil {
			return nil, err
		}
	}
	return &Recognizer{matcher: lexicon.NewMatcher(lex), phrases: newPhraseIndex(curatedPhrases())}, nil
}

// Priorities break ties between overlapping candidates of equal length.
const (
	priorityUnit = iota + 1
	priorityLexicon
	priorityCurated
	priorityNumber
	priorityFormula
)

// Recognize returns the entities of one sentence, sorted and without
// overlaps.
func (r *Recognizer) Recognize(s TokenizedSentence) []Span {
	n := len(s.Tokens)
	if n == 0 {
		return nil
	}
	texts := make([]string, n)
	lower := make([]string, n)
	for i, t := range s.Tokens {
		texts[i] = t.Text
		lower[i] = strings.ToLower(t.Text)
	}
	var cands []Span
	cands = r.lexiconSpans(cands, s, texts)
	cands = r.curatedSpans(cands, s, lower)
	cands = tokenSpans(cands, s, texts, lower)
	spans := resolve(cands, n)
	spans = relabelHeads(spans, lower)
	return relabelContext(spans, lower)
}

// lexiconSpans adds the matches of the text-mined lexicons.
func (r *Recognizer) lexiconSpans(cands []Span, s TokenizedSentence, texts []string) []Span {
	for _, m := range r.matcher.Match(texts) {
		sp := Span{TokenStart: m.Start, TokenEnd: m.End, Source: SourceLexicon, priority: priorityLexicon}
		switch {
		case m.Kind == lexicon.KindMaterial && m.Material != nil:
			sp.Label = schema.LabelMaterial
			sp.Formula = m.Material.Formula
			sp.Score = countScore(m.Material.Count())
		case m.Kind == lexicon.KindOperation && m.Operation != nil:
			if !operationPOS(s.Tokens, m.End-1) {
				continue
			}
			sp.Label = schema.LabelOperation
			sp.Score = countScore(m.Operation.Count)
		default:
			// Apparatus matches are skipped: the dataset's mixing_device
			// values name the material of jars and balls (agate, zirconia),
			// and the curated apparatus list of this package covers devices.
			continue
		}
		cands = append(cands, sp)
	}
	return cands
}

// countScore maps how often the source dataset saw an entry to a confidence.
func countScore(count int) float32 {
	switch {
	case count >= 100:
		return 0.9
	case count >= 10:
		return 0.8
	case count >= 2:
		return 0.7
	}
	return 0.6
}

// passiveMarkers are words after which a past participle is read as an
// operation even when the tagger calls it a noun or adjective, as in "was
// ground".
var passiveMarkers = map[string]bool{"was": true, "were": true, "been": true, "be": true, "is": true, "are": true,
	"then": true, "and": true, "finely": true, "further": true, "subsequently": true}

// operationPOS reports whether token k can be an operation: a verb, a noun
// that names an action (calcination, drying, treatment), or a participle
// after a passive marker.
func operationPOS(toks []Token, k int) bool {
	pos := toks[k].POS
	if strings.HasPrefix(pos, "VB") {
		return true
	}
	if k > 0 && passiveMarkers[strings.ToLower(toks[k-1].Text)] {
		return true
	}
	if strings.HasPrefix(pos, "NN") || pos == "JJ" {
		w := strings.ToLower(toks[k].Text)
		return strings.HasSuffix(w, "tion") || strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ment") ||
			strings.HasSuffix(w, "sis") || strings.HasSuffix(w, "ed")
	}
	return false
}

// curatedSpans adds the matches of the curated phrase lists.
func (r *Recognizer) curatedSpans(cands []Span, s TokenizedSentence, lower []string) []Span {
	for i := range lower {
		p, ok := r.phrases.match(lower, i)
		if !ok {
			continue
		}
		end := i + len(p.tokens)
		if p.label == schema.LabelOperation && !operationPOS(s.Tokens, end-1) {
			continue
		}
		cands = append(cands, Span{TokenStart: i, TokenEnd: end, Label: p.label, Score: 0.7,
			Source: SourceCurated, priority: priorityCurated})
	}
	return cands
}

// tokenSpans adds formulas, numbers and the units that follow numbers.
func tokenSpans(cands []Span, s TokenizedSentence, texts, lower []string) []Span {
	for i, t := range texts {
		switch {
		case isNumber(t):
			cands = append(cands, Span{TokenStart: i, TokenEnd: i + 1, Label: schema.LabelNumber, Score: 0.95,
				Source: SourceNumber, priority: priorityNumber})
			if end, label, ok := unitAfter(texts, i+1); ok {
				cands = append(cands, Span{TokenStart: i + 1, TokenEnd: end, Label: label, Score: 0.9,
					Source: SourceUnit, priority: priorityUnit})
			}
		case t == "pH":
			cands = append(cands, Span{TokenStart: i, TokenEnd: i + 1, Label: schema.LabelConditionUnit, Score: 0.8,
				Source: SourceUnit, priority: priorityUnit})
		case isAnalysisElement(texts, i):
			cands = append(cands, Span{TokenStart: i, TokenEnd: i + 1, Label: schema.LabelNonrecipeMaterial, Score: 0.8,
				Source: SourceFormula, priority: priorityFormula})
		case mayBeFormula(t) && !isUnit(t):
			if ok, score := formula.Recognize(t); ok {
				cands = append(cands, Span{TokenStart: i, TokenEnd: i + 1, Label: schema.LabelMaterial, Score: score,
					Source: SourceFormula, priority: priorityFormula})
			}
		}
	}
	return cands
}

// mayBeFormula reports whether t starts as a formula must: with an
// upper-case letter or an opening bracket. It spares the formula parser the
// bulk of the tokens, which are lower-case words.
func mayBeFormula(t string) bool {
	c := t[0]
	return c >= 'A' && c <= 'Z' || c == '(' || c == '['
}

// isAnalysisElement reports whether token i is an element symbol in an
// elemental analysis such as "C, 38.5; H, 2.31": a symbol, a comma or colon,
// and a number.
func isAnalysisElement(texts []string, i int) bool {
	if i+2 >= len(texts) || (texts[i+1] != "," && texts[i+1] != ":") || !isNumber(texts[i+2]) {
		return false
	}
	_, ok := formula.LookupElement(texts[i])
	return ok
}

// unitSuffixes extend a unit token into a compound unit such as "°C min−1".
var unitSuffixes = map[string]bool{
	"min-1": true, "min−1": true, "h-1": true, "h−1": true, "s-1": true, "s−1": true, "L-1": true, "L−1": true,
	"dm-3": true, "dm−3": true, "g-1": true, "g−1": true, "cm-3": true, "/min": true, "/h": true,
}

// unitAfter returns the end and label of a unit that starts at token i,
// including a compound unit ("°C min−1", "mol L-1") and a spelled-out unit
// split by the tokenizer ("deg C", "wt %").
func unitAfter(texts []string, i int) (int, schema.EntityLabel, bool) {
	if i >= len(texts) {
		return 0, 0, false
	}
	var label schema.EntityLabel
	ok := false
	end := i + 1
	if i+1 < len(texts) {
		if label, ok = unitLabels[texts[i]+texts[i+1]]; !ok {
			label, ok = unitLabels[texts[i]+" "+texts[i+1]]
		}
		if !ok && texts[i] == "deg" && texts[i+1] == "C" {
			label, ok = schema.LabelConditionUnit, true
		}
		if ok {
			end = i + 2
		}
	}
	if !ok {
		label, ok = unitLabels[texts[i]]
	}
	if !ok {
		return 0, 0, false
	}
	if end < len(texts) && unitSuffixes[texts[end]] {
		end++
	}
	return end, label, true
}

// relabelHeads turns a generic material noun ("solution", "powder") into a
// descriptor of the material it belongs to, as MSPT labels it: after a
// material ("NaOH solution"), after "aqueous" and similar words, or before
// "of" and a material ("a solution of NaBH4").
func relabelHeads(spans []Span, lower []string) []Span {
	for k := range spans {
		sp := &spans[k]
		if sp.Label != schema.LabelMaterial || sp.TokenEnd-sp.TokenStart != 1 || !genericHeadWords[lower[sp.TokenStart]] {
			continue
		}
		afterMaterial := k > 0 && spans[k-1].TokenEnd == sp.TokenStart && spans[k-1].Label.IsMaterial()
		afterSolvent := sp.TokenStart > 0 && solventAdjectives[lower[sp.TokenStart-1]]
		beforeOf := sp.TokenEnd < len(lower) && lower[sp.TokenEnd] == "of" && k+1 < len(spans) &&
			spans[k+1].Label.IsMaterial() && spans[k+1].TokenStart-sp.TokenEnd <= 3
		if afterMaterial || afterSolvent || beforeOf {
			sp.Label = schema.LabelMaterialDescriptor
		}
	}
	return spans
}

// solventAdjectives name the solvent of a solution: "aqueous solution".
var solventAdjectives = map[string]bool{"aqueous": true, "ethanolic": true, "alcoholic": true, "methanolic": true,
	"mixed": true, "precursor": true, "stock": true}

// genericHeadWords is genericHeads as a set.
var genericHeadWords = func() map[string]bool {
	m := make(map[string]bool, len(genericHeads))
	for _, h := range genericHeads {
		m[h] = true
	}
	return m
}()

// relabelContext applies the label rules that need the neighbours of a span.
// A volume or length unit right before an apparatus gives its size ("a 100
// mL autoclave"). An apparatus modifier away from an apparatus reads as a
// condition or an operation ("dried under vacuum"). A hydrate word extends
// the material before it ("cupric acetate hydrate"). KBr is the infrared
// pellet material, not part of a recipe, and "lithium" in "lithium ion
// battery" names no material.
func relabelContext(spans []Span, lower []string) []Span {
	out := spans[:0]
	for k := 0; k < len(spans); k++ {
		sp := spans[k]
		first := lower[sp.TokenStart]
		switch {
		case sizeUnits[first] && isUnitLabel(sp.Label) && apparatusFollows(spans, k):
			sp.Label = schema.LabelApparatusUnit
		case sp.Label == schema.LabelApparatusDescriptor && !apparatusFollows(spans, k):
			label, ok := descriptorFallback[first]
			if !ok {
				continue
			}
			sp.Label = label
		case sp.Label == schema.LabelMaterial && first == "kbr":
			sp.Label = schema.LabelNonrecipeMaterial
		case sp.Label == schema.LabelMaterial && first == "lithium" && sp.TokenEnd < len(lower) &&
			(lower[sp.TokenEnd] == "ion" || lower[sp.TokenEnd] == "-ion"):
			continue
		}
		if sp.Label == schema.LabelMaterial && sp.TokenEnd < len(lower) && hydrateWords[lower[sp.TokenEnd]] &&
			(k+1 == len(spans) || spans[k+1].TokenStart > sp.TokenEnd) {
			sp.TokenEnd++
		}
		out = append(out, sp)
	}
	return out
}

// sizeUnits are the units that can give an apparatus's size.
var sizeUnits = map[string]bool{"ml": true, "l": true, "μl": true, "mm": true, "cm": true, "cm3": true}

// descriptorFallback gives the label of an apparatus modifier that does not
// precede an apparatus; modifiers without an entry are dropped.
var descriptorFallback = map[string]schema.EntityLabel{
	"vacuum": schema.LabelConditionMisc, "drying": schema.LabelOperation, "sealed": schema.LabelOperation,
}

var hydrateWords = map[string]bool{"hydrate": true, "monohydrate": true, "dihydrate": true, "trihydrate": true,
	"tetrahydrate": true, "pentahydrate": true, "hexahydrate": true, "heptahydrate": true, "octahydrate": true,
	"nonahydrate": true, "decahydrate": true}

func isUnitLabel(l schema.EntityLabel) bool {
	return l == schema.LabelAmountUnit || l == schema.LabelConditionUnit || l == schema.LabelPropertyUnit
}

// apparatusFollows reports whether an apparatus comes right after spans[k],
// with only apparatus modifiers between.
func apparatusFollows(spans []Span, k int) bool {
	end := spans[k].TokenEnd
	for j := k + 1; j < len(spans) && spans[j].TokenStart == end; j++ {
		switch spans[j].Label {
		case schema.LabelSynthesisApparatus:
			return true
		case schema.LabelApparatusDescriptor:
			end = spans[j].TokenEnd
		default:
			return false
		}
	}
	return false
}
