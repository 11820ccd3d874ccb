package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/download/index/snapshot"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

type finding struct {
	Check  string `json:"check"`
	Status string `json:"status"` // ok, warn, fail
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

type doctorOptions struct {
	json bool
}

func newDoctorCmd(a *app) *cobra.Command {
	var o doctorOptions
	c := &cobra.Command{
		Use:   "doctor",
		Short: "Check the setup and explain how to fix what is wrong",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return doctorRun(c.Context(), a, o)
		},
	}
	c.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return c
}

func doctorRun(ctx context.Context, a *app, o doctorOptions) error {
	fs := doctorChecks(ctx, a)
	if ctx.Err() != nil {
		// Checks cut short would read as failures: report none.
		return ctx.Err()
	}
	broken := false
	for _, f := range fs {
		broken = broken || f.Status == "fail"
	}
	if o.json {
		if err := a.printJSON(fs); err != nil {
			return err
		}
	} else {
		for _, f := range fs {
			tag := map[string]string{"ok": a.paint("32", "ok  "), "warn": a.paint("33", "warn"), "fail": a.paint("31", "FAIL")}[f.Status]
			fmt.Fprintf(a.stdout, "%s %-18s %s\n", tag, f.Check, safe.Text(f.Detail))
			if f.Fix != "" && f.Status != "ok" {
				fmt.Fprintf(a.stdout, "     fix: %s\n", safe.Text(f.Fix))
			}
		}
	}
	if broken {
		return exitCode(1)
	}
	return nil
}

// otherManagers are path fragments of other Node version managers.
var otherManagers = [][2]string{
	{"nvm", "/.nvm/"}, {"fnm", "fnm_multishells"}, {"fnm", "/fnm/"}, {"volta", "/.volta/"},
	{"asdf", "/.asdf/"}, {"mise", "/mise/"}, {"nodenv", "/.nodenv/"}, {"n", "/n/bin"}, {"nvs", "/.nvs/"},
}

func doctorChecks(ctx context.Context, a *app) []finding {
	var out []finding
	add := func(check, status, detail, fix string) {
		out = append(out, finding{check, status, detail, fix})
	}
	h, err := a.home()
	if err != nil {
		add("home", "fail", hint.Text(err), "set NVMGO_HOME")
		return out
	}
	safeErr := h.Check()
	if safeErr != nil {
		add("home", "fail", "another user can change what nvmgo runs: "+safeErr.Error(), store.UnsafeHint(h))
	} else {
		add("home", "ok", h.Root, "")
	}
	out = append(out, pathFindings(a, h)...)
	out = append(out, importFindings(a)...)
	out = append(out, shellFindings(ctx, a, h)...)
	out = append(out, shimFindings(a, h)...)
	out = append(out, versionFindings(h)...)
	out = append(out, projectFindings(a, h)...)
	if safeErr != nil {
		add("writable", "warn", "not tried: nvmgo writes nothing into a home it cannot trust", store.UnsafeHint(h))
	} else {
		out = append(out, writableFinding(h))
	}
	if raw, ok, err := h.ReadAlias(store.DefaultAlias); err != nil || !ok {
		add("default", "warn", "no default version", "run: nvmgo default lts")
	} else if spec, err := versions.ParseSpec(raw); err != nil {
		add("default", "fail", "default alias: "+hint.Text(err), "run: nvmgo default lts")
	} else if in, err := h.Select(spec); err != nil {
		add("default", "fail", fmt.Sprintf("default %q: %v", raw, err), "run: nvmgo install "+raw)
	} else {
		add("default", "ok", raw+" -> "+in.Version.String(), "")
	}
	out = append(out, indexFindings(ctx, a)...)
	out = append(out, a.lifeFindings(ctx)...)
	return out
}

func pathFindings(a *app, h store.Home) []finding {
	dirs := filepath.SplitList(a.getenv("PATH"))
	shimsAt := -1
	for i, d := range dirs {
		if filepath.Clean(d) == filepath.Clean(h.ShimsDir()) {
			shimsAt = i
			break
		}
	}
	if shimsAt < 0 {
		return []finding{{"PATH", "fail", h.ShimsDir() + " is not on PATH", setupFix(a, h)}}
	}
	var out []finding
	for _, d := range dirs[:shimsAt] {
		slashed := filepath.ToSlash(d) + "/"
		for _, m := range otherManagers {
			if strings.Contains(slashed, m[1]) {
				out = append(out, finding{"other managers", "fail", m[0] + " is ahead of nvmgo on PATH: " + d,
					"remove " + m[0] + "'s line from your shell profile, or put nvmgo's line after it"})
			}
		}
		if p := shims.FindIn("node", []string{d}, nil); p != "" {
			out = append(out, finding{"PATH", "fail", "another node comes before the shims: " + p, "put the nvmgo line last in your shell profile"})
			return out
		}
	}
	return append(out, finding{"PATH", "ok", "shims are on PATH before any other node", ""})
}

func shimFindings(a *app, h store.Home) []finding {
	names, missing, stale, err := shims.Drift(h, a.goos)
	if err != nil {
		return []finding{{"shims", "fail", hint.Text(err), "run: nvmgo reshim"}}
	}
	if _, err := os.Stat(shims.ShimBinary(h, a.goos)); err != nil {
		if list, lerr := h.List(); lerr == nil && len(list) == 0 {
			return []finding{{"shims", "warn", "nothing installed yet, so no shims", "run: nvmgo install lts"}}
		}
		return []finding{{"shims", "fail", "the shim binary is missing", "run: nvmgo reshim"}}
	}
	if len(missing) > 0 {
		return []finding{{"shims", "fail", "missing shims: " + strings.Join(missing, ", "), "run: nvmgo reshim"}}
	}
	if len(stale) > 0 {
		return []finding{{"shims", "warn", "stale shims: " + strings.Join(stale, ", ") + " (no installed version has them)", "run: nvmgo reshim"}}
	}
	return []finding{{"shims", "ok", fmt.Sprintf("%d shims", len(names)), ""}}
}

// versionFindings reports what versions/ holds that is not a complete
// install (store.CheckVersion): a link, a folder without valid metadata or
// without a runnable node. Nothing uses them; uninstall removes them.
func versionFindings(h store.Home) []finding {
	list, broken, err := h.ListAll()
	if err != nil {
		return []finding{{"versions", "fail", hint.Text(err), "make " + h.VersionsDir() + " a readable folder"}}
	}
	if len(broken) == 0 {
		return []finding{{"versions", "ok", fmt.Sprintf("%d installed", len(list)), ""}}
	}
	out := make([]finding, 0, len(broken))
	for _, b := range broken {
		v := b.Version.String()
		out = append(out, finding{"versions", "warn", "versions/" + v + " is not a usable install: " + b.Why,
			"run: nvmgo uninstall " + v + " (then nvmgo install " + v + " if you want it)"})
	}
	return out
}

func writableFinding(h store.Home) finding {
	fix := "make " + h.Root + " writable, or set NVMGO_HOME"
	for _, d := range []string{h.TmpDir(), h.VersionsDir()} {
		if err := store.MkdirPrivate(d); err != nil {
			return finding{"writable", "fail", hint.Text(err), fix}
		}
	}
	f, err := h.ScratchFile(store.ScratchDoctor)
	if err != nil {
		return finding{"writable", "fail", hint.Text(err), fix}
	}
	f.Close()
	dst := filepath.Join(h.VersionsDir(), "."+filepath.Base(f.Name()))
	defer os.Remove(f.Name())
	if err := os.Rename(f.Name(), dst); err != nil {
		return finding{"writable", "fail", "tmp/ and versions/ are not on one file system: " + hint.Text(err), "keep NVMGO_HOME on one file system"}
	}
	os.Remove(dst)
	return finding{"writable", "ok", "NVMGO_HOME is writable; tmp/ and versions/ share a file system", ""}
}

func indexFindings(ctx context.Context, a *app) []finding {
	var out []finding
	src := a.indexSource(true)
	src.Fallback = nil
	src.Warn = nil
	if src.CacheDir == "" {
		out = append(out, finding{"index cache", "warn", "no folder for the index cache (no NVMGO_CACHE_DIR, HOME or NVMGO_HOME)", "set NVMGO_CACHE_DIR to a folder of your own"})
	} else if err := store.CheckFolder(src.CacheDir); err != nil {
		out = append(out, finding{"index cache", "warn", "not used: " + hint.Text(err), "set NVMGO_CACHE_DIR to a folder of your own, or fix its owner and mode (chmod go-w)"})
	} else if _, info, err := src.Load(ctx); err == nil {
		age := a.now().Sub(info.FetchedAt).Round(time.Minute)
		out = append(out, finding{"index cache", "ok", fmt.Sprintf("fetched %s ago from %s", age, info.URL), ""})
	} else {
		out = append(out, finding{"index cache", "warn", "no cached index yet; the " + snapshot.Label + " is the fallback", "run: nvmgo ls-remote"})
	}
	out = append(out, finding{"index snapshot", "ok", "the " + snapshot.Label + " answers when nothing else can", ""})
	mirror := a.cfg().Mirror
	cctx, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	c := *a.httpClient()
	c.Retries = 0
	if _, err := c.Get(cctx, a.cfg().IndexURL, nil, versions.MaxIndexSize); err != nil {
		out = append(out, finding{"mirror", "warn", "cannot reach " + mirror + ": " + hint.Text(err), "check the network or set NVMGO_NODE_MIRROR"})
	} else {
		out = append(out, finding{"mirror", "ok", mirror + " answers", ""})
	}
	return out
}
