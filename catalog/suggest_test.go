package catalog

import "testing"

func TestClosest(t *testing.T) {
	candidates := []string{"aws-2021-12-07", "us-east-1-region-loss", "use1-az1", "use1-az2", "scope", "name"}
	tests := []struct{ in, want string }{
		{"aws-2021-12-7", "aws-2021-12-07"},
		{"aws-2021-12-08", "aws-2021-12-07"},
		{"us-east-1-region", "us-east-1-region-loss"},
		{"us-east-1-regoin-los", "us-east-1-region-loss"},
		{"scpoe", "scope"},       // a transposition is one edit
		{"use1-az9", "use1-az1"}, // ties go to the smaller candidate
		{"zzz", ""},              // too far from everything
		{"", ""},
	}
	for _, tt := range tests {
		if got := closest(tt.in, candidates); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLookupScenario(t *testing.T) {
	c, err := Load("testdata/valid/contract.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := c.LookupScenario("region"); err != nil || s.ID != "region" {
		t.Fatalf("LookupScenario(region) = %v, %v", s, err)
	}
	_, err = c.LookupScenario("aws-2021-12-7")
	want := `unknown scenario "aws-2021-12-7"; did you mean "aws-2021-12-07"? (scenarios: aws-2021-12-07, region)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}
