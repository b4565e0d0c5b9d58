// Package lexicon provides the material, operation and apparatus lexicons
// of the rule-based materials entity recognizer, and a Matcher that finds
// their entries in tokenized sentences.
//
// # Contents
//
//   - Materials: every material_string of the targets and precursors, and
//     every sol-gel material_name, with its most frequent material_formula
//     and its counts as precursor and target. The heating_atmosphere values
//     (air, Ar, O2) and mixing_media values (ethanol, acetone, water) are
//     materials too, with their counts in those roles. Strings keep their
//     spelling and case ("Co" and "CO" are two entries), with white space
//     collapsed.
//     Noise filters and count thresholds are documented on BuildConfig,
//     isNoise and materialEntries.
//   - Operations: every operation token, in lower case, with the operation
//     type the dataset gave it (HeatingOperation, Mixing, MixingOperation,
//     ...) and its count, plus derived inflections and action nouns of the
//     same verbs ("calcine", "calcines", "calcining", "calcination") marked
//     derived. The rule set and the excluded words are documented in
//     inflect.go and on excludedOperations.
//   - Apparatus: the mixing_device values that are not mostly materials
//     (agate, zirconia, polyethylene: the material of the jar, balls or
//     mortar) and a short curated list of common apparatus ("ball mill",
//     "mortar", "tube furnace") that the dataset never names.
//
// # Source
//
// The data come from the Ceder group's text-mined synthesis dataset,
// Kononova et al., Scientific Data 6:203 (2019): the solid-state release of
// 2019-12-03 and the sol-gel release of 2020-07-13. Their repository
// (CederGroupHub/text-mined-synthesis_public) has no licence file; its
// authors describe the data as an open dataset. Cite Kononova et al. 2019
// and check the licence terms again before redistributing the tables
// outside this project.
//
// # Shipped data
//
// The data folder holds the tables that Generate wrote (materials.tsv.gz,
// operations.tsv, apparatus.tsv) and a README.md with the counts. They are
// embedded in the binary and Default loads them. To regenerate them after
// changing the rules, with DIR the folder of the two dataset files:
//
//	litmine lexicon build --data DIR --out ner/lexicon/data
//
// or, from the repository root, go test ./ner/lexicon -run
// TestShippedDataCurrent -update, which reads the files from the shared
// data folder (see the test for the LITMINE_DATA_DIR variable).
//
// # Usage
//
//	lex, err := lexicon.Default()
//	if err != nil { ... }
//	m := lexicon.NewMatcher(lex) // once; safe for concurrent use
//	for _, match := range m.Match([]string{"Li2CO3", "was", "ball", "milled"}) {
//		fmt.Println(match.Start, match.End, match.Kind)
//	}
package lexicon
