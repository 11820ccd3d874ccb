//go:build !unix

package extract

// oNoFollow is 0 where the system has no O_NOFOLLOW; O_EXCL still refuses
// an existing path, and Extract makes no symlinks there.
const oNoFollow = 0
