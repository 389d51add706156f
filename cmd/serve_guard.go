package cmd

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/medkg/medkg/rdf"
)

// The rules by which serve refuses what a hostile web page could make the analyst's browser
// send (issue 14, items 2–4 and 10). A page on another site can make a browser send simple
// requests (a form post, or fetch with a text/plain body) to any address, loopback included,
// without asking the server first; and by DNS rebinding it can make its own host name point
// at 127.0.0.1 and read the answers. So serve
//   - answers only requests whose Host is a loopback name or address, the address it listens
//     on, or a name given with --allowed-host (rebinding needs a name of the attacker's);
//   - runs a POST (every POST runs code or writes) only when the browser says it comes from
//     the page's own origin (Sec-Fetch-Site, Origin) or from --cors-origin, and only with an
//     application/json body, which a browser cannot send across origins without a CORS
//     preflight that serve does not grant;
//   - with --allow-writes, asks a write for the token the page reads from its own origin
//     (GET /api/token, which no other origin can read), in the X-CSRF-Token header.
// Programs such as curl send no Origin and no Sec-Fetch-Site and pass, as long as they send
// JSON and, for writes, the token.

// csrfHeader carries the write token.
const csrfHeader = "X-CSRF-Token"

// hostGuard is the set of Host names serve answers.
type hostGuard struct {
	allowed map[string]bool // lower-case names and addresses, without port
}

func newHostGuard(listen *net.TCPAddr, extra []string) hostGuard {
	g := hostGuard{allowed: map[string]bool{"localhost": true}}
	if listen != nil && !listen.IP.IsUnspecified() {
		g.allowed[strings.ToLower(listen.IP.String())] = true
	}
	for _, h := range extra {
		g.allowed[strings.ToLower(strings.Trim(strings.TrimSpace(h), "[]"))] = true
	}
	return g
}

// ok reports whether the request's Host names this server.
func (g hostGuard) ok(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if g.allowed[host] || strings.HasSuffix(host, ".localhost") {
		return true // RFC 6761: *.localhost is loopback and never resolved by DNS
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || g.allowed[ip.String()])
}

// newCSRFToken is 32 random bytes, hex: one for the server's lifetime.
func newCSRFToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}

// guard applies the rules above; false means it has answered and the request stops here.
func (s *server) guard(w http.ResponseWriter, r *http.Request) bool {
	if !s.hosts.ok(r.Host) {
		writeError(w, http.StatusForbidden, fmt.Sprintf("Host %q is not this server's: it answers loopback names (localhost, 127.0.0.1, [::1]) and --allowed-host; a DNS-rebinding page would send another", r.Host))
		return false
	}
	if r.Method != http.MethodPost {
		return true
	}
	origin := r.Header.Get("Origin")
	fromCORS := s.o.cors != "" && origin == s.o.cors
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" && !fromCORS {
		writeError(w, http.StatusForbidden, "cross-site request refused (Sec-Fetch-Site: "+site+"): only the server's own page may POST")
		return false
	}
	if origin != "" && !fromCORS && !strings.EqualFold(origin, "http://"+r.Host) {
		writeError(w, http.StatusForbidden, "request from origin "+origin+" refused: only the server's own page (http://"+r.Host+") may POST")
		return false
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "send Content-Type: application/json (a POST runs code or writes; browsers must ask before sending JSON across sites)")
		return false
	}
	if s.o.allowWrites && isWrite(r) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(csrfHeader)), []byte(s.csrf)) != 1 {
			writeError(w, http.StatusForbidden, "a write needs the "+csrfHeader+" header holding the token from GET /api/token")
			return false
		}
	}
	return true
}

func isWrite(r *http.Request) bool {
	return r.URL.Path == "/api/load" || r.URL.Path == "/api/remove"
}

// handleToken: GET /api/token (only with --allow-writes) — the write token, readable only
// by the server's own page (no CORS header is sent for it).
func (s *server) handleToken(w http.ResponseWriter, r *http.Request) {
	sendJSON(w, rdf.Object{{Key: "header", Value: csrfHeader}, {Key: "token", Value: s.csrf}})
}

// noListing answers 404 for a directory of the embedded files other than the page's root,
// where http.FileServer would list the files.
func noListing(files http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && strings.HasSuffix(r.URL.Path, "/") {
			writeError(w, http.StatusNotFound, "no such page: "+r.URL.Path)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// acquireAdhoc waits for one of the ad-hoc query slots (--parallel-adhoc). Ad-hoc scripts
// have slots of their own, so that scripts running to their timeout cannot hold every slot
// and stall stored queries and exports (issue 14, item 11); search, entity, neighbourhood
// and the page take no slot at all.
func (s *server) acquireAdhoc(w http.ResponseWriter, r *http.Request) bool {
	return takeSlot(w, r, s.adhoc, "ad-hoc query slot")
}

func (s *server) releaseAdhoc() { <-s.adhoc }
