package graph

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Codes of refused writes.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
)

// WriteAuth guards mutations with a bearer token, before any resolver runs. Without a token
// configured the API is read-only and says so; a missing token is UNAUTHENTICATED, a wrong one
// FORBIDDEN. Tokens are compared in constant time (of their SHA-256, so that their lengths do
// not leak either).
type WriteAuth struct {
	Token string
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = WriteAuth{}

// ExtensionName implements graphql.HandlerExtension.
func (WriteAuth) ExtensionName() string { return "WriteAuth" }

// Validate implements graphql.HandlerExtension.
func (WriteAuth) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (a WriteAuth) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return nil
	}
	refuse := func(code, msg string) *gqlerror.Error {
		return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code}}
	}
	if a.Token == "" {
		return refuse(CodeForbidden, "this server is read-only: no WRITE_TOKEN is configured")
	}
	header := oc.Headers.Get("Authorization")
	if _, _, ok := bearer(header); !ok {
		return refuse(CodeUnauthenticated, "writes need an Authorization: Bearer <token> header")
	}
	if !a.Allows(header) {
		return refuse(CodeForbidden, "the bearer token is not valid for writes")
	}
	return nil
}

func bearer(header string) (scheme, token string, ok bool) {
	scheme, token, ok = strings.Cut(header, " ")
	return scheme, token, header != "" && ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// Allows tells whether an Authorization header bears the write token.
func (a WriteAuth) Allows(header string) bool {
	_, token, ok := bearer(header)
	if a.Token == "" || !ok {
		return false
	}
	got, want := sha256.Sum256([]byte(token)), sha256.Sum256([]byte(a.Token))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}
