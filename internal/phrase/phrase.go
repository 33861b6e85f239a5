// Package phrase words numbers, counts and cause paths for people, the same
// way in every report, diagram and message.
package phrase

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Number formats n with thousands separators: 12,345.
func Number(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Count formats n and the noun that fits it: "1 customer", "12,345
// customers".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Number(n) + " " + many
}

// Decimal formats a weight with thousands separators: whole numbers without
// decimals, others with two.
func Decimal(w float64) string {
	if math.Abs(w) >= 1e15 {
		return fmt.Sprintf("%.4g", w)
	}
	whole, frac, _ := strings.Cut(fmt.Sprintf("%.2f", w), ".")
	n, _ := strconv.Atoi(whole)
	if frac == "00" {
		return Number(n)
	}
	return Number(n) + "." + frac
}

// Percent formats a fraction as a percentage with one decimal: 0.593 is
// "59.3%".
func Percent(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

// Factor writes a ratio such as an amplification factor, "4.00×", or
// "undefined" when it is not defined.
func Factor(f float64, ok bool) string {
	if !ok {
		return "undefined"
	}
	return fmt.Sprintf("%.2f×", f)
}

// OrList joins words as "a", "a or b", "a, b or c".
func OrList(words []string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

// Arrow joins the hops of a cause path.
const Arrow = " ← "

// Cause words a cause path after its node, such as "← aws/lambda@us-east-1
// ← aws@us-east-1", given the refs kept at its start (the node first) and at
// its end, and the number of refs elided between them; "(set by the
// scenario)" for a path that is the node alone.
func Cause(head, tail []string, elided int) string {
	if len(head)+len(tail)+elided <= 1 {
		return "(set by the scenario)"
	}
	var b strings.Builder
	for _, ref := range head[1:] {
		b.WriteString(Arrow)
		b.WriteString(ref)
	}
	if elided > 0 {
		b.WriteString(Arrow)
		b.WriteString("… " + Count(elided, "more hop", "more hops") + " …")
	}
	for _, ref := range tail {
		b.WriteString(Arrow)
		b.WriteString(ref)
	}
	return strings.TrimPrefix(b.String(), " ")
}

// Bytes formats a size in binary units with one decimal: "512 B",
// "13.5 MiB", "2.0 GiB".
func Bytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	f, unit := float64(n)/1024, 0
	for f >= 1024 && unit < 3 {
		f /= 1024
		unit++
	}
	return fmt.Sprintf("%.1f %s", f, [...]string{"KiB", "MiB", "GiB", "TiB"}[unit])
}
