package index

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/internal/faulttest"
)

func TestFaultIndexStall(t *testing.T) {
	for _, how := range []string{"no-headers", "few-bytes", "endless"} {
		t.Run(how, func(t *testing.T) {
			srv := newHandlerServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch how {
				case "no-headers":
					faulttest.Silent(w, r)
				case "few-bytes":
					faulttest.Trickle(w, r, []byte(`[{"version":"v2`))
				default:
					faulttest.Endless(w, r, []byte("["))
				}
			})
			src := testIndexSource(srv, t.TempDir())
			if how != "endless" { // a tiny timer only where nothing more comes
				src.Client.Stall = 100 * time.Millisecond
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			_, _, err := src.Load(ctx)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			t.Logf("error: %v", err)
			want := "no data for 100ms"
			if how == "endless" {
				want = "larger than"
			}
			// A stall counts as a mirror that cannot be reached, which is
			// remembered and named by the mirror's URL; an endless body
			// names the index URL.
			if msg := err.Error(); !strings.Contains(msg, srv) || !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q; want one line naming the mirror and %q", msg, want)
			}
		})
	}
}

// newHandlerServer serves f on 127.0.0.1 for the test and returns its URL.
func newHandlerServer(t *testing.T, f http.HandlerFunc) string {
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}
