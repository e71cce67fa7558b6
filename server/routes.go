package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/klauspost/compress/gzhttp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/graph"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/graph/loaders"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// Fixed sizes of the GraphQL handler.
const (
	maxParserTokens = 15000
	queryCache      = 1000
	apqCache        = 1000
	readyTimeout    = 2 * time.Second
	// deferDelivery is how long deferred parts gather before they are sent together.
	deferDelivery = 5 * time.Millisecond
)

// validationRules, when set, replaces gqlgen's validation rules; nil (always, outside tests)
// keeps them. Tests add a rule that runs long, as validation cannot be interrupted.
var validationRules func() *rules.Rules

// newGraphQLHandler builds the gqlgen handler with explicit transports, caches, limits, write
// authorisation, one error presenter and a recover function that hides internals. In allow-list
// mode only trusted documents run, and clients cannot register new persisted queries.
func newGraphQLHandler(cfg Config, s store.Store, logger *slog.Logger, m *metrics, trusted *graph.TrustedDocuments, gz *gazetteer.Gazetteer, proposals *graph.Proposals) *handler.Server {
	res := &graph.Resolver{Store: s, MaxPageSize: cfg.MaxPageSize, Gazetteer: gz, Proposals: proposals}
	if cfg.WriteToken != "" {
		res.Editor = graph.WriteAuth{Token: cfg.WriteToken}.Allows
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: res}))
	srv.AddTransport(transport.Options{})
	// Parsing and validation run in one slot per CPU, shared by the transports.
	slots := newValidationSlots()
	srv.AddTransport(boundedTransport{Transport: transport.GET{}, getOnly: true, slots: slots})
	// Incremental delivery (@defer) for clients that accept multipart/mixed, before POST.
	srv.AddTransport(boundedTransport{Transport: transport.MultipartMixed{Boundary: "graphql", DeliveryTimeout: deferDelivery}, incremental: true, slots: slots})
	srv.AddTransport(boundedTransport{Transport: transport.POST{}, slots: slots})
	if validationRules != nil {
		srv.SetValidationRulesFn(validationRules)
	}
	srv.AddTransport(unsupportedTransport{})
	// Both caches are bounded by bytes as well as entries, and keep no document over 64 KiB.
	queries := graph.NewQueryCache(queryCache)
	srv.SetQueryCache(queries)
	if cfg.Introspection {
		srv.Use(extension.Introspection{})
	}
	if trusted != nil {
		srv.Use(trusted)
	} else {
		// Registers a document only once it has validated.
		srv.Use(graph.NewPersistedQueries(apqCache))
	}
	// After the persisted-query extensions, which may fill in the document.
	srv.Use(&graph.DocumentLimits{TokenLimit: maxParserTokens, Introspection: cfg.Introspection, MaxIntrospection: cfg.MaxIntrospection, Cache: queries})
	srv.Use(&graph.QueryLimits{MaxDepth: cfg.MaxDepth, MaxCost: cfg.MaxCost})
	srv.Use(graph.WriteAuth{Token: cfg.WriteToken})
	srv.SetParserTokenLimit(maxParserTokens)
	graph.RegisterProtocolErrors()
	srv.SetErrorPresenter(graph.ErrorPresenter(logger))
	srv.SetRecoverFunc(graph.Recover(logger))
	srv.AroundResponses(m.aroundResponses)
	srv.AroundResponses(boundResponses(cfg.MaxResponseBytes))
	return srv
}

// loadTrusted reads the allow-list file and checks every document against the schema.
func loadTrusted(cfg Config) (*graph.TrustedDocuments, error) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	return graph.LoadTrustedDocuments(cfg.TrustedDocuments, schema)
}

// newHandler wires every route: the GraphQL endpoint, GraphiQL and the explorer, exports,
// health checks and metrics. Store calls are measured and bounded by STORE_TIMEOUT.
func newHandler(cfg Config, base store.Store, logger *slog.Logger) (http.Handler, error) {
	page, err := graphiQLPage()
	if err != nil {
		return nil, err
	}
	trusted := cfg.trusted
	if trusted == nil && cfg.TrustedDocuments != "" {
		if trusted, err = loadTrusted(cfg); err != nil {
			return nil, err
		}
	}
	if trusted != nil {
		logger.Info("allow-list mode: only registered operations run", "documents", trusted.Len())
	}
	m := newMetrics()
	if n, ok := base.(interface {
		RoundTrips() int64
		InFlight() int64
	}); ok {
		m.registry.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "neo4j_queries_total", Help: "Queries sent to Neo4j."},
				func() float64 { return float64(n.RoundTrips()) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "neo4j_queries_in_flight", Help: "Neo4j queries waiting for an answer: connections in use from the pool."},
				func() float64 { return float64(n.InFlight()) }))
	}
	if p, ok := base.(interface{ SnapshotStats() memory.SnapshotStats }); ok {
		registerSnapshotMetrics(m, p.SnapshotStats)
	}
	s := instrument(base, m, cfg.StoreTimeout)
	mux := http.NewServeMux()
	gz, err := loadGazetteer(cfg, logger)
	if err != nil {
		return nil, err
	}
	// Article proposals are kept beside the data (DATA_DIR/proposals), else in memory.
	proposalsDir := ""
	if cfg.DataDir != "" {
		proposalsDir = filepath.Join(cfg.DataDir, "proposals")
	}
	proposals, err := graph.OpenProposals(proposalsDir)
	if err != nil {
		return nil, err
	}
	gql := loaders.Middleware(s, cfg.LoaderWait, newGraphQLHandler(cfg, s, logger, m, trusted, gz, proposals))
	mux.Handle("/graphql", limitBody(cfg.MaxBodyBytes, strictJSONBody(strictGET(cfg.MaxBodyBytes, markWriter(cfg.WriteToken,
		withTimeout(cfg.RequestTimeout, cacheableGET(cfg.CacheControl, graphqlOverHTTP(gql))))))))
	mux.Handle("GET /metrics", m.handler())
	mux.Handle("/reconcile", limitBody(cfg.MaxBodyBytes, withTimeout(cfg.RequestTimeout, reconcileHandler(&graph.Resolver{Store: s, Gazetteer: gz}))))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Security-Policy", uiContentSecurityPolicy)
		_, _ = w.Write(page)
	})
	registerUI(mux, logger)
	// In allow-list mode only registered GraphQL operations run; exports would bypass that.
	if trusted == nil {
		registerExports(mux, s, logger, cfg.RequestTimeout)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			logger.WarnContext(ctx, "not ready", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "store": cfg.Store})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "store": cfg.Store})
	})
	var h http.Handler = securityHeaders(compressed(mux))
	// rs/cors allows every origin when its list is empty: with no origins configured, browsers
	// on other origins are refused by sending no CORS headers at all.
	if len(cfg.CORSOrigins) > 0 {
		h = cors.New(corsOptions(cfg.CORSOrigins)).Handler(h)
	}
	return withRequest(logger, m, h), nil
}

// corsOptions are what browsers on the configured origins may send and read. Besides the
// GraphQL-over-HTTP headers and the write token: the headers the clients that dashboards use
// add (Apollo Client's client awareness and CSRF-prevention headers), the request id this
// server logs and answers with, and W3C trace context. Clients may read the ETag (for
// conditional GETs) and X-Request-Id (to quote in a bug report). A preflight is cached for
// ten minutes.
func corsOptions(origins []string) cors.Options {
	return cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "Accept",
			"Apollographql-Client-Name", "Apollographql-Client-Version", "Apollo-Require-Preflight", "X-Apollo-Operation-Name",
			"X-Request-Id", "Traceparent", "Tracestate"},
		ExposedHeaders: []string{"ETag", "X-Request-Id"},
		MaxAge:         600,
	}
}

// compressed compresses responses for clients that accept gzip (klauspost/compress's gzhttp):
// JSON answers, GraphiQL and the explorer's assets, exports. It adds Vary: Accept-Encoding,
// leaves bodies under 1 KiB and already-compressed types alone, and gives a compressed
// response its own ETag (suffix "-gzip", which cacheableGET's If-None-Match accepts), as a
// strong ETag must differ between codings. Incremental delivery (multipart/mixed) is sent as
// it is, so that each part reaches the client when it is flushed. Only gzip is offered: one
// coding keeps one ETag per representation.
var compressed = func() func(http.Handler) http.HandlerFunc {
	wrap, err := gzhttp.NewWrapper(
		gzhttp.MinSize(1024),
		gzhttp.EnableZstd(false),
		gzhttp.SuffixETag(gzipETagSuffix),
		gzhttp.ExceptContentTypes([]string{"multipart/mixed", "text/event-stream"}),
	)
	if err != nil {
		panic(err) // the options are constants
	}
	return wrap
}()

// gzipETagSuffix marks the ETag of a gzip-compressed response.
const gzipETagSuffix = "-gzip"

// markWriter marks requests that bear the write token, for the persisted-query cache.
func markWriter(token string, next http.Handler) http.Handler {
	auth := graph.WriteAuth{Token: token}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Authorization"); h != "" && auth.Allows(h) {
			r = r.WithContext(graph.WithWriter(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// withTimeout bounds each request: resolvers and store calls see the deadline through the
// request context and stop with TIMEOUT.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// limitBody refuses request bodies over max bytes with 413 before anything parses them.
func limitBody(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			tooLarge(w, limit)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
			if err != nil {
				writeJSON(w, http.StatusBadRequest, gqlErrorBody("the request body could not be read", graph.CodeBadUserInput))
				return
			}
			if int64(len(body)) > limit {
				tooLarge(w, limit)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

func tooLarge(w http.ResponseWriter, limit int64) {
	writeJSON(w, http.StatusRequestEntityTooLarge,
		gqlErrorBody(fmt.Sprintf("the request body is larger than the limit of %d bytes", limit), "REQUEST_TOO_LARGE"))
}

// gqlErrorBody is a GraphQL-shaped error response for refusals made before GraphQL runs.
func gqlErrorBody(message, code string) map[string]any {
	return map[string]any{"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}}}
}

// securityHeaders sets headers every response should carry.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// statusRecorder remembers the status code written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Flush passes on flushes, for incremental delivery.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
