package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blastradius/blastradius/internal/phrase"
)

// enumValue is a string flag that takes one of a fixed set of values. A
// value outside the set is a flag error, so exit 2.
type enumValue struct {
	value   string
	allowed []string
	set     bool // given on the command line
}

func newEnum(def string, allowed ...string) *enumValue {
	return &enumValue{value: def, allowed: allowed}
}

func (e *enumValue) String() string { return e.value }

func (e *enumValue) Set(v string) error {
	if !slices.Contains(e.allowed, v) {
		return fmt.Errorf("must be %s", phrase.OrList(e.allowed))
	}
	e.value, e.set = v, true
	return nil
}

// Type names the values in the help text, such as "text|json".
func (e *enumValue) Type() string { return strings.Join(e.allowed, "|") }
