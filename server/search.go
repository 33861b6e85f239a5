package server

import (
	"slices"
	"strings"

	"github.com/blastradius/blastradius/catalog"
)

// searchEntry is one node as search sees it.
type searchEntry struct {
	node        *catalog.Node
	lref, lname string // lower-cased
}

// newSearchIndex lists every node of cat, in the catalog's ref order, with
// its ref and name lower-cased once.
func newSearchIndex(cat *catalog.Catalog) []searchEntry {
	nodes := cat.Nodes()
	idx := make([]searchEntry, len(nodes))
	for i, n := range nodes {
		idx[i] = searchEntry{node: n, lref: strings.ToLower(n.Ref), lname: strings.ToLower(n.Name)}
	}
	return idx
}

// find returns the nodes whose ref or name contains q, case-insensitively:
// the exact ref first, then refs that start with q, then refs that contain
// it, then names that do; within each, in ref order.
func (s *Server) find(q string) []*catalog.Node {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return nil
	}
	var tiers [4][]*catalog.Node
	for i := range s.search {
		e := &s.search[i]
		switch {
		case e.lref == q:
			tiers[0] = append(tiers[0], e.node)
		case strings.HasPrefix(e.lref, q):
			tiers[1] = append(tiers[1], e.node)
		case strings.Contains(e.lref, q):
			tiers[2] = append(tiers[2], e.node)
		case strings.Contains(e.lname, q):
			tiers[3] = append(tiers[3], e.node)
		}
	}
	return slices.Concat(tiers[:]...)
}
