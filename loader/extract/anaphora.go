package extract

import (
	"sort"
	"strings"
)

// Definite descriptions ("the center", "the institute", "the company") and a sentence's
// leading "It" refer back to an entity the article has named. anaphora makes each a mention
// of that entity, so that every rule reads "The center was approved by ‹G›" as it reads
// "‹C› was approved by ‹G›"; facts that rest on such a mention get a lower confidence
// (anaphoraPenalty) and their rule a "+anaphora" suffix, for the reviewer to check.

// reAnaphor is a definite description: "the", perhaps one word of the name ("the testing
// center"), and a common noun, in lower case.
var reAnaphor = lazy(`\b[Tt]he\s+(?:([a-z][a-z\-]+)\s+)?(` + corefAlt + `)\b`)

// reIt is "It" opening a sentence, before a verb.
var reIt = lazy(`(?:^|[.!?]\s+|\n)(It)\s+(?:has|had|is|was|will|covers|boasts|owns|employs|plans|houses|hosts)\b`)

// anaphoraRule marks the mentions anaphora adds; anaphoraPenalty is taken off the
// confidence of a fact that rests on one.
const (
	anaphoraRule    = "anaphora"
	anaphoraPenalty = 0.15
)

// maxBack bounds how many mentions back an antecedent is looked for.
const maxBack = 500

// corefType is the entity type a common noun refers to.
func corefType(noun string) string {
	noun = strings.ToLower(noun)
	switch noun {
	case "enterprise", "company":
		return "Corporation"
	case "project":
		return "Project"
	case "platform", "base", "laboratory":
		return "Center"
	}
	return orgHeads[foldWord(noun)]
}

// anaphora adds a mention for every definite description and leading "It" that refers to an
// entity named before it: the most recent entity of the noun's type ("the center"), or the
// one an apposition names right after it ("the enterprise, Harbor Devices Co., Ltd.").
// "It" is the first organization the sentence before names (its subject).
func (x *extractor) anaphora() {
	covered := func(a, b int) bool {
		i := sort.Search(len(x.mentions), func(i int) bool { return x.mentions[i].End > a })
		return i < len(x.mentions) && x.mentions[i].Start < b
	}
	var added []Mention
	// prev holds the mentions that end before the candidate at hand, those added included,
	// in order (mentions do not overlap, so by start is by end): built as the candidates
	// are read in order, so the pass stays linear in the text
	prev := make([]Mention, 0, len(x.mentions))
	next := 0
	before := func(at int) []Mention {
		for next < len(x.mentions) && x.mentions[next].End <= at {
			prev = append(prev, x.mentions[next])
			next++
		}
		return prev
	}
	var cands [][4]int // start, end, kind (0 noun, 1 It), start of a modifier or -1
	for _, g := range reAnaphor.FindAllStringSubmatchIndex(x.raw, -1) {
		a := g[4]
		if g[2] >= 0 {
			a = g[2]
		}
		cands = append(cands, [4]int{a, g[5], 0, g[2]})
	}
	for _, g := range reIt.FindAllStringSubmatchIndex(x.raw, -1) {
		cands = append(cands, [4]int{g[2], g[3], 1, -1})
	}
	// what each noun was last taken to mean: an article keeps calling its subject "the
	// laboratory" after naming another laboratory in passing
	last := map[string]*Entity{}
	sort.Slice(cands, func(i, j int) bool { return cands[i][0] < cands[j][0] })
	for _, c := range cands {
		a, b := c[0], c[1]
		if covered(a, b) {
			continue
		}
		rest := x.raw[b:]
		if c[2] == 0 && reOfAfter.MatchString(rest) {
			continue // "the center of the city": a description, not a reference
		}
		var e *Entity
		if c[2] == 1 {
			e = x.subjectBefore(a, before(a))
		} else {
			noun, mod := x.raw[a:b], ""
			if c[3] >= 0 {
				f := strings.Fields(noun)
				mod, noun = f[0], f[len(f)-1]
			}
			typ := corefType(noun)
			if typ == "" || (mod != "" && (commonModifiers[mod] || corefType(mod) != "")) {
				continue
			}
			// an apposition names it: "the enterprise, Harbor Devices Co., Ltd."
			if m := reCommaSp.FindString(rest); m != "" {
				at := b + len(m)
				i := sort.Search(len(x.mentions), func(i int) bool { return x.mentions[i].Start >= at })
				if i < len(x.mentions) && x.mentions[i].Start == at {
					if f := x.byID[x.mentions[i].Entity]; f != nil && f.Type == typ {
						e = f
					}
				}
			}
			switch {
			case e != nil:
			case mod != "":
				// "the testing center": the one whose name holds the word, or nothing
				e = x.antecedent(before(a), typ, mod, true)
			case last[foldWord(noun)] != nil && last[foldWord(noun)].Type == typ:
				e = last[foldWord(noun)]
			default:
				e = x.antecedent(before(a), typ, noun, false)
			}
			if e != nil && mod == "" {
				last[foldWord(noun)] = e
			}
		}
		if e == nil {
			continue
		}
		before(a)
		mn := Mention{Start: a, End: b, Entity: e.ID, Rule: anaphoraRule}
		prev = append(prev, mn)
		added = append(added, mn)
	}
	x.mentions = append(x.mentions, added...)
	sort.SliceStable(x.mentions, func(i, j int) bool { return x.mentions[i].Start < x.mentions[j].Start })
}

// commonModifiers are words before the noun that do not name the entity: "the same
// center", "the new institute".
var commonModifiers = map[string]bool{"same": true, "new": true, "whole": true, "first": true, "second": true, "other": true,
	"above": true, "said": true, "former": true, "latter": true, "entire": true, "national": true, "provincial": true, "municipal": true}

var (
	reOfAfter = lazy(`^\s+of\b`)
	reCommaSp = lazy(`^,\s*`)
)

// subjectBefore is the first organization named in the sentence before raw offset at.
func (x *extractor) subjectBefore(at int, prev []Mention) *Entity {
	sa, _ := x.sentenceBounds(at)
	if sa == 0 {
		return nil
	}
	pa, _ := x.sentenceBounds(sa - 1)
	i := sort.Search(len(prev), func(i int) bool { return prev[i].Start >= pa })
	for ; i < len(prev) && prev[i].End <= sa; i++ {
		if e := x.byID[prev[i].Entity]; e != nil && e.Kind() == "organization" {
			return e
		}
	}
	return nil
}

// viaAnaphora reports whether masked bytes [a, b) hold a mention that anaphora added for one
// of ents.
func (x *extractor) viaAnaphora(m *masked, a, b int, ents ...*Entity) bool {
	if a < 0 || b > len(m.s) {
		return false
	}
	for _, r := range m.s[a:b] {
		i := int(r) - entBase
		if i < 0 || i >= len(x.mentions) || x.mentions[i].Rule != anaphoraRule {
			continue
		}
		for _, e := range ents {
			if e != nil && e.ID == x.mentions[i].Entity {
				return true
			}
		}
	}
	return false
}

// antecedent is the entity "the NOUN" refers to among the mentions before it: the most
// recent of the noun's type whose name holds the noun ("the institute" is the Pine
// Institute of Materials, not the Northfield Academy named since), else the most recent of
// the type.
//
// With strict set, only an entity whose name holds the word will do.
func (x *extractor) antecedent(prev []Mention, typ, noun string, strict bool) *Entity {
	noun = foldWord(noun)
	var byType *Entity
	for i := len(prev) - 1; i >= 0 && i >= len(prev)-maxBack; i-- {
		f := x.byID[prev[i].Entity]
		if f == nil || f.Type != typ {
			continue
		}
		for _, w := range strings.Fields(NameKey(f.Name)) {
			if w == noun || w == noun+"s" {
				return f
			}
		}
		if byType == nil && !strict {
			byType = f
		}
	}
	return byType
}
