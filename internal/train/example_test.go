package train_test

import (
	"context"
	"fmt"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/graph"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
	"github.com/litmine/litmine/internal/train"
)

// line fits y = a·x + b to four points of y = 2x + 1.
type line struct{}

func (line) NumBatches() int { return 1 }

func (line) Batch(int) ([]any, error) {
	return []any{[]float32{0, 1, 2, 3}, []float32{1, 3, 5, 7}}, nil
}

func (line) predict(ctx *mlctx.Context, x *graph.Node) *graph.Node {
	g := x.Graph()
	a := ctx.VariableWithShape("a", shapes.Make(dtypes.Float32)).ValueGraph(g)
	b := ctx.VariableWithShape("b", shapes.Make(dtypes.Float32)).ValueGraph(g)
	return graph.Add(graph.Mul(x, a), b)
}

func (m line) Loss(ctx *mlctx.Context, in []*graph.Node) *graph.Node {
	return graph.ReduceAllMean(graph.Square(graph.Sub(m.predict(ctx, in[0]), in[1])))
}

// DevScore is the negated squared error of the prediction at x = 10.
func (m line) DevScore(backend backends.Backend, ctx *mlctx.Context) (float64, error) {
	y, err := mlctx.ExecOnce(backend, ctx, m.predict, []float32{10})
	if err != nil {
		return 0, err
	}
	miss := float64(y.Value().([]float32)[0]) - 21
	return -miss * miss, nil
}

func ExampleRun() {
	vars := mlctx.New()
	res, err := train.Run(context.Background(), vars, line{}, train.Config{
		Name: "line", Seed: 1, Epochs: 400, LearningRate: 0.1, EvalEvery: 100,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	a := vars.GetVariableByScopeAndName("/", "a").MustValue().Value().(float32)
	fmt.Printf("steps %d, best step %d, a = %.2f\n", res.Steps, res.BestStep, a)
	// Output: steps 400, best step 400, a = 2.00
}
