#!/usr/bin/env bash
# Prints the time a shim adds over running the resolved node directly:
# `shims/node --version` vs `versions/vX/bin/node --version`, medians of many
# runs, in a plain folder and 10 levels below a package.json and an .nvmrc.
# Uses the machine's real node (copied in as an installed version) so the
# numbers are what users see.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
export NVMGO_HOME="$tmp/home"
real_node=$(command -v node)
ver=$("$real_node" --version)
mkdir -p "$NVMGO_HOME/versions/$ver/bin"
cp "$real_node" "$NVMGO_HOME/versions/$ver/bin/node"
printf '{"version":"%s","installed_at":"2026-01-01T00:00:00Z"}\n' "$ver" > "$NVMGO_HOME/versions/$ver/.nvmgo.json"
"$tmp/bin/nvmgo" reshim >/dev/null
"$tmp/bin/nvmgo" default "$ver" >/dev/null
deep="$tmp/proj/a/b/c/d/e/f/g/h/i/j"
mkdir -p "$deep"
echo "${ver#v}" > "$tmp/proj/.nvmrc"
echo '{"name":"x","engines":{"node":">=18"}}' > "$tmp/proj/package.json"
direct="$NVMGO_HOME/versions/$ver/bin/node"
shim="$NVMGO_HOME/shims/node"
# median of $runs wall times (µs) of one command
median() {
	local i t0 t1
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
cd "$tmp"
d=$(median "$direct" --version)
s=$(median "$shim" --version)
cd "$deep"
d2=$(median "$direct" --version)
s2=$(median "$shim" --version)
printf 'bench-shim (%s runs, node %s, shim binary %s KB)\n' "$runs" "$ver" "$(($(stat -c %s "$NVMGO_HOME/bin/nvmgo-shim") / 1024))"
printf '  plain folder:    direct %6d us  shim %6d us  added %5d us  ratio %.3fx\n' "$d" "$s" $((s - d)) "$(awk -v a="$s" -v b="$d" 'BEGIN{print a/b}')"
printf '  .nvmrc 10 up:    direct %6d us  shim %6d us  added %5d us  ratio %.3fx\n' "$d2" "$s2" $((s2 - d2)) "$(awk -v a="$s2" -v b="$d2" 'BEGIN{print a/b}')"
