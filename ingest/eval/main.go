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
	verbose := flag.Bool("v", false, "list what was missed and found wrongly")
	flag.Parse()
	if err := run(*dir, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "ingest-eval:", err)
		os.Exit(1)
	}
}

func run(dir string, verbose bool) error {
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
	var evs []*ingest.Evaluation
	for _, g := range golds {
		e, err := x.Evaluate(ctx, s, ds, g)
		if err != nil {
			return fmt.Errorf("%s: %w", g.Name, err)
		}
		evs = append(evs, e)
	}
	fmt.Println("The five source documents against the curated seed (precision / recall):")
	ingest.Report(os.Stdout, append(evs, ingest.Total("all five", evs)))
	if verbose {
		for _, e := range evs {
			fmt.Printf("\n%s\n  %s\n", e.Name, strings.Join(e.Misses, "\n  "))
		}
	}
	return nil
}
