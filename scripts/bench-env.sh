#!/usr/bin/env bash
# shellcheck disable=SC2016 # the $(...) in single quotes is text on purpose
# Prints the time `eval "$(nvmgo env --shell bash)"` adds to bash start-up
# over `bash -c true`, medians of many interleaved runs. Beside it, two
# floors measured the same way: the same line running /bin/true (what any
# command substitution costs: a fork and an exec) and running an empty
# static Go program (what any Go binary costs before its first line).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Built as released (scripts/release.sh): static, stripped.
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/" ./cmd/nvmgo
mkdir -p "$tmp/floor"
printf 'package main\n\nfunc main() {}\n' >"$tmp/floor/main.go"
printf 'module floor\ngo 1.21\n' >"$tmp/floor/go.mod"
(cd "$tmp/floor" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/gofloor" .)
export NVMGO_HOME="$tmp/home"
# The snippet must be valid bash, or the timing means nothing.
bash -c "eval \"\$('$tmp/nvmgo' env --shell bash)\" && type nvmgo >/dev/null && [ \"\$NVMGO_HOME\" = '$NVMGO_HOME' ]" ||
	{ echo "bench-env: the env snippet does not load in bash" >&2; exit 1; }

cmds=(
	"true"
	'eval "$(/bin/true)"'
	"eval \"\$('$tmp/gofloor')\""
	"eval \"\$('$tmp/nvmgo' env --shell bash)\""
)
for ((i = 0; i < runs; i++)); do
	for k in 0 1 2 3; do
		t0=$(date +%s%N); bash -c "${cmds[k]}" >/dev/null; t1=$(date +%s%N)
		echo "$k $(((t1 - t0) / 1000))"
	done
done >"$tmp/times"
med() { awk -v k="$1" '$1 == k {print $2}' "$tmp/times" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(med 0) any=$(med 1) gof=$(med 2) with=$(med 3)
ms() { awk -v u="$1" 'BEGIN{printf "%.2f ms", u/1000}'; }
printf 'bench-env (%s interleaved runs; medians)\n' "$runs"
printf '  %-34s %s\n' 'bash -c true' "$(ms "$base")"
printf '  %-34s %s (+%s)  floor: any command\n' 'eval "$(/bin/true)"' "$(ms "$any")" "$(ms $((any - base)))"
printf '  %-34s %s (+%s)  floor: any Go binary\n' 'eval "$(empty Go program)"' "$(ms "$gof")" "$(ms $((gof - base)))"
printf '  %-34s %s (+%s)  nvmgo over the Go floor: %s\n' 'eval "$(nvmgo env --shell bash)"' "$(ms "$with")" "$(ms $((with - base)))" "$(ms $((with - gof)))"

printf 'bench-env: eval "$(nvmgo env)" adds %s to bash start-up; any command adds %s, any Go binary %s\n' \
	"$(ms $((with - base)))" "$(ms $((any - base)))" "$(ms $((gof - base)))"
