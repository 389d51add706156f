package cmd

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// EnvRequireBrowser makes the browser test fail, rather than skip, without Chromium (CI).
const EnvRequireBrowser = "MEDKG_REQUIRE_BROWSER"

// findChromium looks for Debian's chromium, then other common names.
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// EnvSlowTests set to 1 runs the slow suites (the browser here, the kill -9 loop in
// cmd/medkg); .ci/run sets it, so that CI runs everything and `go test ./...` stays quick.
const EnvSlowTests = "MEDKG_SLOW_TESTS"

// skipUnlessSlow skips a slow suite unless EnvSlowTests is 1.
func skipUnlessSlow(t *testing.T, what string) {
	t.Helper()
	if os.Getenv(EnvSlowTests) != "1" {
		t.Skipf("a slow suite (%s): %s=1 runs it, as .ci/run does", what, EnvSlowTests)
	}
}

// artefactDir is $MEDKG_ARTIFACTS, or the test's temporary directory.
func artefactDir(t *testing.T) string {
	if d := os.Getenv("MEDKG_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestBrowser starts the real server on a free loopback port and drives the page in headless
// Chromium: search for Mindray, open the centre it co-founded, see its co-founders drawn
// and the founding quote shown.
func TestBrowser(t *testing.T) {
	// Not parallel: Chromium under the other tests' load loses its page now and then.
	skipUnlessSlow(t, "headless Chromium")
	bin := findChromium()
	if bin == "" {
		if os.Getenv(EnvRequireBrowser) == "1" {
			t.Fatalf("no chromium binary found and %s=1 (apt-get install -y chromium)", EnvRequireBrowser)
		}
		t.Skipf("no chromium binary found (apt-get install -y chromium; %s=1 to require it)", EnvRequireBrowser)
	}
	db, _ := loadedSeeds(t)
	base, stop := startServe(t, db)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profileDir(t)),
		chromedp.WindowSize(1400, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	shots := artefactDir(t)
	screenshot := func(name string) {
		t.Helper()
		var png []byte
		if err := chromedp.Run(ctx, chromedp.Sleep(300*time.Millisecond), chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		path := filepath.Join(shots, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	// noOverlaps checks, in the page as Chromium rendered it, that no two boxes of a drawing
	// (nodes with their names, edge labels) meet.
	noOverlaps := func(graphVar, what string) {
		t.Helper()
		var bad [][]string
		var n int
		err := chromedp.Run(ctx,
			chromedp.Evaluate(`window.`+graphVar+`.nodes().length`, &n),
			chromedp.Evaluate(`window.medkgLabelOverlaps(window.`+graphVar+`)`, &bad))
		if err != nil {
			t.Errorf("%s: %v", what, err)
		} else if len(bad) > 0 {
			var boxes any
			chromedp.Run(ctx, chromedp.Evaluate(`[window.`+graphVar+`.getElementById("`+bad[0][0]+`"), window.`+graphVar+`.getElementById("`+bad[0][1]+`")].map(n => [n.boundingBox({includeLabels: true, includeOverlays: false}), n.position(), n.data("w"), n.data("h")])`, &boxes))
			t.Errorf("%s: %d overlapping boxes on screen, e.g. %q: %v", what, len(bad), bad[0], boxes)
		} else if n < 5 {
			t.Errorf("%s: only %d boxes drawn", what, n)
		}
	}

	// The home page: counts, the articles by headline, the most connected organizations,
	// and a graph to start from.
	var counts, articles, orgs, start string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base),
		chromedp.WaitVisible(`#articles li`, chromedp.ByQuery),
		chromedp.Poll(`window.medkgHomeGraph ? window.medkgHomeGraph.nodes().length : 0`, nil, chromedp.WithPollingTimeout(20*time.Second)),
		chromedp.Text(`#counts`, &counts, chromedp.ByID),
		chromedp.Text(`#articles`, &articles, chromedp.ByID),
		chromedp.Text(`#top-orgs`, &orgs, chromedp.ByID),
		chromedp.Text(`#home-start`, &start, chromedp.ByID),
	)
	if err != nil {
		t.Fatalf("home page: %v", err)
	}
	screenshot("browser-home.png")
	for _, want := range []string{"5\narticles", "organizations", "quotes"} {
		if !strings.Contains(counts, want) {
			t.Errorf("counts lack %q:\n%s", want, counts)
		}
	}
	for _, want := range []string{"Medical device center settles in SZ", "Shenzhen Daily · 8 Jan 2021", "Untitled article from Wenzhou Net News"} {
		if !strings.Contains(articles, want) {
			t.Errorf("articles lack %q:\n%s", want, articles)
		}
	}
	if !strings.Contains(orgs, "Guoke Wenzhou Research Institute") || !strings.Contains(start, "Guoke Wenzhou Research Institute") {
		t.Errorf("most connected organizations / start:\n%s\n%s", orgs, start)
	}
	noOverlaps("medkgHomeGraph", "home graph")

	// An article's page: its facts in words with their quotes.
	var headline, afacts string
	err = chromedp.Run(ctx,
		chromedp.Click(`#articles a[href*="`+art004+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#article-facts .fact`, chromedp.ByQuery),
		chromedp.Text(`#article-headline`, &headline, chromedp.ByID),
		chromedp.Text(`#article-facts`, &afacts, chromedp.ByID),
	)
	if err != nil {
		t.Fatalf("article page: %v", err)
	}
	screenshot("browser-article.png")
	if headline != "Medical device center settles in SZ" || !strings.Contains(afacts, "founded by") || !strings.Contains(afacts, "director of") {
		t.Errorf("article page: %q\n%s", headline, afacts)
	}

	var first, name, facts string
	var headings []string
	var drawn []string
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#q`, "Mindray", chromedp.ByID),
		chromedp.WaitVisible(`#suggestions li[data-id]`, chromedp.ByQuery),
		chromedp.Text(`#suggestions li[data-id]`, &first, chromedp.ByQuery),
		chromedp.Click(`#suggestions li[data-id]`, chromedp.ByQuery),
		// Mindray's page: the centre it co-founded is a link among its facts.
		chromedp.WaitVisible(`#entity-facts a[href*="nhmaii-center"]`, chromedp.ByQuery),
		chromedp.Click(`#entity-facts a[href*="nhmaii-center"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#entity-facts a[href*="siat"]`, chromedp.ByQuery),
		chromedp.Text(`#entity-name`, &name, chromedp.ByID),
		chromedp.Text(`#entity-facts`, &facts, chromedp.ByID),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("#entity-facts h2")).map(h => h.textContent)`, &headings),
		chromedp.Poll(`window.medkgGraphCentre === "`+entityIRI(nhmaiiID)+`" ? window.medkgGraph.nodes().map(n => n.data("name")) : null`, &drawn, chromedp.WithPollingTimeout(20*time.Second)),
	)
	if err != nil {
		t.Fatalf("drive the page: %v", err)
	}
	screenshot("browser-centre.png")

	if !strings.Contains(first, mindrayFul) {
		t.Errorf("first suggestion for Mindray: %q", first)
	}
	if name != nhmaii {
		t.Errorf("entity page title %q, want %q", name, nhmaii)
	}
	if !strings.Contains(facts, "Jointly established by the Shenzhen Institute of Advanced Technology (SIAT)") {
		t.Errorf("the founding quote is not shown:\n%s", facts)
	}
	// Quotes are credited by headline and date, not by the article's id.
	if !strings.Contains(facts, "— Medical device center settles in SZ, 8 Jan 2021") || strings.Contains(facts, "— "+art004) {
		t.Errorf("quotes not credited by headline and date:\n%s", facts)
	}
	// Headings are words.
	if !slices.Contains(headings, "founded by") || !slices.Contains(headings, "located in") {
		t.Errorf("headings %q lack founded by / located in", headings)
	}
	for _, h := range headings {
		if strings.ContainsAny(h, ":←") {
			t.Errorf("heading %q is a raw term", h)
		}
	}
	for _, want := range []string{nhmaii, mindrayFul, siatName} {
		found := false
		for _, n := range drawn {
			found = found || n == want
		}
		if !found {
			t.Errorf("%q is not drawn; drawn: %q", want, drawn)
		}
	}
	noOverlaps("medkgGraph", "the centre's graph, depth 1")

	// Depth 2 draws more, still without overlaps; clicking a node goes to it.
	var n1, n2 int
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`window.medkgGraph.nodes().length`, &n1),
		chromedp.SetValue(`#depth`, "2", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("depth").dispatchEvent(new Event("change"))`, nil),
		chromedp.Poll(`window.medkgGraph.nodes().length > `+strconv.Itoa(n1)+` ? window.medkgGraph.nodes().length : 0`, &n2, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Errorf("depth 2: %v (depth 1: %d nodes, depth 2: %d)", err, n1, n2)
	} else {
		screenshot("browser-centre-depth2.png")
		noOverlaps("medkgGraph", "the centre's graph, depth 2")
	}
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`window.medkgGraph.getElementById("`+entityIRI("siat")+`").emit("tap"), true`, nil),
		chromedp.WaitVisible(`#entity-facts`, chromedp.ByID),
		chromedp.Poll(`document.getElementById("entity-name").textContent === "`+siatName+`"`, nil, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Errorf("clicking a node: %v", err)
	}

	// An entity's IRI, opened in the browser, is its page (Linked Data: 303 to the page).
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"id/cas"),
		chromedp.Poll(`document.getElementById("entity-name").textContent === "Chinese Academy of Sciences"`, nil, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Errorf("GET /id/cas in the browser: %v", err)
	}

	// The query menu runs a stored query into a table.
	var cells string
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"#/queries/founders-of"),
		chromedp.WaitVisible(`#query-params input[name="centre"]`, chromedp.ByQuery),
		chromedp.SetValue(`#query-params input[name="centre"]`, nhmaii, chromedp.ByQuery),
		chromedp.Click(`#query-form button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#query-result table`, chromedp.ByQuery),
		chromedp.Text(`#query-result table`, &cells, chromedp.ByQuery),
	)
	if err != nil {
		t.Errorf("stored query: %v", err)
	} else if !strings.Contains(cells, mindrayFul) || !strings.Contains(cells, siatName) {
		t.Errorf("founders-of table lacks the co-founders:\n%s", cells)
	}
	screenshot("browser-query.png")
	cancelCtx()
	if code, stderr := stop(); code != 0 {
		t.Errorf("serve: exit %d: %s", code, stderr)
	}
}

// profileDir is Chromium's profile directory for one test. Not t.TempDir: Chromium's helper
// processes can still be writing there for a moment after the browser exits, and t.TempDir's
// cleanup then fails the test ("directory not empty", seen once under -race). Removal is
// retried for a few seconds, and a profile left behind is only logged.
func profileDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "medkg-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; ; i++ {
			err := os.RemoveAll(dir)
			if err == nil {
				return
			}
			if i == 50 {
				t.Logf("leaving Chromium's profile %s: %v", dir, err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}
