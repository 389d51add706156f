package extract

import (
	"sort"
	"strings"
	"sync"

	"github.com/jdkato/prose/v2"

	"github.com/medkg/medkg/loader"
)

// The part-of-speech tags come from prose's averaged-perceptron tagger (Penn Treebank tags,
// its model shipped in the module), run over the extractor's own tokens so that a tag
// belongs to exactly one token: the rules then read phrases (runs of proper nouns, verbs
// that bound them) instead of guessing from capitals alone (issue 12 asked for a maintained
// library's analysis rather than hand-rolled scanning).

var (
	posOnce  sync.Once
	posModel *prose.Model
)

// tagger loads prose's tagger once per process (its model is a few megabytes of gob).
func tagger() *prose.Model {
	posOnce.Do(func() {
		d, err := prose.NewDocument("", prose.WithExtraction(false), prose.WithSegmentation(false))
		if err == nil {
			posModel = d.Model
		}
	})
	return posModel
}

// posSanitize is what prose's tokenizer makes of the quotes it normalises, so that its
// tokens can be matched back to ours.
var posSanitize = strings.NewReplacer("\u201c", `"`, "\u201d", `"`, "\u2018", "'", "\u2019", "'")

// posTags returns the tag of each token, or nil when the tagger is unavailable or its
// tokens cannot be matched to ours (then the rules fall back to capitals alone).
func posTags(toks []token) []string {
	m := tagger()
	if m == nil || len(toks) == 0 {
		return nil
	}
	var b strings.Builder
	want := make([]string, len(toks))
	for i, t := range toks {
		want[i] = posSanitize.Replace(t.text)
		if i > 0 {
			if t.nl {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(want[i])
	}
	doc, err := prose.NewDocument(b.String(), prose.UsingModel(m), prose.WithExtraction(false), prose.WithSegmentation(false))
	if err != nil {
		return nil
	}
	pt := doc.Tokens()
	tags := make([]string, len(toks))
	p := 0
	for i := range toks {
		if p >= len(pt) {
			return nil
		}
		tags[i] = pt[p].Tag
		got := pt[p].Text
		p++
		for got != want[i] {
			if p >= len(pt) || !strings.HasPrefix(want[i], got) {
				return nil
			}
			got += pt[p].Text
			p++
		}
	}
	return tags
}

// chunk is a run of proper-noun-like tokens: a phrase that may name something.
type chunk struct{ a, b int }

// chunkWord reports whether token i may be inside a proper-noun chunk: a capitalised word
// (or acronym) that the tagger does not read as a verb, a number or a function word.
// Capitalised unknown words are often tagged JJ or NN ("Changdian Technology"), so those
// tags are allowed when the word is capitalised; a verb is never part of a name, which is
// what bounds a chunk in a title-case line ("... Acoustics Establish ...").
func (x *extractor) chunkWord(i int) bool {
	if !x.nameWord(i) || stopWords[x.toks[i].text] || possessive(x.toks[i].text) {
		return false
	}
	switch x.tags[i] {
	case "NNP", "NNPS", "NN", "NNS", "JJ", "FW":
		return true
	}
	return false
}

// chunks returns the proper-noun chunks of the text: runs of chunk words, joined across
// "of", "for", "&" and "of the" when a chunk word follows, never across a line, a verb, a
// number or punctuation, nor into a name already found (covered). "and" does not join: a
// chunk is at most one name.
func (x *extractor) chunks(covered []bool) []chunk {
	var out []chunk
	word := func(i int) bool { return !covered[i] && x.chunkWord(i) }
	for i := 0; i < len(x.toks); i++ {
		if !word(i) {
			continue
		}
		j := i
		for j+1 < len(x.toks) && !x.toks[j+1].nl {
			if word(j + 1) {
				j++
				continue
			}
			k := x.toks[j+1].key
			if (k == "of" || k == "for" || x.toks[j+1].text == "&") && j+2 < len(x.toks) && !x.toks[j+2].nl {
				if word(j + 2) {
					j += 2
					continue
				}
				if x.toks[j+2].key == "the" && j+3 < len(x.toks) && word(j+3) && !x.toks[j+3].nl {
					j += 3
					continue
				}
			}
			break
		}
		out = append(out, chunk{i, j})
		i = j
	}
	return out
}

// localTier are the tiers of a local government, printed in lower case after the place.
var localTier = map[string]bool{"municipal": true, "provincial": true, "city": true, "county": true, "district": true}

// orgSlotVerbs follow "A and B" (or "A") only when A and B are organizations acting together.
var orgSlotVerbs = map[string]bool{"jointly": true, "together": true, "co-founded": true, "co-established": true, "signed": true, "inked": true}

// posCandidates proposes organizations the head-noun rules miss, from proper-noun chunks
// in places only an organization fills (covered marks the tokens already named):
//   - an item of a list ("such as A, B, C and D") whose other items include an organization;
//   - "A and B jointly/together/signed ...", "between A and B": both sides, when each is a
//     whole chunk and one is an organization or both are;
//   - the object of "of" after a post title ("President of X");
//   - a chunk before a capitalised post title and a name ("X President Y Z");
//   - an all-capital acronym of three or more letters as a clause's subject (followed by a verb).
//
// They lose every tie with the other rules, having run on what those left.
func (x *extractor) posCandidates(chosen []cand, covered []bool) []cand {
	if x.tags == nil {
		return nil
	}
	isOrg := map[int]bool{} // chosen organization spans, by first token
	endOf := map[int]int{}
	personEnd := map[int]int{} // last token of a chosen person → first
	for _, c := range chosen {
		if c.typ == "Person" || c.known != nil && c.known.Kind() == loader.KindPerson {
			personEnd[c.b] = c.a
		}
		if c.typ != "" && kindOfType(c.typ) == loader.KindOrganization || c.known != nil && c.known.Kind() == loader.KindOrganization {
			isOrg[c.a] = true
			endOf[c.a] = c.b
		}
	}
	var items []chunk // free chunks and chosen organizations, in text order
	free := map[int]bool{}
	orgStart := map[int]int{} // last token → first token, for chosen organizations
	for a, b := range endOf {
		orgStart[b] = a
	}
	for _, ch := range x.chunks(covered) {
		ok := true
		for t := ch.a; t <= ch.b; t++ {
			if covered[t] {
				ok = false
				break
			}
		}
		if ok {
			free[ch.a] = true
			items = append(items, ch)
		}
	}
	for a, b := range endOf {
		items = append(items, chunk{a, b})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].a < items[j].a })
	at := map[int]int{} // first token → index in items
	for i, it := range items {
		at[it.a] = i
	}
	var out []cand
	pick := map[int]bool{}
	typ := "Organization"
	propose := func(ch chunk, rule string, conf float64) {
		if !free[ch.a] || pick[ch.a] || ch.b >= len(covered) {
			return
		}
		if ch.a == ch.b && !isAcronym(x.toks[ch.a].text) && (len(x.toks[ch.a].text) < 4 || ch.a == 0 || x.toks[ch.a].nl || x.toks[ch.a-1].text == ".") {
			return // one short word, or one word opening a sentence ("Later President ...")
		}
		pick[ch.a] = true
		out = append(out, cand{a: ch.a, b: ch.b, name: clean(x.span(ch.a, ch.b)), typ: typ, rule: rule, conf: conf, priority: -2})
	}
	// next item after token b, if only a separator ("," "and" ", and") lies between
	sep := func(b int) (int, string) {
		j := b + 1
		s := ""
		for j < len(x.toks) && (x.toks[j].text == "," || x.toks[j].key == "and") && !x.toks[j].nl {
			s += x.toks[j].text
			j++
		}
		if s == "" {
			return -1, ""
		}
		if x.toks[j-1].text == "," && j < len(x.toks) && x.toks[j].key == "the" {
			j++
		}
		if i, ok := at[j]; ok {
			return i, strings.ToLower(s)
		}
		return -1, ""
	}
	x.listCandidates(endOf, free, propose)
	for i, it := range items {
		// "A and B jointly ...", "between A and B"
		if n, s := sep(it.b); n == i+1 && s == "and" {
			nb := items[n]
			after := nb.b + 1
			for after < len(x.toks) && (x.toks[after].key == "have" || x.toks[after].key == "has" || x.toks[after].key == "also") {
				after++
			}
			verb := after < len(x.toks) && orgSlotVerbs[x.toks[after].key]
			between := it.a > 0 && x.toks[it.a-1].key == "between" || it.a > 1 && x.toks[it.a-1].key == "the" && x.toks[it.a-2].key == "between"
			if verb || between {
				propose(it, "new-org-pair-slot", 0.6)
				propose(nb, "new-org-pair-slot", 0.6)
			}
		}
		// "President of X"
		// (not when the name goes on past the chunk: "of Education and Science of ...",
		// "of Acme Internet+Health" are longer names this chunk would cut)
		if x.endsPhrase(it.b) && (it.a >= 2 && x.toks[it.a-1].key == "of" && x.roleTok[it.a-2] ||
			it.a >= 3 && x.toks[it.a-1].key == "the" && x.toks[it.a-2].key == "of" && x.roleTok[it.a-3]) {
			propose(it, "new-org-after-post-of", 0.6)
		}
		// "President X of Y"
		if it.a >= 3 && x.toks[it.a-1].key == "of" && x.endsPhrase(it.b) {
			if pa, ok := personEnd[it.a-2]; ok && pa > 0 && x.roleTok[pa-1] {
				propose(it, "new-org-after-title-person-of", 0.6)
			}
		}
		// "X President Y Z"
		if r := it.b + 1; r+1 < len(x.toks) && x.roleTok[r] && isCap(x.toks[r]) {
			q := r
			for q < len(x.toks) && x.roleTok[q] {
				q++
			}
			if q < len(x.toks) && isCap(x.toks[q]) && !x.roleTok[q] && !x.toks[q].nl {
				propose(it, "new-org-before-post", 0.6)
			}
		}
		// "Pinecrest municipal government": a place's government, its head in lower case
		if r := it.b + 1; r+1 < len(x.toks) && localTier[x.toks[r].key] && x.toks[r+1].key == "government" && !isCap(x.toks[r]) {
			typ = "GovernmentOrganization"
			propose(chunk{it.a, r + 1}, "new-org-local-government", 0.7)
			typ = "Organization"
		}
		// "ABC signed ...": an acronym as a clause's subject (its verb on the same line: a
		// headline "... with ABC" followed by "Updated: ..." has no verb after ABC)
		if it.a == it.b && isAcronym(x.toks[it.a].text) && len(x.toks[it.a].text) >= 3 && !strings.ContainsAny(x.toks[it.a].text, "0123456789") && it.b+1 < len(x.toks) && !x.toks[it.b+1].nl && (it.a == 0 || x.toks[it.a-1].text != "(") {
			if tg := x.tags[it.b+1]; strings.HasPrefix(tg, "VBD") || strings.HasPrefix(tg, "VBZ") || strings.HasPrefix(tg, "VBP") || tg == "MD" {
				propose(it, "new-org-acronym-subject", 0.6)
			}
		}
	}
	return out
}

// endsPhrase reports whether the name ending at token b is followed by the end of a phrase:
// punctuation that ends a clause, a lower-case word, or the end of the text.
func (x *extractor) endsPhrase(b int) bool {
	n := b + 1
	if n >= len(x.toks) || x.toks[n].nl {
		return true
	}
	t := x.toks[n]
	switch t.text {
	case ",", ".", ";", ":", ")", "—", "–":
		return true
	}
	return t.word && !isCap(t) && t.key != "and" && t.key != "of" && t.key != "for"
}

// listCandidates reads comma lists of names ("such as A, B, C and D"): a list of three or
// more items of which one is an organization already found makes its other items, whole
// proper-noun phrases not yet named, organizations too; so does a list of two or more right
// after a phrase only organizations follow ("jointly established by A, B and C"). An item may hold "and" ("X Science
// and Technology"); the last is split at its "and" ("C and D") unless one organization found
// spans it.
func (x *extractor) listCandidates(endOf map[int]int, free map[int]bool, propose func(chunk, string, float64)) {
	orgTok := make([]int, len(x.toks)) // 1+start of the organization covering the token
	for a, b := range endOf {
		for t := a; t <= b; t++ {
			orgTok[t] = a + 1
		}
	}
	cue := map[int]bool{} // tokens right after an organization cue (reOrgCue)
	for _, m := range reOrgCue.FindAllStringIndex(x.raw, -1) {
		if a := sort.Search(len(x.toks), func(i int) bool { return x.toks[i].start >= m[1] }); a < len(x.toks) {
			cue[a] = true
		}
	}
	nameish := func(i int) bool { return i < len(x.toks) && (x.chunkWord(i) || orgTok[i] > 0) }
	// segment from i: name tokens and connectors (of, for, &, the, and) between them
	segEnd := func(i int) int {
		j := i
		for j+1 < len(x.toks) && !x.toks[j+1].nl {
			if nameish(j + 1) {
				j++
				continue
			}
			k := x.toks[j+1].key
			if (k == "of" || k == "for" || k == "and" || k == "the" || x.toks[j+1].text == "&") && j+2 < len(x.toks) && !x.toks[j+2].nl && (nameish(j+2) || x.toks[j+2].key == "the" && nameish(j+3)) {
				j++
				continue
			}
			break
		}
		return j
	}
	// item splits a segment into the items it names: whole organizations found, and free
	// chunks; ok is false when a segment mixes a free chunk with part of a found name.
	classify := func(a, b int) (orgs int, chunks []chunk, ok bool) {
		for t := a; t <= b; {
			if orgTok[t] > 0 {
				s := orgTok[t] - 1
				if s < a || endOf[s] > b {
					return 0, nil, false
				}
				orgs++
				t = endOf[s] + 1
				continue
			}
			if x.chunkWord(t) {
				e := t
				for e+1 <= b && orgTok[e+1] == 0 && (x.chunkWord(e+1) || (x.toks[e+1].key == "of" || x.toks[e+1].key == "for" || x.toks[e+1].key == "and" || x.toks[e+1].text == "&") && e+2 <= b && x.chunkWord(e+2)) {
					e++
				}
				chunks = append(chunks, chunk{t, e})
				t = e + 1
				continue
			}
			t++
		}
		return orgs, chunks, true
	}
	for i := 0; i < len(x.toks); i++ {
		if !nameish(i) || (i > 0 && nameish(i-1)) {
			continue
		}
		var segs [][2]int
		j := i
		for {
			e := segEnd(j)
			segs = append(segs, [2]int{j, e})
			n := e + 1
			if n+1 >= len(x.toks) || x.toks[n].text != "," || x.toks[n+1].nl {
				break
			}
			n++
			if x.toks[n].key == "and" || x.toks[n].key == "the" {
				n++
			}
			if n >= len(x.toks) || !nameish(n) {
				break
			}
			j = n
		}
		last := segs[len(segs)-1]
		i = last[1]
		if len(segs) < 2 {
			continue
		}
		// the last item: split "C and D" at an "and" no found organization spans
		var items [][2]int
		items = append(items, segs[:len(segs)-1]...)
		split := false
		for t := last[0] + 1; t < last[1]; t++ {
			if x.toks[t].key == "and" && orgTok[t] == 0 && nameish(t-1) && nameish(t+1) {
				items = append(items, [2]int{last[0], t - 1}, [2]int{t + 1, last[1]})
				split = true
				break
			}
		}
		if !split {
			items = append(items, last)
		}
		// right after "established by", "in cooperation with" ...: every item is an organization
		cued := cue[segs[0][0]]
		if len(items) < 3 && !(cued && len(items) >= 2) {
			continue
		}
		// an item is one name: found organizations ("X Institute of Y Academy") or one free
		// phrase; an item mixing both is left alone
		orgs := 0
		var cands []chunk
		for _, it := range items {
			o, ch, ok := classify(it[0], it[1])
			switch {
			case !ok:
			case o > 0 && len(ch) == 0:
				orgs++
			case o == 0 && len(ch) == 1:
				cands = append(cands, ch[0])
			}
		}
		if orgs == 0 && !cued {
			continue
		}
		for _, c := range cands {
			free[c.a] = true
			propose(c, "new-org-in-list", 0.6)
		}
	}
}
