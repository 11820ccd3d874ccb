package platform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nvmgo/nvmgo/versions"
)

// NoBuildError reports that a release has no archive for a platform.
type NoBuildError struct {
	Version string   // the release, "v24.1.0"
	Tags    []string // dist tags tried, in order: "win-arm64", "win-x64"
	Reason  string   // why no release can have one, when that is known
	Older   string   // newest older release that has a build, set by Explain
	Newer   string   // oldest newer release that has a build, set by Explain

	explained bool
	v         versions.Version
	p         Platform
}

func (e *NoBuildError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "node %s has no build for %s", e.Version, strings.Join(e.Tags, " or "))
	switch {
	case e.Reason != "":
		fmt.Fprintf(&b, " (%s)", e.Reason)
	case e.Older != "" && e.Newer != "":
		fmt.Fprintf(&b, " (the nearest are %s and %s); pick one of those or another --arch", e.Older, e.Newer)
	case e.Older != "":
		fmt.Fprintf(&b, " (the last one is %s); pick an older version or another --arch", e.Older)
	case e.Newer != "":
		fmt.Fprintf(&b, " (the first one is %s); pick a newer version or another --arch", e.Newer)
	case e.explained:
		b.WriteString(" in any release; pick another --arch")
	default:
		b.WriteString("; pick another version or another --arch")
	}
	return b.String()
}

// Explain fills in a *NoBuildError from Select with the releases nearest to
// the failed one that do have a build for its platform, so the message can
// say what to pick. It scans the whole index, so call it only on the error
// path. Other errors are returned unchanged.
func Explain(err error, releases []versions.Release) error {
	var nb *NoBuildError
	if !errors.As(err, &nb) || nb.Reason != "" {
		return err
	}
	out := *nb
	out.explained = true
	var older, newer versions.Version
	for _, r := range releases {
		if _, err := Select(nb.p, r, PreferGZ); err != nil {
			continue
		}
		v, err := releaseVersion(r)
		if err != nil || v.Prerelease != "" {
			continue
		}
		switch c := v.Compare(nb.v); {
		case c < 0 && (out.Older == "" || v.Compare(older) > 0):
			out.Older, older = "v"+strings.TrimPrefix(r.Version, "v"), v
		case c > 0 && (out.Newer == "" || v.Compare(newer) < 0):
			out.Newer, newer = "v"+strings.TrimPrefix(r.Version, "v"), v
		}
	}
	return &out
}
