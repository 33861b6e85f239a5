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

// Labels is a small valid catalog whose names, ids and sources hold what
// breaks naive escaping — quotes, <, &, backslashes, comment and CDATA
// markers, non-ASCII text (a catalog admits no control characters or line
// breaks in them) — and whose entries use every kind of edge: implied,
// hard and soft, nested any_of, all_of and quorum groups, a target named
// twice, provenance on declarations, on entries and on groups. Exporters
// test on it that every string comes back as it went in.
const Labels = `version: 1
providers:
  - id: cloud
    name: "Cloud <\"&'> \\ back"
    source: "https://example.com/cloud?x=1&y=<2>"
    confidence: fact
    regions:
      - {id: east, name: "East Coast /* -- */", zones: [east-a, east-b]}
      - {id: west, zones: [west-a]}
    services:
      - {id: vm, scope: zonal}
      - id: db
        depends_on:
          - {ref: vm, confidence: fact, source: ["https://example.com/a?b=1&c=<2>", "it's \"quoted\" \\ ]]>"]}
      - id: iam
        scope: global
        source: ["it's \\ \"iam\"", "AWS PES 2021-12-10"]
        confidence: inferred
        depends_on: [{ref: cloud@east, impact: degraded}]
customers:
  - id: "o'neil\"<&>\\"
    name: "Zürich — 東京 🚀 ‮rtl\u00a0nbsp"
    weight: 2.5
    depends_on:
      - any_of:
          - all_of: [cloud/db@east, cloud/vm@east]
          - all_of: [cloud/db@west, cloud/vm@west]
      - quorum: 2
        of: [cloud/db@east, cloud/db@west, cloud/iam]
        confidence: guess
        source: "design review 2024 -- /* not a comment */ // nor this"
  - id: shop
    name: "' OR 1=1 // }); MATCH (n) DETACH DELETE n; //"
    confidence: guess
    depends_on:
      - "o'neil\"<&>\\"
      - {ref: cloud/iam, impact: degraded}
      - {ref: cloud/db@east, impact: degraded}
      - cloud/db@east
scenarios:
  - {id: east, fail: [cloud@east]}
`
