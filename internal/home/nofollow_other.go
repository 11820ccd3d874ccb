//go:build !unix

package home

// oNoFollow is unix's O_NOFOLLOW; elsewhere O_EXCL alone refuses an
// existing name.
const oNoFollow = 0
