package draft

import (
	"strconv"
	"strings"
	"unicode"
)

// Sanitize turns s into a valid id: each run of characters an id may not
// hold ("/", "@", whitespace, anything not printable) becomes one "-". An
// s with nothing left is "unnamed". Sanitize is deterministic and keeps
// every valid id as it is.
func Sanitize(s string) string {
	var b strings.Builder
	bad := false
	for _, r := range s {
		if r == '/' || r == '@' || unicode.IsSpace(r) || !unicode.IsGraphic(r) {
			if !bad {
				b.WriteByte('-')
			}
			bad = true
			continue
		}
		bad = false
		b.WriteRune(r)
	}
	out := b.String()
	if strings.Trim(out, "-") == "" {
		return "unnamed"
	}
	return out
}

// IDs hands out the ids of one catalog, where providers and customers
// share a namespace: each caller asks for an id and gets it, made valid by
// Sanitize, or — when it is taken — that id with the smallest free suffix
// "-2", "-3", …. Ask in a deterministic order to get deterministic ids.
// The zero IDs is empty and ready to use.
type IDs struct {
	taken map[string]bool
}

// Take reserves id as it is, such as a provider id the importer writes;
// it reports false when id was taken already.
func (ids *IDs) Take(id string) bool {
	if ids.taken == nil {
		ids.taken = map[string]bool{}
	}
	if ids.taken[id] {
		return false
	}
	ids.taken[id] = true
	return true
}

// Assign returns a free id for want: Sanitize(want), or that with a
// suffix when it is taken, in which case clashed is true.
func (ids *IDs) Assign(want string) (id string, clashed bool) {
	id = Sanitize(want)
	if ids.Take(id) {
		return id, false
	}
	for n := 2; ; n++ {
		if c := id + "-" + strconv.Itoa(n); ids.Take(c) {
			return c, true
		}
	}
}
