package terraform

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/golden"
)

// TestBadInput checks that input that is not terraform show -json output
// is an error that says where and why.
func TestBadInput(t *testing.T) {
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in, want string
		opts           Options
	}{
		{name: "empty", in: "  \n", want: "empty input"},
		{name: "syntax", in: "{\n  \"format_version\": \"1.0\",\n  \"values\": {,}\n}", want: "3:14: invalid JSON"},
		{name: "syntax after multibyte", in: "{\"format_version\": \"ü\" x}", want: "1:24: invalid JSON"},
		{name: "truncated", in: "{\"format_version\": \"1.0\", \"values\": {", want: "1:38: invalid JSON"},
		{name: "wrong type", in: "{\"format_version\": \"1.0\",\n \"values\": {\"root_module\": {\"resources\": {}}}}", want: "2:43: values.root_module.resources must be an array, not a JSON object"},
		{name: "not an object", in: "[1, 2]", want: "must be an object, not a JSON array"},
		{name: "no version", in: "{\"values\": {}}", want: `no "format_version"`},
		{name: "major version 2", in: "{\"format_version\": \"2.0\"}", want: `unsupported format_version "2.0"`},
		{name: "trailing data", in: "{\"format_version\": \"1.0\"}\n{}", want: "2:1: extra data"},
		{name: "bad group-by", in: "{\"format_version\": \"1.0\"}", opts: Options{GroupBy: "tags:x"}, want: `group by "tags:x": want module or tag:KEY`},
		{name: "tag not UTF-8", in: "{\"format_version\": \"1.0\"}", opts: Options{GroupBy: "tag:\x85s"}, want: "the tag must be printable UTF-8"},
		{name: "empty tag", in: "{\"format_version\": \"1.0\"}", opts: Options{GroupBy: "tag:"}, want: "want module or tag:KEY"},
		{name: "bad zone map", in: "{\"format_version\": \"1.0\"}", opts: Options{ZoneMap: map[string]string{"us-east-1a": "use1-az9"}}, want: `"use1-az9" is not an AZ ID`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Models = m
			_, _, err := Import(strings.NewReader(tt.in), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			// Bad input is an InputError; bad options are not.
			var ie *InputError
			if isInput := tt.opts.GroupBy == "" && tt.opts.ZoneMap == nil; errors.As(err, &ie) != isInput {
				t.Errorf("err %v: InputError %v, want %v", err, !isInput, isInput)
			}
		})
	}
}

// TestEmpty checks that a state without resources gives a draft without
// customers, which still writes and loads.
func TestEmpty(t *testing.T) {
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	d, rep, err := Import(strings.NewReader(`{"format_version":"1.0"}`), Options{Models: m})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Customers) != 0 || rep.Resources != 0 || len(d.Include) != 0 {
		t.Fatalf("%+v %+v", d, rep)
	}
	load(t, d)
}

// TestModuleDepth checks that deeply nested modules are an error, not a
// stack overflow.
func TestModuleDepth(t *testing.T) {
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	in := `{"format_version":"1.0","values":{"root_module":` + strings.Repeat(`{"child_modules":[`, 200) + strings.Repeat(`]}`, 200) + `}}`
	if _, _, err := Import(strings.NewReader(in), Options{Models: m}); err == nil || !strings.Contains(err.Error(), "nested deeper than") {
		t.Fatalf("err = %v", err)
	}
}

// TestCustomerIDs checks the ids made of group keys: valid, unique, and
// never a provider of the bundled models.
func TestCustomerIDs(t *testing.T) {
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	res := func(addr, tag string) string {
		return `{"address":"` + addr + `","mode":"managed","type":"aws_sqs_queue","name":"q","provider_name":"registry.terraform.io/hashicorp/aws",` +
			`"values":{"arn":"arn:aws:sqs:us-east-1:1:q","tags":{"svc":` + tag + `}}}`
	}
	in := `{"format_version":"1.0","values":{"root_module":{"resources":[` +
		res("a", `"aws"`) + "," + res("b", `"my app/v2@x"`) + "," + res("c", `"my app/v2 x"`) + "," + res("d", `" "`) + "," + res("e", `"tab\there"`) + "," +
		res(`f\n`, `"true"`) + "," + res("g", `"#c"`) + "," + res("h", `"- x"`) + "," + res("i", `"a\"b"`) + "," +
		`{"address":"x\u001b[2J","mode":"managed","type":"aws_bogus","provider_name":"aws","values":{}}` +
		`]}}}`
	d, rep, err := Import(strings.NewReader(in), Options{Models: m, GroupBy: "tag:svc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unmapped) != 1 || rep.Unmapped[0].Address != `x\x1b[2J` {
		t.Errorf("unmapped %+v, want x\\x1b[2J, its escape character escaped", rep.Unmapped)
	}
	var ids []string
	for _, c := range d.Customers {
		ids = append(ids, c.ID)
	}
	want := []string{"unnamed", "#c", "--x", `a"b`, "aws-2", "my-app-v2-x", "my-app-v2-x-2", "tab-here", "true"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("ids %q, want %q", ids, want)
	}
	load(t, d)
}

// TestMappings checks that every type of the table maps, with the values
// a typical resource of its provider has, to refs of the bundled models,
// and that README.md documents every type.
func TestMappings(t *testing.T) {
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	server := resource{Type: "azurerm_mssql_server", Mode: "managed", Values: map[string]any{"location": "eastus"}}
	e := &env{models: m, byID: map[string]*resource{"srv": &server}, zoneIDs: map[string]string{}, configRegion: func(*resource) string { return "" }}
	values := map[string]map[string]any{
		"aws": {"region": "us-east-1", "availability_zone_id": "use1-az1", "multi_az": false},
		"gcp": {"region": "us-central1", "location": "us-central1", "zone": "us-central1-a", "config": "regional-us-central1",
			"cluster":                []any{map[string]any{"zone": "us-central1-a"}},
			"message_storage_policy": []any{map[string]any{"allowed_persistence_regions": []any{"us-central1"}}}},
		"azure": {"location": "eastus", "zone": "1", "zones": []any{"1"}, "server_id": "srv"},
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, mp := range Mappings() {
		if seen[mp.Type] {
			t.Errorf("%s is in the table twice", mp.Type)
		}
		seen[mp.Type] = true
		r := &resource{Type: mp.Type, Mode: "managed", Values: values[mp.Provider]}
		tg, why := mp.fn(e, r)
		if why != "" || tg.note != "" || len(tg.refs) == 0 {
			t.Errorf("%s: refs %v, note %q, unmapped: %s", mp.Type, tg.refs, tg.note, why)
		}
		for _, ref := range tg.refs {
			if !strings.HasPrefix(ref, mp.Provider+"/") || m.Node(ref) == nil {
				t.Errorf("%s maps to %s, not a service of the bundled model %s", mp.Type, ref, mp.Provider)
			}
		}
	}
	table := MarkdownTable()
	golden.Check(t, filepath.Join("testdata", "golden", "mappings.md"), []byte(table))
	if !strings.Contains(string(readme), table) {
		t.Errorf("README.md does not hold the mapping table of testdata/golden/mappings.md")
	}
}

// FuzzImport checks that no input makes Import panic, and that whatever it
// returns without an error writes as YAML that loads.
func FuzzImport(f *testing.F) {
	for _, name := range []string{"state.json", "plan.json", "multicloud.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "module")
		f.Add(data, "tag:service")
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"mode":"managed","type":"aws_instance","provider_name":"aws","values":{"availability_zone":"@/x"}}]}}}`), "module")
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"mode":"managed","type":"google_storage_bucket","provider_name":"google","values":{"custom_placement_config":[{"data_locations":["us-east1",""]}]}}]}}}`), "tag:x")
	m, err := models()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, groupBy string) {
		d, _, err := Import(strings.NewReader(string(data)), Options{Models: m, GroupBy: groupBy, Source: groupBy})
		if err != nil {
			return
		}
		if _, err := draft.Marshal(d); err != nil {
			t.Fatalf("Import gave a draft that does not write: %v", err)
		}
	})
}

func TestAddresses(t *testing.T) {
	for _, tt := range []struct{ in, config, id string }{
		{"", "", "root"},
		{"module.app", "module.app", "app"},
		{`module.app["eu"].module.db[0]`, "module.app.module.db", "app[eu].db[0]"},
		{`module.x["a]b\"c"]`, "module.x", `x[a]b\c]`},
		{`module.m["has space"]`, "module.m", "m[has-space]"},
	} {
		if got := stripIndexes(tt.in); got != tt.config {
			t.Errorf("stripIndexes(%q) = %q, want %q", tt.in, got, tt.config)
		}
		if got := draft.Sanitize(customerID(tt.in, groupBy{})); got != tt.id {
			t.Errorf("customerID(%q) = %q, want %q", tt.in, got, tt.id)
		}
	}
}
