#!/usr/bin/env bash
# Prints the time a shim adds over running the resolved node directly:
# `shims/node --version` vs `versions/vX/bin/node --version`, medians of
# many interleaved runs, in a plain folder, 10 levels below an .nvmrc, 10
# levels below an .nvmrc beside a package.json, and there with engines.node
# in its own package.json (a range checked against the pin above). Beside
# it, the floor for any Go shim: a 10-line Go program that only execs node,
# measured in the same run; the target is shim - floor <= 1 ms. Uses the
# machine's real node, copied in as an installed version, so the numbers
# are what users see. BASE_SHIM=<an nvmgo-shim binary> runs it too, in the
# same interleaved runs, as "base" (a before/after of a change: build the
# old tree's nvmgo-shim and pass it here).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim ./internal/tools/interleave
# shellcheck source=scripts/lib/benchhome.sh
. scripts/lib/benchhome.sh
bench_floor
bench_home
deep="$tmp/proj/a/b/c/d/e/f/g/h/i/j"
mkdir -p "$deep"
echo "${ver#v}" >"$tmp/proj/.nvmrc"
deep_pkg="$tmp/proj2/a/b/c/d/e/f/g/h/i/j"
mkdir -p "$deep_pkg"
echo "${ver#v}" >"$tmp/proj2/.nvmrc"
echo '{"name":"x","engines":{"node":">=18"}}' >"$tmp/proj2/package.json"
# engines below the pin: a range met on the way, checked against the pin
ranged="$tmp/proj2/a/b/c/d/e/f/g/h/i/k"
mkdir -p "$ranged"
echo '{"name":"k","engines":{"node":">=18"}}' >"$ranged/package.json"
export FLOOR_TARGET="$NVMGO_HOME/versions/$ver/bin/node"
direct=$FLOOR_TARGET
shim="$NVMGO_HOME/shims/node"
for d in "$tmp" "$deep" "$deep_pkg" "$ranged"; do
	[ "$(cd "$d" && "$shim" --version)" = "$ver" ] || { echo "bench-shim: the shim does not run $ver in $d" >&2; exit 1; }
done

cmds=("'$direct' --version" "'$tmp/bin/floor' --version" "'$shim' --version")
if [ -n "${BASE_SHIM:-}" ]; then
	# the home's layout: shims/node -> ../bin/nvmgo-shim
	mkdir -p "$tmp/base/bin" "$tmp/base/shims"
	cp "$BASE_SHIM" "$tmp/base/bin/nvmgo-shim"
	ln -s ../bin/nvmgo-shim "$tmp/base/shims/node"
	[ "$("$tmp/base/shims/node" --version)" = "$ver" ] || { echo "bench-shim: BASE_SHIM does not run $ver" >&2; exit 1; }
	cmds+=("'$tmp/base/shims/node' --version")
fi

# measure DIR: interleaved runs of direct, floor, shim (and base) in DIR;
# prints their median wall times, then their median CPU times (us)
measure() {
	"$tmp/bin/interleave" -runs "$runs" -dir "$1" "${cmds[@]}" >"$tmp/times"
	awk '{printf "%d ", $1}' "$tmp/times"
	awk '{printf "%d ", $2}' "$tmp/times"
}
over=()
report() { # LABEL DIRECT FLOOR SHIM [BASE] DIRECT_CPU FLOOR_CPU SHIM_CPU [BASE_CPU]
	local label=$1
	shift
	local n=$(($# / 2)) w c
	w=("${@:1:n}") c=("${@:n+1}")
	printf '  %-16s direct %6d us  go-exec floor %6d us (+%d)  shim %6d us (+%d)  shim-floor %+d us wall, %+d us cpu\n' \
		"$label" "${w[0]}" "${w[1]}" $((w[1] - w[0])) "${w[2]}" $((w[2] - w[0])) $((w[2] - w[1])) $((c[2] - c[1]))
	if [ "$n" -eq 4 ]; then
		printf '  %-16s base shim %6d us: shim-base %+d us wall, %+d us cpu\n' "" "${w[3]}" $((w[2] - w[3])) $((c[2] - c[3]))
	fi
	over+=("$label $((w[2] - w[1])) us wall / $((c[2] - c[1])) us cpu")
}
printf 'bench-shim (%s interleaved runs, medians; node %s, nvmgo-shim %s KB)\n' "$runs" "$ver" "$(($(stat -c %s "$NVMGO_HOME/bin/nvmgo-shim") / 1024))"
# shellcheck disable=SC2046 # six numbers, split on purpose
report "plain folder" $(measure "$tmp")
# shellcheck disable=SC2046
report ".nvmrc 10 up" $(measure "$deep")
# shellcheck disable=SC2046
report "+ package.json" $(measure "$deep_pkg")
# shellcheck disable=SC2046
report "engines below" $(measure "$ranged")
printf 'bench-shim: shim over the go-exec floor (target <= 1000 us): %s\n' "$(IFS=,; s="${over[*]}"; echo "${s//,/; }")"
