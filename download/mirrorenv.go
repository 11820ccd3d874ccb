package download

import "strings"

// The mirrors, and the variable that overrides the unofficial one.
const (
	// DefaultMirror is the official Node.js distribution.
	DefaultMirror = "https://nodejs.org/dist"
	// DefaultUnofficialMirror serves unofficial-builds (musl, riscv64, ...).
	DefaultUnofficialMirror = "https://unofficial-builds.nodejs.org/download/release"
	UnofficialMirrorEnv     = "NVMGO_UNOFFICIAL_MIRROR"
)

// Mirror returns the dist mirror from the environment: NVMGO_NODE_MIRROR,
// then nvm's, fnm's and n's variables, then the official dist. User info
// written in the URL is removed: it goes only into the mirror's
// credentials (see Client.Configure), never into a message.
func Mirror(getenv func(string) string) string {
	m, _ := stripUser(rawMirror(getenv))
	return m
}

func rawMirror(getenv func(string) string) string {
	for _, k := range []string{"NVMGO_NODE_MIRROR", "NVM_NODEJS_ORG_MIRROR", "FNM_NODE_DIST_MIRROR", "N_NODE_MIRROR"} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return strings.TrimRight(MirrorURL(v), "/")
		}
	}
	return DefaultMirror
}

// IndexURL is where index.json is fetched: NVMGO_INDEX_URL, else
// index.json in the dist mirror. Like Mirror, it carries no user info.
func IndexURL(getenv func(string) string) string {
	u, _ := stripUser(rawIndexURL(getenv))
	return u
}

func rawIndexURL(getenv func(string) string) string {
	if v := strings.TrimSpace(getenv("NVMGO_INDEX_URL")); v != "" {
		return v
	}
	return rawMirror(getenv) + "/index.json"
}

// UnofficialMirror returns the unofficial-builds base URL: the value of
// NVMGO_UNOFFICIAL_MIRROR as read by getenv, or DefaultUnofficialMirror.
func UnofficialMirror(getenv func(string) string) string {
	if m := strings.TrimSpace(getenv(UnofficialMirrorEnv)); m != "" {
		return m
	}
	return DefaultUnofficialMirror
}
