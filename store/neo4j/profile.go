package neo4j

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// profiled runs a read with PROFILE and logs, at Info, the query (its first 200 characters,
// whitespace folded), its time, its total database hits and rows, and the plan as an indented
// tree of operators with their rows and db hits: what a slow request's queries do, read in
// the server's log (NEO4J_PROFILE=true).
func (s *Store) profiled(ctx context.Context, session neo4j.SessionWithContext, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	start := time.Now()
	res, err := session.Run(ctx, "PROFILE "+cypher, params)
	if err != nil {
		return nil, err
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}
	sum, err := res.Consume(ctx)
	if err != nil || sum.Profile() == nil {
		return recs, nil
	}
	var b strings.Builder
	var hits int64
	var walk func(p neo4j.ProfiledPlan, depth int)
	walk = func(p neo4j.ProfiledPlan, depth int) {
		hits += p.DbHits()
		fmt.Fprintf(&b, "\n%s%s rows=%d dbHits=%d", strings.Repeat("  ", depth), p.Operator(), p.Records(), p.DbHits())
		if d, ok := p.Arguments()["Details"].(string); ok && d != "" {
			fmt.Fprintf(&b, " %s", truncate(d, 160))
		}
		for _, c := range p.Children() {
			walk(c, depth+1)
		}
	}
	walk(sum.Profile(), 0)
	s.logger.LogAttrs(ctx, slog.LevelInfo, "neo4j profile",
		slog.String("query", truncate(strings.Join(strings.Fields(cypher), " "), 200)),
		slog.Duration("took", time.Since(start)), slog.Int64("dbHits", hits), slog.Int("records", len(recs)),
		slog.String("plan", b.String()))
	return recs, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
