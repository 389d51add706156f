package cmd

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/medkg/medkg/seeds"
)

// scriptBody is an ad-hoc query as POST /api/query takes it.
func scriptBody(script string) io.Reader {
	b, _ := json.Marshal(map[string]string{"script": script})
	return strings.NewReader(string(b))
}

// postWrite POSTs to a write endpoint as the page does: JSON, with the token it read from
// GET /api/token (none when the server offers no writes).
func postWrite(t *testing.T, ts *httptest.Server, path string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	if tok := get(t, ts, "/api/token"); tok.status == http.StatusOK {
		var v struct{ Token string }
		json.Unmarshal([]byte(tok.body), &v)
		req.Header.Set(csrfHeader, v.Token)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, res.Header, string(data)}
}

// hostile is one request an attacker's page (or a rebinding DNS name) could make.
type hostile struct {
	name, method, path, host, ctype, body string
	headers                               map[string]string
	want                                  int
}

func (h hostile) send(t *testing.T, base string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(h.method, base+strings.TrimPrefix(h.path, "/"), strings.NewReader(h.body))
	if err != nil {
		t.Fatal(err)
	}
	if h.host != "" {
		req.Host = h.host
	}
	if h.ctype != "" {
		req.Header.Set("Content-Type", h.ctype)
	}
	for k, v := range h.headers {
		req.Header.Set(k, v)
	}
	return send(t, req)
}

const evil = "http://evil.example"

// TestServeRefusesCrossSite: a real serve, real requests with the headers a hostile page's
// browser sends (issue 14, items 2, 4 and 10). Each of these used to answer 200.
func TestServeRefusesCrossSite(t *testing.T) {
	db, _ := loadedSeeds(t)
	base, stop := startServe(t, db, "--allowed-host", "medkg.lan")
	u, _ := url.Parse(base)
	own := "http://" + u.Host
	// What the script emits, if it runs: a mark no error message or port number holds.
	script := `{"script": "g.emit('script-ran-' + 6*7)"}`
	for _, h := range []hostile{
		{name: "text/plain from a foreign page", method: "POST", path: "/api/query", ctype: "text/plain", body: "g.emit('script-ran-' + 6*7)", headers: map[string]string{"Origin": evil, "Sec-Fetch-Site": "cross-site"}, want: 403},
		{name: "text/plain, no Origin", method: "POST", path: "/api/query", ctype: "text/plain", body: "g.emit('script-ran-' + 6*7)", want: 415},
		{name: "a form post", method: "POST", path: "/api/query", ctype: "application/x-www-form-urlencoded", body: "script=g.emit(1)", headers: map[string]string{"Origin": evil}, want: 403},
		{name: "JSON from a foreign origin", method: "POST", path: "/api/query", ctype: "application/json", body: script, headers: map[string]string{"Origin": evil}, want: 403},
		{name: "JSON, Sec-Fetch-Site cross-site", method: "POST", path: "/api/query", ctype: "application/json", body: script, headers: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: 403},
		{name: "JSON, Sec-Fetch-Site same-site", method: "POST", path: "/api/query", ctype: "application/json", body: script, headers: map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:9999"}, want: 403},
		{name: "a stored query posted from a foreign page", method: "POST", path: "/api/queries/founders-of", ctype: "text/plain", body: `{"params":{}}`, headers: map[string]string{"Origin": evil}, want: 403},
		{name: "rebinding: export", method: "GET", path: "/api/export", host: "evil.example", want: 403},
		{name: "rebinding: with the port", method: "GET", path: "/api/search?q=cas", host: "evil.example:" + u.Port(), want: 403},
		{name: "rebinding: the page", method: "GET", path: "/", host: "evil.example", want: 403},
		{name: "rebinding: a query", method: "POST", path: "/api/query", host: "evil.example:" + u.Port(), ctype: "application/json", body: script, headers: map[string]string{"Origin": "http://evil.example:" + u.Port(), "Sec-Fetch-Site": "same-origin"}, want: 403},
		{name: "directory listing", method: "GET", path: "/vendor/", want: 404},
		// What is allowed.
		{name: "the page's own query", method: "POST", path: "/api/query", ctype: "application/json", body: script, headers: map[string]string{"Origin": own, "Sec-Fetch-Site": "same-origin"}, want: 200},
		{name: "curl's query", method: "POST", path: "/api/query", ctype: "application/json; charset=utf-8", body: script, want: 200},
		{name: "localhost", method: "GET", path: "/api/search?q=cas", host: "localhost:" + u.Port(), want: 200},
		{name: "[::1]", method: "GET", path: "/api/search?q=cas", host: "[::1]:" + u.Port(), want: 200},
		{name: "--allowed-host", method: "GET", path: "/api/search?q=cas", host: "medkg.lan:" + u.Port(), want: 200},
		{name: "a vendored file", method: "GET", path: "/vendor/LICENSE", want: 200},
	} {
		code, body := h.send(t, base)
		if code != h.want {
			t.Errorf("%s: %d, want %d: %s", h.name, code, h.want, body)
		}
		if h.want == 403 && strings.Contains(body, "script-ran-42") {
			t.Errorf("%s: the script ran: %s", h.name, body)
		}
		if h.want == 200 && h.path == "/api/query" && !strings.Contains(body, "script-ran-42") {
			t.Errorf("%s: allowed, but no sign that the script ran: %s", h.name, body)
		}
		if h.name == "directory listing" && strings.Contains(body, "cytoscape.min.js") {
			t.Errorf("/vendor/ lists the files: %s", body)
		}
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve: exit %d: %s", code, stderr)
	}
}

// TestServeWritesNeedToken: with --allow-writes, a foreign form post cannot remove an
// article (issue 14, item 3: it removed 641 quads), and the page's own writes need the token
// it reads from its own origin.
func TestServeWritesNeedToken(t *testing.T) {
	db, _ := loadedSeeds(t)
	facts := t.TempDir()
	if err := seeds.WriteTo(facts); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, db, "--allow-writes", "--facts", facts)
	u, _ := url.Parse(base)
	own := "http://" + u.Host
	const article = "004_9e3b36c867778e8f"
	stillThere := func() bool {
		code, _ := hostile{method: "GET", path: "/api/export?graph=" + article}.send(t, base)
		return code == http.StatusOK
	}
	for _, h := range []hostile{
		{name: "a foreign form post", method: "POST", path: "/api/remove?article=" + article, ctype: "application/x-www-form-urlencoded", headers: map[string]string{"Origin": evil, "Sec-Fetch-Site": "cross-site"}, want: 403},
		{name: "a foreign load", method: "POST", path: "/api/load", ctype: "text/plain", headers: map[string]string{"Origin": evil}, want: 403},
		{name: "same origin without the token", method: "POST", path: "/api/remove?article=" + article, ctype: "application/json", body: "{}", headers: map[string]string{"Origin": own, "Sec-Fetch-Site": "same-origin"}, want: 403},
		{name: "a wrong token", method: "POST", path: "/api/load", ctype: "application/json", body: "{}", headers: map[string]string{csrfHeader: "0000"}, want: 403},
		{name: "the token from a rebinding name", method: "GET", path: "/api/token", host: "evil.example:" + u.Port(), want: 403},
	} {
		if code, body := h.send(t, base); code != h.want {
			t.Errorf("%s: %d, want %d: %s", h.name, code, h.want, body)
		}
		if !stillThere() {
			t.Fatalf("%s removed the article", h.name)
		}
	}
	// The page reads the token from its own origin, and then may write.
	code, body := hostile{method: "GET", path: "/api/token", headers: map[string]string{"Sec-Fetch-Site": "same-origin"}}.send(t, base)
	var tok struct{ Header, Token string }
	if code != http.StatusOK || json.Unmarshal([]byte(body), &tok) != nil || tok.Header != csrfHeader || len(tok.Token) != 64 {
		t.Fatalf("GET /api/token: %d %s", code, body)
	}
	if code, _ := (hostile{method: "GET", path: "/api/token", headers: map[string]string{"Origin": evil}}).send(t, base); code != http.StatusOK {
		t.Fatalf("token GET: %d", code)
	}
	write := hostile{method: "POST", path: "/api/remove?article=" + article, ctype: "application/json", body: "{}", headers: map[string]string{"Origin": own, "Sec-Fetch-Site": "same-origin", csrfHeader: tok.Token}, want: 200}
	if code, body := write.send(t, base); code != http.StatusOK || stillThere() {
		t.Fatalf("the page's remove: %d %s", code, body)
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve: exit %d: %s", code, stderr)
	}
}

// TestServeAdhocCannotStarve: ad-hoc scripts running to their timeout hold only their own
// slots; stored queries, search and pages answer meanwhile (issue 14, item 11: four such
// scripts stalled every stored query for the whole timeout).
func TestServeAdhocCannotStarve(t *testing.T) {
	db, _ := loadedSeeds(t)
	base, stop := startServe(t, db, "--timeout", "6s", "--parallel", "4", "--parallel-adhoc", "2")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hostile{method: "POST", path: "/api/query", ctype: "application/json", body: `{"script": "while(true){}"}`}.send(t, base)
		}()
	}
	time.Sleep(500 * time.Millisecond) // the loops are running, more are waiting
	start := time.Now()
	for _, p := range []string{"/api/queries/centres-cofounded-by", "/api/search?q=cas", "/", "/api/export?graph=background"} {
		if code, body := (hostile{method: "GET", path: p}).send(t, base); code != http.StatusOK {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
	d := time.Since(start)
	t.Logf("stored query, search, page and export answered in %s beside the loops", d.Round(time.Millisecond))
	if d > 4*time.Second {
		t.Errorf("stored query, search, page and export took %s while ad-hoc loops ran (timeout 6s)", d)
	}
	wg.Wait()
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve: exit %d: %s", code, stderr)
	}
}
