package store

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Backends wrap them with %w and context; the GraphQL layer maps them to
// client-visible codes in one place and never shows the wrapped text of other errors.
var (
	// ErrNotFound: a requested entity does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: the request or change set is malformed; nothing was changed.
	ErrInvalid = errors.New("invalid")
	// ErrConflict: the change contradicts the current state; nothing was changed.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: the backend cannot be reached now; retrying later may succeed.
	ErrUnavailable = errors.New("store unavailable")
)

// Problem is one reason a change set or seed document was rejected: where, and what is wrong.
type Problem struct {
	// Path locates the problem, e.g. `seed/data/004.json: relations[3] (HOSTED mops-gdynia → …)`.
	Path string
	// Field is the offending field, e.g. "to" or "sources[0].source".
	Field string
	// Message says what is wrong, in words fit for a client.
	Message string
}

func (p Problem) String() string {
	switch {
	case p.Path != "" && p.Field != "":
		return fmt.Sprintf("%s: %s: %s", p.Path, p.Field, p.Message)
	case p.Path != "":
		return fmt.Sprintf("%s: %s", p.Path, p.Message)
	case p.Field != "":
		return fmt.Sprintf("%s: %s", p.Field, p.Message)
	}
	return p.Message
}

// ValidationError carries every problem found; it wraps ErrInvalid.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s): %s", len(e.Problems), strings.Join(lines, "; "))
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// ConflictError lists why a change contradicts the state of the store; it wraps ErrConflict.
type ConflictError struct {
	Problems []Problem
}

func (e *ConflictError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("conflict: %s", strings.Join(lines, "; "))
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// Problems collects problems while validating.
type Problems struct{ list []Problem }

// Add records a problem.
func (p *Problems) Add(path, field, format string, args ...any) {
	p.list = append(p.list, Problem{Path: path, Field: field, Message: fmt.Sprintf(format, args...)})
}

// List returns the problems recorded so far.
func (p *Problems) List() []Problem { return append([]Problem(nil), p.list...) }

// Len is the number of problems recorded.
func (p *Problems) Len() int { return len(p.list) }

// Err returns a *ValidationError with every problem, or nil when there are none.
func (p *Problems) Err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: append([]Problem(nil), p.list...)}
}

// ClientError is an error whose message is fit to show a client as it is. It wraps one of the
// sentinels. Errors that wrap a sentinel without being a ClientError (driver failures, say)
// reach clients only as the sentinel's generic message.
type ClientError struct {
	Kind    error
	Message string
}

func (e *ClientError) Error() string { return e.Kind.Error() + ": " + e.Message }

// Unwrap returns the sentinel.
func (e *ClientError) Unwrap() error { return e.Kind }

// Invalidf returns an error wrapping ErrInvalid with a message fit for a client.
func Invalidf(format string, args ...any) error {
	return &ClientError{Kind: ErrInvalid, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf returns an error wrapping ErrNotFound with a message fit for a client.
func NotFoundf(format string, args ...any) error {
	return &ClientError{Kind: ErrNotFound, Message: fmt.Sprintf(format, args...)}
}

// Conflictf returns an error wrapping ErrConflict with a message fit for a client.
func Conflictf(format string, args ...any) error {
	return &ClientError{Kind: ErrConflict, Message: fmt.Sprintf(format, args...)}
}
