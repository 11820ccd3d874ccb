// Command interleave times shell commands for the benchmark scripts: it runs
// each of them in turn, round after round, so that a busy machine slows them
// alike (each round in a rotated order), and prints per command the median wall time and the median CPU time
// (user + system, from the kernel's accounting), which a loaded machine
// disturbs far less than wall time.
//
//	interleave [-runs N] [-dir D] CMD...   # prints "WALL_US CPU_US" per CMD
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"
)

func main() {
	runs := flag.Int("runs", 200, "rounds")
	dir := flag.String("dir", "", "working folder of the commands")
	flag.Parse()
	cmds := flag.Args()
	if len(cmds) == 0 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "usage: interleave [-runs N] [-dir D] CMD...")
		os.Exit(2)
	}
	wall := make([][]int64, len(cmds))
	cpu := make([][]int64, len(cmds))
	for r := range *runs {
		// Each round starts one command later, so that no command always
		// runs right after the same other one.
		for j := range cmds {
			k := (r + j) % len(cmds)
			c := cmds[k]
			w, u, err := once(c, *dir)
			if err != nil {
				fmt.Fprintf(os.Stderr, "interleave: %s: %v\n", c, err)
				os.Exit(1)
			}
			wall[k], cpu[k] = append(wall[k], w), append(cpu[k], u)
		}
	}
	for k := range cmds {
		fmt.Println(median(wall[k]), median(cpu[k]))
	}
}

// once runs c by sh's exec (sh's own start is the same for every command,
// so it cancels out of differences) and returns wall and CPU microseconds.
func once(c, dir string) (wall, cpu int64, err error) {
	cmd := exec.Command("/bin/sh", "-c", "exec "+c)
	cmd.Dir = dir
	t0 := time.Now()
	err = cmd.Run()
	wall = time.Since(t0).Microseconds()
	if err != nil {
		return 0, 0, err
	}
	ps := cmd.ProcessState
	return wall, (ps.UserTime() + ps.SystemTime()).Microseconds(), nil
}

func median(v []int64) int64 {
	slices.Sort(v)
	return v[(len(v)-1)/2]
}
