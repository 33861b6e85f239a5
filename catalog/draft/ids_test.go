package draft_test

import (
	"testing"

	"github.com/blastradius/blastradius/catalog/draft"
)

func TestSanitize(t *testing.T) {
	tests := map[string]string{
		"shop":           "shop",
		"system:podcast": "system:podcast",
		"a/b@c":          "a-b-c",
		"a / b":          "a-b",
		"tab\there":      "tab-here",
		"ctl\x00\x01x":   "ctl-x",
		"":               "unnamed",
		" / ":            "unnamed",
		"--":             "unnamed",
		"ünï☃":           "ünï☃",
	}
	for in, want := range tests {
		got := draft.Sanitize(in)
		if got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
		if why := draft.ValidID(got); why != "" {
			t.Errorf("Sanitize(%q) = %q, which %s", in, got, why)
		}
	}
}

func TestIDs(t *testing.T) {
	var ids draft.IDs
	if !ids.Take("backstage-resources") || ids.Take("backstage-resources") {
		t.Fatal("Take does not reserve")
	}
	steps := []struct {
		want    string
		id      string
		clashed bool
	}{
		{"a", "a", false},
		{"a", "a-2", true},
		{"a-2", "a-2-2", true},
		{"a", "a-3", true},
		{"backstage-resources", "backstage-resources-2", true},
		{"x/y", "x-y", false},
		{"x y", "x-y-2", true},
	}
	for _, s := range steps {
		id, clashed := ids.Assign(s.want)
		if id != s.id || clashed != s.clashed {
			t.Errorf("Assign(%q) = %q, %v; want %q, %v", s.want, id, clashed, s.id, s.clashed)
		}
	}
}
