package embed

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/litmine/litmine/ner/lexicon"
)

// Pair is a material name and its formula, such as "lithium carbonate"
// and "Li2CO3".
type Pair struct {
	Name    string
	Formula string
}

// Vectors gives the vectors that Evaluate compares. *Model implements it.
type Vectors interface {
	Contains(word string) bool
	Vector(word string) []float32
}

// ErrNoPairs is returned by Evaluate when no pair has its formula and
// every word of its name in the vocabulary.
var ErrNoPairs = errors.New("no evaluation pair in the vocabulary")

// nameWords matches the material names that LexiconPairs keeps: lower-case
// words of ASCII letters separated by single spaces.
var nameWords = regexp.MustCompile(`^[a-z]+( [a-z]+)*$`)

// LexiconPairs returns the pairs of a material name and its formula in
// lex, such as the shipped lexicons of lexicon.Default. It keeps the
// materials whose text is a name of lower-case words ("lithium
// carbonate", "titania") and whose formula has an upper-case letter and
// no space. The formula is the one the text-mined synthesis data gave
// most often for the name.
func LexiconPairs(lex *lexicon.Lexicon) []Pair {
	var out []Pair
	for _, m := range lex.Materials {
		f := m.Formula
		if nameWords.MatchString(m.Text) && f != "" && strings.ToLower(f) != f && !strings.Contains(f, " ") {
			out = append(out, Pair{Name: m.Text, Formula: f})
		}
	}
	return out
}

// Evaluation is the result of Evaluate.
type Evaluation struct {
	Pairs    int     // pairs whose formula and name words are in the vocabulary
	Formulas int     // distinct formulas of those pairs: the queries
	Names    int     // distinct names of those pairs: the candidates of every query
	MRR      float64 // mean reciprocal rank of the best-ranked correct name
	HitsAt10 float64 // fraction of queries with a correct name in the top 10
	Queries  []Query // by formula
}

// Query is the ranking of the names for one formula.
type Query struct {
	Formula string
	Rank    int    // 1-based rank of the best-ranked correct name
	Correct string // that name
	Top     string // the name ranked first
}

// Evaluate ranks, for each formula, all names by the cosine similarity of
// their vectors to the formula's vector and scores the rank of the best
// correct name: the mean reciprocal rank and hits@10. A formula with
// several names (TiO2: "titania", "titanium dioxide") is one query whose
// correct names are all of them. A name of several words is the average of
// its words' vectors. A pair counts only when v contains its formula and
// every word of its name, so that a model is scored on words it was
// trained on. A ranking tie counts in the formula's favour.
func Evaluate(v Vectors, pairs []Pair) (Evaluation, error) {
	names, formulas, correct := inVocabulary(v, pairs)
	if len(formulas) == 0 {
		return Evaluation{}, fmt.Errorf("%w: none of the %d pairs has its formula and name words in the vocabulary", ErrNoPairs, len(pairs))
	}
	nameVectors := make([][]float32, len(names))
	for i, name := range names {
		nameVectors[i] = unit(averageVector(v, strings.Fields(name)))
	}
	ev := Evaluation{Formulas: len(formulas), Names: len(names)}
	for _, f := range formulas {
		ev.Pairs += len(correct[f])
		q := rank(unit(v.Vector(f)), nameVectors, correct[f])
		q.Formula, q.Correct, q.Top = f, names[q.correctIndex], names[q.topIndex]
		ev.Queries = append(ev.Queries, q.Query)
		ev.MRR += 1 / float64(q.Rank)
		if q.Rank <= 10 {
			ev.HitsAt10++
		}
	}
	ev.MRR /= float64(len(formulas))
	ev.HitsAt10 /= float64(len(formulas))
	return ev, nil
}

// inVocabulary returns the sorted distinct names and formulas of the pairs
// that v contains, and for each formula the indices of its names.
func inVocabulary(v Vectors, pairs []Pair) (names, formulas []string, correct map[string][]int) {
	nameSet, byFormula := map[string]bool{}, map[string][]string{}
	for _, p := range pairs {
		if !v.Contains(p.Formula) || !containsAll(v, strings.Fields(p.Name)) {
			continue
		}
		nameSet[p.Name] = true
		byFormula[p.Formula] = append(byFormula[p.Formula], p.Name)
	}
	for n := range nameSet {
		names = append(names, n)
	}
	sort.Strings(names)
	correct = map[string][]int{}
	for f, ns := range byFormula {
		formulas = append(formulas, f)
		for _, n := range ns {
			correct[f] = append(correct[f], sort.SearchStrings(names, n))
		}
	}
	sort.Strings(formulas)
	return names, formulas, correct
}

func containsAll(v Vectors, words []string) bool {
	for _, w := range words {
		if !v.Contains(w) {
			return false
		}
	}
	return len(words) > 0
}

type rankedQuery struct {
	Query
	correctIndex, topIndex int
}

// rank returns the rank of the best-scoring name among correct.
func rank(query []float32, names [][]float32, correct []int) rankedQuery {
	scores := make([]float32, len(names))
	top := 0
	for i, n := range names {
		scores[i] = dot(query, n)
		if scores[i] > scores[top] {
			top = i
		}
	}
	best := correct[0]
	isCorrect := map[int]bool{}
	for _, c := range correct {
		isCorrect[c] = true
		if scores[c] > scores[best] {
			best = c
		}
	}
	r := 1
	for i, s := range scores {
		if !isCorrect[i] && s > scores[best] {
			r++
		}
	}
	return rankedQuery{Query: Query{Rank: r}, correctIndex: best, topIndex: top}
}

func averageVector(v Vectors, words []string) []float32 {
	var sum []float32
	for _, w := range words {
		vec := v.Vector(w)
		if sum == nil {
			sum = make([]float32, len(vec))
		}
		axpy(1, vec, sum)
	}
	scale(1/float32(len(words)), sum)
	return sum
}

// unit scales x to length 1 in place and returns it; a zero vector stays
// zero.
func unit(x []float32) []float32 {
	n := math.Sqrt(float64(dot(x, x)))
	if n > 0 {
		scale(float32(1/n), x)
	}
	return x
}
