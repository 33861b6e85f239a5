package golden

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, got, want string
		wantMsg         string // a substring of the message; "" for equal
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"second line", "a\nx\nc\n", "a\nb\nc\n", `f.txt:2: output differs from the golden file
  got:  "x\n"
  want: "b\n"`},
		{"longer", "a\nb\n", "a\n", `f.txt:2:`},
		{"shorter", "a\n", "a\nb\n", "got:  (end of file)"},
		{"no final newline", "a", "a\n", `f.txt:1:`},
		{"empty want", "a\n", "", "want: (end of file)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := Diff("f.txt", []byte(tt.got), []byte(tt.want))
			if tt.wantMsg == "" {
				if msg != "" {
					t.Errorf("Diff = %q, want no difference", msg)
				}
				return
			}
			if !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("Diff = %q, want it to contain %q", msg, tt.wantMsg)
			}
		})
	}
}
