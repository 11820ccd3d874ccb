#!/usr/bin/env bash
# Prints the time a shim adds over running the resolved node directly:
# `shims/node --version` vs `versions/vX/bin/node --version`, medians of
# many interleaved runs, in a plain folder, 10 levels below a
# package.json and an .nvmrc, and there with engines.node in its own
# package.json (a range checked against the pin above). Beside it, the
# floor for any Go shim: a 10-line Go program that only execs node. Uses
# the machine's real node, copied in as an installed version, so the
# numbers are what users see.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
mkdir -p "$tmp/floor"
cat >"$tmp/floor/main.go" <<'GO'
package main

import (
	"os"
	"syscall"
)

func main() { panic(syscall.Exec(os.Getenv("FLOOR_TARGET"), os.Args, os.Environ())) }
GO
printf 'module floor\ngo 1.21\n' >"$tmp/floor/go.mod"
(cd "$tmp/floor" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/bin/floor" .)
export NVMGO_HOME="$tmp/home"
real_node=$(command -v node)
ver=$("$real_node" --version)
mkdir -p "$NVMGO_HOME/versions/$ver/bin"
cp "$real_node" "$NVMGO_HOME/versions/$ver/bin/node"
printf '{"version":"%s","installed_at":"2026-01-01T00:00:00Z"}\n' "$ver" >"$NVMGO_HOME/versions/$ver/.nvmgo.json"
"$tmp/bin/nvmgo" reshim >/dev/null
"$tmp/bin/nvmgo" default "$ver" >/dev/null 2>&1
deep="$tmp/proj/a/b/c/d/e/f/g/h/i/j"
mkdir -p "$deep"
echo "${ver#v}" >"$tmp/proj/.nvmrc"
echo '{"name":"x","engines":{"node":">=18"}}' >"$tmp/proj/package.json"
# engines below the pin: a range met on the way, checked against the pin
ranged="$tmp/proj/a/b/c/d/e/f/g/h/i/k"
mkdir -p "$ranged"
echo '{"name":"k","engines":{"node":">=18"}}' >"$ranged/package.json"
export FLOOR_TARGET="$NVMGO_HOME/versions/$ver/bin/node"
direct=$FLOOR_TARGET
shim="$NVMGO_HOME/shims/node"
[ "$("$shim" --version)" = "$ver" ] || { echo "bench-shim: the shim does not run $ver" >&2; exit 1; }

# measure DIR: interleaved runs of direct, floor and shim; prints 3 medians (us)
measure() {
	cd "$1"
	local i t0 t1
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N); "$direct" --version >/dev/null; t1=$(date +%s%N); echo "d $(((t1 - t0) / 1000))"
		t0=$(date +%s%N); "$tmp/bin/floor" --version >/dev/null; t1=$(date +%s%N); echo "f $(((t1 - t0) / 1000))"
		t0=$(date +%s%N); "$shim" --version >/dev/null; t1=$(date +%s%N); echo "s $(((t1 - t0) / 1000))"
	done >"$tmp/times"
	for k in d f s; do
		awk -v k="$k" '$1 == k {print $2}' "$tmp/times" | sort -n | awk '{a[NR]=$1} END {printf "%d ", a[int((NR+1)/2)]}'
	done
}
report() { # LABEL DIRECT FLOOR SHIM
	printf '  %-14s direct %6d us  go-exec floor %6d us (+%d)  shim %6d us (+%d)  shim/direct %.3fx  shim-floor %+d us\n' \
		"$1" "$2" "$3" $(($3 - $2)) "$4" $(($4 - $2)) "$(awk -v a="$4" -v b="$2" 'BEGIN{print a/b}')" $(($4 - $3))
}
printf 'bench-shim (%s interleaved runs, node %s, nvmgo-shim %s KB)\n' "$runs" "$ver" "$(($(stat -c %s "$NVMGO_HOME/bin/nvmgo-shim") / 1024))"
# shellcheck disable=SC2046 # three numbers, split on purpose
report "plain folder:" $(measure "$tmp")
# shellcheck disable=SC2046
report ".nvmrc 10 up:" $(measure "$deep")
# shellcheck disable=SC2046
report "engines below:" $(measure "$ranged")
