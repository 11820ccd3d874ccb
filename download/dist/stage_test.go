package dist

import (
	"errors"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/store"
)

func TestWrapExtractSaysWhatWasTrue(t *testing.T) {
	h := store.Home{Root: "/h"}
	refused := errors.New(`unsafe archive entry "x"`)
	if got := wrapExtract(h, "a.tar.xz", true, refused).Error(); !strings.Contains(got, "signed sha256") {
		t.Errorf("signed: %q", got)
	}
	got := wrapExtract(h, "a.tar.xz", false, refused).Error()
	if strings.Contains(got, "signed sha256") || !strings.Contains(got, "unsigned") {
		t.Errorf("unsigned: %q", got)
	}
}
