package graph

import (
	"reflect"
	"testing"

	"github.com/blastradius/blastradius/catalog"
)

// vendorsYAML is a small catalog of customers on vendors on a cloud: the
// identity vendor runs in the cloud's east region, the payment vendor in
// either region, the mail vendor signs in through the identity vendor; the
// app depends on the shop, another customer.
const vendorsYAML = `version: 1
providers:
  - id: cloud
    regions: [{id: east}, {id: west}]
    services: [{id: db}]
  - id: idp
    regions: [{id: us}]
    services:
      - {id: sso, depends_on: [cloud/db@east]}
  - id: pay
    services:
      - {id: api, scope: global, depends_on: [{any_of: [cloud/db@east, cloud/db@west]}]}
  - id: mail
    services:
      - {id: send, scope: global, depends_on: [idp/sso@us]}
customers:
  - {id: shop, depends_on: [cloud/db@east]}
  - {id: blog, depends_on: [idp/sso@us]}
  - {id: wiki, depends_on: [idp/sso@us, pay/api, {ref: mail/send, impact: degraded}]}
  - {id: app, depends_on: [shop, cloud/db@west]}
`

func TestSupplyChain(t *testing.T) {
	g := New(mustLoad(t, vendorsYAML))
	down, degraded := catalog.Down, catalog.Degraded
	tests := []struct {
		customer string
		want     []Supplier
	}{
		{"wiki", []Supplier{
			{Provider: "idp", Rank: 1, Via: []string{"mail"}, Effect: down, Regions: []RegionEffect{{"idp@us", down}}},
			{Provider: "mail", Rank: 1, Via: []string{}, Effect: degraded},
			{Provider: "pay", Rank: 1, Via: []string{}, Effect: down},
			{Provider: "cloud", Rank: 2, Via: []string{"idp", "pay"}, Effect: down,
				Regions: []RegionEffect{{"cloud@east", down}, {"cloud@west", degraded}}},
		}},
		{"app", []Supplier{
			{Provider: "cloud", Rank: 1, Via: []string{"shop"}, Effect: down,
				Regions: []RegionEffect{{"cloud@east", down}, {"cloud@west", down}}},
		}},
		{"shop", []Supplier{
			{Provider: "cloud", Rank: 1, Via: []string{}, Effect: down, Regions: []RegionEffect{{"cloud@east", down}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.customer, func(t *testing.T) {
			sc, err := g.SupplyChain(tt.customer)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(sc.Suppliers, tt.want) {
				t.Errorf("got  %+v\nwant %+v", sc.Suppliers, tt.want)
			}
		})
	}
	for _, ref := range []string{"cloud/db@east", "nobody"} {
		if _, err := g.SupplyChain(ref); err == nil {
			t.Errorf("SupplyChain(%q): no error", ref)
		}
	}
}
