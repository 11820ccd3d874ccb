package dist

import (
	"errors"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/internal/hint"
	"github.com/nvmgo/nvmgo/internal/store"
)

func TestWrapExtractSaysWhatWasTrue(t *testing.T) {
	h := store.Home{Root: "/h"}
	refused := errors.New(`unsafe archive entry "x"`)
	if got := hint.Text(wrapExtract(h, "a.tar.xz", true, refused)); !strings.Contains(got, "signed sha256") {
		t.Errorf("signed: %q", got)
	}
	got := hint.Text(wrapExtract(h, "a.tar.xz", false, refused))
	if strings.Contains(got, "signed sha256") || !strings.Contains(got, "unsigned") {
		t.Errorf("unsigned: %q", got)
	}
}
