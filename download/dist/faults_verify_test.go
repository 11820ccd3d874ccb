package dist

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nvmgo/nvmgo/download/extract/archivetest"
	"github.com/nvmgo/nvmgo/download/signature/sigtest"
	"github.com/nvmgo/nvmgo/internal/faulttest"
	"github.com/nvmgo/nvmgo/internal/testmirror"
)

// Faults in what the mirror serves rather than in how: archives that do not
// match SHASUMS256.txt, checksums that do not list the archive, signatures
// that do not verify.

func TestFaultChecksumMismatch(t *testing.T) {
	t.Run("corrupt-byte", func(t *testing.T) {
		r := newRig(t, "linux")
		data := bytes.Clone(r.data())
		data[len(data)/2] ^= 0xff
		r.m.Set(r.path(), data)
		r.mustFail(t, "checksum mismatch for "+r.art.FileName, "want sha256", "got", "the download was removed")
	})
	t.Run("other-valid-archive", func(t *testing.T) {
		// It unpacks fine; only the sha256 stops it.
		r := newRig(t, "linux")
		top := "node-" + faultVersion + "-linux-x64"
		tree := testmirror.UnixTree(top, r.rel, "/bin/false")
		r.m.Set(r.path(), archivetest.TarXz(tree))
		r.mustFail(t, "checksum mismatch for "+r.art.FileName)
	})
	t.Run("zip", func(t *testing.T) {
		r := newRig(t, "windows")
		data := bytes.Clone(r.data())
		data[len(data)/2] ^= 0xff
		r.m.Set(r.path(), data)
		r.mustFail(t, "checksum mismatch for "+r.art.FileName)
	})
}

func TestFaultMissingShasumsEntry(t *testing.T) {
	r := newRig(t, "linux")
	var kept []string
	for _, line := range strings.SplitAfter(string(r.m.File(faultVersion+"/SHASUMS256.txt")), "\n") {
		if !strings.Contains(line, "linux-x64") {
			kept = append(kept, line)
		}
	}
	if err := faulttest.SetSums(r.m, faultVersion, []byte(strings.Join(kept, "")), nil, ""); err != nil {
		t.Fatal(err)
	}
	r.mustFail(t, "has no entry for "+r.art.FileName, "the mirror is incomplete")
	if n := r.m.Hits(r.path()); n != 0 {
		t.Errorf("the archive was downloaded %d times without a checksum", n)
	}
}

func TestFaultBadSignature(t *testing.T) {
	sumsPath := faultVersion + "/SHASUMS256.txt"
	tests := []struct {
		name  string
		spoil func(t *testing.T, r *rig)
		want  []string
	}{
		{"tampered-asc", func(t *testing.T, r *rig) {
			asc := r.m.File(sumsPath + ".asc")
			i := bytes.Index(asc, []byte("-linux-x64.tar.xz")) - 70 // inside that line's sha256
			asc = bytes.Clone(asc)
			if asc[i] == '0' {
				asc[i] = '1'
			} else {
				asc[i] = '0'
			}
			r.m.Set(sumsPath+".asc", asc)
		}, []string{"SHASUMS256.txt.asc", "signature"}},
		{"other-key", func(t *testing.T, r *rig) {
			other, err := sigtest.NewSigner("Mallory")
			if err != nil {
				t.Fatal(err)
			}
			asc, err := other.ClearSign(r.m.File(sumsPath))
			if err != nil {
				t.Fatal(err)
			}
			r.m.Set(sumsPath+".asc", asc)
		}, []string{"SHASUMS256.txt.asc", "key"}},
		{"bad-detached-sig", func(t *testing.T, r *rig) {
			sig, err := r.m.Signer.DetachSign([]byte("something else\n"))
			if err != nil {
				t.Fatal(err)
			}
			r.m.Set(sumsPath+".asc", nil)
			r.m.Set(sumsPath+".sig", sig)
		}, []string{"SHASUMS256.txt.sig", "signature"}},
		{"garbage-asc", func(t *testing.T, r *rig) {
			r.m.Set(sumsPath+".asc", []byte("<html>not found</html>\n"))
		}, []string{"SHASUMS256.txt.asc"}},
		{"unsigned", func(t *testing.T, r *rig) {
			r.m.Set(sumsPath+".asc", nil)
		}, []string{"no signature for SHASUMS256.txt", "--allow-unsigned"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, "linux")
			tt.spoil(t, r)
			r.mustFail(t, tt.want...)
			if n := r.m.Hits(r.path()); n != 0 {
				t.Errorf("the archive was downloaded %d times before the checksums were trusted", n)
			}
		})
	}
	t.Run("unsigned-allowed", func(t *testing.T) {
		r := newRig(t, "linux")
		r.m.Set(sumsPath+".asc", nil)
		r.in.AllowUnsigned = true
		res := r.mustInstall(t)
		if res.Meta.Verified != "sha256 only (unsigned checksums)" {
			t.Errorf("Verified = %q", res.Meta.Verified)
		}
		if !strings.Contains(r.log.String(), "warning: ") {
			t.Errorf("no warning about the unsigned checksums:\n%s", r.log)
		}
	})
}
