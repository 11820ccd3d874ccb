package shims

import (
	"os"
	"os/signal"
)

// ignoreInterrupts makes the shim survive Ctrl-C while a child runs; the
// child, in the same process group or console, gets the signal itself. It
// catches rather than ignores the signal: an ignored signal would stay
// ignored in the child across exec.
func ignoreInterrupts() (restore func()) {
	ch := make(chan os.Signal, 4)
	signal.Notify(ch, os.Interrupt)
	return func() { signal.Stop(ch) }
}
