package shell

import (
	"os"
	"strconv"
	"strings"
)

// ParentProcessName returns the command name of the parent process from
// /proc, or "" when it cannot be read.
func ParentProcessName() string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(os.Getppid()) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
