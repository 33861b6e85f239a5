package backstage

import (
	"errors"
	"fmt"
	"strings"
)

// DefaultNamespace is the namespace of an entity that names none.
const DefaultNamespace = "default"

// Ref names an entity by its kind, namespace and name, each lower-cased:
// Backstage compares them case-insensitively.
type Ref struct {
	Kind, Namespace, Name string
}

// String is the canonical string form "kind:namespace/name".
func (r Ref) String() string { return r.Kind + ":" + r.Namespace + "/" + r.Name }

// errNoKind says a reference names no kind where its field has no default.
var errNoKind = errors.New("has no kind")

// ParseRef parses a reference in the string form [kind:][namespace/]name,
// as Backstage does: the kind ends at the first ":", unless a "/" comes
// before it; the namespace ends at the first "/". A part left out takes
// the default given ("" for no default kind, which makes a reference
// without a kind an error wrapping errNoKind). Every part is lower-cased.
func ParseRef(s, defaultKind, defaultNamespace string) (Ref, error) {
	if s == "" {
		return Ref{}, errors.New("is empty")
	}
	colon, slash := strings.IndexByte(s, ':'), strings.IndexByte(s, '/')
	if slash != -1 && slash < colon {
		colon = -1
	}
	kind, namespace, name := defaultKind, defaultNamespace, s[colon+1:]
	if colon != -1 {
		kind = s[:colon]
	}
	if slash != -1 {
		namespace, name = s[colon+1:slash], s[slash+1:]
	}
	switch {
	case colon != -1 && kind == "", slash != -1 && namespace == "", name == "":
		return Ref{}, errors.New("is not of the form [kind:][namespace/]name")
	case kind == "":
		return Ref{}, errNoKind
	}
	return Ref{Kind: lower(kind), Namespace: lower(namespace), Name: lower(name)}, nil
}

// compoundRef builds a reference from the compound form {kind, namespace,
// name}, with the same defaults as ParseRef.
func compoundRef(kind, namespace, name, defaultKind, defaultNamespace string) (Ref, error) {
	if kind == "" {
		kind = defaultKind
	}
	if namespace == "" {
		namespace = defaultNamespace
	}
	switch {
	case name == "":
		return Ref{}, errors.New("has no name")
	case kind == "":
		return Ref{}, errNoKind
	}
	return Ref{Kind: lower(kind), Namespace: lower(namespace), Name: lower(name)}, nil
}

// lower lower-cases s the way Backstage does (toLocaleLowerCase("en-US")).
func lower(s string) string { return strings.ToLower(s) }

// refError words a reference's problem for an error message.
func refError(field, raw string, err error) string {
	if errors.Is(err, errNoKind) {
		return fmt.Sprintf("%s entry %q has no kind, and %s has no default kind: write component:%s or resource:%s", field, raw, field, raw, raw)
	}
	return fmt.Sprintf("%s entry %q %v", field, raw, err)
}
