package extract

import (
	"regexp"
	"testing"
)

// TestRulesCompile compiles every rule, since pat leaves compiling to the first use.
func TestRulesCompile(t *testing.T) {
	if len(allRules) < 10 {
		t.Fatalf("only %d rules registered: pat no longer records them?", len(allRules))
	}
	for _, l := range allRules {
		if _, err := regexp.Compile(l.src); err != nil {
			t.Errorf("rule %.60q: %v", l.src, err)
		}
	}
}
