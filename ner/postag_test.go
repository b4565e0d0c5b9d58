package ner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
	"github.com/mingrammer/commonregex"
)

// demoTexts returns the procedure lines of the demo corpus's MSPT files.
func demoTexts(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/corpus/mspt/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no demo corpus files: %v", err)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		out = append(out, lines[2:]...)
	}
	return out
}

// TestTaggerAgreesWithProse compares the tags with prose's own on the words
// where prose v2.0.0 runs its model: words that occur once in their text
// (prose shares one token object among repeats, so a repeat reports the tag
// of its last occurrence) and that its URL pattern does not match (it tags
// those NN, and the pattern matches decimals such as 0.005).
func TestTaggerAgreesWithProse(t *testing.T) {
	tagger, err := sharedTagger()
	if err != nil {
		t.Fatal(err)
	}
	var st tagState
	total, same := 0, 0
	for _, text := range demoTexts(t) {
		doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithExtraction(false))
		if err != nil {
			t.Fatal(err)
		}
		var words, want []string
		counts := map[string]int{}
		for _, tok := range doc.Tokens() {
			words = append(words, tok.Text)
			want = append(want, tok.Tag)
			counts[tok.Text]++
		}
		got := tagger.tag(words, &st)
		for i := range got {
			if counts[words[i]] > 1 || (words[i] == "0" && want[i] == "-NONE-") || commonregex.LinkRegex.MatchString(words[i]) {
				continue
			}
			total++
			if got[i] == want[i] {
				same++
			} else {
				t.Logf("%q tagged %s, prose %s", words[i], got[i], want[i])
			}
		}
	}
	agreement := float64(same) / float64(total)
	t.Logf("agreement with prose's own tagger: %d of %d tokens (%.4f)", same, total, agreement)
	if agreement < 0.999 {
		t.Errorf("agreement %.4f, want at least 0.999: the model is not applied as prose applies it", agreement)
	}
}

func TestTaggerIsDeterministic(t *testing.T) {
	tok := newTestTokenizer(t)
	text := strings.Join(demoTexts(t), "\n")
	first := tok.Tokenize(text)
	for run := 0; run < 5; run++ {
		again := tok.Tokenize(text)
		for i := range first {
			for k := range first[i].Tokens {
				if first[i].Tokens[k].POS != again[i].Tokens[k].POS {
					t.Fatalf("run %d: token %q tagged %s, first run %s", run, first[i].Tokens[k].Text, again[i].Tokens[k].POS, first[i].Tokens[k].POS)
				}
			}
		}
	}
}
