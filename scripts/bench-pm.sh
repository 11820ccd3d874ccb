#!/usr/bin/env bash
# Prints the time the pnpm shim adds: `pnpm --version` through the shim in
# a project that pins pnpm@9.15.0, against `node <pnpm entry> --version`
# run directly and against corepack's pnpm (where corepack runs: a node
# <= 24 on PATH), medians of interleaved runs; then the same for the newest
# pnpm, whose native binary the shim runs without node. The target is
# shim - direct <= 1 ms. Uses the machine's real node, copied in as an
# installed version; pnpm comes from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
pin=${PNPM_VERSION:-9.15.0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim ./internal/tools/interleave
# shellcheck source=scripts/lib/benchhome.sh
. scripts/lib/benchhome.sh
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
printf 'bench-pm (%s interleaved runs, medians; node %s, pnpm %s)\n' "$runs" "$ver" "$pin"
mapfile -t rows <"$tmp/times"
direct_wall=${rows[0]%% *}
direct_cpu=${rows[0]##* }
for i in "${!rows[@]}"; do
	w=${rows[$i]%% *} c=${rows[$i]##* }
	printf '  %-9s %8d us wall (%+d)  %8d us cpu (%+d)\n' "${labels[$i]}" "$w" $((w - direct_wall)) "$c" $((c - direct_cpu))
done
shim_row=${rows[1]}
printf 'bench-pm: shim over direct (target <= 1000 us): %+d us wall, %+d us cpu\n' $((${shim_row%% *} - direct_wall)) $((${shim_row##* } - direct_cpu))

# the newest pnpm: its native binary, through the shim and directly
newest=$(npm view pnpm@latest version 2>/dev/null) || newest=
if [ -n "$newest" ] && "$tmp/bin/nvmgo" pm install "pnpm@$newest" >/dev/null 2>&1 && [ -x "$NVMGO_HOME/pm/pnpm/$newest/pnpm-native" ]; then
	mkdir -p "$tmp/proj2"
	printf '{"packageManager": "pnpm@%s"}\n' "$newest" >"$tmp/proj2/package.json"
	native=$NVMGO_HOME/pm/pnpm/$newest/pnpm-native
	"$tmp/bin/interleave" -runs "$runs" -dir "$tmp/proj2" "'$native' --version" "'$shim' --version" "'$node' '$NVMGO_HOME/pm/pnpm/$newest/bin/pnpm.mjs' --version" >"$tmp/times2"
	mapfile -t rows <"$tmp/times2"
	printf 'bench-pm: pnpm %s native: direct %d us, shim %d us (%+d), its node launcher %d us\n' "$newest" \
		"${rows[0]%% *}" "${rows[1]%% *}" $((${rows[1]%% *} - ${rows[0]%% *})) "${rows[2]%% *}"
fi
