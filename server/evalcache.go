package server

import (
	"slices"
	"sync"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// DefaultRecent is the number of scenarios a server keeps evaluated.
const DefaultRecent = 8

// recentEvals keeps the evaluations (and drawn diagrams) of the last few
// scenarios, so that a scenario page, its diagram, its JSON and its other
// pages — each a request of its own — evaluate the scenario once.
type recentEvals struct {
	mu    sync.Mutex
	size  int
	order []string // least recently used first
	byKey map[string]*recentEval
}

// recentEval is one kept scenario.
type recentEval struct {
	once sync.Once
	ev   *graph.Evaluation
	err  error

	customersOnce sync.Once
	customers     []graph.Affected // the affected customers, by ref
	nodes         int              // every affected node

	svgOnce sync.Once
	svg     []byte
	svgErr  error
}

func newRecentEvals(size int) *recentEvals {
	return &recentEvals{size: size, byKey: map[string]*recentEval{}}
}

// get returns the kept entry of key, making it (and dropping the least
// recently used) when it is not kept. With size 0 nothing is kept.
func (c *recentEvals) get(key string) *recentEval {
	if c.size <= 0 {
		return &recentEval{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		i := slices.Index(c.order, key)
		c.order = append(slices.Delete(c.order, i, i+1), key)
		return e
	}
	if len(c.order) >= c.size {
		delete(c.byKey, c.order[0])
		c.order = slices.Delete(c.order, 0, 1)
	}
	e := &recentEval{}
	c.byKey[key] = e
	c.order = append(c.order, key)
	return e
}

// affectedCustomers lists the evaluation's affected customers, once.
func (e *recentEval) affectedCustomers() ([]graph.Affected, int) {
	e.customersOnce.Do(func() {
		all := e.ev.Affected()
		e.nodes = len(all)
		for _, a := range all {
			if a.Node.Kind == catalog.KindCustomer {
				e.customers = append(e.customers, a)
			}
		}
	})
	return e.customers, e.nodes
}
