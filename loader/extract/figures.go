package extract

import (
	"strings"

	"github.com/medkg/medkg/loader"
)

var (
	reMoney = lazy(`(?i)(?:\b(more than|over|nearly|about|approximately)\s+)?(?:(?:RMB|CNY|¥)\s?(\d[\d,]*(?:\.\d+)?)\s?(billion|million|thousand)?(?:\s+yuan)?|(\d[\d,]*(?:\.\d+)?)\s?(billion|million|thousand|hundred million)?\s+(?:yuan|RMB))`)
	reArea  = lazy(`(?i)(?:\b(more than|over|nearly|about|approximately)\s+)?(\d[\d,]*(?:\.\d+)?)\s?(?:square met(?:er|re)s|sq\.? ?m\b|m2\b|m²)`)
	reCount = lazy(`(?i)(?:\b(more than|over)\s+|^|[^\d.,\-])(\d[\d,]*)\s+((?:[\p{L}\-]+\s+){0,6}[\p{L}\-]+)`)
	reThe   = lazy(`(?i)\b(?:the|this|its) (` + corefAlt + `)\b`)
)

var numberWords = map[string]string{"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fifteen": "15", "twenty": "20"}

// reWordCount is a number in words before up to three lower-case words ending in a plural.
var reWordCount = lazy(`(?i)(?:\b(more than|over)\s+)?\b(?:the\s+)?\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+((?:[a-z&\-]+\s+){0,3}[a-z\-]+s)\b`)

// countStop ends the noun phrase after a number.
var countStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`have has had are is was were be been of from in to with will would which that the
		a an for at on by as than within among who whose while after before since during per each`) {
		countStop[w] = true
	}
}

var timeUnits = map[string]bool{"years": true, "months": true, "days": true, "hours": true, "weeks": true, "minutes": true, "times": true,
	// not a measure of anything: "the two parties", "both sides", "the three countries"
	"parties": true, "sides": true, "countries": true, "nations": true, "decades": true}

// figures reads money, areas and counts, each tied to the entity its sentence is about.
func (x *extractor) figures() {
	m := x.mask()
	taken := map[int]bool{} // raw offsets of numbers already read
	add := func(numStart, a, b int, f Fact) {
		if taken[numStart] {
			return
		}
		e := x.ofAfter(b)
		if e == nil {
			e = x.figureOf(m, numStart)
		}
		if e == nil {
			return
		}
		taken[numStart] = true
		x.lastFigureOf, x.lastFigureAt = e, numStart
		f.Of = e.ID
		f.Quote = x.orig[a:b]
		x.addFact(f)
	}
	for _, g := range reMoney.FindAllStringSubmatchIndex(x.raw, -1) {
		num, mult := g[4], g[6]
		if num < 0 {
			num, mult = g[8], g[10]
		}
		numEnd := g[5]
		if g[4] < 0 {
			numEnd = g[9]
		}
		exp := 0
		if mult >= 0 {
			switch strings.ToLower(x.raw[mult : mult+3]) {
			case "bil":
				exp = 9
			case "mil":
				exp = 6
			case "tho":
				exp = 3
			case "hun":
				exp = 8
			}
		}
		v, ok := decimalTimes(x.raw[num:numEnd], exp)
		if !ok {
			continue
		}
		a, words := x.lookBack(g[0], 5)
		measure := moneyMeasure(words)
		add(num, a, g[1], Fact{Measure: measure, Value: v, Unit: "CNY", Bound: bound(x.raw, g[2], g[3]), Note: "as printed: " + strings.TrimSpace(x.raw[g[0]:g[1]]), Confidence: 0.7, Rule: "figure-money"})
	}
	for _, g := range reArea.FindAllStringSubmatchIndex(x.raw, -1) {
		v, ok := decimalTimes(x.raw[g[4]:g[5]], 0)
		if !ok {
			continue
		}
		a, words := x.lookBack(g[0], 5)
		add(g[4], a, g[1], Fact{Measure: areaMeasure(words), Value: v, Unit: "m2", Bound: bound(x.raw, g[2], g[3]), Note: "as printed: " + strings.TrimSpace(x.raw[g[0]:g[1]]), Confidence: 0.7, Rule: "figure-area"})
	}
	// counts written as words: "three joint research centers"
	for _, g := range reWordCount.FindAllStringSubmatchIndex(x.raw, -1) {
		words := strings.Fields(x.raw[g[6]:g[7]])
		last := len(words) - 1
		w := strings.ToLower(words[last])
		if timeUnits[w] || strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") {
			continue
		}
		end := g[7]
		if subjectOfVerb(words) {
			continue // "two sides have", "ten sub-districts gave": who acts, not what is held
		}
		start := g[4]
		if g[2] >= 0 {
			start = g[2]
		}
		add(g[4], start, end, Fact{Measure: slug(w), Value: numberWords[strings.ToLower(x.raw[g[4]:g[5]])], Unit: "count", Bound: bound(x.raw, g[2], g[3]), Note: strings.Join(words, " "), Confidence: 0.45, Rule: "figure-count-in-words"})
	}
	// Matches may overlap: the words after one number may run into "more than" of the next
	// ("500 million and more than 120 researchers"), so each search starts after a number.
	for pos := 0; pos < len(x.raw); {
		g := reCount.FindStringSubmatchIndex(x.raw[pos:])
		if g == nil {
			break
		}
		for i := range g {
			if g[i] >= 0 {
				g[i] += pos
			}
		}
		pos = g[5]
		if pos > 0 && pos <= g[0] {
			pos = g[1]
		}
		numStart := g[4]
		if taken[numStart] {
			continue
		}
		// a number glued to a word or preceded by a capitalised word is a label ("Class 3")
		if i := g[4]; i > 0 {
			prev := strings.Fields(x.raw[max(0, i-12):i])
			if len(prev) > 0 && g[2] < 0 {
				w := prev[len(prev)-1]
				if w[0] >= 'A' && w[0] <= 'Z' && !stopWords[w] && !strings.ContainsAny(w, ",.;:") && !strings.EqualFold(w, "over") {
					continue
				}
			}
		}
		words := strings.Fields(x.raw[g[6]:g[7]])
		n := 0
		for n < len(words) && !countStop[strings.ToLower(words[n])] {
			n++
		}
		last := -1
		for i := 0; i < n; i++ {
			w := strings.ToLower(strings.Trim(words[i], "-"))
			if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && len(w) > 3 {
				last = i
			}
		}
		if last < 0 || timeUnits[strings.ToLower(words[last])] {
			continue
		}
		value := strings.ReplaceAll(x.raw[g[4]:g[5]], ",", "")
		if len(value) == 4 && (value[:2] == "19" || value[:2] == "20") && g[2] < 0 {
			continue // a year
		}
		phrase := strings.Join(words[:last+1], " ")
		end := strings.Index(x.raw[g[6]:], words[last]) + g[6] + len(words[last])
		start := g[4]
		if g[2] >= 0 {
			start = g[2]
		}
		add(numStart, start, end, Fact{Measure: slug(strings.ToLower(words[last])), Value: value, Unit: "count", Bound: bound(x.raw, g[2], g[3]), Note: phrase, Confidence: 0.5, Rule: "figure-count"})
	}
}

func bound(raw string, a, b int) string {
	if a < 0 {
		return ""
	}
	return "more-than"
}

// lookBack returns the offset of up to n words before i (not across punctuation that ends a
// clause) and those words, lower case.
func (x *extractor) lookBack(i, n int) (int, []string) {
	a := i
	var words []string
	for len(words) < n {
		j := a
		for j > 0 && x.raw[j-1] == ' ' {
			j--
		}
		k := j
		for k > 0 && x.raw[k-1] != ' ' && x.raw[k-1] != '\n' {
			k--
		}
		w := x.raw[k:j]
		if w == "" || strings.ContainsAny(w, ",.;:()“”\"") {
			break
		}
		words = append([]string{strings.ToLower(w)}, words...)
		a = k
	}
	return a, words
}

func moneyMeasure(words []string) string {
	s := " " + strings.Join(words, " ") + " "
	switch {
	case strings.Contains(s, " investment"):
		return "investment"
	case strings.Contains(s, " output value"):
		return "output-value"
	case strings.Contains(s, " financing"):
		return "financing"
	case strings.Contains(s, " revenue"):
		return "revenue"
	case strings.Contains(s, " registered capital"):
		return "registered-capital"
	case strings.Contains(s, " fund"):
		return "funding"
	case strings.Contains(s, " sales"):
		return "sales"
	}
	return "amount"
}

func areaMeasure(words []string) string {
	s := " " + strings.Join(words, " ") + " "
	switch {
	case strings.Contains(s, " construction area"):
		return "construction-area"
	case strings.Contains(s, " building"):
		return "building-area"
	case strings.Contains(s, " floor area"):
		return "floor-area"
	}
	return "area"
}

// figureOf is the entity a figure at raw offset at describes: the nearer of the last
// organization named and the last "the center" / "the project" in its sentence, else the
// last organization named before it.
func (x *extractor) figureOf(m *masked, at int) *Entity {
	ra, _ := x.sentenceBounds(at)
	var byMention *Entity
	mpos := -1
	for i := len(x.mentions) - 1; i >= 0; i-- {
		mn := x.mentions[i]
		if mn.End > at {
			continue
		}
		if e := x.byID[mn.Entity]; e != nil && e.Kind() == "organization" {
			byMention, mpos = e, mn.Start
			break
		}
	}
	var byRef *Entity
	rpos := -1
	if ms := reThe.FindAllStringSubmatchIndex(x.raw[ra:at], -1); len(ms) > 0 {
		g := ms[len(ms)-1]
		// find the masked offset of raw ra+g[0]
		mi := 0
		for mi < len(m.rawStart) && m.rawStart[mi] < ra+g[0] {
			mi++
		}
		byRef = x.coref(m, mi, x.raw[ra+g[2]:ra+g[3]])
		rpos = ra + g[0]
	}
	switch {
	case byRef != nil && (rpos > mpos || mpos < ra):
		return byRef
	case byRef == nil && rpos >= ra && mpos < ra:
		// "the base is to reach 50 projects": the sentence is about something it refers
		// back to, which no name before it is
		return nil
	case mpos < ra && x.lastFigureOf != nil && x.lastFigureAt < at:
		// a sentence that names nothing goes on about what the figures before it were of
		return x.lastFigureOf
	case byMention != nil && mpos >= prevSentence(x, ra):
		return byMention
	case byMention != nil && byMention == x.topic():
		// named further back: only the organization the article is about
		return byMention
	}
	// Precision first: another organization named further back is too often not what the
	// figure is of (real news, dev split), so no figure is drafted.
	return nil
}

// clauseVerbs are the verbs that, right after a counted noun, make it a clause's subject.
var clauseVerbs = map[string]bool{"have": true, "has": true, "had": true, "gave": true, "give": true, "are": true, "were": true, "will": true, "would": true, "can": true, "agreed": true, "signed": true, "said": true, "attended": true, "met": true, "held": true, "jointly": true, "also": true, "made": true, "visited": true}

// subjectOfVerb reports whether a count's words hold a verb of which the count is the
// subject ("sides have huge potentials").
func subjectOfVerb(words []string) bool {
	for _, w := range words {
		if clauseVerbs[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// prevSentence is where the sentence before the one starting at ra starts.
func prevSentence(x *extractor, ra int) int {
	if ra < 2 {
		return 0
	}
	pa, _ := x.sentenceBounds(ra - 2)
	return pa
}

// topic is the organization the article names most often (the first of equals).
func (x *extractor) topic() *Entity {
	n := map[string]int{}
	var best *Entity
	for _, mn := range x.mentions {
		e := x.byID[mn.Entity]
		if e == nil || e.Kind() != "organization" {
			continue
		}
		n[e.ID]++
		if best == nil || n[e.ID] > n[best.ID] {
			best = e
		}
	}
	return best
}

var reOfThe = lazy(`^\s+of\s+(?:the\s+)?`)

// ofAfter is the organization named right after a figure's words by "of": "the three joint
// research centers of the Westlake Research Institute".
func (x *extractor) ofAfter(end int) *Entity {
	loc := reOfThe.FindStringIndex(x.raw[end:min(len(x.raw), end+12)])
	if loc == nil {
		return nil
	}
	at := end + loc[1]
	for _, mn := range x.mentions {
		if mn.Start == at {
			if e := x.byID[mn.Entity]; e != nil && e.Kind() == loader.KindOrganization {
				return e
			}
		}
	}
	return nil
}
