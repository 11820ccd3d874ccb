package globals

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/npmreg"
)

// maxPackument bounds one packument; see npmreg.MaxPackument.
const maxPackument = npmreg.MaxPackument

// RegistryLookup asks the registry of the user's npm settings (cfg, read
// from npm_config_registry and .npmrc with its credentials) for the
// abbreviated packument, which holds every version's engines. Scoped
// packages are left to npm (ErrNoLookup): their scope may have a registry
// of its own, and their names must not go to the default one.
func RegistryLookup(client *download.Client, cfg npmreg.Config) Lookup {
	auth := cfg.HeaderFunc()
	c := *client
	c.Header = auth
	return func(ctx context.Context, name string) (Packument, error) {
		if strings.HasPrefix(name, "@") {
			return Packument{}, ErrNoLookup
		}
		u := cfg.Registry + "/" + url.PathEscape(name)
		resp, err := c.Get(ctx, u, http.Header{"Accept": {"application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"}}, maxPackument)
		if err != nil {
			return Packument{}, err
		}
		return parsePackument(name, resp.Body)
	}
}

func parsePackument(name string, body []byte) (Packument, error) {
	var doc struct {
		Name     string            `json:"name"`
		DistTags map[string]string `json:"dist-tags"`
		Versions map[string]struct {
			Engines    json.RawMessage `json:"engines"`
			Deprecated any             `json:"deprecated"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return Packument{}, fmt.Errorf("packument of %s: %w", name, err)
	}
	if doc.Name != "" && doc.Name != name {
		return Packument{}, fmt.Errorf("packument of %s names another package (%q)", name, doc.Name)
	}
	p := Packument{Latest: doc.DistTags["latest"], Versions: make(map[string]VersionInfo, len(doc.Versions))}
	for v, m := range doc.Versions {
		dep := false
		switch d := m.Deprecated.(type) {
		case string:
			dep = d != ""
		case bool:
			dep = d
		}
		p.Versions[v] = VersionInfo{Engines: enginesNode(m.Engines), Deprecated: dep}
	}
	return p, nil
}
