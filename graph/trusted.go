package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeOperationNotAllowed is the code of an operation refused in allow-list mode.
const CodeOperationNotAllowed = "OPERATION_NOT_ALLOWED"

// TrustedDocuments is the allow-list mode for locked-down deployments: only registered
// operations run. A client sends either a registered document or only its SHA-256 hash (as in
// automatic persisted queries: extensions.persistedQuery.sha256Hash); anything else is refused
// before it is parsed.
type TrustedDocuments struct {
	byHash map[string]string
}

// LoadTrustedDocuments reads the allow-list: a JSON array of documents, or an object mapping
// each document's SHA-256 hash (hex) to the document, as persisted-query manifests do. Hashes
// given in a map are checked against their documents.
func LoadTrustedDocuments(path string) (*TrustedDocuments, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read trusted documents: %w", err)
	}
	t := &TrustedDocuments{byHash: map[string]string{}}
	var list []string
	var byHash map[string]string
	switch {
	case json.Unmarshal(data, &list) == nil:
		for _, doc := range list {
			t.byHash[hashOf(doc)] = doc
		}
	case json.Unmarshal(data, &byHash) == nil:
		for h, doc := range byHash {
			if hashOf(doc) != strings.ToLower(h) {
				return nil, fmt.Errorf("trusted documents: %s is not the SHA-256 of its document", h)
			}
			t.byHash[strings.ToLower(h)] = doc
		}
	default:
		return nil, fmt.Errorf("trusted documents %s: want a JSON array of documents or an object of hash → document", path)
	}
	if len(t.byHash) == 0 {
		return nil, fmt.Errorf("trusted documents %s lists no document", path)
	}
	return t, nil
}

// Len is the number of registered documents.
func (t *TrustedDocuments) Len() int { return len(t.byHash) }

func hashOf(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*TrustedDocuments)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (*TrustedDocuments) ExtensionName() string { return "TrustedDocuments" }

// Validate implements graphql.HandlerExtension.
func (*TrustedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (t *TrustedDocuments) MutateOperationParameters(_ context.Context, params *graphql.RawParams) *gqlerror.Error {
	refuse := &gqlerror.Error{
		Message:    "this server runs only registered operations; send a registered document or its sha256Hash",
		Extensions: map[string]any{"code": CodeOperationNotAllowed},
	}
	if params.Query == "" {
		pq, _ := params.Extensions["persistedQuery"].(map[string]any)
		h, _ := pq["sha256Hash"].(string)
		doc, ok := t.byHash[strings.ToLower(h)]
		if !ok {
			return refuse
		}
		params.Query = doc
		return nil
	}
	if _, ok := t.byHash[hashOf(params.Query)]; !ok {
		return refuse
	}
	return nil
}
