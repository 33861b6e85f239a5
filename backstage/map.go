package backstage

import (
	"bytes"
	"errors"
	"io"

	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/catalog"
)

// Map maps entities — Resources — to catalog refs: the --map file, a YAML
// map from entity references (kind resource and namespace default unless
// given) to refs such as aws/rds@us-east-1. It wins over the
// blastradius.io/ref annotation.
type Map struct {
	entries []*mapEntry
	byRef   map[Ref]*mapEntry
}

type mapEntry struct {
	ref    Ref
	target string
	pos    catalog.Pos
	used   bool
}

// ParseMap reads a map file. Its problems — not a map, a malformed
// reference or catalog ref, an entity named twice — are a
// catalog.ErrorList.
func ParseMap(f File) (*Map, error) {
	m := &Map{byRef: map[Ref]*mapEntry{}}
	p := &parser{}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(f.Data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return m, nil
		}
		p.syntaxError(f.Name, err)
		return nil, p.errs
	}
	root := doc.Content[0]
	if root = deref(root); root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return m, nil
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(pos(f.Name, root), "a map file must be a map from entity references to catalog refs, such as\n  resource:default/artists-db: aws/rds@us-east-1")
		return nil, p.errs
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := deref(root.Content[i]), deref(root.Content[i+1])
		if k == nil || v == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			p.errorf(pos(f.Name, k), "a map entry must map an entity reference to a catalog ref, both strings")
			continue
		}
		r, err := ParseRef(k.Value, "resource", DefaultNamespace)
		if err != nil {
			p.errorf(pos(f.Name, k), "%s", refError("the map", k.Value, err))
			continue
		}
		if r.Kind != "resource" {
			p.errorf(pos(f.Name, k), "%s is a %s: only resources map to catalog refs", r, r.Kind)
			continue
		}
		if why := checkCatalogRef(v.Value); why != "" {
			p.errorf(pos(f.Name, v), "%q %s", v.Value, why)
			continue
		}
		if first, dup := m.byRef[r]; dup {
			p.errorf(pos(f.Name, k), "%s is mapped twice (first at %s)", r, first.pos)
			continue
		}
		e := &mapEntry{ref: r, target: v.Value, pos: pos(f.Name, k)}
		m.entries = append(m.entries, e)
		m.byRef[r] = e
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return m, nil
}

// lookup returns the catalog ref r maps to.
func (m *Map) lookup(r Ref) (string, bool) {
	if m == nil {
		return "", false
	}
	e, ok := m.byRef[r]
	if !ok {
		return "", false
	}
	return e.target, true
}

// useMap marks the map entry of r as used.
func (im *importer) useMap(r Ref) {
	if im.opts.Map != nil {
		if e, ok := im.opts.Map.byRef[r]; ok {
			e.used = true
		}
	}
}
