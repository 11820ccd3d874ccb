package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nvmgo/nvmgo/internal/fsx"
	"github.com/nvmgo/nvmgo/versions"
)

// DefaultAlias is the alias shims fall back to outside any project.
const DefaultAlias = "default"

// maxAliasDepth bounds alias chains; deeper is treated as a cycle.
const maxAliasDepth = 16

// ReadAlias returns the spec an alias points at, and whether it exists.
func (h Home) ReadAlias(name string) (string, bool, error) {
	if err := checkAliasName(name); err != nil {
		return "", false, err
	}
	b, err := os.ReadFile(h.aliasFile(name))
	if errors.Is(err, fs.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return strings.TrimSpace(string(b)), true, nil
}

// WriteAlias points name at spec, atomically.
func (h Home) WriteAlias(name, spec string) error {
	if err := checkAliasName(name); err != nil {
		return err
	}
	if _, err := versions.ParseSpec(spec); err != nil {
		return err
	}
	if err := MkdirPrivate(h.AliasesDir()); err != nil {
		return err
	}
	return fsx.WriteFile(h.aliasFile(name), []byte(spec+"\n"), 0o644)
}

// RemoveAlias deletes an alias; a missing one is an error.
func (h Home) RemoveAlias(name string) error {
	if err := checkAliasName(name); err != nil {
		return err
	}
	err := os.Remove(h.aliasFile(name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("alias %q does not exist", name)
	}
	return err
}

// Aliases returns every alias and its spec, sorted by name.
func (h Home) Aliases() ([][2]string, error) {
	ents, err := os.ReadDir(h.AliasesDir())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, e := range ents {
		if e.IsDir() || checkAliasName(e.Name()) != nil || strings.ToLower(e.Name()) != e.Name() {
			continue
		}
		spec, ok, err := h.ReadAlias(e.Name())
		if err != nil || !ok {
			continue
		}
		out = append(out, [2]string{e.Name(), spec})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out, nil
}

// aliasFile is the file of an alias. Names are case-insensitive, as specs
// are (ParseSpec lower-cases a bare name), so the file name is lower-case:
// otherwise `nvmgo alias MyProj 20` would write a file that no spec naming
// MyProj ever finds on a case-sensitive file system.
func (h Home) aliasFile(name string) string {
	return filepath.Join(h.AliasesDir(), strings.ToLower(name))
}

func checkAliasName(name string) error {
	if name == DefaultAlias {
		return nil
	}
	return versions.ValidAliasName(name)
}

// ExpandAlias follows a chain of aliases from a SpecName until it reaches a
// spec that is not an alias. A name that is not an alias is returned as is
// (it may be an LTS codename). Cycles are an error.
func (h Home) ExpandAlias(spec versions.Spec) (versions.Spec, []string, error) {
	var chain []string
	for spec.Kind == versions.SpecName {
		name := strings.ToLower(spec.Name)
		target, ok, err := h.ReadAlias(name)
		if err != nil {
			return spec, chain, err
		}
		if !ok {
			return spec, chain, nil
		}
		for _, seen := range chain {
			if seen == name {
				return spec, chain, fmt.Errorf("alias cycle: %s -> %s", strings.Join(chain, " -> "), name)
			}
		}
		chain = append(chain, name)
		if len(chain) > maxAliasDepth {
			return spec, chain, fmt.Errorf("alias chain too long: %s", strings.Join(chain, " -> "))
		}
		next, err := versions.ParseSpec(target)
		if err != nil {
			return spec, chain, fmt.Errorf("alias %q: %w", spec.Name, err)
		}
		spec = next
	}
	return spec, chain, nil
}
