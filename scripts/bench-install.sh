#!/usr/bin/env bash
# Times `nvmgo install` of a real release against the native floor
# `curl -so X URL && sha256sum X && tar -xJf X -C DIR`, both from the same
# loopback mirror built by internal/tools/realmirror (official node binaries
# from the npm registry, official archive layout, SHASUMS signed with a test
# key that the nvmgotest build trusts). Prints medians and nvmgo/floor, then
# the median of 20 warm-cache `nvmgo ls-remote` runs.
#
# Env: RUNS (5), NODE_VERSION (20.18.1), NPM_VERSION (10.8.2),
# NVMGO_REAL_CACHE (~/.cache/nvmgo-real), KEEP_TMP=1.
# Run as root to put NVMGO_HOME and the floor's folder on a tmpfs (as in
# shared/NOTES.md); otherwise they go in a temp folder on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/mirror.sh
. scripts/lib/mirror.sh

runs=${RUNS:-5}
node_version=${NODE_VERSION:-20.18.1}
npm_version=${NPM_VERSION:-10.8.2}
v=v$node_version

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-bench-install.XXXXXX")
work=$tmp/work
mkdir -p "$work"
mounted=
cleanup() {
	stop_mirror
	if [[ -n $mounted ]]; then umount "$work" || true; fi
	remove_tmp bench-install
}
trap cleanup EXIT

where="a temp folder on disk ($work)"
if [[ $(id -u) -eq 0 ]] && mount -t tmpfs -o size=3g tmpfs "$work" 2>/dev/null; then
	mounted=1
	where="a tmpfs ($work)"
fi

echo "bench-install: building nvmgo (-tags nvmgotest) and realmirror" >&2
shim_pkg=()
if [[ -d cmd/nvmgo-shim ]]; then shim_pkg=(./cmd/nvmgo-shim); fi
CGO_ENABLED=0 go build -tags nvmgotest -o "$tmp/bin/" ./cmd/nvmgo "${shim_pkg[@]}"
go build -o "$tmp/realmirror" ./internal/tools/realmirror
nvmgo=$tmp/bin/nvmgo

echo "bench-install: building and serving the mirror (minutes on the first run, cached after)" >&2
start_mirror bench-install -node "$node_version" -npm "$npm_version" -platforms linux-x64

export NVMGO_NODE_MIRROR=$url
export NVMGO_TEST_KEYRING=$tmp/test-key.asc
unset NVMGO_AUTO_INSTALL NVMGO_ALLOW_UNSIGNED NVMGO_ARCHIVE_FORMAT NVMGO_OS NVMGO_ARCH NVMGO_LIBC

now() { date +%s%N; }
# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
ms() { awk -v n="$1" 'BEGIN{printf "%.0f ms", n/1e6}'; }

# floor EXT TAR_FLAG I: one timed download + hash + extract, in ns
floor() {
	local d=$work/floor.$3 name=node-$v-linux-x64.tar.$1 t0 t1
	mkdir -p "$d"
	t0=$(now)
	curl -so "$d/$name" "$url/$v/$name" && sha256sum "$d/$name" >/dev/null && tar "-x$2f" "$d/$name" -C "$d"
	t1=$(now)
	[[ -x $d/node-$v-linux-x64/bin/node ]] || { echo "bench-install: floor run $3 left no bin/node" >&2; exit 1; }
	rm -rf "$d"
	echo $((t1 - t0))
}

# nvmgo_install I: one timed `nvmgo install` into a fresh home and cache, in ns
nvmgo_install() {
	local home=$work/home.$1 t0 t1
	t0=$(now)
	NVMGO_HOME=$home NVMGO_CACHE_DIR=$home/cache "$nvmgo" install "$node_version" >"$tmp/install.log" 2>&1 ||
		{ cat "$tmp/install.log" >&2; exit 1; }
	t1=$(now)
	[[ -x $home/versions/$v/bin/node ]] || { echo "bench-install: nvmgo left no versions/$v/bin/node" >&2; exit 1; }
	rm -rf "$home"
	echo $((t1 - t0))
}

# warm the server's page cache so the first timed run is not the odd one out
for ext in xz gz; do curl -so /dev/null "$url/$v/node-$v-linux-x64.tar.$ext"; done

echo "bench-install: $runs runs each, interleaved" >&2
: >"$tmp/floor"
: >"$tmp/floorgz"
: >"$tmp/nvmgo"
for ((r = 1; r <= runs; r++)); do
	floor xz J "$r" >>"$tmp/floor"
	nvmgo_install "$r" >>"$tmp/nvmgo"
	floor gz z "$r" >>"$tmp/floorgz"
	echo "  run $r: floor $(ms "$(tail -n1 "$tmp/floor")"), nvmgo $(ms "$(tail -n1 "$tmp/nvmgo")")" >&2
done
f=$(median <"$tmp/floor")
fz=$(median <"$tmp/floorgz")
g=$(median <"$tmp/nvmgo")

# ls-remote with a warm cache: one run fills it, 20 are timed
lshome=$work/home.ls
NVMGO_HOME=$lshome NVMGO_CACHE_DIR=$lshome/cache "$nvmgo" ls-remote >/dev/null
for ((r = 0; r < 20; r++)); do
	t0=$(now)
	NVMGO_HOME=$lshome NVMGO_CACHE_DIR=$lshome/cache "$nvmgo" ls-remote >/dev/null
	t1=$(now)
	echo $((t1 - t0))
done >"$tmp/ls"
l=$(median <"$tmp/ls")

xz_size=$(stat -c %s "$tmp/mirror/$v/node-$v-linux-x64.tar.xz")
echo "bench-install: node $v linux-x64 from $url, $runs runs, files on $where"
printf '  %-50s median %s\n' "floor: curl + sha256sum + tar -xJf (.tar.xz, $((xz_size / 1000000)) MB)" "$(ms "$f")"
printf '  %-50s median %s\n' "nvmgo install $node_version" "$(ms "$g")"
printf '  %-50s median %s\n' "(for reference: the same floor with .tar.gz)" "$(ms "$fz")"
printf '  %-50s median %s\n' "nvmgo ls-remote, warm cache (20 runs)" "$(ms "$l")"
awk -v g="$g" -v f="$f" 'BEGIN{printf "nvmgo/floor = %.2fx\n", g/f}'
