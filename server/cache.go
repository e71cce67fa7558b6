package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
)

// cacheableGET makes successful GET responses of the GraphQL endpoint cacheable by dashboards
// and proxies: a strong ETag (SHA-256 of the body) and the configured Cache-Control; a request
// whose If-None-Match names the current ETag gets 304 Not Modified without a body. Responses
// with errors, and every POST, are marked no-store.
func cacheableGET(cacheControl string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Cache-Control", "no-store")
			next.ServeHTTP(w, r)
			return
		}
		rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		h := w.Header()
		for k, v := range rec.header {
			h[k] = v
		}
		body := rec.buf.Bytes()
		if rec.status != http.StatusOK || bytes.Contains(body, []byte(`"errors":`)) {
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(rec.status)
			_, _ = w.Write(body)
			return
		}
		sum := sha256.Sum256(body)
		etag := `"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", cacheControl)
		h.Add("Vary", "Accept")
		if matchesETag(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Length")
			h.Del("Content-Type")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

func matchesETag(header, etag string) bool {
	for _, candidate := range strings.Split(header, ",") {
		c := strings.Replace(strings.TrimSpace(candidate), gzipETagSuffix+`"`, `"`, 1) // as compressed sent it
		if c == etag || c == "W/"+etag || c == "*" {
			return true
		}
	}
	return false
}

// bufferedWriter holds a response until it is complete.
type bufferedWriter struct {
	header http.Header
	status int
	wrote  bool
	buf    bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if !b.wrote {
		b.status, b.wrote = status, true
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wrote = true
	return b.buf.Write(p)
}
