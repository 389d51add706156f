package extract

import (
	"strings"
	"unicode/utf8"
)

// masked is the article with every mention replaced by one private-use rune (U+E000 plus the
// mention's index), so that the rules are regular expressions over "‹A› together with ‹B›
// jointly established ‹C›", and every match maps back to the article's own words.
type masked struct {
	s        string
	rawStart []int // per byte of s
	rawEnd   []int
}

const entBase = 0xE000

func (x *extractor) mask() *masked {
	m := &masked{}
	var b strings.Builder
	pos := 0
	emit := func(str string, rs, re int) {
		b.WriteString(str)
		for range len(str) {
			m.rawStart = append(m.rawStart, rs)
			m.rawEnd = append(m.rawEnd, re)
		}
	}
	for i, mn := range x.mentions {
		for pos < mn.Start {
			_, size := utf8.DecodeRuneInString(x.raw[pos:])
			emit(x.raw[pos:pos+size], pos, pos+size)
			pos += size
		}
		emit(string(rune(entBase+i)), mn.Start, mn.End)
		pos = mn.End
	}
	for pos < len(x.raw) {
		_, size := utf8.DecodeRuneInString(x.raw[pos:])
		emit(x.raw[pos:pos+size], pos, pos+size)
		pos += size
	}
	m.s = b.String()
	return m
}

// quote returns the article's words for masked bytes [a, b).
func (x *extractor) quote(m *masked, a, b int) string {
	if a >= b {
		return ""
	}
	return x.orig[m.rawStart[a]:m.rawEnd[b-1]]
}

// ent returns the entity of the mention rune at the start of s.
func (x *extractor) ent(s string) *Entity {
	r, _ := utf8.DecodeRuneInString(s)
	i := int(r) - entBase
	if i < 0 || i >= len(x.mentions) {
		return nil
	}
	return x.byID[x.mentions[i].Entity]
}

// pat compiles a rule: ‹E› is one mention, a space is any white space, and matching ignores case.
// It is compiled on first use (lazyRE).
func pat(s string) *lazyRE {
	s = strings.ReplaceAll(s, "‹E›", `([\x{E000}-\x{EFFF}])`)
	s = strings.ReplaceAll(s, "‹e›", `[\x{E000}-\x{EFFF}]`)
	s = strings.ReplaceAll(s, "‹LIST›", `((?:‹e›(?: \(‹e›\))?(?: (?:under|of) (?:the )?‹e›)?(?:,? and (?:several |some |many |\d+ )?(?:other )?(?:partners|organizations|organisations|institutions|units|enterprises),? (?:including|such as) (?:the )?|,? and (?:the )?|, (?:the )?))*‹e›(?: \(‹e›\))?(?: (?:under|of) (?:the )?‹e›)?)`)
	s = strings.ReplaceAll(s, "‹e›", `[\x{E000}-\x{EFFF}]`)
	s = strings.ReplaceAll(s, " ", `\s+`)
	l := &lazyRE{src: `(?i)` + s}
	allRules = append(allRules, l)
	return l
}

// corefWords are the common nouns by which an article refers back to a named entity.
const corefAlt = `center|centre|institute|academy|university|hospital|laboratory|alliance|company|enterprise|project|base|platform`

// coref resolves "the center" at masked offset at: the nearest entity mentioned before it
// whose type the noun names.
func (x *extractor) coref(m *masked, at int, noun string) *Entity {
	noun = strings.ToLower(noun)
	typ := orgHeads[foldWord(noun)]
	switch noun {
	case "enterprise":
		typ = "Corporation"
	case "project":
		typ = "Project"
	case "platform":
		typ = "Center"
	}
	rawAt := m.rawStart[min(at, len(m.rawStart)-1)]
	for i := len(x.mentions) - 1; i >= 0; i-- {
		mn := x.mentions[i]
		if mn.End > rawAt {
			continue
		}
		if e := x.byID[mn.Entity]; e != nil && e.Type == typ {
			return e
		}
	}
	return nil
}

// target is a mention or a back-reference ("the center").
func (x *extractor) target(m *masked, s string, at int) *Entity {
	if e := x.ent(s); e != nil {
		return e
	}
	return x.coref(m, at, s)
}

// listItems splits a ‹LIST› into its members, and the "under"/"of" parents of members.
func (x *extractor) listItems(s string) (items []*Entity, parents [][2]*Entity) {
	var prev *Entity
	rest := s
	for len(rest) > 0 {
		r, size := utf8.DecodeRuneInString(rest)
		before := strings.ToLower(strings.TrimSpace(s[:len(s)-len(rest)]))
		rest = rest[size:]
		i := int(r) - entBase
		if i < 0 || i >= len(x.mentions) {
			continue
		}
		e := x.byID[x.mentions[i].Entity]
		switch {
		case strings.HasSuffix(before, "("):
			continue // a short form in brackets
		case prev != nil && (strings.HasSuffix(before, " under") || strings.HasSuffix(before, " under the") || strings.HasSuffix(before, " of") || strings.HasSuffix(before, " of the")):
			parents = append(parents, [2]*Entity{prev, e})
			continue
		}
		items = append(items, e)
		prev = e
	}
	return items, parents
}

var (
	// Founding.
	rePassiveBy   = pat(`‹E›,? (?:was|were|has been|had been|is|are|will be|is to be|would be) (jointly |co-)?(?:established|founded|set up|built|created) by (?:the )?‹LIST›(?:,? and (?:some |several |many )?other (?:organizations|organisations|institutions|partners|units|enterprises))?(?: in (?:the )?‹E›)?(?:,? ‹e›)?(?: in ((?:(?:January|February|March|April|May|June|July|August|September|October|November|December) )?\d{4}))?`)
	reOpenedIn    = pat(`‹E›(?:,? which|,? that)? (?:was|were|has been|had been) (?:officially )?(?:unveiled|inaugurated|opened|launched) in (?:the )?‹E›`)
	reJointlyBy   = pat(`jointly (?:established|founded|set up|built) by (?:the )?‹LIST›(?:,? and (?:some |several |many )?other (?:organizations|organisations|institutions|partners|units|enterprises))?, (?:the )?(‹e›|` + corefAlt + `)`)
	reTogether    = pat(`‹E›((?:,? (?:together with|and) (?:the )?‹e›(?: (?:of|under) (?:the )?‹e›)?)+),? (?:jointly |co-)?(?:established|founded|built|set up|applied for the establishment of) (?:the |a |an )?[“"]?‹E›[”"]?(?: in (\d{4}))?`)
	reJoinedHands = pat(`‹E›(?: (?:under|of) (?:the )?‹e›)?(?: \((?:‹e›|[^()\x{E000}-\x{EFFF}]{1,30})\))? joined hands with(?: (?:\d+ |several |some |many )?(?:other )?(?:partners|organizations|institutions|units))?(?: such as| including)? (?:the )?‹LIST› (?:to|and) (?:jointly )?(?:establish|found|build|set up|established|founded|built) (?:the |a |an )?‹E›(?: and (?:jointly )?(?:initiated|launched) (?:the |a |an )?‹E›)?`)
	reGuided      = pat(`guided by (?:the )?‹E›`)
	reEstablishT  = pat(`(?:to|and) (?:jointly )?(?:establish|found|build|set up) (?:the |a |an )?‹E›`)
	// Parts.
	// "…Institute of X Technology, Chinese Academy of Sciences", "… (the Chinese Academy of
	// Sciences)": a unit named with its parent after a comma or in brackets (issue 12, item 3)
	reCommaParent   = pat(`‹E›(?: \(‹e›\))?, (?:the )?‹E›`)
	reBracketParent = pat(`‹E› \((?:the )?‹E›\)`)
	reOpensOnDay    = pat(`^(?:on )?((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?:st|nd|rd|th)?),? (?:the )?$`)

	reAtParent = pat(`‹E› at (?:the )?‹E›`)
	// "X, ..., is the first national research institute founded by A in P"
	reIsFoundedBy = pat(`‹E›(?: \(‹e›\))?(?:,[^.\x{E000}-\x{EFFF}]{0,40}(?:‹e›[^.\x{E000}-\x{EFFF}]{0,40}){0,2},)? (?:is|was) (?:the|a|an) [^.\x{E000}-\x{EFFF}]{0,80}? (?:founded|established|set up|built) by (?:the )?‹LIST›(?: in (?:the )?‹E›)?`)
	// "The foundation of C was initiated by A, B and C in April, 2004, and approved by G on ..."
	reInitiatedBy   = pat(`(?:(?:the )?(?:foundation|establishment|founding|construction) of )?(?:the )?‹E› (?:was|were|has been|had been) (?:jointly )?initiated by (?:the )?‹LIST›`)
	reAndApprovedBy = pat(`^[^.]{0,80}?,? and approved by (?:the )?‹E›(?: on ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2},? \d{4}))?`)
	// "On November 30, 2007, the C was formally established in P"
	reFormallyEst  = pat(`(?:(?:on|in) ((?:(?:January|February|March|April|May|June|July|August|September|October|November|December) (?:\d{1,2},? )?)?\d{4}),? )?(?:the )?‹E› (?:was|were|has been) (?:formally |officially )?(?:established|founded|set up)(?: in (?:the )?‹E›)?(?: in ((?:(?:January|February|March|April|May|June|July|August|September|October|November|December) )?\d{4}))?`)
	reLocatedAtThe = pat(`located (?:at|in) (?:the )?(?:[a-z]+ (?:sector|part|side|end|corner) of (?:the )?)?‹E›, (?:the )?‹E›`)
	reSettleList   = pat(`‹LIST›,? (?:have |has |had )?(?:signed (?:agreements?|contracts?) to |agreed to |decided to )?(?:settle|settled|land|landed|move|moved) (?:in|at|into) (?:the )?‹E›`)
	reTeamedUp     = pat(`‹E› (?:has |have |had )?(?:teamed up|partnered|cooperated) with (?:the )?‹E›`)

	// active founding: "A (has) (jointly) established C"
	reActiveEst = pat(`‹E› (?:has |have |had |also )?(?:jointly |officially |formally )?(?:established|founded|set up) (?:the |a |an )?‹E›`)
	reSupport   = pat(`with (?:the )?(?:strong )?support (?:from|of) (?:the )?‹E›`)
	reEstObj    = pat(`(?:establish|established|found|founded|set up|build|built) (?:the |a |an )?‹E›`)
	reInCharge  = pat(`‹E› (?:will be|is|was|are|were) (?:in charge of|responsible for) (?:the |its )?(?:daily )?(?:operations?|running)`)
	reTheyAlso  = pat(`(?:^|[.!?]\s)They (?:also )?(?:jointly )?(?:set up|established|founded|built) (?:the |a |an )?‹E›`)
	reLeadPair  = pat(`^\s*(?:the )?‹E› and (?:the )?‹E›`)
	reTitleThe  = pat(`(?-i:(President|Vice President|Vice-president|Director|Deputy Director|Dean|Vice Dean|Chairman)) ‹E›[^.\x{E000}-\x{EFFF}]{0,80}?‹E›`)

	// "The Institute consists of eight joint research centers. They include: A; B; ... and
	// finally H": each unit listed is part of the whole
	reConsistsOf = pat(`(?:(‹e›)|the (` + corefAlt + `)) (?:consists of|comprises|is composed of|is made up of|has|includes) (?:[\w-]+ ){0,4}?(?:centers|centres|institutes|laboratories|labs|departments|units|platforms|divisions|schools)(?:[.:]? (?:they|these|which) (?:include|are|comprise)|:|,? (?:including|namely|such as))[:,]? ([^.]{1,1000})`)

	reSubsidiary = pat(`‹E›(?: \(‹e›\))?,? (?:is |was |as |, )?(?:a |an |the )?(?:wholly[- ]owned |holding |majority[- ]owned )?subsidiary of (?:the )?‹E›`)
	reUnder      = pat(`‹E›(?: \(‹e›\))? (?:under|affiliated to|subordinate to) (?:the )?‹E›`)
	reOf         = pat(`‹E› of (?:the )?‹E›`)
	// Places.
	reSettled = pat(`‹E› (?:has |have |had |was |were )?(?:been )?(?:settled|located|landed|based) (?:at|in) (?:the )?‹E›`)
	reIn      = pat(`‹E› in (?:the )?‹E›`)
	reAppos   = pat(`‹E›, ‹E›`)
	// Government bodies.
	reApprovedEst = pat(`‹E› (?:has |had )?approved the establishment of (?:a |an |the )?‹E›(?: in (?:the )?(?:‹E›|\p{Lu}\p{L}+))?(?: in ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|\d{4}))?`)
	reWhichApprv  = pat(`,? (?:which|that|it) (?:was|were|has been|had been) approved by (?:the )?‹E›`)
	reWasApproved = pat(`‹E› (?:was|were|has been|had been) approved by (?:the )?‹E›(?: in ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}|\d{4}))?`)
	reListedBy    = pat(`(?:was|were|has been|have been|had been) listed (?:in|into|as|on)[^.\x{E000}-\x{EFFF}]{0,80}? by (?:the )?‹E›`)
	// Running.
	reLegalEntity = pat(`(?:run|operated|managed) by (?:its |the )?(?:legal entity|operating company|operator) (?:the )?‹E›,? (?:the )?‹E›`)
	reOperatedBy  = pat(`‹E› (?:is|was|are|were|has been|will be) (?:run|operated|managed) by (?:the )?‹E›`)
	reRunByElided = pat(`,? and (?:is|was|will be|has been) (?:run|operated|managed) by (?:its |the )?(?:legal entity|operating company|operator),? (?:the )?‹E›`)
	reRunBy       = pat(`‹E› (?:is|was|are|were|has been|will be) (?:run|operated|managed) by (?:its |the )?(?:legal entity|operating company|operator),? (?:the )?‹E›`)
	reReliesOn    = pat(`‹E›(?:, [^,.\x{E000}-\x{EFFF}]{1,80},)? (?:depends|relies|relied|depended) on (?:the )?‹LIST›`)
	reContract    = pat(`‹E› (?:has |have |had |also )?(?:signed|inked|reached|concluded) (?:a |an )?(?:[\w-]+ ){0,3}?(?:contract|agreement|memorandum) (?:\w+ ){0,3}?with (?:the )?‹E›`)
	reBothSigned  = pat(`‹E› and (?:the )?‹E› (?:have |has |had |also )?(?:jointly )?(?:signed|inked) (?:a |an )?(?:[\w-]+ ){0,3}?(?:contract|agreement|memorandum)`)
	reInitiated   = pat(`‹E› (?:has |have |also )?(?:initiated|launched) (?:the |a |an )?‹E›`)
	// Dates.
	reEstablishedIn = pat(`(?:established|founded|set up) in ((?:(?:January|February|March|April|May|June|July|August|September|October|November|December) )?\d{4}), (?:the )?‹E›`)
	// Events.
	reOnDay       = pat(`\bon (` + dayAlt + `)\b`)
	reSettledOn   = pat(`‹E› (?:has |have |had |was |were )?(?:been )?(?:settled|located|landed) (?:at|in) (?:the )?‹E›[^.\n]{0,120}? on (` + dayAlt + `)`)
	reUnveilingOf = pat(`on (` + dayAlt + `),[^.]{0,200}? unveiling (?:ceremony )?of (?:the )?‹E›`)
	reUnveiled    = pat(`(?:(?m:^)|[.;] )(?:on (` + dayAlt + `), )?(?:the )?‹E› (?:was |were |has been )?(?:unveiled|inaugurated|launched)(?: (?:at|in) (?:the )?‹E›)?(?: on (` + dayAlt + `))?`)
	// Posts.
	rePostOf  = pat(`‹E›(?:, |\s*[—–]\s*)(?:(?:an?|the) )?(` + roleAlt + `) (?:of|at) (?:the )?(‹e›|` + corefAlt + `)`)
	rePostAnd = pat(`^,? and (?:(?:an?|the) )?(` + roleAlt + `) (?:of|at) (?:the )?(‹e›|` + corefAlt + `)`)
	// "Professor X from the University of Y"
	reProfFrom = pat(`(?-i:Professor|Prof\.) ‹E› (?:from|of|at) (?:the )?‹E›`)
	// "A and B, director and vice director of Y": each the post in its place
	rePairPosts = pat(`‹E› and ‹E›, (?:(?:the|an?) )?(` + roleAlt + `) and (?:(?:the|an?) )?(` + roleAlt + `),? (?:respectively,? )?(?:of|at) (?:the )?‹E›`)
	reTitleName = pat(`‹E›\.? (?-i:(President|Director|Vice President|Vice-president|Deputy Director|Party Secretary|Chief Scientist|Dean|Vice Dean|Chairman)) ‹E›`)
	// "President X of Y": the title before the person, the organization after "of"
	reTitleOf    = pat(`(?-i:(President|Vice President|Vice-president|Director|Deputy Director|Dean|Vice Dean|Chairman|Party Secretary|Chief Scientist)) ‹E›,? (?:of|at) (?:the )?‹E›`)
	reAppointed  = pat(`^(?:,? [^.]{0,200}?)? (?:was|has been|had been|is) (?:officially |formally )?appointed (?:as )?(?:the )?(` + roleAlt + `) of (?:the )?(‹e›|` + corefAlt + `)`)
	reAppointed2 = pat(`appointed ‹E› (?:as )?(?:the )?(` + roleAlt + `) of (?:the )?(‹e›|` + corefAlt + `)`)
)

// relations applies the rules to the masked article.
func (x *extractor) relations() {
	m := x.mask()
	s := m.s
	q := func(a, b int) string { return x.quote(m, a, b) }
	// whole is the match a rule is reading when its quote leaves out one of the entities
	// ("Jointly established by A and B" of "..., the center"); -1 otherwise
	whole := [2]int{-1, -1}
	rel := func(subj *Entity, p string, obj *Entity, a, b int, conf float64, rule string) {
		if subj == nil || obj == nil {
			return
		}
		ra, rb := a, b
		if whole[0] >= 0 {
			ra, rb = min(a, whole[0]), max(b, whole[1])
		}
		conf, rule = x.rated(m, ra, rb, conf, rule, subj, obj)
		x.addFact(Fact{S: subj.ID, P: p, O: obj.ID, Quote: q(a, b), Confidence: conf, Rule: rule})
	}
	// places an establishing sentence gave its subject, not to be read again as where the
	// last founder is ("... and Harbor Co., Ltd. in Pine District")
	placeTaken := map[int]bool{}
	for _, g := range rePassiveBy.FindAllStringSubmatchIndex(s, -1) {
		subj := x.ent(s[g[2]:g[3]])
		items, parents := x.listItems(s[g[6]:g[7]])
		conf := 0.85
		if g[4] < 0 {
			conf = 0.75 // "was established by" one or more: the founders, or the builders
		}
		for _, it := range items {
			rel(subj, "founder", it, g[0], g[7], conf, "founder-was-established-by")
		}
		for _, pp := range parents {
			rel(pp[0], "parentOrganization", pp[1], g[6], g[7], 0.85, "part-of-under")
		}
		if g[8] >= 0 {
			if p := x.ent(s[g[8]:g[9]]); p != nil && p.Kind() == "place" {
				rel(subj, "location", p, g[0], g[1], 0.7, "location-established-by-in")
				placeTaken[g[8]] = true
			}
		}
		if g[10] >= 0 && subj != nil {
			if v, why := x.datePrinted(s[g[10]:g[11]]); v != "" {
				c, r := x.rated(m, g[0], g[1], 0.8, "founding-date-established-by-in", subj)
				x.addFact(Fact{S: subj.ID, P: "foundingDate", Value: v, Quote: q(g[0], g[1]), Confidence: c, Rule: r, Explain: why})
			}
		} else if subj != nil {
			// "On November 22, C was established by A": the day the sentence opens with
			// (its year the publication's, as the loader resolves it; issue 12, item 7)
			if a, _ := x.sentenceSpan(m, g[0]); a <= g[0] {
				if d := reOpensOnDay.FindStringSubmatchIndex(s[a:g[0]]); d != nil {
					if v, why := x.datePrinted(s[a+d[2] : a+d[3]]); v != "" {
						c, r := x.rated(m, a, g[1], 0.7, "founding-date-on-day-established-by", subj)
						x.addFact(Fact{S: subj.ID, P: "foundingDate", Value: v, Quote: q(a, g[1]), Confidence: c, Rule: r, Explain: why})
					}
				}
			}
		}
	}
	for _, g := range reOpenedIn.FindAllStringSubmatchIndex(s, -1) {
		if p := x.ent(s[g[4]:g[5]]); p != nil && p.Kind() == "place" {
			rel(x.ent(s[g[2]:g[3]]), "location", p, g[0], g[1], 0.7, "location-opened-in")
			placeTaken[g[4]] = true
		}
	}
	for _, g := range reJointlyBy.FindAllStringSubmatchIndex(s, -1) {
		if rePassiveAux.MatchString(s[:g[0]]) {
			continue // "C was jointly established by ...": rePassiveBy's
		}
		subj := x.target(m, s[g[4]:g[5]], g[4])
		items, parents := x.listItems(s[g[2]:g[3]])
		whole = [2]int{g[0], g[1]}
		for _, it := range items {
			rel(subj, "founder", it, g[0], g[3], 0.85, "founder-jointly-established-by")
		}
		whole = [2]int{-1, -1}
		for _, pp := range parents {
			rel(pp[0], "parentOrganization", pp[1], g[2], g[3], 0.85, "part-of-under")
		}
	}
	for _, g := range reTogether.FindAllStringSubmatchIndex(s, -1) {
		c := x.ent(s[g[6]:g[7]])
		founders := []*Entity{x.ent(s[g[2]:g[3]])}
		items, _ := x.listItems(s[g[4]:g[5]])
		founders = append(founders, items...)
		end := g[7]
		if strings.HasPrefix(s[end:], "”") {
			end += len("”")
		} else if strings.HasPrefix(s[end:], `"`) {
			end++
		}
		for _, f := range founders {
			rel(c, "founder", f, g[0], end, 0.85, "founder-together-with-jointly-established")
		}
		if g[8] >= 0 && c != nil {
			conf, rule := x.rated(m, g[0], g[1], 0.8, "founding-date-established-in-year", c)
			x.addFact(Fact{S: c.ID, P: "foundingDate", Value: s[g[8]:g[9]], Quote: q(g[0], g[1]), Confidence: conf, Rule: rule})
		}
	}
	for _, g := range reJoinedHands.FindAllStringSubmatchIndex(s, -1) {
		lead := x.ent(s[g[2]:g[3]])
		c := x.ent(s[g[6]:g[7]])
		items, _ := x.listItems(s[g[4]:g[5]])
		end := g[7]
		rel(c, "founder", lead, g[0], end, 0.85, "founder-joined-hands-to-establish")
		for _, it := range items {
			rel(c, "founder", it, g[4], end, 0.85, "founder-joined-hands-to-establish")
		}
		if g[8] >= 0 {
			rel(x.ent(s[g[8]:g[9]]), "initiatedBy", lead, max(g[0], strings.LastIndex(s[:g[8]], " and ")+len(" and ")), g[9], 0.75, "initiated-by-joined-hands-and-initiated")
		}
	}
	for _, g := range reGuided.FindAllStringSubmatchIndex(s, -1) {
		a, b := x.sentenceSpan(m, g[0])
		if t := reEstablishT.FindStringSubmatchIndex(s[a:b]); t != nil {
			rel(x.ent(s[a+t[2]:a+t[3]]), "guidedBy", x.ent(s[g[2]:g[3]]), g[0], g[1], 0.7, "guided-by-in-establishing-sentence")
		}
	}
	for _, re := range []*lazyRE{reCommaParent, reBracketParent} {
		for _, g := range re.FindAllStringSubmatchIndex(s, -1) {
			child, p := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]])
			if x.inList(s, g[0], g[1]) || !hostedPart(child, p) {
				continue
			}
			rule := "part-of-comma"
			if re == reBracketParent {
				rule = "part-of-brackets"
			}
			rel(child, "parentOrganization", p, g[0], g[1], 0.7, rule)
		}
	}
	for _, g := range reAtParent.FindAllStringSubmatchIndex(s, -1) {
		if child, p := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]]); hostedPart(child, p) && child.Type != "Hospital" {
			rel(child, "parentOrganization", p, g[0], g[1], 0.7, "part-of-at")
		}
	}
	for _, g := range reIsFoundedBy.FindAllStringSubmatchIndex(s, -1) {
		subj := x.ent(s[g[2]:g[3]])
		items, _ := x.listItems(s[g[4]:g[5]])
		for _, it := range items {
			if subj != nil && subj.Kind() == "organization" && it.Kind() != "place" {
				rel(subj, "founder", it, g[0], g[5], 0.7, "founder-is-the-x-founded-by")
			}
		}
		if g[6] >= 0 && subj != nil && subj.Kind() == "organization" {
			if p := x.ent(s[g[6]:g[7]]); p != nil && p.Kind() == "place" {
				rel(subj, "location", p, g[0], g[1], 0.65, "location-is-the-x-founded-by-in")
				placeTaken[g[6]] = true
			}
		}
	}
	for _, g := range reInitiatedBy.FindAllStringSubmatchIndex(s, -1) {
		subj := x.ent(s[g[2]:g[3]])
		items, _ := x.listItems(s[g[4]:g[5]])
		for _, it := range items {
			rel(subj, "initiatedBy", it, g[0], g[1], 0.75, "initiated-by-passive")
		}
		if a := reAndApprovedBy.FindStringSubmatchIndex(s[g[1]:]); a != nil && subj != nil {
			rel(subj, "approvedBy", x.ent(s[g[1]+a[2]:g[1]+a[3]]), g[0], g[1]+a[1], 0.7, "approved-by-and-approved-by")
			if a[4] >= 0 {
				if v, why := x.datePrinted(s[g[1]+a[4] : g[1]+a[5]]); v != "" {
					c, r := x.rated(m, g[0], g[1]+a[1], 0.7, "approval-date-and-approved-by-on", subj)
					x.addFact(Fact{S: subj.ID, P: "approvalDate", Value: v, Quote: q(g[1], g[1]+a[1]), Confidence: c, Rule: r, Explain: why})
				}
			}
		}
	}
	for _, g := range reFormallyEst.FindAllStringSubmatchIndex(s, -1) {
		subj := x.ent(s[g[4]:g[5]])
		if subj == nil || subj.Kind() != "organization" {
			continue
		}
		if g[6] >= 0 && !placeTaken[g[6]] {
			if p := x.ent(s[g[6]:g[7]]); p != nil && p.Kind() == "place" {
				rel(subj, "location", p, g[4], g[7], 0.7, "location-was-established-in")
				placeTaken[g[6]] = true
			}
		}
		for _, d := range [][2]int{{g[2], g[3]}, {g[8], g[9]}} {
			if d[0] < 0 {
				continue
			}
			if v, why := x.datePrinted(s[d[0]:d[1]]); v != "" {
				c, r := x.rated(m, g[0], g[1], 0.75, "founding-date-was-established", subj)
				x.addFact(Fact{S: subj.ID, P: "foundingDate", Value: v, Quote: q(g[0], g[1]), Confidence: c, Rule: r, Explain: why})
			}
		}
	}
	for _, g := range reLocatedAtThe.FindAllStringSubmatchIndex(s, -1) {
		if p, o := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]]); p != nil && o != nil && p.Kind() == "place" && o.Kind() == "organization" {
			rel(o, "location", p, g[0], g[1], 0.7, "location-located-at-the")
		}
	}
	for _, g := range reSettleList.FindAllStringSubmatchIndex(s, -1) {
		p := x.ent(s[g[4]:g[5]])
		if p == nil || p.Kind() != "place" {
			continue
		}
		items, _ := x.listItems(s[g[2]:g[3]])
		for _, it := range items {
			if it.Kind() == "organization" {
				rel(it, "location", p, g[2], g[1], 0.7, "location-list-settle-in")
			}
		}
	}
	for _, g := range reTeamedUp.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[2]:g[3]]), "partner", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.7, "partner-teamed-up-with")
	}
	for _, g := range reActiveEst.FindAllStringSubmatchIndex(s, -1) {
		a, c := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]])
		if a == nil || c == nil || a == c || a.Kind() != "organization" || c.Kind() != "organization" {
			continue
		}
		if x.inList(s, g[0], g[3]) {
			continue // "A, B and C established": reTogether's, or not said who
		}
		rel(c, "founder", a, g[0], g[1], 0.7, "founder-a-established-c")
	}
	for _, g := range reSupport.FindAllStringSubmatchIndex(s, -1) {
		a, b := x.sentenceSpan(m, g[0])
		if e := reEstObj.FindStringSubmatchIndex(s[a:b]); e != nil {
			rel(x.ent(s[a+e[2]:a+e[3]]), "sponsor", x.ent(s[g[2]:g[3]]), a, a+e[1], 0.65, "sponsor-with-support-from")
		}
	}
	for _, g := range reInCharge.FindAllStringSubmatchIndex(s, -1) {
		l := x.ent(s[g[2]:g[3]])
		if c := x.coref(m, g[0], "center"); c != nil && l != nil && c != l {
			rel(c, "legalEntity", l, g[0], g[1], 0.6, "legal-entity-in-charge-of-operations")
		}
	}
	for _, g := range reTheyAlso.FindAllStringSubmatchIndex(s, -1) {
		c := x.ent(s[g[2]:g[3]])
		pa, _ := x.sentenceSpan(m, max(0, g[0]-1))
		if p := reLeadPair.FindStringSubmatchIndex(s[pa:g[0]]); p != nil && c != nil {
			for _, f := range []*Entity{x.ent(s[pa+p[2] : pa+p[3]]), x.ent(s[pa+p[4] : pa+p[5]])} {
				if f != nil && f.Kind() == "organization" {
					rel(c, "founder", f, pa+p[0], g[1], 0.6, "founder-they-jointly-set-up")
				}
			}
		}
	}
	for _, g := range reConsistsOf.FindAllStringSubmatchIndex(s, -1) {
		var whole *Entity
		if g[2] >= 0 {
			whole = x.ent(s[g[2]:g[3]])
		} else {
			whole = x.coref(m, g[0], s[g[4]:g[5]])
		}
		if whole == nil || whole.Kind() != "organization" {
			continue
		}
		list := s[g[6]:g[7]]
		sep := ","
		if strings.Contains(list, ";") {
			sep = ";"
		}
		off := g[6]
		for _, item := range strings.Split(list, sep) {
			// the first name of each item is the unit ("X Center of the Ministry": X Center)
			if i := strings.IndexFunc(item, func(r rune) bool { return r >= 0xE000 && r <= 0xEFFF }); i >= 0 {
				_, n := utf8.DecodeRuneInString(item[i:])
				if unit := x.ent(item[i : i+n]); unit != nil && unit != whole && unit.Kind() == "organization" {
					rel(unit, "parentOrganization", whole, off+i, off+i+n, 0.6, "part-of-consists-of")
				}
			}
			off += len(item) + len(sep)
		}
	}
	for _, g := range reSubsidiary.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[2]:g[3]]), "parentOrganization", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.8, "part-of-subsidiary-of")
	}
	for _, g := range reUnder.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[2]:g[3]]), "parentOrganization", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.85, "part-of-under")
	}
	for _, g := range reOf.FindAllStringSubmatchIndex(s, -1) {
		child := x.ent(s[g[2]:g[3]])
		if p := x.ent(s[g[4]:g[5]]); child != nil && p != nil && child.Kind() == "place" && p.Kind() == "place" && placeRank(child.Type) <= placeRank(p.Type) {
			rel(child, "containedInPlace", p, g[0], g[1], 0.7, "contained-in-place-x-of-y")
			continue
		}
		if child == nil || child.Kind() != "organization" || child.Type == "Project" {
			continue
		}
		if child.Type == "Corporation" || child.Type == "Alliance" {
			continue // "X Co., Ltd. of Y" is rather a company's seat; alliances are of members
		}
		rel(child, "parentOrganization", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.75, "part-of-x-of-y")
	}
	for _, g := range reSettled.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[2]:g[3]]), "location", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.85, "location-settled-at")
	}
	for _, g := range reApprovedEst.FindAllStringSubmatchIndex(s, -1) {
		gov, c := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]])
		rel(c, "approvedBy", gov, g[0], g[5], 0.85, "approved-by-approved-the-establishment")
		if g[6] >= 0 {
			rel(c, "location", x.ent(s[g[6]:g[7]]), g[4], g[7], 0.7, "location-established-in")
			placeTaken[g[6]] = true
		}
		if g[8] >= 0 && c != nil {
			if v, why := x.datePrinted(s[g[8]:g[9]]); v != "" {
				conf, rule := x.rated(m, g[0], g[1], 0.8, "approval-date-approved-in", c)
				x.addFact(Fact{S: c.ID, P: "approvalDate", Value: v, Quote: q(g[0], g[1]), Confidence: conf, Rule: rule, Explain: why})
			}
		}
	}
	for _, g := range reIn.FindAllStringSubmatchIndex(s, -1) {
		a, b := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]])
		if a == nil || b == nil || b.Kind() != "place" || placeTaken[g[4]] {
			continue
		}
		if a.Kind() == "place" && placeRank(a.Type) < placeRank(b.Type) {
			rel(a, "containedInPlace", b, g[0], g[1], 0.75, "contained-in-place-x-in-y")
		} else if a.Kind() == "organization" {
			rel(a, "location", b, g[0], g[1], 0.6, "location-x-in-place")
		}
	}
	for _, g := range reAppos.FindAllStringSubmatchIndex(s, -1) {
		a, b := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]])
		if a != nil && b != nil && a.Kind() == "place" && b.Kind() == "place" && placeRank(a.Type) < placeRank(b.Type) {
			rel(a, "containedInPlace", b, g[0], g[1], 0.7, "contained-in-place-apposition")
		}
	}
	for _, g := range reWasApproved.FindAllStringSubmatchIndex(s, -1) {
		c := x.ent(s[g[2]:g[3]])
		rel(c, "approvedBy", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.8, "approved-by-was-approved-by")
		if g[6] >= 0 && c != nil {
			if v, why := x.datePrinted(s[g[6]:g[7]]); v != "" {
				conf, rule := x.rated(m, g[0], g[1], 0.8, "approval-date-approved-by-in", c)
				x.addFact(Fact{S: c.ID, P: "approvalDate", Value: v, Quote: q(g[0], g[1]), Confidence: conf, Rule: rule, Explain: why})
			}
		}
	}
	for _, g := range reWhichApprv.FindAllStringSubmatchIndex(s, -1) {
		subj := x.lastOrgBefore(m, g[0])
		if subj != nil {
			a := x.lastMentionStart(m, g[0])
			rel(subj, "approvedBy", x.ent(s[g[2]:g[3]]), a, g[1], 0.75, "approved-by-which-was-approved")
		}
	}
	for _, g := range reListedBy.FindAllStringSubmatchIndex(s, -1) {
		a, _ := x.sentenceSpan(m, g[0])
		// the subject: the first organization the sentence names
		for i, r := range s[a:g[0]] {
			if e := x.ent(string(r)); e != nil && e.Kind() == "organization" {
				rel(e, "listedBy", x.ent(s[g[2]:g[3]]), a+i, g[1], 0.7, "listed-by")
				break
			}
		}
	}
	for _, g := range reRunBy.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[2]:g[3]]), "legalEntity", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.85, "legal-entity-is-run-by")
	}
	for _, g := range reOperatedBy.FindAllStringSubmatchIndex(s, -1) {
		if o := x.ent(s[g[4]:g[5]]); o != nil && o.Type == "Corporation" {
			rel(x.ent(s[g[2]:g[3]]), "legalEntity", o, g[0], g[1], 0.7, "legal-entity-is-operated-by-company")
		}
	}
	for _, g := range reRunByElided.FindAllStringSubmatchIndex(s, -1) {
		a, _ := x.sentenceSpan(m, g[0])
		// the subject: the first organization the sentence names
		for i, r := range s[a:g[0]] {
			if e := x.ent(string(r)); e != nil && e.Kind() == "organization" {
				rel(e, "legalEntity", x.ent(s[g[2]:g[3]]), a+i, g[1], 0.7, "legal-entity-and-run-by")
				break
			}
		}
	}
	for _, g := range reLegalEntity.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[4]:g[5]]), "legalEntity", x.ent(s[g[2]:g[3]]), g[0], g[3], 0.85, "legal-entity-run-by")
	}
	for _, g := range reReliesOn.FindAllStringSubmatchIndex(s, -1) {
		items, _ := x.listItems(s[g[4]:g[5]])
		for _, it := range items {
			rel(x.ent(s[g[2]:g[3]]), "reliesOn", it, g[0], g[1], 0.8, "relies-on-depends-on")
		}
	}
	for _, g := range reContract.FindAllStringSubmatchIndex(s, -1) {
		a, b := x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]])
		rel(a, "partner", b, g[0], g[1], 0.75, "partner-signed-contract-with")
		if a != nil && b != nil {
			f := Fact{EvType: "Signing", EvName: "Signing of a contract between " + a.Name + " and " + b.Name, Party: []string{a.ID, b.ID},
				Quote: x.quote(m, g[0], g[1]), Confidence: 0.7, Rule: "event-signed-contract-with", Event: a.ID + "-" + b.ID + "-signing"}
			if !x.published.IsZero() {
				f.Event += "-" + x.published.Format("2006-01-02")
			}
			ss, se := x.sentenceSpan(m, g[0])
			if d := reOnDay.FindStringSubmatch(s[ss:se]); d != nil {
				if v, why := x.datePrinted(d[1]); v != "" {
					f.Date, f.Explain = v, why
				}
			}
			x.addFact(f)
		}
	}
	for _, g := range reBothSigned.FindAllStringSubmatchIndex(s, -1) {
		if x.inList(s, g[0], g[5]) {
			continue // "A, B and C signed": who with whom is not said
		}
		rel(x.ent(s[g[2]:g[3]]), "partner", x.ent(s[g[4]:g[5]]), g[0], g[1], 0.7, "partner-a-and-b-signed")
	}
	for _, g := range reInitiated.FindAllStringSubmatchIndex(s, -1) {
		rel(x.ent(s[g[4]:g[5]]), "initiatedBy", x.ent(s[g[2]:g[3]]), g[0], g[1], 0.75, "initiated-by")
	}
	for _, g := range reEstablishedIn.FindAllStringSubmatchIndex(s, -1) {
		if e := x.ent(s[g[4]:g[5]]); e != nil {
			if v, why := x.datePrinted(s[g[2]:g[3]]); v != "" {
				conf, rule := x.rated(m, g[0], g[1], 0.85, "founding-date-established-in", e)
				x.addFact(Fact{S: e.ID, P: "foundingDate", Value: v, Quote: q(g[0], g[1]), Confidence: conf, Rule: rule, Explain: why})
			}
		}
	}
	x.events(m)
	x.posts(m)
}

// dayAlt is a date as articles print a day: a weekday, or a month and day.
const dayAlt = `Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}(?:st|nd|rd|th)?`

// events reads settlings ("X has settled at P on Wednesday") and unveilings, dated relative
// to the publication.
func (x *extractor) events(m *masked) {
	s := m.s
	ev := func(typ, verb string, about, loc *Entity, date string, a, b int, conf float64, rule string) {
		if about == nil {
			return
		}
		f := Fact{EvType: typ, EvName: verb + " of the " + about.Name, About: []string{about.ID}, Quote: x.quote(m, a, b), Confidence: conf, Rule: rule}
		if loc != nil {
			f.Location = loc.ID
		}
		if v, why := x.datePrinted(date); v != "" {
			f.Date, f.Explain = v, why
		}
		// one event per entity and kind in an article, its id unique across articles: the
		// entity, the kind of event and the article's date
		f.Event = about.ID + "-" + strings.ToLower(typ)
		if !x.published.IsZero() {
			f.Event += "-" + x.published.Format("2006-01-02")
		}
		x.addFact(f)
	}
	for _, g := range reSettledOn.FindAllStringSubmatchIndex(s, -1) {
		ev("Settling", "Settling", x.ent(s[g[2]:g[3]]), x.ent(s[g[4]:g[5]]), s[g[6]:g[7]], g[0], g[1], 0.75, "event-settled-at-on")
	}
	for _, g := range reUnveiled.FindAllStringSubmatchIndex(s, -1) {
		date := ""
		for _, k := range []int{2, 8} {
			if g[k] >= 0 {
				date = s[g[k]:g[k+1]]
			}
		}
		var loc *Entity
		if g[6] >= 0 {
			loc = x.ent(s[g[6]:g[7]])
		}
		a := g[0]
		for a < g[1] && (s[a] == '.' || s[a] == ';' || s[a] == ' ') {
			a++
		}
		ev("Unveiling", "Unveiling", x.ent(s[g[4]:g[5]]), loc, date, a, g[1], 0.65, "event-unveiled")
	}
	for _, g := range reUnveilingOf.FindAllStringSubmatchIndex(s, -1) {
		ev("Unveiling", "Unveiling", x.ent(s[g[4]:g[5]]), nil, s[g[2]:g[3]], g[0], g[1], 0.7, "event-unveiling-ceremony-of")
	}
}

// posts reads "X, director of Y (and professor of Z)", "Y President X" and "X ... was
// appointed as the chief scientist of Y".
func (x *extractor) posts(m *masked) {
	s := m.s
	post := func(p *Entity, role string, org *Entity, a, b int, conf float64, rule string) {
		if p == nil || org == nil || p.Type != "Person" {
			return
		}
		conf, rule = x.rated(m, a, b, conf, rule, org)
		x.addFact(Fact{Person: p.ID, Role: roleSlug(role), Org: org.ID, Quote: x.quote(m, a, b), Confidence: conf, Rule: rule})
	}
	for _, g := range rePostOf.FindAllStringSubmatchIndex(s, -1) {
		p := x.ent(s[g[2]:g[3]])
		post(p, s[g[4]:g[5]], x.target(m, s[g[6]:g[7]], g[6]), g[0], g[1], 0.85, "post-person-title-of-org")
		end := g[1]
		for {
			t := rePostAnd.FindStringSubmatchIndex(s[end:])
			if t == nil {
				break
			}
			post(p, s[end+t[2]:end+t[3]], x.target(m, s[end+t[4]:end+t[5]], end+t[4]), g[0], end+t[1], 0.8, "post-person-title-of-org-and")
			end += t[1]
		}
	}
	for _, g := range reProfFrom.FindAllStringSubmatchIndex(s, -1) {
		if org := x.ent(s[g[4]:g[5]]); org != nil && org.Kind() == "organization" {
			post(x.ent(s[g[2]:g[3]]), "professor", org, g[0], g[1], 0.75, "post-professor-from-org")
		}
	}
	for _, g := range rePairPosts.FindAllStringSubmatchIndex(s, -1) {
		org := x.ent(s[g[10]:g[11]])
		post(x.ent(s[g[2]:g[3]]), s[g[6]:g[7]], org, g[0], g[1], 0.8, "post-pair-titles-of-org")
		post(x.ent(s[g[4]:g[5]]), s[g[8]:g[9]], org, g[0], g[1], 0.8, "post-pair-titles-of-org")
	}
	// "Vice President Zhou Ping introduced the history of the institute": the organization
	// the sentence refers back to (issue 12, item 4); low confidence, to check
	for _, g := range reTitleThe.FindAllStringSubmatchIndex(s, -1) {
		if g[0] > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:g[0]]); r >= entBase && r < entBase+0x1000 {
				continue // "Y President X": reTitleName's
			}
		}
		r, _ := utf8.DecodeRuneInString(s[g[6]:])
		if i := int(r) - entBase; i < 0 || i >= len(x.mentions) || x.mentions[i].Rule != "anaphora" {
			continue // only "the institute", the organization the text is about
		}
		post(x.ent(s[g[4]:g[5]]), s[g[2]:g[3]], x.ent(s[g[6]:g[7]]), g[0], g[1], 0.6, "post-title-person-the-org")
	}
	for _, g := range reTitleOf.FindAllStringSubmatchIndex(s, -1) {
		if g[0] > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:g[0]]); r >= entBase && r < entBase+0x1000 {
				continue // "Y President X of ...": reTitleName's
			}
		}
		post(x.ent(s[g[4]:g[5]]), s[g[2]:g[3]], x.ent(s[g[6]:g[7]]), g[0], g[1], 0.8, "post-title-person-of-org")
	}
	for _, g := range reTitleName.FindAllStringSubmatchIndex(s, -1) {
		post(x.ent(s[g[6]:g[7]]), s[g[4]:g[5]], x.ent(s[g[2]:g[3]]), g[0], g[1], 0.85, "post-org-title-person")
	}
	// "X, an academician of Y, was appointed as the chief scientist of Z", tried from each
	// person named
	for i, r := range s {
		p := x.ent(s[i:])
		if r < entBase || p == nil || p.Type != "Person" {
			continue
		}
		from := i + utf8.RuneLen(r)
		g := reAppointed.FindStringSubmatchIndex(s[from:])
		if g == nil {
			continue
		}
		post(p, s[from+g[2]:from+g[3]], x.target(m, s[from+g[4]:from+g[5]], from+g[4]), i, from+g[1], 0.8, "post-appointed-as")
	}
	for _, g := range reAppointed2.FindAllStringSubmatchIndex(s, -1) {
		post(x.ent(s[g[2]:g[3]]), s[g[4]:g[5]], x.target(m, s[g[6]:g[7]], g[6]), g[0], g[1], 0.8, "post-appointed-as")
	}
}

// placeRank orders the place hierarchy, smallest first.
func placeRank(t string) int {
	switch t {
	case "Park":
		return 1
	case "Subdistrict":
		return 2
	case "District":
		return 3
	case "City":
		return 4
	case "Province":
		return 5
	case "Country":
		return 6
	}
	return 0
}

// sentenceSpan returns the masked offsets of the sentence around masked offset at.
func (x *extractor) sentenceSpan(m *masked, at int) (int, int) {
	ra, rb := x.sentenceBounds(m.rawStart[at])
	a, b := at, at
	for a > 0 && m.rawStart[a-1] >= ra {
		a--
	}
	for b < len(m.s) && m.rawEnd[b] <= rb {
		b++
	}
	return a, b
}

// lastOrgBefore is the organization mentioned last before masked offset at, in its sentence.
func (x *extractor) lastOrgBefore(m *masked, at int) *Entity {
	a, _ := x.sentenceSpan(m, at)
	var last *Entity
	for _, r := range m.s[a:at] {
		if e := x.ent(string(r)); e != nil && e.Kind() == "organization" {
			last = e
		}
	}
	return last
}

func (x *extractor) lastMentionStart(m *masked, at int) int {
	a, _ := x.sentenceSpan(m, at)
	last := a
	for i, r := range m.s[a:at] {
		if x.ent(string(r)) != nil {
			last = a + i
		}
	}
	return last
}

// rePassiveAux: the words before a match end in a passive auxiliary ("... was ").
var rePassiveAux = lazy(`(?i)\b(?:was|were|been|is|are)\s+$`)

// rated lowers the confidence of a fact read off masked bytes [a, b) when they reach one of
// ents only through an anaphor ("the center"), and says so in the rule.
func (x *extractor) rated(m *masked, a, b int, conf float64, rule string, ents ...*Entity) (float64, string) {
	if x.viaAnaphora(m, a, b, ents...) {
		return conf - anaphoraPenalty, rule + "+anaphora"
	}
	return conf, rule
}

// inList reports whether the masked match [a, b) is part of a list of mentions ("A, B and
// C"): a mention just before it, or just after it, joined by a comma or "and".
func (x *extractor) inList(s string, a, b int) bool {
	before := strings.TrimRight(s[:a], " \t\n")
	before = strings.TrimSuffix(strings.TrimSuffix(before, ","), " and")
	before = strings.TrimRight(before, " ,")
	if r, _ := utf8.DecodeLastRuneInString(before); r >= entBase && r < entBase+0x1000 && len(before) < a {
		return true
	}
	after := strings.TrimLeft(s[b:], " ,")
	after = strings.TrimPrefix(after, "and ")
	after = strings.TrimPrefix(after, "the ")
	r, _ := utf8.DecodeRuneInString(after)
	return r >= entBase && r < entBase+0x1000
}

// hostedPart reports whether child, named right before p, reads as a unit of p: an
// institute, centre, laboratory, hospital, school or department before an academy or
// university that is not of the same kind of head.
func hostedPart(child, p *Entity) bool {
	if child == nil || p == nil || child == p || child.Kind() != "organization" || p.Kind() != "organization" {
		return false
	}
	ck, pk := " "+NameKey(child.Name)+" ", " "+NameKey(p.Name)+" "
	var head string
	for _, h := range []string{"academy", "university"} {
		if strings.Contains(pk, " "+h+" ") {
			head = h
		}
	}
	if head == "" || strings.Contains(ck, " "+head+" ") {
		return false
	}
	for _, u := range []string{"institute", "institutes", "center", "laboratory", "hospital", "school", "college", "department"} {
		if strings.Contains(ck, " "+u+" ") {
			return true
		}
	}
	return false
}
