package main

import (
	"errors"
	"fmt"
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
	if sh, asJSON, ok := envFastPath(args); ok {
		err = a.runEnv(sh, asJSON)
	} else {
		root := newRootCmd(a)
		root.SetArgs(args)
		err = unknownCommand(root.Execute())
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
		return usageErr(fmt.Errorf("%s\nhint: run: nvmgo --help", first))
	}
	return usageErr(fmt.Errorf("%s\nhint: did you mean %s?", first, strings.Join(names, " or ")))
}

// printError prints `nvmgo: <what>` and at most one hint line: the typed
// one (internal/hint), else a "hint: " line of the message.
func printError(a *app, err error) {
	msg := hint.Text(err)
	first, rest, _ := strings.Cut(msg, "\n")
	fmt.Fprintf(a.stderr, "nvmgo: %s\n", safe.Text(first))
	for _, line := range strings.Split(rest, "\n") {
		if strings.HasPrefix(line, "hint: ") {
			fmt.Fprintln(a.stderr, safe.Text(line))
			break
		}
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
		return usageErr(fmt.Errorf("%w\nhint: run: nvmgo %s --help", err, c.Name()))
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
			return usageErr(fmt.Errorf("%s: %w\nhint: run: nvmgo %s --help", c.Name(), err, c.Name()))
		}
		return nil
	}
}

func embeddedLabel() string { return snapshot.Label }
