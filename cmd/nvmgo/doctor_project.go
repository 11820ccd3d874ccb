package main

import (
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
)

// projectFindings warns about what makes the node that runs here differ
// from what the project's files say: NVMGO_NODE_VERSION overriding a pin,
// a .node-version and an .nvmrc that disagree, and project files skipped
// because they are empty or not JSON. Nothing to say, no line.
func projectFindings(a *app, h store.Home) []finding {
	sel, _ := shims.Explain(shims.Env{Getenv: a.getenv, Cwd: a.workDir(), Home: h, GOOS: a.goos})
	var out []finding
	if o := sel.Overrides; o != nil {
		out = append(out, finding{"project", "warn",
			shims.VersionEnv + "=" + a.getenv(shims.VersionEnv) + " (nvmgo use) overrides " + o.File + ", which asks for " + o.Spec,
			"run: nvmgo deactivate, to follow the project's file in this shell"})
	}
	if sel.Conflict != "" {
		out = append(out, finding{"project", "warn", sel.Conflict, "make .node-version and .nvmrc agree, or remove one"})
	}
	for _, w := range sel.Warnings {
		out = append(out, finding{"project", "warn", w, "put a version in it, fix the JSON, or remove the file"})
	}
	return out
}
