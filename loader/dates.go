package loader

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
)

var (
	reYear      = regexp.MustCompile(`^\d{4}$`)
	reYearMonth = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	reDate      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	reMonthDay  = regexp.MustCompile(`^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?$`)
	reMonthYear = regexp.MustCompile(`^([A-Za-z]+)\.? (\d{4})$`)
)

// ParseDate turns a date as printed into a typed literal with a full xsd datatype IRI
// (quad's own Time and Int values come out as prefixed xsd: names that other RDF tools
// reject). Relative forms ("Wednesday", "May 6", "February") are resolved against published,
// which is zero for text with no publication date.
func ParseDate(s string, published time.Time) (quad.TypedString, error) {
	s = strings.TrimSpace(s)
	typed := func(v string, t quad.IRI) (quad.TypedString, error) {
		return quad.TypedString{Value: quad.String(v), Type: t}, nil
	}
	switch {
	case reYear.MatchString(s):
		return typed(s, XSDGYear)
	case reYearMonth.MatchString(s):
		m := reYearMonth.FindStringSubmatch(s)
		if mo, _ := strconv.Atoi(m[2]); mo < 1 || mo > 12 {
			return quad.TypedString{}, fmt.Errorf("date %q has no month %s: write YYYY-MM with a month from 01 to 12", s, m[2])
		}
		return typed(s, XSDGYearMonth)
	case reDate.MatchString(s):
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return quad.TypedString{}, fmt.Errorf("date %q is not a day of the calendar: write YYYY-MM-DD", s)
		}
		return typed(s, XSDDate)
	}
	if m := reMonthYear.FindStringSubmatch(s); m != nil {
		mo, ok := monthNamed(m[1])
		if !ok {
			return quad.TypedString{}, fmt.Errorf("date %q: %q is not a month", s, m[1])
		}
		return typed(fmt.Sprintf("%s-%02d", m[2], mo), XSDGYearMonth)
	}
	// What is left is relative to the publication date.
	if published.IsZero() {
		return quad.TypedString{}, fmt.Errorf("date %q is relative but the article has no published date: add `published:` or write the date as YYYY-MM-DD", s)
	}
	if wd, ok := weekdayNamed(s); ok {
		d := published
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, -1)
		}
		return typed(d.Format("2006-01-02"), XSDDate)
	}
	if mo, ok := monthNamed(s); ok {
		y := published.Year()
		if mo > published.Month() {
			y--
		}
		return typed(fmt.Sprintf("%d-%02d", y, mo), XSDGYearMonth)
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		mo, ok := monthNamed(m[1])
		if !ok {
			return quad.TypedString{}, fmt.Errorf("date %q: %q is not a month", s, m[1])
		}
		day, _ := strconv.Atoi(m[2])
		// That day in the publication year, or the year before if it would fall after
		// publication; further back the article would have printed a year.
		for y := published.Year(); y >= published.Year()-1; y-- {
			d := time.Date(y, mo, day, 0, 0, 0, 0, time.UTC)
			if d.Month() == mo && d.Day() == day && !d.After(published) {
				return typed(d.Format("2006-01-02"), XSDDate)
			}
		}
		return quad.TypedString{}, fmt.Errorf("date %q is not a day of the calendar in the year of publication or the year before: write it as YYYY-MM-DD", s)
	}
	return quad.TypedString{}, fmt.Errorf("cannot read date %q: write YYYY, YYYY-MM, YYYY-MM-DD, a weekday, \"May 6\", \"May\" or \"May 2019\"", s)
}

func monthNamed(s string) (time.Month, bool) {
	s = strings.ToLower(s)
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || (len(s) >= 3 && strings.HasPrefix(name, s)) {
			return m, true
		}
	}
	return 0, false
}

func weekdayNamed(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		if s == strings.ToLower(d.String()) {
			return d, true
		}
	}
	return 0, false
}

// DateBounds returns the first and last day a date as printed can stand for, as xsd:date:
// "2019" is 2019-01-01 to 2019-12-31, "2019-05" 2019-05-01 to 2019-05-31, a day itself twice.
// SPARQL engines cannot compare an xsd:gYear with an xsd:date (the comparison is an error,
// and engines differ in what they make of it), so medkg writes these bounds beside each date
// (docs/vocabulary.md, "Dates"): a range query compares days, and the value as printed keeps
// the article's precision.
func DateBounds(d quad.TypedString) (earliest, latest quad.TypedString, err error) {
	s := string(d.Value)
	var from, to time.Time
	switch d.Type {
	case XSDGYear:
		from, err = time.Parse("2006", s)
		to = from.AddDate(1, 0, -1)
	case XSDGYearMonth:
		from, err = time.Parse("2006-01", s)
		to = from.AddDate(0, 1, -1)
	case XSDDate:
		from, err = time.Parse("2006-01-02", s)
		to = from
	default:
		err = fmt.Errorf("not a date datatype: %s", d.Type)
	}
	if err != nil {
		return earliest, latest, fmt.Errorf("date %s: %w", d, err)
	}
	day := func(t time.Time) quad.TypedString {
		return quad.TypedString{Value: quad.String(t.Format("2006-01-02")), Type: XSDDate}
	}
	return day(from), day(to), nil
}
