package extract_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/medkg/medkg/loader/extract"
)

// floors are the precision and recall reached on the five seed articles, leave-one-out
// (docs/extraction.md), rounded down slightly. A change that falls below them fails: raise
// them when the extractor improves, never lower them to let a change through.
var floors = map[string][2]float64{
	// type: {precision, recall}
	// Issue 12 removed two generic aliases from the registry ("Engineering Research Center",
	// "Biomedical Materials Center"): the answer key no longer matches article 001's new
	// "Biomedical Materials Center" to guoke-bmc by name, so organization, post,
	// parentOrganization, core and all each lost that one match (drafts unchanged).
	"core":               {0.94, 0.85}, // organization + post + founder: the acceptance figures
	"all":                {0.95, 0.83},
	"organization":       {0.95, 0.92},
	"post":               {0.99, 0.99},
	"founder":            {0.87, 0.53},
	"person":             {0.98, 0.98},
	"parentOrganization": {0.99, 0.79},
	"figure":             {0.95, 0.77},
}

func TestEvalFloors(t *testing.T) {
	arts, reg := seedArticles(t)
	ev, err := extract.Evaluate(arts, reg, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("leave-one-out on the seeds:\n%s", evalTable(ev))
	checkFloors(t, ev, floors)
	core, all := ev.Sum(extract.Core...), ev.Sum()
	// The acceptance criteria of issue 8, whatever the floors say.
	if core.Recall() < 0.7 || core.Precision() < 0.8 {
		t.Errorf("core precision %.2f recall %.2f: want at least 0.8 and 0.7", core.Precision(), core.Recall())
	}
	if math.IsNaN(all.Precision()) {
		t.Error("no scores")
	}
	// With the registry intact the task is easier: it must not do worse.
	full, err := extract.Evaluate(arts, reg, true)
	if err != nil {
		t.Fatal(err)
	}
	if fc := full.Sum(extract.Core...); fc.Recall() < core.Recall() || fc.Precision() < 0.9 {
		t.Errorf("with the whole registry: core precision %.2f recall %.2f, worse than held out", fc.Precision(), fc.Recall())
	}
}

// HoldOut drops what only the held-out article taught the registry, and keeps what other
// articles also print.
func TestHoldOut(t *testing.T) {
	reg := []extract.Entity{
		{ID: "acad", Type: "ResearchOrganization", Name: "Academy of Things", Aliases: []string{"AOT"}},
		{ID: "lab", Type: "Center", Name: "Widget Laboratory", Aliases: []string{"Widget Lab"}},
		{ID: "city", Type: "City", Name: "Lakeside"},
	}
	texts := map[string]string{
		"a": "The Widget Lab of the Academy of Things (AOT) opened in Lakeside.",
		"b": "The Academy of Things is in Lakeside; the Widget Laboratory is not mentioned as lab.",
	}
	got := extract.HoldOut(reg, texts, "a")
	var lines []string
	for _, e := range got {
		lines = append(lines, e.ID+": "+strings.Join(append([]string{e.Name}, e.Aliases...), ", "))
	}
	want := "acad: Academy of Things\nlab: Widget Laboratory\ncity: Lakeside"
	if strings.Join(lines, "\n") != want {
		t.Errorf("HoldOut =\n%s\nwant\n%s", strings.Join(lines, "\n"), want)
	}
	// Alone, article a loses every name it prints; a name it does not print cannot help
	// extract it and stays.
	got = extract.HoldOut(reg, map[string]string{"a": texts["a"]}, "a")
	if len(got) != 1 || got[0].ID != "lab" || got[0].Name != "Widget Laboratory" || len(got[0].Aliases) != 0 {
		t.Errorf("HoldOut with no other article = %+v, want only lab as Widget Laboratory", got)
	}
}

// evalTable is ev as `medkg eval` prints it, and its errors.
func evalTable(ev *extract.Eval) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-20s %4s %4s %4s %9s %6s\n", "type", "tp", "fp", "fn", "precision", "recall")
	row := func(name string, s extract.Score) {
		fmt.Fprintf(&b, "%-20s %4d %4d %4d %9.2f %6.2f\n", name, s.TP, s.FP, s.FN, s.Precision(), s.Recall())
	}
	for _, ty := range ev.Types() {
		row(ty, *ev.Scores[ty])
	}
	row("core", ev.Sum(extract.Core...))
	row("all", ev.Sum())
	return b.String() + "\nerrors:\n" + strings.Join(ev.Errors, "\n")
}

// checkFloors fails for every type whose precision or recall is below its floor.
func checkFloors(t *testing.T, ev *extract.Eval, floors map[string][2]float64) {
	t.Helper()
	got := map[string]extract.Score{"core": ev.Sum(extract.Core...), "all": ev.Sum()}
	for ty, s := range ev.Scores {
		got[ty] = *s
	}
	for ty, f := range floors {
		s, ok := got[ty]
		if !ok {
			t.Errorf("%s: not scored", ty)
			continue
		}
		if p := s.Precision(); p < f[0] {
			t.Errorf("%s precision %.3f < floor %.2f", ty, p, f[0])
		}
		if r := s.Recall(); r < f[1] {
			t.Errorf("%s recall %.3f < floor %.2f", ty, r, f[1])
		}
	}
}

// unseenFloors are the figures reached on testdata/unseen: articles written for the test
// (and /work/ex-new.txt, the integrator's), with their expected facts curated by hand before
// the rules were changed for them, and never tuned on by name (docs/extraction.md,
// "Unseen articles"). Raise them when the extractor improves; never lower them.
var unseenFloors = map[string][2]float64{
	// type: {precision, recall}
	"core":         {0.99, 0.99},
	"all":          {0.99, 0.97},
	"organization": {0.99, 0.99},
	"founder":      {0.99, 0.99},
	"post":         {0.99, 0.99},
	"person":       {0.99, 0.99},
	"figure":       {0.99, 0.99},
}

// unseenAfterFloors are the figures on testdata/unseen-after: articles written, and their
// facts curated, after the rules were changed for testdata/unseen. Measured once before any
// rule was changed for them (core 0.97 / 0.84, all 0.88 / 0.74: the held-out figure); the
// general rules added for the errors found there since make them no longer held out.
var unseenAfterFloors = map[string][2]float64{
	"core":         {0.99, 0.99},
	"all":          {0.99, 0.99},
	"organization": {0.99, 0.99},
	"founder":      {0.99, 0.99},
	"post":         {0.99, 0.99},
	"person":       {0.99, 0.99},
	"figure":       {0.99, 0.99},
}

// The extractor on articles it was not written for, with only the seeds' registry to go on:
// the situation of a user drafting a new article.
func TestUnseenFloors(t *testing.T) {
	for _, set := range []struct {
		dir    string
		n      int
		floors map[string][2]float64
	}{
		{"testdata/unseen", 4, unseenFloors},
		{"testdata/unseen-after", 3, unseenAfterFloors},
	} {
		t.Run(set.dir, func(t *testing.T) {
			arts, key, err := extract.Seeds(os.DirFS(set.dir))
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != set.n {
				t.Fatalf("%d articles, want %d", len(arts), set.n)
			}
			_, known := seedArticles(t)
			ev, err := extract.EvaluateUnseen(arts, known, key)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s, seeds' registry:\n%s", set.dir, evalTable(ev))
			checkFloors(t, ev, set.floors)
		})
	}
}
