package main

import (
	"io"
	"testing"

	"github.com/nvmgo/nvmgo/shell"
)

// BenchmarkRefreshEnvFilesFresh is the cost every nvmgo command pays when
// setup rendered the files and they are fresh: one small read and a few
// stats. (Where nothing was rendered it is one failed open.)
func BenchmarkRefreshEnvFilesFresh(b *testing.B) {
	root := b.TempDir()
	a := newApp(nil, io.Discard, io.Discard, func(k string) string {
		return map[string]string{"NVMGO_HOME": root}[k]
	})
	h, _ := a.home()
	exe, err := selfPath()
	if err != nil {
		b.Fatal(err)
	}
	if err := a.renderEnvFiles(h, exe); err != nil {
		b.Fatal(err)
	}
	before, _ := shell.ReadStamp(root)
	b.ResetTimer()
	for range b.N {
		a.refreshEnvFiles()
	}
	b.StopTimer()
	if after, _ := shell.ReadStamp(root); after != before {
		b.Errorf("fresh files were re-rendered: %+v -> %+v", before, after)
	}
}

// BenchmarkRefreshEnvFilesNone: no files rendered in this home.
func BenchmarkRefreshEnvFilesNone(b *testing.B) {
	root := b.TempDir()
	a := newApp(nil, io.Discard, io.Discard, func(k string) string {
		return map[string]string{"NVMGO_HOME": root}[k]
	})
	for range b.N {
		a.refreshEnvFiles()
	}
}
