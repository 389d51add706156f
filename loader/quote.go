package loader

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is an article's text prepared for quote matching. Articles arrive with non-breaking
// spaces, curly quotes and ragged white space, and curators type quotes on ordinary
// keyboards; matching folds those differences while the stored quote keeps the article's own
// characters.
type Text struct {
	raw    string
	norm   string
	starts []int // starts[i]: offset in raw of the rune that produced norm[i]
	ends   []int // ends[i]: offset in raw just past that rune
}

// NewText prepares raw for Find.
func NewText(raw string) *Text {
	t := &Text{raw: raw}
	var b strings.Builder
	pendingSpace := false
	spaceStart := 0
	for i, r := range raw {
		_, size := utf8.DecodeRuneInString(raw[i:]) // 1 for invalid bytes, 3 for a real U+FFFD
		if isSpace(r) {
			if !pendingSpace {
				spaceStart = i
			}
			pendingSpace = true
			continue
		}
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
			t.starts = append(t.starts, spaceStart)
			t.ends = append(t.ends, i)
		}
		pendingSpace = false
		s := string(foldRune(r))
		b.WriteString(s)
		for range len(s) {
			t.starts = append(t.starts, i)
			t.ends = append(t.ends, i+size)
		}
	}
	t.norm = b.String()
	return t
}

// Normalize folds white space, quotes and dashes the way Text matching does: NewText(s)'s
// normal form, without the offsets back into s that NewText keeps (a slice entry and a
// string per rune; search normalises every name in the store, and that was a third of its
// time at 1M quads). TestNormalizeIsNewText holds the two together.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	for _, r := range s {
		if isSpace(r) {
			pendingSpace = true
			continue
		}
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// Find returns the article's own text for quote, and whether it occurs at all.
func (t *Text) Find(quote string) (string, bool) {
	q := Normalize(quote)
	if q == "" {
		return "", false
	}
	i := strings.Index(t.norm, q)
	if i < 0 {
		return "", false
	}
	j := i + len(q) - 1
	return t.raw[t.starts[i]:t.ends[j]], true
}

// Contains reports whether quote occurs in the text.
func (t *Text) Contains(quote string) bool {
	_, ok := t.Find(quote)
	return ok
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u2007' || r == '\u202f' || r == '\u200b' || r == '\ufeff'
}

func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	}
	return r
}
