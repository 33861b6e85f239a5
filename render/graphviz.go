package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/goccy/go-graphviz"
)

// Format is an output format of a scene.
type Format string

// The formats: two images Graphviz draws, and two texts.
const (
	SVG     Format = "svg"
	PNG     Format = "png"
	DOT     Format = "dot"
	Mermaid Format = "mermaid"
)

// Write writes the scene in format f. For SVG and PNG it starts Graphviz
// for this one call; a caller drawing many scenes keeps a Renderer.
func Write(w io.Writer, s *Scene, f Format) error {
	switch f {
	case DOT:
		return WriteDOT(w, s)
	case Mermaid:
		return WriteMermaid(w, s)
	}
	r, err := NewRenderer(context.Background())
	if err != nil {
		return err
	}
	defer r.Close()
	return r.Render(w, s, f)
}

// Renderer draws scenes as images with Graphviz. Graphviz runs as a
// WebAssembly module that is not safe for concurrent use, so a Renderer
// serializes its calls. Create one per process and Close it when done.
type Renderer struct {
	mu sync.Mutex
	gv *graphviz.Graphviz
}

// NewRenderer starts Graphviz. The first start in a process compiles the
// WebAssembly module, which takes about half a second.
func NewRenderer(ctx context.Context) (*Renderer, error) {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("render: start graphviz: %w", err)
	}
	return &Renderer{gv: gv}, nil
}

// Close stops Graphviz.
func (r *Renderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gv.Close()
}

// Render lays the scene out and writes it to w as an image: SVG as
// Graphviz writes it, or PNG rasterized from that SVG. SVGElement makes
// that SVG an element to embed in HTML. Render takes no context: a
// cancelled Graphviz render breaks every later one in the process.
func (r *Renderer) Render(w io.Writer, s *Scene, f Format) error {
	switch f {
	case SVG, PNG:
	case DOT, Mermaid:
		return Write(w, s, f)
	default:
		return fmt.Errorf("render: unknown format %q", f)
	}
	var dot bytes.Buffer
	if err := WriteDOT(&dot, s); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	g, err := graphviz.ParseBytes(dot.Bytes())
	if err != nil {
		return fmt.Errorf("render: parse DOT: %w", err)
	}
	defer g.Close()
	layout := graphviz.DOT
	if s.Layout == Radial {
		layout = graphviz.TWOPI
	}
	var svg bytes.Buffer
	if err := r.gv.SetLayout(layout).Render(context.Background(), g, graphviz.SVG, &svg); err != nil {
		return fmt.Errorf("render: %s: %w", f, err)
	}
	if f == PNG {
		var img bytes.Buffer
		if err := writePNG(&img, svg.Bytes()); err != nil {
			return err
		}
		svg = img
	}
	_, err = w.Write(svg.Bytes())
	return err
}
