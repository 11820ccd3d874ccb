//go:build nvmgotest

package main

import (
	"fmt"
	"os"

	"github.com/nvmgo/nvmgo/download/signature"
)

// extraKeys, in test builds only (-tags nvmgotest), trusts the armored keys
// in NVMGO_TEST_KEYRING instead of the release keys, so tests can sign their
// own mirrors. Release builds do not contain this code.
func extraKeys(getenv func(string) string, kr *signature.Keyring) (*signature.Keyring, error) {
	path := getenv("NVMGO_TEST_KEYRING")
	if path == "" {
		return kr, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("NVMGO_TEST_KEYRING: %w", err)
	}
	return signature.ParseKeyring(b)
}
