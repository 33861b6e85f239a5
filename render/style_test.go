package render

import (
	"math"
	"strconv"
	"testing"
)

// TestPaletteUnderDeuteranopia simulates deuteranopia (Machado, Oliveira
// and Fernandes 2009, severity 1) on the state fills and requires every
// pair to stay clearly apart (CIE76 ΔE ≥ 20), so that colour helps even
// when it is not the only carrier of the state.
func TestPaletteUnderDeuteranopia(t *testing.T) {
	roles := []Role{Root, Down, Degraded, Context}
	for i, a := range roles {
		for _, b := range roles[i+1:] {
			d := deltaE(lab(deuteranope(styles[a].fill)), lab(deuteranope(styles[b].fill)))
			if d < 20 {
				t.Errorf("%s and %s fills are %.1f apart under deuteranopia, want ≥ 20", styles[a].class, styles[b].class, d)
			}
		}
	}
	// The marker and the shape or line style also differ for every role.
	seen := map[string]Role{}
	for _, r := range roles {
		key := styles[r].marker + "|" + styles[r].shape + "|" + styles[r].dotStyle
		if prev, dup := seen[key]; dup {
			t.Errorf("%s and %s differ by colour alone", styles[prev].class, styles[r].class)
		}
		seen[key] = r
	}
}

// deuteranope returns the linear RGB a deuteranope perceives for "#rrggbb".
func deuteranope(hex string) [3]float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	rgb := [3]float64{float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}
	for i, c := range rgb {
		if c <= 0.04045 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	m := [3][3]float64{
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	}
	var out [3]float64
	for i := range out {
		out[i] = math.Min(1, math.Max(0, m[i][0]*rgb[0]+m[i][1]*rgb[1]+m[i][2]*rgb[2]))
	}
	return out
}

// lab converts linear sRGB to CIE L*a*b* (D65).
func lab(rgb [3]float64) [3]float64 {
	x := 0.4124*rgb[0] + 0.3576*rgb[1] + 0.1805*rgb[2]
	y := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	z := 0.0193*rgb[0] + 0.1192*rgb[1] + 0.9505*rgb[2]
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}
