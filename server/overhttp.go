package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// graphqlOverHTTP adjusts gqlgen's error responses to the GraphQL-over-HTTP specification's
// recommendations: with application/json, a request that does not parse or validate gets 200
// (gqlgen answers 422); with application/graphql-response+json it gets 400 and no data entry
// (gqlgen writes "data": null); a mutation sent with GET gets 405 and Allow: POST (gqlgen answers
// 406). Successful responses pass through unbuffered.
func graphqlOverHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &overHTTPWriter{ResponseWriter: w, method: r.Method}
		next.ServeHTTP(rw, r)
		rw.finish()
	})
}

type overHTTPWriter struct {
	http.ResponseWriter
	method   string
	status   int
	buffered bool
	buf      bytes.Buffer
}

func (w *overHTTPWriter) WriteHeader(status int) {
	if w.status != 0 {
		return
	}
	w.status = status
	switch {
	case status == http.StatusUnprocessableEntity, status == http.StatusBadRequest,
		status == http.StatusNotAcceptable && w.method == http.MethodGet:
		w.buffered = true // rewritten in finish
	default:
		w.ResponseWriter.WriteHeader(status)
	}
}

func (w *overHTTPWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.buffered {
		return w.buf.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Flush passes on flushes of unbuffered responses (incremental delivery).
func (w *overHTTPWriter) Flush() {
	if w.buffered {
		return
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *overHTTPWriter) finish() {
	if !w.buffered {
		return
	}
	h := w.Header()
	body := w.buf.Bytes()
	status := w.status
	graphqlResponse := strings.HasPrefix(h.Get("Content-Type"), "application/graphql-response+json")
	switch {
	case status == http.StatusNotAcceptable, bytes.Contains(body, []byte(`"code":"METHOD_NOT_ALLOWED"`)) && w.method == http.MethodGet:
		status = http.StatusMethodNotAllowed
		h.Set("Allow", http.MethodPost)
		h.Set("Content-Type", "application/json")
		body = mustJSON(gqlErrorBody("mutations and subscriptions must be sent with POST", "METHOD_NOT_ALLOWED"))
	case graphqlResponse:
		status = http.StatusBadRequest
		body = withoutData(body)
	case status == http.StatusUnprocessableEntity:
		status = http.StatusOK
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.ResponseWriter.WriteHeader(status)
	_, _ = w.ResponseWriter.Write(body)
}

// withoutData removes a null "data" entry from a response that never executed.
func withoutData(body []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	if d, ok := m["data"]; ok && string(d) == "null" {
		delete(m, "data")
		return mustJSON(m)
	}
	return body
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
