package draft_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/golden"
)

// cloud is a small provider for drafts to depend on.
var cloud = draft.Provider{
	ID:   "cloud",
	Name: "A Cloud",
	Regions: []draft.Region{
		{ID: "east", Zones: []string{"east-a", "east-b"}},
		{ID: "west", Name: "West", Zones: []string{"west-a"}, Comment: "the second region"},
	},
	Services: []draft.Service{
		{ID: "vm", Scope: "zonal"},
		{ID: "db", DependsOn: []draft.Dep{draft.Ref("vm")}},
		{ID: "iam", Scope: "global", Provenance: draft.Provenance{Source: []string{"docs"}, Confidence: draft.Fact}},
		{ID: "queue", Regions: []string{"east"}, DependsOn: []draft.Dep{{Ref: "db", Degraded: true, Comment: "writes through"}}},
	},
}

// TestMarshal writes each draft, compares it with its golden file and
// loads it with the catalog loader.
func TestMarshal(t *testing.T) {
	soft := draft.Ref("cloud/queue@east")
	soft.Degraded = true
	soft.Provenance = draft.Provenance{Source: []string{"a", "b"}, Confidence: draft.Guess}
	redundant := draft.AnyOfDeps(
		draft.AllOfDeps(draft.Ref("cloud/vm@east"), draft.Ref("cloud/db@east")),
		draft.AllOfDeps(draft.Ref("cloud/vm@west"), draft.Ref("cloud/db@west")),
	)
	redundant.Comment = "active-active"
	redundant.Confidence = draft.Inferred
	commented := draft.Ref("cloud/iam")
	commented.Comment = "login"
	threshold := draft.Ref("cloud/db@west")
	threshold.WhenDown = true
	multi := draft.QuorumDeps(2, draft.Ref("cloud/db@east"), draft.Ref("cloud/db@west"), draft.Ref("cloud/vm@east-a"))
	multi.Comment = "a comment\nof two lines"

	tests := []struct {
		name  string
		draft draft.Catalog
	}{
		{"empty", draft.Catalog{}},
		{"header", draft.Catalog{Header: "Written by a test.\n\nSecond paragraph, with a control \x01 character."}},
		{"provider", draft.Catalog{Providers: []draft.Provider{cloud}}},
		{"customers", draft.Catalog{
			Header:    "customers of every shape",
			Providers: []draft.Provider{cloud},
			Customers: []draft.Customer{
				{ID: "plain", DependsOn: []draft.Dep{draft.Ref("cloud/db@east"), draft.Ref("cloud/iam")}},
				{ID: "shop", Name: "The Shop", Tags: map[string]string{"tier": "critical", "owner": "group:default/team-a", "lifecycle": "true"},
					Comment:    "from a test",
					Provenance: draft.Provenance{Source: []string{"catalog-info.yaml"}, Confidence: draft.Fact},
					DependsOn:  []draft.Dep{redundant, soft, commented, threshold, multi, draft.Ref("plain")}},
				{ID: "lonely"},
			},
		}},
		{"include", draft.Catalog{Include: []string{"aws"}, Customers: []draft.Customer{
			{ID: "app", DependsOn: []draft.Dep{draft.Ref("aws/dynamodb@us-east-1")}},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := draft.Marshal(&tt.draft)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tt.name+".yaml"), got)
			again, err := draft.Marshal(&tt.draft)
			if err != nil || !bytes.Equal(got, again) {
				t.Errorf("a second Marshal differs: %v", err)
			}
			c, _, err := draft.Load(&tt.draft, "c.yaml")
			if err != nil {
				t.Fatalf("the written catalog does not load: %v\n%s", err, got)
			}
			if len(c.Customers) != len(tt.draft.Customers) {
				t.Errorf("loaded %d customers, want %d", len(c.Customers), len(tt.draft.Customers))
			}
		})
	}
}

// TestMarshalRoundTrip checks that strings which YAML would read as
// something else, or which hold YAML's punctuation, load back as written.
func TestMarshalRoundTrip(t *testing.T) {
	hostile := []string{"true", "null", "~", "1.5", "0x10", "-", "- a", "a: b", "# not a comment", "x #y",
		"'quoted'", `"double"`, "{flow}", "[list]", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick`",
		"  leading space", "trailing space ", "ünïcödé ☃", "yes", "no", "on", "2001-01-01", ">", "|", "?", ":"}
	for _, s := range hostile {
		d := draft.Catalog{Customers: []draft.Customer{{
			ID:         "c",
			Name:       s,
			Tags:       map[string]string{"k": s, "k" + s: "v"},
			Provenance: draft.Provenance{Source: []string{s + "src"}},
		}}}
		data, err := draft.Marshal(&d)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: data}}, ".")
		if err != nil {
			t.Fatalf("%q: %v\n%s", s, err, data)
		}
		got := c.Customers[0]
		if got.Name != s || got.Tags["k"] != s || got.Tags["k"+s] != "v" || got.Source[0] != s+"src" {
			t.Errorf("%q came back as name %q, tags %q, source %q\n%s", s, got.Name, got.Tags, got.Source, data)
		}
	}
}

// TestMarshalNotUTF8 checks that bytes that are not UTF-8 in a header or
// a name (from an importer's input) neither panic nor break the file.
func TestMarshalNotUTF8(t *testing.T) {
	d := draft.Catalog{Header: "from \xff\xfe", Customers: []draft.Customer{{ID: "c", Name: draft.Printable("n\xff")}}}
	data, err := draft.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.LoadFS(fstest.MapFS{"c.yaml": {Data: data}}, ".")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if got := c.Customers[0].Name; got != "n\uFFFD" {
		t.Errorf("name %q, want %q", got, "n\uFFFD")
	}
}

// TestMarshalErrors checks that a draft the format cannot hold is refused
// with every problem named.
func TestMarshalErrors(t *testing.T) {
	tests := []struct {
		name  string
		draft draft.Catalog
		want  []string
	}{
		{"bad ids", draft.Catalog{Customers: []draft.Customer{{ID: ""}, {ID: "a/b"}, {ID: "a b"}, {ID: "a@b"}}},
			[]string{`customer "": id must not be empty`, `customer "a/b": id must not contain "/" or "@"`, `customer "a b": id must not contain whitespace`, `customer "a@b"`}},
		{"control characters", draft.Catalog{Customers: []draft.Customer{{ID: "c", Name: "a\nb", Tags: map[string]string{"k": "\x00"}}}},
			[]string{`customer "c": name "a\nb" must not contain control characters`, `tag "k" "\x00"`}},
		{"groups", draft.Catalog{Customers: []draft.Customer{{ID: "c", DependsOn: []draft.Dep{
			draft.AnyOfDeps(), draft.QuorumDeps(3, draft.Ref("a"), draft.Ref("b")), draft.Ref(""), draft.Ref("a b"), {Group: 9},
			{Ref: "x", Group: draft.AllOf, Members: []draft.Dep{draft.Ref("y")}},
		}}}},
			[]string{"any_of is empty", "quorum 3 is out of range 1..2", "a dependency ref is empty", `ref "a b" must not contain whitespace`, "unknown group 9", `also has ref "x"`}},
		{"enums", draft.Catalog{Providers: []draft.Provider{{ID: "p", Services: []draft.Service{{ID: "s", Scope: "planetary"}},
			Regions: []draft.Region{{ID: "r", Zones: []string{"z z"}}}, Provenance: draft.Provenance{Confidence: "sure"}}}},
			[]string{`unknown scope "planetary"`, `unknown confidence "sure"`, `zone id "z z" must not contain whitespace`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := draft.Marshal(&tt.draft)
			if err == nil {
				t.Fatalf("Marshal succeeded:\n%s", data)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\ndoes not mention %q", err, w)
				}
			}
		})
	}
}

func TestComment(t *testing.T) {
	for in, want := range map[string]string{
		"":           "",
		"a":          "# a",
		"a\n\nb\n":   "# a\n#\n# b",
		"a\r\nb\x7f": "# a\n# b\\x7f",
		"a\xffb":     "# a\uFFFDb", // not UTF-8: YAML holds only text
	} {
		if got := draft.Comment(in); got != want {
			t.Errorf("Comment(%q) = %q, want %q", in, got, want)
		}
	}
}
