package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// Error codes clients see in extensions.code. They are part of the API: stable, documented in
// the README, and the only vocabulary of errors.
const (
	CodeBadUserInput = "BAD_USER_INPUT"
	CodeNotFound     = "NOT_FOUND"
	CodeConflict     = "CONFLICT"
	CodeUnavailable  = "UNAVAILABLE"
	CodeTimeout      = "TIMEOUT"
	CodeCancelled    = "CANCELLED"
	CodeInternal     = "INTERNAL"
)

// apiError is an error raised by the GraphQL layer with its code and a client-fit message.
type apiError struct {
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

// badInput reports malformed arguments.
func badInput(format string, args ...any) error {
	return &apiError{code: CodeBadUserInput, message: fmt.Sprintf(format, args...)}
}

// notFound reports an unknown id.
func notFound(format string, args ...any) error {
	return &apiError{code: CodeNotFound, message: fmt.Sprintf(format, args...)}
}

// RegisterProtocolErrors tells gqlgen that refusals made before execution (limits, auth,
// allow-list) are request errors, so that GraphQL over HTTP answers them with 400 and no data
// under application/graphql-response+json. Registering twice is harmless.
func RegisterProtocolErrors() {
	for _, code := range []string{CodeDepthLimit, CodeComplexityLimit, CodeUnauthenticated, CodeForbidden, CodeOperationNotAllowed} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// Classify maps any error to the code and message a client may see. Messages of errors the
// project did not write for clients (driver errors, bugs) never pass: those get a generic text.
func Classify(err error) (code, message string) {
	var api *apiError
	var input *model.InputError
	var client *store.ClientError
	var invalid *store.ValidationError
	var conflict *store.ConflictError
	switch {
	case errors.As(err, &api):
		return api.code, api.message
	case errors.As(err, &input):
		return CodeBadUserInput, input.Message
	case errors.As(err, &invalid):
		return CodeBadUserInput, fmt.Sprintf("the input has %d problem(s); see extensions.problems", len(invalid.Problems))
	case errors.As(err, &conflict):
		return CodeConflict, fmt.Sprintf("the change conflicts with the graph in %d way(s); see extensions.problems", len(conflict.Problems))
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout, "the request took too long and was stopped"
	case errors.Is(err, context.Canceled):
		return CodeCancelled, "the request was cancelled"
	case errors.Is(err, store.ErrUnavailable):
		return CodeUnavailable, "the graph store is unavailable; try again shortly"
	case errors.As(err, &client):
		switch {
		case errors.Is(client.Kind, store.ErrNotFound):
			return CodeNotFound, client.Message
		case errors.Is(client.Kind, store.ErrConflict):
			return CodeConflict, client.Message
		default:
			return CodeBadUserInput, client.Message
		}
	case errors.Is(err, store.ErrNotFound):
		return CodeNotFound, "not found"
	case errors.Is(err, store.ErrInvalid):
		return CodeBadUserInput, "invalid input"
	case errors.Is(err, store.ErrConflict):
		return CodeConflict, "the change conflicts with the graph"
	}
	return CodeInternal, "internal error"
}

// problemsOf returns the problem list of a validation or conflict error, for extensions.
func problemsOf(err error) []map[string]string {
	var list []store.Problem
	var invalid *store.ValidationError
	var conflict *store.ConflictError
	switch {
	case errors.As(err, &invalid):
		list = invalid.Problems
	case errors.As(err, &conflict):
		list = conflict.Problems
	default:
		return nil
	}
	out := make([]map[string]string, len(list))
	for i, p := range list {
		out[i] = map[string]string{"path": p.Path, "field": p.Field, "message": p.Message}
	}
	return out
}

// ErrorPresenter is the one place errors become GraphQL errors. Errors gqlgen raises itself
// (syntax, validation, argument coercion) keep their text and get a code; resolver errors are
// classified; internal errors are logged with the request's details and shown as INTERNAL.
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			if gqlErr.Extensions == nil {
				gqlErr.Extensions = map[string]any{}
			}
			if _, ok := gqlErr.Extensions["code"]; !ok {
				gqlErr.Extensions["code"] = CodeBadUserInput
			}
			if gqlErr.Path == nil {
				gqlErr.Path = graphql.GetPath(ctx)
			}
			return gqlErr
		}
		code, message := Classify(err)
		if code == CodeInternal {
			logger.ErrorContext(ctx, "internal error", "error", err, "path", graphql.GetPath(ctx).String())
		}
		out := &gqlerror.Error{Message: message, Path: graphql.GetPath(ctx), Extensions: map[string]any{"code": code}}
		if gqlErr != nil && gqlErr.Path != nil {
			out.Path = gqlErr.Path
			out.Locations = gqlErr.Locations
		}
		if p := problemsOf(err); p != nil {
			out.Extensions["problems"] = p
		}
		return out
	}
}

// Recover turns a panic in a resolver into an INTERNAL error and logs the stack; the panic's
// value never reaches the client.
func Recover(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return &apiError{code: CodeInternal, message: "internal error"}
	}
}
