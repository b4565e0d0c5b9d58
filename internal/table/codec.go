package table

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// ErrUnsupported is wrapped by errors about a row type that has a field kind
// the table codec cannot map to Arrow.
var ErrUnsupported = errors.New("unsupported row type")

// ErrSchema is wrapped by errors about a Parquet file whose columns do not
// match the row type it is read into.
var ErrSchema = errors.New("schema mismatch")

type fieldKind int

const (
	kindString fieldKind = iota
	kindInt32
	kindInt64
	kindFloat32
	kindFloat64
	kindBool
	kindNullableInt32
	kindStringList
	kindInt32List
	kindFloat64List
)

// column maps one struct field to one Arrow field.
type column struct {
	index  int // struct field index
	name   string
	kind   fieldKind
	noDict bool
}

// codec maps a row struct type to an Arrow schema and back.
type codec struct {
	typ     reflect.Type
	columns []column
	schema  *arrow.Schema
}

var codecs sync.Map // reflect.Type → *codec

// codecFor returns the codec of the row type T, building it on first use.
func codecFor[T any]() (*codec, error) {
	typ := reflect.TypeFor[T]()
	if c, ok := codecs.Load(typ); ok {
		return c.(*codec), nil
	}
	c, err := newCodec(typ)
	if err != nil {
		return nil, err
	}
	codecs.Store(typ, c)
	return c, nil
}

func newCodec(typ reflect.Type) (*codec, error) {
	if typ.Kind() != reflect.Struct {
		return nil, fmt.Errorf("%w: %s is not a struct", ErrUnsupported, typ)
	}
	c := &codec{typ: typ}
	var fields []arrow.Field
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag, ok := f.Tag.Lookup("table")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		kind, dataType, nullable, err := kindOf(f.Type)
		if err != nil {
			return nil, fmt.Errorf("%w: field %s.%s: %v", ErrUnsupported, typ.Name(), f.Name, err)
		}
		c.columns = append(c.columns, column{index: i, name: name, kind: kind, noDict: opts == "nodict"})
		fields = append(fields, arrow.Field{Name: name, Type: dataType, Nullable: nullable})
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: %s has no field with a table tag", ErrUnsupported, typ)
	}
	c.schema = arrow.NewSchema(fields, nil)
	return c, nil
}

func kindOf(t reflect.Type) (fieldKind, arrow.DataType, bool, error) {
	switch t.Kind() {
	case reflect.String:
		return kindString, arrow.BinaryTypes.String, false, nil
	case reflect.Int32:
		return kindInt32, arrow.PrimitiveTypes.Int32, false, nil
	case reflect.Int64:
		return kindInt64, arrow.PrimitiveTypes.Int64, false, nil
	case reflect.Float32:
		return kindFloat32, arrow.PrimitiveTypes.Float32, false, nil
	case reflect.Float64:
		return kindFloat64, arrow.PrimitiveTypes.Float64, false, nil
	case reflect.Bool:
		return kindBool, arrow.FixedWidthTypes.Boolean, false, nil
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Int32 {
			return kindNullableInt32, arrow.PrimitiveTypes.Int32, true, nil
		}
	case reflect.Slice:
		switch t.Elem().Kind() {
		case reflect.String:
			return kindStringList, arrow.ListOf(arrow.BinaryTypes.String), false, nil
		case reflect.Int32:
			return kindInt32List, arrow.ListOf(arrow.PrimitiveTypes.Int32), false, nil
		case reflect.Float64:
			return kindFloat64List, arrow.ListOf(arrow.PrimitiveTypes.Float64), false, nil
		}
	}
	return 0, nil, false, fmt.Errorf("type %s has no Arrow mapping", t)
}

// parquetPath returns the dotted Parquet column path of a column's leaf, as
// writer properties name it: lists store their values in "name.list.element".
func (col column) parquetPath() string {
	switch col.kind {
	case kindStringList, kindInt32List, kindFloat64List:
		return col.name + ".list.element"
	}
	return col.name
}

// appendRow appends the fields of row to the builders of b.
func (c *codec) appendRow(b *array.RecordBuilder, row reflect.Value) {
	for i, col := range c.columns {
		v := row.Field(col.index)
		switch col.kind {
		case kindString:
			b.Field(i).(*array.StringBuilder).Append(v.String())
		case kindInt32:
			b.Field(i).(*array.Int32Builder).Append(int32(v.Int()))
		case kindInt64:
			b.Field(i).(*array.Int64Builder).Append(v.Int())
		case kindFloat32:
			b.Field(i).(*array.Float32Builder).Append(float32(v.Float()))
		case kindFloat64:
			b.Field(i).(*array.Float64Builder).Append(v.Float())
		case kindBool:
			b.Field(i).(*array.BooleanBuilder).Append(v.Bool())
		case kindNullableInt32:
			ib := b.Field(i).(*array.Int32Builder)
			if v.IsNil() {
				ib.AppendNull()
			} else {
				ib.Append(int32(v.Elem().Int()))
			}
		default:
			appendList(b.Field(i).(*array.ListBuilder), col.kind, v)
		}
	}
}

func appendList(lb *array.ListBuilder, kind fieldKind, v reflect.Value) {
	lb.Append(true)
	switch kind {
	case kindStringList:
		vb := lb.ValueBuilder().(*array.StringBuilder)
		for _, s := range v.Interface().([]string) {
			vb.Append(s)
		}
	case kindInt32List:
		lb.ValueBuilder().(*array.Int32Builder).AppendValues(v.Interface().([]int32), nil)
	case kindFloat64List:
		lb.ValueBuilder().(*array.Float64Builder).AppendValues(v.Interface().([]float64), nil)
	}
}

// bind matches the codec's columns with the fields of a file schema and
// returns, for each codec column, the index of the file column.
func (c *codec) bind(file *arrow.Schema) ([]int, error) {
	out := make([]int, len(c.columns))
	for i, col := range c.columns {
		idx := file.FieldIndices(col.name)
		if len(idx) != 1 {
			return nil, fmt.Errorf("%w: column %q is missing", ErrSchema, col.name)
		}
		want := c.schema.Field(i).Type
		if got := file.Field(idx[0]).Type; !arrow.TypeEqual(got, want) {
			return nil, fmt.Errorf("%w: column %q has type %s, want %s", ErrSchema, col.name, got, want)
		}
		out[i] = idx[0]
	}
	return out, nil
}

// decode appends the rows of rec to rows; bound is the result of bind.
func decode[T any](c *codec, rec arrow.RecordBatch, bound []int, rows []T) []T {
	n := int(rec.NumRows())
	start := len(rows)
	rows = append(rows, make([]T, n)...)
	for i, col := range c.columns {
		arr := rec.Column(bound[i])
		for r := 0; r < n; r++ {
			setField(reflect.ValueOf(&rows[start+r]).Elem().Field(col.index), col.kind, arr, r)
		}
	}
	return rows
}

func setField(v reflect.Value, kind fieldKind, arr arrow.Array, r int) {
	switch kind {
	case kindString:
		v.SetString(strings.Clone(arr.(*array.String).Value(r)))
	case kindInt32:
		v.SetInt(int64(arr.(*array.Int32).Value(r)))
	case kindInt64:
		v.SetInt(arr.(*array.Int64).Value(r))
	case kindFloat32:
		v.SetFloat(float64(arr.(*array.Float32).Value(r)))
	case kindFloat64:
		v.SetFloat(arr.(*array.Float64).Value(r))
	case kindBool:
		v.SetBool(arr.(*array.Boolean).Value(r))
	case kindNullableInt32:
		if arr.IsValid(r) {
			x := arr.(*array.Int32).Value(r)
			v.Set(reflect.ValueOf(&x))
		}
	default:
		setList(v, kind, arr.(*array.List), r)
	}
}

func setList(v reflect.Value, kind fieldKind, list *array.List, r int) {
	if list.IsNull(r) {
		return
	}
	start, end := list.ValueOffsets(r)
	values := list.ListValues()
	switch kind {
	case kindStringList:
		strs := values.(*array.String)
		out := make([]string, 0, end-start)
		for i := start; i < end; i++ {
			out = append(out, strings.Clone(strs.Value(int(i))))
		}
		v.Set(reflect.ValueOf(out))
	case kindInt32List:
		v.Set(reflect.ValueOf(append([]int32{}, values.(*array.Int32).Int32Values()[start:end]...)))
	case kindFloat64List:
		v.Set(reflect.ValueOf(append([]float64{}, values.(*array.Float64).Float64Values()[start:end]...)))
	}
}
