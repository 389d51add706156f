package rdf

import (
	"testing"

	"github.com/cayleygraph/quad"
)

// TestLexical: the name index and the graph writers keep a name's lexical form, whatever its
// language tag or datatype, so that names read from the index print as names read from their
// quads ("CAS", not
// "\"CAS\"@en").
func TestLexical(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    quad.Value
		want string
	}{
		{quad.String("Chinese Academy of Sciences"), "Chinese Academy of Sciences"},
		{quad.LangString{Value: "Chinese Academy of Sciences", Lang: "en"}, "Chinese Academy of Sciences"},
		{quad.LangString{Value: "中国科学院", Lang: "zh"}, "中国科学院"},
		{quad.TypedString{Value: "2019", Type: "http://www.w3.org/2001/XMLSchema#gYear"}, "2019"},
	}
	for _, tt := range tests {
		if got := Lexical(tt.v); got != tt.want {
			t.Errorf("Lexical(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
