package train

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

func TestNewBackendSpecs(t *testing.T) {
	cases := []struct {
		name, spec, env, want string
	}{
		{"default", "", "", `spec "go:parallelism=-1"`},
		{"environment", "", "go:ops_sequential", `spec "go:ops_sequential,parallelism=-1"`},
		{"bare go", "go", "", `spec "go:parallelism=-1"`},
		{"explicit parallelism", "go:parallelism=2", "xla", `spec "go:parallelism=2"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(BackendEnv, c.env)
			backend, description, err := NewBackend(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			defer backend.Finalize()
			if !strings.Contains(description, c.want) {
				t.Errorf("description %q, want it to contain %s", description, c.want)
			}
		})
	}
}

func TestNewBackendErrors(t *testing.T) {
	_, _, err := NewBackend("xla:cuda")
	if !errors.Is(err, ErrUnknownBackend) || !strings.Contains(err.Error(), "xla build tag") {
		t.Errorf("xla: error %v, want ErrUnknownBackend naming the build tag", err)
	}
	_, _, err = NewBackend("go:no_such_option")
	if err == nil || !strings.Contains(err.Error(), `create backend "go:no_such_option,parallelism=-1"`) {
		t.Errorf("bad option: error %v, want one naming the spec", err)
	}
}

// TestNewBackendKeepsStdoutClean checks that the line the pure-Go backend
// prints when its parallelism is set does not reach standard output.
func TestNewBackendKeepsStdoutClean(t *testing.T) {
	reader, writer, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = writer
	backend, _, err := NewBackend("go:parallelism=3")
	os.Stdout = saved
	writer.Close()
	if err != nil {
		t.Fatal(err)
	}
	backend.Finalize()
	printed, _ := io.ReadAll(reader)
	if len(printed) > 0 {
		t.Errorf("NewBackend printed %q to standard output", printed)
	}
	if os.Stdout != saved {
		t.Error("os.Stdout was not restored")
	}
}
