package formula

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/litmine/litmine/internal/shareddata"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// tmMaterial is a material object of the data set, with only the fields
// that the test reads.
type tmMaterial struct {
	Formula     string `json:"material_formula"`
	Composition []struct {
		Amount   string            `json:"amount"`
		Elements map[string]string `json:"elements"`
	} `json:"composition"`
}

type tmFile struct {
	Reactions []struct {
		Target     tmMaterial   `json:"target"`
		Precursors []tmMaterial `json:"precursors"`
	} `json:"reactions"`
}

// textMinedFiles returns the data files, or skips the test when there are
// none. With CI=true a missing folder fails the test instead.
func textMinedFiles(t *testing.T) []string {
	t.Helper()
	dir := shareddata.Require(t, "text-mined-synthesis")
	files, err := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no *.json.gz files in %s", dir)
	}
	return files
}

// loadMaterials returns the first material object seen for each distinct
// material_formula of targets and precursors.
func loadMaterials(t *testing.T, files []string) map[string]tmMaterial {
	t.Helper()
	materials := map[string]tmMaterial{}
	for _, path := range files {
		var data tmFile
		if err := decodeGzipJSON(path, &data); err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		for _, r := range data.Reactions {
			for _, m := range append([]tmMaterial{r.Target}, r.Precursors...) {
				if _, seen := materials[m.Formula]; !seen {
					materials[m.Formula] = m
				}
			}
		}
	}
	return materials
}

func decodeGzipJSON(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	defer zr.Close()
	return json.NewDecoder(zr).Decode(v)
}

// tmVars gives every variable letter a distinct small value, so that
// amounts such as 1-x stay positive and numeric comparisons are possible.
// δ and ε are 0, which is also how the data set writes oxygen deficiency
// ("3 - del_O" with del_O left out of the formula).
func tmVars() map[string]float64 {
	vars := map[string]float64{}
	i := 0
	for r := 'a'; r <= 'z'; r++ {
		vars[string(r)] = 0.1 + 0.003*float64(i)
		i++
	}
	for r := 'α'; r <= 'ω'; r++ {
		vars[string(r)] = 0.1 + 0.003*float64(i)
		i++
	}
	vars["δ"], vars["ε"] = 0, 0
	return vars
}

// tmAmounts returns the element amounts of a material object, summed over
// its composition entries and weighted by their amounts. An amount that
// does not evaluate is NaN, and its element still counts for the set. So is
// an amount with del_O, because the data set writes any variable on oxygen,
// as in Oy or O3-x, as an oxygen deficiency del_O and drops it.
func tmAmounts(m tmMaterial, vars map[string]float64) map[string]float64 {
	amounts := map[string]float64{}
	for _, entry := range m.Composition {
		weight, err := evalExpr(entry.Amount, vars)
		if err != nil {
			weight = math.NaN()
		}
		for symbol, text := range entry.Elements {
			v, err := evalExpr(text, vars)
			if err != nil || strings.Contains(text, "del_O") {
				v = math.NaN()
			}
			amounts[symbol] += weight * v
		}
	}
	for symbol, v := range amounts {
		if v == 0 {
			delete(amounts, symbol)
		}
	}
	return amounts
}

// agreement is the outcome of comparing one formula with the data set.
type agreement int

const (
	agree agreement = iota
	parseFailed
	elementsDiffer
	amountsDiffer
)

// compareMaterial parses the material's formula and compares its elements
// and numeric amounts with the data set's composition. A composite agrees
// when the whole or one of its parts agrees, because the data set often
// keeps only the host of LiFePO4/C.
func compareMaterial(m tmMaterial, vars map[string]float64) (agreement, string) {
	want := tmAmounts(m, vars)
	c, err := Parse(m.Formula, Options{Vars: vars})
	if errors.Is(err, ErrAmount) {
		// A sample value can make an amount such as n-3 negative, so
		// compare the element set without values.
		c, err = Parse(m.Formula, Options{})
	}
	if err != nil {
		return parseFailed, err.Error()
	}

	outcome, example := compareAmounts(m.Formula, c.Elements, want)
	alternatives := [][]Amount{withDopants(c)}
	for _, part := range c.Parts {
		alternatives = append(alternatives, part.Elements)
	}
	for _, amounts := range alternatives {
		if outcome == agree {
			break
		}
		if o, _ := compareAmounts(m.Formula, amounts, want); o == agree {
			outcome, example = agree, ""
		}
	}
	return outcome, example
}

// withDopants returns the element amounts of c plus those of its dopants.
// The data set adds a dopant's elements when the dopant has an amount, as
// in Sr4-xAl2O7:xEu2+, and leaves them out otherwise, as in Y2O3:Eu3+.
func withDopants(c Composition) []Amount {
	sum := slices.Clone(c.Elements)
	for _, d := range c.Dopants {
	next:
		for _, a := range d.Elements {
			for i := range sum {
				if sum[i].Symbol == a.Symbol {
					sum[i].Amount += a.Amount
					continue next
				}
			}
			sum = append(sum, a)
		}
	}
	return sum
}

// tmRounding is the largest error of the data set's amounts, which it
// rounds to three decimals (0.333 for 1/3, 0.998 for 0.9977).
const tmRounding = 5e-4

func compareAmounts(formula string, amounts []Amount, want map[string]float64) (agreement, string) {
	got := map[string]float64{}
	for _, a := range amounts {
		if _, listed := want[a.Symbol]; !listed && a.Amount < tmRounding {
			continue
		}
		got[a.Symbol] = a.Amount
	}
	gotSymbols, wantSymbols := sortedKeys(got), sortedKeys(want)
	if !slices.Equal(gotSymbols, wantSymbols) {
		return elementsDiffer, fmt.Sprintf("%q: got %v, want %v", formula, gotSymbols, wantSymbols)
	}
	for _, symbol := range wantSymbols {
		g, w := got[symbol], want[symbol]
		if math.IsNaN(g) || math.IsNaN(w) {
			continue
		}
		// Rounded coefficients such as 0.667x add their errors.
		if math.Abs(g-w) > 10*tmRounding+1e-3*math.Abs(w) {
			return amountsDiffer, fmt.Sprintf("%q: %s got %g, want %g", formula, symbol, g, w)
		}
	}
	return agree, ""
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// agreementCounts tallies outcomes and keeps a few examples of each.
type agreementCounts struct {
	total    int
	outcomes [4]int
	examples [4][]string
}

func (a *agreementCounts) add(outcome agreement, example string) {
	a.total++
	a.outcomes[outcome]++
	if len(a.examples[outcome]) < 8 && example != "" {
		a.examples[outcome] = append(a.examples[outcome], example)
	}
}

func (a *agreementCounts) rate() float64 {
	return float64(a.outcomes[agree]) / float64(max(a.total, 1))
}

func (a *agreementCounts) log(t *testing.T, name string) {
	t.Helper()
	t.Logf("%s: %d of %d formulas agree (%.1f%%); parse failed %d, elements differ %d, amounts differ %d",
		name, a.outcomes[agree], a.total, 100*a.rate(),
		a.outcomes[parseFailed], a.outcomes[elementsDiffer], a.outcomes[amountsDiffer])
	for outcome, label := range []string{"", "parse failed", "elements differ", "amounts differ"} {
		for _, ex := range a.examples[outcome] {
			t.Logf("  %s: %s", label, ex)
		}
	}
}

// Minimum agreement rates, one point below what the test measured on the
// 2019-12-03 solid-state and 2020-07-13 sol-gel releases: 93.3% of 16,399
// plain single-entry formulas, 87.1% of 17,566 single-entry formulas and
// 77.4% of all 20,867 formulas with a composition.
const (
	minPlainAgreement       = 0.923
	minSingleEntryAgreement = 0.861
	minAllAgreement         = 0.764
)

// TestParseTextMinedSynthesis parses every distinct material formula of the
// text-mined synthesis data and compares elements and amounts with the
// composition that the data set's own parser produced. Materials without a
// composition, such as names, are not counted.
func TestParseTextMinedSynthesis(t *testing.T) {
	files := textMinedFiles(t)
	materials := loadMaterials(t, files)
	vars := tmVars()

	formulas := make([]string, 0, len(materials))
	for f := range materials {
		formulas = append(formulas, f)
	}
	slices.Sort(formulas)

	var all, single, plain agreementCounts
	for _, f := range formulas {
		m := materials[f]
		if len(m.Composition) == 0 {
			continue
		}
		outcome, example := compareMaterial(m, vars)
		all.add(outcome, example)
		if len(m.Composition) != 1 {
			continue
		}
		single.add(outcome, example)
		if !hasPlaceholder(m) && !hasWord(m.Formula) {
			plain.add(outcome, example)
		}
	}
	all.log(t, "all")
	single.log(t, "single composition entry")
	plain.log(t, "single entry, no placeholder symbol or word")

	if got := plain.rate(); got < minPlainAgreement {
		t.Errorf("agreement on single-entry formulas without placeholders or words = %.3f, want at least %.3f", got, minPlainAgreement)
	}
	if got := single.rate(); got < minSingleEntryAgreement {
		t.Errorf("agreement on single-entry formulas = %.3f, want at least %.3f", got, minSingleEntryAgreement)
	}
	if got := all.rate(); got < minAllAgreement {
		t.Errorf("agreement on all formulas = %.3f, want at least %.3f", got, minAllAgreement)
	}
}

// hasPlaceholder reports whether the data set's composition uses a symbol
// that is no element, such as M, Ln or RE, which no formula parser can
// match.
func hasPlaceholder(m tmMaterial) bool {
	for _, entry := range m.Composition {
		for symbol := range entry.Elements {
			if _, ok := LookupElement(symbol); !ok {
				return true
			}
		}
	}
	return false
}

// hasWord reports whether s contains three lowercase Latin letters in a
// row, as names such as "barium hexaferrite" do and formulas do not.
func hasWord(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isLower(s[i]) {
			run++
			if run == 3 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// evalExpr evaluates an amount as the data set writes it, such as
// "1.5*z+26" or "3 - del_O": numbers, identifiers, + - * / and
// parentheses. An identifier that vars lacks, such as del_O, is 0.
func evalExpr(s string, vars map[string]float64) (float64, error) {
	e := &exprEvaluator{s: s, vars: vars}
	v, err := e.sum()
	if err != nil {
		return 0, err
	}
	e.skipSpaces()
	if e.pos != len(e.s) {
		return 0, fmt.Errorf("evaluate %q: unexpected %q at offset %d", s, e.s[e.pos:], e.pos)
	}
	return v, nil
}

type exprEvaluator struct {
	s    string
	pos  int
	vars map[string]float64
}

func (e *exprEvaluator) skipSpaces() {
	for e.pos < len(e.s) && e.s[e.pos] == ' ' {
		e.pos++
	}
}

func (e *exprEvaluator) sum() (float64, error) {
	v, err := e.product()
	for err == nil {
		e.skipSpaces()
		if e.pos >= len(e.s) || (e.s[e.pos] != '+' && e.s[e.pos] != '-') {
			return v, nil
		}
		op := e.s[e.pos]
		e.pos++
		var w float64
		if w, err = e.product(); op == '+' {
			v += w
		} else {
			v -= w
		}
	}
	return 0, err
}

func (e *exprEvaluator) product() (float64, error) {
	v, err := e.unary()
	for err == nil {
		e.skipSpaces()
		if e.pos >= len(e.s) || (e.s[e.pos] != '*' && e.s[e.pos] != '/') {
			return v, nil
		}
		op := e.s[e.pos]
		e.pos++
		var w float64
		if w, err = e.unary(); op == '*' {
			v *= w
		} else {
			v /= w
		}
	}
	return 0, err
}

func (e *exprEvaluator) unary() (float64, error) {
	e.skipSpaces()
	if e.pos < len(e.s) && e.s[e.pos] == '-' {
		e.pos++
		v, err := e.unary()
		return -v, err
	}
	return e.primary()
}

func (e *exprEvaluator) primary() (float64, error) {
	if e.pos >= len(e.s) {
		return 0, fmt.Errorf("evaluate %q: missing operand at end", e.s)
	}
	if e.s[e.pos] == '(' {
		e.pos++
		v, err := e.sum()
		e.skipSpaces()
		if err == nil && (e.pos >= len(e.s) || e.s[e.pos] != ')') {
			err = fmt.Errorf("evaluate %q: missing closing parenthesis", e.s)
		}
		e.pos++
		return v, err
	}
	start := e.pos
	for e.pos < len(e.s) && (e.s[e.pos] == '.' || e.s[e.pos] >= '0' && e.s[e.pos] <= '9') {
		e.pos++
	}
	if e.pos > start {
		return strconv.ParseFloat(e.s[start:e.pos], 64)
	}
	for e.pos < len(e.s) {
		r, size := utf8.DecodeRuneInString(e.s[e.pos:])
		if !unicode.IsLetter(r) && r != '_' && !(e.pos > start && unicode.IsDigit(r)) {
			break
		}
		e.pos += size
	}
	if e.pos == start {
		return 0, fmt.Errorf("evaluate %q: unexpected %q at offset %d", e.s, e.s[start:], start)
	}
	return e.vars[strings.TrimSpace(e.s[start:e.pos])], nil
}
