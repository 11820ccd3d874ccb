package npmreg

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nvmgo/nvmgo/download/platform"
	"github.com/nvmgo/nvmgo/internal/hint"
)

// pnpmTargets maps a platform to the @pnpm/exe.<target> package that
// carries pnpm's native binary (pnpm 12 and later publish one per target
// and list them in optionalDependencies; the names follow Node's
// process.platform and process.arch).
var pnpmTargets = map[string]string{
	"linux/amd64":      "linux-x64",
	"linux/amd64/musl": "linux-x64-musl",
	"linux/arm64":      "linux-arm64",
	"linux/arm64/musl": "linux-arm64-musl",
	"linux/riscv64":    "linux-riscv64",
	"linux/ppc64le":    "linux-ppc64",
	"linux/s390x":      "linux-s390x",
	"linux/loong64":    "linux-loong64",
	"darwin/amd64":     "darwin-x64",
	"darwin/arm64":     "darwin-arm64",
	"windows/amd64":    "win32-x64",
	"windows/arm64":    "win32-arm64",
	"freebsd/amd64":    "freebsd-x64",
	"netbsd/amd64":     "netbsd-x64",
}

// PnpmNativePackage is the package with pnpm's native binary for p, or ""
// when pnpm publishes none for it.
func PnpmNativePackage(p platform.Platform) string {
	key := p.OS + "/" + p.Arch
	if p.Libc != "" {
		key += "/" + p.Libc
	}
	if t, ok := pnpmTargets[key]; ok {
		return "@pnpm/exe." + t
	}
	return ""
}

// pinOlderPnpm is the way out where pnpm has no native binary to install.
const pinOlderPnpm = "pin pnpm 11 or older, which runs on node"

// PnpmNativeName is where the native binary goes in a pnpm install: the
// name pnpm's own launcher (bin/pnpm.mjs) looks for beside itself before
// it would download one, so the launcher and the shims run the same
// verified file.
func PnpmNativeName(goos string) string {
	if goos == "windows" {
		return "pnpm-native.exe"
	}
	return "pnpm-native"
}

// fillPnpmNative installs the native binary that pnpm@version lists for
// the target into dest, verified like the package itself. It returns the
// binary's name in dest, or "" when this pnpm has no native binary (pnpm
// 11 and older are JavaScript only).
func (s *PMSource) fillPnpmNative(ctx context.Context, version string, optional map[string]string, dest, staging string) (string, error) {
	if len(optional) == 0 || s.Target.OS == "" {
		return "", nil
	}
	native := PnpmNativePackage(s.Target)
	if native == "" {
		return "", hint.With(fmt.Errorf("pnpm@%s runs a native binary, and pnpm publishes none for %s; nothing was installed", version, s.Target), pinOlderPnpm)
	}
	nver, ok := optional[native]
	if !ok {
		return "", hint.With(fmt.Errorf("pnpm@%s lists no %s (no native binary for %s); nothing was installed", version, native, s.Target), pinOlderPnpm)
	}
	doc, err := s.packument(ctx, native)
	if err != nil {
		return "", err
	}
	m, ok := doc.Versions[nver]
	if !ok {
		return "", fmt.Errorf("%s@%s, which pnpm@%s needs, is not published on %s", native, nver, version, s.Config.Registry)
	}
	if err := checkDist(native, nver, m.Dist.Dist); err != nil {
		return "", err
	}
	if _, err := s.checkSignatures(ctx, doc, native, nver, m.Dist); err != nil {
		return "", err
	}
	tmp := filepath.Join(staging, "native")
	if _, err := s.fetchPM(ctx, native, nver, m.Dist.Dist, tmp); err != nil {
		return "", err
	}
	exe := "pnpm"
	if s.Target.OS == "windows" {
		exe = "pnpm.exe"
	}
	name := PnpmNativeName(s.Target.OS)
	if err := os.Rename(filepath.Join(tmp, exe), filepath.Join(dest, name)); err != nil {
		return "", fmt.Errorf("%s@%s has no %s: %w; nothing was installed", native, nver, exe, err)
	}
	if err := os.Chmod(filepath.Join(dest, name), 0o755); err != nil {
		return "", err
	}
	return name, nil
}
