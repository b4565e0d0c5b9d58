// Package modelfile reads and writes litmine model files: one file that
// holds everything a trained model needs to run in a fresh process, and
// also the container of the training loop's checkpoints.
//
// A File contains named tensors, which are weights and other arrays of a
// fixed element type and shape, and named byte blobs such as vocabularies,
// label sets or any JSON. It also records the model's config as JSON, the
// litmine version, the backend the model was trained on, dev scores and
// free-form metadata.
//
// Saving a trained model (mlctx is github.com/gomlx/gomlx/pkg/ml/context):
//
//	f := &modelfile.File{Name: "ner", LitmineVersion: version, Backend: res.Backend,
//		Config: configJSON, Scores: map[string]float64{"dev_f1": res.BestScore}}
//	if err := f.AddVariables(vars, train.IsModelVariable); err != nil { ... }
//	if err := f.SetJSON("vocabulary.json", vocab); err != nil { ... }
//	if err := modelfile.Write("ner.lmf", f); err != nil { ... }
//
// Loading it, from disk or from bytes embedded with go:embed:
//
//	//go:embed ner.lmf
//	var nerModel []byte
//
//	f, err := modelfile.Decode(nerModel) // or modelfile.Read(path)
//	vars := mlctx.New()
//	err = f.LoadVariables(vars)          // then build the model on vars.Reuse()
//	err = f.JSON("vocabulary.json", &vocab)
//
// For damaged input, Decode, Read and ReadFrom return an error, not a
// panic, that wraps ErrNotModelFile, ErrVersion or ErrCorrupt, and Read's
// error names the file. A fuzz test (FuzzDecode) checks this.
//
// # Format, version 1
//
// All integers are little-endian.
//
//	offset      size  content
//	0           8     Magic, "\x89LMF\r\n\x1a\n"
//	8           4     format version, uint32 (1)
//	12          8     header size H in bytes, uint64
//	20          H     header: UTF-8 JSON, described below
//	20+H        D     data section: the bytes of every tensor, then every blob
//	20+H+D      32    SHA-256 of all the bytes before it
//
// The header is a JSON object with the optional string fields "name",
// "litmine_version", "backend" and "created", the optional "config" (any
// JSON value), "scores" (object of numbers) and "metadata" (object of
// strings), and two arrays:
//
//	"tensors": [{"name": "/encoder/weights", "dtype": "float32", "shape": [2, 3], "offset": 0, "size": 24}]
//	"blobs":   [{"name": "vocabulary.json", "offset": 24, "size": 1187}]
//
// Offsets and sizes are in bytes, relative to the start of the data
// section. A tensor stores its elements in row-major order, little-endian.
// Its dtype is one of bool (one byte, 0 or 1), int8, int16, int32, int64,
// uint8, uint16, uint32, uint64, float16, bfloat16, float32 and float64.
// Its size is the product of its shape times the element size, and a
// scalar has the shape []. Names are unique within tensors and within
// blobs. Tensors whose names start with "/" are gomlx context variables,
// named by scope and name.
//
// Readers reject a file whose checksum does not match before they parse
// the header, and a header whose entries fall outside the data section.
// Unknown header fields are ignored, so later writers of version 1 may add
// fields; any other change to the layout gets a new version number.
package modelfile
