package extract_test

import (
	"strings"
	"testing"

	"github.com/medkg/medkg/loader/extract"
)

// BenchmarkExtractSeeds drafts the five seed articles (about 15 KB) with the whole registry.
func BenchmarkExtractSeeds(b *testing.B) {
	arts, reg, err := extract.Seeds(seedsFS)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, a := range arts {
		n += len(a.Text)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, a := range arts {
			if _, err := extract.Extract(a.Text, reg, extract.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractLarge drafts one text of the seed articles repeated to about 1 MB, the
// size of a long report rather than an article.
func BenchmarkExtractLarge(b *testing.B) {
	arts, reg, err := extract.Seeds(seedsFS)
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, a := range arts {
			sb.WriteString(a.Text)
			sb.WriteString("\n\n")
		}
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := extract.Extract(text, reg, extract.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
