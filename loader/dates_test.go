package loader_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/loader"
)

const xsd = "http://www.w3.org/2001/XMLSchema#"

// day parses a YYYY-MM-DD publication date; "" is the zero time (no date printed).
func day(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		published string // YYYY-MM-DD, or "" for none
		want      string
		wantType  quad.IRI
	}{
		// Absolute forms, typed by their precision.
		{"year", "2009", "", "2009", xsd + "gYear"},
		{"year month", "2020-04", "", "2020-04", xsd + "gYearMonth"},
		{"full date", "2021-01-06", "", "2021-01-06", xsd + "date"},
		{"leap day", "2020-02-29", "", "2020-02-29", xsd + "date"},
		{"surrounding space trimmed", "  2021-01-06 ", "", "2021-01-06", xsd + "date"},
		{"month and year", "May 2019", "", "2019-05", xsd + "gYearMonth"},
		{"month and year April", "April 2020", "", "2020-04", xsd + "gYearMonth"},
		{"abbreviated month and year", "Sept. 2018", "", "2018-09", xsd + "gYearMonth"},
		{"absolute ignores published", "May 2019", "2023-05-08", "2019-05", xsd + "gYearMonth"},

		// A weekday is the last such day on or before publication.
		{"weekday", "Wednesday", "2021-01-08", "2021-01-06", xsd + "date"},
		{"weekday is publication day", "Friday", "2021-01-08", "2021-01-08", xsd + "date"},
		{"weekday a week back", "Saturday", "2021-01-08", "2021-01-02", xsd + "date"},
		{"weekday across a year", "Thursday", "2021-01-01", "2020-12-31", xsd + "date"},
		{"weekday lower case", "wednesday", "2021-01-08", "2021-01-06", xsd + "date"},

		// Month and day: in the publication year, or the year before if it would be later.
		{"month day", "May 6", "2023-05-08", "2023-05-06", xsd + "date"},
		{"month day ordinal", "November 14th", "2020-11-22", "2020-11-14", xsd + "date"},
		{"month day ordinal st", "March 1st", "2020-11-22", "2020-03-01", xsd + "date"},
		{"month day is publication day", "May 8", "2023-05-08", "2023-05-08", xsd + "date"},
		{"month day previous year", "December 30", "2021-01-08", "2020-12-30", xsd + "date"},
		{"month day the day after publication", "May 9", "2023-05-08", "2022-05-09", xsd + "date"},
		{"abbreviated month day", "Jan. 6", "2021-01-08", "2021-01-06", xsd + "date"},

		// A month alone: in the publication year, or the year before if it would be later.
		{"month", "February", "2023-05-08", "2023-02", xsd + "gYearMonth"},
		{"month of publication", "May", "2023-05-08", "2023-05", xsd + "gYearMonth"},
		{"month previous year", "June", "2023-05-08", "2022-06", xsd + "gYearMonth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loader.ParseDate(tt.in, day(t, tt.published))
			if err != nil {
				t.Fatalf("ParseDate(%q, %q) error: %v", tt.in, tt.published, err)
			}
			want := quad.TypedString{Value: quad.String(tt.want), Type: tt.wantType}
			if got != want {
				t.Errorf("ParseDate(%q, %q) = %v, want %v", tt.in, tt.published, got, want)
			}
			if !strings.HasPrefix(string(got.Type), "http://") {
				t.Errorf("ParseDate(%q) type %q is not a full IRI", tt.in, got.Type)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		published string
		wantErr   string // a distinctive part of the message
	}{
		{"month 13", "2020-13", "", `has no month 13`},
		{"month 00", "2020-00", "", `has no month 00`},
		{"February 30", "2021-02-30", "", `is not a day of the calendar`},
		{"not a leap year", "2021-02-29", "", `is not a day of the calendar`},
		{"month day out of range", "April 31", "2021-06-01", `is not a day of the calendar`},
		{"no such weekday", "Funday", "2021-01-08", `cannot read date "Funday"`},
		{"no such month with year", "Smarch 2019", "", `"Smarch" is not a month`},
		{"no such month with day", "Smarch 6", "2021-01-08", `"Smarch" is not a month`},
		{"two-letter month", "Ma 2019", "", `"Ma" is not a month`},
		{"slashes", "2021/01/06", "2021-01-08", `cannot read date`},
		{"empty", "", "2021-01-08", `cannot read date`},
		{"weekday without published", "Wednesday", "", `is relative but the article has no published date`},
		{"month day without published", "May 6", "", `is relative but the article has no published date`},
		{"month without published", "February", "", `is relative but the article has no published date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loader.ParseDate(tt.in, day(t, tt.published))
			if err == nil {
				t.Fatalf("ParseDate(%q, %q) = %v, want an error containing %q", tt.in, tt.published, got, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDate(%q, %q) error = %q, want it to contain %q", tt.in, tt.published, err, tt.wantErr)
			}
			if got != (quad.TypedString{}) {
				t.Errorf("ParseDate(%q, %q) returned %v with its error, want the zero value", tt.in, tt.published, got)
			}
		})
	}
}

// February 29 printed without a year must resolve to a leap year or be rejected; it must never
// become another day.
func TestParseDateLeapDayWithoutYear(t *testing.T) {
	tests := []struct {
		name, published string
		want            string // "" means an error is expected
	}{
		{"previous year is a leap year", "2021-01-10", "2020-02-29"},
		{"previous year is not a leap year", "2024-01-10", ""},
		{"publication year is a leap year", "2024-03-10", "2024-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loader.ParseDate("February 29", day(t, tt.published))
			if tt.want == "" {
				if err == nil {
					t.Fatalf("ParseDate(%q, %s) = %v, want an error", "February 29", tt.published, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDate(%q, %s) error: %v", "February 29", tt.published, err)
			}
			if got.Value != quad.String(tt.want) || got.Type != xsd+"date" {
				t.Errorf("ParseDate(%q, %s) = %v, want %q^^xsd:date", "February 29", tt.published, got, tt.want)
			}
		})
	}
}

func TestDateBounds(t *testing.T) {
	d := func(v string, typ quad.IRI) quad.TypedString {
		return quad.TypedString{Value: quad.String(v), Type: typ}
	}
	for _, tt := range []struct {
		in       quad.TypedString
		from, to string
	}{
		{d("2019", loader.XSDGYear), "2019-01-01", "2019-12-31"},
		{d("2019-05", loader.XSDGYearMonth), "2019-05-01", "2019-05-31"},
		{d("2024-02", loader.XSDGYearMonth), "2024-02-01", "2024-02-29"},
		{d("2023-02", loader.XSDGYearMonth), "2023-02-01", "2023-02-28"},
		{d("2021-01-06", loader.XSDDate), "2021-01-06", "2021-01-06"},
	} {
		from, to, err := loader.DateBounds(tt.in)
		if err != nil || from != d(tt.from, loader.XSDDate) || to != d(tt.to, loader.XSDDate) {
			t.Errorf("loader.DateBounds(%v) = %v, %v, %v; want %s, %s", tt.in, from, to, err, tt.from, tt.to)
		}
	}
	if _, _, err := loader.DateBounds(d("May", loader.XSDGYearMonth)); err == nil {
		t.Errorf("loader.DateBounds of a bad value: no error")
	}
	if _, _, err := loader.DateBounds(d("2019", loader.XSDInteger)); err == nil {
		t.Errorf("loader.DateBounds of an integer: no error")
	}
}
