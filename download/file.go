package download

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// file:// mirrors go through the same client as http(s) ones, so a folder
// written by `nvmgo mirror sync` (or copied from a USB stick) works wherever
// a mirror URL does: index, checksums, signatures and archives, Range
// requests included. net/http's file transport answers like a static web
// server (200, 404, 206); fileTransport adds the path rules of each OS.

// registerFile makes tr answer file:// URLs from the local disk.
func registerFile(tr *http.Transport) {
	tr.RegisterProtocol("file", fileTransport{h: http.NewFileTransport(osDir{})})
}

type fileTransport struct{ h http.RoundTripper }

func (t fileTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if _, err := FilePath(req.URL.String(), runtime.GOOS); err != nil {
		return nil, err
	}
	return t.h.RoundTrip(req)
}

// osDir opens the paths of file:// URLs as the OS spells them: on Windows
// "/C:/mirror/index.json" is C:\mirror\index.json.
type osDir struct{}

func (osDir) Open(name string) (http.File, error) {
	p := filepath.FromSlash(name)
	if runtime.GOOS == "windows" {
		p = filepath.FromSlash(strings.TrimPrefix(name, "/"))
	}
	return os.Open(p)
}

// FilePath returns the local path a file:// URL names on goos: a URL with a
// host other than localhost is refused (UNC shares: map a drive instead),
// and on Windows the path must start with a drive letter.
func FilePath(raw, goos string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: not a file:// URL", raw)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("%s: file:// URLs with a host (%s) are not supported; use file:///PATH", raw, u.Host)
	}
	p := u.Path
	if goos != "windows" {
		if !strings.HasPrefix(p, "/") {
			return "", fmt.Errorf("%s: want an absolute path, as in file:///srv/node-mirror", raw)
		}
		return p, nil
	}
	p = strings.TrimPrefix(p, "/")
	if len(p) < 3 || p[1] != ':' || p[2] != '/' || !isLetter(p[0]) {
		return "", fmt.Errorf("%s: want a drive letter, as in file:///C:/node-mirror", raw)
	}
	return strings.ReplaceAll(p, "/", `\`), nil
}

// FileURL returns the file:// URL of an absolute local path on goos.
func FileURL(path, goos string) string {
	p := path
	if goos == "windows" {
		p = "/" + strings.ReplaceAll(p, `\`, "/")
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// MirrorURL turns a mirror setting into a URL: an absolute local path
// (/srv/node-dist, C:\node-dist) becomes its file:// URL, anything else is
// kept as it is.
func MirrorURL(v string) string {
	if filepath.IsAbs(v) {
		return strings.TrimRight(FileURL(filepath.Clean(v), runtime.GOOS), "/")
	}
	return v
}
