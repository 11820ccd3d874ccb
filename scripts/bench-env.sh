#!/usr/bin/env bash
# Prints the time `eval "$(nvmgo env --shell bash)"` adds to bash start-up
# over `bash -c true`, medians of many runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/" ./cmd/nvmgo
export NVMGO_HOME="$tmp/home"
median() {
	local i t0 t1
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
base=$(median bash -c true)
with=$(median bash -c "eval \"\$('$tmp/nvmgo' env --shell bash)\"")
# shellcheck disable=SC2016 # the $(...) is text in the message
printf 'bench-env (%s runs): bash -c true %d us; with eval "$(nvmgo env)" %d us; added %d us (%.2f ms)\n' \
	"$runs" "$base" "$with" $((with - base)) "$(awk -v a="$with" -v b="$base" 'BEGIN{print (a-b)/1000}')"
