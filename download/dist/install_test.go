package dist

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestWithHint(t *testing.T) {
	base := errors.New("GET x: 503 Service Unavailable")
	tests := []struct {
		err  error
		want string // "" for nil
	}{
		{nil, ""},
		{base, "GET x: 503 Service Unavailable\nhint: do this"},
		{fmt.Errorf("%w\nhint: already", base), "GET x: 503 Service Unavailable\nhint: already"},
		{context.Canceled, "context canceled"},
		{fmt.Errorf("GET x: %w", context.Canceled), "GET x: context canceled"},
	}
	for _, tt := range tests {
		got := withHint(tt.err, "do this")
		if (got == nil) != (tt.want == "") || got != nil && got.Error() != tt.want {
			t.Errorf("withHint(%v) = %v, want %q", tt.err, got, tt.want)
		}
		if tt.err != nil && !errors.Is(got, tt.err) {
			t.Errorf("withHint(%v) lost the wrapped error", tt.err)
		}
	}
}
