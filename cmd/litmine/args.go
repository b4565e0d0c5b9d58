package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// interspersed rewrites args so that urfave/cli v2 can parse them as users
// write them. urfave/cli stops reading flags at the first positional
// argument, as the standard flag package does, while users write `litmine
// run papers/ --out RUN -v`. So the command's flags move before its
// positional arguments, and global flags written after the command move
// before the command. Flags that take a value keep it; "--" ends the flags,
// and everything after it stays positional. A command name that does not
// exist is a usage error.
func interspersed(app *cli.App, args []string) ([]string, error) {
	if len(args) < 2 {
		return args, nil
	}
	global, rest := splitLeadingFlags(args[1:], app.Flags)
	var path []string // command names
	commands, flags := app.Commands, app.Flags
	var leaf *cli.Command
	for len(rest) > 0 {
		if strings.HasPrefix(rest[0], "-") {
			lead, tail := splitLeadingFlags(rest, flags)
			path = append(path, lead...)
			rest = tail
			continue
		}
		cmd := findCommand(commands, rest[0])
		if cmd == nil {
			if rest[0] == "help" {
				break
			}
			return nil, usagef("unknown command %q", strings.Join(append(commandNames(path), rest[0]), " "))
		}
		path = append(path, rest[0])
		rest = rest[1:]
		commands, flags = cmd.Subcommands, cmd.Flags
		if len(commands) == 0 {
			leaf = cmd
			break
		}
	}
	out := append([]string{args[0]}, global...)
	if leaf == nil {
		return append(append(out, path...), rest...), nil
	}
	own, moved, positional := sortArgs(rest, flags, app.Flags)
	out = append(append(append(out, moved...), path...), own...)
	if len(positional) > 0 {
		out = append(append(out, "--"), positional...)
	}
	return out, nil
}

// sortArgs splits the arguments after a command into its own flags, global
// flags and positional arguments.
func sortArgs(rest []string, flags, globalFlags []cli.Flag) (own, global, positional []string) {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			return own, global, append(positional, rest[i+1:]...)
		case strings.HasPrefix(a, "-") && a != "-":
			dst := &own
			if findFlag(flags, a) == nil && findFlag(globalFlags, a) != nil {
				dst = &global
			}
			*dst = append(*dst, a)
			if takesValue(append(flags, globalFlags...), a) && i+1 < len(rest) {
				*dst = append(*dst, rest[i+1])
				i++
			}
		default:
			positional = append(positional, a)
		}
	}
	return own, global, positional
}

// commandNames returns the command names of path, leaving out flags.
func commandNames(path []string) []string {
	var out []string
	for _, p := range path {
		if !strings.HasPrefix(p, "-") {
			out = append(out, p)
		}
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
	i = min(i, len(args))
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

// findFlag returns the flag that arg names, such as "--out" or "-o=x".
func findFlag(flags []cli.Flag, arg string) cli.Flag {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// takesValue reports whether arg names a flag that reads the next argument
// as its value: a known non-boolean flag written without "=".
func takesValue(flags []cli.Flag, arg string) bool {
	if strings.Contains(arg, "=") {
		return false
	}
	f := findFlag(flags, arg)
	if f == nil {
		return false
	}
	_, isBool := f.(*cli.BoolFlag)
	return !isBool
}
