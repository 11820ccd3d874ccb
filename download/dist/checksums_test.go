package dist

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/signature"
	"github.com/nvmgo/nvmgo/download/signature/sigtest"
)

func TestChecksums(t *testing.T) {
	good, err := sigtest.NewSigner("Release Key")
	if err != nil {
		t.Fatal(err)
	}
	other, err := sigtest.NewSigner("Someone Else")
	if err != nil {
		t.Fatal(err)
	}
	kr, err := signature.ParseKeyring(good.PublicArmored())
	if err != nil {
		t.Fatal(err)
	}
	sums := []byte(sumA + "  node-v20.1.0-linux-x64.tar.xz\n")
	must := func(b []byte, err error) []byte {
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	asc := must(good.ClearSign(sums))
	sig := must(good.DetachSign(sums))
	const (
		signed   = "sha256 + release signature"
		unsigned = "sha256 only (unsigned checksums)"
	)
	tests := []struct {
		name          string
		files         map[string][]byte // nil value: answer 500
		allowUnsigned bool
		want          string // Verified, or "ERR substring"
		warn          bool
	}{
		{"clearsigned", map[string][]byte{".asc": asc}, false, signed, false},
		{"detached", map[string][]byte{"": sums, ".sig": sig}, false, signed, false},
		{"asc-preferred", map[string][]byte{".asc": asc, "": []byte("junk"), ".sig": []byte("junk")}, false, signed, false},
		{"asc-other-key", map[string][]byte{".asc": must(other.ClearSign(sums))}, true, "ERR signing key not in keyring", false},
		{"asc-altered", map[string][]byte{".asc": bytes.Replace(asc, []byte("a0e1"), []byte("b0e1"), 1)}, true, "ERR bad signature", false},
		{"sig-other-text", map[string][]byte{"": sums, ".sig": must(good.DetachSign([]byte("x")))}, true, "ERR SHASUMS256.txt.sig: bad signature", false},
		{"unsigned-refused", map[string][]byte{"": sums}, false, "ERR no signature for SHASUMS256.txt", false},
		{"unsigned-allowed", map[string][]byte{"": sums}, true, unsigned, true},
		{"asc-500-no-downgrade", map[string][]byte{".asc": nil, "": sums}, true, "ERR 500", false},
		{"sig-500-no-downgrade", map[string][]byte{"": sums, ".sig": nil}, true, "ERR 500", false},
		{"nothing", map[string][]byte{}, true, "ERR 404", false},
		{"signed-garbage", map[string][]byte{".asc": must(good.ClearSign([]byte("hello\n")))}, false, "ERR SHASUMS256.txt: line 1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				suffix, ok := strings.CutPrefix(r.URL.Path, "/v20.1.0/SHASUMS256.txt")
				body, found := tt.files[suffix]
				switch {
				case !ok || !found:
					http.NotFound(w, r)
				case body == nil:
					http.Error(w, "oops", 500)
				default:
					w.Write(body)
				}
			}))
			defer srv.Close()
			var warn bytes.Buffer
			trust, err := Checksums(context.Background(), fastClient(), srv.URL+"/v20.1.0", kr, tt.allowUnsigned, &warn)
			if want, isErr := strings.CutPrefix(tt.want, "ERR "); isErr {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Fatalf("Checksums error = %v, want %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if trust.Verified != tt.want || trust.Sums["node-v20.1.0-linux-x64.tar.xz"] != sumA {
				t.Errorf("trust = %+v, want %q with the sum", trust, tt.want)
			}
			if tt.want == signed && trust.Signer == "" {
				t.Errorf("Signer = %q", trust.Signer)
			}
			if got := warn.Len() > 0; got != tt.warn {
				t.Errorf("warning %q, want one: %v", warn.String(), tt.warn)
			}
		})
	}
}

func TestChecksumsUnsignedIsTyped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".txt") {
			w.Write([]byte(sumA + "  a.tar.gz\n"))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	_, err := Checksums(context.Background(), fastClient(), srv.URL, &signature.Keyring{}, false, nil)
	if !errors.Is(err, ErrUnsigned) {
		t.Errorf("error = %v, want ErrUnsigned", err)
	}
}

// fastClient retries quickly: the tests' servers fail on purpose.
func fastClient() *download.Client {
	c := download.NewClient("1.2.3")
	c.Retries, c.Backoff = 2, time.Millisecond
	return c
}
