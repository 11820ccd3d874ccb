#!/usr/bin/env bash
# Prints the time the pnpm shim adds, medians of interleaved runs, in three
# parts:
#  1. The shim's cost alone: a stand-in program (a copy of `true`) is both
#     node and pnpm's native binary, so the runs differ only in what runs
#     before it: nothing (direct), the go-exec floor (a 10-line Go program
#     that only execs: what any compiled shim costs), the node shim (the
#     node resolution) and the pnpm shim (the node resolution, then the
#     package.json pin and the pm install's metadata). This is the measure
#     for the target, shim - direct <= 1 ms, and says where the time goes.
#  2. `pnpm --version` through the shim in a project that pins
#     pnpm@9.15.0, against `node <pnpm entry> --version` run directly and
#     against corepack's pnpm (where corepack runs: a node <= 24 on PATH).
#     A node start is ~0.5 s here and varies by more than the shim costs.
#  3. The newest pnpm's native binary, through the shim and directly, and
#     its own node launcher. pnpm 12 looks its pin up on the registry even
#     for --version, so these runs carry a network round trip.
# BASE_SHIM=<an nvmgo-shim binary> adds it to part 1 as "base pnpm shim",
# for a before/after of a change in the same interleaved runs; COST_ONLY=1
# stops after part 1. Uses the
# machine's real node, copied in as an installed version; pnpm comes from
# the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
cost_runs=${COST_RUNS:-300}
pin=${PNPM_VERSION:-9.15.0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim ./internal/tools/interleave
# shellcheck source=scripts/lib/benchhome.sh
. scripts/lib/benchhome.sh
bench_floor

# ratio A B: A/B with three decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

# 1. the shim's cost alone, in a home of stand-ins
standin=$(type -P true)
export NVMGO_HOME="$tmp/cost"
v=v20.0.0
mkdir -p "$NVMGO_HOME/versions/$v/bin" "$NVMGO_HOME/pm/pnpm/99.0.0/bin" "$tmp/costproj"
cp "$standin" "$NVMGO_HOME/versions/$v/bin/node"
printf '{"version":"%s","installed_at":"2026-01-01T00:00:00Z"}\n' "$v" >"$NVMGO_HOME/versions/$v/.nvmgo.json"
cp "$standin" "$NVMGO_HOME/pm/pnpm/99.0.0/pnpm-native"
cat >"$NVMGO_HOME/pm/pnpm/99.0.0/.nvmgo.json" <<'JSON'
{
  "name": "pnpm",
  "version": "99.0.0",
  "package": "pnpm",
  "hash": "sha512.00",
  "bin": {"pnpm": "bin/pnpm.mjs", "pnpx": "bin/pnpx.mjs"},
  "native": "pnpm-native",
  "verified": "bench stand-in",
  "installed_at": "2026-01-01T00:00:00Z"
}
JSON
"$tmp/bin/nvmgo" reshim >/dev/null
"$tmp/bin/nvmgo" default "$v" >/dev/null 2>&1
printf '{"name": "bench", "packageManager": "pnpm@99.0.0"}\n' >"$tmp/costproj/package.json"
[ "$(cd "$tmp/costproj" && "$tmp/bin/nvmgo" which pnpm)" = "$NVMGO_HOME/pm/pnpm/99.0.0/pnpm-native" ] ||
	{ echo "bench-pm: the pnpm shim does not select the stand-in" >&2; exit 1; }
export FLOOR_TARGET=$standin
cost_cmds=("'$standin' --version" "'$tmp/bin/floor' --version" "'$NVMGO_HOME/shims/node' --version" "'$NVMGO_HOME/shims/pnpm' --version")
labels=("direct" "go-exec floor" "node shim" "pnpm shim")
if [ -n "${BASE_SHIM:-}" ]; then
	# the same layout as the home's: shims/pnpm -> ../bin/nvmgo-shim
	mkdir -p "$tmp/base/bin" "$tmp/base/shims"
	cp "$BASE_SHIM" "$tmp/base/bin/nvmgo-shim"
	ln -s ../bin/nvmgo-shim "$tmp/base/shims/pnpm"
	cost_cmds+=("'$tmp/base/shims/pnpm' --version")
	labels+=("base pnpm shim")
fi
"$tmp/bin/interleave" -runs "$cost_runs" -dir "$tmp/costproj" "${cost_cmds[@]}" >"$tmp/cost.times"
mapfile -t rows <"$tmp/cost.times"
cw=() cc=()
for r in "${rows[@]}"; do cw+=("${r%% *}") cc+=("${r##* }"); done
printf 'bench-pm shim cost (%s interleaved runs, medians; %s stands in for node and for the native pnpm)\n' "$cost_runs" "$standin"
for i in "${!cw[@]}"; do
	printf '  %-14s %6d us wall (%+5d, x%s)  %6d us cpu (%+5d)\n' "${labels[$i]}" "${cw[$i]}" $((cw[i] - cw[0])) "$(ratio "${cw[$i]}" "${cw[0]}")" "${cc[$i]}" $((cc[i] - cc[0]))
done
printf 'bench-pm: pnpm shim over direct (target <= 1000 us): %+d us wall, %+d us cpu; of it: go-exec floor %+d, node resolution %+d, pm resolution %+d us wall\n' \
	$((cw[3] - cw[0])) $((cc[3] - cc[0])) $((cw[1] - cw[0])) $((cw[2] - cw[1])) $((cw[3] - cw[2]))

[ -z "${COST_ONLY:-}" ] || exit 0

# 2. pnpm 9 (a node script), in a home with the real node
bench_home
"$tmp/bin/nvmgo" pm install "pnpm@$pin" >/dev/null
mkdir -p "$tmp/proj"
printf '{"packageManager": "pnpm@%s"}\n' "$pin" >"$tmp/proj/package.json"
node=$NVMGO_HOME/versions/$ver/bin/node
entry=$NVMGO_HOME/pm/pnpm/$pin/bin/pnpm.cjs
shim=$NVMGO_HOME/shims/pnpm
[ "$(cd "$tmp/proj" && "$shim" --version)" = "$pin" ] || { echo "bench-pm: the shim does not run pnpm $pin" >&2; exit 1; }
cmds=("'$node' '$entry' --version" "'$shim' --version")
labels=("direct" "shim")
if command -v corepack >/dev/null; then
	export COREPACK_HOME="$tmp/corepack" COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_INTEGRITY_KEYS=0
	if (cd "$tmp/proj" && corepack pnpm --version >/dev/null 2>&1); then
		cmds+=("corepack pnpm --version")
		labels+=("corepack")
	fi
fi
"$tmp/bin/interleave" -runs "$runs" -dir "$tmp/proj" "${cmds[@]}" >"$tmp/times"
printf 'bench-pm pnpm %s (%s interleaved runs, medians; node %s)\n' "$pin" "$runs" "$ver"
mapfile -t rows <"$tmp/times"
direct_wall=${rows[0]%% *}
direct_cpu=${rows[0]##* }
for i in "${!rows[@]}"; do
	w=${rows[$i]%% *} c=${rows[$i]##* }
	printf '  %-9s %8d us wall (%+d, x%s)  %8d us cpu (%+d)\n' "${labels[$i]}" "$w" $((w - direct_wall)) "$(ratio "$w" "$direct_wall")" "$c" $((c - direct_cpu))
done

# 3. the newest pnpm: its native binary, through the shim and directly
newest=$(npm view pnpm@latest version 2>/dev/null) || newest=
if [ -n "$newest" ] && "$tmp/bin/nvmgo" pm install "pnpm@$newest" >/dev/null 2>&1 && [ -x "$NVMGO_HOME/pm/pnpm/$newest/pnpm-native" ]; then
	mkdir -p "$tmp/proj2"
	printf '{"packageManager": "pnpm@%s"}\n' "$newest" >"$tmp/proj2/package.json"
	native=$NVMGO_HOME/pm/pnpm/$newest/pnpm-native
	"$tmp/bin/interleave" -runs "$runs" -dir "$tmp/proj2" "'$native' --version" "'$shim' --version" "'$node' '$NVMGO_HOME/pm/pnpm/$newest/bin/pnpm.mjs' --version" >"$tmp/times2" 2>/dev/null
	mapfile -t rows <"$tmp/times2"
	printf 'bench-pm: pnpm %s native: direct %d us, shim %d us (%+d, x%s), its node launcher %d us\n' "$newest" \
		"${rows[0]%% *}" "${rows[1]%% *}" $((${rows[1]%% *} - ${rows[0]%% *})) "$(ratio "${rows[1]%% *}" "${rows[0]%% *}")" "${rows[2]%% *}"
fi
