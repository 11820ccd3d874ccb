# shellcheck shell=bash disable=SC2154 # tmp is set by the script that sources this
# check NAME CMD...: the plain step runner of the real-registry scripts
# (e2e-npm, e2e-pm). It runs CMD, prints "ok" or "FAIL" with CMD's output,
# and counts the result in pass and fail; scripts/lib/check.sh is the one
# that also checks exit codes and output patterns.
pass=0 fail=0
check() {
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name"; sed 's/^/     /' "$tmp/out"
	fi
}
