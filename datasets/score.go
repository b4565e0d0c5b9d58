package datasets

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
)

// SpanKey identifies a labelled span for strict matching: a predicted span
// counts as correct only when document, offsets and label all equal a gold
// span's.
type SpanKey struct {
	Doc   string
	Start int
	End   int
	Label string
}

// LinkKey identifies a typed link for strict matching: type and both
// endpoint spans must equal a gold link's. Endpoint labels are not compared.
type LinkKey struct {
	Doc         string
	Type        string
	SourceStart int
	SourceEnd   int
	TargetStart int
	TargetEnd   int
}

// Counts holds true positives, false positives and false negatives.
type Counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Precision returns TP/(TP+FP), or 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall returns TP/(TP+FN), or 0 when there is no gold item.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 returns the harmonic mean of precision and recall, or 0 when both are 0.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (c *Counts) add(o Counts) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
}

// Scores holds counts per class (an entity label or a link type) and their
// micro-average, which sums the counts of all classes.
type Scores struct {
	Classes map[string]Counts
	Micro   Counts
}

// ScoreSpans compares predicted spans with gold spans. Duplicates within
// either list count once.
func ScoreSpans(gold, pred []SpanKey) Scores {
	return score(gold, pred, func(k SpanKey) string { return k.Label })
}

// ScoreLinks compares predicted links with gold links. Duplicates within
// either list count once.
func ScoreLinks(gold, pred []LinkKey) Scores {
	return score(gold, pred, func(k LinkKey) string { return k.Type })
}

func score[K comparable](gold, pred []K, class func(K) string) Scores {
	goldSet := make(map[K]bool, len(gold))
	for _, k := range gold {
		goldSet[k] = true
	}
	predSet := make(map[K]bool, len(pred))
	for _, k := range pred {
		predSet[k] = true
	}
	s := Scores{Classes: map[string]Counts{}}
	for k := range predSet {
		c := s.Classes[class(k)]
		if goldSet[k] {
			c.TP++
		} else {
			c.FP++
		}
		s.Classes[class(k)] = c
	}
	for k := range goldSet {
		if !predSet[k] {
			c := s.Classes[class(k)]
			c.FN++
			s.Classes[class(k)] = c
		}
	}
	for _, c := range s.Classes {
		s.Micro.add(c)
	}
	return s
}

// ClassNames returns the classes sorted by gold count (TP+FN), largest
// first, then by name.
func (s Scores) ClassNames() []string {
	names := make([]string, 0, len(s.Classes))
	for n := range s.Classes {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := s.Classes[names[i]], s.Classes[names[j]]
		if a.TP+a.FN != b.TP+b.FN {
			return a.TP+a.FN > b.TP+b.FN
		}
		return names[i] < names[j]
	})
	return names
}

// WriteTable prints one row per class and a micro-average row, with
// precision, recall, F1 and the gold and predicted counts.
func (s Scores) WriteTable(w io.Writer, classHeader string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tP\tR\tF1\tgold\tpredicted\t\n", classHeader)
	row := func(name string, c Counts) {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t\n", name, c.Precision(), c.Recall(), c.F1(), c.TP+c.FN, c.TP+c.FP)
	}
	for _, n := range s.ClassNames() {
		row(n, s.Classes[n])
	}
	row("micro", s.Micro)
	return tw.Flush()
}

// classJSON is the JSON form of one class's scores.
type classJSON struct {
	Counts
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func toJSON(c Counts) classJSON {
	return classJSON{Counts: c, Precision: c.Precision(), Recall: c.Recall(), F1: c.F1()}
}

// MarshalJSON writes the scores with precision, recall and F1 spelled out.
func (s Scores) MarshalJSON() ([]byte, error) {
	out := struct {
		Micro   classJSON            `json:"micro"`
		Classes map[string]classJSON `json:"classes"`
	}{Micro: toJSON(s.Micro), Classes: map[string]classJSON{}}
	for n, c := range s.Classes {
		out.Classes[n] = toJSON(c)
	}
	return json.Marshal(out)
}
