// Package mirror copies Node.js releases into a folder in the shape of nodejs.org/dist, verified against the signed SHASUMS256.txt, for networks with no internet.
package mirror

import (
	"fmt"
	"slices"
	"strings"
)

// Format is one kind of file a release folder holds for a platform.
type Format string

// The formats a sync can copy. Package managers use the archives: nvmgo,
// nvm and fnm the .tar.xz (nvmgo switches to the .tar.gz on a fast link),
// volta, mise and n the .tar.gz, everyone the .zip on Windows. The
// installers (.7z, .msi, .pkg) and the bare win-*/node.exe are for people.
const (
	XZ     Format = "xz"  // node-vX-<tag>.tar.xz
	GZ     Format = "gz"  // node-vX-<tag>.tar.gz
	Zip    Format = "zip" // node-vX-win-<arch>.zip
	SevenZ Format = "7z"  // node-vX-win-<arch>.7z
	MSI    Format = "msi" // node-vX-<arch>.msi
	PKG    Format = "pkg" // node-vX.pkg (macOS installer)
	EXE    Format = "exe" // win-<arch>/node.exe
)

// AllFormats lists every format, in the order files are listed.
var AllFormats = []Format{XZ, GZ, Zip, SevenZ, MSI, PKG, EXE}

// DefaultFormats is what every version manager needs: both tarballs (the
// .tar.xz for nvmgo, nvm and fnm, the .tar.gz for volta, mise and n) and
// the Windows .zip.
var DefaultFormats = []Format{XZ, GZ, Zip}

// Tags lists the platform tags a sync accepts, as nodejs.org/dist names
// its archives. "headers" is the node-vX-headers archive node-gyp needs to
// build native addons (with win-*/node.lib for each Windows platform);
// "src" is the source tarball.
var Tags = []string{
	"linux-x64", "linux-arm64", "linux-armv7l", "linux-ppc64le", "linux-s390x", "linux-x64-musl",
	"darwin-x64", "darwin-arm64", "win-x64", "win-arm64", "win-x86", "aix-ppc64", "headers", "src",
}

// ParseTags reads a comma-separated --platforms list.
func ParseTags(s string) ([]string, error) {
	var out []string
	for _, t := range strings.Split(s, ",") {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !slices.Contains(Tags, t) {
			return nil, fmt.Errorf("unknown platform %q: use %s", t, strings.Join(Tags, ", "))
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no platform given: use %s", strings.Join(Tags, ", "))
	}
	return out, nil
}

// ParseFormats reads a comma-separated --formats list.
func ParseFormats(s string) ([]Format, error) {
	var out []Format
	names := make([]string, len(AllFormats))
	for i, f := range AllFormats {
		names[i] = string(f)
	}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimPrefix(strings.TrimSpace(strings.ToLower(f)), ".")
		f = strings.TrimPrefix(f, "tar.")
		if f == "" {
			continue
		}
		if !slices.Contains(AllFormats, Format(f)) {
			return nil, fmt.Errorf("unknown format %q: use %s", f, strings.Join(names, ", "))
		}
		if !slices.Contains(out, Format(f)) {
			out = append(out, Format(f))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no format given: use %s", strings.Join(names, ", "))
	}
	return out, nil
}

// File is one file of a release folder.
type File struct {
	Name   string // relative to vX/, with "/" : node-v20.18.1-linux-x64.tar.xz, win-x64/node.exe
	Tag    string // the platform tag it serves
	ID     string // the index.json files id it stands for; "" for none
	Format Format
}

// Plan lists the files of version vs ("v20.18.1") to copy for tags in
// formats, tag by tag. With "headers", each Windows tag also gets its
// win-<arch>/node.lib, which node-gyp links against.
func Plan(vs string, tags []string, formats []Format) []File {
	var out []File
	seen := map[string]bool{} // darwin-x64 and darwin-arm64 share the .pkg
	for _, tag := range tags {
		for _, f := range filesOf(vs, tag) {
			if slices.Contains(formats, f.Format) && !seen[f.Name] {
				seen[f.Name] = true
				out = append(out, f)
			}
		}
	}
	if slices.Contains(tags, "headers") {
		for _, tag := range tags {
			if strings.HasPrefix(tag, "win-") {
				out = append(out, File{Name: tag + "/node.lib", Tag: "headers", Format: EXE})
			}
		}
	}
	return out
}

// CheckFormats makes sure every tag gets at least one file in formats.
func CheckFormats(tags []string, formats []Format) error {
	for _, tag := range tags {
		var has []string
		found := false
		for _, f := range filesOf("v0.0.0", tag) {
			found = found || slices.Contains(formats, f.Format)
			if !slices.Contains(has, string(f.Format)) {
				has = append(has, string(f.Format))
			}
		}
		if !found {
			return fmt.Errorf("--formats gives no file for %s: it has %s", tag, strings.Join(has, ", "))
		}
	}
	return nil
}

// filesOf lists every file dist publishes for one tag of version vs, in
// every format, with the index id each stands for (see LAYOUT.md §5: the
// id names the .tar.gz, and the .tar.xz sits beside it without an id).
func filesOf(vs, tag string) []File {
	stem := "node-" + vs + "-" + tag
	var out []File
	add := func(f Format, name, id string) {
		out = append(out, File{Name: name, Tag: tag, ID: id, Format: f})
	}
	switch {
	case strings.HasPrefix(tag, "win-"):
		arch := strings.TrimPrefix(tag, "win-")
		add(Zip, stem+".zip", tag+"-zip")
		add(SevenZ, stem+".7z", tag+"-7z")
		add(MSI, "node-"+vs+"-"+arch+".msi", tag+"-msi")
		add(EXE, tag+"/node.exe", tag+"-exe")
	case tag == "aix-ppc64":
		add(GZ, stem+".tar.gz", tag)
	default:
		id := tag
		if tag == "src" {
			stem = "node-" + vs
		}
		if arch, ok := strings.CutPrefix(tag, "darwin-"); ok {
			id = "osx-" + arch + "-tar"
		}
		add(XZ, stem+".tar.xz", id)
		add(GZ, stem+".tar.gz", id)
		if strings.HasPrefix(tag, "darwin-") {
			add(PKG, "node-"+vs+".pkg", "osx-x64-pkg")
		}
	}
	return out
}

// idsOf maps each file name of version vs to the index id it stands for.
func idsOf(vs string) map[string]string {
	m := map[string]string{}
	for _, tag := range Tags {
		for _, f := range filesOf(vs, tag) {
			if f.ID != "" {
				m[f.Name] = f.ID
			}
		}
	}
	return m
}

// Size writes a byte count for people: 512 B, 12.3 kB, 31.0 MB.
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
