package cmd

import (
	"bytes"
	"strings"
	"testing"

	"github.com/medkg/medkg/rdf"
)

// TestTableEscapesControls: a value holding a terminal escape (issue 14, item 7) is shown
// escaped in a table, so that printing it cannot clear the screen or break the columns.
func TestTableEscapesControls(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain 中文", "plain 中文"},
		{"a\x1b[2Jb", `a\x1b[2Jb`},
		{"line\nbreak\ttab\rcr", `line\nbreak\ttab\rcr`},
		{"csi\u009bx", `csi\x9bx`},
		{"rtl\u202eevil", `rtl\u202eevil`},
	} {
		var b bytes.Buffer
		tb := newTable(&b, "NAME", "N")
		tb.row(tc.in, 1)
		if err := tb.flush(); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[1], tc.want+" ") {
			t.Errorf("%q: table is %q, want a row starting %q", tc.in, b.String(), tc.want)
		}
		if strings.ContainsAny(b.String(), "\x1b\r\t\u009b\u202e") {
			t.Errorf("%q: raw control character in %q", tc.in, b.String())
		}
	}
}

// TestJSONKeepsControls: programs get the value itself (JSON's own escaping), not the
// table's escapes.
func TestJSONKeepsControls(t *testing.T) {
	var b bytes.Buffer
	if err := rdf.WriteJSON(&b, map[string]string{"v": "a\x1b[2Jb"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `a\u001b[2Jb`) || strings.Contains(b.String(), `\\x1b`) {
		t.Errorf("JSON is %s", b.String())
	}
}
