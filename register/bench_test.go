package register

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// BenchmarkRegisterImport imports a synthetic register into a synthetic graph (size S, or
// REGISTER_BENCH_SIZE=M for national scale) on the embedded store: two thirds of its rows are
// welfare centres the graph holds, named as a register names them, the rest new associations.
// It reads the CSV, places, checks and matches every row, plans the merge and applies it, and
// prints the time, the memory allocated and the decisions. The gazetteer is the synthetic
// graph's units written as a TERC file, so that every row can be placed.
//
//	REGISTER_BENCH_SIZE=M go test ./register -run '^$' -bench RegisterImport -benchtime 1x
func BenchmarkRegisterImport(b *testing.B) {
	size, err := synth.SizeFromEnv("REGISTER_BENCH_SIZE")
	if err != nil {
		b.Fatal(err)
	}
	doc, ds, err := synth.Planned(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	// The units as a TERC file, and the seat of every welfare centre.
	var terc strings.Builder
	terc.WriteString("WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n")
	unitName := map[string]string{}
	for _, p := range doc.Places {
		switch {
		case p.Kind == "VOIVODESHIP":
			fmt.Fprintf(&terc, "%s;;;;%s;województwo;2026-01-01\n", p.TERC, strings.ToUpper(strings.TrimPrefix(p.Name, "województwo ")))
		case p.Kind == "POWIAT":
			fmt.Fprintf(&terc, "%s;%s;;;%s;powiat;2026-01-01\n", p.TERC[:2], p.TERC[2:4], p.Name)
			unitName[p.TERC] = strings.TrimPrefix(p.Name, "powiat ")
		case p.Kind == "GMINA":
			n := strings.TrimPrefix(p.Name, "gmina ")
			fmt.Fprintf(&terc, "%s;%s;%s;%s;%s;gmina;2026-01-01\n", p.TERC[:2], p.TERC[2:4], p.TERC[4:6], p.TERC[6:], n)
			unitName[p.TERC] = n
		}
	}
	g, err := gazetteer.Default().WithTERC(strings.NewReader(terc.String()))
	if err != nil {
		b.Fatal(err)
	}
	placeTERC := map[string]string{}
	for _, p := range doc.Places {
		placeTERC["Place:"+p.ID] = p.TERC
	}
	seat := map[string]string{}
	for _, r := range doc.Relations {
		if r.Type == string(ecosystem.RelLocatedIn) {
			seat[r.From] = placeTERC[r.To]
		}
	}
	var rows strings.Builder
	rows.WriteString("nazwa;typ;gmina;powiat\n")
	existing, fresh := 0, 0
	for _, o := range doc.Organisations {
		t := seat["Organisation:"+o.ID]
		if o.Kind != string(ecosystem.KindOPS) || len(t) != 7 || existing == 2000 {
			continue
		}
		fmt.Fprintf(&rows, "%s;OPS;%s;%s\n", o.Name, unitName[t], unitName[t[:4]])
		existing++
	}
	for _, o := range doc.Organisations {
		t := seat["Organisation:"+o.ID]
		if fresh == existing/2 || len(t) != 7 {
			continue
		}
		fmt.Fprintf(&rows, "Stowarzyszenie Nowe Numer %d;NGO;%s;%s\n", fresh, unitName[t], unitName[t[:4]])
		fresh++
	}
	m, err := ParseMapping([]byte(`{"source": {"id": "src-bench-register", "title": "Synthetic register"},
	  "columns": {"name": "nazwa", "kind": "typ", "gmina": "gmina", "powiat": "powiat"}, "kinds": {"OPS": "OPS", "NGO": "ASSOCIATION"}}`))
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(rows.String())
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := memory.New()
		if _, err := s.Apply(context.Background(), ds.ChangeSet()); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		start := time.Now()
		table, err := Read(data, m.Format, m.Columns.Names())
		if err != nil {
			b.Fatal(err)
		}
		out, rep, err := (&Planner{Store: s, Gazetteer: g, Mapping: m}).Plan(context.Background(), table)
		if err != nil {
			b.Fatal(err)
		}
		planned := time.Since(start)
		checked, err := seed.Plan(context.Background(), "register", out, store.ExistsIn(s))
		if err != nil {
			b.Fatal(err)
		}
		plan, err := seed.PlanMerge(context.Background(), checked, s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Apply(context.Background(), plan.ChangeSet); err != nil {
			b.Fatal(err)
		}
		total := time.Since(start)
		if os.Getenv("REGISTER_BENCH_VERBOSE") != "" {
			for _, p := range rep.Problems {
				b.Log(p)
			}
			for _, a := range rep.Ambiguous {
				b.Log(a)
			}
		}
		b.StopTimer()
		runtime.ReadMemStats(&after)
		b.ReportMetric(total.Seconds(), "import-s")
		b.ReportMetric(planned.Seconds(), "match-s")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "alloc-MiB")
		b.ReportMetric(float64(rep.Rows), "rows")
		b.ReportMetric(float64(rep.Matched), "matched")
		b.ReportMetric(float64(rep.New), "new")
		b.ReportMetric(float64(rep.Skipped), "skipped")
		b.ReportMetric(float64(len(ds.Nodes)), "graph-nodes")
		b.StartTimer()
	}
}
