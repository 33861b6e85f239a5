package catalogtest

import (
	"fmt"
	"strings"
)

// hostileHeader is the infrastructure of the hostile catalogs: one
// provider, two regions with two zones each, a regional and a zonal
// service, and a survive policy and a share cap, so that every analysis
// has work to do.
const hostileHeader = `version: 1
providers:
  - id: cloud
    regions:
      - {id: east, zones: [east-a, east-b]}
      - {id: west, zones: [west-a, west-b]}
    services:
      - {id: vm, scope: zonal}
      - {id: db, depends_on: [vm]}
scenarios:
  - {id: east-down, fail: [cloud@east]}
policies:
  - {id: survive-region, survive: region}
  - {id: region-cap, max_down_share: {scope: region, share: 0.1}}
customers:
`

// Chain returns a valid catalog of n customers, each depending on the one
// before it, the first on a database in one region: every cause path of a
// region failure is as long as the chain, so anything that materializes a
// path per node costs n² (20,000 customers make a 0.7 MB file).
func Chain(n int) []byte {
	var b strings.Builder
	b.WriteString(hostileHeader)
	b.WriteString("  - {id: c0, depends_on: [cloud/db@east]}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: c%d, depends_on: [c%d]}\n", i, i-1)
	}
	return []byte(b.String())
}

// FanIn returns a valid catalog of n customers that each depend on both
// regions' databases, and one more customer, "hub", that depends on all of
// them: a node with n dependencies.
func FanIn(n int) []byte {
	var b strings.Builder
	b.WriteString(hostileHeader)
	for i := range n {
		fmt.Fprintf(&b, "  - {id: c%d, depends_on: [{any_of: [cloud/db@east, cloud/db@west]}]}\n", i)
	}
	b.WriteString("  - id: hub\n    depends_on:\n")
	for i := range n {
		fmt.Fprintf(&b, "      - c%d\n", i)
	}
	return []byte(b.String())
}
