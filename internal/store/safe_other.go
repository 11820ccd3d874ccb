//go:build !unix

package store

import "os"

// statOwner reads no owner outside unix: Windows guards folders with ACLs,
// which nvmgo does not judge (see the README's Trust section).
func statOwner(path string) (owner, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return owner{}, err
	}
	return owner{mode: fi.Mode()}, nil
}

func privateGroup(uid, gid uint32) bool { return false }
