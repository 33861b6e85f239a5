package catalogtest

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// XSSNames are payloads as names: text that HTML, SVG, CSS, URLs or Go
// templates could read as syntax.
var XSSNames = []string{
	`<script>alert(1)</script>`,                                                              // 0
	`<img src=x onerror=alert(2)>`,                                                           // 1
	`javascript:alert(3)`,                                                                    // 2
	`"><svg onload=alert(4)>`,                                                                // 3
	`</style><script>alert(5)</script>`,                                                      // 4
	`{{.Title}} {{template "report" .}} {{printf "%s" .}}`,                                   // 5
	`</title><script>alert(7)</script>`,                                                      // 6
	`<a href="javascript:alert(8)">click</a>`,                                                // 7
	`' onmouseover='alert(9)' x='`,                                                           // 8
	`]]><script>alert(10)</script><![CDATA[`,                                                 // 9
	`<!-- --><script>alert(11)</script><!--`,                                                 // 10
	`&lt;script&gt;alert(12)&lt;/script&gt; &amp; &#60;b&#62;`,                               // 11
	`<iframe srcdoc="<script>alert(13)</script>"></iframe>`,                                  // 12
	`<meta http-equiv="refresh" content="0;url=javascript:alert(14)">`,                       // 13
	`<base href="javascript:alert(15)//">`,                                                   // 14
	`<style>*{display:none!important}</style>`,                                               // 15
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(17)>`,                       // 16
	`<svg><foreignObject><iframe src="javascript:alert(18)"></iframe></foreignObject></svg>`, // 17
}

// XSSIDs are payloads as ids: no "/", "@" or whitespace.
var XSSIDs = []string{
	`<script>alert(21)<script>`,     // 0: provider
	`javascript:alert(22)`,          // 1: region
	`"><svg-onload=alert(23)>`,      // 2: zone
	`x"onmouseover="alert(24)`,      // 3: zone
	`'onfocus='alert(25)'`,          // 4: region
	`<style><script>alert(26)`,      // 5: zone
	`{{.Title}}`,                    // 6: service, zonal
	`<title><script>alert(27)`,      // 7: service, regional
	`&lt;b&gt;&amp;#35;`,            // 8: service, global
	`]]><!--<script>alert(28)-->`,   // 9: customer
	`javascript&colon;alert(29)`,    // 10: customer
	`<img-src=x-onerror=alert(30)>`, // 11: customer
	`"><script>alert(31)<script>`,   // 12: scenario
	`<a-href=javascript:alert(32)>`, // 13: policy
	`{{template"report".}}`,         // 14: policy
	`#<i>x`,                         // 15: customer
}

// XSS returns a valid catalog whose every name, tag, id and title is a
// payload of XSSNames or XSSIDs: a provider, regions, zones, services at
// each scope, customers with every kind of entry, a scenario and policies.
func XSS() ([]byte, error) {
	id, name := XSSIDs, XSSNames
	prov := id[0]
	svc := func(s, l string) string { return prov + "/" + s + "@" + l }
	type m = map[string]any
	doc := m{
		"version": 1,
		"providers": []m{{
			"id": prov, "name": name[0] + " " + name[1],
			"regions": []m{
				{"id": id[1], "name": name[2], "zones": []string{id[2], id[3]}},
				{"id": id[4], "name": name[3], "zones": []string{id[5]}},
			},
			"services": []m{
				{"id": id[6], "name": name[4], "scope": "zonal"},
				{"id": id[7], "name": name[5], "depends_on": []any{id[6], m{"ref": prov + "/" + id[8], "impact": "degraded"}}},
				{"id": id[8], "name": name[6], "scope": "global"},
			},
		}},
		"customers": []m{
			{"id": id[9], "name": name[7], "tags": m{name[8]: name[9]}, "depends_on": []any{svc(id[7], id[1])}},
			{"id": id[10], "name": name[10], "weight": 2, "depends_on": []any{m{"any_of": []string{svc(id[7], id[1]), svc(id[7], id[4])}}}},
			{"id": id[11], "name": name[11], "depends_on": []any{svc(id[6], id[2]), m{"ref": id[9], "impact": "degraded"}}},
			{"id": id[15], "name": name[12], "depends_on": []any{m{"quorum": 2, "of": []string{svc(id[6], id[2]), svc(id[6], id[3]), svc(id[6], id[5])}}}},
			{"id": "plain", "name": name[13], "tags": m{"tier": name[14]}, "depends_on": []any{svc(id[7], id[1])}},
			{"id": "quoted", "name": name[15], "depends_on": []any{svc(id[7], id[4])}},
			{"id": "math", "name": name[16], "depends_on": []any{prov + "@" + id[1]}},
			{"id": "svg", "name": name[17], "depends_on": []any{m{"ref": svc(id[7], id[1]), "impact": "degraded"}}},
		},
		"scenarios": []m{
			{"id": id[12], "name": name[0] + " " + name[3] + " " + name[6], "fail": []string{prov + "@" + id[1]}},
		},
		"policies": []m{
			{"id": id[13], "select": m{name[8]: name[9]}, "survive": "region", "allow": "degraded"},
			{"id": id[14], "select": m{"tier": name[14]}, "survive": "zone"},
		},
	}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("catalogtest: the XSS catalog: %w", err)
	}
	return data, nil
}
