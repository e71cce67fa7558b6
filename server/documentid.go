package main

import (
	"bytes"
	"encoding/json"
	"net/url"

	"github.com/wtz-graph/kg/graph"
)

// Persisted documents as GraphQL-over-HTTP defines them (its appendix "Persisted Documents"):
// a request names its document with documentId ("sha256:<hex>", or a custom identifier such
// as Relay's MD5) instead of sending query. gqlgen reads only query and the persisted-query
// extension, so the HTTP layer passes documentId on as that extension
// (extensions.persistedQuery.sha256Hash, normalised: graph.NormaliseDocumentID); the
// allow-list (graph.TrustedDocuments) and the persisted-query cache then answer both forms
// alike, including PERSISTED_QUERY_NOT_FOUND for an identifier they do not hold.

// documentIDRequest rewrites a request object (the decoded JSON body, or a GET's parameters
// as strings) that carries documentId into one that carries the persisted-query extension. It
// returns what is wrong with it for the client, or "".
func documentIDRequest(documentID any, query any, extensions map[string]any) (map[string]any, string) {
	id, ok := documentID.(string)
	if !ok || id == "" {
		return nil, "documentId must be a non-empty string"
	}
	if q, _ := query.(string); q != "" {
		return nil, "send either a query or a documentId, not both"
	}
	if extensions == nil {
		extensions = map[string]any{}
	}
	if _, ok := extensions["persistedQuery"]; ok {
		return nil, "send either a documentId or the persistedQuery extension, not both"
	}
	extensions["persistedQuery"] = map[string]any{"version": 1, "sha256Hash": graph.NormaliseDocumentID(id)}
	return extensions, ""
}

// documentIDBody rewrites a POST body with documentId; body is unchanged when it has none.
// The body has passed checkRequestBody.
func documentIDBody(body []byte) ([]byte, string) {
	if !bytes.Contains(body, []byte(`"documentId"`)) {
		return body, ""
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]any
	if err := dec.Decode(&fields); err != nil {
		return body, ""
	}
	id, ok := fields["documentId"]
	if !ok {
		return body, ""
	}
	ext, _ := fields["extensions"].(map[string]any)
	ext, msg := documentIDRequest(id, fields["query"], ext)
	if msg != "" {
		return nil, msg
	}
	delete(fields, "documentId")
	delete(fields, "query")
	fields["extensions"] = ext
	out, err := json.Marshal(fields)
	if err != nil {
		return nil, "the request body could not be read"
	}
	return out, ""
}

// documentIDQuery rewrites a GET's URL query with documentId; it is unchanged when it has
// none. The query has passed checkGETParams.
func documentIDQuery(rawQuery string) (string, string) {
	values, err := url.ParseQuery(rawQuery)
	if err != nil || !values.Has("documentId") {
		return rawQuery, ""
	}
	if len(values["documentId"]) > 1 {
		return "", "documentId is given more than once; send it once"
	}
	var ext map[string]any
	if e := values.Get("extensions"); e != "" {
		_ = json.Unmarshal([]byte(e), &ext) // checkGETParams checked it is an object
	}
	ext, msg := documentIDRequest(values.Get("documentId"), values.Get("query"), ext)
	if msg != "" {
		return "", msg
	}
	b, err := json.Marshal(ext)
	if err != nil {
		return "", "the URL's query could not be read"
	}
	values.Del("documentId")
	values.Del("query")
	values.Set("extensions", string(b))
	return values.Encode(), ""
}
