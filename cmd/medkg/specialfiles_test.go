package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLoadSpecialFiles: an article text that is a symlink to /dev/zero, or a named pipe, is
// refused at once with a clear error, and SIGINT or SIGTERM sent to the real binary ends the
// load within a second either way (issue 14, item 6: the first read forever, reaching 18 GB,
// the second blocked in open; both ignored the signals and only kill -9 stopped them).
func TestLoadSpecialFiles(t *testing.T) {
	if testing.Short() || os.Getenv(envSlowTests) != "1" {
		t.Skip("builds the binary and signals it: " + envSlowTests + "=1 runs it, as .ci/run does")
	}
	if os.Getenv(envTestPostgres) != "" {
		t.Skip("a file test: it runs in the bbolt half of the suite")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "medkg")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "db")
	if out, err := exec.Command(bin, "--db", db, "load").CombinedOutput(); err != nil {
		t.Fatalf("load the seeds: %v\n%s", err, out)
	}
	before := export(t, db)
	const text = "articles/004_9e3b36c867778e8f.txt"
	for _, tc := range []struct {
		name, kind string
		make       func(path string) error
		sig        syscall.Signal
	}{
		{"symlink to /dev/zero", "a character device", func(p string) error { return os.Symlink("/dev/zero", p) }, syscall.SIGINT},
		{"named pipe", "a named pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }, syscall.SIGTERM},
		{"fact file as a named pipe", "a named pipe", nil, syscall.SIGTERM},
	} {
		t.Run(tc.name, func(t *testing.T) {
			facts := writeSeeds(t, filepath.Join(t.TempDir(), "facts"), false)
			target := filepath.Join(facts, text)
			if tc.make == nil {
				target = filepath.Join(facts, "articles/004_9e3b36c867778e8f.yaml")
				tc.make = func(p string) error { return syscall.Mkfifo(p, 0o644) }
			}
			if err := os.Remove(target); err != nil {
				t.Fatal(err)
			}
			if err := tc.make(target); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			c := exec.Command(bin, "--db", db, "load", facts)
			c.Stderr = &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- c.Wait() }()
			var err error
			select {
			case err = <-done: // refused before any signal
			case <-time.After(3 * time.Second):
				c.Process.Signal(tc.sig)
				select {
				case err = <-done:
				case <-time.After(time.Second):
					c.Process.Kill()
					<-done
					t.Fatalf("load still running 3 s after start and 1 s after %v; stderr: %s", tc.sig, stderr.String())
				}
			}
			if code := c.ProcessState.ExitCode(); code != 3 || err == nil {
				t.Errorf("exit %d, want 3 (invalid input); stderr: %s", code, stderr.String())
			}
			if want := "not a regular file (" + tc.kind + ")"; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q: %s", want, stderr.String())
			}
			if export(t, db) != before {
				t.Error("the store changed")
			}
		})
	}

	// A load interrupted while it checks stops within a second, writing nothing: a directory
	// of many articles takes a while to check.
	facts := writeSeeds(t, filepath.Join(t.TempDir(), "many"), false)
	src, _ := os.ReadFile(filepath.Join(facts, "articles/004_9e3b36c867778e8f.yaml"))
	txt, _ := os.ReadFile(filepath.Join(facts, text))
	for i := 0; i < 400; i++ {
		name := filepath.Join(facts, "articles", fmt.Sprintf("%03d_copy", 100+i))
		// Each copy names the same events, which is a problem only after every file is read.
		os.WriteFile(name+".yaml", src, 0o644)
		os.WriteFile(name+".txt", txt, 0o644)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		var stderr bytes.Buffer
		c := exec.Command(bin, "--db", db, "load", facts)
		c.Stderr = &stderr
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { c.Wait(); close(done) }()
		time.Sleep(300 * time.Millisecond)
		sent := time.Now()
		c.Process.Signal(sig)
		select {
		case <-done:
		case <-time.After(time.Second):
			c.Process.Kill()
			<-done
			t.Fatalf("%v: load still running 1 s after the signal; stderr: %s", sig, stderr.String())
		}
		t.Logf("%v: ended %s after the signal: %s", sig, time.Since(sent).Round(time.Millisecond), strings.TrimSpace(stderr.String()))
		if export(t, db) != before {
			t.Fatalf("%v: the store changed", sig)
		}
	}
}
