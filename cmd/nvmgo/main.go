// Command nvmgo installs and switches Node.js versions; started under another
// name (node, npm, npx, ...) it is the shim for that command.
package main

import (
	"os"

	"github.com/nvmgo/nvmgo/shims"
)

func main() {
	// The shim path comes first: no cobra, no network, no index.
	if name := shims.Name(os.Args[0]); !shims.IsSelf(name) {
		os.Exit(shims.Main(name, os.Args[1:], os.Stderr))
	}
	os.Exit(run(os.Args[1:], newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv)))
}
