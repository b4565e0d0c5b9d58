package lexicon

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// materialEntries filters the accumulated material strings and returns
// them sorted by Text.
//
// The extraction often puts the material of the jar or balls ("agate",
// "zirconia") in the mixing_media slot. So a heating_atmosphere or
// mixing_media value that occurs more often as a mixing_device value keeps
// no atmosphere or medium count. It stays a material only through its
// precursor or target occurrences.
func (a *accumulator) materialEntries(cfg BuildConfig) []Material {
	devices := a.foldedDevices()
	var out []Material
	for s, c := range a.materials {
		if isNoise(s) {
			continue
		}
		m := Material{
			Text:            s,
			Formula:         mostFrequent(c.formulas),
			PrecursorCount:  c.precursor,
			TargetCount:     c.target,
			AtmosphereCount: c.atmosphere,
			MediumCount:     c.medium,
		}
		if devices[strings.ToLower(s)] > c.atmosphere+c.medium {
			m.AtmosphereCount, m.MediumCount = 0, 0
		}
		if m.Formula == "" && looksLikeGasFormula(s) {
			m.Formula = s
		}

		minCount := cfg.MinNameCount
		if isMultiElementFormula(s) {
			minCount = cfg.MinFormulaCount
		}
		if m.Count() >= minCount {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(x, y Material) int { return strings.Compare(x.Text, y.Text) })
	return out
}

// mostFrequent returns the key with the highest count, the byte-wise
// smallest on a tie, or "" for an empty map.
func mostFrequent(counts map[string]int) string {
	best, bestCount := "", 0
	for f, n := range counts {
		if n > bestCount || (n == bestCount && f < best) {
			best, bestCount = f, n
		}
	}
	return best
}

// looksLikeGasFormula reports whether s, which the dataset gave no formula
// for, can serve as its own formula: an element symbol ("Ar") or a formula
// with a digit ("O2", "N2"). Digit-free strings of several symbols are left
// out because most are acronyms ("BSCF", "CK").
func looksLikeGasFormula(s string) bool {
	n := formulaElements(s)
	return !strings.Contains(s, " ") && (n == 1 && elementSymbols[s] || n > 0 && strings.ContainsAny(s, "0123456789"))
}

// foldedDevices returns the mixing_device counts keyed by lower-case value,
// leaving out values that read as chemical formulas ("ZrO2", "Li2CO3"):
// those name a material that the extraction put in the device slot.
func (a *accumulator) foldedDevices() map[string]int {
	out := make(map[string]int)
	for v, n := range a.devices {
		if formulaElements(v) == 0 {
			out[strings.ToLower(v)] += n
		}
	}
	return out
}

// curatedApparatus is a seed list of common synthesis apparatus. The
// dataset's mixing_device field names the material of the jar, balls or
// mortar ("agate", "zirconia", "polyethylene") and never the device itself,
// so without this list the lexicon would have no "ball mill" or "furnace".
var curatedApparatus = []string{
	"agate mortar", "alumina boat", "alumina crucible", "attritor", "autoclave", "ball mill",
	"box furnace", "crucible", "drying oven", "electric furnace", "furnace", "high-energy ball mill",
	"hot plate", "hydraulic press", "jar", "magnetic stirrer", "mortar", "muffle furnace", "oven",
	"pestle", "planetary ball mill", "planetary mill", "platinum crucible", "sieve", "spray dryer",
	"steel die", "teflon-lined autoclave", "tube furnace", "vial",
}

// apparatusEntries returns the mixing_device values that pass the noise
// filter and occur at least cfg.MinApparatusCount times, together with
// curatedApparatus, sorted by Name. A value must also occur more often as a
// device than as material strings of the same lower-case spelling. That
// drops "water" and "citric acid", which appear as devices but mostly as
// materials.
func (a *accumulator) apparatusEntries(cfg BuildConfig) []Apparatus {
	asMaterial := make(map[string]int)
	for s, c := range a.materials {
		asMaterial[strings.ToLower(s)] += c.total()
	}

	byName := make(map[string]Apparatus)
	for name, n := range a.foldedDevices() {
		if isNoise(name) || n < cfg.MinApparatusCount || n <= asMaterial[name] {
			continue
		}
		byName[name] = Apparatus{Name: name, Count: n}
	}
	for _, name := range curatedApparatus {
		if _, ok := byName[name]; !ok {
			byName[name] = Apparatus{Name: name, Curated: true}
		}
	}

	out := make([]Apparatus, 0, len(byName))
	for _, ap := range byName {
		out = append(out, ap)
	}
	slices.SortFunc(out, func(x, y Apparatus) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// excludedOperations are operation words that the extraction tagged but
// that the lexicon leaves out, chosen from the words seen at least twice in
// the 2019-12-03 solid-state and 2020-07-13 sol-gel releases:
//
//   - words that are not verbs: adverbs and adjectives ("dropwise",
//     "uniaxial", "hot"), and "dry" and "wet", which papers mostly use as
//     adjectives ("dry air", "wet milling");
//   - verbs too generic to mark a synthesis step, which would tag most
//     methods sentences ("carried out", "performed", "obtained", "kept",
//     "held", "reduced particle size");
//   - derived forms that papers mostly use as nouns or adjectives ("powder",
//     "pellets", "shape", "the melt", "concentrated HNO3", "oxidation
//     state", "synthesis of").
//
// Words ending in "-ly" are dropped by rule and need no entry.
var excludedOperations = setOf(
	"dropwise", "dryness", "enough", "found", "hot", "isostatic", "uniaxial", "week", "were", "dry", "wet",
	"concentrated", "concentration", "drops", "melt", "melts", "oxidation", "pellet", "pellets",
	"powder", "powders", "preparation", "pressure", "pressures", "shape", "shapes", "synthesis", "warm",
	"achieved", "brought", "carried", "changed", "chosen", "combined", "completed", "conducted",
	"confirmed", "conformed", "contacted", "continued", "converted", "decreased", "determined",
	"distributed", "divided", "done", "elaborated", "eliminated", "exposed", "extracted", "followed",
	"formed", "grained", "handled", "held", "hold", "holding", "investigated", "kept", "made",
	"maintained", "measured", "merged", "monitored", "obtained", "performed", "placed", "produced",
	"programmed", "put", "raised", "recovered", "reduced", "reformed", "reforming", "removed",
	"removing", "repeated", "replaced", "separated", "spread", "stayed", "subjected", "submitted",
	"transformed", "tried", "undergoes", "undertaken", "used", "weighted",
)

// isOperationWord reports whether w, in lower case, is letters joined by
// single hyphens, at least three letters long and not an "-ly" adverb.
func isOperationWord(w string) bool {
	if len(w) < 3 || strings.HasSuffix(w, "ly") || excludedOperations[w] {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == '-' && i > 0 && i < len(w)-1 && w[i-1] != '-' {
			continue
		}
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// operationEntries returns the observed operation rows that pass the
// filters and the derived forms of their lemmas, sorted by Token then Type.
func (a *accumulator) operationEntries(cfg BuildConfig) []Operation {
	var out []Operation
	kept := make(map[string]map[string]int)
	for token, types := range a.operations {
		total := 0
		for _, n := range types {
			total += n
		}
		if total < cfg.MinOperationCount || !isOperationWord(token) {
			continue
		}
		kept[token] = types
		for typ, n := range types {
			out = append(out, Operation{Token: token, Type: typ, Count: n})
		}
	}
	out = append(out, derivedOperations(kept)...)
	slices.SortFunc(out, func(x, y Operation) int {
		return cmp.Or(strings.Compare(x.Token, y.Token), strings.Compare(x.Type, y.Type))
	})
	return out
}

// lemmaGroup is the observed words that share one lemma.
type lemmaGroup struct {
	lemma string
	total int
	types map[string]int
}

// derivedOperations returns the inflections and action nouns of the lemmas
// of the observed words, and of the prefix spellings of those lemmas, that
// were not observed themselves. Each gets the type that the lemma's
// observed words have most often. A form that two lemmas generate goes to
// the lemma with more occurrences.
func derivedOperations(observed map[string]map[string]int) []Operation {
	groups := make(map[string]*lemmaGroup)
	for token, types := range observed {
		lemma := lemmaOf(token)
		if lemma == "" {
			continue
		}
		g := groups[lemma]
		if g == nil {
			g = &lemmaGroup{lemma: lemma, types: make(map[string]int)}
			groups[lemma] = g
		}
		for typ, n := range types {
			g.types[typ] += n
			g.total += n
		}
	}
	ordered := slices.SortedFunc(maps.Values(groups), func(x, y *lemmaGroup) int {
		return cmp.Or(cmp.Compare(y.total, x.total), strings.Compare(x.lemma, y.lemma))
	})

	var out []Operation
	derived := make(map[string]bool)
	for _, g := range ordered {
		typ := mostFrequent(g.types)
		for _, lemma := range prefixSpellings(g.lemma, groups) {
			for _, form := range inflections(lemma) {
				if observed[form] != nil || derived[form] || !isOperationWord(form) {
					continue
				}
				derived[form] = true
				out = append(out, Operation{Token: form, Type: typ, Derived: true})
			}
		}
	}
	return out
}

// compoundPrefixes are the prefixes that papers write both with and
// without a hyphen ("re-milled" and "remilled", "ball-milled" and
// "ballmilled").
var compoundPrefixes = []string{"ball", "co", "de", "post", "pre", "re"}

// prefixSpellings returns lemma and, when it starts with a compound
// prefix, its other spelling. "re-mill" gives "remill". "remill" gives
// "re-mill" only because "mill" is itself one of the lemmas, which keeps
// "react" and "prepare" from getting "re-act" and "pre-pare".
func prefixSpellings[V any](lemma string, lemmas map[string]V) []string {
	out := []string{lemma}
	for _, p := range compoundPrefixes {
		if rest, ok := strings.CutPrefix(lemma, p+"-"); ok {
			return append(out, p+rest)
		}
		if rest, ok := strings.CutPrefix(lemma, p); ok {
			if _, isLemma := lemmas[rest]; isLemma {
				return append(out, p+"-"+rest)
			}
		}
	}
	return out
}
