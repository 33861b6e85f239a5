package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// pngScale is the PNG's pixels per SVG point.
const pngScale = 1.5

// writePNG rasterizes Graphviz SVG output: shapes and edges with oksvg,
// text with the Go fonts. (Graphviz's own PNG path in go-graphviz draws
// curves as filled areas and drops outlines.)
func writePNG(w io.Writer, svg []byte) error {
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svg), oksvg.IgnoreErrorMode)
	if err != nil {
		return fmt.Errorf("render: png: %w", err)
	}
	vb := icon.ViewBox
	wpx, hpx := int(vb.W*pngScale+0.5), int(vb.H*pngScale+0.5)
	img := image.NewRGBA(image.Rect(0, 0, wpx, hpx))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	icon.SetTarget(0, 0, float64(wpx), float64(hpx))
	icon.Draw(rasterx.NewDasher(wpx, hpx, newBoxScanner(img)), 1)
	texts, origin, err := svgTexts(svg)
	if err != nil {
		return fmt.Errorf("render: png: %w", err)
	}
	fonts, err := newFontSet()
	if err != nil {
		return err
	}
	for _, t := range texts {
		fonts.draw(img, t, (origin[0]-vb.X)*pngScale, (origin[1]-vb.Y)*pngScale)
	}
	return png.Encode(w, img)
}

// svgText is one <text> element of Graphviz SVG.
type svgText struct {
	X      float64 `xml:"x,attr"`
	Y      float64 `xml:"y,attr"`
	Anchor string  `xml:"text-anchor,attr"`
	Size   float64 `xml:"font-size,attr"`
	Weight string  `xml:"font-weight,attr"`
	Fill   string  `xml:"fill,attr"`
	Body   string  `xml:",chardata"`
}

var translate = regexp.MustCompile(`translate\(([-0-9.]+)[ ,]+([-0-9.]+)\)`)

// svgTexts returns every text element and the translation of the graph's
// top group, which Graphviz applies to all of them.
func svgTexts(svg []byte) ([]svgText, [2]float64, error) {
	var origin [2]float64
	var texts []svgText
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return texts, origin, nil
		}
		if err != nil {
			return nil, origin, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "g":
			for _, a := range el.Attr {
				if m := translate.FindStringSubmatch(a.Value); a.Name.Local == "transform" && m != nil {
					origin[0], _ = strconv.ParseFloat(m[1], 64)
					origin[1], _ = strconv.ParseFloat(m[2], 64)
				}
			}
		case "text":
			var t svgText
			if err := dec.DecodeElement(&t, &el); err != nil {
				return nil, origin, err
			}
			texts = append(texts, t)
		}
	}
}

// fontSet holds the parsed Go fonts and the faces made from them.
type fontSet struct {
	regular, bold *opentype.Font
	faces         map[[2]int]font.Face // (bold, size in 1/64 px) → face
}

func newFontSet() (*fontSet, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("render: font: %w", err)
	}
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("render: font: %w", err)
	}
	return &fontSet{regular: regular, bold: bold, faces: map[[2]int]font.Face{}}, nil
}

// face returns the face for a size in pixels. The Go fonts run wider than
// Helvetica, whose metrics Graphviz sized the boxes by, so they are drawn
// a little smaller.
func (f *fontSet) face(bold bool, px float64) font.Face {
	key := [2]int{0, int(px * 64)}
	src := f.regular
	if bold {
		key[0], src = 1, f.bold
	}
	if fc := f.faces[key]; fc != nil {
		return fc
	}
	fc, err := opentype.NewFace(src, &opentype.FaceOptions{Size: px * 0.92, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		fc = f.face(false, 12)
	}
	f.faces[key] = fc
	return fc
}

// draw writes one text element at its anchor.
func (f *fontSet) draw(img draw.Image, t svgText, dx, dy float64) {
	size := t.Size
	if size == 0 {
		size = 14
	}
	face := f.face(t.Weight == "bold", size*pngScale)
	d := &font.Drawer{Dst: img, Src: image.NewUniform(parseColor(t.Fill)), Face: face}
	body := strings.TrimSpace(t.Body)
	x := t.X*pngScale + dx
	switch t.Anchor {
	case "middle":
		x -= float64(d.MeasureString(body)) / 64 / 2
	case "end":
		x -= float64(d.MeasureString(body)) / 64
	}
	d.Dot = fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6((t.Y*pngScale + dy) * 64)}
	d.DrawString(body)
}

// parseColor reads "#rrggbb"; anything else is black.
func parseColor(s string) color.Color {
	if v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32); err == nil && len(s) == 7 {
		return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
	}
	return color.Black
}
