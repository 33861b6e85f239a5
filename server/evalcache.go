package server

import (
	"slices"
	"sync"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
)

// DefaultRecent is the number of scenarios a server keeps evaluated.
const DefaultRecent = 8

// recent keeps the last few results of one kind by key (a request's
// canonical query), so that the requests that follow a page — its diagram,
// its JSON, its other pages — compute them once: the evaluation of a
// scenario (recentEval), a node's drawn neighbourhood (recentSVG).
type recent[T any] struct {
	mu    sync.Mutex
	size  int
	order []string // least recently used first
	byKey map[string]*T
}

// recentEval is one kept scenario.
type recentEval struct {
	once sync.Once
	ev   *graph.Evaluation
	err  error

	customersOnce sync.Once
	customers     []graph.Affected // the affected customers, by ref
	nodes         int              // every affected node

	drawing recentSVG // its blast radius
}

// recentSVG is one kept drawing.
type recentSVG struct {
	once sync.Once
	svg  []byte
	err  error
}

// get returns the drawing, drawing it with draw the first time.
func (d *recentSVG) get(draw func() ([]byte, error)) ([]byte, error) {
	d.once.Do(func() { d.svg, d.err = draw() })
	return d.svg, d.err
}

func newRecent[T any](size int) *recent[T] {
	return &recent[T]{size: size, byKey: map[string]*T{}}
}

// get returns the kept entry of key, making it (and dropping the least
// recently used) when it is not kept. With size 0 nothing is kept.
func (c *recent[T]) get(key string) *T {
	if c.size <= 0 {
		return new(T)
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
	e := new(T)
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
