package platform

import (
	"strings"

	"github.com/nvmgo/nvmgo/versions"
)

// Compression is how an archive is packed.
type Compression string

// The archive formats nvmgo downloads.
const (
	XZ  Compression = "xz"
	GZ  Compression = "gz"
	Zip Compression = "zip"
)

// Ext returns the file name extension for c, such as ".tar.xz".
func (c Compression) Ext() string {
	switch c {
	case XZ:
		return ".tar.xz"
	case GZ:
		return ".tar.gz"
	case Zip:
		return ".zip"
	}
	return ""
}

// Prefer says which tarball to try first where both exist.
type Prefer int

// Tarball preferences; Windows always gets a .zip.
const (
	PreferXZ Prefer = iota // smaller download
	PreferGZ               // the file the index id stands for
)

// Artifact names the archive to download for one release and platform.
type Artifact struct {
	Tag        string // dist platform tag: linux-x64, darwin-arm64, win-x64, linux-x64-musl
	IndexID    string // files id that proved availability; "" for the unofficial mirror, which the official index does not cover
	FileName   string // node-v20.11.0-linux-x64.tar.xz
	Dir        string // top folder inside the archive: node-v20.11.0-linux-x64
	Ext        string // ".tar.xz" | ".tar.gz" | ".zip"
	Unofficial bool   // served from the unofficial-builds mirror (unsigned checksums)
	Note       string // why a fallback was taken, for the user; "" when none was
	// Alternatives are other file names for the same build, in fallback
	// order: the .tar.gz when the .tar.xz comes first.
	Alternatives []string
}

// candidate is one dist build that may serve a platform, and the files id
// whose presence in an index entry proves it was published.
type candidate struct {
	tag, id, note string
}

// Select picks the archive of release r that runs on p. Availability comes
// only from r.Files; the single version rule is whether a .tar.xz exists
// beside the .tar.gz (see hasXZ), since .tar.xz files have no index id.
func Select(p Platform, r versions.Release, prefer Prefer) (Artifact, error) {
	if err := checkSupported(p); err != nil {
		return Artifact{}, err
	}
	v, err := releaseVersion(r)
	if err != nil {
		return Artifact{}, err
	}
	vs := "v" + strings.TrimPrefix(r.Version, "v")
	if p.OS == "linux" && p.Libc == Musl {
		return selectMusl(p, r, v, vs, prefer)
	}
	cands := candidates(p, vs)
	for _, c := range cands {
		if r.HasFile(c.id) {
			a := artifact(p.OS, c.tag, vs, v, prefer)
			a.IndexID, a.Note = c.id, c.note
			return a, nil
		}
	}
	tags := make([]string, len(cands))
	for i, c := range cands {
		tags[i] = c.tag
	}
	return Artifact{}, &NoBuildError{Version: vs, Tags: tags, v: v, p: p}
}

// candidates lists the builds that run on p, native first, then the ones
// the OS can emulate. p is known to be supported.
func candidates(p Platform, vs string) []candidate {
	arch := distArch(p.Arch)
	switch p.OS {
	case "darwin":
		cs := []candidate{{tag: "darwin-" + arch, id: "osx-" + arch + "-tar"}}
		if p.Arch == "arm64" {
			cs = append(cs, candidate{tag: "darwin-x64", id: "osx-x64-tar",
				note: "node " + vs + " has no darwin-arm64 build; using darwin-x64, which runs under Rosetta 2"})
		}
		return cs
	case "windows":
		cs := []candidate{{tag: "win-" + arch, id: "win-" + arch + "-zip"}}
		if p.Arch == "arm64" {
			cs = append(cs, candidate{tag: "win-x64", id: "win-x64-zip",
				note: "node " + vs + " has no win-arm64 build; using win-x64, which runs under Windows x64 emulation"})
		}
		return cs
	}
	return []candidate{{tag: "linux-" + arch, id: "linux-" + arch}}
}

// selectMusl prefers the official linux-x64-musl build when the index lists
// it, and otherwise the unofficial-builds mirror, which has x64 musl builds
// but signs nothing.
func selectMusl(p Platform, r versions.Release, v versions.Version, vs string, prefer Prefer) (Artifact, error) {
	const id = "linux-x64-musl"
	if p.Arch != "amd64" {
		return Artifact{}, &NoBuildError{
			Version: vs,
			Tags:    []string{"linux-" + distArch(p.Arch) + "-musl"},
			Reason:  "musl builds exist only for x64; use a glibc system",
			v:       v, p: p,
		}
	}
	a := artifact("linux", id, vs, v, prefer)
	if r.HasFile(id) {
		a.IndexID = id
		return a, nil
	}
	a.Unofficial = true
	a.Note = "node " + vs + " has no official linux-x64-musl build; using the unofficial-builds mirror, whose checksums are not signed"
	return a, nil
}

// artifact names the archive of build tag for version vs.
func artifact(goos, tag, vs string, v versions.Version, prefer Prefer) Artifact {
	a := Artifact{Tag: tag, Dir: "node-" + vs + "-" + tag}
	gz := a.Dir + GZ.Ext()
	switch {
	case goos == "windows":
		a.Ext = Zip.Ext()
	case hasXZ(v) && prefer == PreferXZ:
		a.Ext = XZ.Ext()
		a.Alternatives = []string{gz}
	default:
		a.Ext = GZ.Ext()
	}
	a.FileName = a.Dir + a.Ext
	return a
}

// hasXZ reports whether a .tar.xz is published beside each .tar.gz of
// version v. Node has shipped both since v4.0.0 (the io.js merge), and
// since v0.12.10 and v0.10.42 on the older lines; the rule is the one in
// nvm-sh/nvm nvm.sh, nvm_supports_xz. Its io.js thresholds (1.0.0, and
// 2.3.2 on darwin) concern versions that nodejs.org/dist does not carry.
func hasXZ(v versions.Version) bool {
	switch {
	case v.Major >= 4:
		return true
	case v.Major == 0 && v.Minor == 12:
		return v.Patch >= 10
	case v.Major == 0 && v.Minor == 10:
		return v.Patch >= 42
	}
	return false
}

// releaseVersion returns the parsed version of r, parsing r.Version when
// the index reader left r.V unset.
func releaseVersion(r versions.Release) (versions.Version, error) {
	if r.V != (versions.Version{}) {
		return r.V, nil
	}
	return versions.ParseVersion(r.Version)
}
