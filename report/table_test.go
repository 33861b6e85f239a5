package report

import "testing"

func TestNumbers(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{num(0), "0"},
		{num(999), "999"},
		{num(1000), "1,000"},
		{num(1234567), "1,234,567"},
		{weight(27), "27"},
		{weight(12087353.82), "12,087,353.82"},
		{weight(0.5), "0.50"},
		{weight(1e20), "1e+20"},
		{share(0.5925925925925926), "59.3%"},
		{count(1, "customer", "customers"), "1 customer"},
		{count(100000, "customer", "customers"), "100,000 customers"},
		{escapeMarkdown("a|b <x> [l](javascript:y) @team"), `a\|b &lt;x&gt; \[l\]\(javascript\:y\) \@team`},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
