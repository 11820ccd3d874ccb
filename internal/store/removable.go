package store

import "github.com/nvmgo/nvmgo/versions"

// Removable is what uninstall SPEC may remove: the installed versions the
// spec matches (for latest and the LTS specs, the one it selects), or, when
// an exact version matches no complete install, the broken entry of that
// name (a link, a folder without valid metadata or node): not installed,
// but named exactly it can be removed.
func (h Home) Removable(spec versions.Spec) ([]versions.Candidate, *Broken, error) {
	list, broken, err := h.ListAll()
	if err != nil {
		return nil, nil, err
	}
	needLTS := spec.Kind != versions.SpecExact && spec.Kind != versions.SpecRange
	cands := Candidates(list, needLTS)
	matches := versions.Filter(spec, cands)
	if spec.Kind == versions.SpecLatest || spec.Kind == versions.SpecLTS || spec.Kind == versions.SpecLTSOffset {
		if c, err := versions.Select(spec, cands, "among installed versions"); err == nil {
			matches = []versions.Candidate{c}
		}
	}
	if len(matches) == 0 && spec.Kind == versions.SpecExact {
		for _, b := range broken {
			if b.Version.Compare(spec.Exact) == 0 {
				return nil, &b, nil
			}
		}
	}
	return matches, nil, nil
}
