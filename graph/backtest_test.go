package graph

import (
	"errors"
	"slices"
	"testing"

	"github.com/blastradius/blastradius/catalog"
)

const backtestCatalog = `version: 1
providers:
  - id: p
    regions:
      - {id: r1, zones: [z1, z2]}
    services:
      - id: net
      - id: db
        depends_on: [net]
      - id: queue
        depends_on: [{ref: net, impact: degraded, when: down}]
      - id: cache
      - id: vm
        scope: zonal
customers:
  - {id: shop, depends_on: [p/db@r1]}
  - {id: blog, depends_on: [{ref: p/queue@r1}]}
  - {id: wiki, depends_on: [p/cache@r1]}
scenarios:
  - id: net
    fail: [p/net@r1]
    expect:
      down: [p/db@r1, shop]
      degraded: [blog, wiki]       # wiki is up: unmet, and a false negative
      affected: [p/queue@r1]
      up: [p/cache@r1, p/db@r1]    # db is down: unmet
  - id: plain
    fail: [p/cache@r1]
  - id: nothing
    fail: [p/vm@z1]
    expect:
      up: [shop]
`

func TestBacktest(t *testing.T) {
	g := New(mustLoad(t, backtestCatalog))
	bs, err := g.Backtests(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[0].Scenario.ID != "net" || bs[1].Scenario.ID != "nothing" {
		t.Fatalf("backtests %v", bs)
	}
	b := bs[0]
	// Universe: services and customers, less p/net@r1. Affected: db, queue,
	// shop, blog (4). Expected affected: db, shop, blog, wiki, queue (5).
	// True positives: db, shop, blog, queue (4).
	if b.Checked != 7 || b.Affected != 4 || b.Expected != 5 || b.TruePositives != 4 || b.Precision != 1 || b.Recall != 0.8 {
		t.Errorf("checked %d, affected %d, expected %d, true positives %d, precision %v, recall %v",
			b.Checked, b.Affected, b.Expected, b.TruePositives, b.Precision, b.Recall)
	}
	var unmet []string
	for _, u := range b.Unmet {
		unmet = append(unmet, u.Ref+" "+string(u.Want)+" "+u.Got.String())
	}
	if want := []string{"wiki degraded up", "p/db@r1 up down"}; !slices.Equal(unmet, want) {
		t.Errorf("unmet %q, want %q", unmet, want)
	}
	if got := b.Unmet[1].Path.Refs(); !slices.Equal(got, []string{"p/db@r1", "p/net@r1"}) || b.Unmet[0].Path.Len() != 0 {
		t.Errorf("paths %v, %v", got, b.Unmet[0].Path.Refs())
	}
	if b.Holds() {
		t.Error("Holds with unmet expectations")
	}
	if n := bs[1]; !n.Holds() || n.Precision != 1 || n.Recall != 1 {
		t.Errorf("an up-only scenario: holds %v, precision %v, recall %v", n.Holds(), n.Precision, n.Recall)
	}
	for _, tt := range []struct {
		ids  []string
		want string
	}{
		{[]string{"plain"}, "scenario plain has no expect: nothing to backtest"},
		{[]string{"nett"}, `unknown scenario "nett"; did you mean "net"? (scenarios: net, plain, nothing)`},
	} {
		_, err := g.Backtests(tt.ids)
		if err == nil || err.Error() != tt.want || !errors.Is(err, catalog.ErrUnknownScenario) {
			t.Errorf("Backtests(%v) = %v, want %s", tt.ids, err, tt.want)
		}
	}
	if bs, err := g.Backtests([]string{"nothing"}); err != nil || len(bs) != 1 {
		t.Errorf("Backtests(nothing) = %v, %v", bs, err)
	}
}
