package modelfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// sampleContext returns a context with variables of several dtypes and
// scopes, and the random-number-generator state.
func sampleContext(t testing.TB) *mlctx.Context {
	t.Helper()
	ctx := mlctx.New()
	ctx.In("encoder").In("dense_0").VariableWithValue("weights", [][]float32{{1, 2, 3}, {-4, 5.5, 6}})
	ctx.In("encoder").VariableWithValue("step", int64(42))
	ctx.In("crf").VariableWithValue("transitions", [][]float64{{0.25, -1}, {2, 3}})
	ctx.VariableWithValue("mask", []bool{true, false, true})
	ctx.VariableWithValue("empty", tensors.FromShape(shapes.Make(dtypes.Float32, 0, 3)))
	if err := ctx.SetRNGStateFromSeed(3); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// values returns every variable's value as a Go value, by scope and name.
func values(t testing.TB, ctx *mlctx.Context) map[string]any {
	t.Helper()
	out := map[string]any{}
	for v := range ctx.IterVariables() {
		out[v.ScopeAndName()] = v.MustValue().Value()
	}
	return out
}

func TestContextRoundTrip(t *testing.T) {
	ctx := sampleContext(t)
	f := &File{Name: "test"}
	if err := f.AddVariables(ctx, nil); err != nil {
		t.Fatal(err)
	}
	decoded, err := Decode(encode(t, f))
	if err != nil {
		t.Fatal(err)
	}
	fresh := mlctx.New()
	if err := decoded.LoadVariables(fresh); err != nil {
		t.Fatal(err)
	}
	if got, want := values(t, fresh), values(t, ctx); !reflect.DeepEqual(got, want) {
		t.Errorf("loaded variables differ:\ngot  %v\nwant %v", got, want)
	}

	// Loading again overwrites the existing variables.
	if err := ctx.GetVariableByScopeAndName("/crf", "transitions").SetValue(tensors.FromAnyValue([][]float64{{9, 9}, {9, 9}})); err != nil {
		t.Fatal(err)
	}
	if err := decoded.LoadVariables(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ctx.GetVariableByScopeAndName("/crf", "transitions").MustValue().Value().([][]float64); got[0][0] != 0.25 {
		t.Errorf("transitions after reload = %v, want the saved values", got)
	}
}

func TestAddVariablesFilter(t *testing.T) {
	ctx := sampleContext(t)
	f := &File{}
	err := f.AddVariables(ctx, func(v *mlctx.Variable) bool { return strings.HasPrefix(v.Scope(), "/encoder") })
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tensor := range f.Tensors {
		names = append(names, tensor.Name)
	}
	if want := []string{"/encoder/dense_0/weights", "/encoder/step"}; !reflect.DeepEqual(names, want) {
		t.Errorf("tensors %v, want %v", names, want)
	}
}

func TestLoadVariablesShapeMismatch(t *testing.T) {
	f := &File{}
	if err := f.AddVariables(sampleContext(t), nil); err != nil {
		t.Fatal(err)
	}
	ctx := mlctx.New()
	ctx.In("crf").VariableWithValue("transitions", [][]float64{{1, 2, 3}})
	err := f.LoadVariables(ctx)
	if err == nil || !strings.Contains(err.Error(), "/crf/transitions") {
		t.Fatalf("error %v, want one naming /crf/transitions", err)
	}
}

// freshProcessEnv names the model file that the child process of
// TestLoadInFreshProcess loads.
const freshProcessEnv = "LITMINE_MODELFILE_CHILD_PATH"

// TestLoadInFreshProcess writes a model file and loads it in a new process,
// which compares the variables with those it builds itself.
func TestLoadInFreshProcess(t *testing.T) {
	if path := os.Getenv(freshProcessEnv); path != "" {
		f, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		ctx := mlctx.New()
		if err := f.LoadVariables(ctx); err != nil {
			t.Fatal(err)
		}
		if got, want := values(t, ctx), values(t, sampleContext(t)); !reflect.DeepEqual(got, want) {
			t.Fatalf("variables loaded in a fresh process differ:\ngot  %v\nwant %v", got, want)
		}
		return
	}
	path := filepath.Join(t.TempDir(), "model.lmf")
	f := &File{Name: "fresh"}
	if err := f.AddVariables(sampleContext(t), nil); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, f); err != nil {
		t.Fatal(err)
	}
	child := exec.Command(os.Args[0], "-test.run=^TestLoadInFreshProcess$", "-test.count=1")
	child.Env = append(os.Environ(), freshProcessEnv+"="+path)
	if output, err := child.CombinedOutput(); err != nil {
		t.Fatalf("child process: %v\n%s", err, output)
	}
}
