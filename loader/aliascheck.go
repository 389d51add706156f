package loader

import (
	"fmt"
	"sort"
	"strings"
)

// genericWords are the words of names that say what kind of thing an organization is or
// does, not which one it is. An alias made of these alone ("Engineering Research Center",
// "Biomedical Materials Center") matches every such centre in every article: the
// extractor would read any of them as this entity (issue 12, item 8).
var genericWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the of and for in at on to a an &
		academy institute institutes university college school faculty department center centre centers
		laboratory lab laboratories base hospital clinic commission bureau ministry government committee
		administration office group company co ltd inc corporation alliance association society union
		council foundation park zone area district city province platform station program programme project
		research engineering technology technological science sciences scientific innovation innovative
		development industrial industry medical medicine biomedical biomaterials materials material
		equipment device devices instruments apparatus health healthcare clinical biological biology
		chemistry physics high-end advanced national provincial municipal local state key joint new
		international regional cooperation collaborative testing service services transfer incubation
		application applications manufacturing production economic information education
		people's public general central first second third main`) {
		genericWords[w] = true
	}
}

// AliasWarning is an alias that is likely to merge distinct entities.
type AliasWarning struct {
	File, Entity, Alias, Why string
	Line                     int
}

func (w AliasWarning) String() string {
	return fmt.Sprintf("%s:%d: alias %q of %q %s", w.File, w.Line, w.Alias, w.Entity, w.Why)
}

// IsGenericName reports whether every word of name is a generic word: it names a kind of
// organization, not one.
func IsGenericName(name string) bool {
	words := strings.Fields(strings.NewReplacer(",", " ", ".", " ", "(", " ", ")", " ", "“", " ", "”", " ", "\"", " ").Replace(nameKey(name)))
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !genericWords[w] {
			return false
		}
	}
	return true
}

// CheckAliases flags the registry's aliases that may merge distinct organizations: an alias
// that is a generic phrase, and an alias of one organization that occurs, as whole words and
// not at its start, inside the name or alias of another ("Materials Center" inside
// "Lakeside Biomedical Materials Center"). A name that begins with another's
// ("WEGO Engineering Research Center" after "WEGO") is its unit, the usual pattern, and is
// not flagged. Acronyms are left alone: they are matched only in capitals.
func CheckAliases(reg *Registry) []AliasWarning {
	var out []AliasWarning
	type named struct {
		e   *Entity
		key string
	}
	var names []named
	for _, e := range reg.list {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			names = append(names, named{e, " " + wordKey(n) + " "})
		}
	}
	for _, e := range reg.list {
		if e.Type.Kind != KindOrganization {
			continue
		}
		for _, a := range e.Aliases {
			if isAllCaps(a) {
				continue
			}
			if IsGenericName(a) {
				out = append(out, AliasWarning{e.File, e.ID, a, "is a generic phrase: it would match every such organization in any article; remove it or make it specific (an article's own short form belongs in the article's draft, not the registry)", e.Line})
				continue
			}
			k := " " + wordKey(a) + " "
			for _, o := range names {
				if o.e == e || o.e.Type.Kind != KindOrganization {
					continue
				}
				if i := strings.Index(o.key, k); i > 0 && !unitOf(o.key[:i]) {
					out = append(out, AliasWarning{e.File, e.ID, a, fmt.Sprintf("occurs inside %q, a name of %q: an article naming that one could be read as this one; make the alias longer or remove it", strings.TrimSpace(o.key), o.e.ID), e.Line})
					break
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// wordKey is a name's words, lower case, punctuation dropped.
func wordKey(s string) string {
	return strings.Join(strings.FieldsFunc(nameKey(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r == '-' || r > 127 && r != '“' && r != '”')
	}), " ")
}

func isAllCaps(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " ") {
		return false
	}
	return strings.ToUpper(s) == s
}

// unitOf reports whether the words before a name inside another end with "of", "of the",
// "to" or "at": "Biomedical Materials Center of Wenzhou Research Institute" names a unit
// of the institute, the usual pattern, not a second spelling of it.
func unitOf(before string) bool {
	before = strings.TrimSpace(before)
	for _, s := range []string{" of", " of the", " to", " at", " under", " under the"} {
		if strings.HasSuffix(" "+before, s) {
			return true
		}
	}
	return false
}
