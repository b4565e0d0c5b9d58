// Package train is the training loop that every litmine model uses, with
// the gomlx workarounds it needs on gomlx v0.26.0.
//
// A trainer implements Model: it hands out host-side batches, builds the
// loss graph of a batch on a gomlx context, and scores the dev set. Run
// does the rest. It applies the optimizer (Adam or SGD) with warm-up,
// decay, gradient clipping and weight decay. It evaluates the dev set and
// stops early, writes atomic checkpoints and resumes from them after a
// crash, writes the training curves as a Parquet table and an SVG plot, and
// sends progress events with per-step timings. Runs are
// seeded: the same Config, data and seed give bit-identical weights, also
// when a killed run is resumed from its checkpoints.
//
// A trainer's sketch (mlctx is github.com/gomlx/gomlx/pkg/ml/context):
//
//	type tagger struct{ /* batches, dev set, vocabularies */ }
//
//	func (t *tagger) NumBatches() int { return len(t.batches) }
//	func (t *tagger) Batch(i int) ([]any, error) {
//		b := t.batches[i]
//		return []any{b.tokenIDs, b.mask, b.tags}, nil // [B,T]int32, [B,T]bool, [B,T]int32
//	}
//	func (t *tagger) Loss(ctx *mlctx.Context, in []*graph.Node) *graph.Node {
//		return crfNegLogLikelihood(ctx, in[0], in[1], in[2]) // a float scalar
//	}
//	func (t *tagger) DevScore(b backends.Backend, ctx *mlctx.Context) (float64, error) {
//		return t.entityF1(b, ctx) // decode the dev set, higher is better
//	}
//
//	backend, description, err := train.NewBackend(flagBackend) // "" → $GOMLX_BACKEND → "go:parallelism=-1"
//	vars := mlctx.New()
//	res, err := train.Run(ctx, vars, &tagger{...}, train.Config{
//		Name: "ner", Backend: backend, BackendDescription: description, Seed: 1,
//		Epochs: 20, LearningRate: 1e-3, ClipNorm: 5, EvalEvery: 200, Patience: 5,
//		CheckpointDir: "out/ckpt", Resume: true,
//		CurvesParquet: "out/curves.parquet", CurvesSVG: "out/curves.svg",
//		Progress: train.LogEvents(logger, 10*time.Second), Logger: logger,
//	})
//	f := &modelfile.File{Name: "ner", Backend: res.Backend, Scores: map[string]float64{"dev_f1": res.BestScore}}
//	err = f.AddVariables(vars, train.IsModelVariable) // the best weights, without optimizer state
//	err = modelfile.Write("out/ner.lmf", f)
//
// # Backend
//
// Unless the caller or $GOMLX_BACKEND names another backend, NewBackend
// picks gomlx's pure-Go backend "go" with parallelism=-1. On a 2-core machine, gomlx v0.26.0's default pure-Go
// configuration and parallelism=1 deadlocked on models with many small
// matrix products; parallelism=-1 never hung and was the fastest. The XLA
// backend is compiled in only with the xla build tag (it needs cgo and a
// PJRT plugin file on disk), so the default build and its tests never try
// to load or download a plugin.
//
// # Gradient fixes
//
// InstallGradientFixes replaces three of gomlx's gradient rules. Run calls
// it, and a trainer's init may too. The rules of Dot and DotGeneral build
// an M·N·K broadcast product; the replacements take one DotGeneral per
// operand. The rule of Slice calls Pad, which the pure-Go backend lacks;
// the replacement concatenates zero blocks. Without the Slice fix, Slice, Split and the
// gomlx lstm package cannot train on the pure-Go backend. The helpers
// StraightThroughRound, SafeLog, SafeDiv, InvSqrt, WhereBroadcast,
// PrefixSum and GlobalNorm cover other gaps of gomlx v0.26.0: no gradient
// for Round, Floor and Rsqrt, NaN gradients through Where, Where conditions
// that must be a prefix of the output shape, and no CumSum.
//
// # Writing the loss
//
// Loss is built on a context with Checked(false): variables are created on
// the first call and reused after. Build inference graphs in DevScore on the
// context passed there (Reuse mode). Run builds the loss once before
// training only to create the variables, and the step graph builds it
// again, so Loss must not depend on being called once. Randomness (dropout,
// noise) must come from the context (ctx.RandomUniform, ctx.RandomNormal):
// its state is seeded from Config.Seed and saved in checkpoints. Check ids
// on the host: gomlx's Gather clamps out-of-range ids silently.
//
// # Extension points
//
// Config.Gradient takes a GradientFunc, which receives the step's weights
// and a LossAt function that rebuilds the loss at other weight values: SAM
// is one. Config.Transforms takes WeightTransforms, which wrap each weight
// in the forward pass and after each update without changes to the model:
// Prune (magnitude pruning masks) and Quantize (LSQ fake quantization) are
// two. Config.Progress receives every step's timings, the hook for energy
// accounting.
//
// # Checkpoints
//
// Checkpoints are model files (package modelfile) with all variables of the
// context, including Adam's moments under StateScope and the random state,
// plus the position in the data, the early-stopping state and the curves.
// Each is written to a temporary file and renamed. Resume restores the
// newest checkpoint that reads back with a valid checksum, falling back to
// older ones, and marks every restored variable trainable or not as it was.
// The batch order of each epoch is a permutation drawn from Config.Seed and
// the epoch number, so it needs no saving.
package train
