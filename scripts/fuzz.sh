#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 10s each).
# New failing inputs land in the package's testdata/fuzz/ folder, where `go
# test` replays them from then on: commit them with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | sort)
n=0
for f in $targets; do
	pkg=./$(dirname "${f#./}")
	while read -r name; do
		echo "fuzz: $pkg $name ($fuzztime)"
		go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/nvmgo-fuzz.log 2>&1 || {
			cat /tmp/nvmgo-fuzz.log
			echo "fuzz: $name failed; the input is in $pkg/testdata/fuzz/$name"
			exit 1
		}
		n=$((n + 1))
	done < <(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$f")
done
echo "fuzz: $n targets passed ($fuzztime each)"
