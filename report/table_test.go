package report

import "testing"

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"a|b <x> [l](javascript:y) @team", `a\|b &lt;x&gt; \[l\]\(javascript\:y\) \@team`},
		{"line\nbreak", "line break"},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
