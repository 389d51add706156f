package extract

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

var (
	reISODate  = lazy(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reLongDate = lazy(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}),? (\d{4})\b`)
	// a date line with a short month, as pages print it: "Date: Dec 29, 2015", "DATE: Dec 05 2017"
	reShortDate = lazy(`(?i)\bdate\s*:\s*(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? (\d{1,2}),? (\d{4})\b`)
	// a media name printed after the date in an article's head: "2023-05-08 Wenzhou Net News",
	// "2021-03-18 | Zhejiang Daily"
	reDatedMedia = lazy(`(?:\d{4}-\d{2}-\d{2}|\d{4})(?:\s+|\s*[|·]\s*)((?:\p{Lu}[\p{L}&]*\s+){0,4}(?:News|Daily|Times|Post|Journal|Network|Agency|Press|Herald|Gazette))\b`)
	rePublisher  = lazy(`(?i)(?:^|[^\p{L}])(?:from|source)\s*:\s*([A-Z][\p{L}&.\- ]{1,40}?)\s*(?:\||\n|$|【|\d)`)
)

// header reads what the article's head says: its date, headline and publisher.
func (x *extractor) header(opt Options) {
	d := x.draft
	head := x.raw
	if len(head) > 400 {
		head = head[:400]
	}
	if x.published.IsZero() {
		var best time.Time
		at := len(head) + 1
		if m := reISODate.FindStringSubmatchIndex(head); m != nil {
			if t, err := time.Parse("2006-01-02", head[m[0]:m[1]]); err == nil {
				best, at = t, m[0]
			}
		}
		if m := reLongDate.FindStringSubmatchIndex(head); m != nil && m[0] < at {
			if t, err := time.Parse("January 2 2006", strings.ReplaceAll(head[m[0]:m[1]], ",", "")); err == nil {
				best = t
			}
		}
		if m := reShortDate.FindStringSubmatchIndex(head); m != nil && m[0] < at && best.IsZero() {
			mon := head[m[2]:m[3]]
			if len(mon) > 3 {
				mon = mon[:3]
			}
			if t, err := time.Parse("Jan 2 2006", strings.ToUpper(mon[:1])+strings.ToLower(mon[1:])+" "+head[m[4]:m[5]]+" "+head[m[6]:m[7]]); err == nil {
				best = t
			}
		}
		x.published = best
		if !best.IsZero() {
			d.Notes = append(d.Notes, "published date read from the article's head; check it (relative dates are resolved against it)")
		} else {
			d.Notes = append(d.Notes, "no publication date found: give --published, or relative dates (\"on Wednesday\", \"May 6\") cannot be resolved and are left out")
		}
	}
	if !x.published.IsZero() {
		d.Published = x.published.Format("2006-01-02")
	}
	x.headline = [2]int{-1, -1}
	lines := strings.Split(x.raw, "\n")
	off := 0
	for _, ln := range lines {
		t := strings.TrimSpace(ln)
		n := len(strings.Fields(t))
		if n > 25 {
			break // the body has started
		}
		if n >= 3 && !strings.HasSuffix(t, ".") && !strings.ContainsAny(t, "·|:【") && !reISODate.MatchString(t) && !reLongDate.MatchString(t) {
			d.Headline = t
			a := off + strings.Index(ln, t)
			if titleCase(t) {
				if s, e, ok := x.tokRange(a, a+len(t)); ok {
					x.headline = [2]int{s, e + 1}
				}
			}
			break
		}
		off += len(ln) + 1
	}
}

// titleCase reports whether most longer words of s are capitalised, as in a headline
// (whose capitals would otherwise read as names).
func titleCase(s string) bool {
	caps, all := 0, 0
	for _, w := range strings.Fields(s) {
		if len(w) < 4 {
			continue
		}
		all++
		if w[0] >= 'A' && w[0] <= 'Z' {
			caps++
		}
	}
	return all > 0 && caps*10 >= all*6
}

// byline sets the publisher, writers and editors, once the mentions are known.
func (x *extractor) byline(opt Options) {
	d := x.draft
	pub := opt.Publisher
	rule := "given"
	at := []int{-1, -1} // where the text prints the publisher
	if pub == "" {
		if m := rePublisher.FindStringSubmatchIndex(x.raw[:min(len(x.raw), 600)]); m != nil {
			pub, rule = strings.TrimSpace(x.raw[m[2]:m[3]]), "read"
			at = []int{m[2], m[2] + len(pub)}
		} else if m := reDatedMedia.FindStringSubmatchIndex(x.raw[:min(len(x.raw), 300)]); m != nil {
			pub, rule, at = clean(x.raw[m[2]:m[3]]), "read after the date", m[2:4]
		}
	}
	if pub != "" {
		if e, ok := x.byID[pub]; ok {
			d.Publisher = e.ID
		} else if e, ok := x.lookup(pub); ok {
			d.Publisher = e.ID
		} else {
			e := x.newEntity(pub, "NewsMediaOrganization", "new-publisher", 0.7, "publisher "+rule+": "+pub)
			d.Publisher = e.ID
		}
		if at[0] >= 0 {
			x.mentionPublisher(at[0], at[1], d.Publisher)
		}
	}
	head := x.raw[:min(len(x.raw), 600)]
	for _, m := range reByline.FindAllStringSubmatchIndex(head, -1) {
		what := strings.ToLower(head[m[2]:m[3]])
		for _, mn := range x.mentions {
			if mn.Start < m[4] || mn.End > m[5] {
				continue
			}
			if e := x.byID[mn.Entity]; e == nil || e.Type != "Person" {
				continue
			}
			if strings.Contains(what, "edit") {
				d.Editors = appendOnce(d.Editors, mn.Entity)
			} else {
				d.Authors = appendOnce(d.Authors, mn.Entity)
			}
		}
	}
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// datePrinted normalises a date as printed ("May 6", "November 14th", "April 2020",
// "2009", "Wednesday") to a form the fact format reads, or "" when it cannot be resolved.
func (x *extractor) datePrinted(s string) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	// "November 30, 2007": a full date the fact format writes as 2007-11-30
	if m := reLongDate.FindStringSubmatch(s); m != nil && m[0] == s {
		if t, err := time.Parse("January 2 2006", m[1]+" "+m[2]+" "+m[3]); err == nil {
			s = t.Format("2006-01-02")
		}
	}
	r := resolveDate(s, x.published)
	if r == "" {
		return "", ""
	}
	return s, fmt.Sprintf("the loader reads %q as %s", s, r)
}

// mentionPublisher makes the publisher's name in the head one mention of it, replacing the
// shorter names inside it ("Zhejiang" in "Zhejiang Daily" is not the province).
func (x *extractor) mentionPublisher(a, b int, id string) {
	var kept []Mention
	for _, mn := range x.mentions {
		if mn.Start < b && mn.End > a {
			if mn.Start < a || mn.End > b {
				return // a longer name holds it: leave the mentions as they are
			}
			continue
		}
		kept = append(kept, mn)
	}
	kept = append(kept, Mention{Start: a, End: b, Entity: id, Rule: "publisher"})
	sort.Slice(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	x.mentions = kept
}
