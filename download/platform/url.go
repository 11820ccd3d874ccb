package platform

import "strings"

// Mirrors and the variable that overrides the unofficial one.
const (
	DefaultMirror           = "https://nodejs.org/dist"
	DefaultUnofficialMirror = "https://unofficial-builds.nodejs.org/download/release"
	UnofficialMirrorEnv     = "NVMGO_UNOFFICIAL_MIRROR"
)

// UnofficialMirror returns the unofficial-builds base URL: the value of
// NVMGO_UNOFFICIAL_MIRROR as read by getenv, or DefaultUnofficialMirror.
func UnofficialMirror(getenv func(string) string) string {
	if m := strings.TrimSpace(getenv(UnofficialMirrorEnv)); m != "" {
		return m
	}
	return DefaultUnofficialMirror
}

// URL returns where to download a.FileName for version (such as "v20.11.0"):
// under mirror, or under unofficialMirror when a.Unofficial.
func (a Artifact) URL(mirror, unofficialMirror, version string) string {
	return a.base(mirror, unofficialMirror, version) + a.FileName
}

// URLs returns the URL of a.FileName followed by those of a.Alternatives.
func (a Artifact) URLs(mirror, unofficialMirror, version string) []string {
	base := a.base(mirror, unofficialMirror, version)
	urls := []string{base + a.FileName}
	for _, name := range a.Alternatives {
		urls = append(urls, base+name)
	}
	return urls
}

// ShasumsURL returns the URL of the SHASUMS256.txt that lists a's checksum.
// Its .asc and .sig sit beside it on the official mirror only.
func (a Artifact) ShasumsURL(mirror, unofficialMirror, version string) string {
	return a.base(mirror, unofficialMirror, version) + "SHASUMS256.txt"
}

// base returns the release folder URL with a trailing slash. Empty mirrors
// mean the defaults; extra slashes at the joins are dropped.
func (a Artifact) base(mirror, unofficialMirror, version string) string {
	root := mirror
	if a.Unofficial {
		root = unofficialMirror
	}
	if root == "" {
		root = DefaultMirror
		if a.Unofficial {
			root = DefaultUnofficialMirror
		}
	}
	v := "v" + strings.TrimPrefix(strings.Trim(version, "/"), "v")
	return strings.TrimRight(root, "/") + "/" + v + "/"
}
