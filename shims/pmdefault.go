package shims

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/versions"
)

// ReadPMDefaults reads NVMGO_HOME/pm/defaults: NAME@SPEC lines.
func ReadPMDefaults(h store.Home) (map[string]string, error) {
	b, err := os.ReadFile(h.PMDefaultFile())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for line := range strings.SplitSeq(string(b), "\n") {
		name, spec, ok := strings.Cut(strings.TrimSpace(line), "@")
		if ok && versions.IsPackageManager(name) {
			out[name] = spec
		}
	}
	return out, nil
}

// WritePMDefault sets the default spec of one package manager, replacing
// the file in one rename.
func WritePMDefault(h store.Home, name, spec string) error {
	defs, err := ReadPMDefaults(h)
	if err != nil {
		return err
	}
	if defs == nil {
		defs = map[string]string{}
	}
	defs[name] = spec
	var b bytes.Buffer
	for _, n := range versions.PackageManagers {
		if s, ok := defs[n]; ok {
			fmt.Fprintf(&b, "%s@%s\n", n, s)
		}
	}
	if err := os.MkdirAll(h.PMDir(), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(h.PMDir(), ".defaults-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), h.PMDefaultFile())
}

// BestPM is the newest installed version of name in spec (a range).
func BestPM(list []store.PMInstalled, name, spec string) (store.PMInstalled, bool) {
	r, err := versions.ParseRange(spec)
	if err != nil {
		return store.PMInstalled{}, false
	}
	for _, in := range list {
		if in.Name == name && r.Contains(in.Version) {
			return in, true
		}
	}
	return store.PMInstalled{}, false
}
