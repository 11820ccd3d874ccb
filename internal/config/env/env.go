// Package env names the environment variables the shim reads for itself
// and holds nvmgo's one yes/no rule. The standard library only: the shim
// links it, and internal/config documents and reads the rest.
package env

import "strings"

// Variables the shim reads itself (internal/config documents them all).
const (
	Home          = "NVMGO_HOME"            // the home folder (store.Default)
	NodeVersion   = "NVMGO_NODE_VERSION"    // a version pinned for one shell
	AutoInstall   = "NVMGO_AUTO_INSTALL"    // yes: a shim installs a missing pinned node first
	PMAutoInstall = "NVMGO_PM_AUTO_INSTALL" // no: pm shims do not install a missing pinned manager
	ShimDepth     = "NVMGO_SHIM_DEPTH"      // nested shim runs; too deep is a loop
)

// Bool reads a yes/no setting the way most tools of the ecosystem do
// (Python's strtobool, systemd, npm's "true"/"false", Node's =1 flags),
// ignoring case and surrounding space: 1, true, yes, on are yes; 0,
// false, no, off are no. set is false for anything else, "" included, so
// the caller keeps its default.
func Bool(v string) (value, set bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

// Yes reports whether v says yes (Bool); unset and unknown words are no.
func Yes(v string) bool {
	b, set := Bool(v)
	return b && set
}

// No reports whether v says no (Bool); unset and unknown words are not.
func No(v string) bool {
	b, set := Bool(v)
	return set && !b
}
