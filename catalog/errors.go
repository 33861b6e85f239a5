package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem found in a catalog, at a position.
type Error struct {
	Pos  Pos
	Msg  string
	Hint string // optional advice, such as a "did you mean" suggestion
	// Err is the cause that callers may test for with errors.Is or
	// errors.As: a *RefError for an unknown ref; nil for most errors.
	Err error
}

// Unwrap returns the cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Error formats e as "file:line:col: message; hint".
func (e *Error) Error() string {
	if e.Hint == "" {
		return e.Pos.String() + ": " + e.Msg
	}
	return e.Pos.String() + ": " + e.Msg + "; " + e.Hint
}

// ErrorList is every problem of one load, sorted by position. A load that
// fails because the catalog is invalid returns an ErrorList.
type ErrorList []*Error

// Error returns the errors one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the individual errors.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		switch {
		case a.Pos.before(b.Pos):
			return -1
		case b.Pos.before(a.Pos):
			return 1
		}
		return strings.Compare(a.Msg, b.Msg)
	})
}

// ErrUnknownScenario is returned by LookupScenario for an unknown id.
var ErrUnknownScenario = errors.New("unknown scenario")

// ErrUnknownPolicy is returned by LookupPolicy for an unknown id.
var ErrUnknownPolicy = errors.New("unknown policy")

// ErrUnknownRef is matched by errors.Is for a *RefError.
var ErrUnknownRef = errors.New("unknown ref")

// RefError reports a ref that names no node of the catalog.
type RefError struct {
	Ref        string
	Reason     string // why it does not resolve
	Suggestion string // the closest existing ref, if any is close
	// Others counts the other refs that fit as well as Suggestion: the
	// other instances of a service named without its location.
	Others int
}

// Error describes the unknown ref and suggests the closest one.
func (e *RefError) Error() string {
	if h := e.Hint(); h != "" {
		return e.Reason + "; " + h
	}
	return e.Reason
}

// Hint suggests what to write instead, or returns "".
func (e *RefError) Hint() string {
	switch {
	case e.Suggestion == "":
		return ""
	case e.Others == 1:
		return didYouMean(e.Suggestion) + " (or its 1 other instance)"
	case e.Others > 1:
		return fmt.Sprintf("%s (or one of its %d other instances)", didYouMean(e.Suggestion), e.Others)
	}
	return didYouMean(e.Suggestion)
}

// Is reports whether target is ErrUnknownRef.
func (e *RefError) Is(target error) bool { return target == ErrUnknownRef }

// didYouMean formats a suggestion as a hint, or "" when there is none.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return `did you mean "` + s + `"?`
}
