// Package outfile writes a command's output file the one safe way: a finished file or
// none. export, gen and draw share it, so that they agree on what they do to what is
// already at the path.
package outfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// File is an output file being written. Write to it, then Commit; Abort (safe to defer,
// a no-op after Commit) leaves what was at the path untouched.
type File struct {
	f      *os.File
	path   string // the path the output is for
	tmp    string // the temporary file renamed over path on Commit; "" when writing in place
	closed bool
}

// Create opens path for output:
//   - a device, pipe or socket (/dev/null, /dev/stdout, a FIFO) is written in place:
//     renaming a file over it would replace the device node (as root, even /dev/null);
//   - a directory is an error: nothing is written;
//   - anything else (a regular file, or nothing yet) is written to a new file beside it,
//     renamed over it on Commit, so that a failed or interrupted run leaves no half file.
//     The new file's mode is what the umask makes of 0666 (0644 under the usual 022), as
//     for any file a shell redirection creates. A symbolic link is followed: the file it
//     names is replaced, the link stays.
func Create(path string) (*File, error) {
	if path == "" {
		return nil, errors.New("outfile: no path")
	}
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("%s is a directory: give a file name", path)
	case err == nil && !fi.Mode().IsRegular():
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &File{f: f, path: path}, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		tmp := filepath.Join(dir, "."+base+"."+hex.EncodeToString(b[:])+".tmp")
		// 0666 through the umask, as a shell's > would create it; O_EXCL never reuses a file.
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &File{f: f, path: target, tmp: tmp}, nil
	}
	return nil, fmt.Errorf("cannot create a temporary file beside %s", path)
}

// Write writes to the file.
func (o *File) Write(p []byte) (int, error) { return o.f.Write(p) }

// Name is the path the output is for.
func (o *File) Name() string { return o.path }

// Commit finishes the output: the data reaches the disk, then the new file takes the
// path's place.
func (o *File) Commit() error {
	if o.closed {
		return errors.New("outfile: already closed")
	}
	o.closed = true
	if o.tmp == "" {
		return o.f.Close()
	}
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp, o.path)
	}
	if err != nil {
		os.Remove(o.tmp)
	}
	return err
}

// Abort drops the output: the temporary file is removed and the path left as it was. It
// does nothing after Commit.
func (o *File) Abort() {
	if o.closed {
		return
	}
	o.closed = true
	o.f.Close()
	if o.tmp != "" {
		os.Remove(o.tmp)
	}
}
