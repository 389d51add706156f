package cmd

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/medkg/medkg/kg"
)

// Default memory budgets of a Gizmo query (--max-memory). The CLI runs one query and may use
// a good part of the machine; serve runs --parallel queries in one process, so each gets less.
// Every stored query over the seeds needs under 10 MiB.
const (
	defaultMaxMemory      = byteSize(1 << 30)   // 1 GiB
	defaultServeMaxMemory = byteSize(256 << 20) // 256 MiB a query
)

// byteSize is a flag holding a number of bytes, written 512MiB, 1GiB, 300MB or 1048576.
type byteSize uint64

var sizeUnits = []struct {
	suffix string
	mult   uint64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40},
	{"B", 1},
}

func (b *byteSize) Set(s string) error {
	t := strings.TrimSpace(s)
	mult := uint64(1)
	for _, u := range sizeUnits {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n < 0 || n*float64(mult) > 1<<62 {
		return fmt.Errorf("%q is not a size: write e.g. 512MiB, 2GiB or 0 for no limit", s)
	}
	*b = byteSize(n * float64(mult))
	return nil
}

func (b *byteSize) Type() string { return "size" }

func (b *byteSize) String() string { return kg.FormatBytes(uint64(*b)) }

// memoryFlagUsage is --max-memory's help, shared by the commands that run Gizmo.
const memoryFlagUsage = "stop a Gizmo query whose heap grows past this (e.g. 512MiB, 2GiB; 0: no limit)"
