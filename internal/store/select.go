package store

import (
	"errors"

	"github.com/nvmgo/nvmgo/versions"
)

// Select resolves a spec among the installed versions: aliases are followed,
// LTS specs use the codenames recorded at install time (no network). Only
// the version chosen is checked with CheckVersion (the shims call this
// before every node, and a check of every folder would cost them); a broken
// one is passed over for the next best.
func (h Home) Select(spec versions.Spec) (Installed, error) {
	spec, _, err := h.ExpandAlias(spec)
	if err != nil {
		return Installed{}, err
	}
	if spec.Kind == versions.SpecSystem {
		return Installed{}, versions.ErrSystem
	}
	list, err := h.entries()
	if err != nil {
		return Installed{}, err
	}
	for {
		in, err := selectFrom(spec, list)
		if err != nil {
			return Installed{}, err
		}
		if err := checkVersion(in.Dir, in.typ); err == nil {
			return in, nil
		}
		kept := list[:0]
		for _, o := range list {
			if o.Dir != in.Dir {
				kept = append(kept, o)
			}
		}
		list = kept
	}
}

func selectFrom(spec versions.Spec, list []Installed) (Installed, error) {
	if spec.Kind == versions.SpecExact {
		for _, in := range list {
			if in.Version.Compare(spec.Exact) == 0 {
				return in, nil
			}
		}
	}
	needLTS := spec.Kind == versions.SpecLTS || spec.Kind == versions.SpecLTSName ||
		spec.Kind == versions.SpecLTSOffset || spec.Kind == versions.SpecName
	c, err := versions.Select(spec, Candidates(list, needLTS), "among installed versions")
	if err != nil {
		return Installed{}, err
	}
	for _, in := range list {
		if in.Version.Compare(c.Version) == 0 {
			return in, nil
		}
	}
	return Installed{}, errors.New("internal: selected version vanished")
}
