// Command eval measures the article extraction against the curated seed (make ingest-eval):
// it reads each source document the seed files name from -seeds, proposes its facts with the
// seeded graph loaded, and prints precision and recall per measure and the linking accuracy.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/ingest"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store/memory"
)

func main() {
	dir := flag.String("seeds", "../shared/seeds", "folder of the source documents the seed files name")
	second := flag.String("articles", "ingest/testdata/articles", "folder of the team's annotated articles (NAME.txt with NAME.json)")
	heldout := flag.String("heldout", "ingest/testdata/heldout", "folder of the held-out articles, written by someone who had not read the rules")
	heldout2 := flag.String("heldout2", "ingest/testdata/heldout2", "folder of the second held-out set, written later by another writer who had not read the rules")
	heldout3 := flag.String("heldout3", "ingest/testdata/heldout3", "folder of the third held-out set, by a third writer (skipped when it holds no articles)")
	verbose := flag.Bool("v", false, "list what was missed and found wrongly")
	flag.Parse()
	if err := run(*dir, *second, *heldout, *heldout2, *heldout3, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "ingest-eval:", err)
		os.Exit(1)
	}
}

func run(dir, second, heldout, heldout2, heldout3 string, verbose bool) error {
	ctx := context.Background()
	ds, err := seed.LoadEmbedded()
	if err != nil {
		return err
	}
	s := memory.New()
	if _, err := s.Apply(ctx, ds.ChangeSet()); err != nil {
		return err
	}
	golds, err := ingest.GoldFromSeeds(dir, ds)
	if err != nil {
		return err
	}
	x := &ingest.Extractor{Gazetteer: gazetteer.Default(), Known: ingest.KnownPlaces(ds.Nodes)}
	evaluate := func(golds []ingest.Gold) ([]*ingest.Evaluation, error) {
		var evs []*ingest.Evaluation
		for _, g := range golds {
			e, err := x.Evaluate(ctx, s, ds, g)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", g.Name, err)
			}
			evs = append(evs, e)
		}
		return evs, nil
	}
	var misses []*ingest.Evaluation
	for i, set := range []struct {
		title, dir string // dir "": the source documents against the curated seed
	}{
		{"The five source documents against the curated seed (precision / recall):", ""},
		{"The team's annotated articles (ingest/testdata/articles):", second},
		{"The held-out articles (ingest/testdata/heldout), written without reading the rules:", heldout},
		{"The second held-out set (ingest/testdata/heldout2), written later by another writer without reading the rules:", heldout2},
		{"The third held-out set (ingest/testdata/heldout3), by a third writer without reading the rules:", heldout3},
	} {
		gs := golds
		if set.dir != "" {
			if gs, err = ingest.GoldFromDir(set.dir); err != nil {
				return err
			}
		}
		if len(gs) == 0 {
			continue
		}
		evs, err := evaluate(gs)
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Println()
		}
		fmt.Println(set.title)
		ingest.Report(os.Stdout, append(evs, ingest.Total("all five", evs)))
		misses = append(misses, evs...)
	}
	if verbose {
		for _, e := range misses {
			fmt.Printf("\n%s\n  %s\n", e.Name, strings.Join(e.Misses, "\n  "))
		}
	}
	return nil
}
