package train

import (
	"fmt"
	"slices"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
)

// Graph helpers for operations whose gomlx v0.26.0 version has no gradient
// or a gradient that is NaN where the value is masked out.

// StraightThroughRound rounds x to the nearest integer in the forward pass
// and passes the gradient through unchanged, as if it were the identity
// (the straight-through estimator). graph.Round has no gradient.
func StraightThroughRound(x *graph.Node) *graph.Node {
	return graph.Add(x, graph.StopGradient(graph.Sub(graph.Round(x), x)))
}

// StraightThroughFloor is StraightThroughRound with graph.Floor.
func StraightThroughFloor(x *graph.Node) *graph.Node {
	return graph.Add(x, graph.StopGradient(graph.Sub(graph.Floor(x), x)))
}

// SafeLog returns log(x) where x > 0 and 0 elsewhere, with a gradient of 0
// where x <= 0. graph.Where(x > 0, graph.Log(x), 0) has the right value but a
// NaN gradient at x == 0, because the gradient of the unused branch is
// 0 · (1/0); SafeLog guards the argument of Log too.
func SafeLog(x *graph.Node) *graph.Node {
	positive := graph.GreaterThan(x, graph.ScalarZero(x.Graph(), x.DType()))
	guarded := graph.Where(positive, x, graph.OnesLike(x))
	return graph.Where(positive, graph.Log(guarded), graph.ZerosLike(x))
}

// SafeDiv returns x / y where y != 0 and 0 elsewhere, with a gradient of 0
// where y == 0. x and y must have the same shape.
func SafeDiv(x, y *graph.Node) *graph.Node {
	nonZero := graph.NotEqual(y, graph.ScalarZero(y.Graph(), y.DType()))
	guarded := graph.Where(nonZero, y, graph.OnesLike(y))
	return graph.Where(nonZero, graph.Div(x, guarded), graph.ZerosLike(x))
}

// InvSqrt returns 1/sqrt(x). graph.Rsqrt has no gradient in gomlx v0.26.0.
func InvSqrt(x *graph.Node) *graph.Node {
	return graph.Reciprocal(graph.Sqrt(x))
}

// WhereBroadcast is graph.Where with a condition of any shape that
// broadcasts to the shape of onTrue, such as [B, 1] for [B, H]: axes of
// dimension 1 are expanded. graph.Where itself accepts only a condition
// whose shape is a prefix of the output shape. onTrue and onFalse must have
// the same shape, or one of them must be a scalar; it panics otherwise, like
// graph.Where.
func WhereBroadcast(condition, onTrue, onFalse *graph.Node) *graph.Node {
	output := onTrue.Shape()
	if output.IsScalar() {
		output = onFalse.Shape()
	}
	if condition.Rank() != output.Rank() || slices.Equal(condition.Shape().Dimensions, output.Dimensions) {
		return graph.Where(condition, onTrue, onFalse)
	}
	for axis, dim := range condition.Shape().Dimensions {
		if dim != 1 && dim != output.Dimensions[axis] {
			panic(fmt.Errorf("WhereBroadcast: condition shape %s does not broadcast to %s", condition.Shape(), output))
		}
	}
	return graph.Where(graph.BroadcastToDims(condition, output.Dimensions...), onTrue, onFalse)
}

// PrefixSum returns the inclusive prefix sum of x, a float tensor, along
// axis, computed as a matrix product with a lower-triangular matrix of ones
// because the pure-Go backend has no CumSum. It costs O(n²) for n elements
// on the axis, so it suits short axes such as sequence positions.
func PrefixSum(x *graph.Node, axis int) *graph.Node {
	axis = graph.AdjustAxisToOperandRank(x, axis)
	n := x.Shape().Dimensions[axis]
	triangle := make([][]float64, n) // triangle[j][i] = 1 where j <= i
	for j := range triangle {
		triangle[j] = make([]float64, n)
		for i := j; i < n; i++ {
			triangle[j][i] = 1
		}
	}
	ones := graph.ConstAsDType(x.Graph(), x.DType(), triangle)
	summed := graph.DotGeneral(x, []int{axis}, nil, ones, []int{0}, nil) // axis moves last
	permutation := make([]int, x.Rank())
	for i := range permutation {
		switch {
		case i < axis:
			permutation[i] = i
		case i == axis:
			permutation[i] = x.Rank() - 1
		default:
			permutation[i] = i - 1
		}
	}
	return graph.TransposeAllAxes(summed, permutation...)
}

// GlobalNorm returns the L2 norm of all the values of nodes together, as a
// float32 scalar. It returns 0 for no nodes.
func GlobalNorm(g *graph.Graph, nodes []*graph.Node) *graph.Node {
	total := graph.ScalarZero(g, dtypes.Float32)
	for _, n := range nodes {
		squares := graph.ReduceAllSum(graph.Square(graph.ConvertDType(n, dtypes.Float32)))
		total = graph.Add(total, squares)
	}
	return graph.Sqrt(total)
}
