package platform

// Tag is the dist tag of p's native build, as archive names spell it:
// linux-x64, linux-x64-musl, darwin-arm64, win-x64.
func (p Platform) Tag() string {
	switch p.OS {
	case "darwin":
		return "darwin-" + distArch(p.Arch)
	case "windows":
		return "win-" + distArch(p.Arch)
	}
	t := p.OS + "-" + distArch(p.Arch)
	if p.Libc == Musl {
		t += "-musl"
	}
	return t
}
