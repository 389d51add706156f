package gen

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/medkg/medkg/rdf"
)

// TestWrite: the same arguments give the same bytes, strict N-Quads, about as many quads as
// asked, and Write's count is the number of lines.
func TestWrite(t *testing.T) {
	t.Parallel()
	var a, b bytes.Buffer
	n, err := Write(context.Background(), &a, 5000, 3, "https://example.org/medkg/")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), &b, 5000, 3, "https://example.org/medkg/"); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("not deterministic (err %v)", err)
	}
	if lines := int64(bytes.Count(a.Bytes(), []byte("\n"))); lines != n {
		t.Errorf("Write said %d quads, wrote %d lines", n, lines)
	}
	if n < 4750 || n > 5250 {
		t.Errorf("asked 5000 quads, got %d", n)
	}
	r := rdf.NewNQuadsReader(&a)
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestWriteCancelled: a cancelled context stops the stream with its error.
func TestWriteCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Write(ctx, io.Discard, 100000, 1, "https://example.org/medkg/"); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}
