package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/wtz-graph/kg/ecosystem"
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
	// CodeBadRequest is a request that is not GraphQL over HTTP: a body that is not one JSON
	// object, fields of the wrong JSON type, data after the object.
	CodeBadRequest = "BAD_REQUEST"
	// CodeTooManyErrors marks the last error of a response whose other errors were left out.
	CodeTooManyErrors = "TOO_MANY_ERRORS"
)

// Bounds on what errors carry, so that an error response stays small whatever the request.
const (
	// MaxErrors is the most errors a response lists; one more says how many were left out.
	MaxErrors = 20
	// MaxMessageBytes is the longest error message; longer ones are cut at a character.
	MaxMessageBytes = 300
	// MaxProblems is the most problems an error lists in extensions.problems.
	MaxProblems = 50
)

// apiError is an error raised by the GraphQL layer with its code and a client-fit message.
type apiError struct {
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

// badInput reports malformed arguments. Strings (and values that print as strings) formatted
// with %q, %s or %v are the client's and are cut to maxQuoted bytes, so that a message never
// echoes a long value; text of the server's own is wrapped in ownText and quoted whole.
func badInput(format string, args ...any) error {
	return &apiError{code: CodeBadUserInput, message: fmt.Sprintf(format, clipArgs(format, args)...)}
}

// notFound reports an unknown id; string args are cut as for badInput.
func notFound(format string, args ...any) error {
	return &apiError{code: CodeNotFound, message: fmt.Sprintf(format, clipArgs(format, args)...)}
}

// conflict reports a request the state forbids (a proposal already accepted).
func conflict(format string, args ...any) error {
	return &apiError{code: CodeConflict, message: fmt.Sprintf(format, clipArgs(format, args)...)}
}

func forbidden(format string, args ...any) error {
	return &apiError{code: CodeForbidden, message: fmt.Sprintf(format, clipArgs(format, args)...)}
}

func unauthenticated(format string, args ...any) error {
	return &apiError{code: CodeUnauthenticated, message: fmt.Sprintf(format, clipArgs(format, args)...)}
}

// maxQuoted is the longest piece of a client's value a message quotes.
const maxQuoted = 60

// clipArgs cuts the string arguments a format prints with %q, %s or %v (client values) to
// maxQuoted bytes. Errors are left whole: the messages they carry clip what they quote.
func clipArgs(format string, args []any) []any {
	i := 0
	for j := 0; j < len(format); j++ {
		if format[j] != '%' {
			continue
		}
		j++
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) || format[j] == '%' {
			continue
		}
		if strings.IndexByte("qsv", format[j]) >= 0 && i < len(args) {
			switch v := args[i].(type) {
			case string:
				args[i] = clip(v, maxQuoted)
			case *string:
				if v != nil {
					args[i] = clip(*v, maxQuoted)
				}
			case error:
			case fmt.Stringer:
				if s := v.String(); len(s) > maxQuoted {
					args[i] = clip(s, maxQuoted)
				}
			}
		}
		i++
	}
	return args
}

// RegisterProtocolErrors tells gqlgen that refusals made before execution (limits, auth,
// allow-list) are request errors, so that GraphQL over HTTP answers them with 400 and no data
// under application/graphql-response+json. Registering twice is harmless.
func RegisterProtocolErrors() {
	for _, code := range []string{CodeDepthLimit, CodeComplexityLimit, CodeUnauthenticated, CodeForbidden, CodeOperationNotAllowed,
		CodeFieldLimit, CodeIntrospectionLimit, CodeIntrospectionDisabled, CodeBadRequest, CodeMethodNotAllowed,
		// Before execution, BAD_USER_INPUT is a variable value of the wrong type: a request error.
		CodeBadUserInput,
		// A persisted document the server does not hold: nothing ran (GraphQL-over-HTTP's
		// persisted documents answer it with one error; under application/json still 200, as
		// automatic persisted queries expect).
		CodePersistedQueryNotFound} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// Classify maps any error to the code and message a client may see. Messages of errors the
// project did not write for clients (driver errors, bugs) never pass: those get a generic text.
func Classify(err error) (code, message string) {
	var api *apiError
	var input *ecosystem.InputError
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
	out := make([]map[string]string, 0, min(len(list), MaxProblems+1))
	for i, p := range list {
		if i == MaxProblems {
			out = append(out, map[string]string{"path": "", "field": "", "message": fmt.Sprintf("%d more problems are not shown", len(list)-MaxProblems)})
			break
		}
		out = append(out, map[string]string{"path": clip(p.Path, MaxMessageBytes), "field": clip(p.Field, 100), "message": clip(p.Message, MaxMessageBytes)})
	}
	return out
}

// CodeMethodNotAllowed is a mutation sent with GET (HTTP 405).
const CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"

// ErrorPresenter is the one place errors become GraphQL errors. Errors gqlgen raises itself
// (syntax, validation, argument coercion) keep their text, cut to MaxMessageBytes, and get a
// code; the transport's decoding errors, which quote the body and name Go types, are replaced;
// variable coercion errors are BAD_USER_INPUT; resolver errors are classified; internal errors
// are logged with the request's details and shown as INTERNAL.
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := present(ctx, logger, err)
		out.Message = clip(out.Message, MaxMessageBytes)
		return out
	}
}

func present(ctx context.Context, logger *slog.Logger, err error) *gqlerror.Error {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		if transportError(gqlErr.Message) {
			logger.DebugContext(ctx, "undecodable request", "error", clip(gqlErr.Message, 200))
			return &gqlerror.Error{
				Message:    "the request body must be one JSON object with a query string, and optional operationName, variables and extensions",
				Extensions: map[string]any{"code": CodeBadRequest},
			}
		}
		if len(gqlErr.Path) > 0 && gqlErr.Path[0] == ast.PathName("variable") {
			gqlErr.Extensions["code"] = CodeBadUserInput
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

// transportError tells the messages of gqlgen's transports that quote the request body or
// name Go types.
func transportError(message string) bool {
	for _, prefix := range []string{"json request body could not be decoded", "could not read request body", "could not get json request body", "could not cleanup body", "unable to get Request Body"} {
		if strings.HasPrefix(message, prefix) {
			return true
		}
	}
	return false
}

// clip cuts s to at most n bytes, at a character boundary, marking the cut with an ellipsis.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// BoundErrors keeps the first MaxErrors errors of a response and says how many were left out.
func BoundErrors(list gqlerror.List) gqlerror.List {
	if len(list) <= MaxErrors {
		return list
	}
	out := append(gqlerror.List{}, list[:MaxErrors]...)
	return append(out, &gqlerror.Error{
		Message:    fmt.Sprintf("%d more errors are not shown", len(list)-MaxErrors),
		Extensions: map[string]any{"code": CodeTooManyErrors},
	})
}

// Recover turns a panic in a resolver into an INTERNAL error and logs the stack; the panic's
// value never reaches the client.
func Recover(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, v any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return &apiError{code: CodeInternal, message: "internal error"}
	}
}
