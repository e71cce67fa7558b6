package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// runImport is the operators' command `server import [-dry-run] [-replace] [-batch N]
// [-no-gazetteer-checks] [flags] FILE.json`: it checks a document in the seed format against the configured store (the
// embedded store needs DATA_DIR, and no server running on it; or Neo4j), reports every problem
// with its path, and merges the document into what the store holds (seed.PlanMerge: nothing it
// does not mention is removed, a changed value is reported old → new), at once, all or nothing,
// unless -dry-run. -replace puts the declared nodes and relations whole instead. A new
// embedded data directory gets the seed first (unless SEED=false), as the server would.
//
// With -batch N the checked document is applied in change sets of at most N entities or
// relations each: entities first, then relations. This is for documents too large for one
// transaction (a million relations in Neo4j); it is not atomic across batches: a failure leaves
// the batches before it applied. Importing the same document again completes it, since every
// write merges on ids.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dryRun := fs.Bool("dry-run", false, "check the document and say what would change, without writing")
	batch := fs.Int("batch", 0, "apply in change sets of at most this many entities or relations (0: all at once); not atomic across batches")
	replace := fs.Bool("replace", false, "put the declared entities and relations whole, replacing the stored ones, instead of merging into them")
	unchecked := fs.Bool("no-gazetteer-checks", false, "do not check Polish places' TERYT codes and points against the gazetteer (for synthetic data such as the benchmark's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		return fmt.Errorf("usage: server import [-dry-run] [-replace] [-batch N] [-no-gazetteer-checks] [server flags] FILE.json")
	}
	if *batch < 0 {
		return fmt.Errorf("batch must not be negative")
	}
	path := fs.Arg(0)
	cfg, err := parseConfig(fs.Args()[1:], getenv, stderr)
	if err != nil {
		return err
	}
	if cfg.Store == "memory" && cfg.DataDir == "" {
		return fmt.Errorf("importing into the embedded store needs DATA_DIR (otherwise the import is lost when the command ends)")
	}
	logger, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc, err := seed.Decode(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	gz, err := loadGazetteer(cfg, logger)
	if err != nil {
		return err
	}
	return importInto(ctx, cfg, logger, gz, path, importOptions{dryRun: *dryRun, replace: *replace, batch: *batch, unchecked: *unchecked}, stdout, stderr,
		func(context.Context, store.Store) (*seed.Document, error) { return doc, nil })
}

// importOptions are the flags every import command takes.
type importOptions struct {
	dryRun, replace bool
	batch           int
	// unchecked skips the gazetteer's checks of places.
	unchecked bool
}

// importInto opens the configured store (seeding a new embedded data directory first), builds
// the document against it, checks it, and merges it in (or puts it whole with replace),
// printing what it does.
func importInto(ctx context.Context, cfg Config, logger *slog.Logger, gz *gazetteer.Gazetteer, path string, opts importOptions, stdout, stderr io.Writer,
	build func(ctx context.Context, target store.Store) (*seed.Document, error)) error {
	dryRun, replace, batch := &opts.dryRun, &opts.replace, &opts.batch
	seedFirst := cfg.Seed
	cfg.Seed = false
	s, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	// A new data directory is seeded at the server's first start; an import into one would
	// otherwise keep it from ever being seeded.
	// target is what the document is checked and planned against: the store, or for a dry run
	// into a new directory, the seed alone in memory.
	var target store.Store = s
	if m, ok := s.(interface{ IsNew() bool }); ok && m.IsNew() && seedFirst {
		if *dryRun {
			fmt.Fprintln(stdout, "the data directory is new: the import would apply the seed first")
			mem := memory.New()
			if err := applySeed(ctx, mem, logger); err != nil {
				return err
			}
			target = mem
		} else {
			if err := applySeed(ctx, s, logger); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "the data directory was new: applied the seed first")
		}
	}
	if g, ok := s.(*gatedStore); ok {
		if err := g.waitPrepared(ctx, 2*time.Minute); err != nil {
			return err
		}
	}
	doc, err := build(ctx, target)
	if err != nil {
		return err
	}
	var check seed.PlaceCheck
	if !opts.unchecked {
		check = seed.GazetteerCheck(gz)
	}
	ds, err := seed.PlanChecked(ctx, path, doc, store.ExistsIn(target), check)
	var invalid *store.ValidationError
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Fprintln(stderr, p.String())
		}
		return fmt.Errorf("%d problem(s); nothing was imported", len(invalid.Problems))
	}
	if err != nil {
		return err
	}
	if *replace {
		if *dryRun {
			fmt.Fprintf(stdout, "%s is valid: %d entities and %d relations would be written whole (-replace)\n", path, len(ds.Nodes), len(ds.Relations))
			return nil
		}
	} else {
		plan, err := seed.PlanMerge(ctx, ds, target)
		if err != nil {
			return err
		}
		verb := "would"
		if !*dryRun {
			verb = "will"
		}
		fmt.Fprintf(stdout, "%s is valid: it %s create %d entities and %d relations, update %d entities and %d relations, and leave %d entities and %d relations as they are\n",
			path, verb, plan.NodesCreated, plan.RelationsCreated, plan.NodesUpdated, plan.RelationsUpdated, plan.NodesUnchanged, plan.RelationsUnchanged)
		for from, to := range plan.Redirected {
			fmt.Fprintf(stdout, "  %s was merged into %s: its declaration updates %s\n", from, to, to)
		}
		for _, c := range plan.Changes {
			fmt.Fprintln(stdout, "  "+c.String())
		}
		if *dryRun {
			return nil
		}
		if plan.Empty() {
			fmt.Fprintf(stdout, "imported %s: nothing to change\n", path)
			return nil
		}
		ds = &seed.Dataset{Nodes: plan.ChangeSet.PutNodes, Relations: plan.ChangeSet.PutRelations}
	}
	res, err := applyInBatches(ctx, s, ds, *batch, func(done, total int) {
		logger.Info("import batch applied", "done", done, "total", total)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %d entities created, %d updated; %d relations created, %d updated\n",
		path, res.NodesCreated, res.NodesUpdated, res.RelationsCreated, res.RelationsUpdated)
	return nil
}

// applyInBatches applies a checked dataset: at once when size is 0, else in change sets of at
// most size entities, then at most size relations, reporting progress after each.
func applyInBatches(ctx context.Context, s store.Store, ds *seed.Dataset, size int, progress func(done, total int)) (store.ApplyResult, error) {
	if size <= 0 {
		return s.Apply(ctx, ds.ChangeSet())
	}
	var sets []store.ChangeSet
	for i := 0; i < len(ds.Nodes); i += size {
		sets = append(sets, store.ChangeSet{PutNodes: ds.Nodes[i:min(i+size, len(ds.Nodes))]})
	}
	for i := 0; i < len(ds.Relations); i += size {
		sets = append(sets, store.ChangeSet{PutRelations: ds.Relations[i:min(i+size, len(ds.Relations))]})
	}
	var total store.ApplyResult
	for i, cs := range sets {
		res, err := s.Apply(ctx, cs)
		if err != nil {
			return total, fmt.Errorf("batch %d of %d (the batches before it are applied): %w", i+1, len(sets), err)
		}
		total.NodesCreated += res.NodesCreated
		total.NodesUpdated += res.NodesUpdated
		total.RelationsCreated += res.RelationsCreated
		total.RelationsUpdated += res.RelationsUpdated
		progress(i+1, len(sets))
	}
	return total, nil
}
