// Package faulttest holds what the fault-injection tests share: the check that versions/ holds only complete installs, mirror faults, big archives and small or read-only file systems.
package faulttest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
	"github.com/nvmgo/nvmgo/internal/store"
	"github.com/nvmgo/nvmgo/internal/testmirror"
	"github.com/nvmgo/nvmgo/versions"
)

// CheckTag starts the line AssertOnlyComplete logs for every case it checks;
// scripts/faults.sh counts these lines.
const CheckTag = "faults-check"

// BrokenTag starts each error about an incomplete folder in versions/;
// scripts/faults.sh counts these as broken installs.
const BrokenTag = "BROKEN INSTALL"

// AssertOnlyComplete fails t for every entry of root's versions/ folder that
// is not a complete, verified install: a folder named by a canonical
// version, holding metadata for that version with a sha256 and what was
// verified, and an executable node. It returns the number of complete ones.
func AssertOnlyComplete(t testing.TB, root string) int {
	t.Helper()
	h := store.Home{Root: root}
	ents, err := os.ReadDir(h.VersionsDir())
	if err != nil && !os.IsNotExist(err) {
		t.Errorf("%s %s: %v", BrokenTag, h.VersionsDir(), err)
		return 0
	}
	complete, broken := 0, 0
	for _, e := range ents {
		dir := filepath.Join(h.VersionsDir(), e.Name())
		if reason := incomplete(dir, e); reason != "" {
			t.Errorf("%s %s: %s", BrokenTag, dir, reason)
			broken++
			continue
		}
		complete++
	}
	t.Logf("%s %s: versions/ holds %d complete installs, %d broken", CheckTag, t.Name(), complete, broken)
	return complete
}

func incomplete(dir string, e os.DirEntry) string {
	if !e.IsDir() {
		return "not a folder"
	}
	v, err := versions.ParseVersion(e.Name())
	if err != nil || v.String() != e.Name() {
		return "not named by a version"
	}
	if err := store.CheckVersion(dir); err != nil { // the rule nvmgo itself applies
		return err.Error()
	}
	m, err := store.ReadMeta(dir)
	if err != nil {
		return "no readable " + store.MetaName + ": " + err.Error()
	}
	if m.Version != e.Name() {
		return fmt.Sprintf("metadata says %q", m.Version)
	}
	if _, err := hex.DecodeString(m.SHA256); err != nil || len(m.SHA256) != 64 {
		return fmt.Sprintf("metadata sha256 %q", m.SHA256)
	}
	if m.Verified == "" || m.File == "" {
		return "metadata does not say what was verified"
	}
	goos := "linux"
	if strings.HasPrefix(m.Platform, "win-") {
		goos = "windows"
	}
	fi, err := os.Stat(store.NodeExe(dir, goos))
	switch {
	case err != nil:
		return "no node binary: " + err.Error()
	case !fi.Mode().IsRegular():
		return "node is not a file"
	case goos != "windows" && fi.Mode().Perm()&0o111 == 0:
		return "node is not executable"
	}
	return ""
}

// Staging lists what is left in root's tmp/ folder.
func Staging(root string) []string {
	ents, _ := os.ReadDir(store.Home{Root: root}.TmpDir())
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// AssertNoStaging fails t when root's tmp/ folder holds anything.
func AssertNoStaging(t testing.TB, root string) {
	t.Helper()
	if left := Staging(root); len(left) > 0 {
		t.Errorf("staging litter in %s: %v", store.Home{Root: root}.TmpDir(), left)
	}
}

// AssertHint fails t unless msg names want and has a hint line.
func AssertHint(t testing.TB, msg string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error does not name %q:\n%s", w, msg)
		}
	}
	if !strings.Contains(msg, "\nhint: ") {
		t.Errorf("error has no hint line with the next step:\n%s", msg)
	}
	if strings.Contains(msg, "panic") || strings.Contains(msg, "goroutine ") {
		t.Errorf("panic:\n%s", msg)
	}
}

// Random returns n incompressible bytes, the same for the same seed.
func Random(n int, seed uint64) []byte {
	var s [32]byte
	s[0] = byte(seed)
	r := rand.NewChaCha8(s)
	b := make([]byte, n)
	_, _ = r.Read(b)
	return b
}

// BigTarGz is the test mirror's linux archive of rel for tag, with an
// incompressible file of size bytes (lib/big.bin) at the end, so that
// extraction takes a while and fills a small disk.
func BigTarGz(rel versions.Release, tag, realNode string, size int) []byte {
	top := "node-" + rel.Version + "-" + tag
	tree := testmirror.UnixTree(top, rel, realNode)
	tree = append(tree, archivetest.Entry{Name: top + "/lib/big.bin", Body: Random(size, 1)})
	return archivetest.TarGz(tree)
}

// SetArchive replaces one archive of a test mirror and updates
// SHASUMS256.txt and its signature to match, so only the size changes.
func SetArchive(m *testmirror.Mirror, version, name string, data []byte) error {
	sumsPath := version + "/SHASUMS256.txt"
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(m.File(sumsPath)), "\n") {
		if !strings.HasSuffix(strings.TrimSuffix(line, "\n"), "  "+name) {
			out.WriteString(line)
		}
	}
	sum := sha256.Sum256(data)
	fmt.Fprintf(&out, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	return SetSums(m, version, out.Bytes(), data, name)
}

// SetSums serves sums as the release's SHASUMS256.txt, clearsigned by the
// mirror's key, and data (when not nil) as the file name.
func SetSums(m *testmirror.Mirror, version string, sums, data []byte, name string) error {
	asc, err := m.Signer.ClearSign(sums)
	if err != nil {
		return err
	}
	if data != nil {
		m.Set(version+"/"+name, data)
	}
	m.Set(version+"/SHASUMS256.txt", sums)
	m.Set(version+"/SHASUMS256.txt.asc", asc)
	return nil
}

// ETag is the ETag the test mirror gives data.
func ETag(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// StallAfter returns a fault for path: a 200 with the full Content-Length
// that sends the first n bytes of data, signals reached (once, if not nil),
// and then sends nothing until the client goes away. Other paths pass.
func StallAfter(path string, data []byte, n int, reached chan<- struct{}) func(http.ResponseWriter, *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/"+path {
			return false
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Header().Set("ETag", ETag(data))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(data[:n])
		http.NewResponseController(w).Flush()
		if reached != nil {
			select {
			case reached <- struct{}{}:
			default:
			}
		}
		<-r.Context().Done()
		return true
	}
}

// Reset answers with the full Content-Length and ETag of data, sends the
// first n bytes, then resets the TCP connection (RST, not a clean close).
func Reset(w http.ResponseWriter, data []byte, n int) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nETag: %s\r\nContent-Type: application/octet-stream\r\n\r\n", len(data), ETag(data))
	_, _ = buf.Write(data[:n])
	_ = buf.Flush()
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	conn.Close()
}

// Wait polls cond every 10ms until it holds or d passes.
func Wait(d time.Duration, cond func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// MountTmpfs mounts a tmpfs of the given size ("2m") on dir for the test,
// or skips the test when that is not possible (not root, no mount). Mode
// 0700: a tmpfs root is 1777 by default, which nvmgo refuses as a home.
func MountTmpfs(t testing.TB, dir, size string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs on %s: %v: %s", dir, err, out)
	}
	t.Cleanup(func() { unmount(t, dir) })
}

// ReadOnly makes dir read-only for the test: a read-only bind mount of it
// when running as root (root ignores modes), else mode 0555 on it and every
// folder in it.
func ReadOnly(t testing.TB, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		chmodDirs(t, dir, 0o555)
		t.Cleanup(func() { chmodDirs(t, dir, 0o755) })
		return
	}
	if out, err := exec.Command("mount", "--bind", dir, dir).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount %s: %v: %s", dir, err, out)
	}
	t.Cleanup(func() { unmount(t, dir) })
	if out, err := exec.Command("mount", "-o", "remount,ro,bind", dir).CombinedOutput(); err != nil {
		t.Fatalf("cannot remount %s read-only: %v: %s", dir, err, out)
	}
}

func chmodDirs(t testing.TB, dir string, mode os.FileMode) {
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	if mode&0o200 == 0 {
		slices.Reverse(dirs) // children first, while their parents still open
	}
	for _, d := range dirs {
		if err := os.Chmod(d, mode); err != nil {
			t.Error(err)
		}
	}
}

func unmount(t testing.TB, dir string) {
	if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
		t.Logf("umount %s: %v: %s; detaching it", dir, err, out)
		_ = exec.Command("umount", "-l", dir).Run()
	}
}

// Endless answers 200 with no Content-Length, sends prefix and then zeros
// for as long as the client reads: a body that never ends.
func Endless(w http.ResponseWriter, r *http.Request, prefix []byte) {
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(prefix); err != nil {
		return
	}
	zeros := make([]byte, 32<<10)
	for r.Context().Err() == nil {
		if _, err := w.Write(zeros); err != nil {
			return
		}
	}
}

// Silent sends nothing, not even headers, until the client goes away.
func Silent(_ http.ResponseWriter, r *http.Request) {
	<-r.Context().Done()
}

// Trickle answers 200 and sends prefix, then sends nothing until the
// client goes away: headers and a few bytes, then a stall.
func Trickle(w http.ResponseWriter, r *http.Request, prefix []byte) {
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(prefix)
	http.NewResponseController(w).Flush()
	<-r.Context().Done()
}
