//go:build unix

package store

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

func statOwner(path string) (owner, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return owner{}, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return owner{}, fmt.Errorf("%s: no owner information", path)
	}
	return owner{mode: fi.Mode(), uid: st.Uid, gid: uint32(st.Gid), known: true}, nil
}

// privateGroup reports whether gid is uid's own group: the user's primary
// group, named as the user is (the user private groups of Debian, Fedora
// and others). It reads the user and group databases only for a
// group-writable folder, which is rare.
func privateGroup(uid, gid uint32) bool {
	u, err := user.LookupId(strconv.FormatUint(uint64(uid), 10))
	if err != nil || u.Gid != strconv.FormatUint(uint64(gid), 10) {
		return false
	}
	g, err := user.LookupGroupId(u.Gid)
	return err == nil && g.Name == u.Username
}
