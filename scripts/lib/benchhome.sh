# shellcheck shell=bash disable=SC2154 # tmp is set by the script that sources this
# bench_home: an NVMGO_HOME in $tmp/home whose one version is the node on
# PATH (copied, with its metadata), reshimmed and made the default, for the
# benchmarks that time the shims (bench-shim, bench-pm). Needs the built
# nvmgo in $tmp/bin; sets NVMGO_HOME and ver (the node's version).
bench_home() {
	export NVMGO_HOME="$tmp/home"
	local real_node
	real_node=$(command -v node)
	ver=$("$real_node" --version)
	mkdir -p "$NVMGO_HOME/versions/$ver/bin"
	cp "$real_node" "$NVMGO_HOME/versions/$ver/bin/node"
	printf '{"version":"%s","installed_at":"2026-01-01T00:00:00Z"}\n' "$ver" >"$NVMGO_HOME/versions/$ver/.nvmgo.json"
	"$tmp/bin/nvmgo" reshim >/dev/null
	"$tmp/bin/nvmgo" default "$ver" >/dev/null 2>&1
}
