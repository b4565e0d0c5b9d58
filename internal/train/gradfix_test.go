package train

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// testBackend returns the backend of $GOMLX_BACKEND, or DefaultBackend.
// Under the race detector, set GOMLX_BACKEND=go:ops_sequential (see
// DefaultBackend).
func testBackend(t testing.TB) backends.Backend {
	t.Helper()
	backend, _, err := NewBackend("")
	if err != nil {
		t.Fatal(err)
	}
	return backend
}

// randomTensor returns a float32 tensor of the given dimensions with values
// in [-1, 1) drawn from rng.
func randomTensor(rng *rand.Rand, dims ...int) *tensors.Tensor {
	size := 1
	for _, d := range dims {
		size *= d
	}
	values := make([]float32, size)
	for i := range values {
		values[i] = rng.Float32()*2 - 1
	}
	return tensors.FromFlatDataAndDimensions(values, dims...)
}

func flatFloat32(t *testing.T, x *tensors.Tensor) []float32 {
	t.Helper()
	values, err := tensors.CopyFlatData[float32](x)
	if err != nil {
		t.Fatal(err)
	}
	return values
}

// assertClose fails when got and want differ by more than a relative
// tolerance of 1e-4.
func assertClose(t *testing.T, what string, got, want *tensors.Tensor) {
	t.Helper()
	if !got.Shape().Equal(want.Shape()) {
		t.Fatalf("%s: shape %s, want %s", what, got.Shape(), want.Shape())
	}
	g, w := flatFloat32(t, got), flatFloat32(t, want)
	for i := range g {
		if diff := math.Abs(float64(g[i] - w[i])); diff > 1e-4*(1+math.Abs(float64(w[i]))) {
			t.Fatalf("%s: element %d is %g, want %g", what, i, g[i], w[i])
		}
	}
}

type dotGeneralCase struct {
	name                     string
	lhsDims, rhsDims         []int
	lhsContracting, lhsBatch []int
	rhsContracting, rhsBatch []int
}

var dotGeneralCases = []dotGeneralCase{
	{"vector dot vector", []int{5}, []int{5}, []int{0}, nil, []int{0}, nil},
	{"matrix times vector", []int{3, 4}, []int{4}, []int{1}, nil, []int{0}, nil},
	{"matrix product", []int{3, 4}, []int{4, 5}, []int{1}, nil, []int{0}, nil},
	{"transposed lhs", []int{4, 3}, []int{4, 5}, []int{0}, nil, []int{0}, nil},
	{"transposed rhs", []int{3, 4}, []int{5, 4}, []int{1}, nil, []int{1}, nil},
	{"outer product", []int{3}, []int{4}, nil, nil, nil, nil},
	{"batched matmul", []int{2, 3, 4}, []int{2, 4, 5}, []int{2}, []int{0}, []int{1}, []int{0}},
	{"batch axis last", []int{3, 4, 2}, []int{4, 5, 2}, []int{1}, []int{2}, []int{0}, []int{2}},
	{"two contracting axes", []int{3, 4, 6}, []int{6, 5, 4}, []int{1, 2}, nil, []int{2, 0}, nil},
	{"contracting order swapped", []int{4, 3, 6}, []int{6, 4, 5}, []int{2, 0}, nil, []int{0, 1}, nil},
	{"attention scores", []int{2, 3, 7, 4}, []int{2, 3, 6, 4}, []int{3}, []int{0, 1}, []int{3}, []int{0, 1}},
	{"rank 4 mixed", []int{5, 2, 4, 3}, []int{3, 2, 6, 5}, []int{0, 3}, []int{1}, []int{3, 0}, []int{1}},
}

// TestDotGeneralGradientMatchesStock compares the replacement rule with the
// stock gomlx rule, both called on the same DotGeneral node and adjoint.
func TestDotGeneralGradientMatchesStock(t *testing.T) {
	InstallGradientFixes()
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range dotGeneralCases {
		t.Run(c.name, func(t *testing.T) {
			exec, err := graph.NewExec(backend, func(lhs, rhs *graph.Node) []*graph.Node {
				node := graph.DotGeneral(lhs, c.lhsContracting, c.lhsBatch, rhs, c.rhsContracting, c.rhsBatch)
				adjoint := graph.Const(lhs.Graph(), randomTensor(rng, node.Shape().Dimensions...))
				scalar := shapes.Make(dtypes.Float32)
				stock := stockVJP[graph.NodeTypeDotGeneral](node, []*graph.Node{adjoint}, scalar)
				fixed := dotGeneralVJP(node, []*graph.Node{adjoint}, scalar)
				return append(stock, fixed...)
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Exec(randomTensor(rng, c.lhsDims...), randomTensor(rng, c.rhsDims...))
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "lhs gradient", out[2], out[0])
			assertClose(t, "rhs gradient", out[3], out[1])
		})
	}
}

// TestDotGradientMatchesStock does the same for Dot, which accepts ranks 1
// and 2.
func TestDotGradientMatchesStock(t *testing.T) {
	InstallGradientFixes()
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		name             string
		lhsDims, rhsDims []int
	}{
		{"vector dot vector", []int{6}, []int{6}},
		{"matrix times vector", []int{3, 6}, []int{6}},
		{"matrix product", []int{3, 6}, []int{6, 2}},
		{"wide matrix product", []int{1, 7}, []int{7, 9}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			exec, err := graph.NewExec(backend, func(lhs, rhs *graph.Node) []*graph.Node {
				node := graph.Dot(lhs, rhs)
				adjoint := graph.Const(lhs.Graph(), randomTensor(rng, node.Shape().Dimensions...))
				scalar := shapes.Make(dtypes.Float32)
				stock := stockVJP[graph.NodeTypeDot](node, []*graph.Node{adjoint}, scalar)
				fixed := dotVJP(node, []*graph.Node{adjoint}, scalar)
				return append(stock, fixed...)
			})
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Exec(randomTensor(rng, c.lhsDims...), randomTensor(rng, c.rhsDims...))
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, "lhs gradient", out[2], out[0])
			assertClose(t, "rhs gradient", out[3], out[1])
		})
	}
}

// TestSliceGradientMatchesReference checks the Slice rule through
// graph.Gradient against a host-side reference: the gradient of
// sum(Slice(x) * w) is w at the sliced positions and zero elsewhere. The
// stock rule cannot run here, because it needs Pad.
func TestSliceGradientMatchesReference(t *testing.T) {
	InstallGradientFixes()
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(5, 6))
	cases := []struct {
		name  string
		dims  []int
		specs []graph.SliceAxisSpec
		// ranges holds start, limit and stride per axis, for the reference.
		ranges [][3]int
	}{
		{"rank 1 middle", []int{7}, []graph.SliceAxisSpec{graph.AxisRange(2, 5)}, [][3]int{{2, 5, 1}}},
		{"rank 1 whole", []int{4}, []graph.SliceAxisSpec{graph.AxisRange()}, [][3]int{{0, 4, 1}}},
		{"rank 2 both axes", []int{5, 6}, []graph.SliceAxisSpec{graph.AxisRange(1, 3), graph.AxisRange(0, 4)}, [][3]int{{1, 3, 1}, {0, 4, 1}}},
		{"rank 3 last axis", []int{2, 3, 8}, []graph.SliceAxisSpec{graph.AxisRange(), graph.AxisRange(), graph.AxisRange(3, 8)}, [][3]int{{0, 2, 1}, {0, 3, 1}, {3, 8, 1}}},
		{"rank 4 one element", []int{2, 3, 4, 5}, []graph.SliceAxisSpec{graph.AxisRange(1, 2), graph.AxisRange(2, 3), graph.AxisRange(0, 4), graph.AxisRange(4, 5)}, [][3]int{{1, 2, 1}, {2, 3, 1}, {0, 4, 1}, {4, 5, 1}}},
		{"stride 2 exact", []int{8}, []graph.SliceAxisSpec{graph.AxisRange(0, 8).Stride(2)}, [][3]int{{0, 8, 2}}},
		{"stride 3 with offset", []int{3, 10}, []graph.SliceAxisSpec{graph.AxisRange(), graph.AxisRange(1, 9).Stride(3)}, [][3]int{{0, 3, 1}, {1, 9, 3}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := randomTensor(rng, c.dims...)
			var weights *tensors.Tensor
			exec, err := graph.NewExec(backend, func(x *graph.Node) *graph.Node {
				sliced := graph.Slice(x, c.specs...)
				weights = randomTensor(rng, sliced.Shape().Dimensions...)
				loss := graph.ReduceAllSum(graph.Mul(sliced, graph.Const(x.Graph(), weights)))
				return graph.Gradient(loss, x)[0]
			})
			if err != nil {
				t.Fatal(err)
			}
			got, err := exec.Exec1(x)
			if err != nil {
				t.Fatal(err)
			}
			want := sliceGradientReference(c.dims, c.ranges, flatFloat32(t, weights))
			assertClose(t, "gradient", got, tensors.FromFlatDataAndDimensions(want, c.dims...))
		})
	}
}

// sliceGradientReference places w, the row-major values of the slice, at the
// positions the slice took from a tensor of dimensions dims.
func sliceGradientReference(dims []int, ranges [][3]int, w []float32) []float32 {
	size := 1
	for _, d := range dims {
		size *= d
	}
	grad := make([]float32, size)
	next := 0
	var walk func(axis, offset int)
	walk = func(axis, offset int) {
		if axis == len(dims) {
			grad[offset] = w[next]
			next++
			return
		}
		for i := ranges[axis][0]; i < ranges[axis][1]; i += ranges[axis][2] {
			walk(axis+1, offset*dims[axis]+i)
		}
	}
	walk(0, 0)
	return grad
}

// TestGradientThroughRegistry checks that graph.Gradient uses the
// replacement rules: gradients of a DotGeneral computed by graph.Gradient
// must equal the stock rule applied by hand.
func TestGradientThroughRegistry(t *testing.T) {
	InstallGradientFixes()
	backend := testBackend(t)
	rng := rand.New(rand.NewPCG(7, 8))
	c := dotGeneralCases[len(dotGeneralCases)-1]
	exec, err := graph.NewExec(backend, func(lhs, rhs *graph.Node) []*graph.Node {
		node := graph.DotGeneral(lhs, c.lhsContracting, c.lhsBatch, rhs, c.rhsContracting, c.rhsBatch)
		w := graph.Const(lhs.Graph(), randomTensor(rng, node.Shape().Dimensions...))
		loss := graph.ReduceAllSum(graph.Mul(node, w))
		grads := graph.Gradient(loss, lhs, rhs)
		stock := stockVJP[graph.NodeTypeDotGeneral](node, []*graph.Node{w}, shapes.Make(dtypes.Float32))
		return append(grads, stock...)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Exec(randomTensor(rng, c.lhsDims...), randomTensor(rng, c.rhsDims...))
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "lhs gradient", out[0], out[2])
	assertClose(t, "rhs gradient", out[1], out[3])
}

func TestGradientFixesRegistered(t *testing.T) {
	InstallGradientFixes()
	InstallGradientFixes() // idempotent: the stock rules must survive a second call
	for nodeType, want := range map[graph.NodeType]graph.VJP{
		graph.NodeTypeDot:        dotVJP,
		graph.NodeTypeDotGeneral: dotGeneralVJP,
		graph.NodeTypeSlice:      sliceVJP,
	} {
		got := graph.VJPRegistration[nodeType]
		if reflect.ValueOf(got).Pointer() != reflect.ValueOf(want).Pointer() {
			t.Errorf("VJPRegistration[%s] is not the replacement rule", nodeType)
		}
		stock := stockVJP[nodeType]
		if stock == nil || reflect.ValueOf(stock).Pointer() == reflect.ValueOf(want).Pointer() {
			t.Errorf("stock rule of %s was not kept", nodeType)
		}
	}
}

func TestIntsFieldMissing(t *testing.T) {
	backend := testBackend(t)
	g := graph.NewGraph(backend, "fields")
	defer g.Finalize()
	x := graph.Parameter(g, "x", shapes.Make(dtypes.Float32, 2, 3))
	node := graph.Slice(x, graph.AxisRange(0, 1))
	if _, err := intsField(node, "starts"); err != nil {
		t.Fatalf("starts: %v", err)
	}
	_, err := intsField(node, "noSuchField")
	if err == nil {
		t.Fatal("no error for a missing field")
	}
	want := fmt.Sprintf("gradient fix for %s: parameter %q not found", node.Type(), "noSuchField")
	if got := err.Error(); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("error %q, want prefix %q", got, want)
	}
}

// TestStockSliceGradientNeedsPad shows why the Slice rule is replaced: the
// stock rule calls Pad, which the pure-Go backend does not implement. When
// a gomlx upgrade makes the stock rule work, this test fails as a hint that
// the replacement may be dropped.
func TestStockSliceGradientNeedsPad(t *testing.T) {
	InstallGradientFixes()
	exec, err := graph.NewExec(testBackend(t), func(x *graph.Node) []*graph.Node {
		node := graph.Slice(x, graph.AxisRange(1, 3))
		return stockVJP[graph.NodeTypeSlice](node, []*graph.Node{graph.OnesLike(node)}, shapes.Make(dtypes.Float32))
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = exec.Exec([]float32{1, 2, 3, 4})
	if err == nil {
		t.Fatal("the stock Slice gradient runs on this backend: the replacement rule may no longer be needed")
	}
	if !strings.Contains(err.Error(), "Pad") {
		t.Errorf("error %v, want one about Pad", err)
	}
}
