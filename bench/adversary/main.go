// Command adversary searches for the most expensive request the server accepts under its
// default limits, and prints what each costs: the server's time and its peak resident memory
// above what it held before the request.
//
// It generates a synthetic graph (bench/synth) at each size, imports it into a data directory
// with the server's own import command, starts the real binary on it with the default limits,
// and then, for each family of abusive requests (aliases of every analysis field, nested
// lists, fragments, introspection, repeated and wide selections), finds the largest request of
// the family the server does not refuse (doubling, then bisecting, on the family's size knob),
// and measures that request a few times. It is a benchmark, not a test: it prints figures
// (bench/README.md keeps them) and fails only when the harness breaks.
//
//	go run ./bench/adversary -server bin/server -sizes S,M
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/seed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "adversary:", err)
		os.Exit(1)
	}
}

type config struct {
	server  string
	sizes   []string
	work    string
	seed    uint64
	repeat  int
	only    string
	timeout time.Duration
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("adversary", flag.ContinueOnError)
	var cfg config
	var sizes string
	fs.StringVar(&cfg.server, "server", "bin/server", "the server binary (make build)")
	fs.StringVar(&sizes, "sizes", "S,M", "comma-separated sizes of bench/synth")
	fs.StringVar(&cfg.work, "work", "", "working directory for documents, data and logs (default: a temporary one)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "generator seed")
	fs.IntVar(&cfg.repeat, "repeat", 3, "measurements of each family's largest accepted request")
	fs.StringVar(&cfg.only, "only", "", "run only the families whose name contains this")
	fs.DurationVar(&cfg.timeout, "client-timeout", 2*time.Minute, "client timeout per request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.sizes = strings.Split(sizes, ",")
	if cfg.work == "" {
		dir, err := os.MkdirTemp("", "kg-adversary-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfg.work = dir
	}
	for _, size := range cfg.sizes {
		if err := runSize(ctx, cfg, strings.TrimSpace(size), out); err != nil {
			return fmt.Errorf("size %s: %w", size, err)
		}
	}
	return nil
}

func runSize(ctx context.Context, cfg config, name string, out io.Writer) error {
	size, err := synth.SizeByName(name)
	if err != nil {
		return err
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(os.Stderr, "[%s] "+format+"\n", append([]any{name}, a...)...)
	}
	logf("generating")
	doc := synth.Generate(size, cfg.seed)
	path := filepath.Join(cfg.work, "kg-"+name+".json")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := synth.Write(f, doc); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	dir := filepath.Join(cfg.work, "data-"+name)
	_ = os.RemoveAll(dir)
	logf("importing into %s", dir)
	imp := exec.CommandContext(ctx, cfg.server, "import", "-no-gazetteer-checks", path, "-data-dir", dir, "-seed=false", "-log-level", "warn")
	if b, err := imp.CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v\n%s", err, b)
	}
	_ = os.Remove(path)
	srv, base, err := startServer(ctx, cfg, name, dir)
	if err != nil {
		return err
	}
	defer srv.stop()
	logf("server ready, RSS %s", mib(rss(srv.pid(), "VmRSS:")))
	c := &client{url: base + "/graphql", http: &http.Client{Timeout: cfg.timeout}}
	in := inputsOf(doc)
	fmt.Fprintf(out, "\n## Size %s (%d nodes, %d relations), embedded store, default limits\n\n", name, synth.NodeCount(doc), len(doc.Relations))
	fmt.Fprintf(out, "Server RSS after loading: %s.\n\n", mib(rss(srv.pid(), "VmRSS:")))
	fmt.Fprintln(out, "| family | largest accepted | time (median) | peak RSS above before | allocated | response | answer |")
	fmt.Fprintln(out, "|---|---:|---:|---:|---:|---:|---|")
	var worst []result
	for _, fam := range families(in) {
		if cfg.only != "" && !strings.Contains(fam.name, cfg.only) {
			continue
		}
		if err := srv.alive(); err != nil {
			return err
		}
		r, err := searchFamily(ctx, c, srv, fam, cfg.repeat)
		if err != nil {
			return fmt.Errorf("%s: %w", fam.name, err)
		}
		logf("%-28s n=%-5d %8.1f ms  +%s  %s", fam.name, r.n, r.ms, mib(r.extra), r.outcome)
		fmt.Fprintf(out, "| %s | %s | %.1f ms | %s | %s | %s | %s |\n", fam.name, r.knob(fam), r.ms, mib(r.extra), mib(r.alloc), kib(r.bytes), r.outcome)
		worst = append(worst, r)
	}
	slices.SortFunc(worst, func(a, b result) int { return int(b.ms*1000 - a.ms*1000) })
	if len(worst) > 0 {
		fmt.Fprintf(out, "\nSlowest: %s (%.1f ms). ", worst[0].family, worst[0].ms)
		slices.SortFunc(worst, func(a, b result) int { return int(b.extra - a.extra) })
		fmt.Fprintf(out, "Most memory: %s (%s above before). Server RSS at the end: %s.\n", worst[0].family, mib(worst[0].extra), mib(rss(srv.pid(), "VmRSS:")))
	}
	return nil
}

// family is one kind of abusive request, with a size knob n: build(n) grows with n.
type family struct {
	name  string
	knob  string // what n counts
	max   int
	build func(n int) string
}

type result struct {
	family  string
	n       int
	ms      float64
	extra   int64
	alloc   int64 // bytes the server allocated while answering (go_memstats_alloc_bytes_total)
	bytes   int
	outcome string
}

func (r result) knob(f family) string {
	if r.n == 0 {
		return "none"
	}
	return fmt.Sprintf("%d %s", r.n, f.knob)
}

// refusals are the codes of requests refused before they run.
var refusals = []string{"FIELD_LIMIT_EXCEEDED", "COMPLEXITY_LIMIT_EXCEEDED", "DEPTH_LIMIT_EXCEEDED",
	"INTROSPECTION_LIMIT_EXCEEDED", "GRAPHQL_PARSE_FAILED", "REQUEST_TOO_LARGE", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"}

// searchFamily finds the largest n whose request is not refused, then measures it.
func searchFamily(ctx context.Context, c *client, srv *server, f family, repeat int) (result, error) {
	res := result{family: f.name}
	accepted := func(n int) (bool, error) {
		a, err := c.post(ctx, f.build(n))
		if err != nil {
			return false, err
		}
		return !a.refused, nil
	}
	lo, hi := 0, 0 // lo accepted (0: none), hi refused (0: none found)
	for n := 1; n <= f.max; n *= 2 {
		ok, err := accepted(n)
		if err != nil {
			return res, err
		}
		if !ok {
			hi = n
			break
		}
		lo = n
	}
	if hi == 0 && lo < f.max {
		if ok, err := accepted(f.max); err != nil {
			return res, err
		} else if ok {
			lo = f.max
		} else {
			hi = f.max
		}
	}
	for hi != 0 && hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, err := accepted(mid)
		if err != nil {
			return res, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	res.n = lo
	if lo == 0 {
		a, err := c.post(ctx, f.build(1))
		if err != nil {
			return res, err
		}
		res.outcome = "refused: " + a.code
		return res, nil
	}
	doc := f.build(lo)
	var times []float64
	for range repeat {
		srv.resetPeak()
		before := rss(srv.pid(), "VmRSS:")
		allocBefore := c.allocated(ctx)
		t := time.Now()
		a, err := c.post(ctx, doc)
		if err != nil {
			return res, err
		}
		times = append(times, float64(time.Since(t).Microseconds())/1000)
		res.extra = max(res.extra, rss(srv.pid(), "VmHWM:")-before)
		res.alloc = max(res.alloc, c.allocated(ctx)-allocBefore)
		res.bytes, res.outcome = a.bytes, a.outcome()
	}
	slices.Sort(times)
	res.ms = times[len(times)/2]
	return res, nil
}

// answer is what the client saw.
type answer struct {
	status  int
	bytes   int
	code    string // the first error's code
	errors  int
	refused bool
}

func (a answer) outcome() string {
	switch {
	case a.errors == 0:
		return fmt.Sprintf("data (%d)", a.status)
	default:
		return fmt.Sprintf("%d error(s), first %s (%d)", a.errors, a.code, a.status)
	}
}

type client struct {
	url  string
	http *http.Client
}

func (c *client) post(ctx context.Context, query string) (answer, error) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{status: resp.StatusCode, bytes: len(raw)}
	var r struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return a, fmt.Errorf("not a GraphQL response (%d): %.200s", resp.StatusCode, raw)
	}
	a.errors = len(r.Errors)
	if a.errors > 0 {
		a.code = r.Errors[0].Extensions.Code
		a.refused = slices.Contains(refusals, a.code)
	}
	if resp.StatusCode == http.StatusRequestEntityTooLarge {
		a.refused = true
	}
	return a, nil
}

// allocated reads the server's go_memstats_alloc_bytes_total from /metrics (0 when it cannot).
func (c *client) allocated(ctx context.Context) int64 {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(c.url, "/graphql")+"/metrics", nil)
	if err != nil {
		return 0
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "go_memstats_alloc_bytes_total "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			return int64(f)
		}
	}
	return 0
}

// inputs are ids of the generated graph the requests aim at.
type inputs struct {
	city     string   // the place most organisations are located in
	busy     string   // the organisation with the most event roles
	crowd    string   // the event with the most participants
	hubs     []string // the most connected organisations
	far      string   // an organisation far from the first hub
	capital  string   // a voivodeship capital
	orgIDs   []string // 100 organisations
	practice string
}

func inputsOf(doc *seed.Document) *inputs {
	degree := map[string]int{}
	located, roles, participants := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range doc.Relations {
		degree[r.From]++
		degree[r.To]++
		switch r.Type {
		case "LOCATED_IN":
			located[r.To]++
		case "ORGANISED", "HOSTED", "PROVIDED_VENUE", "FEATURED_AT", "ATTENDED", "SPOKE_AT", "MODERATED":
			roles[r.From]++
			participants[r.To]++
		}
	}
	top := func(m map[string]int) string {
		best := ""
		for k, n := range m {
			if best == "" || n > m[best] || n == m[best] && k < best {
				best = k
			}
		}
		return best
	}
	in := &inputs{city: top(located), busy: top(roles), crowd: top(participants)}
	var orgs []string
	for _, o := range doc.Organisations {
		orgs = append(orgs, "Organisation:"+o.ID)
	}
	byDegree := slices.Clone(orgs)
	slices.SortStableFunc(byDegree, func(a, b string) int { return degree[b] - degree[a] })
	in.hubs = byDegree[:min(3, len(byDegree))]
	in.far = orgs[len(orgs)-1]
	in.orgIDs = byDegree[:min(100, len(byDegree))]
	for _, p := range doc.Places {
		if p.Kind == "CITY" && p.Country == "PL" {
			in.capital = "Place:" + p.ID
			break
		}
	}
	if len(doc.Practices) > 0 {
		in.practice = "Practice:" + doc.Practices[0].ID
	}
	return in
}

// aliases repeats a root field under n aliases.
func aliases(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, "\n a%d: %s", i, field)
	}
	return b.String() + "\n}"
}

const themes = "[DEINSTITUTIONALISATION, SUPPORTED_HOUSING, SOCIAL_SERVICES, PERSONAL_ASSISTANCE, VOCATIONAL_ACTIVATION, SOCIAL_REHABILITATION, VOCATIONAL_REHABILITATION, SHELTERED_EMPLOYMENT, SOCIAL_ECONOMY, SOCIAL_COOPERATIVES, INTER_AGENCY_COOPERATION, CSR, PLACEMENTS_AND_INTERNSHIPS, INDEPENDENT_LIVING]"

// introspectionQuery is GraphiQL's schema query (graphql-js getIntrospectionQuery).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

func families(in *inputs) []family {
	hub, hub2 := in.hubs[0], in.hubs[len(in.hubs)-1]
	q := strconv.Quote
	entity := `... on Organisation { id name kind } ... on Person { id name } ... on Event { id name } ... on Place { id name }`
	return []family{
		{"neighbourhood depth 3, limit 500", "aliases", 200, func(n int) string {
			return aliases(n, `neighbourhood(id: `+q(hub)+`, depth: 3, limit: 500) { nodes { node { id name } distance } relations { id type fromId toId } truncated }`)
		}},
		{"neighbourhood depth 3, limit 1", "aliases", 200, func(n int) string {
			return aliases(n, `neighbourhood(id: `+q(hub)+`, depth: 3, limit: 1) { truncated }`)
		}},
		{"path 6 hops, 20 paths", "aliases", 200, func(n int) string {
			return aliases(n, `path(from: `+q(hub)+`, to: `+q(in.far)+`, maxHops: 6, first: 20) { nodes { length nodes { id name } hops { direction relation { type sources { locator } } } } }`)
		}},
		{"path 6 hops between hubs", "aliases", 200, func(n int) string {
			return aliases(n, `path(from: `+q(hub)+`, to: `+q(hub2)+`, maxHops: 6, first: 20) { nodes { length nodes { id } } }`)
		}},
		{"hosts, every theme, 100", "aliases", 200, func(n int) string {
			return aliases(n, `hosts(themes: `+themes+`, near: { place: `+q(in.capital)+`, radiusKm: 5000 }, first: 100) { nodes { organisation { id name } score distanceKm themes reasons { kind practice { id } event { id } sources { locator } } } }`)
		}},
		{"partners of a hub, 100", "aliases", 200, func(n int) string {
			return aliases(n, `partners(of: `+q(hub)+`, first: 100) { nodes { partner { id name } strength kinds evidence { kind via { id name } ownRole partnerRole sources { source { name } locator } } } }`)
		}},
		{"timeline of a hub", "aliases", 200, func(n int) string {
			return aliases(n, `timeline(id: `+q(hub)+`) { event { id name } role start end via { id } sources { locator } }`)
		}},
		{"search, 50 hits", "aliases", 200, func(n int) string {
			return aliases(n, `search(text: "Ośrodek Pomocy Społecznej", first: 50) { nodes { score matched node { id name } } }`)
		}},
		{"practices, 500", "aliases", 200, func(n int) string {
			return aliases(n, `practices(first: 500) { nodes { id name themes shownAt { event { id } places { name } hosts { name } } } }`)
		}},
		{"stats, top 100", "aliases", 200, func(n int) string {
			return aliases(n, `stats(top: 100) { nodes { key count } relations { key count } organisationsByKind { key count } mostConnected { degree } }`)
		}},
		{"organisations by degree, 100", "aliases", 200, func(n int) string {
			return aliases(n, `organisations(first: 100, orderBy: { field: DEGREE, direction: DESC }) { totalCount nodes { id name voivodeship { name } } }`)
		}},
		{"nested partners of 100 by degree", "partners per organisation", 100, func(n int) string {
			return fmt.Sprintf(`{ organisations(first: 100, orderBy: { field: DEGREE, direction: DESC }) { nodes { id partners(first: %d) { nodes { partner { id name } strength } } } } }`, n)
		}},
		{"nested partners, organisations", "organisations", 100, func(n int) string {
			return fmt.Sprintf(`{ organisations(first: %d, orderBy: { field: DEGREE, direction: DESC }) { nodes { id partners(first: 50) { nodes { partner { id name } strength evidence { kind } } } } } }`, n)
		}},
		{"nested relations of 100 hubs", "relations each", 500, func(n int) string {
			return fmt.Sprintf(`{ organisations(first: 100, orderBy: { field: DEGREE, direction: DESC }) { nodes { id relations(first: %d) { edges { direction node { id name } relation { type sources { locator } } } } } } }`, n)
		}},
		{"nodes of 100 hubs with relations", "relations each", 500, func(n int) string {
			ids, _ := json.Marshal(in.orgIDs)
			return fmt.Sprintf(`{ nodes(ids: %s) { id ... on Organisation { relations(first: %d) { edges { node { %s } } } } } }`, ids, n, entity)
		}},
		{"places three levels down", "aliases", 200, func(n int) string {
			return aliases(n, `place(id: "pl") { children { name children { name children { name } } } }`)
		}},
		{"organisations of the biggest city", "aliases", 200, func(n int) string {
			return aliases(n, `place(id: `+q(in.city)+`) { organisations { nodes { id name kind } } events { nodes { id name } } }`)
		}},
		{"events of the busiest organisation", "aliases", 200, func(n int) string {
			return aliases(n, `organisation(id: `+q(in.busy)+`) { events { nodes { role event { id name } sources { locator } } } projects { nodes { role project { id name } } } people { nodes { person { id name } } } }`)
		}},
		{"participants of the biggest event", "aliases", 200, func(n int) string {
			return aliases(n, `event(id: `+q(in.crowd)+`) { participants { nodes { role participant { id name } sources { locator } } } sessions { id name } practices { id name } }`)
		}},
		{"GraphiQL introspection", "copies (merged)", 200, func(n int) string {
			return strings.Replace(introspectionQuery, "types { ...FullType }", strings.Repeat("types { ...FullType } ", n), 1)
		}},
		{"__type with every field", "aliases", 10, func(n int) string {
			return aliases(n, `__type(name: "Organisation") { name fields { name args { name type { name ofType { name } } } type { name ofType { name ofType { name } } } } }`)
		}},
		{"one field repeated (merged)", "repeats", 5000, func(n int) string {
			return "{ " + strings.Repeat("organisation(id: "+q(hub)+") { name } ", n) + "}"
		}},
		{"wide merged selections", "copies", 200, func(n int) string {
			k := max(1, min(198, 1990/n-2))
			return "{ " + strings.Repeat("stats(top: 1) { nodes { "+strings.Repeat("key count ", k/2)+"} } ", n) + "}"
		}},
		{"fragments spread twice each", "levels", 40, func(n int) string {
			var b strings.Builder
			fmt.Fprintf(&b, "{ organisations(first: 1) { nodes { ...F0 } } }\n")
			for i := range n {
				fmt.Fprintf(&b, "fragment F%d on Organisation { ...F%d ...F%d name }\n", i, i+1, i+1)
			}
			fmt.Fprintf(&b, "fragment F%d on Organisation { id }\n", n)
			return b.String()
		}},
		{"fragments of 199 fields spread", "spreads", 200, func(n int) string {
			var b strings.Builder
			b.WriteString("{ ")
			for i := range n {
				fmt.Fprintf(&b, "a%d: organisation(id: %s) { ...W } ", i, q(hub))
			}
			b.WriteString("}\nfragment W on Organisation { " + strings.Repeat("name ", 199) + "}")
			return b.String()
		}},
	}
}

// server is the server process.
type server struct {
	cmd  *exec.Cmd
	done chan error
	log  string
}

func startServer(ctx context.Context, cfg config, name, dir string) (*server, string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	logPath := filepath.Join(cfg.work, "server-"+name+".log")
	log, err := os.Create(logPath)
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(cfg.server, "-addr", addr, "-data-dir", dir, "-seed=false", "-log-level", "warn")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	s := &server{cmd: cmd, done: make(chan error, 1), log: logPath}
	go func() { s.done <- cmd.Wait(); log.Close() }()
	base := "http://" + addr
	deadline := time.Now().Add(10 * time.Minute)
	for {
		if err := s.alive(); err != nil {
			return nil, "", err
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, base, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, "", fmt.Errorf("the server was not ready in time (see %s)", logPath)
		}
		select {
		case <-ctx.Done():
			s.stop()
			return nil, "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (s *server) pid() int { return s.cmd.Process.Pid }

func (s *server) alive() error {
	select {
	case err := <-s.done:
		s.done <- err
		if err == nil {
			err = errors.New("exited")
		}
		return fmt.Errorf("the server %w (see %s)", err, s.log)
	default:
		return nil
	}
}

// resetPeak resets the kernel's record of the process's peak resident memory (VmHWM).
func (s *server) resetPeak() {
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.pid()), []byte("5"), 0)
}

func (s *server) stop() {
	_ = syscall.Kill(-s.pid(), syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-s.pid(), syscall.SIGKILL)
		<-s.done
	}
}

// rss reads a memory line of /proc/pid/status (VmRSS:, VmHWM:) in bytes.
func rss(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func kib(b int) string {
	if b >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(b)/1024)
}
