package globals

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxDefaultPackages bounds the file; real ones are a few lines.
const maxDefaultPackages = 1 << 20

// DefaultPackagesFile is the default-packages file that applies: nvmgo's
// own in its home, else nvm's in $NVM_DIR (default ~/.nvm), else "".
func DefaultPackagesFile(nvmgoHome string, getenv func(string) string) string {
	candidates := []string{filepath.Join(nvmgoHome, "default-packages")}
	if d := getenv("NVM_DIR"); d != "" {
		candidates = append(candidates, filepath.Join(d, "default-packages"))
	} else if h := getenv("HOME"); h != "" {
		candidates = append(candidates, filepath.Join(h, ".nvm", "default-packages"))
	}
	for i, c := range candidates {
		if fi, err := os.Stat(c); err == nil && fi.Mode().IsRegular() {
			return c
		} else if i == 0 && err != nil && !errors.Is(err, fs.ErrNotExist) {
			return c // let the reader say what is wrong with nvmgo's own
		}
	}
	return ""
}

// ReadDefaultPackages reads a default-packages file in nvm's format: one
// package spec per line (anything npm install accepts); blank lines and
// lines whose first non-blank character is # are skipped; a line with two
// words is an error, as in nvm, which names the line.
func ReadDefaultPackages(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxDefaultPackages+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxDefaultPackages {
		return nil, fmt.Errorf("%s: larger than %d bytes; it should list a few packages", path, maxDefaultPackages)
	}
	return parseDefaultPackages(path, string(b))
}

func parseDefaultPackages(path, text string) ([]string, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	var specs []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(strings.Fields(line)) > 1 {
			return nil, fmt.Errorf("%s:%d: only one package per line is allowed (%q)", path, i+1, line)
		}
		if strings.HasPrefix(line, "-") {
			return nil, fmt.Errorf("%s:%d: %q is an npm option, not a package", path, i+1, line)
		}
		specs = append(specs, line)
	}
	return specs, nil
}
