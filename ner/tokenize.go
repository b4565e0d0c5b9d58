package ner

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// Token is one token of a sentence. Start and End are code point offsets
// into the text passed to Tokenizer.Tokenize, end-exclusive.
type Token struct {
	Text  string
	Start int
	End   int
	POS   string // Penn Treebank tag
}

// TokenizedSentence is one sentence with its tokens. Start and End are code
// point offsets like those of its tokens; the sentence has no leading or
// trailing white space.
type TokenizedSentence struct {
	Start  int
	End    int
	Tokens []Token
}

// Tokenizer splits text into sentences and tokens and tags parts of speech.
// Sentences come from the Punkt model that prose v2 uses (the English model
// of gopkg.in/neurosnap/sentences) and tokens from prose v2's tokenizer. A
// chemistry-aware layer then fixes what prose gets wrong in synthesis text:
// it keeps formulas such as "(NH4)2HPO4" whole, splits numbers from units
// ("800°C" → "800", "°C"), and joins sentences that Punkt broke after
// abbreviations such as "ca.". Tags come from prose v2's averaged-perceptron
// model applied to the final tokens (see posTagger).
//
// A Tokenizer is not safe for concurrent use; create one per goroutine. The
// prose tagger model is loaded once per process and shared.
type Tokenizer struct {
	segmenter *sentences.DefaultSentenceTokenizer
	model     *prose.Model
	tagger    *posTagger
	tagState  tagState
	isFormula func(string) bool
	chunks    [][2]int // buffers reused between sentences
	pieces    []piece
}

var (
	proseOnce  sync.Once
	proseModel *prose.Model
)

// sharedProseModel returns a prose model, loading it on first use, so that
// prose.NewDocument does not load one per call. Only prose's tokenizer runs,
// which reads nothing from the model, so goroutines can share it.
func sharedProseModel() *prose.Model {
	proseOnce.Do(func() { proseModel = prose.ModelFromData("litmine") })
	return proseModel
}

// NewTokenizer returns a Tokenizer. isFormula decides whether a chunk of text
// without spaces is a chemical formula to keep whole; nil means the formula
// recognizer of this package.
func NewTokenizer(isFormula func(string) bool) (*Tokenizer, error) {
	seg, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		return nil, fmt.Errorf("load sentence model: %w", err)
	}
	tagger, err := sharedTagger()
	if err != nil {
		return nil, err
	}
	if isFormula == nil {
		isFormula = keepsWhole
	}
	return &Tokenizer{segmenter: seg, model: sharedProseModel(), tagger: tagger, isFormula: isFormula}, nil
}

// Tokenize splits text into sentences of tagged tokens. Offsets are code
// points into text. Empty or all-space text gives no sentences.
func (t *Tokenizer) Tokenize(text string) []TokenizedSentence {
	idx := newRuneIndex(text)
	var out []TokenizedSentence
	for _, span := range t.sentenceSpans(text) {
		toks := t.tokenizeSentence(text[span[0]:span[1]], span[0], idx)
		if len(toks) == 0 {
			continue
		}
		out = append(out, TokenizedSentence{Start: idx.runeAt(span[0]), End: idx.runeAt(span[1]), Tokens: toks})
	}
	return out
}

// sentenceSpans returns the byte ranges of the sentences of text, trimmed of
// white space, after joining the breaks that follow abbreviations.
func (t *Tokenizer) sentenceSpans(text string) [][2]int {
	var spans [][2]int
	for _, s := range t.segmenter.Tokenize(text) {
		start, end := trimSpace(text, s.Start, s.End)
		if start >= end {
			continue
		}
		if n := len(spans); n > 0 && continuesSentence(text[spans[n-1][0]:spans[n-1][1]], text[start:end]) {
			spans[n-1][1] = end
			continue
		}
		spans = append(spans, [2]int{start, end})
	}
	return spans
}

// abbreviations end a sentence fragment without ending the sentence when the
// next fragment starts with a lower-case letter or a digit.
var abbreviations = []string{
	"ca.", "approx.", "Fig.", "Figs.", "fig.", "Ref.", "Refs.", "Eq.", "Eqs.", "No.", "no.", "vs.", "wt.", "vol.",
	"at.", "mol.", "e.g.", "i.e.", "et al.", "resp.", "temp.", "conc.", "aq.", "ab.", "Co.", "Inc.", "Ltd.", "Corp.",
	"cf.", "viz.", "min.", "max.", "avg.", "St.", "Dr.", "Prof.", "Mr.", "Ms.",
}

func continuesSentence(prev, next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(r) && !unicode.IsDigit(r) && r != '(' {
		return false
	}
	for _, a := range abbreviations {
		if strings.HasSuffix(prev, a) {
			cut := len(prev) - len(a)
			if cut == 0 || !isWordByte(prev[cut-1]) {
				return true
			}
		}
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

func trimSpace(text string, start, end int) (int, int) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= size
	}
	return start, end
}
