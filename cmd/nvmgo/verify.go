package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/internal/safe"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/verify"
)

type verifyOptions struct {
	spec    optionalArg // none: the selected version
	port    int
	json    bool
	timeout time.Duration
}

func newVerifyCmd(a *app) *cobra.Command {
	var o verifyOptions
	c := &cobra.Command{
		Use:   "verify [SPEC]",
		Short: "Run the Node.js hello server with an installed version and check its reply",
		Long: `Start the classic hello server (http.createServer answering "Hello, World!")
on 127.0.0.1 with the selected node, request it, check status, header and body,
check that node --version and npm --version run, and stop the server.`,
		Args:              argsUsage(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completeInstalled(a),
		RunE: func(c *cobra.Command, args []string) error {
			o.spec = optional(args)
			return verifyRun(c.Context(), a, o)
		},
	}
	c.Flags().IntVar(&o.port, "port", 0, "port for the server (default: a free port)")
	c.Flags().BoolVar(&o.json, "json", false, "print the report as JSON")
	c.Flags().DurationVar(&o.timeout, "timeout", 30*time.Second, "give up after this long")
	return c
}

func verifyRun(ctx context.Context, a *app, o verifyOptions) error {
	if o.port < 0 || o.port > 65535 {
		return usageErr(fmt.Errorf("--port %d: use 1-65535, or 0 for a free port", o.port))
	}
	in, _, err := a.resolveInstalled(ctx, o.spec.args())
	if err != nil {
		return err
	}
	h, err := a.home()
	if err != nil {
		return err
	}
	scratch, err := h.Scratch(store.ScratchVerify)
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	rep, err := verify.Run(ctx, verify.Options{
		Node:    store.NodeExe(in.Dir, a.goos),
		NpmCLI:  store.NpmCLI(in.Dir, a.goos),
		Host:    "127.0.0.1",
		Port:    o.port,
		Timeout: o.timeout,
		Env:     shims.PathFirst(os.Environ(), store.BinDir(in.Dir, a.goos)),
		Dir:     scratch,
	})
	cancelled := cancelledError{fmt.Sprintf("verify %s: cancelled; nothing it started is left running", in.Version)}
	if errors.Is(err, context.Canceled) {
		return cancelled
	}
	if err != nil {
		return fmt.Errorf("verify %s: %w", in.Version, err)
	}
	if o.json {
		if err := a.printJSON(rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(a.stdout, "verify %s (%s)\n", in.Version, safe.Text(rep.Node))
		for _, c := range rep.Checks {
			status := a.paint("32", "ok  ")
			if !c.OK {
				status = a.paint("31", "FAIL")
			}
			fmt.Fprintf(a.stdout, "  %s %-16s %s (%d ms)\n", status, c.Name, safe.Text(c.Detail), c.Millis)
		}
	}
	if ctx.Err() != nil {
		return cancelled
	}
	if !rep.OK {
		if !o.json {
			fmt.Fprintf(a.stderr, "nvmgo: verify %s: some checks failed\n", in.Version)
		}
		return exitCode(1)
	}
	return nil
}
