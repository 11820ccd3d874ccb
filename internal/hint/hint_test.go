package hint

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestWith(t *testing.T) {
	base := errors.New("GET https://example/x: 404")
	tests := []struct {
		name     string
		err      error
		wantMsg  string
		wantHint string
		wantText string
	}{
		{"plain", With(base, "check the mirror"), base.Error(), "check the mirror",
			base.Error() + "\nhint: check the mirror"},
		{"wrapped keeps the hint", fmt.Errorf("install v20.1.0: %w", With(base, "check the mirror")),
			"install v20.1.0: " + base.Error(), "check the mirror",
			"install v20.1.0: " + base.Error() + "\nhint: check the mirror"},
		{"first hint wins", With(With(base, "inner"), "outer"), base.Error(), "inner",
			base.Error() + "\nhint: inner"},
		{"no hint", fmt.Errorf("x: %w", base), "x: " + base.Error(), "", "x: " + base.Error()},
		{"empty hint is none", With(base, ""), base.Error(), "", base.Error()},
		{"cancelled gets none", With(fmt.Errorf("get: %w", context.Canceled), "retry"),
			"get: context canceled", "", "get: context canceled"},
		{"New", New("no version given", "name one"), "no version given", "name one",
			"no version given\nhint: name one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.wantMsg {
				t.Errorf("Error() = %q, want %q", got, tt.wantMsg)
			}
			if got := Of(tt.err); got != tt.wantHint {
				t.Errorf("Of() = %q, want %q", got, tt.wantHint)
			}
			if got := Text(tt.err); got != tt.wantText {
				t.Errorf("Text() = %q, want %q", got, tt.wantText)
			}
		})
	}
	if With(nil, "x") != nil {
		t.Error("With(nil) is not nil")
	}
	if !errors.Is(With(base, "h"), base) {
		t.Error("With hides the cause from errors.Is")
	}
}
