package tagger

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// blas32 runs the matrix products of tagging: gonum's pure-Go BLAS, whose
// float32 kernels use SIMD instructions on amd64.
var blas32 gonum.Implementation

// hostNetwork computes the emission scores of the network on the host, in
// plain Go, from weights copied out of the gomlx variables. It computes
// what network.emissions computes in an inference graph (a test checks
// it), without padding: each sentence piece is read at its own length, and
// all the pieces of a call share one output product.
//
// The input projection of a token is a sum over its features, so the
// projections of every word and category row are computed once, when the
// network is built, and a token's gates start as the sum of a few rows;
// only the mean of its n-gram vectors is projected per token. A
// hostNetwork is read-only after construction, so goroutines may share
// it; the buffers of a call live in a hostScratch.
type hostNetwork struct {
	net   *network
	chars []float32 // [CharBuckets, CharDim]; nil without n-grams
	// wordGates is [Words, 8H] and categoryGates [numCategories][Categories,
	// 8H]: the rows' input projections, the forward direction's in columns
	// [0, 4H) and the backward one's in [4H, 8H). charInput is [CharDim, 8H],
	// the input weights of the n-gram mean; bias is [8H].
	wordGates     []float32
	categoryGates [numCategories][]float32
	charInput     []float32
	bias          []float32
	recurrent     [2][]float32 // [H, 4H] per direction
	output        []float32    // [2H, Tags]
	outputBias    []float32    // [Tags]
}

// variableNames are the gomlx variables the host network reads, by scope
// and name; chars and categories are optional.
var variableNames = []string{
	"/" + scopeWords + "/table", "/" + scopeChars + "/table", "/" + scopeCategories + "/table",
	"/" + scopeLSTM + "/input_weights", "/" + scopeLSTM + "/recurrent_weights", "/" + scopeLSTM + "/biases",
	"/" + scopeEmissions + "/weights", "/" + scopeEmissions + "/biases",
}

// newHostNetwork returns the host network of net with the variable values
// in values, by name ("/bilstm/biases"), checking every size.
func newHostNetwork(net *network, values map[string][]float32) (*hostNetwork, error) {
	h, d := net.Hidden, net.WordDim
	if net.CharBuckets > 0 {
		d += net.CharDim
	}
	if net.Categories > 0 {
		d += numCategories * net.CategoryDim
	}
	sizes := map[string]int{
		variableNames[0]: net.Words * net.WordDim, variableNames[3]: 2 * d * 4 * h, variableNames[4]: 2 * h * 4 * h,
		variableNames[5]: 2 * 4 * h, variableNames[6]: 2 * h * net.Tags, variableNames[7]: net.Tags,
	}
	if net.CharBuckets > 0 {
		sizes[variableNames[1]] = net.CharBuckets * net.CharDim
	}
	if net.Categories > 0 {
		sizes[variableNames[2]] = net.Categories * net.CategoryDim
	}
	for name, size := range sizes {
		if len(values[name]) != size {
			return nil, fmt.Errorf("variable %s has %d values, want %d", name, len(values[name]), size)
		}
	}
	input := make([]float32, d*8*h) // [D, 8H], both directions side by side
	in, rec := values[variableNames[3]], values[variableNames[4]]
	for dir := range 2 {
		for i := range d {
			copy(input[i*8*h+dir*4*h:i*8*h+(dir+1)*4*h], in[(dir*d+i)*4*h:(dir*d+i+1)*4*h])
		}
	}
	hn := &hostNetwork{net: net, chars: values[variableNames[1]], bias: values[variableNames[5]],
		output: values[variableNames[6]], outputBias: values[variableNames[7]]}
	for dir := range 2 {
		hn.recurrent[dir] = rec[dir*h*4*h : (dir+1)*h*4*h]
	}
	hn.wordGates = project(values[variableNames[0]], net.Words, net.WordDim, input, 8*h)
	offset := net.WordDim * 8 * h
	if net.CharBuckets > 0 {
		hn.charInput = input[offset : offset+net.CharDim*8*h]
		offset += net.CharDim * 8 * h
	}
	if net.Categories > 0 {
		for c := range numCategories {
			weights := input[offset+c*net.CategoryDim*8*h : offset+(c+1)*net.CategoryDim*8*h]
			hn.categoryGates[c] = project(values[variableNames[2]], net.Categories, net.CategoryDim, weights, 8*h)
		}
	}
	return hn, nil
}

// project returns rows·weights, [n, width], for rows [n, d] and weights
// [d, width].
func project(rows []float32, n, d int, weights []float32, width int) []float32 {
	out := make([]float32, n*width)
	blas32.Sgemm(blas.NoTrans, blas.NoTrans, n, width, d, 1, rows, d, weights, width, 0, out, width)
	return out
}

// hostScratch holds the buffers of hostNetwork.emissions, reused between
// calls of one goroutine.
type hostScratch struct {
	charMeans, gates, states, scores []float32
}

func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// emissions returns the emission scores of each example, [len, Tags] row
// after row. The returned slices share the scratch buffers, so they are
// valid until the next call with s.
func (hn *hostNetwork) emissions(examples []*example, s *hostScratch) [][]float32 {
	n := 0
	for _, ex := range examples {
		n += ex.len()
	}
	net := hn.net
	h, k := net.Hidden, net.Tags
	s.gates = grow(s.gates, n*8*h)
	s.states = grow(s.states, n*2*h)
	s.scores = grow(s.scores, n*k)
	s.charMeans = grow(s.charMeans, n*net.CharDim)

	row := 0
	for _, ex := range examples {
		for t := range ex.len() {
			hn.startGates(ex, t, s.gates[(row+t)*8*h:(row+t+1)*8*h])
			if net.CharBuckets > 0 {
				hn.charMean(ex, t, s.charMeans[(row+t)*net.CharDim:(row+t+1)*net.CharDim])
			}
		}
		row += ex.len()
	}
	if n > 0 && net.CharBuckets > 0 {
		blas32.Sgemm(blas.NoTrans, blas.NoTrans, n, 8*h, net.CharDim, 1, s.charMeans, net.CharDim, hn.charInput, 8*h, 1, s.gates, 8*h)
	}

	out := make([][]float32, len(examples))
	row = 0
	for i, ex := range examples {
		m := ex.len()
		hn.recur(s.gates[row*8*h:(row+m)*8*h], s.states[row*2*h:(row+m)*2*h], m, 0)
		hn.recur(s.gates[row*8*h:(row+m)*8*h], s.states[row*2*h:(row+m)*2*h], m, 1)
		out[i] = s.scores[row*k : (row+m)*k]
		row += m
	}
	for r := range n {
		copy(s.scores[r*k:(r+1)*k], hn.outputBias)
	}
	if n > 0 {
		blas32.Sgemm(blas.NoTrans, blas.NoTrans, n, k, 2*h, 1, s.states, 2*h, hn.output, k, 1, s.scores, k)
	}
	return out
}

// startGates writes to gates the bias plus the input projections of the
// word and the categories of token t of ex.
func (hn *hostNetwork) startGates(ex *example, t int, gates []float32) {
	width := len(gates)
	copy(gates, hn.bias)
	word := int(ex.features.words[t])
	addTo(gates, hn.wordGates[word*width:(word+1)*width])
	if hn.net.Categories > 0 {
		for c := range numCategories {
			id := int(ex.features.categories[t*numCategories+c])
			addTo(gates, hn.categoryGates[c][id*width:(id+1)*width])
		}
	}
}

// charMean writes to mean the mean of the n-gram vectors of token t of ex,
// zero for a token without n-grams.
func (hn *hostNetwork) charMean(ex *example, t int, mean []float32) {
	dim := len(mean)
	per := len(ex.features.chars) / ex.len()
	clear(mean)
	count := 0
	for _, g := range ex.features.chars[t*per : (t+1)*per] {
		if g != 0 {
			count++
			addTo(mean, hn.chars[int(g)*dim:(int(g)+1)*dim])
		}
	}
	if count > 1 {
		for j := range mean {
			mean[j] /= float32(count)
		}
	}
}

// addTo adds x to y element by element.
func addTo(y, x []float32) {
	blas32.Saxpy(len(x), 1, x, 1, y, 1)
}

// recur runs direction dir (0 forward, 1 backward) of the LSTM over the m
// tokens whose input projections are in gates ([m, 8H], this direction's
// in columns [dir·4H, (dir+1)·4H)), and writes the states to columns
// [dir·H, (dir+1)·H) of states ([m, 2H]). It overwrites its gate columns.
func (hn *hostNetwork) recur(gates, states []float32, m, dir int) {
	h := hn.net.Hidden
	state := make([]float32, h)
	cell := make([]float32, h)
	for k := range m {
		t := k
		if dir == 1 {
			t = m - 1 - k
		}
		g := gates[t*8*h+dir*4*h : t*8*h+(dir+1)*4*h]
		blas32.Sgemv(blas.Trans, h, 4*h, 1, hn.recurrent[dir], 4*h, state, 1, 1, g, 1)
		for i := range h {
			in, forget := sigmoid(g[i]), sigmoid(g[h+i])
			candidate, out := tanh(g[2*h+i]), sigmoid(g[3*h+i])
			cell[i] = forget*cell[i] + in*candidate
			state[i] = out * tanh(cell[i])
		}
		copy(states[t*2*h+dir*h:t*2*h+(dir+1)*h], state)
	}
}

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }

// tanh computes tanh(x) as 2σ(2x) - 1, one exponential, which is faster
// than math.Tanh.
func tanh(x float32) float32 { return float32(2/(1+math.Exp(-2*float64(x))) - 1) }
