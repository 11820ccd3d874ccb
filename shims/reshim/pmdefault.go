package reshim

import (
	"bytes"
	"fmt"
	"os"

	"github.com/nvmgo/nvmgo/internal/fsx"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/versions"
)

// WritePMDefault sets the default spec of one package manager, replacing
// the file in one rename.
func WritePMDefault(h store.Home, name, spec string) error {
	defs, err := shims.ReadPMDefaults(h)
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
	return fsx.WriteFile(h.PMDefaultFile(), b.Bytes(), 0o600)
}
