package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/wtz-graph/kg/reqlog"
)

// metrics are the server's Prometheus metrics, in a registry of their own (no global state).
type metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	errors         *prometheus.CounterVec
	httpRequests   *prometheus.CounterVec
	storeDuration  *prometheus.HistogramVec
	storeErrors    *prometheus.CounterVec
	storeTimeouts  prometheus.Counter
	latencyBuckets []float64
	// operations bounds the operation label: names are the client's choice, so only the first
	// maxOperationLabels distinct ones are labels of their own; the rest count as "other".
	mu         sync.Mutex
	operations map[string]bool
}

// maxOperationLabels bounds the metrics' operation label values.
const maxOperationLabels = 200

var operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// operationLabel is the label for an operation name: the name when it is a GraphQL name among
// the first maxOperationLabels seen, "anonymous" without one, else "other".
func (m *metrics) operationLabel(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case !operationName.MatchString(name):
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.operations[name] {
		return name
	}
	if len(m.operations) >= maxOperationLabels {
		return "other"
	}
	// The parser's names are slices of the document: a label kept as one would keep the
	// whole document alive.
	name = strings.Clone(name)
	m.operations[name] = true
	return name
}

func newMetrics() *metrics {
	buckets := []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "graphql_requests_total", Help: "GraphQL operations served, by operation name and outcome (ok or error).",
		}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "graphql_request_duration_seconds", Help: "Time to answer a GraphQL operation, by operation name.", Buckets: buckets,
		}, []string{"operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "graphql_errors_total", Help: "GraphQL errors returned to clients, by extensions.code.",
		}, []string{"code"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests, by route and status code.",
		}, []string{"route", "code"}),
		storeDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "store_call_duration_seconds", Help: "Time of store calls, by method.", Buckets: buckets,
		}, []string{"method"}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "store_errors_total", Help: "Failed store calls, by method and kind (not_found, invalid, conflict, unavailable, timeout, internal).",
		}, []string{"method", "kind"}),
		storeTimeouts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "store_timeouts_total", Help: "Store calls stopped by STORE_TIMEOUT.",
		}),
		latencyBuckets: buckets,
		operations:     map[string]bool{},
	}
	m.registry.MustRegister(m.requests, m.duration, m.errors, m.httpRequests, m.storeDuration, m.storeErrors, m.storeTimeouts,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// handler serves /metrics.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// aroundResponses records each operation's name, duration and errors, and names the operation
// for the request's log lines.
func (m *metrics) aroundResponses(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	// Only a parsed operation's own name counts: the request's operationName is unchecked input.
	name := "invalid"
	if graphql.HasOperationContext(ctx) {
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			name = m.operationLabel(oc.Operation.Name)
		}
	}
	if info := reqlog.From(ctx); info != nil {
		info.SetOperation(name)
	}
	resp := next(ctx)
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "error"
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = "UNKNOWN"
			}
			m.errors.WithLabelValues(code).Inc()
		}
	}
	m.requests.WithLabelValues(name, outcome).Inc()
	m.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	return resp
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// withRequest gives every request an id (the client's X-Request-ID when well formed, else a
// random one), echoes it in the response, and logs one line per request with its method, path,
// status, duration and, for GraphQL, the operation's name.
func withRequest(logger *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !requestIDPattern.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		info := &reqlog.Info{ID: id}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(reqlog.With(r.Context(), info)))
		route := r.URL.Path
		switch route {
		case "/graphql", "/", "/healthz", "/readyz", "/metrics":
		default:
			route = "other"
		}
		m.httpRequests.WithLabelValues(route, strconv.Itoa(rec.status)).Inc()
		level := slog.LevelInfo
		if route == "/healthz" || route == "/readyz" || route == "/metrics" {
			level = slog.LevelDebug
		}
		logger.LogAttrs(reqlog.With(r.Context(), info), level, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}
