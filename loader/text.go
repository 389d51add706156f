package loader

import (
	"unicode"

	"github.com/cayleygraph/quad"

	"github.com/medkg/medkg/rdf"
)

// English is a literal of text from an English source, tagged @en: quotes, headlines,
// descriptions, curators' reasons, event names, role and unit labels. Identifiers (an
// article's id, a figure's measure, a currency or unit code) are not text and stay plain.
func English(s string) quad.LangString {
	return quad.LangString{Value: quad.String(s), Lang: "en"}
}

// Name is a registry name or alias: @en, or @zh when written in Chinese characters (the
// registry's names are English renderings, but an alias may be the Chinese name itself).
func Name(s string) quad.LangString {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return quad.LangString{Value: quad.String(s), Lang: "zh"}
		}
	}
	return English(s)
}

// Lexical is a literal's text without quotes, language or datatype ("CAS"@en reads CAS),
// and any other value as quad.ToString gives it: rdf.Lexical, under the name the packages
// that read medkg's facts through the loader know it by.
func Lexical(v quad.Value) string { return rdf.Lexical(v) }
