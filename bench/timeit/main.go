// Command timeit runs a command and prints its wall time in seconds and its peak resident
// set size in KB, for bench/run.sh.
//
//	timeit [-stdout FILE] [-stderr FILE] [-ready TEXT] -- COMMAND [ARG...]
//
// It replaces the harness's first way of timing, `$(date +%s%N)` on either side of
// `/usr/bin/time -v`: on this machine that added about 16 ms to every run (two date
// processes and GNU time's own start), a third of a 50 ms query. Here the clock is read
// just before the child starts and just after it is reaped, and the peak RSS is the
// child's own (getrusage's ru_maxrss, as GNU time reports it).
//
// With -ready, the time is until the command first writes TEXT on its standard error (a
// server's "serving" line); the command is then interrupted and reaped, and its RSS is
// not reported (0): it is the RSS at its end, not at the time measured.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func main() {
	stdout := flag.String("stdout", os.DevNull, "the file the command's standard output goes to")
	stderr := flag.String("stderr", os.DevNull, "the file the command's standard error goes to")
	ready := flag.String("ready", "", "time until the command writes this text on its standard error, then interrupt it")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: timeit [-stdout FILE] [-stderr FILE] [-ready TEXT] -- COMMAND [ARG...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	code, err := run(os.Stdout, *stdout, *stderr, *ready, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "timeit:", err)
		os.Exit(2)
	}
	os.Exit(code)
}

// run starts args with its output in the two files, and writes "WALL_S RSS_KB" to w once it
// has ended (or, with ready, once it has said so); the result is the command's exit code.
func run(w io.Writer, stdout, stderr, ready string, args []string) (int, error) {
	out, err := os.Create(stdout)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	errf, err := os.Create(stderr)
	if err != nil {
		return 0, err
	}
	defer errf.Close()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, out, errf
	if ready != "" {
		return runUntil(w, cmd, errf, ready)
	}
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return 0, err
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KB on Linux
	}
	fmt.Fprintf(w, "%.4f %d\n", wall.Seconds(), rss)
	return cmd.ProcessState.ExitCode(), nil
}

// runUntil times cmd until a line of its standard error holds text; every line is copied
// to errf as well. A command that ends before it says text is a failure.
func runUntil(w io.Writer, cmd *exec.Cmd, errf io.Writer, text string) (int, error) {
	cmd.Stderr = nil
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(errf, line)
		if strings.Contains(line, text) {
			wall := time.Since(start)
			_ = cmd.Process.Signal(os.Interrupt)
			_, _ = io.Copy(errf, pipe) // what it says while stopping
			_ = cmd.Wait()
			fmt.Fprintf(w, "%.4f 0\n", wall.Seconds())
			return 0, nil
		}
	}
	err = cmd.Wait()
	return 1, fmt.Errorf("%s ended without writing %q on its standard error (%v)", cmd.Path, text, err)
}
