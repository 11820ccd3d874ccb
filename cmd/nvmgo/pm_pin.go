package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/fsx"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/versions"
)

type pmPinOptions struct {
	arg string // NAME@SPEC
}

func newPMPinCmd(a *app) *cobra.Command {
	var o pmPinOptions
	return &cobra.Command{
		Use:   "pin NAME@SPEC",
		Short: "Install a package manager and pin it in the nearest package.json (packageManager, with its sha512)",
		Args:  argsUsage(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			o.arg = args[0]
			return pmPinRun(c.Context(), a, o)
		},
	}
}

// pmPinRun resolves and installs NAME@SPEC, then writes packageManager
// "name@version+sha512.<hex>" (the hash corepack use writes) into the
// nearest package.json, keeping its formatting and key order.
func pmPinRun(ctx context.Context, a *app, o pmPinOptions) error {
	arg := o.arg
	if _, _, err := splitPMArg(arg); err != nil {
		return err
	}
	file, err := nearestPackageJSON(a.workDir())
	if err != nil {
		return fmt.Errorf("pin %s: %w", arg, err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("pin %s: %w", arg, err)
	}
	res, err := a.pmInstall(ctx, arg, "")
	if err != nil {
		return err
	}
	value := res.Meta.Name + "@" + res.Meta.Version + "+" + res.Meta.Hash
	out, err := versions.SetPackageManager(data, value)
	if err != nil {
		return fmt.Errorf("pin %s: %s: %w", arg, safe.Text(file), err)
	}
	if _, _, err := versions.ParsePMProject(out); err != nil {
		return fmt.Errorf("pin %s: %s: %w; the file was not changed", arg, safe.Text(file), err)
	}
	if err := replaceFile(file, out); err != nil {
		return fmt.Errorf("pin %s: %w", arg, err)
	}
	fmt.Fprintf(a.stdout, "pinned %s in %s\n", value, safe.Text(file))
	return nil
}

// nearestPackageJSON walks up from dir to the first package.json.
func nearestPackageJSON(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("the working folder is gone")
	}
	for d := dir; ; {
		p := filepath.Join(d, "package.json")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", hint.New("no package.json here or above", "run it in the project, or create one with: npm init -y")
		}
		d = parent
	}
}

// replaceFile writes data over path in one rename, keeping its mode.
func replaceFile(path string, data []byte) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return fsx.WriteFile(path, data, fi.Mode().Perm())
}
