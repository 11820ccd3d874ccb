package env

import "testing"

func TestBool(t *testing.T) {
	tests := []struct {
		in         string
		value, set bool
		yes, no    bool
	}{
		{"", false, false, false, false},
		{"1", true, true, true, false},
		{"true", true, true, true, false},
		{"TRUE", true, true, true, false},
		{"True", true, true, true, false},
		{"yes", true, true, true, false},
		{"Yes", true, true, true, false},
		{"on", true, true, true, false},
		{" 1 ", true, true, true, false},
		{"0", false, true, false, true},
		{"false", false, true, false, true},
		{"FALSE", false, true, false, true},
		{"no", false, true, false, true},
		{"off", false, true, false, true},
		{"2", false, false, false, false},
		{"y", false, false, false, false},
		{"enable", false, false, false, false},
		{"truthy", false, false, false, false},
	}
	for _, tt := range tests {
		v, set := Bool(tt.in)
		if v != tt.value || set != tt.set {
			t.Errorf("Bool(%q) = %v, %v; want %v, %v", tt.in, v, set, tt.value, tt.set)
		}
		if got := Yes(tt.in); got != tt.yes {
			t.Errorf("Yes(%q) = %v, want %v", tt.in, got, tt.yes)
		}
		if got := No(tt.in); got != tt.no {
			t.Errorf("No(%q) = %v, want %v", tt.in, got, tt.no)
		}
	}
}
