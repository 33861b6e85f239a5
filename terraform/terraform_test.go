package terraform

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/catalog/draft"
	"github.com/blastradius/blastradius/internal/golden"
)

// models loads the bundled models once for the package's tests.
var models = sync.OnceValues(LoadModels)

func importFile(t testing.TB, name string, opts Options) (*draft.Catalog, *Report) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	opts.Models, opts.Source = m, name
	c, rep, err := Import(f, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, rep
}

// reportText writes a report as the golden files keep it.
func reportText(rep *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d resources, %d mapped\n", rep.Kind, rep.Resources, rep.Mapped)
	for _, e := range rep.Unmapped {
		fmt.Fprintf(&b, "unmapped %s (%s): %s\n", e.Address, e.Type, e.Reason)
	}
	for _, e := range rep.Approximated {
		fmt.Fprintf(&b, "approximated %s (%s): %s\n", e.Address, e.Type, e.Reason)
	}
	return b.String()
}

// load writes a draft and loads it, with the bundled models it includes.
func load(t *testing.T, d *draft.Catalog) *catalog.Catalog {
	t.Helper()
	c, data, err := draft.Load(d, "imported.yaml")
	if err != nil {
		t.Fatalf("the written catalog does not load: %v\n%s", err, data)
	}
	return c
}

// targets lists the refs a customer depends on, sorted.
func targets(t *testing.T, c *catalog.Catalog, id string) []string {
	t.Helper()
	n := c.Node(id)
	if n == nil || n.Kind != catalog.KindCustomer {
		t.Fatalf("no customer %q", id)
	}
	return slices.Sorted(slices.Values(n.Targets()))
}

// TestRoundTrip imports each fixture, writes the draft, checks the YAML and
// the report against their golden files, loads the YAML with the bundled
// models and checks the customers and the refs they depend on.
func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		opts    Options
		want    map[string][]string // customer → the refs it depends on
		missing []string            // addresses that must be listed as unmapped
	}{
		{name: "state-module", file: "state.json",
			want: map[string][]string{
				"root":   {"aws/route53", "aws/s3@us-east-1"},
				"app":    {"aws/dynamodb@us-east-1", "aws/ec2@us-west-2", "aws/ec2@use1-az4", "aws/ec2@use1-az6", "aws/elb@us-east-1", "aws/fargate@us-east-1", "aws/lambda@us-east-1", "aws/sqs@us-east-1"},
				"app.db": {"aws/rds@us-east-1"},
			},
			missing: []string{"aws_iam_role.app", "data.aws_caller_identity.current", "random_id.suffix", "module.network.aws_subnet.private[0]"}},
		{name: "state-tag", file: "state.json", opts: Options{GroupBy: "tag:service"},
			want: map[string][]string{
				"checkout": {"aws/dynamodb@us-east-1", "aws/ec2@use1-az4", "aws/ec2@use1-az6", "aws/elb@us-east-1", "aws/lambda@us-east-1", "aws/rds@us-east-1", "aws/s3@us-east-1", "aws/sqs@us-east-1"},
				"reports":  {"aws/ec2@us-west-2", "aws/fargate@us-east-1", "aws/rds@us-east-1"},
				"edge":     {"aws/route53"},
			},
			missing: []string{"aws_iam_role.app", "module.network.aws_subnet.private[1]"}},
		{name: "state-zone-map", file: "state.json", opts: Options{ZoneMap: map[string]string{"us-east-1c": "use1-az2", "us-west-2c": "usw2-az3"}},
			want: map[string][]string{
				"app":    {"aws/dynamodb@us-east-1", "aws/ec2@use1-az4", "aws/ec2@use1-az6", "aws/ec2@usw2-az3", "aws/elb@us-east-1", "aws/fargate@us-east-1", "aws/lambda@us-east-1", "aws/sqs@us-east-1"},
				"app.db": {"aws/rds@us-east-1", "aws/rds@use1-az2"},
				"root":   {"aws/route53", "aws/s3@us-east-1"},
			}},
		{name: "multicloud-tag", file: "multicloud.json", opts: Options{GroupBy: "tag:team"},
			want: map[string][]string{
				"api":     {"gcp/cloud-storage@us-central1", "gcp/cloud-storage@us-east1", "gcp/compute@us-central1-a", "gcp/compute@us-central1-b"},
				"data":    {"gcp/cloud-storage@europe-west1", "gcp/gke@europe-west1"},
				"billing": {"azure/cosmos-db@eastus", "azure/cosmos-db@westus2", "azure/sql-database@eastus", "azure/storage@eastus", "azure/vm-zonal@eastus-2", "azure/vm@westeurope"},
			},
			missing: []string{"google_storage_bucket.logs", "google_pubsub_topic.events", "azurerm_resource_group.main", "azurerm_storage_account.far", "google_sql_database_instance.main"}},
		{name: "multicloud-module", file: "multicloud.json",
			want: map[string][]string{
				"root": {"azure/cosmos-db@eastus", "azure/cosmos-db@westus2", "azure/sql-database@eastus", "azure/storage@eastus", "azure/vm-zonal@eastus-2", "azure/vm@westeurope",
					"gcp/cloud-run@europe-west1", "gcp/cloud-sql@us-central1", "gcp/cloud-storage@europe-west1", "gcp/cloud-storage@us-central1", "gcp/cloud-storage@us-east1",
					"gcp/compute@us-central1-a", "gcp/compute@us-central1-b", "gcp/compute@us-east1-b", "gcp/gke@europe-west1"},
			}},
		{name: "plan", file: "plan.json",
			want: map[string][]string{
				"root": {"aws/lambda@us-east-1", "aws/sqs@us-east-1"},
				"dr":   {"aws/s3@us-west-2"},
			},
			missing: []string{"aws_instance.old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, rep := importFile(t, tt.file, tt.opts)
			c, data, err := draft.Load(d, "imported.yaml")
			golden.Check(t, filepath.Join("testdata", "golden", tt.name+".yaml"), data)
			golden.Check(t, filepath.Join("testdata", "golden", tt.name+".report"), []byte(reportText(rep)))
			if err != nil {
				t.Fatalf("the written catalog does not load: %v", err)
			}
			var customers []string
			for _, n := range c.Nodes() {
				if n.Kind == catalog.KindCustomer {
					customers = append(customers, n.Ref)
				}
			}
			slices.Sort(customers)
			var wantCustomers []string
			for id, want := range tt.want {
				wantCustomers = append(wantCustomers, id)
				if got := targets(t, c, id); !slices.Equal(got, want) {
					t.Errorf("%s depends on\n  %v, want\n  %v", id, got, want)
				}
			}
			slices.Sort(wantCustomers)
			if !slices.Equal(customers, wantCustomers) {
				t.Errorf("customers %v, want %v", customers, wantCustomers)
			}
			for _, addr := range tt.missing {
				if !slices.ContainsFunc(rep.Unmapped, func(e Entry) bool { return e.Address == addr }) {
					t.Errorf("%s is not listed as unmapped: %+v", addr, rep.Unmapped)
				}
				if !bytes.Contains(data, []byte("#   "+addr+": ")) {
					t.Errorf("%s is not listed in the header of the catalog", addr)
				}
			}
			if rep.Mapped+countMappedOut(rep) != rep.Resources {
				t.Errorf("%d resources read, %d mapped, %d unmapped: some were dropped", rep.Resources, rep.Mapped, len(rep.Unmapped))
			}
		})
	}
}

// countMappedOut counts the unmapped resources that were read (not the
// ones a plan destroys, which are not among its planned values).
func countMappedOut(rep *Report) int {
	n := 0
	for _, e := range rep.Unmapped {
		if e.Reason != "the plan destroys it" {
			n++
		}
	}
	return n
}
