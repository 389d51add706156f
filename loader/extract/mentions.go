package extract

import (
	"sort"
	"strings"

	"github.com/medkg/medkg/loader"
)

// Head nouns: the last word of an organization's or place's name says what it is.
var orgHeads = map[string]string{
	"institute": "ResearchOrganization", "institutes": "ResearchOrganization", "academy": "ResearchOrganization",
	"university": "CollegeOrUniversity", "college": "CollegeOrUniversity", "school": "CollegeOrUniversity",
	"center": "Center", "laboratory": "Center", "base": "Center",
	"hospital":   "Hospital",
	"commission": "GovernmentOrganization", "bureau": "GovernmentOrganization", "ministry": "GovernmentOrganization",
	"government": "GovernmentOrganization", "committee": "GovernmentOrganization", "administration": "GovernmentOrganization",
	"office": "GovernmentOrganization", "department": "GovernmentOrganization",
	"group": "Corporation", "company": "Corporation", "corporation": "Corporation", "co": "Corporation", "ltd": "Corporation",
	"alliance": "Alliance", "association": "Organization", "federation": "Organization", "foundation": "Organization",
}

var placeHeads = map[string]string{
	"district": "District", "zone": "District", "area": "District", "county": "District",
	"subdistrict": "Subdistrict", "town": "Subdistrict", "park": "Park", "province": "Province", "city": "City",
}

// stopWords are capitalised words that open sentences, never names.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`The A An On In At Since By From With After For Following Jointly Established
		According Recently Specifically Also It Its This That These Those Upon Once As Writer Editor Updated Source
		Post Home Related Stay Such Over There When While Both Their Our We He She They Dr Mr Ms Prof Under Through
		During Before Between Among Among Why How What Which Who Where Copyedited Edited By Director President`) {
		stopWords[w] = true
	}
}

// headType returns the type a head word gives a name, and whether it is a place.
func headType(t token) (string, bool, bool) {
	if !t.word {
		return "", false, false
	}
	if !isCap(t) {
		return "", false, false
	}
	if typ, ok := orgHeads[t.key]; ok {
		return typ, false, true
	}
	if typ, ok := placeHeads[t.key]; ok {
		return typ, true, true
	}
	// A one-letter slip in a long head noun ("Comission") is still that head.
	if len(t.key) >= 7 {
		for h, typ := range orgHeads {
			if len(h) >= 7 && editDistance(h, t.key) == 1 && !strings.HasSuffix(t.key, "s") {
				return typ, false, true
			}
		}
	}
	return "", false, false
}

// (a surname in capitals may come first, "CHEN Jianguo", or last, "Jianguo CHEN")
const personName = `[A-Z][A-Za-z]*[a-z][A-Za-z]*(?: +[A-Z][a-z]+){1,2}|[A-Z]{2,} +[A-Z][a-z]+|[A-Z][a-z]+(?:-[a-z]+)? +[A-Z]{2,}\b`

// roleAlt matches the post titles the articles print.
const roleAlt = `(?:senior |executive )?vice[ -]president|president|(?:deputy|vice)[ -]director|director|chief scientist|chief financial officer|CFO|deputy secretary of (?:the )?party committee|secretary of (?:the )?party committee|party secretary|deputy mayor|mayor|academician|professor|general secretary|(?:vice|assistant)[ -]dean|dean|chairman|head|provost|deputy minister|political commissar`

var reRole = lazy(`(?i)\b(` + strings.ReplaceAll(roleAlt, " ", " +") + `)\b`)

// roleSlug maps a post title as printed to the fact format's role.
func roleSlug(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.ReplaceAll(s, "-", " ")
	switch {
	case strings.HasSuffix(s, "vice president"):
		return "vice-president"
	case s == "deputy director" || s == "vice director":
		return "deputy-director"
	case s == "vice dean":
		return "vice-dean"
	case s == "assistant dean":
		return "assistant-dean"
	case s == "dean":
		return "dean"
	case s == "chairman":
		return "chairman"
	case s == "head":
		return "head"
	case s == "provost":
		return "provost"
	case s == "chief financial officer" || s == "cfo":
		return "chief-financial-officer"
	case strings.HasPrefix(s, "deputy secretary"):
		return "deputy-party-secretary"
	case s == "deputy minister":
		return "deputy-minister"
	case s == "political commissar":
		return "political-commissar"
	case s == "president":
		return "president"
	case s == "director":
		return "director"
	case s == "chief scientist":
		return "chief-scientist"
	case strings.Contains(s, "party"):
		return "party-secretary"
	case s == "deputy mayor":
		return "deputy-mayor"
	case s == "academician":
		return "academician"
	case s == "professor":
		return "professor"
	}
	return ""
}

// findRoles marks the tokens of post titles, which are never part of a name.
func (x *extractor) findRoles() {
	x.roleTok = make([]bool, len(x.toks))
	for _, m := range reRole.FindAllStringIndex(x.raw, -1) {
		if a, b, ok := x.tokRange(m[0], m[1]); ok {
			for i := a; i <= b; i++ {
				x.roleTok[i] = true
			}
		}
	}
}

// nameWord: a capitalised word that may be part of a name.
func (x *extractor) nameWord(i int) bool {
	if i < 0 || i >= len(x.toks) || x.roleTok[i] || (i >= x.headline[0] && i < x.headline[1]) {
		return false
	}
	t := x.toks[i]
	if x.tags != nil && isCap(t) && !isAcronym(t.text) {
		// a finite verb is never inside a name: "... Institute of Acoustics Establish Joint
		// Laboratory" in a title-case line
		switch x.tags[i] {
		case "VBZ", "VBP", "VBD":
			return false
		}
	}
	return isCap(t) || (t.word && isAcronym(t.text))
}

func (x *extractor) isOrgHead(i int) bool {
	if i < 0 || i >= len(x.toks) {
		return false
	}
	_, place, ok := headType(x.toks[i])
	return ok && !place
}

func (x *extractor) isHead(i int) bool {
	if i < 0 || i >= len(x.toks) {
		return false
	}
	_, _, ok := headType(x.toks[i])
	return ok
}

// cand is a span that may name an entity, before overlaps are settled.
type cand struct {
	a, b     int // tokens, inclusive
	name     string
	typ      string
	rule     string
	conf     float64
	known    *Entity // resolved by the registry
	parent   [2]int  // tokens of the organization it is affiliated to, when b ≥ a
	alias    string  // a short form in brackets after it
	priority int
}

// gazetteer finds every registry (and proposed) name in the tokens, longest first.
func (x *extractor) gazetteer(covered []bool) []cand {
	var out []cand
	for i := 0; i < len(x.toks); i++ {
		if !x.toks[i].word || covered != nil && covered[i] {
			continue
		}
		// collect up to maxWords words from i, ignoring punctuation, not across lines
		var idx []int
		for j := i; j < len(x.toks) && len(idx) < x.maxWords; j++ {
			if j > i && x.toks[j].nl {
				break
			}
			if covered != nil && covered[j] {
				break
			}
			if x.toks[j].word {
				idx = append(idx, j)
			} else if t := x.toks[j].text; t == "(" || t == ")" || t == "|" || t == ";" || t == ":" {
				break
			}
		}
		if e, ok := x.acro[x.toks[i].text]; ok {
			out = append(out, cand{a: i, b: i, name: x.toks[i].text, known: e, rule: "registry-acronym", conf: 0.9, priority: 1})
			continue
		}
		for n := len(idx); n >= 1; n-- {
			words := make([]string, n)
			for k := 0; k < n; k++ {
				words[k] = x.toks[idx[k]].key
			}
			k := strings.Join(words, " ")
			if n == 1 && (k == "the" || len(k) < 3) {
				continue
			}
			if e, ok := x.byKey[k]; ok {
				if e.Kind() == "place" && x.isOrgHead(idx[n-1]+1) && !x.toks[idx[n-1]+1].nl {
					break // "Pinecrest Hospital": the place begins an organization's name
				}
				rule := "registry-name"
				if e.New {
					rule = "new-name-again"
				}
				out = append(out, cand{a: i, b: idx[n-1], name: x.span(i, idx[n-1]), known: e, rule: rule, conf: 0.9, priority: 1})
				break
			}
		}
	}
	return out
}

// leftExt extends a name leftwards from its head k.
func (x *extractor) leftExt(k int) int {
	s := k
	for s > 0 && !x.toks[s].nl && s > k-maxNameTokens {
		j := s - 1
		t := x.toks[j]
		switch {
		case possessive(t.text):
			// a possessive is not part of the name: "China's Ministry of ...", "Sanshui’s ... Park"
		case x.nameWord(j) && !stopWords[t.text]:
			s = j
			continue
		case innerCap(t) && x.nameWord(j-1) && !stopWords[x.toks[j-1].text]:
			// "X Hospital microCT Center": a brand-like word between capitalised ones
			s = j
			continue
		case t.text == "/" && j == s-1 && (x.nameWord(j-1) || innerCap(x.toks[j-1])) && !x.toks[j].nl:
			// "microCT/MR Research Center": two words joined by a slash inside a name
			s = j - 1
			continue
		case (t.key == "and" || t.text == "&") && x.nameWord(j-1) && !stopWords[x.toks[j-1].text] && x.acro[x.toks[j-1].text] == nil && x.andJoins(j) && !x.printedAlone(j-1, s, k):
			s = j - 1
			continue
		case t.text == "," && x.nameWord(j-1) && !x.isHead(j-1) && x.fieldList(j, k):
			s = j - 1
			continue
		case t.text == ")" && companyWords[x.toks[k].key] && j == s-1:
			// a company's seat in brackets before its legal form: "Harbor Devices
			// (Pine City) Co., Ltd."
			open := -1
			for q := j - 1; q >= 0 && q >= j-5; q-- {
				if x.toks[q].text == "(" {
					open = q
					break
				}
				if !x.nameWord(q) {
					break
				}
			}
			if open > 0 && open < j-1 && x.nameWord(open-1) && !stopWords[x.toks[open-1].text] {
				s = open - 1
				continue
			}
		case t.text == "”" || t.text == "\"":
			// a quoted, capitalised part of a name: “One Belt & One Road” Medical Device ...
			open := -1
			for q := j - 1; q >= 0 && q >= j-10; q-- {
				if x.toks[q].text == "“" || x.toks[q].text == "\"" {
					open = q
					break
				}
				if !x.nameWord(q) && x.toks[q].text != "&" {
					break
				}
			}
			// not after a name that ends in its own head: "X Park “Green” Park
			// Planning" is no one name
			if open >= 0 && open < j-1 && !x.isHead(open-1) {
				s = open
				continue
			}
		}
		break
	}
	for s < k && stopWords[x.toks[s].text] {
		s++
	}
	return s
}

// andJoins reports whether the "and" at j joins two words of one name ("Economic and
// Information Commission") rather than two names: the words before it hold no head noun and
// are not the end of an "of ..." phrase.
func (x *extractor) andJoins(j int) bool {
	r := j - 1
	for r >= 0 && x.nameWord(r) {
		if x.isHead(r) {
			return false
		}
		r--
	}
	// "Acme Circuit, Delta Crystal and Micro Institute": after a comma, an "and" that follows
	// a proper word ends a list of names; a list of fields is of generic words ("Science,
	// Technology and Innovation Bureau")
	if r >= 1 && x.toks[r].text == "," && x.nameWord(r-1) && !loader.IsGenericName(x.span(r+1, j-1)) {
		return false
	}
	if r >= 1 && (x.toks[r].key == "of" || x.toks[r].key == "for") && (x.isOrgHead(r-1) || x.nameWord(r-1)) {
		// "Academy of Sciences and United Imaging", "Institute for Nuclear Research of
		// Russia and Institute of ...": the "and" ends the complement of another name
		return false
	}
	return true
}

// printedAlone reports whether the name of tokens s..k (two words or more) occurs in the
// article more often than with the word w and the "and" before it: a name printed on its own
// elsewhere is whole, and the "and" joins two names ("the Pine Industry Development and
// Velmora Optics Park Conference", where the article names Velmora Optics Park again), not
// two fields of one.
func (x *extractor) printedAlone(w, s, k int) bool {
	if k <= s {
		return false
	}
	return strings.Count(x.raw, x.raw[x.toks[s].start:x.toks[k].end]) > strings.Count(x.raw, x.raw[x.toks[w].start:x.toks[k].end])
}

// fieldList reports whether a comma at j is inside a list of fields of one name ("Science,
// Technology and Innovation Bureau"): between it and the head there is an "and" and no
// other head.
func (x *extractor) fieldList(j, k int) bool {
	and := false
	for i := j + 1; i < k; i++ {
		if !x.toks[i].word {
			return false
		}
		if x.toks[i].key == "and" {
			and = true
		} else if !x.nameWord(i) || x.isHead(i) {
			return false
		}
	}
	return and
}

// compEnd is the last token of the capitalised phrase that starts at a (the complement of
// "of", "for" or "affiliated to").
func (x *extractor) compEnd(a int) int {
	e := a
	for r := a + 1; r < len(x.toks) && !x.toks[r].nl && r < a+maxNameTokens; r++ {
		t := x.toks[r]
		if x.nameWord(r) {
			e = r
			continue
		}
		if (t.key == "and" || t.text == "&" || t.key == "of" || t.key == "for") && x.nameWord(r+1) && !x.toks[r+1].nl {
			continue
		}
		break
	}
	return e
}

// complementIsOrg reports whether tokens a..c name an organization of their own.
func (x *extractor) complementIsOrg(a, c int) bool {
	for i := a; i <= c; i++ {
		if x.isOrgHead(i) {
			return true
		}
	}
	for _, g := range x.gazetteerAt(a) {
		if g.known.Kind() == "organization" {
			return true
		}
	}
	return false
}

// gazetteerAt returns the registry names that start at token a (computed once for the
// text, and again after a name is added).
func (x *extractor) gazetteerAt(a int) []cand {
	if x.gazAt == nil {
		x.gazAt = map[int][]cand{}
		for _, g := range x.gazetteer(nil) {
			x.gazAt[g.a] = append(x.gazAt[g.a], g)
		}
	}
	return x.gazAt[a]
}

// rightExt extends a name rightwards from its head k (s is where it starts).
func (x *extractor) rightExt(s, k int) (e, typeHead int, parent [2]int) {
	e, typeHead, parent = k, k, [2]int{0, -1}
	complement := false
	for {
		j := e + 1
		if j >= len(x.toks) || x.toks[j].nl || j > k+maxNameTokens {
			return
		}
		switch x.toks[e].key {
		case "co":
			// Co., Ltd. / Co. Ltd / Co., Ltd
			for q := j; q < len(x.toks) && q <= j+2; q++ {
				if x.toks[q].key == "ltd" {
					e = q
					break
				}
				if x.toks[q].text != "." && x.toks[q].text != "," {
					break
				}
			}
			return
		case "ltd":
			return
		}
		if !complement {
			last := -1
			for r := j; r < len(x.toks) && r < j+maxNameTokens && !x.toks[r].nl && x.nameWord(r) && !stopWords[x.toks[r].text]; r++ {
				if x.isHead(r) {
					last = r
				}
			}
			if last >= 0 {
				e, typeHead = last, last
				continue
			}
		}
		t := x.toks[j]
		// "Institute of Automation of the Chinese Academy of Sciences", "West China Hospital
		// of Sichuan University": a name that says little without its parent organization
		// keeps it (and the parent is read off it).
		if t.key == "of" && j+2 < len(x.toks) && x.toks[j+1].key == "the" && !x.toks[j+1].nl && x.nameWord(j+2) && !x.toks[j+2].nl {
			c := x.parentEnd(j+2, x.compEnd(j+2))
			if x.complementIsOrg(j+2, c) && x.keepsParent(s, k, typeHead, complement, j+2, c) {
				e, parent = c, [2]int{j + 2, c}
			}
			return
		}
		if (t.key == "of" || t.key == "for") && x.nameWord(j+1) {
			c := x.compEnd(j + 1)
			if _, place, _ := headType(x.toks[typeHead]); place {
				if _, cplace, ok := headType(x.toks[c]); ok && cplace {
					return // "Biobay Park of Suzhou Industrial Park": two places
				}
			}
			// "of Applied Chemistry of Chinese Academy of Sciences": the name takes the
			// complement up to where an organization of its own begins.
			for r := j + 2; r < c; r++ {
				if w := x.toks[r].key; (w == "of" || w == "for") && x.complementIsOrg(r+1, c) && !x.complementIsOrg(j+1, r-1) {
					e = r - 1
					return
				}
			}
			if x.complementIsOrg(j+1, c) && t.key == "for" && !complement {
				// "for" names a field or a purpose, never a parent: "National Research
				// Institute for High-Performance Devices Co." is one company
				e, complement = c, true
				continue
			}
			if x.complementIsOrg(j+1, c) {
				if s == k && x.isOrgHead(k) && !complement { // a bare head: "University of Chinese Academy of Sciences"
					e, complement = c, true
					continue
				}
				if c := x.parentEnd(j+1, c); t.key == "of" && x.keepsParent(s, k, typeHead, complement, j+1, c) {
					e, parent = c, [2]int{j + 1, c}
				}
				return
			}
			e, complement = c, true
			continue
		}
		if t.key == "affiliated" && j+2 < len(x.toks) && x.toks[j+1].key == "to" && x.nameWord(j+2) {
			c := x.compEnd(j + 2)
			parent = [2]int{j + 2, c}
			e = c
			return
		}
		// "... Cooperation Base – Guoke Wenzhou Research Institute": a centre or base named
		// with its host after a dash
		if (t.text == "–" || t.text == "—") && orgHeads[x.toks[typeHead].key] == "Center" && x.nameWord(j+1) {
			c := x.compEnd(j + 1)
			if x.isOrgHead(c) {
				e = c
			}
		}
		return
	}
}

// keepsParent reports whether a name (tokens s..k, its type given by the head at th) goes on
// with "of" its parent organization (tokens a..c), as names that say little alone do: a bare
// head with its field ("Institute of Automation", complemented already) is one of the
// parent's institutes; a hospital is named by its university ("First Affiliated Hospital
// of Anhui Medical University").
func (x *extractor) keepsParent(s, k, th int, complemented bool, a, c int) bool {
	if s == k && complemented && x.isOrgHead(k) {
		return true
	}
	// "Optics Institute of <Academy>", "Sensor Research Center of the Ministry of
	// ...": a unit's head, then "of" an organization, is the unit's whole name
	// as the publisher prints it (the parent is read off it); cut before "of", the name is
	// one no list or registry holds.
	if partHeads[x.toks[th].key] && x.toks[th].key != "hospital" {
		return true
	}
	if orgHeads[x.toks[th].key] != "Hospital" {
		return false
	}
	if typ, _, ok := headType(x.toks[c]); ok && typ == "CollegeOrUniversity" {
		return true
	}
	for _, g := range x.gazetteerAt(a) {
		if g.b == c && g.known.Type == "CollegeOrUniversity" {
			return true
		}
	}
	return false
}

// parentEnd is where the organization named from token a ends, at most c: the longest
// registry name there, else its head noun and the head's "of" complement, so that "Chinese
// Academy of Sciences and Hangzhou Meiya Medical Co., Ltd." ends before the "and".
func (x *extractor) parentEnd(a, c int) int {
	best := -1
	for _, g := range x.gazetteerAt(a) {
		if g.known.Kind() == "organization" && g.b <= c && g.b > best {
			best = g.b
		}
	}
	if best >= 0 {
		return best
	}
	for h := a; h <= c; h++ {
		if !x.isOrgHead(h) {
			continue
		}
		e := h
		if e+2 <= c && (x.toks[e+1].key == "of" || x.toks[e+1].key == "for") {
			e += 2
			for e+1 <= c && x.nameWord(e+1) {
				e++
			}
		}
		return e
	}
	return c
}

// headCandidates proposes the names that end in (or are built on) a head noun.
func (x *extractor) headCandidates() []cand {
	var out []cand
	for k := range x.toks {
		// Whether token k is a head noun at all; the name's type and whether it is a place
		// come from its own head (th) once the name's extent is known.
		if _, _, ok := headType(x.toks[k]); !ok || x.roleTok[k] || (k >= x.headline[0] && k < x.headline[1]) {
			continue
		}
		if x.toks[k].key == "ltd" && k >= 2 && (x.toks[k-1].key == "co" || x.toks[k-2].key == "co") {
			continue
		}
		s := x.leftExt(k)
		e, th, parent := x.rightExt(s, k)
		if s == e && !isAcronym(x.toks[s].text) {
			continue // a head noun alone is not a name
		}
		if x.toks[th].key == "school" && th > s && seasonWords[x.toks[th-1].key] {
			continue // "International Summer School": a course, an event
		}
		typ, place, _ := headType(x.toks[th])
		if x.toks[th].key == "ltd" || x.toks[th].key == "co" {
			typ = "Corporation"
		}
		// "the Chinese Academy Sciences": capitalised words after the head that make a
		// misprint of a registry name belong to it
		for q := e + 1; q <= e+3 && th == e && x.nameWord(q) && !stopWords[x.toks[q].text]; q++ {
			if x.fuzzyKnown(x.span(s, q), typ) != nil {
				e = q
				break
			}
		}
		if typ == "GovernmentOrganization" && th == e && e == s+1 && loader.IsGenericName(x.span(s, e)) {
			// "Health Committee", "Education Bureau": one field and the head name the
			// office of a government the words do not say; with "in" a known place it
			// is that place's ("Health Committee in Pinecrest"), else no entity
			at := -1
			if e+2 < len(x.toks) && x.toks[e+1].key == "in" && !x.toks[e+1].nl {
				for _, g := range x.gazetteerAt(e + 2) {
					if g.known.Kind() == "place" && g.b > at {
						at = g.b
					}
				}
				// or one proper word that is no month ("in March") and no name's start
				if q := e + 2; at < 0 && x.nameWord(q) && !stopWords[x.toks[q].text] && !x.isHead(q) && !monthWords[x.toks[q].key] && !x.nameWord(q+1) {
					at = q
				}
			}
			if at < 0 {
				continue
			}
			e = at
		}
		if x.toks[th].key == "federation" && e == s+1 && nationality(x.toks[s].key) {
			typ, place = "Country", true // "the Velmorian Federation" is a country, not a league
		}
		rule, conf := "new-org-head-noun", 0.8
		if place {
			rule, conf = "new-place-head-noun", 0.7
		}
		c := cand{a: s, b: e, name: clean(x.span(s, e)), typ: typ, rule: rule, conf: conf, parent: parent}
		// (SIAT), (Zheyu Enterprise Service): a short form in brackets
		if e+2 < len(x.toks) && x.toks[e+1].text == "(" {
			q := e + 2
			for q < len(x.toks) && x.nameWord(q) && q < e+8 {
				q++
			}
			if q < len(x.toks) && q > e+2 && x.toks[q].text == ")" {
				c.alias = clean(x.span(e+2, q-1))
			}
		}
		out = append(out, c)
	}
	return out
}

var (
	// a person's name: two or three capitalised words; a surname may be printed in capitals
	// ("LIN Hao", "ZhOU Ping")
	rePersonPost = lazy(`\b(` + personName + `)(?:,\s+|\s*[—–]\s*)(?:an?\s+|the\s+)?(?i:` + strings.ReplaceAll(roleAlt, " ", " +") + `)\b`)
	// "A and B, director and vice director of ...": both are people
	rePairPersonPost = lazy(`\b(` + personName + `)\s+and\s+(` + personName + `),\s+(?:an?\s+|the\s+)?(?i:` + strings.ReplaceAll(roleAlt, " ", " +") + `)\s+and\s+`)
	rePostPerson     = lazy(`\b((?:[Vv]ice |[Dd]eputy )?[Pp]resident|Vice-president|(?:[Dd]eputy )?[Dd]irector|[Cc]hairman|[Dd]ean|Mayor|Secretary|[Pp]rofessor|Prof\.|Dr\.|[Aa]cademician)\s+(` + personName + `)\b`)
	reByline         = lazy(`\b((?i:writer|by|author|reporter|editor|copyedited by|edited by))\s*:?\s+([A-Z][a-z]+(?: +[A-Z][a-z]+[A-Z]?)?(?:,\s*[A-Z][a-z]+(?: +[A-Z][a-z]+[A-Z]?)?)*)\b`)
	reQuoted         = lazy(`[“"]([^”"\n]{10,200})[”"]`)
)

// personTitles are words before a person's name that are not part of it.
var personTitles = map[string]bool{"professor": true, "prof": true, "dr": true, "academician": true, "mr": true, "ms": true, "mrs": true}

// maxNameTokens bounds how far a name grows from its head noun: the longest seed name has
// 19 words, and the bound keeps a text of nothing but capitals linear.
const maxNameTokens = 40

// tokRange returns the tokens covering raw offsets [a, b).
func (x *extractor) tokRange(a, b int) (int, int, bool) {
	s := sort.Search(len(x.toks), func(i int) bool { return x.toks[i].start >= a })
	e := s - 1
	for e+1 < len(x.toks) && x.toks[e+1].end <= b {
		e++
	}
	return s, e, e >= s
}

// personCandidates proposes people named beside a post, and the bylines' writers and editors.
func (x *extractor) personCandidates() []cand {
	var out []cand
	add := func(a, b int, rule string, conf float64) {
		s, e, ok := x.tokRange(a, b)
		// "Professor Xie Ming, vice president of ...": the title is not the name
		for ok && s < e && personTitles[x.toks[s].key] {
			s++
			if s < e && x.toks[s].text == "." {
				s++
			}
		}
		if !ok || s > e {
			return
		}
		for i := s; i <= e; i++ {
			if x.isHead(i) || stopWords[x.toks[i].text] {
				return
			}
		}
		out = append(out, cand{a: s, b: e, name: clean(x.span(s, e)), typ: "Person", rule: rule, conf: conf, priority: 2})
	}
	for _, m := range rePersonPost.FindAllStringSubmatchIndex(x.raw, -1) {
		add(m[2], m[3], "new-person-with-post", 0.85)
	}
	for _, m := range rePairPersonPost.FindAllStringSubmatchIndex(x.raw, -1) {
		add(m[2], m[3], "new-person-pair-with-posts", 0.8)
		add(m[4], m[5], "new-person-pair-with-posts", 0.8)
	}
	for _, m := range rePostPerson.FindAllStringSubmatchIndex(x.raw, -1) {
		add(m[4], m[5], "new-person-after-title", 0.8)
	}
	head := x.raw
	if len(head) > 600 {
		head = head[:600]
	}
	for _, m := range reByline.FindAllStringSubmatchIndex(head, -1) {
		names := x.raw[m[4]:m[5]]
		off := m[4]
		for _, n := range strings.Split(names, ",") {
			i := strings.Index(x.raw[off:], strings.TrimSpace(n))
			if i < 0 {
				continue
			}
			a := off + i
			add(a, a+len(strings.TrimSpace(n)), "new-person-byline", 0.75)
			off = a + len(strings.TrimSpace(n))
		}
	}
	return out
}

// eventWords end the names of meetings and schools of a season, which are events, not
// organizations or projects.
var eventWords = map[string]bool{"symposium": true, "conference": true, "forum": true, "summit": true, "seminar": true, "workshop": true, "congress": true, "expo": true, "exhibition": true, "ceremony": true, "meeting": true, "competition": true}

// nationality reports whether a word is an adjective of nationality by its ending
// ("Velmorian", "Korean"), as before "Federation" in a country's name.
func nationality(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ian") || strings.HasSuffix(w, "ean"))
}

// monthWords are capitalised words after "in" that are dates, not places.
var monthWords = map[string]bool{"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true}

// seasonWords before "School" make a course, not a college: "International Summer School".
var seasonWords = map[string]bool{"summer": true, "winter": true, "spring": true, "autumn": true}

// pluralHeads are head nouns in the plural: a quoted title that ends in one names a class of
// many ("the Top Five ... Parks"), not one entity.
var pluralHeads = map[string]bool{"parks": true, "centers": true, "laboratories": true, "labs": true, "institutes": true, "zones": true, "bases": true, "hospitals": true, "universities": true, "companies": true, "enterprises": true, "platforms": true, "projects": true}

// titledWords reports whether most words of more than three letters are capitalised, as in a
// title ("Research, Development and Application of ..."), not a description quoted in lower
// case ("Pine key laboratory cultivation base of advanced materials").
func titledWords(toks []token) bool {
	long, caps := 0, 0
	for _, t := range toks {
		if !t.word || len(t.text) <= 3 {
			continue
		}
		long++
		if isCap(t) || isAcronym(t.text) {
			caps++
		}
	}
	return caps*2 > long
}

// projectCandidates proposes quoted titles of projects: “Research, Development and ...”.
func (x *extractor) projectCandidates() []cand {
	var out []cand
	for _, m := range reQuoted.FindAllStringSubmatchIndex(x.raw, -1) {
		inner := x.raw[m[2]:m[3]]
		if len(strings.Fields(inner)) < 3 || strings.ContainsAny(inner, ".!?") {
			continue
		}
		s, e, ok := x.tokRange(m[2], m[3])
		for ok && e > s && !x.toks[e].word {
			e-- // "... Parks,": the quote took the comma in
		}
		if !ok || x.isHead(e) || eventWords[x.toks[e].key] || pluralHeads[x.toks[e].key] {
			continue // a meeting is no project; "Top Five ... Parks" is a class of many
		}
		end := strings.IndexAny(x.raw[m[1]:], ".\n")
		if end < 0 {
			end = len(x.raw) - m[1]
		}
		rest := strings.ToLower(x.raw[m[1] : m[1]+end])
		if !strings.Contains(rest, "project") && (!isCap(x.toks[s]) || !titledWords(x.toks[s:e+1])) {
			continue // a title is capitalised; a quoted description in lower case is not one
		}
		out = append(out, cand{a: s, b: e, name: clean(inner), typ: "Project", rule: "new-project-quoted-title", conf: 0.6})
	}
	return out
}

// reOrgCue is a phrase whose object can only be an organization: what follows it, if
// capitalised, names one even without a head noun ("a subsidiary of Harbor", "in cooperation
// with Acme"), the names issue 12 found lost most often (company names, acronyms).
var reOrgCue = lazy(`(?i)\b(?:(?:wholly[- ]owned |holding )?subsidiary of|partnered with|teamed up with|in (?:cooperation|collaboration|partnership) with|(?:jointly )?(?:built|established|founded|co-founded|set up|funded|invested) by)\s+(?:the\s+)?`)

// cueCandidates proposes the capitalised words right after an organization cue as a new
// organization's name. They lose every tie: a person's name, a registry name or a name
// with a head noun over the same words is read first.
func (x *extractor) cueCandidates() []cand {
	var out []cand
	for _, m := range reOrgCue.FindAllStringIndex(x.raw, -1) {
		s := sort.Search(len(x.toks), func(i int) bool { return x.toks[i].start >= m[1] })
		e := s - 1
		for r := s; r < len(x.toks) && r < s+4 && !x.toks[r].nl && x.nameWord(r) && !stopWords[x.toks[r].text] && !x.isHead(r); r++ {
			e = r
		}
		if e < s {
			continue
		}
		if e+1 < len(x.toks) && (x.nameWord(e+1) || x.isHead(e+1)) {
			continue // a longer capitalised phrase: its own rules read it
		}
		if e+2 < len(x.toks) && (x.toks[e+1].key == "of" || x.toks[e+1].key == "for") && x.nameWord(e+2) {
			continue
		}
		out = append(out, cand{a: s, b: e, name: clean(x.span(s, e)), typ: "Organization", rule: "new-org-after-cue", conf: 0.6, priority: -1})
	}
	return out
}

// findMentions settles which spans name which entities.
func (x *extractor) findMentions() {
	var all []cand
	all = append(all, x.gazetteer(nil)...)
	all = append(all, x.headCandidates()...)
	all = append(all, x.personCandidates()...)
	all = append(all, x.projectCandidates()...)
	all = append(all, x.cueCandidates()...)
	// What "(hereinafter referred to as the “X”)" names is an alias, not a new entity.
	var kept []cand
	hereinafter := reHereinafter.FindAllStringIndex(x.raw, -1)
	for _, c := range all {
		inside := false
		for _, m := range hereinafter {
			if x.toks[c.a].start >= m[0] && x.toks[c.b].end <= m[1] {
				inside = true
			}
		}
		if !inside || c.known != nil {
			kept = append(kept, c)
		}
	}
	chosen := x.settle(kept, nil)
	covered := make([]bool, len(x.toks))
	for _, c := range chosen {
		for t := c.a; t <= c.b; t++ {
			covered[t] = true
		}
	}
	chosen = append(chosen, x.settle(x.posCandidates(chosen, covered), covered)...)
	var parents []cand
	var aliases []cand
	// Longer names first, so that a shortened one ("the National Engineering Research
	// Center") is read as the entity it shortens rather than as another.
	order := make([]int, len(chosen))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return len(chosen[order[i]].name) > len(chosen[order[j]].name) })
	for _, i := range order {
		c := &chosen[i]
		if c.known == nil {
			if e, ok := x.lookup(c.name); ok {
				c.known, c.rule = e, "registry-variant"
			} else if e := x.shortened(c.name, c.typ); e != nil {
				c.known, c.rule = e, "truncated-name"
			} else if e := x.holdsCompany(c.name, c.typ); e != nil {
				c.known, c.rule = e, "registry-company-inside"
			} else if e := x.fuzzyKnown(c.name, c.typ); e != nil {
				c.known, c.rule = e, "registry-fuzzy"
			} else {
				c.known = x.newEntity(c.name, c.typ, c.rule, c.conf, x.sentenceAt(x.toks[c.a].start))
			}
		}
	}
	for i := range chosen {
		c := &chosen[i]
		// A candidate with no parent span has parent [0,0]; a real parent never starts
		// at token 0, since the name it is the parent of comes first (issue 12, item 1).
		if c.parent[0] > 0 && c.parent[1] >= c.parent[0] {
			parents = append(parents, *c)
		}
		if c.alias != "" {
			aliases = append(aliases, *c)
		}
		for t := c.a; t <= c.b; t++ {
			covered[t] = true
		}
	}
	for _, c := range aliases {
		if e, ok := x.lookup(c.alias); ok && e != c.known {
			continue
		} else if !ok && c.known.New {
			c.known.Aliases = append(c.known.Aliases, c.alias)
			x.addName(c.known, c.alias)
		}
	}
	x.hereinafter(chosen)
	x.acronymBefore(chosen)
	// Second pass: the names just proposed, wherever else they occur (any case).
	chosen = append(chosen, x.settle(x.gazetteer(covered), covered)...)
	chosen = append(chosen, x.prefixMentions(chosen)...)
	sort.Slice(chosen, func(i, j int) bool { return chosen[i].a < chosen[j].a })
	for _, c := range chosen {
		end := x.toks[c.b].end
		// "Co. Ltd." ends with its full stop when the sentence goes on: "Co. Ltd. and others"
		if k := x.toks[c.b].key; (k == "ltd" || k == "co" || k == "inc") && c.b+2 < len(x.toks) && x.toks[c.b+1].text == "." {
			if next := x.toks[c.b+2]; !isCap(next) {
				end = x.toks[c.b+1].end
			}
		}
		x.mentions = append(x.mentions, Mention{Start: x.toks[c.a].start, End: end, Entity: c.known.ID, Rule: c.rule})
	}
	// A name that holds another organization's: "Biomedical Materials Center of Wenzhou
	// Research Institute of Guoke", "Xiangshan Hospital Affiliated to Wenzhou Medical
	// University" (when the registry knows the whole name, no candidate split it).
	for _, c := range chosen {
		if c.known.Kind() != "organization" || c.known.Type == "Corporation" || c.known.Type == "Project" {
			continue
		}
		for t := c.a + 1; t < c.b; t++ {
			k := x.toks[t].key
			if k != "of" && !(k == "to" && x.toks[t-1].key == "affiliated") {
				continue
			}
			before := t - 1
			if k == "to" {
				before = t - 2
			}
			if before == c.a && x.isOrgHead(c.a) {
				continue // "University of ...": the whole is the name
			}
			// "Institute of Ionic Physics of X": a bare head with its field, then "of" the
			// organization it belongs to
			fielded := x.isOrgHead(c.a) && c.a+1 < t && x.toks[c.a+1].key == "of"
			if !x.isOrgHead(before) && !fielded {
				continue
			}
			p, ok := x.lookup(x.span(t+1, c.b))
			if ok && p != c.known && p.Kind() == "organization" {
				x.addFact(Fact{S: c.known.ID, P: "parentOrganization", O: p.ID, Quote: x.spanQ(c.a, c.b), Confidence: 0.75, Rule: "part-of-name-of"})
				break
			}
		}
	}
	// "Northfield University School of Medicine": a name that begins with another
	// organization's whole name and goes on with a unit's head is a unit of it.
	for _, c := range chosen {
		if c.known.Kind() != "organization" {
			continue
		}
		for t := c.b - 1; t > c.a; t-- {
			if !isCap(x.toks[t+1]) || !partHeads[x.toks[t+1].key] || !x.isOrgHead(t) {
				continue
			}
			if p, ok := x.lookup(x.span(c.a, t)); ok && p != c.known && p.Kind() == "organization" {
				x.addFact(Fact{S: c.known.ID, P: "parentOrganization", O: p.ID, Quote: x.spanQ(c.a, c.b), Confidence: 0.75, Rule: "part-of-name-prefix"})
				break
			}
		}
	}
	// "CAS Clinical Research Hospital": a new organization named with a known one's short
	// form first is a unit of it.
	for _, c := range chosen {
		if !c.known.New || c.known.Kind() != "organization" || c.b-c.a < 2 {
			continue
		}
		if p := x.acro[x.toks[c.a].text]; p != nil && p != c.known && p.Kind() == "organization" {
			x.addFact(Fact{S: c.known.ID, P: "parentOrganization", O: p.ID, Quote: x.spanQ(c.a, c.b), Confidence: 0.7, Rule: "part-of-acronym-prefix"})
		}
	}
	for _, c := range parents {
		p := x.span(c.parent[0], c.parent[1])
		pe, ok := x.lookup(p)
		if !ok {
			typ, _, _ := headType(x.toks[c.parent[1]])
			for h := c.parent[0]; typ == "" && h < c.parent[1]; h++ {
				if x.isOrgHead(h) && x.toks[h+1].key == "of" {
					typ, _, _ = headType(x.toks[h]) // "the Ministry of Education": a head with its field
				}
			}
			if typ == "" {
				continue
			}
			pe = x.newEntity(p, typ, "new-org-head-noun", 0.8, x.sentenceAt(x.toks[c.a].start))
		}
		rule, conf := "part-of-affiliated-to", 0.85
		if b := c.parent[0] - 1; b > 0 && (x.toks[b].key == "of" || x.toks[b].key == "the" && x.toks[b-1].key == "of") {
			rule, conf = "part-of-name-of", 0.8 // "Institute of Automation of the ..."
		}
		x.addFact(Fact{S: c.known.ID, P: "parentOrganization", O: pe.ID, Quote: x.spanQ(c.a, c.b), Confidence: conf, Rule: rule})
	}
}

// partHeads are nouns that begin a unit of an organization when they follow its name.
var partHeads = map[string]bool{"school": true, "college": true, "department": true, "hospital": true, "institute": true, "center": true, "laboratory": true, "faculty": true, "branch": true}

// clean folds the white space inside a name.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// shortened returns the one entity of type typ whose name begins with name and goes on,
// if there is exactly one.
func (x *extractor) shortened(name, typ string) *Entity {
	k := NameKey(name) + " "
	if strings.Count(k, " ") < 2 {
		return nil // one word is too little to go on
	}
	var hit *Entity
	for _, e := range x.ents {
		if e.Type != typ {
			continue
		}
		for _, nk := range x.keys[e] {
			if nk += " "; len(nk) > len(k) && strings.HasPrefix(nk, k) {
				// "Shanghai Jiao Tong University" begins "... University School of
				// Medicine", which is a part of it, not it: a longer name that goes on
				// with another head noun names another organization.
				if rest := strings.Fields(nk[len(k):]); len(rest) > 0 && (orgHeads[rest[0]] != "" || partHeads[rest[0]]) {
					continue
				}
				if hit != nil && hit != e {
					return nil
				}
				hit = e
			}
		}
	}
	return hit
}

// settle keeps the longest of overlapping spans.
func (x *extractor) settle(all []cand, covered []bool) []cand {
	sort.SliceStable(all, func(i, j int) bool {
		li, lj := all[i].b-all[i].a, all[j].b-all[j].a
		if li != lj {
			return li > lj
		}
		if all[i].priority != all[j].priority {
			return all[i].priority > all[j].priority
		}
		return all[i].a < all[j].a
	})
	taken := make([]bool, len(x.toks))
	if covered != nil {
		copy(taken, covered)
	}
	var out []cand
	for _, c := range all {
		free := true
		for t := c.a; t <= c.b; t++ {
			if taken[t] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for t := c.a; t <= c.b; t++ {
			taken[t] = true
		}
		out = append(out, c)
	}
	return out
}

var reHereinafter = lazy(`(?i)\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?|(?:referred\s+to|abbreviated)\s+as\s+)(?:the\s+)?(?:[“"]([^”"]+)[”"]|(?-i:([A-Z][\p{L}\-]*(?:\s+[A-Z][\p{L}\-]*){0,5})))\s*\)`)
var reOfTail = lazy(`^\s+of\s+(?:the\s+)?[\p{L}’' ]{1,40}$`)

// hereinafter takes "X ... (hereinafter referred to as the “Y”)" as Y being an alias of X.
func (x *extractor) hereinafter(chosen []cand) {
	for _, m := range reHereinafter.FindAllStringSubmatchIndex(x.raw, -1) {
		var best *cand
		for i := range chosen {
			c := &chosen[i]
			end := x.toks[c.b].end
			if end > m[0] || m[0]-end > 120 {
				continue
			}
			gap := x.raw[end:m[0]]
			if strings.TrimSpace(gap) == "" || reOfTail.MatchString(gap) || x.ofChain(gap, chosen) {
				if best == nil || c.a < best.a {
					best = c
				}
			}
		}
		if best == nil || best.known == nil {
			continue
		}
		var alias string
		if m[2] >= 0 {
			alias = x.raw[m[2]:m[3]]
		} else {
			alias = x.raw[m[4]:m[5]] // "(referred to as the Coral Center)", unquoted
		}
		if e, ok := x.lookup(alias); ok && e != best.known {
			// The short form was already proposed as a name of its own ("The Coral
			// Center hired ..."): it is the long form's, so fold it in. A registry
			// entity is never folded (it is another entity that happens to match).
			if !e.New || !best.known.New || NameKey(e.Name) != NameKey(alias) {
				continue
			}
			x.fold(e, best.known, chosen)
		}
		if best.known.New {
			best.known.Aliases = append(best.known.Aliases, alias)
		}
		x.addName(best.known, alias)
	}
}

// ofChain: the gap is " of <a chosen name>" plus an optional lower-case tail.
func (x *extractor) ofChain(gap string, chosen []cand) bool {
	g := strings.TrimSpace(gap)
	if !strings.HasPrefix(g, "of ") {
		return false
	}
	g = strings.TrimPrefix(strings.TrimPrefix(g, "of "), "the ")
	for _, c := range chosen {
		if NameKey(g) == NameKey(c.name) {
			return true
		}
	}
	return false
}

// prefixMentions resolves a truncated name ("Shanghai High-end Medical Equipment" for the
// innovation centre of that name): a run of three or more capitalised words, not yet a
// mention, that begins exactly one entity's name.
func (x *extractor) prefixMentions(chosen []cand) []cand {
	covered := make([]bool, len(x.toks))
	for _, c := range chosen {
		for t := c.a; t <= c.b; t++ {
			covered[t] = true
		}
	}
	var out []cand
	for i := 0; i < len(x.toks); i++ {
		if covered[i] || !x.nameWord(i) || stopWords[x.toks[i].text] {
			continue
		}
		j := i
		for j+1 < len(x.toks) && !covered[j+1] && x.nameWord(j+1) && !x.toks[j+1].nl {
			j++
		}
		if j-i+1 >= 3 {
			k := NameKey(x.span(i, j)) + " "
			var hit *Entity
			n := 0
			seen := map[*Entity]bool{}
			for _, e := range x.ents {
				for _, nk := range x.keys[e] {
					if strings.HasPrefix(nk+" ", k) && !seen[e] {
						seen[e] = true
						hit = e
						n++
					}
				}
			}
			if n == 1 {
				out = append(out, cand{a: i, b: j, name: x.span(i, j), known: hit, rule: "truncated-name", conf: 0.6})
			}
		}
		i = j
	}
	return out
}

// sentenceAt returns the sentence around raw offset i, for notes.
func (x *extractor) sentenceAt(i int) string {
	a, b := x.sentenceBounds(i)
	s := strings.Join(strings.Fields(x.raw[a:b]), " ")
	if r := []rune(s); len(r) > 160 {
		s = string(r[:157]) + "..."
	}
	return s
}

// sentenceBounds returns the raw offsets of the sentence holding offset i: sentences end at
// a full stop followed by white space, or a line break.
func (x *extractor) sentenceBounds(i int) (int, int) {
	a := i
	for a > 0 && a > i-maxSentence {
		c := x.raw[a-1]
		if c == '\n' || (c == ' ' && a >= 2 && (x.raw[a-2] == '.' || x.raw[a-2] == '?' || x.raw[a-2] == '!') && !x.abbrevBefore(a-2)) {
			break
		}
		a--
	}
	b := i
	for b < len(x.raw) && b < i+maxSentence {
		c := x.raw[b]
		if c == '\n' {
			break
		}
		if (c == '.' || c == '?' || c == '!') && (b+1 == len(x.raw) || x.raw[b+1] == ' ' || x.raw[b+1] == '\n') && !x.abbrevBefore(b) {
			b++
			break
		}
		b++
	}
	return a, b
}

// maxSentence bounds a sentence, in bytes either way, for text with no full stops.
const maxSentence = 3000

// abbrevBefore reports whether the full stop at i ends an abbreviation (Co., Ltd., Jan.).
func (x *extractor) abbrevBefore(i int) bool {
	j := i
	for j > 0 && x.raw[j-1] != ' ' && x.raw[j-1] != '\n' {
		j--
	}
	w := strings.ToLower(strings.Trim(x.raw[j:i], ",("))
	switch w {
	case "co", "ltd", "inc", "no", "dr", "mr", "ms", "prof", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}

// fold merges the proposed entity from into into: every candidate that named from names
// into, and from's names become into's aliases. Only for a new entity that the text itself
// says is another's short form ("(referred to as the Coral Center)").
func (x *extractor) fold(from, into *Entity, chosen []cand) {
	for i := range chosen {
		if chosen[i].known == from {
			chosen[i].known = into
		}
	}
	for i, e := range x.ents {
		if e == from {
			x.ents = append(x.ents[:i], x.ents[i+1:]...)
			break
		}
	}
	delete(x.byID, from.ID)
	for k, e := range x.byKey {
		if e == from {
			delete(x.byKey, k)
		}
	}
	for k, e := range x.acro {
		if e == from {
			delete(x.acro, k)
		}
	}
	delete(x.keys, from)
	x.gazAt = nil
	for _, n := range append([]string{from.Name}, from.Aliases...) {
		if NameKey(n) != NameKey(into.Name) {
			into.Aliases = append(into.Aliases, n)
		}
	}
}

// companyWords are the words a company's name may gain or lose around its distinctive part:
// a place before it, an industry and a legal form after it.
var companyWords = map[string]bool{"co": true, "ltd": true, "inc": true, "corp": true, "corporation": true, "company": true, "limited": true, "group": true, "holdings": true}

// holdsCompany returns the one registry company whose distinctive name (its name or an
// alias less the legal form, two words or more) occurs in a new company's name as whole
// words: "Shanghai United Imaging Healthcare Co." is United Imaging Co., Ltd (issue 12,
// item 6). The draft marks it (rule registry-company-inside) for the reviewer to confirm.
func (x *extractor) holdsCompany(name, typ string) *Entity {
	if typ != "Corporation" {
		return nil
	}
	k := " " + NameKey(name) + " "
	var hit *Entity
	for _, e := range x.ents {
		if e.Type != "Corporation" || e.New {
			continue
		}
		for _, nk := range x.keys[e] {
			var core []string
			for _, w := range strings.Fields(nk) {
				if !companyWords[w] {
					core = append(core, w)
				}
			}
			if len(core) < 2 || !strings.Contains(k, " "+strings.Join(core, " ")+" ") {
				continue
			}
			if hit != nil && hit != e {
				return nil
			}
			hit = e
		}
	}
	return hit
}

// acronymBefore takes "ABBR (Full Name)", the short form printed first and the name in
// brackets after it ("NUST (Northfield University of Science and Technology)"), as ABBR being
// an alias of the name, when ABBR's letters are the initials of the name's words.
func (x *extractor) acronymBefore(chosen []cand) {
	for i := range chosen {
		c := &chosen[i]
		if c.known == nil || c.known.Kind() != "organization" || c.a < 2 || c.b+1 >= len(x.toks) {
			continue
		}
		if x.toks[c.a-1].text != "(" || x.toks[c.b+1].text != ")" {
			continue
		}
		ab := x.toks[c.a-2].text
		if !isAcronym(ab) || x.acro[ab] != nil {
			continue
		}
		if initials(c.known.Name) != strings.ToUpper(ab) && initials(c.name) != strings.ToUpper(ab) {
			continue
		}
		if c.known.New {
			c.known.Aliases = append(c.known.Aliases, ab)
		}
		x.addName(c.known, ab)
	}
}

// initials is the first letters of a name's words, less of/and/the/for.
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(NameKey(name)) {
		if w == "of" || w == "and" || w == "the" || w == "for" || w == "&" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}

// possessive reports whether a word is a possessive that ends a name rather than being part
// of one: "China's", "Sanshui’s", but not "People's" (People's Hospital, People's Government),
// "Women's", "Children's".
func possessive(w string) bool {
	for _, suf := range []string{"'s", "’s", "‘s"} {
		if stem, ok := strings.CutSuffix(w, suf); ok {
			switch strings.ToLower(stem) {
			case "people", "women", "children", "men", "workers":
				return false
			}
			return true
		}
	}
	return false
}

// fuzzyKnown returns the one registry entity of type typ whose name (or alias) differs from
// name only by a misprint: the same words but for the little ones ("Chinese Academy
// Sciences"), or one generic word one or two letters off in a word of six or more
// ("Academy of Sciencs"). A different word is a different entity: the Academy of Engineering is not the
// Academy of Sciences. People are never matched this way (Wu Jincheng is not Wu Jianyong).
func (x *extractor) fuzzyKnown(name, typ string) *Entity {
	if kindOfType(typ) == loader.KindPerson {
		return nil
	}
	mine := significant(NameKey(name))
	if len(mine) < 2 {
		return nil
	}
	var hit *Entity
	for _, e := range x.ents {
		if e.New || e.Type != typ {
			continue
		}
		for _, nk := range x.keys[e] {
			theirs := significant(nk)
			if len(theirs) != len(mine) {
				continue
			}
			diff, ok := 0, true
			for i := range mine {
				if mine[i] == theirs[i] {
					continue
				}
				diff++
				// only a generic word may be misprinted: "Univercity", "Sciencs",
				// "Comission"; a proper word one or two letters off ("Southfield",
				// "Northfield") is another name
				if len(mine[i]) < 6 || !loader.IsGenericName(theirs[i]) || editDistance(mine[i], theirs[i]) > 2 {
					ok = false
				}
			}
			if !ok || diff > 1 {
				continue
			}
			if hit != nil && hit != e {
				return nil
			}
			hit = e
		}
	}
	return hit
}

// significant is a name key's words less of/and/the/for/&.
func significant(k string) []string {
	var out []string
	for _, w := range strings.Fields(k) {
		switch w {
		case "of", "and", "the", "for", "&", "at", "in":
			continue
		}
		out = append(out, w)
	}
	return out
}
