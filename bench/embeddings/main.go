// Command embeddings times and scores litmine's word embeddings beside
// gensim on the same tokens, for bench/embeddings.sh.
//
//	embeddings speed -tokens FILE [-runs 5] [-warmup 1] [-workers 2]
//	embeddings quality -run RUN -out DIR [-epochs 5] [-workers 2] [-seeds 3]
//
// speed trains skip-gram for one epoch on a token file and prints the
// median training time and words per second: plain word2vec beside gensim
// Word2Vec, and subwords beside gensim FastText. It alternates gensim and
// litmine run by run, so that both see the same load on the machine.
// quality writes the tokens of a run's sentences table to a file, trains
// litmine and gensim on it with the same settings, and scores each model
// on the material name and formula pairs of the shipped lexicons with
// embed.Evaluate. gensim runs through gensim_bench.py in this folder; when
// its interpreter lacks gensim, the gensim rows are skipped with a message.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/litmine/litmine/embed"
	"github.com/litmine/litmine/internal/batchgc"
)

func main() {
	batchgc.Configure() // as the litmine command does
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: embeddings speed|quality [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "speed":
		err = speed(os.Args[2:])
	case "quality":
		err = quality(os.Args[2:])
	default:
		fmt.Fprintf(os.Stderr, "embeddings: unknown command %q; want speed or quality\n", os.Args[1])
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "embeddings:", err)
		os.Exit(1)
	}
}

// gensim runs gensim_bench.py.
type gensim struct {
	python, script string
}

// gensimResult is the RESULT line of gensim_bench.py train.
type gensimResult struct {
	Vocab     int     `json:"vocab"`
	RawWords  int64   `json:"raw_words"`
	SetupS    float64 `json:"setup_s"`
	TrainS    float64 `json:"train_s"`
	WordsPerS float64 `json:"words_per_s"`
	Version   string  `json:"gensim"`
}

// available reports whether the interpreter can import gensim, and why not.
func (g gensim) available() (bool, string) {
	out, err := exec.Command(g.python, "-c", "import gensim").CombinedOutput()
	if err != nil {
		return false, fmt.Sprintf("%s cannot import gensim (%v: %s); install it with `apt-get install -y python3-gensim python3-numpy`",
			g.python, err, strings.TrimSpace(string(out)))
	}
	return true, ""
}

// train runs gensim_bench.py train with args and returns its result.
func (g gensim) train(args ...string) (gensimResult, error) {
	cmd := exec.Command(g.python, append([]string{g.script, "train"}, args...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return gensimResult{}, fmt.Errorf("gensim %v: %w", args, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "RESULT "); ok {
			var r gensimResult
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				return gensimResult{}, fmt.Errorf("gensim %v: %w", args, err)
			}
			return r, nil
		}
	}
	return gensimResult{}, errors.New("gensim printed no RESULT line")
}

// settings are the training settings that litmine and gensim share.
type settings struct {
	epochs, workers int
	seed            uint64
	subwords        bool
}

func (s settings) config() embed.Config {
	return embed.Config{Epochs: s.epochs, Workers: s.workers, Seed: s.seed, NoSubwords: !s.subwords}
}

// gensimArgs returns the gensim_bench.py flags that match s and
// embed.Config's defaults.
func (s settings) gensimArgs(tokens string) []string {
	model := "word2vec"
	if s.subwords {
		model = "fasttext"
	}
	return []string{"--tokens", tokens, "--model", model, "--epochs", fmt.Sprint(s.epochs), "--workers", fmt.Sprint(s.workers),
		"--seed", fmt.Sprint(s.seed), "--dim", fmt.Sprint(embed.DefaultDim), "--window", fmt.Sprint(embed.DefaultWindow),
		"--negative", fmt.Sprint(embed.DefaultNegative), "--min_count", fmt.Sprint(embed.DefaultMinCount),
		"--sample", fmt.Sprint(embed.DefaultSample), "--alpha", fmt.Sprint(embed.DefaultLearningRate),
		"--min_n", fmt.Sprint(embed.DefaultMinN), "--max_n", fmt.Sprint(embed.DefaultMaxN), "--bucket", fmt.Sprint(embed.DefaultBuckets)}
}

// trainLitmine trains on the token file and returns the model and stats.
func trainLitmine(tokens string, s settings) (*embed.Model, embed.Stats, error) {
	runtime.GC()
	return embed.Train(context.Background(), embed.TextFile(tokens), s.config())
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func newFlagSet(name string) (*flag.FlagSet, *gensim) {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	g := &gensim{}
	fs.StringVar(&g.python, "python", "/usr/bin/python3", "Python interpreter with gensim")
	fs.StringVar(&g.script, "gensim-script", filepath.Join("bench", "embeddings", "gensim_bench.py"), "path of gensim_bench.py")
	return fs, g
}

// settingsLine describes the settings that both trainers use.
func settingsLine() string {
	return fmt.Sprintf("dim %d, window %d, negative %d, min count %d, sample %g, learning rate %g, n-grams %d-%d in %d buckets",
		embed.DefaultDim, embed.DefaultWindow, embed.DefaultNegative, embed.DefaultMinCount, embed.DefaultSample,
		embed.DefaultLearningRate, embed.DefaultMinN, embed.DefaultMaxN, embed.DefaultBuckets)
}
