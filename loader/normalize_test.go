package loader

import "testing"

// TestNormalizeIsNewText: Normalize, written without offsets for speed, gives NewText's
// normal form, for white space, quotes, dashes, non-ASCII and invalid UTF-8.
func TestNormalizeIsNewText(t *testing.T) {
	for _, s := range []string{
		"", " ", "Anan Academy of Sciences", "  lead\t\nand  trail  ", "“Quoted” ‘single’ — dash – en",
		"中国科学院 深圳先进技术研究院", "bad \xff\xfe bytes \xe2\x80", "a\u00a0b\u2003c", "x-\u2010-\u2212y",
	} {
		if got, want := Normalize(s), NewText(s).norm; got != want {
			t.Errorf("Normalize(%q) = %q, NewText gives %q", s, got, want)
		}
	}
}
