package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// boxScanner is a rasterx.Scanner that rasterizes each path only over its
// own bounding box. rasterx's ScannerGV sweeps the whole image for every
// path, which makes a large diagram take a minute instead of a moment.
type boxScanner struct {
	dst    draw.Image
	src    image.Uniform
	r      vector.Rasterizer
	ops    []boxOp
	extent fixed.Rectangle26_6
}

// boxOp is one recorded pen move: a new subpath or a line.
type boxOp struct {
	start bool
	p     fixed.Point26_6
}

func newBoxScanner(dst draw.Image) *boxScanner {
	s := &boxScanner{dst: dst, src: image.Uniform{C: color.Black}}
	s.Clear()
	return s
}

func (s *boxScanner) Start(a fixed.Point26_6) { s.add(boxOp{true, a}) }
func (s *boxScanner) Line(b fixed.Point26_6)  { s.add(boxOp{false, b}) }

func (s *boxScanner) add(op boxOp) {
	s.ops = append(s.ops, op)
	s.extent.Min.X, s.extent.Min.Y = min(s.extent.Min.X, op.p.X), min(s.extent.Min.Y, op.p.Y)
	s.extent.Max.X, s.extent.Max.Y = max(s.extent.Max.X, op.p.X), max(s.extent.Max.Y, op.p.Y)
}

// Draw rasterizes the recorded path within its extent, clipped to the
// image, and paints it in the current colour.
func (s *boxScanner) Draw() {
	if len(s.ops) == 0 {
		return
	}
	box := image.Rect(s.extent.Min.X.Floor(), s.extent.Min.Y.Floor(), s.extent.Max.X.Ceil()+1, s.extent.Max.Y.Ceil()+1).
		Intersect(s.dst.Bounds())
	if box.Empty() {
		return
	}
	s.r.Reset(box.Dx(), box.Dy())
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	for _, op := range s.ops {
		x, y := float32(op.p.X)/64-ox, float32(op.p.Y)/64-oy
		if op.start {
			s.r.MoveTo(x, y)
		} else {
			s.r.LineTo(x, y)
		}
	}
	s.r.Draw(s.dst, box, &s.src, image.Point{})
}

func (s *boxScanner) GetPathExtent() fixed.Rectangle26_6 { return s.extent }

func (s *boxScanner) SetBounds(int, int) {}

// SetColor takes a plain colour; gradients, which Graphviz does not
// write, paint black.
func (s *boxScanner) SetColor(c interface{}) {
	if cc, ok := c.(color.Color); ok {
		s.src.C = cc
	}
}

func (s *boxScanner) SetWinding(bool) {}

func (s *boxScanner) SetClip(image.Rectangle) {}

func (s *boxScanner) Clear() {
	s.ops = s.ops[:0]
	const far = fixed.Int26_6(math.MaxInt32)
	s.extent = fixed.Rectangle26_6{Min: fixed.Point26_6{X: far, Y: far}, Max: fixed.Point26_6{X: -far, Y: -far}}
}
