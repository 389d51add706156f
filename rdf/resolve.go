package rdf

import (
	"regexp"
	"strings"
)

// RFC 3986, appendix B: scheme, authority, path, query, fragment of a reference.
var reIRIParts = regexp.MustCompile(`^(?:([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$`)

type iriParts struct {
	scheme, authority, path, query, fragment string
	hasAuthority, hasQuery, hasFragment      bool
}

func splitIRI(s string) iriParts {
	m := reIRIParts.FindStringSubmatchIndex(s)
	var p iriParts
	get := func(k int) (string, bool) {
		if m[2*k] < 0 {
			return "", false
		}
		return s[m[2*k]:m[2*k+1]], true
	}
	p.scheme, _ = get(1)
	_, p.hasAuthority = get(2)
	p.authority, _ = get(3)
	p.path, _ = get(4)
	var q, f string
	q, p.hasQuery = get(5)
	f, p.hasFragment = get(6)
	p.query = strings.TrimPrefix(q, "?")
	p.fragment = strings.TrimPrefix(f, "#")
	return p
}

// ResolveIRI resolves the reference ref against base by RFC 3986 section 5.2, as Turtle,
// TriG and JSON-LD specify, without any other normalisation.
func ResolveIRI(base, ref string) string {
	r := splitIRI(ref)
	b := splitIRI(base)
	var t iriParts
	switch {
	case r.scheme != "":
		t = r
		t.path = removeDotSegments(r.path)
	case r.hasAuthority:
		t = r
		t.scheme = b.scheme
		t.path = removeDotSegments(r.path)
	default:
		t.scheme, t.authority, t.hasAuthority = b.scheme, b.authority, b.hasAuthority
		switch {
		case r.path == "":
			t.path = b.path
			t.query, t.hasQuery = b.query, b.hasQuery
			if r.hasQuery {
				t.query, t.hasQuery = r.query, true
			}
		case strings.HasPrefix(r.path, "/"):
			t.path = removeDotSegments(r.path)
			t.query, t.hasQuery = r.query, r.hasQuery
		default:
			// merge
			var merged string
			if b.hasAuthority && b.path == "" {
				merged = "/" + r.path
			} else if i := strings.LastIndexByte(b.path, '/'); i >= 0 {
				merged = b.path[:i+1] + r.path
			} else {
				merged = r.path
			}
			t.path = removeDotSegments(merged)
			t.query, t.hasQuery = r.query, r.hasQuery
		}
	}
	t.fragment, t.hasFragment = r.fragment, r.hasFragment
	var sb strings.Builder
	if t.scheme != "" {
		sb.WriteString(t.scheme + ":")
	}
	if t.hasAuthority {
		sb.WriteString("//" + t.authority)
	}
	sb.WriteString(t.path)
	if t.hasQuery {
		sb.WriteString("?" + t.query)
	}
	if t.hasFragment {
		sb.WriteString("#" + t.fragment)
	}
	return sb.String()
}

// removeDotSegments is RFC 3986 section 5.2.4.
func removeDotSegments(in string) string {
	var out []string // output segments, each with its leading '/' where it had one
	for in != "" {
		switch {
		case strings.HasPrefix(in, "../"):
			in = in[3:]
		case strings.HasPrefix(in, "./"):
			in = in[2:]
		case strings.HasPrefix(in, "/./"):
			in = in[2:]
		case in == "/.":
			in = "/"
		case strings.HasPrefix(in, "/../"):
			in = in[3:]
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "/..":
			in = "/"
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		case in == "." || in == "..":
			in = ""
		default:
			j := strings.IndexByte(in[1:], '/')
			if j < 0 {
				out = append(out, in)
				in = ""
			} else {
				out = append(out, in[:j+1])
				in = in[j+1:]
			}
		}
	}
	return strings.Join(out, "")
}
