package download

import (
	"fmt"
	"time"
)

// Configure sets a client up from the environment: the dist mirror's
// credentials, NVMGO_CA_FILE, and the NVMGO_STALL_TIMEOUT and
// NVMGO_FETCH_TIMEOUT timers. A setting it cannot use makes every request
// fail with the reason, so commands that need no network still run.
func (c *Client) Configure(getenv func(string) string, userHome string) {
	fail := func(err error) {
		if c.setupErr == nil {
			c.setupErr = err
		}
	}
	for _, t := range []struct {
		name string
		dst  *time.Duration
	}{{"NVMGO_STALL_TIMEOUT", &c.Stall}, {"NVMGO_FETCH_TIMEOUT", &c.Deadline}} {
		if v := getenv(t.name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				fail(fmt.Errorf("%s=%q is not a duration (like 30s or 2m)", t.name, v))
				continue
			}
			*t.dst = d
		}
	}
	if ca := getenv("NVMGO_CA_FILE"); ca != "" {
		if err := c.addCA(ca); err != nil {
			fail(err)
		}
	}
	cs, err := mirrorCredentials(getenv, userHome)
	if err != nil {
		fail(err)
	}
	if len(cs) > 0 {
		c.Header = cs.header
	}
}
