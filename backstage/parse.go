package backstage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/blastradius/blastradius/catalog"
)

// File is one descriptor file: the name positions give it, and its bytes.
type File struct {
	Name string
	Data []byte
}

// fileKey names a file the same however a path reaches it: relative or
// absolute, through a symbolic link or not.
func fileKey(name string) string {
	key, err := filepath.Abs(name)
	if err != nil {
		return filepath.Clean(name)
	}
	if real, err := filepath.EvalSymlinks(key); err == nil {
		return real
	}
	return key
}

// ReadPaths reads the descriptor files at paths, in order: a file as it
// is, a directory as every *.yaml and *.yml file below it, in lexical
// order; a file named twice is read once. Files that are not regular
// (FIFOs, devices) are skipped in a directory and an error when named.
func ReadPaths(paths []string) ([]File, error) {
	var out []File
	seen := map[string]bool{} // a file named twice (a directory and a file in it) is read once
	add := func(name string, data []byte) {
		if key := fileKey(name); !seen[key] {
			seen[key] = true
			out = append(out, File{Name: name, Data: data})
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				return nil, fmt.Errorf("%s: not a regular file", p)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			add(p, data)
			continue
		}
		var names []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				names = append(names, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(names)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			add(filepath.ToSlash(name), data)
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("%s: no *.yaml or *.yml files", p)
		}
	}
	return out, nil
}

// value is a string read from a descriptor, with its position.
type value struct {
	s   string
	pos catalog.Pos
}

// refValue is a reference read from a descriptor: as written, parsed, and
// where.
type refValue struct {
	raw string
	ref Ref
	pos catalog.Pos
}

// entity is one descriptor document.
type entity struct {
	apiVersion string
	kind       string // as written
	ref        Ref    // its own canonical reference
	name       string // metadata.name as written
	title      string
	desc       string
	tags       []string
	ann        map[string]value // annotations
	pos        catalog.Pos      // of the document

	typ, lifecycle           string
	owner                    *refValue
	system, domain           *refValue
	subcomponentOf           *refValue
	subdomainOf              *refValue
	dependsOn, dependencyOf  []refValue
	providesApis, consumesAP []refValue
}

// backstageKinds are the kinds of Backstage's own model, by lower-cased
// name, as they are spelled.
var backstageKinds = map[string]string{
	"component": "Component", "api": "API", "resource": "Resource", "system": "System",
	"domain": "Domain", "group": "Group", "user": "User", "location": "Location", "template": "Template",
}

// nameRE is Backstage's default rule for metadata.name: sequences of
// [a-zA-Z0-9] separated by one of [-_.], at most 63 characters.
var nameRE = regexp.MustCompile(`^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$`)

// parser decodes descriptor files and collects their errors.
type parser struct {
	errs    catalog.ErrorList
	skipped []catalog.Pos // documents that are no descriptor
}

func (p *parser) errorf(pos catalog.Pos, format string, a ...any) {
	p.errs = append(p.errs, &catalog.Error{Pos: pos, Msg: fmt.Sprintf(format, a...)})
}

// parse decodes every document of a file. A YAML syntax error ends the
// file, since nothing after it can be trusted.
func (p *parser) parse(f File) []*entity {
	var out []*entity
	dec := yaml.NewDecoder(bytes.NewReader(f.Data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			p.syntaxError(f.Name, err)
			return out
		}
		if len(doc.Content) == 0 {
			continue
		}
		root := deref(doc.Content[0])
		if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
			continue // an empty document
		}
		if e := p.entity(f.Name, root); e != nil {
			out = append(out, e)
		}
	}
}

// lineRE finds the line yaml.v3 names in a syntax error.
var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *parser) syntaxError(file string, err error) {
	msg := err.Error()
	line := 1
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	p.errorf(catalog.Pos{File: file, Line: int32(line), Col: 1}, "invalid YAML: %s", msg)
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func pos(file string, n *yaml.Node) catalog.Pos {
	return catalog.Pos{File: file, Line: int32(n.Line), Col: int32(n.Column)}
}

// get returns the value of key in a map node, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := deref(m.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			return deref(m.Content[i+1])
		}
	}
	return nil
}

// str reads an optional string field of m; a field of another shape is an
// error.
func (p *parser) str(file string, m *yaml.Node, key, what string) (value, bool) {
	n := get(m, key)
	if n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return value{}, false
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(pos(file, n), "%s must be a string", what)
		return value{}, false
	}
	return value{s: n.Value, pos: pos(file, n)}, true
}

// entity decodes one document. Documents of kinds outside Backstage's
// model keep only their envelope.
func (p *parser) entity(file string, root *yaml.Node) *entity {
	at := pos(file, root)
	if root.Kind != yaml.MappingNode || get(root, "apiVersion") == nil && get(root, "kind") == nil {
		// Other YAML of a directory — CI workflows, configuration — is
		// no descriptor: it is listed, not refused.
		p.skipped = append(p.skipped, at)
		return nil
	}
	e := &entity{pos: at, ann: map[string]value{}}
	av, okA := p.str(file, root, "apiVersion", "apiVersion")
	kind, okK := p.str(file, root, "kind", "kind")
	if !okA || !okK {
		p.errorf(at, "a descriptor needs apiVersion and kind")
		return nil
	}
	e.apiVersion, e.kind = av.s, kind.s
	meta := get(root, "metadata")
	if meta == nil || meta.Kind != yaml.MappingNode {
		p.errorf(at, "%s needs metadata with a name", e.kind)
		return nil
	}
	name, ok := p.str(file, meta, "name", "metadata.name")
	if !ok || name.s == "" {
		p.errorf(pos(file, meta), "%s needs metadata.name", e.kind)
		return nil
	}
	e.name = name.s
	ns := DefaultNamespace
	if v, ok := p.str(file, meta, "namespace", "metadata.namespace"); ok {
		if v.s == "" {
			p.errorf(v.pos, "metadata.namespace is empty")
		} else {
			ns = v.s
		}
	}
	e.ref = Ref{Kind: lower(e.kind), Namespace: lower(ns), Name: lower(e.name)}
	if v, ok := p.str(file, meta, "title", "metadata.title"); ok {
		e.title = v.s
	}
	if v, ok := p.str(file, meta, "description", "metadata.description"); ok {
		e.desc = v.s
	}
	if tags := get(meta, "tags"); tags != nil && tags.Kind == yaml.SequenceNode {
		for _, t := range tags.Content {
			if t = deref(t); t != nil && t.Kind == yaml.ScalarNode {
				e.tags = append(e.tags, t.Value)
			}
		}
	}
	if ann := get(meta, "annotations"); ann != nil && ann.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(ann.Content); i += 2 {
			k, v := deref(ann.Content[i]), deref(ann.Content[i+1])
			if k == nil || v == nil || k.Kind != yaml.ScalarNode {
				continue
			}
			if v.Kind != yaml.ScalarNode {
				if strings.HasPrefix(k.Value, annPrefix) {
					p.errorf(pos(file, v), "annotation %s must be a string", k.Value)
				}
				continue
			}
			e.ann[k.Value] = value{s: v.Value, pos: pos(file, v)}
		}
	}
	if _, known := backstageKinds[e.ref.Kind]; !known || !isBackstageAPI(e.apiVersion) {
		return e
	}
	p.spec(file, e, get(root, "spec"))
	return e
}

// isBackstageAPI reports whether an apiVersion is one of Backstage's own:
// of the group backstage.io, or one below it (scaffolder.backstage.io).
func isBackstageAPI(v string) bool {
	group, _, ok := strings.Cut(v, "/")
	return ok && (group == "backstage.io" || strings.HasSuffix(group, ".backstage.io"))
}

// spec decodes the fields of spec that the import reads, with each
// reference field's default kind as the descriptor format gives it.
func (p *parser) spec(file string, e *entity, spec *yaml.Node) {
	if spec == nil {
		return
	}
	if spec.Kind != yaml.MappingNode {
		p.errorf(pos(file, spec), "spec must be a map")
		return
	}
	ns := e.ref.Namespace
	if v, ok := p.str(file, spec, "type", "spec.type"); ok {
		e.typ = v.s
	}
	if v, ok := p.str(file, spec, "lifecycle", "spec.lifecycle"); ok {
		e.lifecycle = v.s
	}
	e.owner = p.one(file, spec, "owner", "group", ns)
	switch e.ref.Kind {
	case "component":
		e.system = p.one(file, spec, "system", "system", ns)
		e.subcomponentOf = p.one(file, spec, "subcomponentOf", "component", ns)
		e.providesApis = p.many(file, spec, "providesApis", "api", ns)
		e.consumesAP = p.many(file, spec, "consumesApis", "api", ns)
		e.dependsOn = p.many(file, spec, "dependsOn", "", ns)
		e.dependencyOf = p.many(file, spec, "dependencyOf", "", ns)
	case "resource":
		e.system = p.one(file, spec, "system", "system", ns)
		e.dependsOn = p.many(file, spec, "dependsOn", "", ns)
		e.dependencyOf = p.many(file, spec, "dependencyOf", "", ns)
	case "api":
		e.system = p.one(file, spec, "system", "system", ns)
	case "system":
		e.domain = p.one(file, spec, "domain", "domain", ns)
	case "domain":
		e.subdomainOf = p.one(file, spec, "subdomainOf", "domain", ns)
	}
}

// one reads a reference field holding one reference.
func (p *parser) one(file string, spec *yaml.Node, key, defaultKind, ns string) *refValue {
	n := get(spec, key)
	if n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	r, ok := p.ref(file, n, "spec."+key, defaultKind, ns)
	if !ok {
		return nil
	}
	return &r
}

// many reads a reference field holding a list of references.
func (p *parser) many(file string, spec *yaml.Node, key, defaultKind, ns string) []refValue {
	n := get(spec, key)
	if n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(pos(file, n), "spec.%s must be a list of entity references", key)
		return nil
	}
	var out []refValue
	for _, item := range n.Content {
		if item = deref(item); item == nil {
			continue
		}
		if r, ok := p.ref(file, item, "spec."+key, defaultKind, ns); ok {
			out = append(out, r)
		}
	}
	return out
}

// ref reads one reference: a string, or the compound form {kind,
// namespace, name}.
func (p *parser) ref(file string, n *yaml.Node, field, defaultKind, ns string) (refValue, bool) {
	at := pos(file, n)
	switch n.Kind {
	case yaml.ScalarNode:
		r, err := ParseRef(n.Value, defaultKind, ns)
		if err != nil {
			p.errorf(at, "%s", refError(field, n.Value, err))
			return refValue{}, false
		}
		return refValue{raw: n.Value, ref: r, pos: at}, true
	case yaml.MappingNode:
		part := func(key string) string {
			if v := get(n, key); v != nil && v.Kind == yaml.ScalarNode {
				return v.Value
			}
			return ""
		}
		raw := part("name")
		r, err := compoundRef(part("kind"), part("namespace"), raw, defaultKind, ns)
		if err != nil {
			p.errorf(at, "%s", refError(field, raw, err))
			return refValue{}, false
		}
		return refValue{raw: r.String(), ref: r, pos: at}, true
	}
	p.errorf(at, "%s entry must be an entity reference (a string, or a map with kind, namespace and name)", field)
	return refValue{}, false
}
