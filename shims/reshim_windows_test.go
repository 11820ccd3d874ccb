package shims_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/shims"
	"github.com/nvmgo/nvmgo/shims/reshim"
)

// A running shim cannot be overwritten on Windows, but it can be renamed:
// Reshim with a new shim binary must succeed while a shim runs, and the
// renamed-away file goes at the next Reshim once it has ended.
func TestWindowsReshimWhileShimRuns(t *testing.T) {
	s := shims.NewTestHome(t)
	gate, ready := filepath.Join(t.TempDir(), "go"), filepath.Join(t.TempDir(), "ready")
	c, output := s.Command(t, nil, "node", "wait-file", gate, ready)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = os.WriteFile(gate, nil, 0o644); _ = c.Wait() }()
	shims.WaitFile(t, ready) // node.exe runs behind shims\node.exe now

	newer := filepath.Join(t.TempDir(), "nvmgo-shim.exe")
	b, err := os.ReadFile(s.Exe())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(newer, append(b, 0), 0o755); err != nil { // different bytes, same program
		t.Fatal(err)
	}
	if _, _, err := reshim.Reshim(s.Home(), "windows", newer); err != nil {
		t.Fatalf("Reshim while node.exe runs: %v", err)
	}
	got, err := os.ReadFile(filepath.Join(s.Home().ShimsDir(), "node.exe"))
	if err != nil || len(got) != len(b)+1 {
		t.Errorf("shims\\node.exe has %d bytes, %v; want the new binary's %d", len(got), err, len(b)+1)
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.Wait(); err != nil {
		o, e := output()
		t.Fatalf("the running shim: %v (stdout %q, stderr %q)", err, o, e)
	}
	if _, _, err := shims.Relink(s.Home(), "windows", false); err != nil {
		t.Fatal(err)
	}
	for _, n := range shims.DirNames(t, s.Home().ShimsDir()) {
		if !strings.HasSuffix(n, ".exe") {
			t.Errorf("left in shims after the shim ended: %s", n)
		}
	}
}
