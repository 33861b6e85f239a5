package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blastradius/blastradius/models"
)

// schemaDoc returns the schema as a JSON value.
func schemaDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(JSONSchema(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at returns the object at a JSON pointer of doc ("" is doc itself).
func at(t *testing.T, doc map[string]any, pointer string) map[string]any {
	t.Helper()
	var cur any = doc
	if pointer != "" {
		for _, seg := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
			switch c := cur.(type) {
			case map[string]any:
				cur = c[seg]
			case []any:
				i, err := strconv.Atoi(seg)
				if err != nil || i >= len(c) {
					t.Fatalf("%s: no index %s", pointer, seg)
				}
				cur = c[i]
			}
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		t.Fatalf("the schema has no object at %q", pointer)
	}
	return m
}

// mapsOfLoader maps the what of each d.fields call of the loader (the name
// of the construct its errors use) to the schema of that construct.
var mapsOfLoader = map[string]string{
	"the catalog":            "",
	"lint":                   "/definitions/lint",
	"a provider":             "/definitions/provider",
	"a region":               "/definitions/region",
	"a service":              "/definitions/service",
	"a customer":             "/definitions/customer",
	"a dependency entry":     "/definitions/dependencyEntry",
	"a scenario":             "/definitions/scenario",
	"expect":                 "/definitions/expect",
	"a policy":               "/definitions/policy",
	"max_down_share":         "/definitions/shareLimit",
	"an availability":        "/definitions/availabilityMap",
	"failures":               "/definitions/failures",
	"defaults":               "/definitions/defaults",
	"default availabilities": "/definitions/defaultAvailabilities",
	"min_availability":       "/definitions/minAvailability/anyOf/1",
}

// loaderKeys finds every d.fields(n, what, keys...) call in the sources of
// package catalog and returns the keys each accepts, by what. The keys are
// string literals, or variables and calls (withProvenance) that the
// sources spell out; anything else fails the test, so that no key list
// escapes it.
func loaderKeys(t *testing.T) map[string][]string {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]ast.Expr{}       // package-level var = value
	funcs := map[string]*ast.FuncDecl{} // package-level functions
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					funcs[d.Name.Name] = d
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
						for i, n := range vs.Names {
							vars[n.Name] = vs.Values[i]
						}
					}
				}
			}
		}
	}
	locals := map[string]ast.Expr{} // the variables of the function at hand
	var strs func(e ast.Expr) ([]string, error)
	strs = func(e ast.Expr) ([]string, error) {
		switch e := e.(type) {
		case *ast.BasicLit:
			s, err := strconv.Unquote(e.Value)
			return []string{s}, err
		case *ast.CompositeLit:
			var out []string
			for _, x := range e.Elts {
				s, err := strs(x)
				if err != nil {
					return nil, err
				}
				out = append(out, s...)
			}
			return out, nil
		case *ast.Ident:
			if v, ok := locals[e.Name]; ok {
				return strs(v)
			}
			if v, ok := vars[e.Name]; ok {
				return strs(v)
			}
		case *ast.CallExpr:
			// A function that returns append(its variadic parameter,
			// more...): its arguments, then the more.
			id, ok := e.Fun.(*ast.Ident)
			if !ok || funcs[id.Name] == nil {
				break
			}
			body := funcs[id.Name].Body.List
			if len(body) != 1 {
				break
			}
			ret, ok := body[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				break
			}
			app, ok := ret.Results[0].(*ast.CallExpr)
			if !ok || fmt.Sprint(app.Fun) != "append" || len(app.Args) == 0 {
				break
			}
			var out []string
			for _, x := range append(slices.Clone(e.Args), app.Args[1:]...) {
				s, err := strs(x)
				if err != nil {
					return nil, err
				}
				out = append(out, s...)
			}
			return out, nil
		}
		return nil, fmt.Errorf("%s: cannot tell the keys of %T: teach loaderKeys", fset.Position(e.Pos()), e)
	}
	out := map[string][]string{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if fn, ok := n.(*ast.FuncDecl); ok {
				clear(locals)
				ast.Inspect(fn, func(n ast.Node) bool {
					// name := value: a variable a fields call may spread
					if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) {
						for i, l := range as.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								locals[id.Name] = as.Rhs[i]
							}
						}
					}
					return true
				})
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "fields" || len(call.Args) < 3 {
				return true
			}
			what, err := strs(call.Args[1])
			if err != nil || len(what) != 1 {
				t.Errorf("%s: the what of a fields call is not a string literal", fset.Position(call.Pos()))
				return true
			}
			var keys []string
			for _, a := range call.Args[2:] {
				s, err := strs(a)
				if err != nil {
					t.Error(err)
				}
				keys = append(keys, s...)
			}
			if _, dup := out[what[0]]; dup {
				t.Errorf("%s: a second fields call for %q", fset.Position(call.Pos()), what[0])
			}
			out[what[0]] = keys
			return true
		})
	}
	return out
}

// TestSchemaKeysMatchLoader checks that every map of the format declares
// in the schema exactly the keys the loader accepts, and that every map
// the schema closes is one the loader checks.
func TestSchemaKeysMatchLoader(t *testing.T) {
	doc := schemaDoc(t)
	loader := loaderKeys(t)
	if len(loader) < len(mapsOfLoader) {
		t.Errorf("found %d fields calls, want %d at least: is loaderKeys blind?", len(loader), len(mapsOfLoader))
	}
	for what, keys := range loader {
		pointer, ok := mapsOfLoader[what]
		if !ok {
			t.Errorf("the loader checks the keys of %q, which mapsOfLoader does not map to the schema", what)
			continue
		}
		obj := at(t, doc, pointer)
		props, _ := obj["properties"].(map[string]any)
		got := slices.Sorted(maps.Keys(props))
		if want := slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
			t.Errorf("%s (schema %q) declares %v; the loader accepts %v", what, pointer, got, want)
		}
		if obj["additionalProperties"] != false {
			t.Errorf("%s (schema %q) allows other keys; the loader rejects them", what, pointer)
		}
	}
	closed := map[string]bool{}
	walkSchema(doc, "", func(pointer string, s map[string]any) {
		if s["additionalProperties"] == false {
			closed[pointer] = true
		}
	})
	for pointer := range closed {
		if !slices.Contains(slices.Collect(maps.Values(mapsOfLoader)), pointer) {
			t.Errorf("the schema closes %q, which no fields call of the loader checks", pointer)
		}
	}
	for what := range mapsOfLoader {
		if _, ok := loader[what]; !ok {
			t.Errorf("mapsOfLoader maps %q, which no fields call checks", what)
		}
	}
}

// walkSchema calls fn on every subschema that declares a value: the root,
// the definitions, the properties and items, and the branches of anyOf,
// oneOf and allOf. It leaves out the pure constraints (not, if, then,
// dependencies), which declare nothing an editor documents.
func walkSchema(s map[string]any, pointer string, fn func(string, map[string]any)) {
	fn(pointer, s)
	for _, key := range []string{"definitions", "properties"} {
		m, _ := s[key].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if sub, ok := m[k].(map[string]any); ok {
				walkSchema(sub, pointer+"/"+key+"/"+k, fn)
			}
		}
	}
	for _, key := range []string{"items", "additionalProperties"} {
		if sub, ok := s[key].(map[string]any); ok {
			walkSchema(sub, pointer+"/"+key, fn)
		}
	}
	for _, key := range []string{"anyOf", "oneOf", "allOf"} {
		list, _ := s[key].([]any)
		for i, x := range list {
			if sub, ok := x.(map[string]any); ok {
				walkSchema(sub, fmt.Sprintf("%s/%s/%d", pointer, key, i), fn)
			}
		}
	}
}

// TestSchemaDescriptions checks that every definition and property, and
// every other subschema that declares more than a $ref or a required
// list, carries a description for an editor to show.
func TestSchemaDescriptions(t *testing.T) {
	n := 0
	walkSchema(schemaDoc(t), "", func(pointer string, s map[string]any) {
		keys := slices.Sorted(maps.Keys(s))
		if slices.Equal(keys, []string{"$ref"}) || slices.Equal(keys, []string{"required"}) {
			return
		}
		n++
		if d, _ := s["description"].(string); strings.TrimSpace(d) == "" {
			t.Errorf("%q has no description", pointer)
		}
	})
	if n < 100 {
		t.Errorf("walked %d subschemas, want 100 at least", n)
	}
}

// TestSchemaEnumsMatchLoader compares each enum of the schema with the
// values the loader accepts there.
func TestSchemaEnumsMatchLoader(t *testing.T) {
	list, err := models.List(models.FS())
	if err != nil {
		t.Fatal(err)
	}
	var modelNames []string
	for _, m := range list {
		modelNames = append(modelNames, m.Name)
	}
	doc := schemaDoc(t)
	for _, tc := range []struct {
		pointer string
		loader  []string
	}{
		{"/definitions/service/properties/scope", slices.Collect(maps.Keys(scopes))},
		{"/definitions/dependencyEntry/properties/impact", slices.Collect(maps.Keys(states))},
		{"/definitions/dependencyEntry/properties/when", slices.Collect(maps.Keys(states))},
		{"/definitions/confidence", slices.Collect(maps.Keys(confidences))},
		{"/definitions/level", levelNames},
		{"/definitions/lintRule", lintRuleIDs()},
		{"/definitions/modelName", modelNames},
		// The policy decoder spells these out in a switch.
		{"/definitions/policy/properties/allow", []string{"up", "degraded"}},
	} {
		var got []string
		for _, v := range at(t, doc, tc.pointer)["enum"].([]any) {
			got = append(got, v.(string))
		}
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(tc.loader)); !slices.Equal(got, want) {
			t.Errorf("%s: the schema's enum is %v, the loader's %v", tc.pointer, got, want)
		}
	}
}

// TestSchemaPatterns checks the patterns against the loader rune by rune:
// an id the id pattern rejects, and a source the source pattern rejects,
// the loader rejects too; and the id pattern rejects every rune that
// validID rejects as whitespace, besides control characters, "/" and "@".
func TestSchemaPatterns(t *testing.T) {
	doc := schemaDoc(t)
	id := regexp.MustCompile(at(t, doc, "/definitions/id")["pattern"].(string))
	source := regexp.MustCompile(at(t, doc, "/definitions/source/anyOf/0")["pattern"].(string))
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := "a" + string(r) + "b"
		loaderRejects := validID(s) != "" || unicode.IsControl(r)
		if !id.MatchString(s) && !loaderRejects {
			t.Errorf("the id pattern rejects %q, which the loader accepts", s)
		}
		if mustReject := unicode.IsSpace(r) || unicode.IsControl(r) || unicode.In(r, unicode.Cf) && r <= 0xffff || r == '/' || r == '@'; mustReject && id.MatchString(s) {
			t.Errorf("the id pattern accepts %q", s)
		}
		blank := string(r)
		if !source.MatchString(blank) && strings.TrimSpace(blank) != "" && !unicode.IsControl(r) {
			t.Errorf("the source pattern rejects %q, which is not blank", blank)
		}
		if unicode.IsControl(r) && source.MatchString("a"+blank) {
			t.Errorf("the source pattern accepts the control character %q, which the loader rejects", blank)
		}
		if unicode.IsSpace(r) && source.MatchString(blank) {
			t.Errorf("the source pattern accepts the blank %q", blank)
		}
	}
	if id.MatchString("") {
		t.Error("the id pattern accepts the empty id")
	}
}

// TestJSONSchemaBytes checks that the schema is the embedded file, laid out
// as json.Indent lays it out, and the same on every call.
func TestJSONSchemaBytes(t *testing.T) {
	a := JSONSchema()
	a[0] = 'x' // a caller cannot change the next call's bytes
	b := JSONSchema()
	if !bytes.Equal(b, []byte(jsonSchema)) || b[0] != '{' {
		t.Fatal("JSONSchema's bytes changed between calls")
	}
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, b); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	indented.WriteByte('\n')
	if !bytes.Equal(indented.Bytes(), b) {
		t.Error("catalog.schema.json is not laid out as json.Indent with two spaces and a final newline")
	}
	if doc := schemaDoc(t); doc["$schema"] != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %v, want draft-07", doc["$schema"])
	}
}
