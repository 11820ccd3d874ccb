// Command nvmgo-shim is the small binary behind every shim (node, npm, npx,
// corepack, global package commands): it links nothing but the resolver, so
// it starts faster than the full nvmgo. nvmgo uses it when it sits beside
// the nvmgo binary, and falls back to nvmgo itself otherwise.
package main

import (
	"fmt"
	"os"

	"github.com/nvmgo/nvmgo/shims"
)

func main() {
	name := shims.Name(os.Args[0])
	if shims.IsSelf(name) {
		fmt.Fprintln(os.Stderr, "nvmgo-shim: run it through a shim (node, npm, ...) made by `nvmgo reshim`, not directly")
		os.Exit(2)
	}
	os.Exit(shims.Main(name, os.Args[1:], os.Stderr))
}
