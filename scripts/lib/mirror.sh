# shellcheck shell=bash disable=SC2154 # tmp is set by the script that sources this
# start_mirror NAME ARGS...: runs the realmirror tool built at
# $tmp/realmirror with -out $tmp/mirror, -sign-key-out $tmp/test-key.asc,
# -serve 127.0.0.1:0 and ARGS, in the background, and waits for it to
# serve. Sets url and server_pid (the caller's trap kills it). NAME
# prefixes the messages. Building the archives takes minutes the first
# time; progress is echoed every 30 s.
start_mirror() {
	local name=$1 i
	shift
	# Made here, not only by the background job's redirections: the loop
	# below may read them before that job has started.
	: >"$tmp/serve.out"
	: >"$tmp/mirror.log"
	"$tmp/realmirror" -out "$tmp/mirror" -sign-key-out "$tmp/test-key.asc" -serve 127.0.0.1:0 "$@" \
		>"$tmp/serve.out" 2>"$tmp/mirror.log" &
	server_pid=$!
	url=
	for ((i = 0; i < 3600; i++)); do
		url=$(sed -n '1s/^serving //p' "$tmp/serve.out")
		[[ -n $url ]] && break
		if ! kill -0 "$server_pid" 2>/dev/null; then
			echo "$name: the mirror tool failed:" >&2
			cat "$tmp/mirror.log" >&2
			exit 1
		fi
		if ((i % 30 == 29)); then echo "  ... $(tail -n 1 "$tmp/mirror.log")" >&2; fi
		sleep 1
	done
	[[ -n $url ]] || { echo "$name: the mirror did not start within an hour" >&2; exit 1; }
	echo "$name: mirror at $url" >&2
}

# stop_mirror: ends the server start_mirror started, if any (for the
# caller's EXIT trap).
stop_mirror() {
	if [[ -n ${server_pid:-} ]]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
}

# remove_tmp NAME: deletes $tmp, or with KEEP_TMP set says where it is kept.
remove_tmp() {
	if [[ -n ${KEEP_TMP:-} ]]; then echo "$1: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
