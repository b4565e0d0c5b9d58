// Package ner is the annotate stage of litmine: it reads the paragraphs
// table and writes the sentences, entities and materials tables.
//
// A Tokenizer finds sentences, tokens with code point offsets and Penn
// Treebank tags: sentences and tokens from prose v2 behind a
// chemistry-aware layer that keeps formulas whole and splits numbers from
// units, and tags from prose v2's perceptron model. A Recognizer labels
// entities with the MSPT corpus's labels (Material, Number, Amount-Unit,
// Condition-Unit, Operation, Synthesis-Apparatus, Material-Descriptor and
// others) using formulas checked against the periodic table (package
// formula), lexicons derived from text-mined synthesis recipes (package
// lexicon) and curated phrase lists. An Annotator combines them and parses
// the composition of each material formula.
//
// Run annotates every ingest shard of a run directory; Annotate works on
// paragraphs in memory:
//
//	rec, _ := ner.NewRecognizer(nil) // the shipped lexicons
//	a, _ := ner.NewAnnotator(rec, map[string]float64{"x": 0.1})
//	ann := a.Annotate(paragraphs) // sentences, entities, materials
package ner
