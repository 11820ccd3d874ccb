#!/usr/bin/env bash
# Builds release archives for every platform into dist/: nvmgo and
# nvmgo-shim per OS/arch (tar.gz on unix, zip on Windows) and SHA256SUMS.
# Version and commit are stamped into `nvmgo --version`. Works offline.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
platforms="linux/amd64 linux/arm64 linux/arm linux/ppc64le darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"
rm -rf dist && mkdir -p dist
for p in $platforms; do
	os=${p%/*} arch=${p#*/}
	name="nvmgo_${version#v}_${os}_${arch}"
	stage="dist/$name"
	mkdir -p "$stage"
	ext=""
	[ "$os" = windows ] && ext=.exe
	for cmd in nvmgo nvmgo-shim; do
		CGO_ENABLED=0 GOOS=$os GOARCH=$arch GOARM=7 go build -trimpath \
			-ldflags "-s -w -X main.version=${version#v} -X main.commit=$commit" \
			-o "$stage/$cmd$ext" "./cmd/$cmd"
	done
	cp README.md LICENSE "$stage/" 2>/dev/null || cp README.md "$stage/"
	if [ "$os" = windows ]; then
		(cd dist && zip -qr "$name.zip" "$name")
	else
		tar -C dist -czf "dist/$name.tar.gz" "$name"
	fi
	rm -rf "$stage"
	echo "release: dist/$name"
done
(cd dist && sha256sum -- *.tar.gz *.zip > SHA256SUMS)
echo "release: dist/SHA256SUMS ($(wc -l < dist/SHA256SUMS) archives)"
