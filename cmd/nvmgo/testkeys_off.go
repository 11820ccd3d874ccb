//go:build !nvmgotest

package main

import "github.com/nvmgo/nvmgo/download/signature"

// extraKeys is the release build's keyring: the embedded Node.js release
// keys and nothing else; no setting can add a key.
func extraKeys(_ func(string) string, kr *signature.Keyring) (*signature.Keyring, error) {
	return kr, nil
}
