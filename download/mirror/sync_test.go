package mirror

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/nvmgo/nvmgo/download"
	"github.com/nvmgo/nvmgo/download/signature/sigtest"
	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/testmirror"
	"github.com/nvmgo/nvmgo/versions"
)

const (
	v20    = "v20.18.1"
	v22    = "v22.12.0"
	xz20   = v20 + "/node-v20.18.1-linux-x64.tar.xz"
	sums20 = v20 + "/SHASUMS256.txt"
)

// syncRig is a signed test mirror (with .asc and .sig, as nodejs.org) and a
// syncer that trusts its key.
type syncRig struct {
	m   *testmirror.Mirror
	s   *Syncer
	dir string
	log *faulttest.SyncBuffer
}

func newSyncRig(t *testing.T) *syncRig {
	t.Helper()
	m, kr := testmirror.StartTest(t, testmirror.Options{Versions: []string{v20, v22}, Tags: []string{"linux-x64", "win-x64"}, Detached: true})
	c := download.NewClient("test")
	c.Retries, c.Backoff = 1, time.Millisecond
	r := &syncRig{m: m, dir: filepath.Join(t.TempDir(), "dist"), log: &faulttest.SyncBuffer{}}
	r.s = &Syncer{Client: c, Upstream: m.URL, Keyring: kr, Log: r.log}
	return r
}

func (r *syncRig) sync(t *testing.T, specs []string, tags []string, formats []Format) (Report, error) {
	t.Helper()
	return r.s.Sync(context.Background(), Request{Dir: r.dir, Specs: specs, Tags: tags, Formats: formats})
}

func (r *syncRig) mustSync(t *testing.T, specs ...string) Report {
	t.Helper()
	rep, err := r.sync(t, specs, []string{"linux-x64", "win-x64"}, DefaultFormats)
	if err != nil {
		t.Fatalf("sync: %v\nlog:\n%s", err, r.log)
	}
	return rep
}

// sameAsUpstream checks that DIR/path holds exactly the mirror's file.
func (r *syncRig) sameAsUpstream(t *testing.T, path string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(path)))
	if err != nil || !bytes.Equal(got, r.m.File(path)) {
		t.Errorf("%s: differs from the upstream file (%v)", path, err)
	}
}

func TestSyncThenAgain(t *testing.T) {
	r := newSyncRig(t)
	rep := r.mustSync(t, "20", "22", "lts/iron")
	if rep.Downloaded != 6 || rep.Skipped != 0 {
		t.Fatalf("first sync: %d downloaded, %d skipped; want 6, 0", rep.Downloaded, rep.Skipped)
	}
	if len(rep.Releases) != 2 || strings.Join(rep.Releases[0].Specs, " ") != "20 lts/iron" {
		t.Fatalf("releases: %+v", rep.Releases)
	}
	for _, v := range []string{v20, v22} {
		for _, name := range []string{"SHASUMS256.txt", "SHASUMS256.txt.asc", "SHASUMS256.txt.sig", "node-" + v + "-linux-x64.tar.xz", "node-" + v + "-linux-x64.tar.gz", "node-" + v + "-win-x64.zip"} {
			r.sameAsUpstream(t, v+"/"+name)
		}
	}
	data, err := os.ReadFile(filepath.Join(r.dir, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	rels, err := versions.ParseIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rels) != 2 || rels[0].Version != v22 || strings.Join(rels[1].Files, ",") != "linux-x64,win-x64-zip" {
		t.Errorf("index.json: %s", data)
	}
	if strings.Join(rep.Index, " ") != v22+" "+v20 {
		t.Errorf("report index: %v", rep.Index)
	}
	tab, _ := os.ReadFile(filepath.Join(r.dir, "index.tab"))
	if lines := strings.Split(string(tab), "\n"); len(lines) != 4 || !strings.HasPrefix(lines[2], v20+"\t2024-11-20\tlinux-x64,win-x64-zip\t10.8.2\t") || !strings.HasSuffix(lines[2], "\tIron\t-") {
		t.Errorf("index.tab:\n%s", tab)
	}
	if _, err := os.Stat(filepath.Join(r.dir, WorkDir, "partial")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial folder left after a complete sync: %v", err)
	}

	again := r.mustSync(t, "20", "22")
	if again.Downloaded != 0 || again.Skipped != 6 || again.Bytes != 0 {
		t.Errorf("second sync: %d downloaded (%d bytes), %d skipped; want 0, 6", again.Downloaded, again.Bytes, again.Skipped)
	}
	if n := r.m.Hits(xz20); n != 1 {
		t.Errorf("%s requested %d times over two syncs, want 1", xz20, n)
	}
	index2, _ := os.ReadFile(filepath.Join(r.dir, "index.json"))
	if !bytes.Equal(index2, data) {
		t.Errorf("index.json changed on a sync that changed nothing")
	}

	// A damaged file in DIR is noticed and fetched again.
	if err := os.WriteFile(filepath.Join(r.dir, xz20), []byte("rot"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := r.mustSync(t, "20")
	if third.Downloaded != 1 || third.Releases[0].Files[0].Status != Replaced {
		t.Errorf("third sync: %+v", third.Releases[0].Files)
	}
	r.sameAsUpstream(t, xz20)
	// v22 is still listed: the index is what DIR holds, not what was asked.
	if strings.Join(third.Index, " ") != v22+" "+v20 {
		t.Errorf("index after syncing 20 only: %v", third.Index)
	}
}

// A partial file from a killed run is resumed with a Range request; one
// that does not belong to the upstream file is thrown away and fetched anew.
func TestSyncResumesPartial(t *testing.T) {
	for _, stale := range []bool{false, true} {
		r := newSyncRig(t)
		var mu sync.Mutex
		var ranges []string
		r.m.SetFault(func(w http.ResponseWriter, req *http.Request) bool {
			if req.URL.Path == "/"+xz20 {
				mu.Lock()
				ranges = append(ranges, req.Header.Get("Range"))
				mu.Unlock()
			}
			return false
		})
		whole := r.m.File(xz20)
		half := len(whole) / 2
		part := bytes.Clone(whole[:half])
		if stale {
			part[10] ^= 0xff
		}
		partial := filepath.Join(r.dir, WorkDir, "partial", filepath.FromSlash(xz20))
		if err := os.MkdirAll(filepath.Dir(partial), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(partial, part, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, []Format{XZ})
		if err != nil {
			t.Fatalf("stale=%v: %v", stale, err)
		}
		r.sameAsUpstream(t, xz20)
		f := rep.Releases[0].Files[0]
		mu.Lock()
		got := strings.Join(ranges, "|")
		mu.Unlock()
		want := "bytes=" + strconv.Itoa(half) + "-"
		if stale {
			want += "|" // then once more from the start, without Range
			if f.ResumedAt != 0 || f.Bytes != int64(len(whole)) || !strings.Contains(r.log.String(), "starting it again") {
				t.Errorf("stale partial: %+v\n%s", f, r.log)
			}
		} else if f.ResumedAt != int64(half) || f.Bytes != int64(len(whole)-half) {
			t.Errorf("resume: %+v, want resumed at %d with %d bytes", f, half, len(whole)-half)
		}
		if got != want {
			t.Errorf("stale=%v: Range headers %q, want %q", stale, got, want)
		}
	}
}

// A sync stopped mid-download leaves nothing under the final name, and the
// next one resumes where it stopped.
func TestSyncInterruptedThenResumed(t *testing.T) {
	r := newSyncRig(t)
	whole := r.m.File(xz20)
	n := len(whole) / 3
	reached := make(chan struct{}, 1)
	r.m.SetFault(faulttest.StallAfter(xz20, whole, n, reached))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := r.s.Sync(ctx, Request{Dir: r.dir, Specs: []string{"20"}, Tags: []string{"linux-x64"}, Formats: []Format{XZ}})
		done <- err
	}()
	<-reached
	partial := filepath.Join(r.dir, WorkDir, "partial", filepath.FromSlash(xz20))
	if !faulttest.Wait(10*time.Second, func() bool { fi, err := os.Stat(partial); return err == nil && fi.Size() == int64(n) }) {
		t.Fatalf("the partial file never reached %d bytes", n)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted sync: %v", err)
	}
	if _, err := os.Stat(filepath.Join(r.dir, xz20)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a partial download is visible under its final name: %v", err)
	}
	if _, err := os.Stat(filepath.Join(r.dir, "index.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("index.json written by an interrupted sync: %v", err)
	}
	r.m.SetFault(nil)
	rep, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, []Format{XZ})
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Releases[0].Files[0]; f.ResumedAt != int64(n) || f.Bytes != int64(len(whole)-n) {
		t.Errorf("resumed sync: %+v, want resumed at %d", f, n)
	}
	r.sameAsUpstream(t, xz20)
}

func TestSyncRefuses(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, r *syncRig)
		want  []string
	}{
		{"tampered archive", func(t *testing.T, r *syncRig) {
			r.m.Set(xz20, r.m.File(v22+"/node-v22.12.0-linux-x64.tar.xz"))
		}, []string{"checksum mismatch", "want sha256", "hint: "}},
		{"other key", func(t *testing.T, r *syncRig) {
			other, _ := sigtest.NewSigner("Mallory")
			asc, _ := other.ClearSign(r.m.File(sums20))
			r.m.Set(sums20+".asc", asc)
		}, []string{"SHASUMS256.txt.asc", "hint: no Node.js release key"}},
		{"txt differs from the signed one", func(t *testing.T, r *syncRig) {
			txt := bytes.Replace(r.m.File(sums20), []byte("linux-x64.tar.gz"), []byte("linux-x64.tar.bz"), 1)
			r.m.Set(sums20, txt)
		}, []string{"differs from the signed copy"}},
		{"bad detached signature", func(t *testing.T, r *syncRig) {
			sig, _ := r.m.Signer.DetachSign([]byte("something else\n"))
			r.m.Set(sums20+".sig", sig)
		}, []string{"SHASUMS256.txt.sig", "signature"}},
		{"unsigned", func(t *testing.T, r *syncRig) {
			r.m.Set(sums20+".asc", nil)
			r.m.Set(sums20+".sig", nil)
		}, []string{"no signature for SHASUMS256.txt", "--allow-unsigned"}},
		{"no such release", func(t *testing.T, r *syncRig) {}, []string{"no version matches", "hint: NVMGO_NODE_MIRROR="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newSyncRig(t)
			tt.spoil(t, r)
			spec := "20"
			if tt.name == "no such release" {
				spec = "19"
			}
			_, err := r.sync(t, []string{spec}, []string{"linux-x64"}, DefaultFormats)
			if err == nil {
				t.Fatal("sync succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(hint.Text(err), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if _, err := os.Stat(filepath.Join(r.dir, xz20)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s landed: %v", xz20, err)
			}
			if _, err := os.Stat(filepath.Join(r.dir, sums20)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s landed: %v", sums20, err)
			}
		})
	}
	t.Run("unsigned allowed", func(t *testing.T) {
		r := newSyncRig(t)
		r.m.Set(sums20+".asc", nil)
		r.m.Set(sums20+".sig", nil)
		r.s.AllowUnsigned = true
		rep, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, DefaultFormats)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Releases[0].Verified != "sha256 only (unsigned checksums)" || !strings.Contains(r.log.String(), "warning: ") {
			t.Errorf("verified %q, log:\n%s", rep.Releases[0].Verified, r.log)
		}
		r.sameAsUpstream(t, xz20)
	})
}

// A platform a release has no build for is reported, not an error.
func TestSyncMissingPlatform(t *testing.T) {
	r := newSyncRig(t)
	rep, err := r.sync(t, []string{"22"}, []string{"linux-x64", "darwin-arm64", "headers"}, DefaultFormats)
	if err != nil {
		t.Fatal(err)
	}
	rr := rep.Releases[0]
	if strings.Join(rr.Missing, ",") != "darwin-arm64,headers" || len(rr.Files) != 2 {
		t.Errorf("missing %v, files %+v", rr.Missing, rr.Files)
	}
	if !strings.Contains(r.log.String(), "v22.12.0 has no darwin-arm64 build") {
		t.Errorf("log:\n%s", r.log)
	}
}

// An upstream that is a partial copy itself (one tarball only) is synced
// from: what it lacks is reported, what it has lands.
func TestSyncFromPartialUpstream(t *testing.T) {
	r := newSyncRig(t)
	gz := v20 + "/node-v20.18.1-linux-x64.tar.gz"
	r.m.Set(gz, nil)
	rep, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, DefaultFormats)
	if err != nil {
		t.Fatal(err)
	}
	rr := rep.Releases[0]
	if strings.Join(rr.Unpublished, ",") != "node-v20.18.1-linux-x64.tar.gz" || len(rr.Missing) != 0 || rep.Downloaded != 1 {
		t.Errorf("unpublished %v, missing %v, %d downloaded", rr.Unpublished, rr.Missing, rep.Downloaded)
	}
	r.sameAsUpstream(t, xz20)
	if _, err := os.Stat(filepath.Join(r.dir, gz)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s: %v", gz, err)
	}
	if !strings.Contains(r.log.String(), "does not have it; skipped") {
		t.Errorf("log:\n%s", r.log)
	}
}

// A full disk or a read-only folder fails with the step that fixes it, and
// nothing lands under a final name.
func TestSyncDiskErrors(t *testing.T) {
	t.Run("full", func(t *testing.T) {
		r := newSyncRig(t)
		if err := faulttest.SetArchive(r.m, v20, "node-v20.18.1-linux-x64.tar.xz", faulttest.Random(512<<10, 3)); err != nil {
			t.Fatal(err)
		}
		r.m.Set(sums20+".sig", nil) // SetArchive signs the .asc only
		if err := os.MkdirAll(r.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		faulttest.MountTmpfs(t, r.dir, "256k")
		_, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, []Format{XZ})
		if err == nil || !strings.Contains(hint.Text(err), "no space left") || !strings.Contains(hint.Text(err), "\nhint: free space where "+r.dir) {
			t.Fatalf("sync on a full disk: %v", err)
		}
		if _, err := os.Stat(filepath.Join(r.dir, xz20)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s landed: %v", xz20, err)
		}
	})
	t.Run("read-only", func(t *testing.T) {
		r := newSyncRig(t)
		if err := os.MkdirAll(r.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		faulttest.ReadOnly(t, r.dir)
		_, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, []Format{XZ})
		if err == nil || !strings.Contains(hint.Text(err), "\nhint: "+r.dir+" is not writable") {
			t.Fatalf("sync into a read-only folder: %v", err)
		}
	})
}

// Two syncs of one folder never write it at once: the second waits for the
// first's lock, then finds everything there.
func TestSyncWaitsForAnotherSync(t *testing.T) {
	r := newSyncRig(t)
	if err := os.MkdirAll(filepath.Join(r.dir, WorkDir), 0o755); err != nil {
		t.Fatal(err)
	}
	other := flock.New(filepath.Join(r.dir, WorkDir, "lock"))
	if ok, err := other.TryLock(); err != nil || !ok {
		t.Fatalf("taking the lock: %v %v", ok, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, []Format{XZ})
		done <- err
	}()
	if !faulttest.Wait(20*time.Second, func() bool { return strings.Contains(r.log.String(), "waiting for another nvmgo mirror sync") }) {
		t.Fatalf("no waiting message:\n%s", r.log)
	}
	if n := r.m.Hits(xz20); n != 0 {
		t.Fatalf("downloaded %d times while another sync held the folder", n)
	}
	other.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r.sameAsUpstream(t, xz20)
}

// A password in the upstream URL is sent but never shown.
func TestSyncRedactsUpstreamPassword(t *testing.T) {
	r := newSyncRig(t)
	r.s.Upstream = strings.Replace(r.m.URL, "http://", "http://user:s3cret@", 1)
	rep, err := r.sync(t, []string{"20"}, []string{"linux-x64"}, []Format{XZ})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rep.Upstream, "s3cret") || !strings.Contains(rep.Upstream, "***@") {
		t.Errorf("report upstream %q", rep.Upstream)
	}
	_, err = r.sync(t, []string{"19"}, []string{"linux-x64"}, []Format{XZ})
	if err == nil || strings.Contains(hint.Text(err), "s3cret") {
		t.Errorf("error shows the password or is nil: %v", err)
	}
	if strings.Contains(r.log.String(), "s3cret") {
		t.Errorf("log shows the password:\n%s", r.log)
	}
}
