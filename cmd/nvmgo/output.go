package main

import "encoding/json"

// printJSON writes v to stdout as indented JSON, the shape every --json
// report has.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// argOr is the first positional argument, or def when there is none.
func argOr(args []string, def string) string {
	if len(args) > 0 {
		return args[0]
	}
	return def
}

// optionalArg is the one optional positional argument of a command: a
// SPEC left out (the project decides) is not an empty SPEC (refused).
type optionalArg struct {
	value string
	given bool
}

func optional(args []string) optionalArg {
	if len(args) == 0 {
		return optionalArg{}
	}
	return optionalArg{args[0], true}
}

// args is the argument list the resolvers take: none, or the one given.
func (o optionalArg) args() []string {
	if !o.given {
		return nil
	}
	return []string{o.value}
}
