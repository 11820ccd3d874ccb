package download

import "testing"

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://nodejs.org/dist":                    "https://nodejs.org/dist",
		"https://bob:hunter2@artifactory.corp/node/": "https://***@artifactory.corp/node/",
		"https://ghp_token@artifactory.corp/node/":   "https://***@artifactory.corp/node/",
		"https://bob:hunter2@host/a\x1b[31m":         `https://***@host/a\x1b[31m`,
		"https://bob:pa ss%zz@host/x":                "https://***@host/x",
		"https://host/x\ny":                          `https://host/x\ny`,
		"https://host/ok?q=a@b":                      "https://host/ok?q=a@b",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
