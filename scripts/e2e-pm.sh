#!/usr/bin/env bash
# A real run of the package manager shims against the real npm registry:
# pnpm 9.x and the newest pnpm, yarn 1.22.x, yarn 4.x and npm, each pinned
# in a package.json with a corepack-style +sha512 hash, run through the
# shims; a real `pnpm install` of a small dependency. Where corepack can
# still run (a node <= 24 on PATH), it is the oracle for the hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
node_version=${NODE_VERSION:-22.12.0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-e2e-pm.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
export NVMGO_HOME="$tmp/home" NVMGO_CACHE_DIR="$tmp/cache"
nvmgo=$tmp/bin/nvmgo
shims=$NVMGO_HOME/shims
# shellcheck source=scripts/lib/tally.sh
. scripts/lib/tally.sh
# pin DIR NAME@VERSION+HASH: a project that pins it
pin() {
	mkdir -p "$tmp/$1"
	printf '{"name": "%s", "private": true, "packageManager": "%s"}\n' "$1" "$2" >"$tmp/$1/package.json"
}
# oracle NAME@VERSION: the packageManager corepack writes, or "" without corepack
oracle() {
	command -v corepack >/dev/null || return 0
	local d=$tmp/oracle/$1
	mkdir -p "$d" && echo '{}' >"$d/package.json"
	# corepack 0.34 refuses packages without dist.signatures, which this
	# registry does not serve: COREPACK_INTEGRITY_KEYS=0 skips that check.
	if ! (cd "$d" && COREPACK_HOME="$tmp/corepack" COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_INTEGRITY_KEYS=0 \
		COREPACK_NPM_REGISTRY=${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org} \
		timeout 300 corepack use "$1" >/dev/null 2>&1); then
		# corepack writes the pin before it runs the project's install,
		# which can fail on its own (network); the pin is still its word.
		grep -q '"packageManager"' "$d/package.json" ||
			echo "note: corepack use $1 failed before writing the pin; no oracle for its hash" >&2
	fi
	sed -n 's/.*"packageManager": "\([^"]*\)".*/\1/p' "$d/package.json"
}

check "install node $node_version --source npm" "$nvmgo" install "$node_version" --source npm
check "default $node_version" "$nvmgo" default "$node_version"
newest=$(npm view pnpm@latest version 2>/dev/null) || newest=
for spec in pnpm@9.15.0 ${newest:+pnpm@$newest} yarn@1.22.22 yarn@4.5.1 npm@10.9.0; do
	name=${spec%@*} version=${spec#*@}
	check "pm install $spec" "$nvmgo" pm install "$spec"
	hash=$("$nvmgo" pm ls "$name" --json | tr -d ' \n' | grep -o "\"version\":\"$version\",\"package\":\"[^\"]*\",\"hash\":\"[^\"]*\"" | sed 's/.*"hash":"//; s/"$//')
	want=$(oracle "$spec")
	if [ -n "$want" ]; then
		check "$spec hash is corepack's ($want)" test "$spec+$hash" = "$want"
	fi
	dir=proj-${name}-${version}
	pin "$dir" "$spec+$hash"
	cmd=$name
	check "$cmd --version through the shim ($spec+hash)" bash -c "cd '$tmp/$dir' && out=\$('$shims/$cmd' --version) && echo \"\$out\" && [ \"\$(echo \"\$out\" | tail -1)\" = '$version' ]"
done
check "yarnpkg and npx run the pins" bash -c "cd '$tmp/proj-yarn-1.22.22' && '$shims/yarnpkg' --version && cd '$tmp/proj-npm-10.9.0' && '$shims/npx' --version | grep -qx 10.9.0"
check "a wrong hash installs nothing" bash -c "mkdir -p '$tmp/bad' && printf '{\"packageManager\": \"pnpm@9.14.4+sha512.%0128d\"}' 0 >'$tmp/bad/package.json' && cd '$tmp/bad' && ! '$shims/pnpm' --version && [ ! -e '$NVMGO_HOME/pm/pnpm/9.14.4' ]"
pin app "pnpm@9.15.0"
check "pnpm install of a small dependency" bash -c "cd '$tmp/app' && '$shims/pnpm' add is-number@7.0.0 && test -f node_modules/is-number/package.json && grep -q is-number pnpm-lock.yaml"
check "pm uninstall" "$nvmgo" pm uninstall yarn@1.22.22
echo "e2e-pm: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
