#!/usr/bin/env bash
# The fault-injection suite: runs every TestFault* case of the installer
# (download/dist/), of the built binary (cmd/nvmgo/) and of the release index
# (download/index/) with -v, checks that each install case that ran also
# checked versions/ (the "faults-check" line that faulttest.AssertOnlyComplete
# logs; the index cases install nothing), counts the broken installs it
# reported, and ends with one line:  faults: N cases, N passed, M broken installs
# Exits non-zero on any failure. The disk-full and read-only cases need root
# (they mount a tmpfs); without it they are skipped and listed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

GO=${GO:-go}
log=$(mktemp) ilog=$(mktemp)
trap 'rm -f "$log" "$ilog"' EXIT

"$GO" test -count=1 -timeout 15m -run 'TestFault' -v ./download/dist/ ./cmd/nvmgo/ 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
"$GO" test -count=1 -timeout 5m -run 'TestFault' -v ./download/index/ 2>&1 | tee "$ilog"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
indexCases=$(sed -nE 's/^ *--- (PASS|FAIL|SKIP): (TestFault[^ ]*) .*/\2/p' "$ilog" | sort -u)
cat "$ilog" >>"$log"

# Leaf cases: tests with no subtests of their own.
results=$(sed -nE 's/^ *--- (PASS|FAIL|SKIP): (TestFault[^ ]*) .*/\1 \2/p' "$log" | sort -k2 -u)
names=$(awk '{print $2}' <<<"$results")
leaves=$(awk 'NR==FNR { all[$0]; next } { leaf = 1; for (n in all) if (index(n, $2 "/") == 1) leaf = 0; if (leaf) print }' \
	<(printf '%s\n' "$names") <(printf '%s\n' "$results"))
checked=$(sed -nE 's/.*faults-check ([^ ]+): versions\/ holds.*/\1/p' "$log" | sort -u)

cases=0 passed=0 skipped=()
while read -r result name; do
	[ -n "$name" ] || continue
	if [ "$result" = SKIP ]; then
		skipped+=("$name")
		continue
	fi
	cases=$((cases + 1))
	if [ "$result" != PASS ]; then
		echo "faults: FAIL $name"
	elif ! grep -qxF "$name" <<<"$checked" && ! grep -qxF "$name" <<<"$indexCases"; then
		echo "faults: FAIL $name passed without checking versions/ (faulttest.AssertOnlyComplete)"
	else
		passed=$((passed + 1))
	fi
done <<<"$leaves"
broken=$(grep -c 'BROKEN INSTALL' "$log")

if [ ${#skipped[@]} -gt 0 ]; then
	echo "faults: skipped ${#skipped[@]} (reasons above; the tmpfs cases need root): ${skipped[*]}"
fi
if [ "$cases" -eq 0 ]; then
	echo "faults: no cases ran (build failure?)"
	status=1
fi
echo "faults: $cases cases, $passed passed, $broken broken installs"
if [ "$status" -ne 0 ] || [ "$passed" -ne "$cases" ] || [ "$broken" -ne 0 ]; then
	exit 1
fi
