package tagger

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/graph"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/litmine/litmine/internal/evaluate"
	"github.com/litmine/litmine/ner"
)

// trainer is the train.Model of the tagger: batches of training sentence
// pieces grouped by length bucket, the CRF loss, and the strict micro F1
// of the dev split as the dev score.
type trainer struct {
	net         *network
	feat        *featurizer
	examples    []*example
	batchSize   int
	wordDropout float64

	// byBucket lists the examples of each length bucket. plan and
	// planBucket are the batches of the current epoch: example indices and
	// length bucket.
	byBucket   [][]int
	plan       [][]int
	planBucket []int
	epochSeed  uint64

	gold, dev string // the brat folder and the dev split file
}

func newTrainer(net *network, feat *featurizer, examples []*example, batchSize int, wordDropout float64, gold, dev string) *trainer {
	t := &trainer{net: net, feat: feat, examples: examples, batchSize: batchSize, wordDropout: wordDropout,
		byBucket: make([][]int, len(lengthBuckets)), gold: gold, dev: dev}
	for i, ex := range examples {
		b := bucketOf(ex.len())
		t.byBucket[b] = append(t.byBucket[b], i)
	}
	_ = t.StartEpoch(0, 0)
	return t
}

// NumBatches implements train.Model.
func (t *trainer) NumBatches() int { return len(t.plan) }

// StartEpoch implements train.EpochStarter: it shuffles the examples of
// each bucket with seed and cuts them into batches. The number of batches
// does not depend on the seed.
func (t *trainer) StartEpoch(_ int, seed uint64) error {
	t.plan, t.planBucket, t.epochSeed = nil, nil, seed
	for b, indices := range t.byBucket {
		order := append([]int(nil), indices...)
		rng := rand.New(rand.NewPCG(seed, uint64(b)))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for start := 0; start < len(order); start += t.batchSize {
			t.plan = append(t.plan, order[start:min(start+t.batchSize, len(order))])
			t.planBucket = append(t.planBucket, b)
		}
	}
	return nil
}

// Batch implements train.Model: the features, with training words
// replaced by the unknown word at the word-dropout rate, and the gold
// inputs of batch i.
func (t *trainer) Batch(i int) ([]any, error) {
	rng := rand.New(rand.NewPCG(t.epochSeed, uint64(i)+1))
	examples := make([]*example, len(t.plan[i]))
	for k, index := range t.plan[i] {
		ex := *t.examples[index]
		if t.wordDropout > 0 {
			words := append([]int32(nil), ex.features.words...)
			for j := range words {
				if rng.Float64() < t.wordDropout {
					words[j] = wordUnknown
				}
			}
			ex.features.words = words
		}
		examples[k] = &ex
	}
	length := lengthBuckets[t.planBucket[i]]
	b := newBatch(examples, t.batchSize, length, t.feat.maxNGrams)
	if err := t.net.checkIDs(b.words, b.chars, b.categories); err != nil {
		return nil, err
	}
	return append(b.inputs(), goldInputs(examples, t.batchSize, length, t.net.Tags)...), nil
}

// Loss implements train.Model.
func (t *trainer) Loss(ctx *mlctx.Context, in []*graph.Node) *graph.Node {
	features := featureNodes{words: in[0], chars: in[1], categories: in[2], mask: in[3]}
	gold := trainingNodes{tags: in[4], transitions: in[5], starts: in[6], ends: in[7]}
	return t.net.crfLoss(ctx, features, gold)
}

// DevScore implements train.Model: the strict micro F1 of the dev split,
// scored by internal/evaluate as `litmine eval ner` scores it.
func (t *trainer) DevScore(_ backends.Backend, ctx *mlctx.Context) (float64, error) {
	res, err := t.evaluateDev(ctx)
	if err != nil {
		return 0, err
	}
	return res.Scores.Micro.F1(), nil
}

// evaluateDev tags the dev split with the current weights of ctx.
func (t *trainer) evaluateDev(ctx *mlctx.Context) (evaluate.Result, error) {
	weights, err := weightsFromContext(ctx)
	if err != nil {
		return evaluate.Result{}, err
	}
	host, err := newHostNetwork(t.net, weights)
	if err != nil {
		return evaluate.Result{}, err
	}
	c, err := crfFromWeights(t.feat.tags, weights)
	if err != nil {
		return evaluate.Result{}, err
	}
	e := &engine{nets: []*hostNetwork{host}, feat: t.feat, crf: c, source: SourcePrefix + "training"}
	res, err := evaluate.NER(context.Background(), evaluate.Config{Gold: t.gold, Split: t.dev, Workers: 1,
		Tagger: sessionTagger{e}})
	if err != nil {
		return res, fmt.Errorf("score the dev split: %w", err)
	}
	return res, nil
}

// sessionTagger is a ner.Tagger whose every session is one engine; it
// serves evaluations that annotate on one goroutine.
type sessionTagger struct{ e *engine }

func (s sessionTagger) Name() string                           { return s.e.source }
func (s sessionTagger) NewSession() (ner.TaggerSession, error) { return s.e, nil }
