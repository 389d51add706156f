package loader

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// yamlProblemLine finds the line a YAML syntax error is on. yaml.v3 reports the line where
// the enclosing construct began (its parser's context mark: the start of the mapping or list
// item being read) rather than the line of the fault (the problem mark, which it does not
// expose), so a stray key on line 20 of a fact whose mapping starts on line 16 read as line
// 16 (issue 14, item 8). The fault is on the shortest prefix of the file, ending at a line
// break, that fails with the same message; parsing stops there, so a binary search between
// the reported line and the end finds it in a few parses. When no prefix reproduces the
// message, the reported line stands.
func yamlProblemLine(data []byte, reported int, msg string) int {
	ends := lineEnds(data)
	if reported < 1 || reported > len(ends) {
		return reported
	}
	failsSame := func(k int) bool { // the first k lines fail with msg
		var n yaml.Node
		err := yaml.Unmarshal(data[:ends[k-1]], &n)
		if err == nil {
			return false
		}
		m := reYAMLLine.FindStringSubmatch(err.Error())
		return m != nil && m[2] == msg
	}
	lo, hi := reported, len(ends) // the answer is in [lo, hi] if anywhere
	if !failsSame(hi) {
		return reported
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if failsSame(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// lineEnds is the offset just past each line's end (its line break, or the end of data).
func lineEnds(data []byte) []int {
	var ends []int
	for off := 0; off < len(data); {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			ends = append(ends, len(data))
			break
		}
		off += i + 1
		ends = append(ends, off)
	}
	return ends
}
