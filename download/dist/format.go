package dist

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/nvmgo/nvmgo/download"
)

// Choosing .tar.xz or .tar.gz by the link. A Node .tar.gz is about 1.8
// times the size of the .tar.xz, but decodes four to five times faster
// (measured here: ~0.6 s against ~3 s for one release). Download and
// decoding overlap, so an install takes about max(bytes/rate, decode time):
// the .tar.gz wins once the link carries its extra ~20 MB in less than the
// ~2.5 s of decoding it saves, from about 20 MB/s.
const (
	// FastLink is the measured rate from which .tar.gz is chosen.
	FastLink = 20 << 20 // bytes per second
	// probeBytes is how much of the .tar.xz is read to measure the rate.
	probeBytes = 2 << 20
)

// openArchive opens the archive to install. When AutoFormat is on and the
// chosen file is a .tar.xz with a .tar.gz beside it in SHASUMS256.txt, it
// reads the first probeBytes, measures the rate and switches to the .tar.gz
// on a fast link. It returns the stream, the bytes already read from it
// (to be hashed and unpacked first), and the file name and checksum in use.
func (in *Installer) openArchive(ctx context.Context, base, name, want string, sums Shasums) (*download.Stream, []byte, string, string, error) {
	s, err := in.Client.Open(ctx, base+"/"+name, in.MaxArchive)
	if err != nil {
		// A mirror may hold one of the two tarballs only (mirror sync
		// --formats xz): take the other one SHASUMS256.txt lists.
		alt, altSum, ok := otherTarball(name, sums)
		if !ok || !download.NotFound(err) {
			return nil, nil, "", "", err
		}
		if s, err = in.Client.Open(ctx, base+"/"+alt, in.MaxArchive); err != nil {
			return nil, nil, "", "", err
		}
		in.logf("nvmgo: the mirror has no %s; using %s", name, alt)
		return s, nil, alt, altSum, nil
	}
	gzName := strings.TrimSuffix(name, ".xz") + ".gz"
	gzSum, haveGz := sums.Lookup(gzName)
	if !in.AutoFormat || !strings.HasSuffix(name, ".tar.xz") || !haveGz {
		return s, nil, name, want, nil
	}
	head := make([]byte, probeBytes)
	now := in.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	n, err := io.ReadFull(s, head)
	elapsed := now().Sub(start)
	head = head[:n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return s, head, name, want, nil // the whole file is smaller than the probe
	}
	if err != nil {
		s.Close()
		return nil, nil, "", "", err
	}
	rate := linkRate(n, elapsed)
	if rate < FastLink {
		return s, head, name, want, nil
	}
	gz, err := in.Client.Open(ctx, base+"/"+gzName, in.MaxArchive)
	if download.NotFound(err) {
		return s, head, name, want, nil // a mirror with the .tar.xz only
	}
	s.Close()
	if err != nil {
		return nil, nil, "", "", fmt.Errorf("switching to %s: %w", gzName, err)
	}
	speed := "over 1 GB/s"
	if rate < 1<<30 {
		speed = fmt.Sprintf("%.0f MB/s", rate/(1<<20))
	}
	in.logf("nvmgo: fast link (%s): %s decodes faster than the .tar.xz", speed, gzName)
	return gz, nil, gzName, gzSum, nil
}

// otherTarball names the .tar.gz of a .tar.xz and the other way round, with
// its checksum, when SHASUMS256.txt lists it.
func otherTarball(name string, sums Shasums) (string, string, bool) {
	var alt string
	switch {
	case strings.HasSuffix(name, ".tar.xz"):
		alt = strings.TrimSuffix(name, ".xz") + ".gz"
	case strings.HasSuffix(name, ".tar.gz"):
		alt = strings.TrimSuffix(name, ".gz") + ".xz"
	default:
		return "", "", false
	}
	sum, ok := sums.Lookup(alt)
	return alt, sum, ok
}

// linkRate is n bytes over elapsed in bytes per second; a read too quick
// for the clock to see counts as infinitely fast.
func linkRate(n int, elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return math.Inf(1)
	}
	return float64(n) / elapsed.Seconds()
}
