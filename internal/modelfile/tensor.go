package modelfile

import (
	"encoding/binary"
	"fmt"
	"math"
)

// DType is the element type of a Tensor, named as in NumPy.
type DType string

// The element types a model file can hold. Values are stored little-endian;
// bool takes one byte (0 or 1), bfloat16 and float16 two.
const (
	Bool     DType = "bool"
	Int8     DType = "int8"
	Int16    DType = "int16"
	Int32    DType = "int32"
	Int64    DType = "int64"
	Uint8    DType = "uint8"
	Uint16   DType = "uint16"
	Uint32   DType = "uint32"
	Uint64   DType = "uint64"
	Float16  DType = "float16"
	BFloat16 DType = "bfloat16"
	Float32  DType = "float32"
	Float64  DType = "float64"
)

// Size returns the number of bytes of one element, or 0 for an unknown
// DType.
func (d DType) Size() int {
	switch d {
	case Bool, Int8, Uint8:
		return 1
	case Int16, Uint16, Float16, BFloat16:
		return 2
	case Int32, Uint32, Float32:
		return 4
	case Int64, Uint64, Float64:
		return 8
	}
	return 0
}

// Tensor is a named array of a fixed element type and shape, stored as raw
// little-endian bytes in row-major order. A scalar has an empty Shape.
type Tensor struct {
	Name  string
	DType DType
	Shape []int
	// Data holds Elements()·DType.Size() bytes. Tensors returned by Decode
	// share it with the decoded byte slice.
	Data []byte
}

// Elements returns the number of elements of the shape, 1 for a scalar. It
// returns -1 when a dimension is negative or the product overflows an int.
func (t *Tensor) Elements() int {
	n := 1
	for _, d := range t.Shape {
		if d < 0 || (d > 0 && n > math.MaxInt/d) {
			return -1
		}
		n *= d
	}
	return n
}

// check reports a tensor whose DType is unknown or whose Data does not
// match its shape.
func (t *Tensor) check() error {
	size := t.DType.Size()
	if size == 0 {
		return fmt.Errorf("tensor %q: unknown dtype %q", t.Name, t.DType)
	}
	n := t.Elements()
	if n < 0 || n > math.MaxInt/size {
		return fmt.Errorf("tensor %q: invalid shape %v", t.Name, t.Shape)
	}
	if len(t.Data) != n*size {
		return fmt.Errorf("tensor %q: %d bytes of data, shape %v of %s needs %d", t.Name, len(t.Data), t.Shape, t.DType, n*size)
	}
	return nil
}

// NewFloat32 returns a float32 tensor with a copy of values, which must
// have as many elements as shape.
func NewFloat32(name string, shape []int, values []float32) (Tensor, error) {
	t := Tensor{Name: name, DType: Float32, Shape: shape, Data: make([]byte, 4*len(values))}
	for i, v := range values {
		binary.LittleEndian.PutUint32(t.Data[4*i:], math.Float32bits(v))
	}
	return t, t.check()
}

// NewInt32 returns an int32 tensor with a copy of values, which must have
// as many elements as shape.
func NewInt32(name string, shape []int, values []int32) (Tensor, error) {
	t := Tensor{Name: name, DType: Int32, Shape: shape, Data: make([]byte, 4*len(values))}
	for i, v := range values {
		binary.LittleEndian.PutUint32(t.Data[4*i:], uint32(v))
	}
	return t, t.check()
}

// NewInt64 returns an int64 tensor with a copy of values, which must have
// as many elements as shape.
func NewInt64(name string, shape []int, values []int64) (Tensor, error) {
	t := Tensor{Name: name, DType: Int64, Shape: shape, Data: make([]byte, 8*len(values))}
	for i, v := range values {
		binary.LittleEndian.PutUint64(t.Data[8*i:], uint64(v))
	}
	return t, t.check()
}

// NewFloat64 returns a float64 tensor with a copy of values, which must
// have as many elements as shape.
func NewFloat64(name string, shape []int, values []float64) (Tensor, error) {
	t := Tensor{Name: name, DType: Float64, Shape: shape, Data: make([]byte, 8*len(values))}
	for i, v := range values {
		binary.LittleEndian.PutUint64(t.Data[8*i:], math.Float64bits(v))
	}
	return t, t.check()
}

// Float32s returns a copy of the values of a float32 tensor.
func (t *Tensor) Float32s() ([]float32, error) {
	if err := t.want(Float32); err != nil {
		return nil, err
	}
	values := make([]float32, len(t.Data)/4)
	for i := range values {
		values[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return values, nil
}

// Float64s returns a copy of the values of a float64 tensor.
func (t *Tensor) Float64s() ([]float64, error) {
	if err := t.want(Float64); err != nil {
		return nil, err
	}
	values := make([]float64, len(t.Data)/8)
	for i := range values {
		values[i] = math.Float64frombits(binary.LittleEndian.Uint64(t.Data[8*i:]))
	}
	return values, nil
}

// Int32s returns a copy of the values of an int32 tensor.
func (t *Tensor) Int32s() ([]int32, error) {
	if err := t.want(Int32); err != nil {
		return nil, err
	}
	values := make([]int32, len(t.Data)/4)
	for i := range values {
		values[i] = int32(binary.LittleEndian.Uint32(t.Data[4*i:]))
	}
	return values, nil
}

// Int64s returns a copy of the values of an int64 tensor.
func (t *Tensor) Int64s() ([]int64, error) {
	if err := t.want(Int64); err != nil {
		return nil, err
	}
	values := make([]int64, len(t.Data)/8)
	for i := range values {
		values[i] = int64(binary.LittleEndian.Uint64(t.Data[8*i:]))
	}
	return values, nil
}

func (t *Tensor) want(d DType) error {
	if t.DType != d {
		return fmt.Errorf("tensor %q is %s, not %s", t.Name, t.DType, d)
	}
	return t.check()
}
