package tagger

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/gomlx/gomlx/pkg/ml/context/initializers"
)

// Scopes of the model's variables in the gomlx context.
const (
	scopeWords      = "words"
	scopeChars      = "chars"
	scopeCategories = "categories"
	scopeLSTM       = "bilstm"
	scopeEmissions  = "emissions"
	scopeCRF        = "crf"
)

// network builds the tagger's graphs: token features, a BiLSTM, per-tag
// emission scores, and the CRF loss. Its fields are the sizes that decide
// the variables' shapes; they are stored in the model file.
type network struct {
	Words       int `json:"words"`        // rows of the word table, padding and unknown included
	WordDim     int `json:"word_dim"`     // length of a word vector
	CharBuckets int `json:"char_buckets"` // hash buckets of character n-grams, plus row 0 for padding
	CharDim     int `json:"char_dim"`     // length of an n-gram vector
	Categories  int `json:"categories"`   // rows of the shared table of shape, rule and POS ids
	CategoryDim int `json:"category_dim"` // length of one category vector
	Hidden      int `json:"hidden"`       // LSTM state size per direction
	Tags        int `json:"tags"`         // BIO tags, O included

	// Dropout is the rate applied to the token features and to the BiLSTM
	// output in training graphs; it has no effect on inference graphs.
	Dropout float64 `json:"dropout"`

	// initialWords, when set, is the [Words, WordDim] float32 value that the
	// word table starts from (pretrained vectors). It is not stored.
	initialWords *tensors.Tensor
}

// features are the inputs of one batch of B sentences of T tokens.
type featureNodes struct {
	words      *graph.Node // [B, T] int32 ids into the word table
	chars      *graph.Node // [B, T, C] int32 n-gram buckets, 0 for none
	categories *graph.Node // [B, T, numCategories] int32 ids into the category table
	mask       *graph.Node // [B, T] bool, true on real tokens
}

// emissions returns the per-tag scores [B, T, Tags] of a batch. Scores at
// padded positions are defined but meaningless.
func (n *network) emissions(ctx *mlctx.Context, in featureNodes) *graph.Node {
	x := n.tokenFeatures(ctx, in)
	x = n.dropout(ctx, x)
	h := biLSTM(ctx.In(scopeLSTM), x, in.mask, n.Hidden)
	h = n.dropout(ctx, h)
	return dense(ctx.In(scopeEmissions), h, n.Tags)
}

// tokenFeatures returns the concatenated features [B, T, D] of each token:
// its word vector, the mean of its character n-gram vectors, and one vector
// for each categorical feature. A network with no CharBuckets or no
// Categories leaves those features out (the speed benchmark does).
func (n *network) tokenFeatures(ctx *mlctx.Context, in featureNodes) *graph.Node {
	g := in.words.Graph()
	dims := in.words.Shape().Dimensions
	b, t := dims[0], dims[1]
	features := []*graph.Node{lookup(n.wordTable(ctx).ValueGraph(g), in.words)}

	if n.CharBuckets > 0 {
		charTable := ctx.In(scopeChars).WithInitializer(initializers.RandomNormalFn(ctx, 0.1)).
			VariableWithShape("table", shapes.Make(dtypes.Float32, n.CharBuckets, n.CharDim))
		grams := lookup(charTable.ValueGraph(g), in.chars) // [B, T, C, CharDim]
		present := graph.ConvertDType(graph.NotEqual(in.chars, graph.ScalarZero(g, dtypes.Int32)), dtypes.Float32)
		grams = graph.Mul(grams, graph.InsertAxes(present, -1))
		count := graph.Max(graph.ReduceSum(present, -1), graph.ScalarOne(g, dtypes.Float32))
		features = append(features, graph.Div(graph.ReduceSum(grams, 2), graph.InsertAxes(count, -1)))
	}

	if n.Categories > 0 {
		categoryTable := ctx.In(scopeCategories).WithInitializer(initializers.RandomNormalFn(ctx, 0.1)).
			VariableWithShape("table", shapes.Make(dtypes.Float32, n.Categories, n.CategoryDim))
		categories := lookup(categoryTable.ValueGraph(g), in.categories)
		numCategories := in.categories.Shape().Dimensions[2]
		features = append(features, graph.Reshape(categories, b, t, numCategories*n.CategoryDim))
	}
	return graph.Concatenate(features, -1)
}

// lookup returns the rows of table [N, D] for the ids of any shape S, as
// [S..., D]. It gathers from a flat list of ids, because gomlx v0.26.0's
// Gather rejects index tensors of rank 4.
func lookup(table, ids *graph.Node) *graph.Node {
	dims := append(slices.Clone(ids.Shape().Dimensions), table.Shape().Dimensions[1])
	rows := graph.Gather(table, graph.Reshape(ids, ids.Shape().Size(), 1))
	return graph.Reshape(rows, dims...)
}

// wordTable returns the variable of the word vectors, created from the
// pretrained vectors when the network has them.
func (n *network) wordTable(ctx *mlctx.Context) *mlctx.Variable {
	ctx = ctx.In(scopeWords)
	if v := ctx.GetVariable("table"); v != nil {
		return v // the starting value may be gone: executions donate their inputs
	}
	if n.initialWords != nil {
		return ctx.VariableWithValue("table", n.initialWords)
	}
	return ctx.WithInitializer(initializers.RandomNormalFn(ctx, 0.1)).
		VariableWithShape("table", shapes.Make(dtypes.Float32, n.Words, n.WordDim))
}

// dropout zeroes each value of x with probability n.Dropout in training
// graphs, scaling the others up to keep the expectation.
func (n *network) dropout(ctx *mlctx.Context, x *graph.Node) *graph.Node {
	g := x.Graph()
	if n.Dropout <= 0 || !ctx.IsTraining(g) {
		return x
	}
	keep := graph.GreaterOrEqual(ctx.RandomUniform(g, x.Shape()), graph.Scalar(g, dtypes.Float32, n.Dropout))
	return graph.Where(keep, graph.DivScalar(x, 1-n.Dropout), graph.ZerosLike(x))
}

// dense returns x·W + b over the last axis of x.
func dense(ctx *mlctx.Context, x *graph.Node, units int) *graph.Node {
	g := x.Graph()
	inputs := x.Shape().Dimensions[x.Rank()-1]
	limit := math.Sqrt(6 / float64(inputs+units))
	w := ctx.WithInitializer(initializers.RandomUniformFn(ctx, -limit, limit)).
		VariableWithShape("weights", shapes.Make(dtypes.Float32, inputs, units)).ValueGraph(g)
	b := ctx.WithInitializer(initializers.Zero).
		VariableWithShape("biases", shapes.Make(dtypes.Float32, units)).ValueGraph(g)
	out := graph.DotGeneral(x, []int{x.Rank() - 1}, nil, w, []int{0}, nil)
	return graph.Add(out, graph.ExpandLeftToRank(b, out.Rank()))
}

// biLSTM runs a forward and a backward LSTM over x [B, T, D], whose real
// tokens (mask true) come first in each row, and returns their states
// side by side, [B, T, 2H]. The backward direction reads each row reversed
// within its length, so both directions meet their real tokens before the
// padding and need no masking: states at padded positions are defined but
// meaningless. The two directions run as one recurrence with a batch axis
// of 2, and the four gates of a direction share one input projection,
// computed for all steps in one product; the recurrence is unrolled over T
// at graph-build time.
func biLSTM(ctx *mlctx.Context, x, mask *graph.Node, hidden int) *graph.Node {
	g := x.Graph()
	dims := x.Shape().Dimensions
	b, t, d := dims[0], dims[1], dims[2]
	limit := 1 / math.Sqrt(float64(hidden))
	uniform := ctx.WithInitializer(initializers.RandomUniformFn(ctx, -limit, limit))
	inputWeights := uniform.VariableWithShape("input_weights", shapes.Make(dtypes.Float32, 2, d, 4*hidden)).ValueGraph(g)
	recurrentWeights := uniform.VariableWithShape("recurrent_weights", shapes.Make(dtypes.Float32, 2, hidden, 4*hidden)).ValueGraph(g)
	biases := ctx.VariableWithValue("biases", forgetBias(hidden)).ValueGraph(g)

	reverse := reverseIndex(mask)
	both := graph.Stack([]*graph.Node{x, reorder(x, reverse)}, 0)                          // [2, B, T, D]
	inputs := graph.DotGeneral(both, []int{3}, []int{0}, inputWeights, []int{1}, []int{0}) // [2, B, T, 4H]
	inputs = graph.Add(inputs, graph.Reshape(biases, 2, 1, 1, 4*hidden))
	steps := timeSteps(graph.TransposeAllAxes(inputs, 2, 0, 1, 3)) // T × [2, B, 4H]

	h := graph.Zeros(g, shapes.Make(dtypes.Float32, 2, b, hidden))
	c := h
	outputs := make([]*graph.Node, t)
	for k := range t {
		gates := graph.Add(steps[k], graph.DotGeneral(h, []int{2}, []int{0}, recurrentWeights, []int{1}, []int{0}))
		gate := func(i int) *graph.Node {
			return graph.Slice(gates, graph.AxisRange(), graph.AxisRange(), graph.AxisRange(i*hidden, (i+1)*hidden))
		}
		c = graph.Add(graph.Mul(graph.Sigmoid(gate(1)), c), graph.Mul(graph.Sigmoid(gate(0)), graph.Tanh(gate(2))))
		h = graph.Mul(graph.Sigmoid(gate(3)), graph.Tanh(c))
		outputs[k] = h
	}
	states := graph.Stack(outputs, 2) // [2, B, T, H]
	forward := graph.Reshape(graph.Slice(states, graph.AxisRange(0, 1)), b, t, hidden)
	backward := graph.Reshape(graph.Slice(states, graph.AxisRange(1, 2)), b, t, hidden)
	return graph.Concatenate([]*graph.Node{forward, reorder(backward, reverse)}, -1)
}

// reverseIndex returns, for a prefix mask [B, T], the flat index r·T+t' of
// the position each position [r, t] takes in its row reversed within its
// length n: t' = n-1-t for t < n, t itself after. The map is its own
// inverse. Shape [B·T, 1], int32.
func reverseIndex(mask *graph.Node) *graph.Node {
	g := mask.Graph()
	dims := mask.Shape().Dimensions
	b, t := dims[0], dims[1]
	shape := shapes.Make(dtypes.Int32, b, t)
	lengths := graph.BroadcastToDims(graph.InsertAxes(graph.ReduceSum(graph.ConvertDType(mask, dtypes.Int32), -1), -1), b, t)
	positions := graph.Iota(g, shape, 1)
	reversed := graph.Sub(graph.Sub(lengths, graph.OnesLike(lengths)), positions)
	index := graph.Where(graph.LessThan(positions, lengths), reversed, positions)
	index = graph.Add(index, graph.MulScalar(graph.Iota(g, shape, 0), t))
	return graph.Reshape(index, b*t, 1)
}

// reorder returns x [B, T, D] with position p taking the row at flat
// index[p] of x, for an index from reverseIndex.
func reorder(x, index *graph.Node) *graph.Node {
	dims := x.Shape().Dimensions
	rows := graph.Gather(graph.Reshape(x, dims[0]*dims[1], dims[2]), index)
	return graph.Reshape(rows, dims...)
}

// forgetBias returns the initial LSTM biases [2, 4H] of both directions:
// 1 for the forget gate, so that early training keeps the cell state, and
// 0 for the input, cell and output gates.
func forgetBias(hidden int) *tensors.Tensor {
	values := make([]float32, 2*4*hidden)
	for direction := range 2 {
		for i := hidden; i < 2*hidden; i++ {
			values[direction*4*hidden+i] = 1
		}
	}
	return tensors.FromFlatDataAndDimensions(values, 2, 4*hidden)
}

// timeSteps returns x[0], x[1], … along the first axis of x, each without
// that axis. It cuts x in halves recursively instead of taking T slices of
// the whole: the gradient of each slice is an adjoint as large as the
// sliced node, so T slices of x cost O(T²) in the backward pass, halving
// costs O(T log T).
func timeSteps(x *graph.Node) []*graph.Node {
	n := x.Shape().Dimensions[0]
	rest := x.Shape().Dimensions[1:]
	out := make([]*graph.Node, 0, n)
	var cut func(part *graph.Node, size int)
	cut = func(part *graph.Node, size int) {
		if size == 1 {
			out = append(out, graph.Reshape(part, rest...))
			return
		}
		half := size / 2
		cut(graph.Slice(part, graph.AxisRange(0, half)), half)
		cut(graph.Slice(part, graph.AxisRange(half, size)), size-half)
	}
	cut(x, n)
	return out
}

// crfVariables returns the CRF's transition [Tags, Tags], start [Tags] and
// end [Tags] scores, created at zero.
func crfVariables(ctx *mlctx.Context, g *graph.Graph, tags int) (transition, start, end *graph.Node) {
	ctx = ctx.In(scopeCRF).WithInitializer(initializers.Zero)
	transition = ctx.VariableWithShape("transition", shapes.Make(dtypes.Float32, tags, tags)).ValueGraph(g)
	start = ctx.VariableWithShape("start", shapes.Make(dtypes.Float32, tags)).ValueGraph(g)
	end = ctx.VariableWithShape("end", shapes.Make(dtypes.Float32, tags)).ValueGraph(g)
	return transition, start, end
}

// logPartition returns log Z [B] of each sentence: the log of the summed
// exponentiated scores of all tag paths over its real tokens, by the
// forward algorithm unrolled over T. A padded step keeps the forward
// scores of the step before. A sentence without real tokens gets a finite
// value that the caller must mask out. Each step computes
// log(exp(α - m)·exp(transition)) + m, with m the maximum of α, which needs
// one [B, K]·[K, K] product instead of a [B, K, K] log-sum-exp.
func logPartition(emissions, mask, transition, start, end *graph.Node) *graph.Node {
	steps := timeSteps(graph.TransposeAllAxes(emissions, 1, 0, 2))
	masks := timeSteps(graph.TransposeAllAxes(mask, 1, 0))
	expTransition := graph.Exp(transition)
	alpha := graph.Add(steps[0], graph.ExpandLeftToRank(start, 2))
	for t := 1; t < len(steps); t++ {
		m := graph.StopGradient(graph.ReduceAndKeep(alpha, graph.ReduceMax, -1))
		next := graph.Add(graph.Log(graph.Dot(graph.Exp(graph.Sub(alpha, m)), expTransition)), m)
		next = graph.Add(next, steps[t])
		alpha = graph.Where(masks[t], next, alpha)
	}
	final := graph.Add(alpha, graph.ExpandLeftToRank(end, 2))
	m := graph.StopGradient(graph.ReduceAndKeep(final, graph.ReduceMax, -1))
	return graph.Add(graph.Log(graph.ReduceSum(graph.Exp(graph.Sub(final, m)), -1)), graph.Reshape(m, -1))
}

// trainingNodes are the extra inputs of a training batch.
type trainingNodes struct {
	tags        *graph.Node // [B, T] int32 gold tag ids, 0 at padding
	transitions *graph.Node // [Tags, Tags] float32 gold transition counts of the batch
	starts      *graph.Node // [Tags] float32 gold first-tag counts
	ends        *graph.Node // [Tags] float32 gold last-tag counts
}

// crfLoss returns the mean negative log-likelihood of the gold tag paths
// over the sentences of the batch that have tokens.
func (n *network) crfLoss(ctx *mlctx.Context, in featureNodes, gold trainingNodes) *graph.Node {
	g := in.words.Graph()
	emissions := n.emissions(ctx, in)
	transition, start, end := crfVariables(ctx, g, n.Tags)
	maskF := graph.ConvertDType(in.mask, dtypes.Float32)

	goldScore := graph.ReduceAllSum(graph.Mul(emissions, graph.Mul(graph.OneHot(gold.tags, n.Tags, dtypes.Float32), graph.InsertAxes(maskF, -1))))
	goldScore = graph.Add(goldScore, graph.ReduceAllSum(graph.Mul(gold.transitions, transition)))
	goldScore = graph.Add(goldScore, graph.ReduceAllSum(graph.Mul(gold.starts, start)))
	goldScore = graph.Add(goldScore, graph.ReduceAllSum(graph.Mul(gold.ends, end)))

	present := graph.ConvertDType(graph.ReduceLogicalOr(in.mask, -1), dtypes.Float32) // [B]
	logZ := graph.ReduceAllSum(graph.Mul(logPartition(emissions, in.mask, transition, start, end), present))
	sentences := graph.Max(graph.ReduceAllSum(present), graph.ScalarOne(g, dtypes.Float32))
	return graph.Div(graph.Sub(logZ, goldScore), sentences)
}

// checkIDs returns an error when an id of a feature lies outside its
// table: gomlx's Gather would clamp it silently.
func (n *network) checkIDs(words, chars, categories []int32) error {
	for _, check := range []struct {
		name  string
		ids   []int32
		limit int
	}{{"word", words, n.Words}, {"character n-gram", chars, n.CharBuckets}, {"category", categories, n.Categories}} {
		for _, id := range check.ids {
			if id < 0 || int(id) >= check.limit {
				return fmt.Errorf("%s id %d outside the table of %d rows", check.name, id, check.limit)
			}
		}
	}
	return nil
}
