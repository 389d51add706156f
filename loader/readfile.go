package loader

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"unicode/utf8"
)

// readFile reads name from fsys, rejecting what cannot be a text file. It looks before it
// reads: only a regular file (a symbolic link is followed) within MaxFileSize is opened, so a
// link to /dev/zero or a named pipe is refused at once instead of being read forever or
// blocking the open (issue 14, item 6). The read itself stops one byte past the limit, for a
// file that grows after the look.
func readFile(fsys fs.FS, name string, ps *Problems) ([]byte, bool) {
	info, err := fs.Stat(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		ps.add(name, 0, "file not found: check the path (an article's text must sit beside its .yaml, or be named by `text:`)")
		return nil, false
	case err != nil:
		ps.add(name, 0, "cannot read: %v", err)
		return nil, false
	case !info.Mode().IsRegular():
		ps.add(name, 0, "not a regular file (%s): a fact file or an article must be a plain file", fileKind(info.Mode()))
		return nil, false
	case info.Size() > MaxFileSize:
		ps.add(name, 0, "file is %d bytes, over the %d-byte limit: is this the right file?", info.Size(), MaxFileSize)
		return nil, false
	}
	f, err := fsys.Open(name)
	if err != nil {
		ps.add(name, 0, "cannot read: %v", err)
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	switch {
	case err != nil:
		ps.add(name, 0, "cannot read: %v", err)
		return nil, false
	case len(data) == 0:
		ps.add(name, 0, "file is empty")
		return nil, false
	case len(data) > MaxFileSize:
		ps.add(name, 0, "file is over the %d-byte limit: is this the right file?", MaxFileSize)
		return nil, false
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		ps.add(name, 0, "not UTF-8 text (binary file?): save it as UTF-8")
		return nil, false
	}
	return data, true
}

// fileKind names what a non-regular file is, for the message.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "mode " + m.String()
}
