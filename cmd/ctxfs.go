package cmd

import (
	"context"
	"io/fs"
)

// ctxFS is a file system that fails every call once ctx is done, so that Ctrl-C or SIGTERM
// stops the checking of a large fact directory at the next file instead of after the last
// (the loader knows nothing of contexts; each file it reads is bounded by its size limit).
type ctxFS struct {
	ctx  context.Context
	fsys fs.FS
}

func (c ctxFS) Open(name string) (fs.File, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return c.fsys.Open(name)
}

func (c ctxFS) Stat(name string) (fs.FileInfo, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return fs.Stat(c.fsys, name)
}

func (c ctxFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return fs.ReadDir(c.fsys, name)
}

// readFactsCtx is readFacts stopped by ctx: interrupted, it reports that and nothing else.
func readFactsCtx(ctx context.Context, dir, base string) (factSet, string, error) {
	set, prefix, err := readFacts(dir, base, ctx)
	if err != nil && ctx.Err() != nil {
		return factSet{}, "", interrupted{"load interrupted while checking the fact files; nothing was written", ctx.Err()}
	}
	return set, prefix, err
}

// interrupted is a command stopped by Ctrl-C or SIGTERM.
type interrupted struct {
	msg string
	err error
}

func (e interrupted) Error() string { return e.msg }
func (e interrupted) Unwrap() error { return e.err }
