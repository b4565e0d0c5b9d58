package evaluate

import (
	"sort"
	"strings"
	"unicode"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/internal/schema"
)

// Coarse labels that the materials corpora share. Scoring a corpus whose
// label set is not MSPT's maps both its gold spans and litmine's entities
// to these.
const (
	CoarseMaterial  = "MATERIAL"
	CoarseOperation = "OPERATION"
	CoarseValue     = "VALUE" // a number with its unit, such as "800 °C"
	CoarseApparatus = "APPARATUS"
)

// coarseOfGold maps the gold labels of MSPT, PcMSP and SOFC-Exp to coarse
// labels. Labels missing here are dropped, and the Result counts them:
// descriptors, brands, properties without a number, SOFC-Exp's experiment
// words and the like.
var coarseOfGold = map[string]string{
	// MSPT
	"Material": CoarseMaterial, "Nonrecipe-Material": CoarseMaterial, "Operation": CoarseOperation,
	"Synthesis-Apparatus": CoarseApparatus, "Characterization-Apparatus": CoarseApparatus,
	// PcMSP
	"Material-recipe": CoarseMaterial, "Material-target": CoarseMaterial, "Material-intermedium": CoarseMaterial,
	"Material-others": CoarseMaterial, "Device": CoarseApparatus,
	// SOFC-Exp
	"MATERIAL": CoarseMaterial, "DEVICE": CoarseApparatus, "VALUE": CoarseValue,
}

// numericGold are gold labels whose spans count as VALUE when they hold a
// digit: PcMSP writes "800 ° C" as Property-temperature and "99.99%" as
// Value, but also "room temperature" and "a".
var numericGold = map[string]bool{
	"Value": true, "Property-temperature": true, "Property-time": true, "Property-pressure": true, "Property-rate": true,
}

// mapGold returns the coarse gold spans of a document and counts the spans
// the mapping drops, by gold label.
func mapGold(doc string, spans []datasets.BratSpan, dropped map[string]int) []datasets.SpanKey {
	var out []datasets.SpanKey
	var numbers, units []datasets.BratSpan // MSPT values come as a Number and a unit
	for _, s := range spans {
		label, ok := coarseOfGold[s.Label]
		switch {
		case ok:
			out = append(out, datasets.SpanKey{Doc: doc, Start: s.Start, End: s.End, Label: label})
		case numericGold[s.Label] && strings.IndexFunc(s.Text, unicode.IsDigit) >= 0:
			out = append(out, datasets.SpanKey{Doc: doc, Start: s.Start, End: s.End, Label: CoarseValue})
		case s.Label == schema.LabelNumber.String():
			numbers = append(numbers, s)
		case strings.HasSuffix(s.Label, "-Unit"):
			units = append(units, s)
		default:
			dropped[s.Label]++
		}
	}
	return append(out, joinValues(doc, numbers, units, dropped)...)
}

// mapPredicted returns litmine's entities as coarse spans of the classes
// in keep, joining each Number with the unit right after it.
func mapPredicted(doc string, entities []schema.Entity, keep map[string]bool) []datasets.SpanKey {
	var out []datasets.SpanKey
	var numbers, units []datasets.BratSpan
	for _, e := range entities {
		s := datasets.BratSpan{Label: e.Label, Start: int(e.Start), End: int(e.End)}
		label, ok := coarseOfGold[e.Label]
		switch {
		case ok && keep[label]:
			out = append(out, datasets.SpanKey{Doc: doc, Start: s.Start, End: s.End, Label: label})
		case e.Label == schema.LabelNumber.String():
			numbers = append(numbers, s)
		case strings.HasSuffix(e.Label, "-Unit"):
			units = append(units, s)
		}
	}
	if !keep[CoarseValue] {
		return out
	}
	return append(out, joinValues(doc, numbers, units, nil)...)
}

// joinValues makes one VALUE span of each number and the unit that starts
// within one character after it ("800 °C", "5h"); a number without a unit is
// a VALUE alone, and a unit without a number is dropped.
func joinValues(doc string, numbers, units []datasets.BratSpan, dropped map[string]int) []datasets.SpanKey {
	unitAt := map[int]datasets.BratSpan{}
	for _, u := range units {
		unitAt[u.Start] = u
	}
	used := map[int]bool{}
	var out []datasets.SpanKey
	for _, n := range numbers {
		end := n.End
		for gap := 0; gap <= 1; gap++ {
			if u, ok := unitAt[n.End+gap]; ok {
				end = u.End
				used[u.Start] = true
				break
			}
		}
		out = append(out, datasets.SpanKey{Doc: doc, Start: n.Start, End: end, Label: CoarseValue})
	}
	if dropped != nil {
		for _, u := range units {
			if !used[u.Start] {
				dropped[u.Label]++
			}
		}
	}
	return out
}

// isMSPTLabelled reports whether every gold span carries an MSPT label.
func isMSPTLabelled(docs []predicted) bool {
	for _, p := range docs {
		for _, s := range p.gold.Spans {
			if _, err := schema.ParseEntityLabel(s.Label); err != nil {
				return false
			}
		}
	}
	return true
}

// scoreCoarse scores predictions against gold spans in the coarse label set,
// keeping only the predicted classes that the gold corpus has.
func scoreCoarse(preds []predicted) (datasets.Scores, map[string]int) {
	dropped := map[string]int{}
	var gold, pred []datasets.SpanKey
	keep := map[string]bool{}
	for _, p := range preds {
		for _, g := range mapGold(p.name, p.gold.Spans, dropped) {
			gold = append(gold, g)
			keep[g.Label] = true
		}
	}
	for _, p := range preds {
		pred = append(pred, mapPredicted(p.name, p.annotation.Entities, keep)...)
	}
	return datasets.ScoreSpans(gold, pred), dropped
}

// sortedCounts returns the keys of m, largest count first.
func sortedCounts(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
