package extract_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/medkg/medkg/loader/extract"
)

// FuzzExtract: any text either is rejected as not an article or gives a draft that loads.
func FuzzExtract(f *testing.F) {
	arts, reg, err := extract.Seeds(seedsFS)
	if err != nil {
		f.Fatal(err)
	}
	// The seeds' paragraphs rather than whole articles: the fuzzer minimises every input
	// that finds new coverage, and minimising a 4 KB article took the whole 10 s of CI's
	// fuzzing (8 executions) before.
	for _, a := range arts {
		lines := strings.Split(a.Text, "\n")
		f.Add(strings.Join(lines[:min(4, len(lines))], "\n")) // the head: date, publisher
		for _, para := range lines {
			if strings.TrimSpace(para) != "" {
				f.Add(para)
			}
		}
	}
	f.Add("Jointly established by the A Institute (AI) under the B Academy, C Co. Ltd. and others, the center")
	f.Add("X, director of the center, and professor of Y University. Z President W Q.")
	f.Fuzz(func(t *testing.T, text string) {
		d, err := extract.Extract(text, reg, extract.Options{Published: time.Date(2021, 1, 8, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			if utf8.ValidString(text) && len(text) > 0 && len(text) < 1<<20 && hasNonSpace(text) && !hasNUL(text) && !hasControl(text) {
				t.Fatalf("valid text rejected: %v", err)
			}
			return
		}
		loads(t, "001_fuzz", text, reg, d)
	})
}

func hasNonSpace(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' && r != '\v' && r != '\f' && r != 0x85 && r != 0xa0 {
			return true
		}
	}
	return false
}

// hasControl: a control character that YAML cannot hold, which no draft could quote and so
// the extractor refuses (C0 but tab, newline, carriage return and form feed; DEL; C1).
func hasControl(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') || (r >= 0x7f && r <= 0x9f) {
			return true
		}
	}
	return false
}

func hasNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}
