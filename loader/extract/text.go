package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word (letters and digits, with inner hyphens and apostrophes) or a single
// punctuation character of the article, with its byte offsets in the raw text.
type token struct {
	start, end int
	text       string
	word       bool
	key        string // folded form of a word for name matching; "" for punctuation
	nl         bool   // a line break comes before this token
}

// tokenize splits raw into tokens; white space only separates them (and line breaks are noted).
func tokenize(raw string) []token {
	var toks []token
	nl := false
	i := 0
	for i < len(raw) {
		r, size := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == '\n' || r == '\r':
			nl = true
			i += size
		case isSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i + size
			for j < len(raw) {
				r2, s2 := utf8.DecodeRuneInString(raw[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += s2
					continue
				}
				// an inner hyphen or apostrophe joins two runs of letters: High-end, Jilin’s
				if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '‘' { // ‘: a misprinted apostrophe (People‘s)
					if r3, _ := utf8.DecodeRuneInString(raw[j+s2:]); j+s2 < len(raw) && (unicode.IsLetter(r3) || unicode.IsDigit(r3)) {
						j += s2
						continue
					}
				}
				break
			}
			w := raw[i:j]
			toks = append(toks, token{start: i, end: j, text: w, word: true, key: foldWord(w), nl: nl})
			nl = false
			i = j
		default:
			toks = append(toks, token{start: i, end: i + size, text: raw[i : i+size], nl: nl})
			nl = false
			i += size
		}
	}
	return toks
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u2007' || r == '\u202f' || r == '\u200b' || r == '\ufeff'
}

// foldWord is how words of names compare: case, British and American spelling of "centre",
// and the apostrophe style folded (a misprinted opening quote, "People‘s", included: the
// tokenizer joins it inside a word only as an apostrophe).
func foldWord(w string) string {
	w = strings.ToLower(strings.NewReplacer("’", "'", "‘", "'").Replace(w))
	switch w {
	case "centre":
		return "center"
	case "centres":
		return "centers"
	}
	return w
}

// NameKey is the form in which names are compared: words only (punctuation such as the
// commas and full stops of "Co., Ltd." dropped), folded, without a leading "the". Two names
// with the same key are the same name.
func NameKey(name string) string {
	var words []string
	for _, t := range tokenize(name) {
		if t.word {
			words = append(words, t.key)
		}
	}
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// isCap reports whether a word starts with an upper-case letter (or is an acronym).
func isCap(t token) bool {
	if !t.word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

// innerCap reports whether a word that starts in lower case has a capital inside it, as the
// names of instruments and brands do ("microCT", "eHealth"): such a word can stand inside a
// proper name where an ordinary lower-case word ends it.
func innerCap(t token) bool {
	if !t.word || isCap(t) {
		return false
	}
	for _, r := range t.text {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// isAcronym reports whether s is an all-capital short form such as CAS or SIAT, which is
// matched with its case (so that "sz" in a word is not Shenzhen).
func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// maxSlug bounds an id's length: long enough for a whole provincial commission's name.
const maxSlug = 60

// slug turns a name into an id: lower case, digits and single dashes, at most maxSlug
// characters: small words (of, the, and, for) are dropped from a longer name, then it is
// cut at a word.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else if r == '\'' || r == '’' {
			continue
		} else {
			dash = true
		}
	}
	s := b.String()
	if len(s) > maxSlug {
		// drop the small words before cutting any of the name's own
		var words []string
		for _, w := range strings.Split(s, "-") {
			if w != "of" && w != "the" && w != "and" && w != "for" {
				words = append(words, w)
			}
		}
		s = strings.Join(words, "-")
	}
	for len(s) > maxSlug {
		i := strings.LastIndexByte(s, '-')
		if i <= 0 {
			s = s[:maxSlug]
			break
		}
		s = s[:i]
	}
	if s == "" {
		s = "x"
	}
	if c := s[0]; c >= '0' && c <= '9' {
		s = "n-" + s
	}
	return s
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
