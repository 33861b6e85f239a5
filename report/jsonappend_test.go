package report

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestAffectedNodeJSON checks that an affected node writes the very bytes
// encoding/json gives it in the "affected" list, on hostile strings and
// every combination of optional fields.
func TestAffectedNodeJSON(t *testing.T) {
	strs := []string{"", "a", `q"uote`, `back\slash`, "tab\tnl\nret\rbs\bff\f", "\x00\x01\x1f\x7f", "<&>",
		"ünïcödé ☃ 🚀", "\u2028\u2029", "bad \xff\xfe utf8", "\xe2\x82", "aws/dynamodb@us-east-1", "</script>"}
	r := rand.New(rand.NewPCG(7, 7))
	pick := func() string { return strs[r.IntN(len(strs))] }
	list := func() []string {
		switch r.IntN(4) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, 1+r.IntN(4))
		for k := range out {
			out[k] = pick()
		}
		return out
	}
	for range 2000 {
		n := AffectedNode{Ref: pick(), Kind: pick(), State: pick(), Name: pick(), Path: list(), Weakest: pick()}
		if r.IntN(3) == 0 {
			n.PathLength = r.IntN(200)
		}
		for range r.IntN(4) {
			n.Evidence = append(n.Evidence, HopEvidence{Source: list(), Confidence: pick(), Implied: r.IntN(2) == 0})
		}
		if r.IntN(5) == 0 {
			n.Evidence = []HopEvidence{} // empty, not nil: omitted too
		}
		want, err := indentJSON(n, "    ")
		if err != nil {
			t.Fatal(err)
		}
		want = bytes.TrimSuffix(want, []byte("\n"))
		if got := n.appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("%+v:\ngot  %s\nwant %s", n, got, want)
		}
	}
}

// TestListItemJSON checks the other list items that write their own JSON
// against encoding/json, as TestAffectedNodeJSON does.
func TestListItemJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	floats := []float64{0, 1, -1, 0.5, 1e-7, 1.5e-9, 123456789, 1e21, 2.5e22, 1.0 / 3, 0.1 + 0.2, 5e-324, 1e-6, 999999999999999999999}
	strs := []string{"", "a", `"`, "\n", "\xff", "\u2028", "ünï"}
	pick := func() string { return strs[r.IntN(len(strs))] }
	for range 2000 {
		var items []jsonAppender
		c := SPOFCustomer{Ref: pick()}
		switch r.IntN(3) {
		case 1:
			c.SPOFs, c.Pairs = []string{}, [][2]string{}
		case 2:
			c.SPOFs = []string{pick(), pick()}
			c.Pairs = [][2]string{{pick(), pick()}, {pick(), pick()}}
		}
		items = append(items, c,
			RankResult{Ref: pick(), Down: r.IntN(1e6), Degraded: r.IntN(10), WeightDown: floats[r.IntN(len(floats))], WeightDownShare: -floats[r.IntN(len(floats))]},
			ConcentrationCustomer{Ref: pick(), Providers: r.IntN(5), Regions: r.IntN(50)})
		for _, v := range items {
			want, err := indentJSON(v, "    ")
			if err != nil {
				t.Fatal(err)
			}
			want = bytes.TrimSuffix(want, []byte("\n"))
			if got := v.appendJSON(nil); !bytes.Equal(got, want) {
				t.Fatalf("%+v:\ngot  %s\nwant %s", v, got, want)
			}
		}
	}
}
