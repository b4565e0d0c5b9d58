package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/urfave/cli/v2"
)

// cpuProfile is the file the running CPU profile goes to, if any.
var cpuProfile *os.File

// startProfiles starts the CPU profile that --cpu-profile asks for.
func startProfiles(c *cli.Context) error {
	path := c.String("cpu-profile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("start CPU profile: %w", err)
	}
	cpuProfile = f
	return nil
}

// stopProfiles ends the CPU profile and writes the heap profile that
// --mem-profile asks for. The heap profile records allocations over the
// whole command, so "go tool pprof -sample_index=alloc_space" shows where
// memory was allocated and inuse_space what was still live at the end.
func stopProfiles(c *cli.Context) error {
	if cpuProfile != nil {
		pprof.StopCPUProfile()
		cpuProfile.Close()
		cpuProfile = nil
	}
	path := c.String("mem-profile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create heap profile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("write heap profile: %w", err)
	}
	return nil
}
