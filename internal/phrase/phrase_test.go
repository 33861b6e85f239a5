package phrase

import "testing"

func TestNumber(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 1000000: "1,000,000", -1234: "-1,234", -123: "-123"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0 customers"}, {1, "1 customer"}, {2, "2 customers"}, {60000, "60,000 customers"}}
	for _, tt := range tests {
		if got := Count(tt.n, "customer", "customers"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestDecimal(t *testing.T) {
	for w, want := range map[float64]string{0: "0", 1: "1", 1234.5: "1,234.50", 2.25: "2.25", 1e16: "1e+16"} {
		if got := Decimal(w); got != want {
			t.Errorf("Weight(%v) = %q, want %q", w, got, want)
		}
	}
}

func TestPercentAndOrList(t *testing.T) {
	if got := Percent(16.0 / 27); got != "59.3%" {
		t.Errorf("Percent = %q", got)
	}
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a or b"}, {[]string{"a", "b", "c"}, "a, b or c"}} {
		if got := OrList(tt.in); got != tt.want {
			t.Errorf("OrList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCause(t *testing.T) {
	tests := []struct {
		name       string
		head, tail []string
		elided     int
		want       string
	}{
		{"set by the scenario", []string{"aws@us-east-1"}, nil, 0, "(set by the scenario)"},
		{"whole path", []string{"roomba", "aws/lambda@us-east-1", "aws@us-east-1"}, nil, 0, "← aws/lambda@us-east-1 ← aws@us-east-1"},
		{"elided", []string{"c9", "c8", "c7"}, []string{"c1", "aws"}, 4, "← c8 ← c7 ← … 4 more hops … ← c1 ← aws"},
		{"one elided", []string{"c4", "c3"}, []string{"aws"}, 1, "← c3 ← … 1 more hop … ← aws"},
	}
	for _, tt := range tests {
		if got := Cause(tt.head, tt.tail, tt.elided); got != tt.want {
			t.Errorf("%s: Cause = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFactor(t *testing.T) {
	for _, c := range []struct {
		f    float64
		ok   bool
		want string
	}{{4, true, "4.00×"}, {23.0 / 22, true, "1.05×"}, {0, false, "undefined"}} {
		if got := Factor(c.f, c.ok); got != c.want {
			t.Errorf("Factor(%v, %v) = %q, want %q", c.f, c.ok, got, c.want)
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 14112341: "13.5 MiB", 2 << 30: "2.0 GiB", 3 << 40: "3.0 TiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}
