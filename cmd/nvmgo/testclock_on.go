//go:build nvmgotest

package main

import "time"

// testDay, in test builds only (-tags nvmgotest), is the day in
// NVMGO_TEST_TODAY (YYYY-MM-DD), so end-to-end scripts judge release lines
// on a fixed date. Release builds do not contain this code.
func testDay(getenv func(string) string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, getenv("NVMGO_TEST_TODAY"))
	return t, err == nil
}
