// Package hint carries the one line of advice an error may end with: what
// the user can do about it. The advice travels as a type, not as text, so a
// wrapper (fmt.Errorf("install %s: %w", ...)) keeps it and the printer finds
// it with errors.As instead of parsing messages back, the way gh carries
// its FlagError.
//
// The standard library only: the shim links it.
package hint

import (
	"context"
	"errors"
)

// Error is an error with advice. Its Error() is the message alone; the
// printer adds the advice as a second line ("hint: ...").
type Error struct {
	Err  error
	Hint string
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// With attaches advice to err. The first advice wins: an error that
// already carries one keeps it, since the code nearest the cause knows
// best. A nil error stays nil, and an interrupted one gets none (there is
// nothing to advise after Ctrl-C).
func With(err error, hint string) error {
	if err == nil || hint == "" || errors.Is(err, context.Canceled) || Of(err) != "" {
		return err
	}
	return &Error{Err: err, Hint: hint}
}

// New is errors.New(msg) with advice.
func New(msg, hint string) error { return &Error{Err: errors.New(msg), Hint: hint} }

// Of returns the advice err carries, or "".
func Of(err error) string {
	var h *Error
	if errors.As(err, &h) {
		return h.Hint
	}
	return ""
}

// Text is the error as a terminal shows it: the message, and the advice on
// a line of its own when there is one.
func Text(err error) string {
	if h := Of(err); h != "" {
		return err.Error() + "\nhint: " + h
	}
	return err.Error()
}
