package extract

import (
	"regexp"
	"sync"
)

// lazyRE is a rule's regular expression, compiled on its first use rather than at package
// init: the rules (pat) take some 50 ms of CPU to compile, and every medkg process links this
// package, so `medkg search` or `stats`, which extract nothing, paid for them at start. A
// process that extracts pays the same total, once per rule. TestRulesCompile compiles every
// rule, so a bad pattern still fails the tests rather than a run.
type lazyRE struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// allRules is every rule pat made, for TestRulesCompile.
var allRules []*lazyRE

func (l *lazyRE) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *lazyRE) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}

func (l *lazyRE) FindAllStringSubmatch(s string, n int) [][]string {
	return l.get().FindAllStringSubmatch(s, n)
}

func (l *lazyRE) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return l.get().FindAllStringSubmatchIndex(s, n)
}

func (l *lazyRE) FindString(s string) string { return l.get().FindString(s) }

func (l *lazyRE) FindStringIndex(s string) []int { return l.get().FindStringIndex(s) }

func (l *lazyRE) FindStringSubmatch(s string) []string { return l.get().FindStringSubmatch(s) }

func (l *lazyRE) FindStringSubmatchIndex(s string) []int {
	return l.get().FindStringSubmatchIndex(s)
}

func (l *lazyRE) MatchString(s string) bool { return l.get().MatchString(s) }

// lazy is a plain regular expression compiled on first use, as pat's rules are, and checked
// by TestRulesCompile with them.
func lazy(src string) *lazyRE {
	l := &lazyRE{src: src}
	allRules = append(allRules, l)
	return l
}
