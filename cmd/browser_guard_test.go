package cmd

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/medkg/medkg/seeds"
)

// TestBrowserCrossSite: in real Chromium, a page of another site cannot remove an article
// from `serve --allow-writes` (a form post, a no-cors fetch with a text/plain body; issue 14,
// item 3 removed 641 quads that way), while the server's own page, which reads the write
// token from its own origin, can.
func TestBrowserCrossSite(t *testing.T) {
	skipUnlessSlow(t, "headless Chromium")
	bin := findChromium()
	if bin == "" {
		if os.Getenv(EnvRequireBrowser) == "1" {
			t.Fatalf("no chromium binary found and %s=1", EnvRequireBrowser)
		}
		t.Skip("no chromium binary found")
	}
	db, _ := loadedSeeds(t)
	facts := t.TempDir()
	if err := seeds.WriteTo(facts); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, db, "--allow-writes", "--facts", facts)
	const article = "004_9e3b36c867778e8f"
	present := func() bool {
		res, err := http.Get(base + "api/export?graph=" + article)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}
	target := base + "api/remove?article=" + article
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><title>evil</title>
<form id="f" method="POST" action="%s" enctype="text/plain"><input name='{"a":"' value='"}'></form>
<script>
fetch(%q, {method: "POST", mode: "no-cors", headers: {"Content-Type": "text/plain"}, body: "{}"})
  .finally(() => { document.title = "fetched"; document.getElementById("f").submit(); });
</script>`, target, target)
	}))
	defer evil.Close()
	u, _ := url.Parse(evil.URL)
	evilURL := "http://localhost:" + u.Port() + "/" // another site than 127.0.0.1

	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(bin), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(profileDir(t)))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	var title string
	if err := chromedp.Run(ctx, chromedp.Navigate(evilURL), chromedp.Sleep(2*time.Second), chromedp.Title(&title)); err != nil {
		t.Fatal(err)
	}
	if !present() {
		t.Fatalf("a page of another site removed the article (page title %q)", title)
	}

	// The server's own page: token from its own origin, then the write.
	var status int
	await := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
	js := `fetch("api/token").then(r => r.json()).then(t => fetch("api/remove?article=` + article + `",
  {method: "POST", headers: {"Content-Type": "application/json", [t.header]: t.token}, body: "{}"})).then(r => r.status)`
	if err := chromedp.Run(ctx, chromedp.Navigate(base), chromedp.WaitVisible(`#q`, chromedp.ByID), chromedp.Evaluate(js, &status, await)); err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK || present() {
		t.Fatalf("the page's own remove: status %d, article still there: %v", status, present())
	}
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve: exit %d: %s", code, stderr)
	}
}
