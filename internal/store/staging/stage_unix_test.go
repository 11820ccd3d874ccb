//go:build unix

package staging

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
)

// An install refuses to write into a home another user owns or can write.
func TestStageRefusesUnsafeHome(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(root string) error
		root  bool // needs root (chown)
	}{
		{"world-writable", func(r string) error { return os.Chmod(r, 0o777) }, false},
		{"versions world-writable", func(r string) error { return os.Mkdir(store.Home{Root: r}.VersionsDir(), 0o777|os.ModeSticky) }, false},
		{"another user's", func(r string) error { return os.Chown(r, 4242, 4242) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.root && os.Geteuid() != 0 {
				t.Skip("chown needs root")
			}
			in := stageInstaller(t.TempDir())
			if err := tt.spoil(in.Home.Root); err != nil {
				t.Fatal(err)
			}
			os.Chmod(in.Home.VersionsDir(), 0o777|os.ModeSticky) // past the umask
			filled := false
			_, err := in.Stage(context.Background(), stageRelease(t), func(context.Context, string, string) (store.Meta, error) {
				filled = true
				return store.Meta{}, nil
			})
			if err == nil || !strings.Contains(hint.Text(err), "cannot be trusted") || !strings.Contains(hint.Text(err), "hint: ") || filled {
				t.Errorf("Stage = %v (filled %v); want a refusal before any download", err, filled)
			}
		})
	}
}
