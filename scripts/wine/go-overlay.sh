#!/usr/bin/env bash
# Prints a `go build -overlay` file that lets Go's os.RemoveAll work under
# wine 8, for test builds that run there. Usage:
#
#   overlay=$(scripts/wine/go-overlay.sh DIR)    # "" when no patch applies
#   GOOS=windows go build ${overlay:+-overlay "$overlay"} ...
#
# Go 1.26 deletes files (os.RemoveAll, os.Root.Remove) with
# NtSetInformationFile(FileDispositionInformationEx) and falls back to the
# older FileDispositionInformation only for the statuses Windows returns;
# wine 8 answers STATUS_NOT_IMPLEMENTED ("Invalid function"), so every
# RemoveAll of a non-empty folder fails there (t.TempDir cleanup, install
# staging, uninstall). The overlay adds wine's statuses to the fallback, in
# a copy of the standard library file; release builds never use it.
set -euo pipefail
out=${1:?usage: go-overlay.sh DIR}
src=$(go env GOROOT)/src/internal/syscall/windows/at_windows.go
[[ -f $src ]] || exit 0
anchor=$'\tcase STATUS_INVALID_INFO_CLASS, // the operating system'
grep -qF "$anchor" "$src" || exit 0 # another Go: nothing to patch
mkdir -p "$out"
sed 's|^\tcase STATUS_INVALID_INFO_CLASS, // the operating system|\tcase NTStatus(0xC0000002), NTStatus(0xC0000010), // wine: STATUS_NOT_IMPLEMENTED, STATUS_INVALID_DEVICE_REQUEST\n\t\tSTATUS_INVALID_INFO_CLASS, // the operating system|' \
	"$src" >"$out/at_windows.go"
printf '{"Replace":{"%s":"%s"}}\n' "$src" "$out/at_windows.go" >"$out/overlay.json"
echo "$out/overlay.json"
