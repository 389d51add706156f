package loader

// Distancer measures the edit distance from one string to many, as search does from what
// was typed to every name of the store. For a string of up to 64 bytes it keeps, per byte
// value, the bit mask of the positions where the string has it, and computes a distance
// with a few word operations per byte of the other string (Myers' bit-parallel algorithm,
// in Hyyrö's form for the distance between whole strings) rather than a row of cells per
// byte; a longer string falls back to EditDistanceWithin. The answers are EditDistance's,
// capped: see TestDistancer and FuzzDistancer.
type Distancer struct {
	p   string
	peq *[256]uint64 // nil when p is longer than 64 bytes or empty
}

// NewDistancer prepares the distances from p.
func NewDistancer(p string) Distancer {
	d := Distancer{p: p}
	if len(p) == 0 || len(p) > 64 {
		return d
	}
	d.peq = new([256]uint64)
	for i := 0; i < len(p); i++ {
		d.peq[p[i]] |= 1 << i
	}
	return d
}

// Within is EditDistanceWithin(p, s, limit): the distance when it is at most limit, else
// limit+1.
func (d Distancer) Within(s string, limit int) int {
	big := limit + 1
	m := len(d.p)
	if limit < 0 || len(s)-m > limit || m-len(s) > limit {
		return big
	}
	if d.peq == nil {
		return EditDistanceWithin(d.p, s, limit)
	}
	// Pv, Mv: where the column's vertical differences are +1, -1 (bit i for row i+1); the
	// first column is 0..m, all +1.
	pv, mv := ^uint64(0), uint64(0)
	last := uint64(1) << (m - 1)
	score := m // the bottom cell of the current column
	for j := 0; j < len(s); j++ {
		eq := d.peq[s[j]]
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&last != 0 {
			score++
		} else if mh&last != 0 {
			score--
		}
		// The top row is 0..len(s): its horizontal difference is always +1.
		ph = ph<<1 | 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		// The bottom cell can fall by at most one per byte left.
		if score-(len(s)-j-1) > limit {
			return big
		}
	}
	return min(score, big)
}
