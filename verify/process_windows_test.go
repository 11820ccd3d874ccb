package verify

import (
	"testing"

	"golang.org/x/sys/windows"
)

// assertGone fails the test for each pid that still runs. A process that
// has exited can still be opened while anyone holds a handle to it, so
// its exit code tells.
func assertGone(t *testing.T, pids []int) {
	t.Helper()
	for _, pid := range pids {
		h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
		if err != nil {
			continue
		}
		var code uint32
		err = windows.GetExitCodeProcess(h, &code)
		_ = windows.CloseHandle(h)
		if err == nil && code == uint32(windows.STATUS_PENDING) {
			t.Errorf("process %d is still running", pid)
		}
	}
}
