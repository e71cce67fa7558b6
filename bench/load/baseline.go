package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	driverconfig "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// baseline is the hand-written answer to an operation: one Cypher query through the Go driver,
// then what a client needs to do in Go to have the same answer (decode citations, apply the
// same ranking rules as the stores). It is the floor our server's Neo4j backend is measured
// against.
type baseline struct {
	cypher string
	// params maps our GraphQL variables onto the query's parameters.
	params func(v map[string]any) map[string]any
	// answer turns the records into the answer, summarised as a list of strings that the check
	// compares with the same summary of our server's answer (summary).
	answer  func(v map[string]any, recs []*neo4j.Record) ([]string, error)
	summary func(data map[string]any) []string
}

// neo4jDB is the harness's own connection to Neo4j: it empties the database before an import,
// and runs the Cypher baselines.
type neo4jDB struct {
	driver neo4j.DriverWithContext
}

func openBaseline(ctx context.Context, uri string) (*neo4jDB, error) {
	d, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth(), func(c *driverconfig.Config) {
		c.MaxConnectionPoolSize = 100
	})
	if err != nil {
		return nil, err
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("neo4j at %s: %w", uri, err)
	}
	return &neo4jDB{driver: d}, nil
}

func (db *neo4jDB) close(ctx context.Context) { _ = db.driver.Close(ctx) }

// reset deletes every node and relationship in batches (a million relationships do not fit one
// transaction); the schema stays.
func (db *neo4jDB) reset(ctx context.Context) error {
	s := db.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
	defer s.Close(ctx)
	res, err := s.Run(ctx, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS", nil)
	if err != nil {
		return fmt.Errorf("empty the database: %w", err)
	}
	_, err = res.Consume(ctx)
	return err
}

func (db *neo4jDB) query(ctx context.Context, b baseline, v map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, db.driver, b.cypher, b.params(v), neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, err
	}
	return res.Records, nil
}

// request returns a request function running the baseline for the i-th variable set.
func (db *neo4jDB) request(b baseline, vars []map[string]any) request {
	return func(ctx context.Context, i int) error {
		v := vars[i%len(vars)]
		recs, err := db.query(ctx, b, v)
		if err != nil {
			return err
		}
		_, err = b.answer(v, recs)
		return err
	}
}

// check records whether the baseline gives the same answer as our server.
type check struct {
	Operation string `json:"operation"`
	Checked   int    `json:"checked"`
	Agreed    int    `json:"agreed"`
	// Difference shows the first disagreement, for the report.
	Difference string `json:"difference,omitempty"`
}

// checkBaseline asks our server and the baseline the first few questions of the operation and
// compares the summaries of their answers.
func (w *workload) checkBaseline(ctx context.Context, ours *graphQLClient, db *neo4jDB, op operation, b baseline, vars []map[string]any) (check, error) {
	c := check{Operation: op.name}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for _, v := range vars[:min(len(vars), 8)] {
		body, err := json.Marshal(map[string]any{"query": op.query, "variables": v})
		if err != nil {
			return c, err
		}
		raw, err := ours.post(ctx, body)
		if err != nil {
			return c, fmt.Errorf("%s: our server: %w", op.name, err)
		}
		var resp struct {
			Data map[string]any `json:"data"`
		}
		if err := json.Unmarshal(raw, &resp); err != nil {
			return c, err
		}
		recs, err := db.query(ctx, b, v)
		if err != nil {
			return c, fmt.Errorf("%s: baseline: %w", op.name, err)
		}
		theirs, err := b.answer(v, recs)
		if err != nil {
			return c, fmt.Errorf("%s: baseline answer: %w", op.name, err)
		}
		mine := b.summary(resp.Data)
		c.Checked++
		if equalStrings(mine, theirs) {
			c.Agreed++
		} else if c.Difference == "" {
			c.Difference = fmt.Sprintf("variables %v: ours %.400q, baseline %.400q", v, fmt.Sprint(mine), fmt.Sprint(theirs))
		}
	}
	w.logf("neo4j %-13s baseline agrees with our answer on %d of %d questions %s", op.name, c.Agreed, c.Checked, c.Difference)
	return c, nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
