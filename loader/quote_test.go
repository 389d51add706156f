package loader_test

import (
	"testing"

	"github.com/medkg/medkg/loader"
)

func TestTextFind(t *testing.T) {
	tests := []struct {
		name    string
		article string
		quote   string
		want    string // the article's own characters; "" with ok false when not found
		wantOK  bool
	}{
		{
			name:    "exact",
			article: "The center settled in Longhua on Wednesday.",
			quote:   "settled in Longhua",
			want:    "settled in Longhua",
			wantOK:  true,
		},
		{
			name:    "NBSP in the article, space in the quote",
			article: "Shenzhen Mindray\u00a0Biomedical Electronics Co.",
			quote:   "Mindray Biomedical",
			want:    "Mindray\u00a0Biomedical",
			wantOK:  true,
		},
		{
			name:    "NBSP in the quote, space in the article",
			article: "Shenzhen Mindray Biomedical Electronics Co.",
			quote:   "Mindray\u00a0Biomedical",
			want:    "Mindray Biomedical",
			wantOK:  true,
		},
		{
			name:    "narrow NBSP and figure space",
			article: "RMB\u202f1.343\u2007billion",
			quote:   "RMB 1.343 billion",
			want:    "RMB\u202f1.343\u2007billion",
			wantOK:  true,
		},
		{
			name:    "run of spaces and a newline in the article",
			article: "Jointly established by the Shenzhen Institute of\n   Advanced  Technology (SIAT)",
			quote:   "Shenzhen Institute of Advanced Technology",
			want:    "Shenzhen Institute of\n   Advanced  Technology",
			wantOK:  true,
		},
		{
			name:    "CRLF and tabs in the article",
			article: "the Engineering\r\n\tResearch Center",
			quote:   "Engineering Research Center",
			want:    "Engineering\r\n\tResearch Center",
			wantOK:  true,
		},
		{
			name:    "newlines and spaces in the quote",
			article: "the Engineering Research Center was approved",
			quote:   "  Engineering\n  Research   Center\n",
			want:    "Engineering Research Center",
			wantOK:  true,
		},
		{
			name:    "curly single quotes in the article",
			article: "empowering Wenzhou\u2019s high-quality development",
			quote:   "Wenzhou's high-quality",
			want:    "Wenzhou\u2019s high-quality",
			wantOK:  true,
		},
		{
			name:    "left single quote in the article",
			article: "the \u2018Made in China\u2019 plan",
			quote:   "'Made in China'",
			want:    "\u2018Made in China\u2019",
			wantOK:  true,
		},
		{
			name:    "curly double quotes in the article",
			article: "cooperation in \u201cResearch, Development and Industrialization\u201d of Changchun",
			quote:   `cooperation in "Research, Development and Industrialization" of`,
			want:    "cooperation in \u201cResearch, Development and Industrialization\u201d of",
			wantOK:  true,
		},
		{
			name:    "curly quotes in the quote, straight in the article",
			article: `he said "a new start" today`,
			quote:   "\u201ca new start\u201d",
			want:    `"a new start"`,
			wantOK:  true,
		},
		{
			name:    "en dash in the article, hyphen in the quote",
			article: "the 2021\u20132025 plan",
			quote:   "2021-2025",
			want:    "2021\u20132025",
			wantOK:  true,
		},
		{
			name:    "em dash in the article, hyphen in the quote",
			article: "SHENZHEN \u2014 The center",
			quote:   "SHENZHEN - The",
			want:    "SHENZHEN \u2014 The",
			wantOK:  true,
		},
		{
			name:    "hyphen in the article, en dash in the quote",
			article: "high-performance devices",
			quote:   "high\u2013performance",
			want:    "high-performance",
			wantOK:  true,
		},
		{
			name:    "at the very start and end of the article",
			article: "\u00a0Goke Wenzhou\u00a0",
			quote:   "Goke Wenzhou",
			want:    "Goke Wenzhou",
			wantOK:  true,
		},
		{
			name:    "first occurrence",
			article: "the center, the center",
			quote:   "the center",
			want:    "the center",
			wantOK:  true,
		},
		{
			name:    "non-ASCII letters kept",
			article: "Guoke (\u56fd\u79d1\u5927)\u00a0University",
			quote:   "(\u56fd\u79d1\u5927) University",
			want:    "(\u56fd\u79d1\u5927)\u00a0University",
			wantOK:  true,
		},
		{
			name:    "case differs",
			article: "Shenzhen Mindray Biomedical Electronics Co.",
			quote:   "shenzhen mindray",
		},
		{
			name:    "word differs",
			article: "Shenzhen Mindray Biomedical Electronics Co.",
			quote:   "Shenzhen Mindray Medical",
		},
		{
			name:    "space where the article has none",
			article: "high-performance",
			quote:   "high - performance",
		},
		{
			name:    "missing space",
			article: "Longhua District",
			quote:   "LonghuaDistrict",
		},
		{
			name:    "empty quote",
			article: "Longhua District",
			quote:   "",
		},
		{
			name:    "white space only",
			article: "Longhua District",
			quote:   " \u00a0\n\t",
		},
		{
			name:    "empty article",
			article: "",
			quote:   "Longhua",
		},
		{
			name:    "longer than the article",
			article: "Longhua",
			quote:   "Longhua District",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := loader.NewText(tt.article)
			got, ok := text.Find(tt.quote)
			if ok != tt.wantOK || got != tt.want {
				t.Errorf("NewText(%q).Find(%q) = %q, %v; want %q, %v", tt.article, tt.quote, got, ok, tt.want, tt.wantOK)
			}
			if c := text.Contains(tt.quote); c != tt.wantOK {
				t.Errorf("NewText(%q).Contains(%q) = %v, want %v", tt.article, tt.quote, c, tt.wantOK)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  a \u00a0 b\n\nc  ", "a b c"},
		{"\u2018x\u2019 \u201cy\u201d \u201ez\u201f", `'x' "y" "z"`},
		{"a\u2010b\u2011c\u2012d\u2013e\u2014f\u2015g\u2212h", "a-b-c-d-e-f-g-h"},
		{"\ufeffBOM", "BOM"},
		{"Case Kept", "Case Kept"},
	}
	for _, tt := range tests {
		if got := loader.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A scraped article may carry U+FFFD (the replacement character, valid UTF-8 of three bytes)
// where its publisher's encoding broke; a quote ending in it must come back whole.
func TestTextFindReplacementCharacter(t *testing.T) {
	tests := []struct{ article, quote, want string }{
		{"caf\ufffd ok", "caf\ufffd", "caf\ufffd"},
		{"x \ufffd\ufffd y", "\ufffd\ufffd", "\ufffd\ufffd"},
		{"\ufffd\u00a0y", "\ufffd y", "\ufffd\u00a0y"},
	}
	for _, tt := range tests {
		got, ok := loader.NewText(tt.article).Find(tt.quote)
		if !ok || got != tt.want {
			t.Errorf("NewText(%q).Find(%q) = %q, %v; want %q, true", tt.article, tt.quote, got, ok, tt.want)
		}
	}
}
