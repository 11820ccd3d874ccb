#!/usr/bin/env bash
# Runs the unit tests of the Windows-specific code under wine: each package
# is cross-built as a Windows test binary (GOOS=windows go test -c) and run
# from its own folder, so testdata is found.
#
#   scripts/wine-unit.sh [PACKAGE...]    # default: the packages --list prints
#   scripts/wine-unit.sh --list          # the packages with Windows code to test
#
# Env: NVMGO_TEST_NODE_EXE, a Windows path of a real node.exe (the official
# win-x64 build; scripts/e2e-windows.sh passes the mirror's), runs the verify
# tests with real node; NVMGO_WINE_PREFIX picks the wine prefix.
#
# Under wine:
# - shims' Ctrl-C test needs a console on a terminal: it runs alone under
#   script(1), with NVMGO_WINTEST_CONSOLE=same (see TestWindowsCtrlC);
# - shell's registry test edits HKCU\Environment of this throwaway prefix
#   (NVMGO_TEST_REGISTRY=1) and puts it back;
# - test builds use scripts/wine/go-overlay.sh, else every t.TempDir cleanup
#   fails there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Tests that assume unix paths (/home/u is not absolute on Windows); they
# are not about Windows code. Listed here so the rest of shell still runs.
shell_unix_only='^(TestEnvGolden|TestEnvErrors|TestIsAbs|TestProfiles|TestAllProfilesCoverEveryShell)$'

default_pkgs=(shims shell internal/store internal/store/staging internal/fsx verify globals migrate)
if [[ ${1:-} == --list ]]; then
	echo "${default_pkgs[@]}"
	exit 0
fi
pkgs=("$@")
if [[ ${#pkgs[@]} -eq 0 ]]; then pkgs=("${default_pkgs[@]}"); fi

eval "$(bash scripts/wine/setup.sh "${NVMGO_WINE_PREFIX:-${TMPDIR:-/tmp}/nvmgo-wine}")"
# A wineserver that outlives each test binary for a minute: later starts
# take about a second instead of ten. It ends by itself.
/usr/lib/wine/wineserver -p60 2>/dev/null || true

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nvmgo-wine-unit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
overlay=$(bash scripts/wine/go-overlay.sh "$tmp/overlay")

passed=0
failed=0
skipped=0
bad=()
# runtest PKG LOG ARGS...: runs the package's test binary under wine.
runtest() {
	local pkg=$1 log=$2
	shift 2
	(cd "$root/$pkg" && "$WINE" "$tmp/$(basename "$pkg").test.exe" -test.v "$@" >"$log" 2>&1)
}
# count LOG: adds the top-level test results in LOG to the totals.
count() {
	local p f s
	p=$(tr -d '\r' <"$1" | grep -c '^--- PASS' || true)
	f=$(tr -d '\r' <"$1" | grep -c '^--- FAIL' || true)
	s=$(tr -d '\r' <"$1" | grep -c '^--- SKIP' || true)
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	echo "    $p passed, $f failed, $s skipped"
}

for pkg in "${pkgs[@]}"; do
	name=$(basename "$pkg")
	echo "wine-unit: $pkg"
	GOOS=windows GOARCH=amd64 go test -c ${overlay:+-overlay "$overlay"} -o "$tmp/$name.test.exe" "./$pkg/"
	log=$tmp/$name.log
	code=0
	case $pkg in
	shims)
		runtest "$pkg" "$log" -test.skip '^TestWindowsCtrlC$' || code=$?
		count "$log"
		# Wine sends console events only to a console on a terminal.
		NVMGO_WINTEST_CONSOLE=same script -qec \
			"cd '$root/$pkg' && exec '$WINE' '$tmp/$name.test.exe' -test.v -test.run '^TestWindowsCtrlC\$'" \
			/dev/null </dev/null >"$tmp/ctrlc.log" 2>&1 || code=$?
		sed -i 's/\x1b\[[?0-9;]*[a-zA-Z]//g' "$tmp/ctrlc.log"
		cat "$tmp/ctrlc.log" >>"$log"
		count "$tmp/ctrlc.log"
		;;
	shell)
		echo "    skipped, unix paths in the test data: $shell_unix_only"
		NVMGO_TEST_REGISTRY=1 runtest "$pkg" "$log" -test.skip "$shell_unix_only" || code=$?
		count "$log"
		;;
	verify)
		# With node.exe on wine's PATH the real-node tests run as well.
		node_dir=
		if [[ -n ${NVMGO_TEST_NODE_EXE:-} ]]; then node_dir=${NVMGO_TEST_NODE_EXE%\\*}; fi
		WINEPATH=$node_dir runtest "$pkg" "$log" || code=$?
		count "$log"
		;;
	*)
		runtest "$pkg" "$log" || code=$?
		count "$log"
		;;
	esac
	if [[ $code -ne 0 ]] || grep -q '^--- FAIL' "$log"; then
		bad+=("$pkg")
		echo "    FAIL (exit $code); the failures:"
		tr -d '\r' <"$log" | grep -E -B2 -A12 '^\s*--- FAIL|^panic|^FAIL' | sed 's/^/      /' | head -120
	fi
	if [[ -n ${WINE_UNIT_VERBOSE:-} ]]; then tr -d '\r' <"$log" | grep -vE '^=== (RUN|PAUSE|CONT)'; fi
done
echo "wine-unit: $passed passed, $failed failed, $skipped skipped (tests in ${pkgs[*]})"
if [[ ${#bad[@]} -gt 0 ]]; then
	echo "wine-unit: failing packages: ${bad[*]}" >&2
	exit 1
fi
