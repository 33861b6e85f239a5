package graphml

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/browsertest"
	"github.com/blastradius/blastradius/internal/exporttest"
)

func TestGolden(t *testing.T) { exporttest.Golden(t, Write, ".graphml") }

// document is what the tests read back of a GraphML document.
type document struct {
	Keys  []struct{ ID, For, Name, Type string } `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string  `xml:"id,attr"`
			Data []datum `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string  `xml:"id,attr"`
			Source string  `xml:"source,attr"`
			Target string  `xml:"target,attr"`
			Data   []datum `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type datum struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// TestReadBack parses the document with encoding/xml and finds every node
// and edge with every attribute as it went in, whatever its characters.
func TestReadBack(t *testing.T) {
	g, ev := exporttest.Labels(t)
	var doc document
	if err := xml.Unmarshal(exporttest.Write(t, Write, g, ev), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Graph.EdgeDefault != "directed" || len(doc.Graph.Nodes) != g.Order() || len(doc.Graph.Edges) != g.Size() {
		t.Fatalf("edgedefault %q, %d nodes, %d edges; want directed, %d, %d",
			doc.Graph.EdgeDefault, len(doc.Graph.Nodes), len(doc.Graph.Edges), g.Order(), g.Size())
	}
	ids := map[string]string{}
	for i, n := range g.Nodes() {
		got := doc.Graph.Nodes[i]
		ids[got.ID] = n.Ref
		checkData(t, n.Ref, got.Data, "n_", nodeAttributes(g, n, ev))
	}
	k := 0
	for _, n := range g.Nodes() {
		for _, e := range g.Edges(n) {
			got := doc.Graph.Edges[k]
			k++
			if ids[got.Source] != n.Ref || ids[got.Target] != e.To.Ref {
				t.Errorf("edge %s: %s → %s, want %s → %s", got.ID, ids[got.Source], ids[got.Target], n.Ref, e.To.Ref)
			}
			checkData(t, n.Ref+" → "+e.To.Ref, got.Data, "e_", e.Attributes())
		}
	}
}

func checkData(t *testing.T, what string, got []datum, prefix string, want []graph.Attribute) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d data, want %d", what, len(got), len(want))
		return
	}
	for i, a := range want {
		if got[i].Key != prefix+a.Name || got[i].Value != text(a.Value) {
			t.Errorf("%s: data %q = %q, want %q = %q", what, got[i].Key, got[i].Value, prefix+a.Name, text(a.Value))
		}
	}
}

// TestRandom reads back the GraphML of random catalogs: as many nodes and
// edges as the graph has.
func TestRandom(t *testing.T) {
	exporttest.Random(t, 30, Write, func(t *testing.T, out []byte) (int, int) {
		var doc document
		if err := xml.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		return len(doc.Graph.Nodes), len(doc.Graph.Edges)
	})
}

// TestEscaping writes strings a catalog does not admit, but that the
// writer must still carry safely, as data and as attributes: line breaks
// and tabs come back, other
// control characters become U+FFFD, since XML 1.0 cannot hold them.
func TestEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`<a href="x">&amp;</a>`, `<a href="x">&amp;</a>`},
		{"it's ]]> \\ back", "it's ]]> \\ back"},
		{"line1\nline2\r\n\ttab", "line1\nline2\r\n\ttab"},
		{"bell\a nul\x00 esc\x1b", "bell\uFFFD nul\uFFFD esc\uFFFD"},
		{"Zürich 東京 🚀 \u202e", "Zürich 東京 🚀 \u202e"},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		x := &writer{enc: xml.NewEncoder(&b)}
		x.start("node", "id", tt.in)
		x.data("n_", graph.Attribute{Name: "name", Value: tt.in})
		x.end("node")
		if err := x.enc.Close(); x.err != nil || err != nil {
			t.Fatal(x.err, err)
		}
		var got struct {
			ID   string  `xml:"id,attr"`
			Data []datum `xml:"data"`
		}
		if err := xml.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatalf("%q: %v\n%s", tt.in, err, b.Bytes())
		}
		if len(got.Data) != 1 || got.Data[0].Value != tt.want {
			t.Errorf("%q: data %+v, want %q", tt.in, got.Data, tt.want)
		}
		// encoding/xml writes line breaks and tabs in attributes as
		// character references, which XML does not normalize.
		if got.ID != tt.want {
			t.Errorf("%q: attribute %q, want %q", tt.in, got.ID, tt.want)
		}
	}
}

// networkxScript reads a GraphML file with networkx.read_graphml and prints
// what it read as JSON: the graph's class, and each node's and edge's
// attributes.
const networkxScript = `
import json, sys
import networkx as nx
G = nx.read_graphml(sys.argv[1])
json.dump({
    "class": type(G).__name__,
    "nodes": G.number_of_nodes(),
    "edges": G.number_of_edges(),
    "node_data": {n: d for n, d in G.nodes(data=True)},
    "edge_data": [[u, v, d] for u, v, d in G.edges(data=True)],
}, sys.stdout)
`

// networkxPython returns a Python interpreter that can import networkx:
// python3 on PATH, else /usr/bin/python3 (Debian's python3-networkx, which
// .ci/browser-deps.sh installs). Without one the test skips, or fails
// under CI.
func networkxPython(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(name); err == nil && exec.Command(p, "-c", "import networkx").Run() == nil {
			return p
		}
	}
	browsertest.Missing(t, "no python3 can import networkx (try: apt-get install python3-networkx)")
	return ""
}

// networkxRead writes the graph as GraphML and reads it with networkx.
func networkxRead(t *testing.T, python string, g *graph.Graph, ev *graph.Evaluation) (read struct {
	Class    string                    `json:"class"`
	Nodes    int                       `json:"nodes"`
	Edges    int                       `json:"edges"`
	NodeData map[string]map[string]any `json:"node_data"`
	EdgeData [][3]any                  `json:"edge_data"`
}) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "deps.graphml")
	if err := os.WriteFile(path, exporttest.Write(t, Write, g, ev), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", networkxScript, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("networkx: %v\n%s", err, stderr.Bytes())
	}
	if err := json.Unmarshal(out, &read); err != nil {
		t.Fatal(err)
	}
	return read
}

// TestNetworkx is the acceptance test of the GraphML export: networkx reads
// the bundled example as a directed graph with as many nodes and edges as
// the catalog's dependency graph — graph.Graph's Order (every node of the
// catalog, implied ones included) and Size (its distinct dependent →
// dependency pairs, implied edges included) — and reads every attribute
// of the hostile catalog back as it went in, typed.
func TestNetworkx(t *testing.T) {
	python := networkxPython(t)
	t.Run("example", func(t *testing.T) {
		g := exporttest.Example(t)
		read := networkxRead(t, python, g, nil)
		if read.Class != "DiGraph" || read.Nodes != g.Order() || read.Edges != g.Size() {
			t.Errorf("networkx read a %s of %d nodes and %d edges; the graph has %d and %d",
				read.Class, read.Nodes, read.Edges, g.Order(), g.Size())
		}
	})
	t.Run("labels", func(t *testing.T) {
		g, ev := exporttest.Labels(t)
		read := networkxRead(t, python, g, ev)
		if read.Class != "DiGraph" || read.Nodes != g.Order() || read.Edges != g.Size() {
			t.Fatalf("networkx read a %s of %d nodes and %d edges; the graph has %d and %d",
				read.Class, read.Nodes, read.Edges, g.Order(), g.Size())
		}
		for i, n := range g.Nodes() {
			checkRead(t, n.Ref, read.NodeData["n"+strconv.Itoa(i)], nodeAttributes(g, n, ev))
		}
		k := 0
		for _, n := range g.Nodes() {
			for _, e := range g.Edges(n) {
				got := read.EdgeData[k]
				k++
				if got[0] != "n"+strconv.Itoa(index(g, n.Ref)) || got[1] != "n"+strconv.Itoa(index(g, e.To.Ref)) {
					t.Errorf("edge %d: %v → %v, want %s → %s", k-1, got[0], got[1], n.Ref, e.To.Ref)
				}
				data, _ := got[2].(map[string]any)
				delete(data, "id")
				checkRead(t, n.Ref+" → "+e.To.Ref, data, e.Attributes())
			}
		}
	})
}

func index(g *graph.Graph, ref string) int {
	i, _ := g.Catalog().Index(ref)
	return i
}

// checkRead compares the attributes networkx read, as JSON gives them,
// with the attributes written: each typed as its key declares, a list of
// sources one per line.
func checkRead(t *testing.T, what string, got map[string]any, want []graph.Attribute) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: networkx read %d attributes %v, want %d", what, len(got), got, len(want))
	}
	for _, a := range want {
		v := a.Value
		if list, ok := v.([]string); ok {
			v = strings.Join(list, "\n")
		}
		b, _ := json.Marshal(v)
		var wantJSON any
		_ = json.Unmarshal(b, &wantJSON)
		if got[a.Name] != wantJSON {
			t.Errorf("%s: networkx read %s = %#v, want %#v", what, a.Name, got[a.Name], wantJSON)
		}
	}
}
