package graph

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// CodeOperationNotAllowed is the code of an operation refused in allow-list mode.
const CodeOperationNotAllowed = "OPERATION_NOT_ALLOWED"

// TrustedDocuments is the allow-list mode for locked-down deployments: only registered
// operations run. A client sends a registered document, or only its identifier: as
// GraphQL-over-HTTP's persisted documents do (documentId, which the HTTP layer passes on as
// the persisted-query extension) or as automatic persisted queries do
// (extensions.persistedQuery.sha256Hash). Anything else is refused before it is parsed.
type TrustedDocuments struct {
	// byID holds every document under its SHA-256 (hex), and under the identifier its
	// manifest gave it when that is another one (Relay's MD5).
	byID map[string]string
}

// LoadTrustedDocuments reads the allow-list in any of the formats that client tooling writes:
//
//   - Apollo's persisted query manifest (@apollo/generate-persisted-query-manifest):
//     {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id", "body", …}]};
//   - an object of identifier → document: graphql-codegen client-preset's
//     persisted-documents.json (identifiers "sha256:<hex>"), Relay's persisted_queries.json
//     (the compiler's MD5, SHA-1 or SHA-256 of the text), or any manifest keyed by SHA-256;
//   - a JSON array of documents.
//
// Every identifier is checked against its document with the hash its form names (32, 40 or 64
// hex digits: MD5, SHA-1, SHA-256; "sha256:" before it), so that a stale manifest is found
// at start. When schema is not nil every document must also parse and validate against it.
func LoadTrustedDocuments(path string, schema *ast.Schema) (*TrustedDocuments, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read trusted documents: %w", err)
	}
	t := &TrustedDocuments{byID: map[string]string{}}
	var manifest struct {
		Format     string `json:"format"`
		Version    int    `json:"version"`
		Operations []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
			Body string `json:"body"`
		} `json:"operations"`
	}
	var list []string
	var byID map[string]string
	add := func(id, doc string) error {
		if id != "" {
			norm, err := checkDocumentID(id, doc)
			if err != nil {
				return fmt.Errorf("trusted documents %s: %w", path, err)
			}
			t.byID[norm] = doc
		}
		t.byID[hashOf(doc)] = doc
		return nil
	}
	switch {
	case json.Unmarshal(data, &list) == nil:
		for _, doc := range list {
			_ = add("", doc)
		}
	case json.Unmarshal(data, &manifest) == nil && manifest.Format != "":
		if manifest.Format != "apollo-persisted-query-manifest" || manifest.Version != 1 {
			return nil, fmt.Errorf("trusted documents %s: a manifest of format %q version %d; this server reads apollo-persisted-query-manifest version 1", path, manifest.Format, manifest.Version)
		}
		for _, op := range manifest.Operations {
			if err := add(op.ID, op.Body); err != nil {
				return nil, err
			}
		}
	case json.Unmarshal(data, &byID) == nil:
		for id, doc := range byID {
			if err := add(id, doc); err != nil {
				return nil, err
			}
		}
	default:
		return nil, fmt.Errorf("trusted documents %s: want an Apollo persisted query manifest, an object of identifier → document (graphql-codegen, Relay) or a JSON array of documents", path)
	}
	if len(t.byID) == 0 {
		return nil, fmt.Errorf("trusted documents %s lists no document", path)
	}
	if schema != nil {
		var bad []string
		for id, doc := range t.byID {
			if id != hashOf(doc) {
				continue // the same document under its SHA-256
			}
			if _, errs := gqlparser.LoadQueryWithRules(schema, doc, rules.NewDefaultRules()); len(errs) > 0 {
				bad = append(bad, fmt.Sprintf("%s: %s", operationLabel(doc, id), errs[0].Message))
			}
		}
		if len(bad) > 0 {
			slices.Sort(bad)
			return nil, fmt.Errorf("trusted documents %s: %d documents do not validate against this schema (%s)", path, len(bad), strings.Join(bad, "; "))
		}
	}
	return t, nil
}

// operationLabel names a document in an error: its first operation's name, else its hash.
func operationLabel(doc, id string) string {
	if d, err := parser.ParseQuery(&ast.Source{Input: doc}); err == nil {
		for _, op := range d.Operations {
			if op.Name != "" {
				return op.Name
			}
		}
	}
	return "sha256:" + id[:12] + "…"
}

// checkDocumentID checks a manifest's identifier against its document and returns it in the
// form requests are looked up by (lower-case hex, no prefix).
func checkDocumentID(id, doc string) (string, error) {
	norm := NormaliseDocumentID(id)
	var sum []byte
	switch len(norm) {
	case 32:
		s := md5.Sum([]byte(doc))
		sum = s[:]
	case 40:
		s := sha1.Sum([]byte(doc))
		sum = s[:]
	case 64:
		s := sha256.Sum256([]byte(doc))
		sum = s[:]
	default:
		return "", fmt.Errorf("the identifier %q is not an MD5, SHA-1 or SHA-256 in hex", id)
	}
	if hex.EncodeToString(sum) != norm {
		return "", fmt.Errorf("%q is not the hash of its document", id)
	}
	return norm, nil
}

// NormaliseDocumentID turns a document identifier as clients send it ("sha256:<hex>" as
// GraphQL-over-HTTP writes it, or bare hex) into the form documents are registered under.
func NormaliseDocumentID(id string) string {
	id = strings.TrimSpace(id)
	if p, rest, ok := strings.Cut(id, ":"); ok && strings.EqualFold(p, "sha256") {
		id = rest
	}
	return strings.ToLower(id)
}

// Len is the number of registered documents.
func (t *TrustedDocuments) Len() int {
	n := 0
	for id, doc := range t.byID {
		if id == hashOf(doc) {
			n++
		}
	}
	return n
}

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
		doc, ok := t.byID[NormaliseDocumentID(h)]
		if !ok {
			return refuse
		}
		params.Query = doc
		return nil
	}
	if _, ok := t.byID[hashOf(params.Query)]; !ok {
		return refuse
	}
	return nil
}
