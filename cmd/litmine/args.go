package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed rewrites args so that a command's flags come before its
// positional arguments. urfave/cli v2 stops reading flags at the first
// positional argument, as the standard flag package does, and users write
// `litmine run papers/ --out RUN`. Flags that take a value keep it; "--"
// ends the flags, and everything after it stays positional.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	rest := args[1:]
	commands, flags := app.Commands, app.Flags
	var leaf *cli.Command
	for {
		lead, tail := splitLeadingFlags(rest, flags)
		out = append(out, lead...)
		rest = tail
		if len(rest) == 0 {
			break
		}
		cmd := findCommand(commands, rest[0])
		if cmd == nil {
			break
		}
		out = append(out, rest[0])
		rest = rest[1:]
		commands, flags = cmd.Subcommands, cmd.Flags
		if len(commands) == 0 {
			leaf = cmd
			break
		}
	}
	if leaf == nil {
		return append(out, rest...)
	}
	var flagArgs, positional []string
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			positional = append(positional, rest[i+1:]...)
			i = len(rest)
		case strings.HasPrefix(a, "-") && a != "-":
			flagArgs = append(flagArgs, a)
			if takesValue(flags, a) && i+1 < len(rest) {
				flagArgs = append(flagArgs, rest[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	out = append(out, flagArgs...)
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

// splitLeadingFlags returns the flags (with their values) at the start of
// args, and the rest.
func splitLeadingFlags(args []string, flags []cli.Flag) ([]string, []string) {
	i := 0
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" && args[i] != "--" {
		if takesValue(flags, args[i]) {
			i++
		}
		i++
	}
	if i > len(args) {
		i = len(args)
	}
	return args[:i], args[i:]
}

func findCommand(commands []*cli.Command, name string) *cli.Command {
	for _, c := range commands {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// takesValue reports whether arg names a flag that reads the next argument
// as its value: a known non-boolean flag written without "=".
func takesValue(flags []cli.Flag, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			_, isBool := f.(*cli.BoolFlag)
			return !isBool
		}
	}
	return false
}
