package download

import (
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A mirror behind TLS with a certificate from an authority the system does
// not know: refused with an error naming NVMGO_CA_FILE, trusted once that
// variable names the authority's PEM file.
func TestCAFile(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	defer srv.Close()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	notPEM := filepath.Join(dir, "not.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o644)
	tests := []struct {
		name, file, want string
	}{
		{"unknown-ca", "", "ERR set NVMGO_CA_FILE"},
		{"ca-file", ca, "ok"},
		{"missing-file", filepath.Join(dir, "nope.pem"), "ERR NVMGO_CA_FILE " + filepath.Join(dir, "nope.pem")},
		{"not-pem", notPEM, "ERR no PEM certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClient("test")
			c.Retries = 0
			c.Configure(Settings{CA: tt.file, UserHome: dir})
			resp, err := c.Get(t.Context(), srv.URL+"/index.json", nil, 100)
			if want, isErr := strings.CutPrefix(tt.want, "ERR "); isErr {
				if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("Get = %v; want one line with %q", err, want)
				}
				var ce *CertError
				if tt.file == "" && (!errors.As(err, &ce) || retryable(err) || !strings.Contains(err.Error(), srv.URL+"/index.json")) {
					t.Errorf("unknown CA: %v is not a CertError naming the URL, or is retried", err)
				}
				return
			}
			if err != nil || string(resp.Body) != tt.want {
				t.Errorf("Get = %q, %v", resp.Body, err)
			}
		})
	}
}
