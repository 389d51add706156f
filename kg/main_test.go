package kg

import (
	"os"
	"testing"
)

var tempRoot string

func osMkdirTemp() (string, error) { return os.MkdirTemp(tempRoot, "seeds-") }

// TestMain removes the seed store the tests share.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "medkg-kg-test-")
	if err != nil {
		panic(err)
	}
	tempRoot = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
