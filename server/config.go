package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/wtz-graph/kg/graph"
)

// Config is the server's configuration. Every setting has a flag and an environment variable;
// a flag given on the command line wins over the environment, which wins over the default.
type Config struct {
	Addr    string
	DataDir string
	// GazetteerTERC is a GUS TERC file that adds every gmina to the gazetteer (optional).
	GazetteerTERC string
	// SnapshotAfter is the change-log size in bytes after which the embedded store writes a
	// snapshot (with DataDir).
	SnapshotAfter   int64
	Store           string
	Seed            bool
	CORSOrigins     []string
	LogFormat       string
	LogLevel        string
	LoaderWait      time.Duration
	RequestTimeout  time.Duration
	ShutdownTimeout time.Duration
	// Limits protect the server; see settings for their meaning and defaults.
	MaxDepth         int
	MaxCost          int
	MaxPageSize      int
	MaxBodyBytes     int64
	MaxResponseBytes int
	// Introspection enables __schema and __type; MaxIntrospection bounds how many one
	// operation may ask for.
	Introspection     bool
	MaxIntrospection  int
	StoreTimeout      time.Duration
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// CacheControl is sent with successful GET responses.
	CacheControl string
	// TrustedDocuments, when set, is the allow-list file: only its operations run.
	TrustedDocuments string
	// trusted is the allow-list once read (run reads it before it opens the store).
	trusted *graph.TrustedDocuments
	// PprofAddr, when set, is a loopback address serving the Go profiler (net/http/pprof).
	PprofAddr string
	Neo4j     Neo4jConfig
	// WriteToken enables mutations for clients presenting it; empty means read-only. From the
	// environment only (WRITE_TOKEN).
	WriteToken string
}

// Neo4jConfig says how to reach Neo4j when Store is neo4j. The password comes only from the
// environment (NEO4J_PASSWORD), never from a flag, so it does not show in process listings.
type Neo4jConfig struct {
	URI      string
	User     string
	Password string
	Database string
	// Profile logs the PROFILE of every read.
	Profile bool
}

// setting describes one configuration entry, for parsing and for the README's table.
type setting struct {
	flag, env, def, usage string
}

// settings lists every configuration entry. The environment names ADDR, STORE and CORS_ORIGINS
// are fixed for operators and compose files.
var settings = []setting{
	{"addr", "ADDR", ":8080", "address to listen on"},
	{"store", "STORE", "memory", "storage backend: memory (embedded) or neo4j"},
	{"seed", "SEED", "true", "load the curated seed data into the store at start (with DATA_DIR: only into an empty store)"},
	{"data-dir", "DATA_DIR", "", "directory where the embedded store persists every write (empty: in memory only, writes are lost on restart)"},
	{"gazetteer-terc", "GAZETTEER_TERC", "", "GUS TERC file (TERC_Adresowy or TERC_Urzedowy CSV) that adds every gmina to the gazetteer (empty: voivodeships, powiats and localities from the shipped GeoNames data)"},
	{"snapshot-after", "SNAPSHOT_AFTER", "67108864", "with DATA_DIR: change-log size in bytes after which a snapshot is written in the background"},
	{"cors-origins", "CORS_ORIGINS", "", "comma-separated origins allowed to call the API from browsers (empty: none)"},
	{"log-format", "LOG_FORMAT", "text", "log format: text or json"},
	{"log-level", "LOG_LEVEL", "info", "log level: debug, info, warn or error"},
	{"loader-wait", "LOADER_WAIT", "auto", "how long loaders gather keys before one batched store call (auto: 0 embedded, fetching on demand; 500us Neo4j)"},
	{"request-timeout", "REQUEST_TIMEOUT", "15s", "longest a GraphQL request may run before it stops with TIMEOUT"},
	{"shutdown-timeout", "SHUTDOWN_TIMEOUT", "10s", "how long to let requests finish on SIGINT/SIGTERM"},
	{"store-timeout", "STORE_TIMEOUT", "5s", "longest a single store call may take; then the request gets TIMEOUT"},
	{"max-depth", "MAX_DEPTH", "12", "deepest nesting of fields an operation may have"},
	{"max-cost", "MAX_COST", "100000", "highest cost an operation may have: 1 per field, lists times their page size"},
	{"max-page-size", "MAX_PAGE_SIZE", "100", "largest first an organisations, partners or hosts page may ask for"},
	{"max-body-bytes", "MAX_BODY_BYTES", "1048576", "largest request body; larger ones get 413"},
	{"max-response-bytes", "MAX_RESPONSE_BYTES", "8388608", "largest response body; a larger answer is replaced by the error RESPONSE_TOO_LARGE"},
	{"introspection", "INTROSPECTION", "true", "answer introspection (__schema, __type); false refuses it with INTROSPECTION_DISABLED (__typename still answers)"},
	{"max-introspection", "MAX_INTROSPECTION", "1", "most __schema and __type fields one operation may ask for"},
	{"read-header-timeout", "READ_HEADER_TIMEOUT", "5s", "HTTP server: time to read request headers"},
	{"read-timeout", "READ_TIMEOUT", "30s", "HTTP server: time to read a whole request"},
	{"write-timeout", "WRITE_TIMEOUT", "60s", "HTTP server: time to write a response"},
	{"idle-timeout", "IDLE_TIMEOUT", "120s", "HTTP server: how long an idle keep-alive connection stays open"},
	{"cache-control", "CACHE_CONTROL", "public, max-age=60", "Cache-Control of successful GET responses (with an ETag)"},
	{"trusted-documents", "TRUSTED_DOCUMENTS", "", "allow-list file: when set, only the operations it lists run (Apollo persisted query manifest, graphql-codegen persisted-documents.json, Relay persisted_queries.json, or a JSON array of documents)"},
	{"pprof-addr", "PPROF_ADDR", "", "loopback address serving the Go profiler at /debug/pprof/ (e.g. 127.0.0.1:6060; empty: off)"},
	{"neo4j-uri", "NEO4J_URI", "bolt://127.0.0.1:7687", "Neo4j address: bolt://host:port, or neo4j://host:port for a cluster with routing"},
	{"neo4j-auth", "NEO4J_AUTH", "basic", "Neo4j authentication: basic (NEO4J_USER and NEO4J_PASSWORD) or none"},
	{"neo4j-user", "NEO4J_USER", "neo4j", "Neo4j user"},
	{"neo4j-database", "NEO4J_DATABASE", "neo4j", "Neo4j database"},
	{"neo4j-profile", "NEO4J_PROFILE", "false", "run every Neo4j read with PROFILE and log its plan (operators, rows, db hits): for finding where a slow request spends its time, never in production"},
}

// parseConfig reads flags from args with environment fallbacks from getenv.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		values[s.flag] = fs.String(s.flag, def, fmt.Sprintf("%s (env %s)", s.usage, s.env))
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	var c Config
	var err error
	c.Addr = *values["addr"]
	c.DataDir = *values["data-dir"]
	c.GazetteerTERC = *values["gazetteer-terc"]
	if c.SnapshotAfter, err = strconv.ParseInt(*values["snapshot-after"], 10, 64); err != nil || c.SnapshotAfter < 1 {
		return c, fmt.Errorf("snapshot-after must be a positive number of bytes, not %q", *values["snapshot-after"])
	}
	c.Store = strings.ToLower(*values["store"])
	if c.Store != "memory" && c.Store != "neo4j" {
		return c, fmt.Errorf("store must be memory or neo4j, not %q", c.Store)
	}
	if c.Seed, err = strconv.ParseBool(*values["seed"]); err != nil {
		return c, fmt.Errorf("seed must be true or false, not %q", *values["seed"])
	}
	for _, o := range strings.Split(*values["cors-origins"], ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.CORSOrigins = append(c.CORSOrigins, o)
		}
	}
	c.LogFormat = *values["log-format"]
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("log-format must be text or json, not %q", c.LogFormat)
	}
	c.LogLevel = *values["log-level"]
	switch w := *values["loader-wait"]; {
	case w == "auto" && c.Store == "neo4j":
		// A network round trip costs more than waiting a little to batch more keys.
		c.LoaderWait = 500 * time.Microsecond
	case w == "auto":
		// In process, a store call costs less than any wait: batches are fetched on demand.
		c.LoaderWait = 0
	default:
		if c.LoaderWait, err = time.ParseDuration(w); err != nil || c.LoaderWait < 0 || c.LoaderWait > time.Second {
			return c, fmt.Errorf("loader-wait must be auto or a duration between 0 and 1s, not %q", w)
		}
	}
	if c.RequestTimeout, err = time.ParseDuration(*values["request-timeout"]); err != nil || c.RequestTimeout <= 0 {
		return c, fmt.Errorf("request-timeout must be a positive duration, not %q", *values["request-timeout"])
	}
	if c.ShutdownTimeout, err = time.ParseDuration(*values["shutdown-timeout"]); err != nil || c.ShutdownTimeout <= 0 {
		return c, fmt.Errorf("shutdown-timeout must be a positive duration, not %q", *values["shutdown-timeout"])
	}
	ints := []struct {
		name string
		dst  *int
		min  int
	}{{"max-depth", &c.MaxDepth, 2}, {"max-cost", &c.MaxCost, 100}, {"max-page-size", &c.MaxPageSize, 1},
		{"max-response-bytes", &c.MaxResponseBytes, 1024}, {"max-introspection", &c.MaxIntrospection, 0}}
	for _, it := range ints {
		n, err := strconv.Atoi(*values[it.name])
		if err != nil || n < it.min {
			return c, fmt.Errorf("%s must be a whole number of at least %d, not %q", it.name, it.min, *values[it.name])
		}
		*it.dst = n
	}
	body, err := strconv.ParseInt(*values["max-body-bytes"], 10, 64)
	if err != nil || body < 1024 {
		return c, fmt.Errorf("max-body-bytes must be at least 1024, not %q", *values["max-body-bytes"])
	}
	c.MaxBodyBytes = body
	if c.Introspection, err = strconv.ParseBool(*values["introspection"]); err != nil {
		return c, fmt.Errorf("introspection must be true or false, not %q", *values["introspection"])
	}
	durations := []struct {
		name string
		dst  *time.Duration
	}{{"store-timeout", &c.StoreTimeout}, {"read-header-timeout", &c.ReadHeaderTimeout}, {"read-timeout", &c.ReadTimeout},
		{"write-timeout", &c.WriteTimeout}, {"idle-timeout", &c.IdleTimeout}}
	for _, d := range durations {
		v, err := time.ParseDuration(*values[d.name])
		if err != nil || v <= 0 {
			return c, fmt.Errorf("%s must be a positive duration, not %q", d.name, *values[d.name])
		}
		*d.dst = v
	}
	c.CacheControl = *values["cache-control"]
	c.TrustedDocuments = *values["trusted-documents"]
	if c.PprofAddr = *values["pprof-addr"]; c.PprofAddr != "" && !isLoopback(c.PprofAddr) {
		return c, fmt.Errorf("pprof-addr must be a loopback address such as 127.0.0.1:6060, not %q", c.PprofAddr)
	}
	c.WriteToken = getenv("WRITE_TOKEN")
	if c.WriteToken != "" && len(c.WriteToken) < 16 {
		return c, fmt.Errorf("WRITE_TOKEN must be at least 16 characters")
	}
	c.Neo4j = Neo4jConfig{
		URI:      *values["neo4j-uri"],
		User:     *values["neo4j-user"],
		Password: getenv("NEO4J_PASSWORD"),
		Database: *values["neo4j-database"],
	}
	if c.Neo4j.Profile, err = strconv.ParseBool(*values["neo4j-profile"]); err != nil {
		return c, fmt.Errorf("neo4j-profile must be true or false, not %q", *values["neo4j-profile"])
	}
	switch *values["neo4j-auth"] {
	case "none":
		c.Neo4j.User, c.Neo4j.Password = "", ""
	case "basic":
	default:
		return c, fmt.Errorf("neo4j-auth must be basic or none, not %q", *values["neo4j-auth"])
	}
	if c.Store == "neo4j" {
		if !strings.HasPrefix(c.Neo4j.URI, "bolt://") && !strings.HasPrefix(c.Neo4j.URI, "neo4j://") &&
			!strings.HasPrefix(c.Neo4j.URI, "bolt+s://") && !strings.HasPrefix(c.Neo4j.URI, "neo4j+s://") {
			return c, fmt.Errorf("neo4j-uri must start with bolt://, neo4j://, bolt+s:// or neo4j+s://, not %q", c.Neo4j.URI)
		}
		if c.Neo4j.User != "" && c.Neo4j.Password == "" {
			return c, fmt.Errorf("NEO4J_PASSWORD is not set for Neo4j user %q (NEO4J_AUTH=none for a server without authentication)", c.Neo4j.User)
		}
	}
	return c, nil
}

// isLoopback reports whether addr (host:port) names a loopback interface: the profiler must
// never be reachable from other machines.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
