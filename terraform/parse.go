package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// document is the part of the JSON that terraform show -json prints that
// Import reads: for a state, values; for a plan, planned_values (the state
// after the plan is applied), resource_changes (to report what the plan
// destroys) and configuration (the provider configurations, for regions
// that planned values leave unknown). Unknown keys are ignored, as the
// format's compatibility promise asks.
type document struct {
	FormatVersion    *string          `json:"format_version"`
	TerraformVersion string           `json:"terraform_version"`
	Values           *stateValues     `json:"values"`
	PlannedValues    *stateValues     `json:"planned_values"`
	ResourceChanges  []resourceChange `json:"resource_changes"`
	Configuration    *configuration   `json:"configuration"`
}

type stateValues struct {
	RootModule *module `json:"root_module"`
}

// module is a module of the state: its resources and child modules.
type module struct {
	Address      string     `json:"address"`
	Resources    []resource `json:"resources"`
	ChildModules []module   `json:"child_modules"`
}

// resource is one resource instance of the state.
type resource struct {
	Address      string         `json:"address"`
	Mode         string         `json:"mode"`
	Type         string         `json:"type"`
	Name         string         `json:"name"`
	ProviderName string         `json:"provider_name"`
	Values       map[string]any `json:"values"`
	module       string         // the address of its module instance; "" for the root
}

type resourceChange struct {
	Address string `json:"address"`
	Mode    string `json:"mode"`
	Type    string `json:"type"`
	Change  struct {
		Actions []string `json:"actions"`
	} `json:"change"`
}

type configuration struct {
	ProviderConfig map[string]providerConfig `json:"provider_config"`
	RootModule     *configModule             `json:"root_module"`
}

type providerConfig struct {
	Name        string                `json:"name"`
	FullName    string                `json:"full_name"`
	Expressions map[string]expression `json:"expressions"`
}

type expression struct {
	ConstantValue any `json:"constant_value"`
}

type configModule struct {
	Resources   []configResource      `json:"resources"`
	ModuleCalls map[string]moduleCall `json:"module_calls"`
}

type configResource struct {
	Address           string `json:"address"`
	ProviderConfigKey string `json:"provider_config_key"`
}

type moduleCall struct {
	Module *configModule `json:"module"`
}

// maxModuleDepth bounds the nesting of modules that Import follows.
const maxModuleDepth = 100

// InputError is input that is not the JSON of terraform show -json. Line
// and Col (1-based; columns count characters) say where, when it is a
// JSON syntax or type error; they are 0 otherwise.
type InputError struct {
	Line, Col int
	Err       error
}

func (e *InputError) Error() string {
	if e.Line == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%d:%d: %v", e.Line, e.Col, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// inputErrorf is an InputError at the byte offset off of data (off < 0:
// at no position).
func inputErrorf(data []byte, off int64, format string, a ...any) *InputError {
	e := &InputError{Err: fmt.Errorf(format, a...)}
	if off >= 0 {
		e.Line, e.Col = lineCol(data, off)
	}
	return e
}

// parse decodes the JSON of terraform show -json. Syntax and type errors
// name their line and column.
func parse(r io.Reader) (*document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{Err: fmt.Errorf("read: %w", err)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, inputErrorf(nil, -1, "empty input: want the JSON that terraform show -json prints")
	}
	var doc document
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, positioned(data, err)
	}
	if dec.More() {
		return nil, inputErrorf(data, dec.InputOffset(), "extra data after the JSON object")
	}
	if err := checkVersion(doc.FormatVersion); err != nil {
		return nil, &InputError{Err: err}
	}
	return &doc, nil
}

// positioned gives a decoding error the line and column it happened at.
func positioned(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the bytes read, the offending one included.
		return inputErrorf(data, syn.Offset-1, "invalid JSON: %w", err)
	case errors.As(err, &typ):
		what := typ.Field
		if what == "" {
			what = "the document"
		}
		return inputErrorf(data, typ.Offset, "%s must be %s, not a JSON %s: %w", what, jsonKind(typ.Type.Kind().String()), typ.Value, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return inputErrorf(data, int64(len(data)), "invalid JSON: unexpected end of input: %w", err)
	}
	return inputErrorf(data, -1, "invalid JSON: %w", err)
}

// jsonKind names a Go kind as the JSON it decodes from.
func jsonKind(k string) string {
	switch k {
	case "struct", "map":
		return "an object"
	case "slice", "array":
		return "an array"
	case "string":
		return "a string"
	}
	return "a " + k
}

// lineCol returns the line and column of a byte offset of data, 1-based,
// counting columns in characters.
func lineCol(data []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// checkVersion accepts format_version 0.x and 1.x, the versions that
// terraform show -json has printed; the format says to reject an unknown
// major version.
func checkVersion(v *string) error {
	if v == nil {
		return errors.New(`no "format_version": want the JSON that terraform show -json prints (of a state or a plan)`)
	}
	major, _, _ := strings.Cut(*v, ".")
	if n, err := strconv.Atoi(major); err != nil || n > 1 || n < 0 {
		return fmt.Errorf("unsupported format_version %q: this importer reads versions 0.x and 1.x of Terraform's JSON output format", *v)
	}
	return nil
}

// resources lists every resource instance of a module tree, depth first,
// each with its module address; trees nested deeper than maxModuleDepth
// are an error.
func (m *module) resources(out []resource, depth int) ([]resource, error) {
	if depth > maxModuleDepth {
		return nil, &InputError{Err: fmt.Errorf("modules nested deeper than %d at %q", maxModuleDepth, m.Address)}
	}
	for _, r := range m.Resources {
		r.module = m.Address
		out = append(out, r)
	}
	for i := range m.ChildModules {
		var err error
		if out, err = m.ChildModules[i].resources(out, depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stripIndexes removes the instance keys ([0], ["a"]) from a resource or
// module address, giving the address of its configuration.
func stripIndexes(addr string) string {
	var b strings.Builder
	depth, inString, escaped := 0, false, false
	for _, r := range addr {
		switch {
		case inString:
			if escaped {
				escaped = false
			} else if r == '\\' {
				escaped = true
			} else if r == '"' {
				inString = false
			}
			continue
		case r == '"' && depth > 0:
			inString = true
			continue
		case r == '[':
			depth++
			continue
		case r == ']':
			depth = max(0, depth-1)
			continue
		case depth > 0:
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// providerKeys maps the configuration address of every resource (module
// calls prefixed, as module.NAME.type.name) to its provider_config_key.
func (c *configModule) providerKeys(prefix string, out map[string]string, depth int) {
	if c == nil || depth > maxModuleDepth {
		return
	}
	for _, r := range c.Resources {
		out[prefix+r.Address] = r.ProviderConfigKey
	}
	for name, call := range c.ModuleCalls {
		call.Module.providerKeys(prefix+"module."+name+".", out, depth+1)
	}
}
