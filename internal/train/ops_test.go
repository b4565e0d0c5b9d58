package train

import (
	"math"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/tensors"
)

// valueAndGradient runs fn on x and returns fn(x) and the gradient of
// sum(fn(x)) with respect to x.
func valueAndGradient(t *testing.T, fn func(x *graph.Node) *graph.Node, x any) ([]float32, []float32) {
	t.Helper()
	exec, err := graph.NewExec(testBackend(t), func(x *graph.Node) []*graph.Node {
		y := fn(x)
		return []*graph.Node{y, graph.Gradient(graph.ReduceAllSum(y), x)[0]}
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Exec(x)
	if err != nil {
		t.Fatal(err)
	}
	return flatFloat32(t, out[0]), flatFloat32(t, out[1])
}

func assertFloats(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > 1e-5 {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func widen(values []float32) []float64 {
	out := make([]float64, len(values))
	for i, v := range values {
		out[i] = float64(v)
	}
	return out
}

func TestStraightThroughRound(t *testing.T) {
	value, grad := valueAndGradient(t, StraightThroughRound, []float32{-1.6, -0.4, 0.5, 2.49})
	assertFloats(t, "value", widen(value), []float64{-2, -0, 1, 2})
	assertFloats(t, "gradient", widen(grad), []float64{1, 1, 1, 1})
	value, grad = valueAndGradient(t, StraightThroughFloor, []float32{-1.6, 2.49})
	assertFloats(t, "floor value", widen(value), []float64{-2, 2})
	assertFloats(t, "floor gradient", widen(grad), []float64{1, 1})
}

func TestSafeLogHasNoNaNGradient(t *testing.T) {
	value, grad := valueAndGradient(t, SafeLog, []float32{0, 1, math.E, -3})
	assertFloats(t, "value", widen(value), []float64{0, 0, 1, 0})
	assertFloats(t, "gradient", widen(grad), []float64{0, 1, 1 / math.E, 0})
}

func TestSafeDivHasNoNaNGradient(t *testing.T) {
	value, grad := valueAndGradient(t, func(x *graph.Node) *graph.Node {
		return SafeDiv(graph.OnesLike(x), x)
	}, []float32{0, 2, -4})
	assertFloats(t, "value", widen(value), []float64{0, 0.5, -0.25})
	assertFloats(t, "gradient", widen(grad), []float64{0, -0.25, -1.0 / 16})
}

func TestInvSqrtGradient(t *testing.T) {
	value, grad := valueAndGradient(t, InvSqrt, []float32{4, 0.25})
	assertFloats(t, "value", widen(value), []float64{0.5, 2})
	assertFloats(t, "gradient", widen(grad), []float64{-0.5 * math.Pow(4, -1.5), -0.5 * math.Pow(0.25, -1.5)})
}

func TestWhereBroadcastCondition(t *testing.T) {
	exec, err := graph.NewExec(testBackend(t), func(condition, x *graph.Node) *graph.Node {
		return WhereBroadcast(condition, x, graph.ZerosLike(x))
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Exec([][]bool{{true}, {false}}, [][]float32{{1, 2, 3}, {4, 5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	assertFloats(t, "value", widen(flatFloat32(t, out[0])), []float64{1, 2, 3, 0, 0, 0})
}

func TestPrefixSumMatchesHost(t *testing.T) {
	x := [][]float32{{1, 2, 3, 4}, {-1, 0.5, 0, 2}}
	value, grad := valueAndGradient(t, func(x *graph.Node) *graph.Node { return PrefixSum(x, 1) }, x)
	assertFloats(t, "value along axis 1", widen(value), []float64{1, 3, 6, 10, -1, -0.5, -0.5, 1.5})
	// Element j feeds the sums at positions j..n-1.
	assertFloats(t, "gradient", widen(grad), []float64{4, 3, 2, 1, 4, 3, 2, 1})
	value, _ = valueAndGradient(t, func(x *graph.Node) *graph.Node { return PrefixSum(x, 0) }, x)
	assertFloats(t, "value along axis 0", widen(value), []float64{1, 2, 3, 4, 0, 2.5, 3, 6})
}

func TestGlobalNorm(t *testing.T) {
	exec, err := graph.NewExec(testBackend(t), func(a, b *graph.Node) *graph.Node {
		return GlobalNorm(a.Graph(), []*graph.Node{a, b})
	})
	if err != nil {
		t.Fatal(err)
	}
	norm, err := exec.Exec1([]float32{3, 0}, tensors.FromValue([][]float64{{4}}))
	if err != nil {
		t.Fatal(err)
	}
	if got := norm.Value().(float32); got != 5 || norm.DType() != dtypes.Float32 {
		t.Errorf("GlobalNorm = %v (%s), want 5 (Float32)", got, norm.DType())
	}
}
