package train

import (
	"fmt"
	"reflect"
	"slices"
	"sync"

	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
)

// The gradient rules below replace three of gomlx v0.26.0's stock rules
// (pkg/core/graph/rev_autodiff.go and ops_helpers.go):
//
//   - Dot and DotGeneral: the stock rules broadcast the adjoint against the
//     other operand to a tensor of size M·N·K and reduce it. A 256-512-512-10
//     MLP step took about 700 ms with them and about 35 ms with one
//     DotGeneral per operand (2-core machine, pure-Go backend).
//   - Slice: the stock rule calls Pad, which the pure-Go backend does not
//     implement, so any model that slices cannot train there.
//
// The node parameters these rules need (contracting and batch axes, slice
// starts, limits and strides) are unexported fields of graph.Node in
// v0.26.0, read here by reflection. gradfix_test.go checks every rule
// against the stock rule or a host-side reference, so an upgrade of gomlx
// that changes the fields fails those tests.

var (
	installOnce sync.Once

	// stockVJP holds the rules that InstallGradientFixes replaced, for tests
	// and benchmarks that compare against them.
	stockVJP = map[graph.NodeType]graph.VJP{}
)

// InstallGradientFixes replaces the gradient rules of Dot, DotGeneral and
// Slice in graph.VJPRegistration with the rules of this package. It is
// idempotent and safe to call from the init function of any trainer package;
// Run calls it too. Call it before building graphs from several goroutines,
// because it writes to a global map without a lock.
func InstallGradientFixes() {
	installOnce.Do(func() {
		for nodeType, rule := range map[graph.NodeType]graph.VJP{
			graph.NodeTypeDot:        dotVJP,
			graph.NodeTypeDotGeneral: dotGeneralVJP,
			graph.NodeTypeSlice:      sliceVJP,
		} {
			stockVJP[nodeType] = graph.VJPRegistration[nodeType]
			graph.VJPRegistration[nodeType] = rule
		}
	})
}

// dotAxes describes a DotGeneral: the contracting and batch axes of each
// operand. Axes of an operand that are neither are its cross axes, which
// appear in the output after the batch axes, lhs ones first, each side in
// increasing axis order.
type dotAxes struct {
	lhsContracting, lhsBatch []int
	rhsContracting, rhsBatch []int
}

// dotVJP is the gradient rule of Dot, which contracts the last axis of lhs
// (rank 1 or 2) with the first axis of rhs.
var dotVJP graph.VJP = func(node *graph.Node, adjoints []*graph.Node, _ shapes.Shape) []*graph.Node {
	lhs, rhs := node.Inputs()[0], node.Inputs()[1]
	axes := dotAxes{lhsContracting: []int{lhs.Rank() - 1}, rhsContracting: []int{0}}
	return dotGradients(lhs, rhs, axes, adjoints[0])
}

// dotGeneralVJP is the gradient rule of DotGeneral.
var dotGeneralVJP graph.VJP = func(node *graph.Node, adjoints []*graph.Node, _ shapes.Shape) []*graph.Node {
	lhs, rhs := node.Inputs()[0], node.Inputs()[1]
	axes := dotAxes{
		lhsContracting: mustIntsField(node, "lhsContractingAxes"),
		lhsBatch:       mustIntsField(node, "lhsBatchAxes"),
		rhsContracting: mustIntsField(node, "rhsContractingAxes"),
		rhsBatch:       mustIntsField(node, "rhsBatchAxes"),
	}
	return dotGradients(lhs, rhs, axes, adjoints[0])
}

// dotGradients returns the gradients of lhs and rhs given the adjoint v of
// their DotGeneral, each computed as one DotGeneral of v with the other
// operand and a transpose back to the operand's axis order.
func dotGradients(lhs, rhs *graph.Node, axes dotAxes, v *graph.Node) []*graph.Node {
	numBatch := len(axes.lhsBatch)
	lhsCross := crossAxes(lhs.Rank(), axes.lhsContracting, axes.lhsBatch)
	rhsCross := crossAxes(rhs.Rank(), axes.rhsContracting, axes.rhsBatch)
	vBatch := consecutiveAxes(0, numBatch)
	vLhsCross := consecutiveAxes(numBatch, len(lhsCross))
	vRhsCross := consecutiveAxes(numBatch+len(lhsCross), len(rhsCross))

	// The gradient of lhs contracts the rhs cross axes of v with those of rhs.
	// Its axes are batch, lhs cross, then the contracting axes of rhs in
	// increasing order, which pair with the contracting axes of lhs.
	gradLhs := graph.DotGeneral(v, vRhsCross, vBatch, rhs, rhsCross, axes.rhsBatch)
	gradLhs = transposeBack(gradLhs, axes.lhsBatch, lhsCross, axes.lhsContracting, axes.rhsContracting)

	// The gradient of rhs is the mirror image.
	gradRhs := graph.DotGeneral(v, vLhsCross, vBatch, lhs, lhsCross, axes.lhsBatch)
	gradRhs = transposeBack(gradRhs, axes.rhsBatch, rhsCross, axes.rhsContracting, axes.lhsContracting)
	return []*graph.Node{gradLhs, gradRhs}
}

// transposeBack permutes grad, whose axes are [batch..., cross...,
// otherContracting in increasing order...], into the axis order of the
// operand with the given batch, cross and contracting axes. contracting[k]
// pairs with otherContracting[k].
func transposeBack(grad *graph.Node, batch, cross, contracting, otherContracting []int) *graph.Node {
	permutation := make([]int, grad.Rank())
	for i, axis := range batch {
		permutation[axis] = i
	}
	for i, axis := range cross {
		permutation[axis] = len(batch) + i
	}
	sortedOther := slices.Sorted(slices.Values(otherContracting))
	for k, axis := range contracting {
		position := slices.Index(sortedOther, otherContracting[k])
		permutation[axis] = len(batch) + len(cross) + position
	}
	for i, p := range permutation {
		if i != p {
			return graph.TransposeAllAxes(grad, permutation...)
		}
	}
	return grad
}

// crossAxes returns the axes of an operand of the given rank that are
// neither contracting nor batch axes, in increasing order.
func crossAxes(rank int, contracting, batch []int) []int {
	var cross []int
	for axis := range rank {
		if !slices.Contains(contracting, axis) && !slices.Contains(batch, axis) {
			cross = append(cross, axis)
		}
	}
	return cross
}

func consecutiveAxes(start, n int) []int {
	axes := make([]int, n)
	for i := range axes {
		axes[i] = start + i
	}
	return axes
}

// sliceVJP is the gradient rule of Slice: the adjoint surrounded by zeros.
// On each sliced axis it concatenates a zero block before and after the
// adjoint; with a stride s > 1 it first interleaves s-1 zeros after each
// element.
var sliceVJP graph.VJP = func(node *graph.Node, adjoints []*graph.Node, _ shapes.Shape) []*graph.Node {
	x := node.Inputs()[0]
	starts := mustIntsField(node, "starts")
	limits := mustIntsField(node, "limits")
	strides := mustIntsField(node, "strides")
	grad := adjoints[0]
	for axis, dim := range x.Shape().Dimensions {
		stride := 1
		if axis < len(strides) && strides[axis] > 1 {
			stride = strides[axis]
		}
		grad = unsliceAxis(grad, axis, starts[axis], limits[axis], stride, dim)
	}
	return []*graph.Node{grad}
}

// unsliceAxis places the slice grad of axis (elements start, start+stride,
// ... below limit) into a tensor with dim elements on that axis, zero
// elsewhere.
func unsliceAxis(grad *graph.Node, axis, start, limit, stride, dim int) *graph.Node {
	if stride > 1 {
		// [.., n, ..] → [.., n, stride, ..] with the values at index 0 of
		// the new axis, then merged to [.., n*stride, ..].
		n := grad.Shape().Dimensions[axis]
		expanded := graph.InsertAxes(grad, axis+1)
		expanded = concatWithZeros(expanded, axis+1, 0, stride-1)
		dims := slices.Clone(grad.Shape().Dimensions)
		dims[axis] = n * stride
		grad = graph.Reshape(expanded, dims...)
		if span := dim - start; n*stride > span {
			grad = graph.SliceAxis(grad, axis, graph.AxisRange(0, span))
		}
		limit = start + min(n*stride, dim-start)
	}
	return concatWithZeros(grad, axis, start, dim-limit)
}

// concatWithZeros concatenates before zeros, x and after zeros on axis.
func concatWithZeros(x *graph.Node, axis, before, after int) *graph.Node {
	if before == 0 && after == 0 {
		return x
	}
	parts := make([]*graph.Node, 0, 3)
	zeros := func(n int) *graph.Node {
		shape := x.Shape().Clone()
		shape.Dimensions[axis] = n
		return graph.Zeros(x.Graph(), shape)
	}
	if before > 0 {
		parts = append(parts, zeros(before))
	}
	parts = append(parts, x)
	if after > 0 {
		parts = append(parts, zeros(after))
	}
	return graph.Concatenate(parts, axis)
}

// intsField reads the []int field name of the unexported parameters struct
// of node (graph.Node.inputs, a pointer to a nodeInputs* struct).
//
// NOTE: this depends on the private layout of gomlx v0.26.0; the tests of
// this file fail when a gomlx upgrade changes it.
func intsField(node *graph.Node, name string) ([]int, error) {
	inputs := reflect.ValueOf(node).Elem().FieldByName("inputs")
	for inputs.IsValid() && (inputs.Kind() == reflect.Interface || inputs.Kind() == reflect.Pointer) {
		inputs = inputs.Elem()
	}
	if !inputs.IsValid() || inputs.Kind() != reflect.Struct {
		return nil, fmt.Errorf("gradient fix for %s: node parameters not found (the fix is written for gomlx v0.26.0)", node.Type())
	}
	field := inputs.FieldByName(name)
	if !field.IsValid() || field.Kind() != reflect.Slice || field.Type().Elem().Kind() != reflect.Int {
		return nil, fmt.Errorf("gradient fix for %s: parameter %q not found (the fix is written for gomlx v0.26.0)", node.Type(), name)
	}
	values := make([]int, field.Len())
	for i := range values {
		values[i] = int(field.Index(i).Int())
	}
	return values, nil
}

// mustIntsField is intsField for use inside graph building, where errors are
// panics that the executor turns into errors.
func mustIntsField(node *graph.Node, name string) []int {
	values, err := intsField(node, name)
	if err != nil {
		panic(err)
	}
	return values
}
