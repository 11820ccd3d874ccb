package download

import (
	"fmt"
	"time"
)

// Settings are the environment a client is set up from (SettingsFrom
// reads them; nvmgo's internal/config does so once).
type Settings struct {
	Stall string // NVMGO_STALL_TIMEOUT, as written
	Fetch string // NVMGO_FETCH_TIMEOUT, as written
	CA    string // NVMGO_CA_FILE
	// Mirror and IndexURL are the dist mirror and the index URL with the
	// user info written in them, which becomes their credentials.
	Mirror, IndexURL string
	AuthHeader       string // NVMGO_MIRROR_AUTH_HEADER, else nvm's NVM_AUTH_HEADER
	Netrc            string // NETRC: the netrc file to read instead of ~/.netrc
	UserHome         string // where ~/.netrc is; "" for none
}

// SettingsFrom reads Settings from the environment.
func SettingsFrom(getenv func(string) string, userHome string) Settings {
	return Settings{
		Stall: getenv("NVMGO_STALL_TIMEOUT"), Fetch: getenv("NVMGO_FETCH_TIMEOUT"), CA: getenv("NVMGO_CA_FILE"),
		Mirror: rawMirror(getenv), IndexURL: rawIndexURL(getenv), AuthHeader: MirrorAuthHeader(getenv),
		Netrc: getenv("NETRC"), UserHome: userHome,
	}
}

// Configure sets a client up from s: the dist mirror's credentials,
// NVMGO_CA_FILE, and the NVMGO_STALL_TIMEOUT and NVMGO_FETCH_TIMEOUT
// timers. A setting it cannot use makes every request fail with the
// reason, so commands that need no network still run.
func (c *Client) Configure(s Settings) {
	fail := func(err error) {
		if c.setupErr == nil {
			c.setupErr = err
		}
	}
	for _, t := range []struct {
		name, value string
		dst         *time.Duration
	}{{"NVMGO_STALL_TIMEOUT", s.Stall, &c.Stall}, {"NVMGO_FETCH_TIMEOUT", s.Fetch, &c.Deadline}} {
		if v := t.value; v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				fail(fmt.Errorf("%s=%q is not a duration (like 30s or 2m)", t.name, v))
				continue
			}
			*t.dst = d
		}
	}
	if s.CA != "" {
		if err := c.addCA(s.CA); err != nil {
			fail(err)
		}
	}
	cs, err := mirrorCredentials(s)
	if err != nil {
		fail(err)
	}
	if len(cs) > 0 {
		c.Header = cs.header
	}
}
