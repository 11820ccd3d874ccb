# shellcheck shell=bash disable=SC2154 # tmp is set by the script that sources this
# bench_home: an NVMGO_HOME in $tmp/home whose one version is the node on
# PATH (copied, with its metadata), reshimmed and made the default, for the
# benchmarks that time the shims (bench-shim, bench-pm). Needs the built
# nvmgo in $tmp/bin; sets NVMGO_HOME and ver (the node's version).
bench_home() {
	export NVMGO_HOME="$tmp/home"
	local real_node
	real_node=$(command -v node)
	ver=$("$real_node" --version)
	mkdir -p "$NVMGO_HOME/versions/$ver/bin"
	cp "$real_node" "$NVMGO_HOME/versions/$ver/bin/node"
	printf '{"version":"%s","installed_at":"2026-01-01T00:00:00Z"}\n' "$ver" >"$NVMGO_HOME/versions/$ver/.nvmgo.json"
	"$tmp/bin/nvmgo" reshim >/dev/null
	"$tmp/bin/nvmgo" default "$ver" >/dev/null 2>&1
}

# bench_floor: builds $tmp/bin/floor, the floor of any Go shim: a 10-line
# static Go program that only execs $FLOOR_TARGET with its own arguments,
# built with the project's go line so it gets the same runtime defaults
# (GODEBUG) as nvmgo-shim.
bench_floor() {
	mkdir -p "$tmp/floor"
	cat >"$tmp/floor/main.go" <<'GO'
package main

import (
	"os"
	"syscall"
)

func main() { panic(syscall.Exec(os.Getenv("FLOOR_TARGET"), os.Args, os.Environ())) }
GO
	printf 'module floor\n%s\n' "$(grep '^go ' go.mod)" >"$tmp/floor/go.mod"
	(cd "$tmp/floor" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/bin/floor" .)
}
