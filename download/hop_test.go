package download

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// authServer records the Authorization header of every request, and
// redirects /redirect to the target given in ?to=.
type authServer struct {
	*httptest.Server
	mu   sync.Mutex
	seen map[string]string // path -> Authorization
}

func newAuthServer(t *testing.T) *authServer {
	a := &authServer{seen: map[string]string{}}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.seen[r.URL.Path] = r.Header.Get("Authorization")
		a.mu.Unlock()
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *authServer) auth(path string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.seen[path]
	return v, ok
}

func TestCredentialsPerHop(t *testing.T) {
	reg, other := newAuthServer(t), newAuthServer(t) // two ports of 127.0.0.1
	c := fastClient()
	c.Header = func(u string) http.Header {
		if strings.HasPrefix(u, reg.URL+"/") {
			return http.Header{"Authorization": {"Bearer s3cret"}}
		}
		return nil
	}
	localhost := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	tests := []struct {
		to   string
		srv  *authServer
		path string
		want string
	}{
		{reg.URL + "/same", reg, "/same", "Bearer s3cret"},
		{other.URL + "/other-port", other, "/other-port", ""},
		{localhost + "/other-name", other, "/other-name", ""},
		// a chain that comes back to the registry gets them again there
		{other.URL + "/bounce?to=" + reg.URL + "/back", reg, "/back", "Bearer s3cret"},
	}
	for _, tt := range tests {
		if _, err := c.Get(context.Background(), reg.URL+"/redirect?to="+tt.to, nil, 100); err != nil {
			t.Fatalf("GET via redirect to %s: %v", tt.to, err)
		}
		got, ok := tt.srv.auth(tt.path)
		if !ok || got != tt.want {
			t.Errorf("redirect to %s: %s saw Authorization %q (requested %v); want %q", tt.to, tt.path, got, ok, tt.want)
		}
	}
	if got, _ := reg.auth("/redirect"); got != "Bearer s3cret" {
		t.Errorf("the first request had Authorization %q", got)
	}
	if got, _ := other.auth("/bounce"); got != "" {
		t.Errorf("the middle hop on another port had Authorization %q", got)
	}
}
