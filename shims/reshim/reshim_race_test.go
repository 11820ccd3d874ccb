//go:build !windows

package reshim

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

func TestReshimConcurrent(t *testing.T) {
	for round := 0; round < 50; round++ {
		root := t.TempDir()
		h := store.Home{Root: root}
		src := filepath.Join(root, "src-shim")
		if err := os.WriteFile(src, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 16)
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := Reshim(h, "linux", src); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}
