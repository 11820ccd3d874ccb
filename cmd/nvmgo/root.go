package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/nvmgo/nvmgo/download/index/snapshot"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/safe"
)

func embeddedIndex() ([]byte, string, error) {
	b, err := snapshot.Index()
	return b, snapshot.Label, err
}

// run builds the command tree and runs it (the plain `env` line every shell
// start runs skips the tree), prints an error once, and returns the exit code.
func run(args []string, a *app) int {
	var err error
	if len(args) == 0 || args[0] != "setup" {
		a.refreshEnvFiles()
	}
	if o, ok := envFastPath(args); ok {
		err = envRun(context.Background(), a, o) // no cobra, no signal: it only prints
	} else {
		err = execute(a, args)
	}
	if err == nil {
		return 0
	}
	var ec exitCode
	if !errors.As(err, &ec) {
		printError(a, err)
	}
	return codeFor(err)
}

// execute runs the cobra tree once with a context that Ctrl-C and SIGTERM
// cancel, so every command stops the same way: with its own cleanup line
// (or "<command>: cancelled") and exit code 130.
func execute(a *app, args []string) error {
	ctx, stop := interruptContext(context.Background())
	defer stop()
	root := newRootCmd(a)
	root.SetArgs(args)
	c, err := root.ExecuteContextC(ctx)
	return cancelledCmd(c, unknownCommand(err))
}

// interruptContext is cancelled by the first Ctrl-C or SIGTERM. That
// signal is then let go, so a second one ends nvmgo at once, whatever it
// is waiting on (exec's child runner keeps its own hold: the child decides).
func interruptContext(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, termSignal)
	go func() {
		select {
		case <-sig:
			signal.Stop(sig)
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, func() { signal.Stop(sig); cancel() }
}

// cancelledCmd words an interrupted command that said nothing of its own
// as "<command>: cancelled" instead of Go's "context canceled".
func cancelledCmd(c *cobra.Command, err error) error {
	var ce cancelledError
	if c == nil || !errors.Is(err, context.Canceled) || errors.As(err, &ce) {
		return err
	}
	name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	return cancelledError{name + ": cancelled"}
}

// unknownCommand turns cobra's unknown-command error, whose suggestions
// come on lines printError would drop, into a usage error with one hint.
func unknownCommand(err error) error {
	if err == nil || !strings.HasPrefix(err.Error(), "unknown command ") {
		return err
	}
	first, rest, _ := strings.Cut(err.Error(), "\n")
	first, _, _ = strings.Cut(first, " for \"nvmgo")
	var names []string
	if _, list, ok := strings.Cut(rest, "Did you mean this?\n"); ok {
		for _, l := range strings.Split(list, "\n") {
			if n := strings.TrimSpace(l); n != "" {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return usageErr(hint.New(first, "run: nvmgo --help"))
	}
	return usageErr(hint.New(first, fmt.Sprintf("did you mean %s?", strings.Join(names, " or "))))
}

// printError prints `nvmgo: <what>` and at most one hint line: the advice
// the error carries (internal/hint), escaped whole, so a hint with a
// newline stays one line. Only the message's first line is printed: a
// "hint: " line in a message is not advice (nothing writes one).
func printError(a *app, err error) {
	first, _, _ := strings.Cut(err.Error(), "\n")
	fmt.Fprintf(a.stderr, "nvmgo: %s\n", safe.Text(first))
	if h := hint.Of(err); h != "" {
		fmt.Fprintln(a.stderr, safe.Text("hint: "+h))
	}
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "nvmgo",
		Short:         "Install and switch Node.js versions",
		Long:          "nvmgo installs verified official Node.js releases and switches between them through shims.",
		Version:       versionLine(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageErr(hint.With(err, fmt.Sprintf("run: nvmgo %s --help", c.Name())))
	})
	root.AddCommand(
		newInstallCmd(a), newUninstallCmd(a), newLsCmd(a), newLsRemoteCmd(a), newVerifyCmd(a),
		newUseCmd(a), newDeactivateCmd(a), newDefaultCmd(a), newAliasCmd(a), newUnaliasCmd(a), newAliasesCmd(a),
		newCurrentCmd(a), newWhichCmd(a), newOutdatedCmd(a), newUpgradeCmd(a), newExecCmd(a), newRunCmd(a), newReshimCmd(a),
		newEnvCmd(a), newSetupCmd(a), newDoctorCmd(a), newPMCmd(a), newMirrorCmd(a),
		newGlobalsCmd(a), newImportCmd(a),
	)
	withBashStandIn(root)
	return root
}

// argsUsage wraps cobra's positional-args checks so they exit with code 2.
func argsUsage(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return usageErr(hint.With(fmt.Errorf("%s: %w", c.Name(), err), fmt.Sprintf("run: nvmgo %s --help", c.Name())))
		}
		return nil
	}
}

func embeddedLabel() string { return snapshot.Label }
