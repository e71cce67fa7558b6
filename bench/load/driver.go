package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// stats are the figures of one run of one operation against one target at one concurrency.
type stats struct {
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	Seconds    float64 `json:"seconds"`
	Throughput float64 `json:"throughput_rps"`
	MeanMs     float64 `json:"mean_ms"`
	P50Ms      float64 `json:"p50_ms"`
	P90Ms      float64 `json:"p90_ms"`
	P99Ms      float64 `json:"p99_ms"`
	MaxMs      float64 `json:"max_ms"`
	// FirstError is the first failure seen, for the report.
	FirstError string `json:"first_error,omitempty"`
}

// request sends the i-th request of a run and reports an error for anything but a clean answer.
type request func(ctx context.Context, i int) error

// sample is what runs of one target gathered: every latency, the errors, the time spent.
type sample struct {
	latencies []time.Duration
	errors    int
	firstErr  string
	elapsed   time.Duration
}

// add folds another run of the same target into s (runs taken in alternating slices).
func (s *sample) add(o sample) {
	s.latencies = append(s.latencies, o.latencies...)
	s.errors += o.errors
	if s.firstErr == "" {
		s.firstErr = o.firstErr
	}
	s.elapsed += o.elapsed
}

// run is a closed-loop load: `concurrency` workers each send a request as soon as the previous
// answer is in, for d (and at least once each). Request i uses the i-th variable set (from
// offset on), so every target sees the same sequence. It stops by itself after d.
func run(ctx context.Context, do request, concurrency int, d time.Duration, offset int) sample {
	var (
		mu   sync.Mutex
		out  sample
		next atomic.Int64
		wg   sync.WaitGroup
	)
	next.Store(int64(offset))
	start := time.Now()
	deadline := start.Add(d)
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local sample
			for first := true; first || time.Now().Before(deadline); first = false {
				if ctx.Err() != nil {
					break
				}
				i := int(next.Add(1) - 1)
				t := time.Now()
				err := do(ctx, i)
				local.latencies = append(local.latencies, time.Since(t))
				if err != nil {
					local.errors++
					if local.firstErr == "" {
						local.firstErr = err.Error()
					}
				}
			}
			mu.Lock()
			out.add(local)
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	return out
}

// summarise turns a sample into the report's figures.
func summarise(s sample) stats {
	lat := slices.Clone(s.latencies)
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }
	q := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		i := int(math.Ceil(p*float64(len(lat)))) - 1
		return ms(lat[max(0, min(i, len(lat)-1))])
	}
	var sum time.Duration
	for _, l := range lat {
		sum += l
	}
	out := stats{Requests: len(lat), Errors: s.errors, Seconds: math.Round(s.elapsed.Seconds()*100) / 100, FirstError: s.firstErr,
		P50Ms: q(0.50), P90Ms: q(0.90), P99Ms: q(0.99)}
	if len(lat) > 0 {
		out.MeanMs = ms(sum / time.Duration(len(lat)))
		out.MaxMs = ms(lat[len(lat)-1])
		out.Throughput = math.Round(float64(len(lat))/s.elapsed.Seconds()*10) / 10
	}
	return out
}

// graphQLClient posts GraphQL documents to one endpoint over kept-alive connections.
type graphQLClient struct {
	url    string
	client *http.Client
}

func newGraphQLClient(url string) *graphQLClient {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, DisableCompression: true, IdleConnTimeout: time.Minute}
	return &graphQLClient{url: url, client: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// bodies encodes the requests of an operation once, before the clock starts.
func bodies(query string, vars []map[string]any) ([][]byte, error) {
	out := make([][]byte, len(vars))
	for i, v := range vars {
		b, err := json.Marshal(map[string]any{"query": query, "variables": v})
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// post sends one request and checks that the answer has data and no errors.
func (c *graphQLClient) post(ctx context.Context, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return out, fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, out)
	}
	if bytes.Contains(out, []byte(`"errors":[`)) {
		return out, fmt.Errorf("GraphQL errors: %.300s", out)
	}
	return out, nil
}

// graphQLRequest returns a request function cycling through the encoded bodies.
func (c *graphQLClient) request(bodies [][]byte) request {
	return func(ctx context.Context, i int) error {
		_, err := c.post(ctx, bodies[i%len(bodies)])
		return err
	}
}
