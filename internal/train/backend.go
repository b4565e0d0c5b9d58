package train

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // registers the "go" backend
)

// DefaultBackend is the backend spec used when neither the caller nor
// $GOMLX_BACKEND sets one: gomlx's pure-Go backend with unlimited worker
// goroutines. With gomlx v0.26.0 on a 2-core machine, the default pure-Go
// configuration and parallelism=1 both deadlocked on models with many small
// matrix products (BiLSTM, small transformer), every worker waiting to
// start. parallelism=-1 was the fastest setting tried and never hung.
//
// NOTE: go test -race reports data races inside gomlx v0.26.0's parallel
// executor (buffer bookkeeping in backends/simplego/exec.go) with this
// setting, and none with "go:ops_sequential", which took 1.5 times as long
// per step in BenchmarkMLPStep on 2 cores. Repeated runs still gave
// bit-identical weights. Run the race detector with
// GOMLX_BACKEND=go:ops_sequential.
const DefaultBackend = "go:parallelism=-1"

// BackendEnv is the environment variable that sets the backend spec when the
// caller passes an empty one. It is the variable gomlx itself reads.
const BackendEnv = backends.ConfigEnvVar

// ErrUnknownBackend is wrapped by NewBackend's error when the spec names a
// backend that is not compiled into the binary, such as "xla" in a build
// without the xla build tag.
var ErrUnknownBackend = errors.New("unknown backend")

// stdoutMu serializes the swaps of os.Stdout in NewBackend.
var stdoutMu sync.Mutex

// NewBackend creates the gomlx backend named by spec, "NAME" or
// "NAME:CONFIG" such as "go:parallelism=-1" or "xla:cuda". An empty spec
// means $GOMLX_BACKEND, then DefaultBackend. For the pure-Go backend "go", a
// config without a parallelism setting gets parallelism=-1 added, for the
// reason given at DefaultBackend.
//
// It returns the backend and a one-line description (backend name and the
// spec used) to print at start and store with a model. Only "go" is
// compiled in by default; "xla" needs the xla build tag, cgo and a PJRT
// plugin on disk, and never downloads one.
//
// The pure-Go backend prints a line to standard output when its parallelism
// is set. NewBackend discards that line by pointing os.Stdout at the null
// device for the duration of the call, so output that another goroutine
// writes to os.Stdout during that call is lost too.
func NewBackend(spec string) (backends.Backend, string, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = strings.TrimSpace(os.Getenv(BackendEnv))
	}
	if spec == "" {
		spec = DefaultBackend
	}
	name, config, _ := strings.Cut(spec, ":")
	if name == "go" {
		config = withParallelism(config)
	}
	spec = name
	if config != "" {
		spec += ":" + config
	}
	if !slices.Contains(backends.List(), name) {
		return nil, "", fmt.Errorf("create backend %q: %w; compiled-in backends: %s (xla needs the xla build tag)",
			spec, ErrUnknownBackend, strings.Join(slices.Sorted(slices.Values(backends.List())), ", "))
	}
	backend, err := newQuietBackend(spec)
	if err != nil {
		return nil, "", fmt.Errorf("create backend %q: %w", spec, err)
	}
	return backend, fmt.Sprintf("%s, spec %q", backend.Name(), spec), nil
}

// withParallelism adds parallelism=-1 to a pure-Go backend config that has
// no parallelism setting.
func withParallelism(config string) string {
	for _, option := range strings.Split(config, ",") {
		if strings.HasPrefix(option, "parallelism=") {
			return config
		}
	}
	if config == "" {
		return "parallelism=-1"
	}
	return config + ",parallelism=-1"
}

// newQuietBackend calls backends.NewWithConfig with os.Stdout discarded and
// turns its panics (it panics on an unknown name) into errors.
func newQuietBackend(spec string) (backend backends.Backend, err error) {
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	if null, openErr := os.OpenFile(os.DevNull, os.O_WRONLY, 0); openErr == nil {
		saved := os.Stdout
		os.Stdout = null
		defer func() {
			os.Stdout = saved
			null.Close()
		}()
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return backends.NewWithConfig(spec)
}
