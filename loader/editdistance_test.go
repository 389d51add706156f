package loader

import (
	"testing"
)

func TestEditDistanceWithin(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 0, 0},
		{"", "abc", 3, 3},
		{"", "abc", 2, 3},
		{"abc", "abc", 0, 0},
		{"abc", "abd", 0, 1},
		{"abc", "abd", 1, 1},
		{"anan academy", "anan acadmey", 2, 2}, // a transposition is two edits
		{"anan academy", "anan acadmey", 1, 2},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3},
		{"kitten", "sitting", 5, 3},
		{"flaw", "lawn", 2, 2},
		{"abcdef", "ab", 3, 4}, // the lengths alone exceed the limit
		{"abcdef", "ab", 4, 4},
		{"wenzhou", "shenzhen", 2, 3},
		{"wenzhou", "shenzhen", 9, 4},
		{"xabcdefghx", "yabcdefghy", 1, 2}, // the prefix and suffix differ, the middle does not
		{"abc", "xyz", -1, 0},
		{"mindray medical", "mindray medicel", 3, 1},
		// longer than the buffer on the stack
		{"the wenzhou medical university first affiliated hospital of zhejiang", "the wenzhou medical university 1st affiliated hospital of zhejiang", 16, 3},
	} {
		if got := EditDistanceWithin(c.a, c.b, c.limit); got != c.want {
			t.Errorf("EditDistanceWithin(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
		if c.limit >= 0 {
			if full := EditDistance(c.a, c.b); min(full, c.limit+1) != c.want {
				t.Errorf("the table is wrong: EditDistance(%q, %q) = %d, capped at %d is not %d", c.a, c.b, full, c.limit+1, c.want)
			}
		}
	}
}

// FuzzEditDistanceWithin: for any two strings and limit, the bounded distance is the full
// one capped at limit+1, and symmetric.
func FuzzEditDistanceWithin(f *testing.F) {
	f.Add("anan academy", "anan acadmey", 2)
	f.Add("kitten", "sitting", 1)
	f.Add("", "x", 0)
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 3)
	f.Add("h\u00e9llo", "hello", 2)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		if len(a) > 200 || len(b) > 200 {
			return // the full distance is quadratic
		}
		limit %= 40
		want := min(EditDistance(a, b), limit+1)
		if got := EditDistanceWithin(a, b, limit); got != want {
			t.Fatalf("EditDistanceWithin(%q, %q, %d) = %d, EditDistance capped = %d", a, b, limit, got, want)
		}
		if got := EditDistanceWithin(b, a, limit); got != want {
			t.Fatalf("EditDistanceWithin(%q, %q, %d) = %d, EditDistance capped = %d", b, a, limit, got, want)
		}
	})
}

func BenchmarkEditDistance(b *testing.B) {
	pairs := [][2]string{{"anan academy", "anhui medical university"}, {"anan academy", "anan acadmey"}, {"anan academy", "the first people's hospital"}}
	b.Run("full", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, p := range pairs {
				EditDistance(p[0], p[1])
			}
		}
	})
	b.Run("within3", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, p := range pairs {
				EditDistanceWithin(p[0], p[1], 3)
			}
		}
	})
}

func TestDistancer(t *testing.T) {
	long := "the wenzhou medical university first affiliated hospital of zhejiang province"
	for _, c := range []struct {
		p, s  string
		limit int
	}{
		{"anan academy", "anan acadmey", 2}, {"anan academy", "anan acadmey", 1}, {"kitten", "sitting", 3},
		{"kitten", "sitting", 2}, {"abc", "", 3}, {"", "abc", 3}, {"", "", 0}, {"a", "b", 0}, {"abc", "xyz", -1},
		{"flaw", "lawn", 2}, {long, long[1:], 3}, {long[:64], long[1:65], 3}, {long[:63], long[:60] + "xyz", 5},
		{"wenzhou", "shenzhen", 9}, {"aaaa", "aaaaaaaa", 4}, {"abcdefgh", "hgfedcba", 8},
	} {
		want := EditDistanceWithin(c.p, c.s, c.limit)
		if got := NewDistancer(c.p).Within(c.s, c.limit); got != want {
			t.Errorf("NewDistancer(%q).Within(%q, %d) = %d, want %d", c.p, c.s, c.limit, got, want)
		}
	}
}

// FuzzDistancer: the bit-parallel distance is EditDistance capped at limit+1.
func FuzzDistancer(f *testing.F) {
	f.Add("anan academy", "anan acadmey", 2)
	f.Add("kitten", "sitting", 3)
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 3)
	f.Fuzz(func(t *testing.T, p, s string, limit int) {
		if len(p) > 200 || len(s) > 200 {
			return
		}
		limit %= 70
		want := min(EditDistance(p, s), limit+1)
		if got := NewDistancer(p).Within(s, limit); got != want {
			t.Fatalf("NewDistancer(%q).Within(%q, %d) = %d, EditDistance capped = %d", p, s, limit, got, want)
		}
	})
}
