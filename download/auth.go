package download

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// stripUser returns raw without its user info, and that user info.
func stripUser(raw string) (string, *url.Userinfo) {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw, nil
	}
	user := u.User
	u.User = nil
	return u.String(), user
}

// origin is where credentials may go: a scheme and a host with its port
// (the scheme's default port when none is written).
type origin struct{ scheme, host string }

func originOf(u *url.URL) origin {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()) + ":" + port}
}

// credentials maps origins to the Authorization header sent there.
type credentials map[origin]string

// header is the Client.Header hook for these credentials: the header for
// a URL of exactly one of the origins, nothing for any other.
func (cs credentials) header(raw string) http.Header {
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	if v, ok := cs[originOf(u)]; ok {
		return http.Header{"Authorization": {v}}
	}
	return nil
}

// MirrorAuthHint says where the dist mirror's credentials come from.
const MirrorAuthHint = "the mirror wants credentials (or refused those sent): set NVMGO_MIRROR_AUTH_HEADER (\"Bearer TOKEN\"), put user:password in NVMGO_NODE_MIRROR, or add its host to ~/.netrc"

// Refused reports whether err is a 401 or 403: credentials missing or wrong.
func Refused(err error) bool {
	var he *HTTPError
	return errors.As(err, &he) && (he.Status == http.StatusUnauthorized || he.Status == http.StatusForbidden)
}

// MirrorAuthHeader is the Authorization value for the dist mirror from the
// environment: NVMGO_MIRROR_AUTH_HEADER, else nvm's NVM_AUTH_HEADER.
func MirrorAuthHeader(getenv func(string) string) string {
	for _, k := range []string{"NVMGO_MIRROR_AUTH_HEADER", "NVM_AUTH_HEADER"} {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
	}
	return ""
}

// mirrorCredentials finds the credentials for the dist mirror and the
// index URL, in the order users already have them: the auth header
// variable (for the mirror's origin only), the user and password written
// in the URL, then the netrc file's entry for the host.
func mirrorCredentials(s Settings) (credentials, error) {
	cs := credentials{}
	var netrc []netrcEntry
	netrcRead := false
	for i, raw := range []string{s.Mirror, s.IndexURL} {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue // the request itself reports a bad URL
		}
		o := originOf(u)
		if _, done := cs[o]; done {
			continue
		}
		if h := s.AuthHeader; h != "" && i == 0 {
			cs[o] = h
			continue
		}
		if u.User != nil {
			pass, _ := u.User.Password()
			cs[o] = basic(u.User.Username(), pass)
			continue
		}
		if !netrcRead {
			netrc, _, err = readNetrc(s.Netrc, s.UserHome)
			if err != nil {
				return nil, err
			}
			netrcRead = true
		}
		if login, pass, ok := netrcLookup(netrc, u.Hostname()); ok && login != "" {
			cs[o] = basic(login, pass)
		}
	}
	return cs, nil
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// maxCAFile bounds NVMGO_CA_FILE; a bundle of every public CA is ~250 KB.
const maxCAFile = 16 << 20

// addCA trusts the certificates of a PEM file besides the system's.
func (c *Client) addCA(path string) error {
	tr, ok := c.HTTP.Transport.(*http.Transport)
	if !ok {
		return fmt.Errorf("NVMGO_CA_FILE: the HTTP transport cannot take a CA")
	}
	fi, err := os.Stat(path)
	if err == nil && fi.Size() > maxCAFile {
		err = fmt.Errorf("larger than %d bytes", maxCAFile)
	}
	var pem []byte
	if err == nil {
		pem, err = os.ReadFile(path)
	}
	if err != nil {
		return fmt.Errorf("NVMGO_CA_FILE %s: %w", path, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("NVMGO_CA_FILE %s: no PEM certificate in it (want -----BEGIN CERTIFICATE----- blocks)", path)
	}
	if tr.TLSClientConfig == nil {
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tr.TLSClientConfig.RootCAs = pool
	return nil
}
