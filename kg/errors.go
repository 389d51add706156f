package kg

import (
	"errors"
	"fmt"
)

// ErrNotFound is what every lookup that finds nothing wraps: no such entity, article or
// graph. The CLI exits 5 on it and the HTTP API answers 404.
var ErrNotFound = errors.New("not found")

// notFound is an error that reads as its message and counts as ErrNotFound.
type notFound struct{ msg string }

func (e notFound) Error() string        { return e.msg }
func (e notFound) Is(target error) bool { return target == ErrNotFound }

// NotFound reports that a lookup found nothing, in words a person reads.
func NotFound(format string, args ...any) error {
	return notFound{fmt.Sprintf(format, args...)}
}

// ParamError is a stored query's parameter that could not be used: its entity is unknown
// or ambiguous. The CLI names it --param NAME, the HTTP API param NAME.
type ParamError struct {
	Param string
	Err   error
}

func (e *ParamError) Error() string { return "param " + e.Param + ": " + e.Err.Error() }
func (e *ParamError) Unwrap() error { return e.Err }

// BindError is a parameter value the stored query's script cannot take.
type BindError struct{ Err error }

func (e *BindError) Error() string { return e.Err.Error() }
func (e *BindError) Unwrap() error { return e.Err }
