#!/usr/bin/env bash
# Installs the Debian packages the tests use: real shells for the shell
# integration tests, shellcheck, xz and curl for the benchmarks.
set -euo pipefail
need=()
for pair in zsh:zsh fish:fish shellcheck:shellcheck xz:xz-utils curl:curl zip:zip; do
	cmd=${pair%%:*} pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
	echo "ci-deps: installing ${need[*]}"
	if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
