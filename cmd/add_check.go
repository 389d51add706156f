package cmd

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// reCheckMark is the mark medkg extract leaves on what a reviewer must look at: a fact below
// the review confidence ("# confidence 0.60, rule R CHECK") and a new entity similar to
// another ("# CHECK: similar to ..."). Reviewing means fixing or deleting the fact and
// deleting the word CHECK.
var reCheckMark = regexp.MustCompile(`#.*\bCHECK\b`)

// checkMarks returns the lines of a fact file that still carry a CHECK mark.
func checkMarks(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 8<<20)
	for n := 1; sc.Scan(); n++ {
		if reCheckMark.MatchString(sc.Text()) {
			out = append(out, fmt.Sprintf("%s:%d: %s", path, n, strings.TrimSpace(sc.Text())))
		}
	}
	return out, sc.Err()
}

// refuseUnreviewed is the error medkg add --load gives while CHECK marks remain (issue 12,
// item 9): loading them would put facts nobody looked at into the graph.
func refuseUnreviewed(yamlPath, article string, marks []string) error {
	return fmt.Errorf("%s still has %d fact(s) or entities marked CHECK, not reviewed:\n  %s\nreview each (fix or delete it, then delete the word CHECK), then run medkg add --load %s again; or pass --force to load them unreviewed",
		yamlPath, len(marks), strings.Join(marks, "\n  "), article)
}
