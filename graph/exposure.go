package graph

import (
	"cmp"
	"slices"

	"github.com/blastradius/blastradius/catalog"
)

// Exposure is the state of every customer under every single failure of a
// level: a customers × failures matrix, for heatmaps.
type Exposure struct {
	Level     catalog.Level
	Failures  []string           // the level's nodes, sorted: the columns
	Customers []CustomerExposure // the rows, most exposed first
}

// CustomerExposure is one row of an Exposure.
type CustomerExposure struct {
	Customer string
	Weight   float64
	States   []catalog.State // per failure, in Failures order
	Down     int             // failures that take it down
	Degraded int             // failures that only degrade it
}

// Exposure fails every node of a level on its own and records every
// customer's state. Rows are ordered most exposed first: by failures that
// take the customer down, then that degrade it, then weight, then ref.
func (g *Graph) Exposure(level catalog.Level) (*Exposure, error) {
	ix := g.ix
	ids, err := ix.candidates(level)
	if err != nil {
		return nil, err
	}
	row := make([]int32, len(ix.nodes)) // node → row, for customers
	e := &Exposure{Level: level}
	for k, i := range ix.customers {
		row[i] = int32(k)
		e.Customers = append(e.Customers, CustomerExposure{Customer: ix.nodes[i].Ref, Weight: ix.nodes[i].Weight, States: make([]catalog.State, len(ids))})
	}
	for _, i := range ids {
		e.Failures = append(e.Failures, ix.nodes[i].Ref)
	}
	ix.sweep(len(ids), func(k int) []seed { return single(ids[k]) }, func(k int, p *propagator) {
		for _, i := range p.touched {
			if ix.nodes[i].Kind == catalog.KindCustomer {
				e.Customers[row[i]].States[k] = p.state[i] // each worker writes its own column
			}
		}
	}, nil)
	for k := range e.Customers {
		c := &e.Customers[k]
		for _, st := range c.States {
			switch st {
			case catalog.Down:
				c.Down++
			case catalog.Degraded:
				c.Degraded++
			}
		}
	}
	slices.SortStableFunc(e.Customers, func(a, b CustomerExposure) int {
		return cmp.Or(cmp.Compare(b.Down, a.Down), cmp.Compare(b.Degraded, a.Degraded), cmp.Compare(b.Weight, a.Weight), cmp.Compare(a.Customer, b.Customer))
	})
	return e, nil
}
