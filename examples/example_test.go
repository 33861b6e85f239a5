package examples_test

import (
	"bytes"
	"maps"
	"slices"
	"testing"

	"github.com/blastradius/blastradius/internal/golden"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/examples"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/render"
)

// factsTable is every infrastructure node the 7 December 2021 scenario must
// affect: the internal network it fails, and one node per row of the AWS
// post-event summary's table of impacted services (see the example's
// README.md).
var factsTable = map[string]catalog.State{
	"aws/internal-network@us-east-1":   catalog.Down,     // the congested internal network
	"aws/route53-control":              catalog.Down,     // Route 53: no DNS changes
	"aws/console":                      catalog.Down,     // global console landing page
	"aws/support":                      catalog.Down,     // Support Center case creation
	"aws/apigateway@us-east-1":         catalog.Down,     // API Gateway invoke errors
	"aws/ec2-control@us-east-1":        catalog.Down,     // EC2 launches and describe
	"aws/elb-control@us-east-1":        catalog.Down,     // ELB control plane
	"aws/rds-control@us-east-1":        catalog.Down,     // RDS control plane
	"aws/emr-control@us-east-1":        catalog.Down,     // EMR control plane
	"aws/workspaces-control@us-east-1": catalog.Down,     // WorkSpaces control plane
	"aws/ecs-control@us-east-1":        catalog.Down,     // ECS task launches
	"aws/fargate-control@us-east-1":    catalog.Down,     // Fargate task launches
	"aws/eks-control@us-east-1":        catalog.Down,     // EKS pod launches
	"aws/dynamodb-control@us-east-1":   catalog.Down,     // DynamoDB control-plane APIs
	"aws/sts@us-east-1":                catalog.Degraded, // STS federation latency
	"aws/sts-global":                   catalog.Degraded, // STS global endpoint, hosted in us-east-1
	"aws/cloudwatch@us-east-1":         catalog.Degraded, // monitoring data delayed
	"aws/vpc-endpoints@us-east-1":      catalog.Degraded, // VPC endpoints affected
	"aws/connect@us-east-1":            catalog.Degraded, // Connect agent login degraded
	"aws/eventbridge@us-east-1":        catalog.Degraded, // EventBridge delivery delayed
	"aws/cloudtrail@us-east-1":         catalog.Degraded, // CloudTrail events delayed
	"aws/batch@us-east-1":              catalog.Degraded, // Batch job state delays
}

// dataPlanes kept working on the day and must stay up.
var dataPlanes = []string{
	"aws", "aws@us-east-1", "aws@use1-az4",
	"aws/ec2@us-east-1", "aws/ec2@use1-az1", "aws/ec2@use1-az6", // running instances
	"aws/route53",            // DNS resolution
	"aws/dynamodb@us-east-1", // DynamoDB data plane
	"aws/s3@us-east-1", "aws/lambda@us-east-1",
	"aws/elb@us-east-1", "aws/rds@us-east-1", "aws/ecs@us-east-1", "aws/fargate@us-east-1", "aws/eks@us-east-1",
	"aws/iam", "aws/organizations", "aws/cloudfront", // control plane in us-east-1, not reported impacted
}

func evaluate(t *testing.T) (*graph.Graph, *graph.Evaluation) {
	t.Helper()
	c, err := catalog.LoadFS(examples.AWS20211207())
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New(c)
	s, err := c.LookupScenario("aws-2021-12-07")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := g.Evaluate(graph.ScenarioOf(s))
	if err != nil {
		t.Fatal(err)
	}
	return g, ev
}

// TestOutageMatchesFacts checks that the scenario affects exactly the
// services of the facts table, in the reported way, and leaves the data
// planes up.
func TestOutageMatchesFacts(t *testing.T) {
	_, ev := evaluate(t)
	got := map[string]catalog.State{}
	for _, a := range ev.Affected() {
		if a.Node.Kind != catalog.KindCustomer {
			got[a.Node.Ref] = a.State
		}
	}
	for _, ref := range slices.Sorted(maps.Keys(factsTable)) {
		if got[ref] != factsTable[ref] {
			t.Errorf("%s is %v, want %v", ref, got[ref], factsTable[ref])
		}
	}
	for _, ref := range slices.Sorted(maps.Keys(got)) {
		if _, ok := factsTable[ref]; !ok {
			t.Errorf("%s is %v, but no fact reports it impacted", ref, got[ref])
		}
	}
	for _, ref := range dataPlanes {
		if st := ev.State(ref); st != catalog.Up {
			t.Errorf("data plane %s is %v, want up", ref, st)
		}
	}
}

// TestOutageCustomers checks the customers the facts single out.
func TestOutageCustomers(t *testing.T) {
	_, ev := evaluate(t)
	tests := []struct {
		ref  string
		want catalog.State
		why  string
	}{
		{"netflix", catalog.Degraded, "multi-region: lost part of its traffic, stayed up"},
		{"roomba", catalog.Down, "single-region, behind API Gateway in us-east-1"},
		{"prime-video", catalog.Degraded, "quorum of three regional stacks still met"},
		{"ticketmaster", catalog.Down, "presale moved a day"},
	}
	for _, tt := range tests {
		if got := ev.State(tt.ref); got != tt.want {
			t.Errorf("%s is %v, want %v (%s)", tt.ref, got, tt.want, tt.why)
		}
	}
	if s := ev.Summary(); s.Customers < 25 || s.Down+s.Degraded != s.Customers {
		t.Errorf("summary %+v: want at least 25 customers, every one affected", s)
	}
}

// TestCommittedDiagram fails when the committed SVG of the scenario, shown
// in the README, no longer matches what blastradius draws.
func TestCommittedDiagram(t *testing.T) {
	g, ev := evaluate(t)
	sc, err := render.BlastRadius(g, ev, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var svg bytes.Buffer
	if err := render.Write(&svg, sc, render.SVG); err != nil {
		t.Fatal(err)
	}
	// The diagram the README shows; regenerate it with go test ./examples
	// -update, or blastradius impact --example --scenario aws-2021-12-07 -o
	// examples/aws-2021-12-07/impact.svg.
	golden.Check(t, "aws-2021-12-07/impact.svg", svg.Bytes())
}
