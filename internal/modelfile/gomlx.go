package modelfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/gomlx/gomlx/pkg/core/dtypes"
	"github.com/gomlx/gomlx/pkg/core/shapes"
	"github.com/gomlx/gomlx/pkg/core/tensors"
	mlctx "github.com/gomlx/gomlx/pkg/ml/context"
)

// Conversions between Tensor and gomlx tensors and context variables. A
// variable is stored as a tensor named by its scope and name as gomlx joins
// them, such as "/encoder/dense_0/weights". By this convention, a tensor
// whose name starts with "/" is a variable.

// errBigEndian is returned on hosts whose native byte order is not
// little-endian: gomlx tensors hold native-order bytes, which this package
// copies without swapping.
var errBigEndian = errors.New("model files need a little-endian host")

var littleEndianHost = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

var gomlxDTypes = map[DType]dtypes.DType{
	Bool: dtypes.Bool, Int8: dtypes.Int8, Int16: dtypes.Int16, Int32: dtypes.Int32, Int64: dtypes.Int64,
	Uint8: dtypes.Uint8, Uint16: dtypes.Uint16, Uint32: dtypes.Uint32, Uint64: dtypes.Uint64,
	Float16: dtypes.Float16, BFloat16: dtypes.BFloat16, Float32: dtypes.Float32, Float64: dtypes.Float64,
}

// dtypeOf returns the DType of a gomlx dtype, or "" when a model file cannot
// hold it (complex numbers, 4-bit and 2-bit integers).
func dtypeOf(d dtypes.DType) DType {
	for name, g := range gomlxDTypes {
		if g == d {
			return name
		}
	}
	return ""
}

// FromGomlx returns a copy of the gomlx tensor t as a Tensor called name.
func FromGomlx(name string, t *tensors.Tensor) (Tensor, error) {
	if !littleEndianHost {
		return Tensor{}, errBigEndian
	}
	shape := t.Shape()
	dtype := dtypeOf(shape.DType)
	if dtype == "" {
		return Tensor{}, fmt.Errorf("tensor %q: dtype %s cannot be stored in a model file", name, shape.DType)
	}
	out := Tensor{Name: name, DType: dtype, Shape: append([]int{}, shape.Dimensions...)}
	if shape.Size() == 0 {
		return out, nil
	}
	err := t.ConstBytes(func(data []byte) {
		out.Data = append([]byte(nil), data...)
	})
	if err != nil {
		return Tensor{}, fmt.Errorf("tensor %q: %w", name, err)
	}
	return out, out.check()
}

// Gomlx returns a new gomlx tensor with a copy of the values of t.
func (t *Tensor) Gomlx() (*tensors.Tensor, error) {
	if !littleEndianHost {
		return nil, errBigEndian
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	dtype, ok := gomlxDTypes[t.DType]
	if !ok {
		return nil, fmt.Errorf("tensor %q: unknown dtype %q", t.Name, t.DType)
	}
	out := tensors.FromShape(shapes.Make(dtype, t.Shape...))
	if len(t.Data) == 0 {
		return out, nil
	}
	if err := out.MutableBytes(func(data []byte) { copy(data, t.Data) }); err != nil {
		return nil, fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	return out, nil
}

// VariableTensors returns copies of the values of the variables of ctx (all
// scopes) for which keep returns true, in the context's order. A nil keep
// keeps every variable. A kept variable without a value is an error.
func VariableTensors(ctx *mlctx.Context, keep func(*mlctx.Variable) bool) ([]Tensor, error) {
	var out []Tensor
	for v := range ctx.IterVariables() {
		if keep != nil && !keep(v) {
			continue
		}
		value, err := v.Value()
		if err != nil {
			return nil, fmt.Errorf("variable %s: %w", v.ScopeAndName(), err)
		}
		t, err := FromGomlx(v.ScopeAndName(), value)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// AddVariables appends the variables of ctx that keep accepts (nil keeps
// all) to f.Tensors; see VariableTensors.
func (f *File) AddVariables(ctx *mlctx.Context, keep func(*mlctx.Variable) bool) error {
	ts, err := VariableTensors(ctx, keep)
	if err != nil {
		return err
	}
	f.Tensors = append(f.Tensors, ts...)
	return nil
}

// LoadVariables sets the variables of ctx from the tensors of f whose names
// start with "/" (see VariableTensors). A variable that exists must have the
// tensor's shape and dtype, and it gets a copy of the values. A missing
// variable is created, trainable as gomlx creates variables. Tensors
// without the "/" prefix are skipped. After loading, build models on ctx.Reuse() or
// ctx.Checked(false), because the variables already exist.
func (f *File) LoadVariables(ctx *mlctx.Context) error {
	return LoadTensors(ctx, f.Tensors)
}

// LoadTensors is File.LoadVariables for a list of tensors.
func LoadTensors(ctx *mlctx.Context, ts []Tensor) error {
	for i := range ts {
		t := &ts[i]
		if !strings.HasPrefix(t.Name, mlctx.ScopeSeparator) {
			continue
		}
		if err := loadVariable(ctx, t); err != nil {
			return fmt.Errorf("load variable %s: %w", t.Name, err)
		}
	}
	return nil
}

func loadVariable(ctx *mlctx.Context, t *Tensor) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	value, err := t.Gomlx()
	if err != nil {
		return err
	}
	scope, name := mlctx.SplitScope(t.Name)
	v := ctx.GetVariableByScopeAndName(scope, name)
	if v == nil {
		ctx.InAbsPath(scope).Checked(false).VariableWithValue(name, value)
		return nil
	}
	if !v.Shape().Equal(value.Shape()) {
		return fmt.Errorf("the context has shape %s, the file has %s", v.Shape(), value.Shape())
	}
	return v.SetValue(value)
}
