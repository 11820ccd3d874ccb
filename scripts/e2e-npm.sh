#!/usr/bin/env bash
# A real run against the real npm registry: install one release from the
# node-<os>-<arch> and npm packages (sha512 integrity checked), verify it
# with the hello server, run it through the shims, uninstall it.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${NODE_VERSION:-22.12.0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-e2e-npm.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
export NVMGO_HOME="$tmp/home" NVMGO_CACHE_DIR="$tmp/cache"
nvmgo=$tmp/bin/nvmgo
# shellcheck source=scripts/lib/tally.sh
. scripts/lib/tally.sh
check "install $version --source npm" "$nvmgo" install "$version" --source npm
check "ls says npm registry integrity" grep -q "npm registry integrity" <("$nvmgo" ls)
check "verify $version" "$nvmgo" verify "$version"
check "node shim prints v$version" grep -qx "v$version" <("$NVMGO_HOME/shims/node" --version)
check "npm shim runs" "$NVMGO_HOME/shims/npm" --version
check "uninstall $version" "$nvmgo" uninstall --force "$version"
check "versions/ is empty" test -z "$(ls -A "$NVMGO_HOME/versions")"
echo "e2e-npm: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
