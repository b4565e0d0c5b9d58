package lexicon

import "strings"

// The rules below turn an observed operation word into its verb lemma and
// the lemma into the forms that papers also use. They are a small rule set
// for English regular verbs, not a morphological analyser:
//
//   - lemma from "-ied" → "-y" (dried → dry), and from "-ed" and "-ing"
//     with a doubled final consonant undoubled (stirred → stir). Doubled l,
//     s, f and z stay, because lemmas end in them (milled → mill). A silent
//     e comes back where English spelling needs one (calcined → calcine,
//     dissolved → dissolve, evaporated → evaporate);
//   - irregular verbs of synthesis text from a table (ground → grind), and
//     a table of words that the rules get wrong (aged → age);
//   - forms: the lemma, third person "-s"/"-es"/"-ies", past "-ed" and
//     present participle "-ing", with e-drop (calcining) and consonant
//     doubling for one-syllable lemmas (stirring);
//   - nominalizations: the "-ing" form (milling, annealing), "-ate" →
//     "-ation", "-ize"/"-ise" → "-ization"/"-isation", "-ify" → "-ification",
//     and a table for the rest (calcine → calcination, add → addition).
//
// Words that end in a noun suffix (-tion, -sis, -ment, ...) get no lemma:
// they are kept as observed but generate nothing.

// irregularVerbs maps a lemma to its past tense and past participle.
var irregularVerbs = map[string][2]string{
	"break":   {"broke", "broken"},
	"burn":    {"burnt", "burnt"},
	"grind":   {"ground", "ground"},
	"regrind": {"reground", "reground"},
	"shake":   {"shook", "shaken"},
	"spread":  {"spread", "spread"},
	"cast":    {"cast", "cast"},
	"feed":    {"fed", "fed"},
}

// irregularLemmas maps each form in irregularVerbs, the lemma included, to
// its lemma.
var irregularLemmas = func() map[string]string {
	m := make(map[string]string)
	for lemma, forms := range irregularVerbs {
		m[lemma] = lemma
		for _, f := range forms {
			m[f] = lemma
		}
	}
	return m
}()

// verbPrefixes are the prefixes that the irregular verb lookup strips, as
// in "re-ground" and "preground".
var verbPrefixes = []string{"re-", "pre-", "post-", "co-", "re", "pre"}

// nominalizations maps a lemma to its action noun where no suffix rule
// gives it.
var nominalizations = map[string]string{
	"add":        "addition",
	"calcine":    "calcination",
	"compress":   "compression",
	"combust":    "combustion",
	"compact":    "compaction",
	"decompose":  "decomposition",
	"dilute":     "dilution",
	"dissolve":   "dissolution",
	"filter":     "filtration",
	"ignite":     "ignition",
	"oxidize":    "oxidation",
	"prepare":    "preparation",
	"pyrolyze":   "pyrolysis",
	"synthesise": "synthesis",
	"synthesize": "synthesis",
	"treat":      "treatment",
}

// lemmaExceptions maps a past or -ing form that the e and doubling rules
// get wrong to its lemma.
var lemmaExceptions = map[string]string{
	"aged":     "age",
	"ignited":  "ignite",
	"igniting": "ignite",
	"pasted":   "paste",
	"poled":    "pole",
	"bathed":   "bathe",
}

// nounSuffixes mark a word as a noun, not a verb form.
var nounSuffixes = []string{"tion", "tions", "sion", "sions", "sis", "ment", "ments", "ness", "ings", "ure", "ity"}

// lemmaOf returns the verb lemma of the lower-case operation word w, or ""
// when w ends in a noun suffix. Hyphenated prefixes stay on the lemma
// (pre-sintered → pre-sinter).
func lemmaOf(w string) string {
	for _, suf := range nounSuffixes {
		if strings.HasSuffix(w, suf) {
			return ""
		}
	}
	if l, ok := lemmaExceptions[w]; ok {
		return l
	}
	if l, ok := irregularLemma(w); ok {
		return l
	}
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		return restoreStem(w[:len(w)-2])
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		return restoreStem(w[:len(w)-3])
	}
	return baseOfThirdPerson(w)
}

// baseOfThirdPerson returns the lemma of a third person singular form such
// as "decomposes" or "mixes", and w itself for any other word.
func baseOfThirdPerson(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:n-2]
	case n > 3 && w[n-1] == 's' && strings.IndexByte("sui", w[n-2]) < 0:
		return w[:n-1]
	}
	return w
}

// irregularLemma looks w up in the irregular forms, also after a prefix
// such as "re-" or "pre", so that "re-ground" gives "re-grind".
func irregularLemma(w string) (string, bool) {
	if l, ok := irregularLemmas[w]; ok {
		return l, true
	}
	for _, prefix := range verbPrefixes {
		rest, ok := strings.CutPrefix(w, prefix)
		if !ok {
			continue
		}
		if l, ok := irregularLemmas[rest]; ok {
			return prefix + l, true
		}
	}
	return "", false
}

// irregularPast returns the past tense and past participle of an irregular
// lemma, also after a prefix such as "re-".
func irregularPast(lemma string) (past, participle string, ok bool) {
	if forms, ok := irregularVerbs[lemma]; ok {
		return forms[0], forms[1], true
	}
	for _, prefix := range verbPrefixes {
		rest, found := strings.CutPrefix(lemma, prefix)
		if forms, ok := irregularVerbs[rest]; found && ok {
			return prefix + forms[0], prefix + forms[1], true
		}
	}
	return "", "", false
}

// restoreStem turns the stem left after removing "-ed" or "-ing" into the
// lemma: it undoubles a final consonant and restores a silent e.
func restoreStem(stem string) string {
	n := len(stem)
	if n >= 4 && stem[n-1] == stem[n-2] && strings.IndexByte("bdgmnprt", stem[n-1]) >= 0 {
		return stem[:n-1]
	}
	if needsSilentE(stem) {
		return stem + "e"
	}
	return stem
}

// needsSilentE reports whether the stem of a regular verb ends in a silent
// e that "-ed" and "-ing" removed.
//
// NOTE: this is a spelling heuristic. Words it gets wrong need an entry in
// lemmaExceptions (poled → pole). Words missing there get a wrong lemma
// ("controlled" → "controll"), whose derived forms are harmless but never
// occur in text.
func needsSilentE(stem string) bool {
	n := len(stem)
	if n < 2 {
		return false
	}
	last, prev := stem[n-1], stem[n-2]
	switch {
	case last == 'v', last == 'u', last == 'c':
		return true // dissolv-, glu-, reduc-
	case last == 'z':
		return prev != 'z' // pelletiz-, but buzz
	case last == 's':
		return prev != 's' && prev != 'u' // decompos-, dispers-, but press and focus
	case last == 'g':
		return prev == 'r' || prev == 'd' // purg-, bridg-
	case last == 'l':
		return isConsonant(prev) && prev != 'l' && prev != 'r' // tumbl-, but mill and swirl
	case last == 't' && (prev == 'a' || prev == 'u'):
		return n >= 3 && isConsonant(stem[n-3]) // evaporat-, dilut-, but heat
	}
	return endsSingleVowelConsonant(stem) && strings.IndexByte("aiou", prev) >= 0 &&
		strings.IndexByte("wxy", last) < 0 && !strings.HasSuffix(stem, "it") &&
		!strings.HasSuffix(stem, "on") && !strings.HasSuffix(stem, "om") && !strings.HasSuffix(stem, "ol")
}

func isConsonant(c byte) bool {
	return 'a' <= c && c <= 'z' && strings.IndexByte("aeiou", c) < 0
}

func isVowel(c byte) bool {
	return strings.IndexByte("aeiou", c) >= 0
}

// endsSingleVowelConsonant reports whether s ends in consonant, single
// vowel, consonant, as in "calcin" or "stir".
func endsSingleVowelConsonant(s string) bool {
	n := len(s)
	if n < 2 || !isConsonant(s[n-1]) || !isVowel(s[n-2]) {
		return false
	}
	return n == 2 || !isVowel(s[n-3])
}

// doublesFinal reports whether the lemma doubles its final consonant before
// "-ed" and "-ing" (stir, drop, but not heat, mix or sinter). That is when
// its last hyphen-separated part has one vowel group and ends in consonant,
// single vowel, and a consonant other than w, x or y.
func doublesFinal(lemma string) bool {
	part := lemma[strings.LastIndexByte(lemma, '-')+1:]
	if !endsSingleVowelConsonant(part) || strings.IndexByte("wxy", part[len(part)-1]) >= 0 {
		return false
	}
	groups := 0
	for i := 0; i < len(part); i++ {
		if isVowel(part[i]) && (i == 0 || !isVowel(part[i-1])) {
			groups++
		}
	}
	return groups == 1
}

// inflections returns the lemma, its third person singular, past and
// present participle forms, and its action nouns.
func inflections(lemma string) []string {
	forms := []string{lemma, thirdPerson(lemma)}
	if past, participle, ok := irregularPast(lemma); ok {
		forms = append(forms, past, participle)
	} else {
		forms = append(forms, pastTense(lemma))
	}
	forms = append(forms, presentParticiple(lemma))
	if noun := actionNoun(lemma); noun != "" {
		forms = append(forms, noun)
	}
	return forms
}

func thirdPerson(l string) string {
	n := len(l)
	switch {
	case n >= 2 && l[n-1] == 'y' && isConsonant(l[n-2]):
		return l[:n-1] + "ies"
	case strings.HasSuffix(l, "s"), strings.HasSuffix(l, "x"), strings.HasSuffix(l, "z"),
		strings.HasSuffix(l, "ch"), strings.HasSuffix(l, "sh"):
		return l + "es"
	}
	return l + "s"
}

func pastTense(l string) string {
	n := len(l)
	switch {
	case strings.HasSuffix(l, "e"):
		return l + "d"
	case n >= 2 && l[n-1] == 'y' && isConsonant(l[n-2]):
		return l[:n-1] + "ied"
	case doublesFinal(l):
		return l + l[n-1:] + "ed"
	}
	return l + "ed"
}

func presentParticiple(l string) string {
	n := len(l)
	switch {
	case strings.HasSuffix(l, "ie"):
		return l[:n-2] + "ying"
	case strings.HasSuffix(l, "e") && !strings.HasSuffix(l, "ee") && !strings.HasSuffix(l, "ye") && !strings.HasSuffix(l, "oe"):
		return l[:n-1] + "ing"
	case doublesFinal(l):
		return l + l[n-1:] + "ing"
	}
	return l + "ing"
}

// actionNoun returns the action noun of the lemma other than its "-ing"
// form, or "" when the rules give none.
func actionNoun(l string) string {
	base := l
	prefix := ""
	if i := strings.LastIndexByte(l, '-'); i >= 0 {
		prefix, base = l[:i+1], l[i+1:]
	}
	if noun, ok := nominalizations[base]; ok {
		return prefix + noun
	}
	switch {
	case strings.HasSuffix(base, "ate") && len(base) > 5:
		return prefix + base[:len(base)-1] + "ion"
	case strings.HasSuffix(base, "ize"), strings.HasSuffix(base, "ise"):
		return prefix + base[:len(base)-1] + "ation"
	case strings.HasSuffix(base, "ify"):
		return prefix + base[:len(base)-1] + "ication"
	}
	return ""
}
