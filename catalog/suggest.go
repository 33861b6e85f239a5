package catalog

import (
	"iter"
	"slices"
)

// Closest returns the candidate nearest to s by edit distance, if it is
// near enough to be a likely typo, else "": the "did you mean" of every
// message, importers' too.
func Closest(s string, candidates []string) string { return closest(s, candidates) }

// closest returns the candidate nearest to s by edit distance (with
// transpositions), if it is near enough to be a likely typo; ties go to the
// lexically smallest candidate.
func closest(s string, candidates []string) string { return closestIn(s, slices.Values(candidates)) }

// closestIn is closest over a sequence, such as the keys of a map.
func closestIn(s string, candidates iter.Seq[string]) string {
	best, bestDist := "", maxTypo(s)+1
	var rows distRows
	for c := range candidates {
		d := rows.distance(s, c, bestDist+1) // exact when d <= bestDist
		if d < bestDist || (d == bestDist && best != "" && c < best) {
			best, bestDist = c, d
		}
	}
	if bestDist > maxTypo(s) {
		return ""
	}
	return best
}

// maxTypo is the largest edit distance still taken for a typo of s.
func maxTypo(s string) int { return len(s)/3 + 1 }

// distRows are the three rows distance works in, kept between calls.
type distRows struct{ prev2, prev, cur []int }

// distance is the optimal string alignment distance between a and b,
// computed on bytes. It gives up, returning limit, once the distance is
// known to reach limit.
func (r *distRows) distance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	if cap(r.cur) < len(b)+1 {
		r.prev2, r.prev, r.cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev2, prev, cur := r.prev2[:len(b)+1], r.prev[:len(b)+1], r.cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// iterConcat yields the elements of a, then those of b.
func iterConcat[T any](a, b iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for v := range a {
			if !yield(v) {
				return
			}
		}
		for v := range b {
			if !yield(v) {
				return
			}
		}
	}
}
