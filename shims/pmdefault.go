package shims

import (
	"errors"
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
