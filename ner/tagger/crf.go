package tagger

import (
	"math"
)

// crf holds the weights of the linear-chain CRF on the host, for decoding:
// transition[i*tags+j] scores tag j after tag i, start[j] a sentence that
// begins with j, end[j] one that ends with j. Transitions that the BIO
// scheme does not allow (see tagSet.allowed) are -Inf, so decoding never
// produces an I tag without its B.
type crf struct {
	tags       int
	transition []float64
	start, end []float64
}

// newCRF returns the decoding weights from the trained ones, with the
// transitions that set forbids set to -Inf.
func newCRF(set tagSet, transition, start, end []float32) *crf {
	k := set.size()
	c := &crf{tags: k, transition: make([]float64, k*k), start: make([]float64, k), end: make([]float64, k)}
	for i := range k {
		for j := range k {
			c.transition[i*k+j] = float64(transition[i*k+j])
			if !set.allowed(int32(i), int32(j)) {
				c.transition[i*k+j] = math.Inf(-1)
			}
		}
	}
	for j := range k {
		c.start[j], c.end[j] = float64(start[j]), float64(end[j])
		if !set.allowed(-1, int32(j)) {
			c.start[j] = math.Inf(-1)
		}
	}
	return c
}

// meanCRF returns a CRF whose weights are the means of those of cs, which
// share set; forbidden transitions stay at -Inf.
func meanCRF(set tagSet, cs []*crf) *crf {
	if len(cs) == 1 {
		return cs[0]
	}
	k := set.size()
	out := &crf{tags: k, transition: make([]float64, k*k), start: make([]float64, k), end: make([]float64, k)}
	for _, c := range cs {
		for i := range out.transition {
			out.transition[i] += c.transition[i] / float64(len(cs))
		}
		for j := range k {
			out.start[j] += c.start[j] / float64(len(cs))
			out.end[j] += c.end[j] / float64(len(cs))
		}
	}
	return out
}

// viterbi returns the best tag path for the emission scores of n tokens,
// emissions[t*tags+j] being the score of tag j at token t, and the path's
// score. It returns nil and -Inf for n = 0.
func (c *crf) viterbi(emissions []float32, n int) ([]int32, float64) {
	if n == 0 {
		return nil, math.Inf(-1)
	}
	k := c.tags
	score := make([]float64, k)
	for j := range k {
		score[j] = c.start[j] + float64(emissions[j])
	}
	back := make([]int32, n*k)
	next := make([]float64, k)
	for t := 1; t < n; t++ {
		for j := range k {
			best, arg := math.Inf(-1), int32(0)
			for i := range k {
				if s := score[i] + c.transition[i*k+j]; s > best {
					best, arg = s, int32(i)
				}
			}
			next[j] = best + float64(emissions[t*k+j])
			back[t*k+j] = arg
		}
		score, next = next, score
	}
	best, arg := math.Inf(-1), int32(0)
	for j := range k {
		if s := score[j] + c.end[j]; s > best {
			best, arg = s, int32(j)
		}
	}
	path := make([]int32, n)
	path[n-1] = arg
	for t := n - 1; t > 0; t-- {
		path[t-1] = back[t*k+int(path[t])]
	}
	return path, best
}

// marginals returns the posterior probability of each tag at each of the n
// tokens, out[t*tags+j], and log Z, the log of the sum of the exponentiated
// scores of all allowed paths. It runs the forward-backward algorithm in
// probability space, rescaling the forward and backward vectors at each
// token so they stay within float64's range, which needs k exponentials per
// token instead of k².
func (c *crf) marginals(emissions []float32, n int) ([]float64, float64) {
	if n == 0 {
		return nil, math.Inf(-1)
	}
	k := c.tags
	expTransition := make([]float64, k*k)
	for i, v := range c.transition {
		expTransition[i] = math.Exp(v)
	}
	// weight[t*k+j] = exp(emission - the token's largest emission); shift[t]
	// is that largest emission.
	weight := make([]float64, n*k)
	shift := make([]float64, n)
	for t := range n {
		row := emissions[t*k : (t+1)*k]
		shift[t] = float64(row[0])
		for _, v := range row {
			shift[t] = max(shift[t], float64(v))
		}
		for j, v := range row {
			weight[t*k+j] = math.Exp(float64(v) - shift[t])
		}
	}
	alpha := make([]float64, n*k)
	scale := make([]float64, n) // alpha[t] was divided by scale[t]
	for j := range k {
		alpha[j] = math.Exp(c.start[j]) * weight[j]
	}
	scale[0] = normalize(alpha[:k])
	for t := 1; t < n; t++ {
		for j := range k {
			sum := 0.0
			for i := range k {
				sum += alpha[(t-1)*k+i] * expTransition[i*k+j]
			}
			alpha[t*k+j] = sum * weight[t*k+j]
		}
		scale[t] = normalize(alpha[t*k : (t+1)*k])
	}
	beta := make([]float64, n*k)
	final := 0.0
	for j := range k {
		beta[(n-1)*k+j] = math.Exp(c.end[j])
		final += alpha[(n-1)*k+j] * beta[(n-1)*k+j]
	}
	for t := n - 2; t >= 0; t-- {
		for i := range k {
			sum := 0.0
			for j := range k {
				sum += expTransition[i*k+j] * weight[(t+1)*k+j] * beta[(t+1)*k+j]
			}
			beta[t*k+i] = sum / scale[t+1]
		}
	}
	logZ := math.Log(final)
	for t := range n {
		logZ += math.Log(scale[t]) + shift[t]
	}
	out := make([]float64, n*k)
	for i := range out {
		out[i] = alpha[i] * beta[i] / final
	}
	return out, logZ
}

// normalize divides x by its sum and returns the sum; x must have a
// positive sum.
func normalize(x []float64) float64 {
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	for i := range x {
		x[i] /= sum
	}
	return sum
}

// logSumExp returns log Σ exp(x), -Inf when every x is -Inf.
func logSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = max(m, v)
	}
	if math.IsInf(m, -1) {
		return m
	}
	sum := 0.0
	for _, v := range x {
		sum += math.Exp(v - m)
	}
	return m + math.Log(sum)
}
