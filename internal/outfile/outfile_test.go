package outfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, path, data string) error {
	t.Helper()
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write([]byte(data)); err != nil {
		return err
	}
	return f.Commit()
}

// TestNewFileModeFromUmask: a new file gets 0666 less the umask (0644 under 022), not the
// 0600 of a temporary file, and replaces what was there only on Commit.
func TestNewFileModeFromUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "out.nq")
	if err := write(t, path, "one\n"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	// Replacing: the old content stays until Commit; Abort keeps it.
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("two\n"))
	if got, _ := os.ReadFile(path); string(got) != "one\n" {
		t.Errorf("before Commit the file holds %q", got)
	}
	f.Abort()
	if got, _ := os.ReadFile(path); string(got) != "one\n" {
		t.Errorf("after Abort the file holds %q", got)
	}
	if err := write(t, path, "three\n"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "three\n" {
		t.Errorf("after Commit the file holds %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestDeviceWrittenInPlace: /dev/null stays a device (run as root, a rename over it would
// have replaced it with a regular file).
func TestDeviceWrittenInPlace(t *testing.T) {
	t.Parallel()
	before, err := os.Stat(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	if err := write(t, os.DevNull, "data\n"); err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	if after.Mode() != before.Mode() || after.Mode()&os.ModeDevice == 0 {
		t.Fatalf("%s is now %v (was %v)", os.DevNull, after.Mode(), before.Mode())
	}
}

// TestFIFOWrittenInPlace: a named pipe is written to, not replaced.
func TestFIFOWrittenInPlace(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan string)
	go func() {
		data, _ := os.ReadFile(path)
		got <- string(data)
	}()
	if err := write(t, path, "through the pipe\n"); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "through the pipe\n" {
		t.Errorf("read %q", s)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi, err)
	}
}

// TestNeverOverDirectory: a directory is an error, and nothing is written into or beside it.
func TestNeverOverDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	os.Mkdir(sub, 0o755)
	err := write(t, sub, "x")
	if err == nil || !strings.Contains(err.Error(), "directory") {
		t.Fatalf("got %v, want a directory error", err)
	}
	if fi, err := os.Stat(sub); err != nil || !fi.IsDir() {
		t.Fatalf("the directory was replaced: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// TestSymlinkFollowed: the file a link names is replaced; the link stays a link.
func TestSymlinkFollowed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	real, link := filepath.Join(dir, "real.nq"), filepath.Join(dir, "link.nq")
	os.WriteFile(real, []byte("old"), 0o644)
	if err := os.Symlink("real.nq", link); err != nil {
		t.Skip(err)
	}
	if err := write(t, link, "new"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("the linked file holds %q", got)
	}
}
