// Package platform maps a Go OS and architecture to the Node.js dist archive that runs there.
package platform

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

// Platform is the system a Node.js build has to run on.
type Platform struct {
	OS   string // GOOS: linux, darwin, windows
	Arch string // GOARCH: amd64, arm64, arm, 386, ppc64le, s390x
	Libc string // "musl" on musl Linux, else ""
}

// Musl is the Libc value for Linux systems whose C library is musl.
const Musl = "musl"

// String returns the platform as os/arch, with "+musl" when the C library is musl.
func (p Platform) String() string {
	s := p.OS + "/" + p.Arch
	if p.Libc != "" {
		s += "+" + p.Libc
	}
	return s
}

// Current returns the platform nvmgo runs on. On Linux it inspects the ELF
// interpreter of /bin/sh (or, failing that, of nvmgo itself) to spot musl,
// so it costs a file read: call it only where a download is about to happen.
func Current() Platform {
	p := Platform{OS: runtime.GOOS, Arch: runtime.GOARCH}
	if p.OS == "linux" && currentIsMusl() {
		p.Libc = Musl
	}
	return p
}

func currentIsMusl() bool {
	if interp, err := interpreter("/bin/sh"); err == nil && interp != "" {
		return isMuslLoader(interp)
	}
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	return DetectMusl(exe)
}

// ParseArch turns an --arch value (Node's spelling or Go's) into a GOARCH.
func ParseArch(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "x64", "amd64", "x86_64":
		return "amd64", nil
	case "arm64", "aarch64":
		return "arm64", nil
	case "armv7l", "arm":
		return "arm", nil
	case "x86", "386", "ia32":
		return "386", nil
	case "ppc64le":
		return "ppc64le", nil
	case "s390x":
		return "s390x", nil
	}
	return "", fmt.Errorf("unknown --arch %q: use one of x64, arm64, armv7l, x86, ppc64le, s390x (or amd64, aarch64, arm, 386, ia32)", s)
}

// distArch is the architecture part of dist tags and index ids for a GOARCH.
func distArch(goarch string) string {
	switch goarch {
	case "amd64":
		return "x64"
	case "arm":
		return "armv7l"
	case "386":
		return "x86"
	}
	return goarch // arm64, ppc64le, s390x are spelt the same
}

// supportedArchs lists the GOARCH values that have Node.js builds for goos,
// in the order shown to the user.
func supportedArchs(goos string) []string {
	switch goos {
	case "linux":
		return []string{"amd64", "arm64", "arm", "ppc64le", "s390x", "386"}
	case "darwin":
		return []string{"amd64", "arm64"}
	case "windows":
		return []string{"amd64", "arm64", "386"}
	}
	return nil
}

// checkSupported rejects OS/arch pairs for which Node.js publishes no builds
// at all, whatever the release.
func checkSupported(p Platform) error {
	archs := supportedArchs(p.OS)
	if archs == nil {
		return fmt.Errorf("node has no builds for %s; nvmgo supports linux, darwin and windows", p.OS)
	}
	var valid []string
	for _, a := range archs {
		if a == p.Arch {
			return nil
		}
		valid = append(valid, distArch(a))
	}
	return fmt.Errorf("node has no builds for %s/%s; pick another --arch (%s)", p.OS, p.Arch, strings.Join(valid, ", "))
}
