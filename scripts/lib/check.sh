# shellcheck shell=bash disable=SC2154 # tmp is set by the script that sources this
# check NAME WANT_EXIT STREAM PATTERN -- CMD...: the step runner of the
# end-to-end scripts. It runs CMD with stdin from /dev/null and stdout and
# stderr to files, shows them, and passes when it exits WANT_EXIT and STREAM
# (out, err, any) matches the extended regexp PATTERN ("" matches anything;
# a leading ! means must not match). Carriage returns are dropped before
# matching (Windows programs print CRLF). Counts go to passed and failed.
passed=0
failed=0
n=0
check() {
	local name=$1 want=$2 stream=$3 pattern=$4
	shift 5
	n=$((n + 1))
	printf '\n[%d] %s: %s\n' "$n" "$name" "$*"
	local code=0
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null || code=$?
	tr -d '\r' <"$tmp/out" | sed 's/^/    out| /'
	tr -d '\r' <"$tmp/err" | sed 's/^/    err| /'
	local files=("$tmp/out")
	case $stream in
	err) files=("$tmp/err") ;;
	any) files=("$tmp/out" "$tmp/err") ;;
	esac
	local why=
	if [[ $code -ne $want ]]; then
		why="exit $code, want $want"
	elif [[ $pattern == '!'* ]] && tr -d '\r' <<<"$(cat "${files[@]}")" | grep -Eq -- "${pattern#!}"; then
		why="$stream matches /${pattern#!}/"
	elif [[ -n $pattern && $pattern != '!'* ]] && ! tr -d '\r' <<<"$(cat "${files[@]}")" | grep -Eq -- "$pattern"; then
		why="$stream does not match /$pattern/"
	fi
	if [[ -z $why ]]; then
		passed=$((passed + 1))
		echo "    PASS"
	else
		failed=$((failed + 1))
		echo "    FAIL: $why"
	fi
}
