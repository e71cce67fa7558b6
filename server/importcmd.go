package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// runImport is the operators' command `server import [-dry-run] [flags] FILE.json`: it checks a
// document in the seed format against the configured store (the embedded store needs DATA_DIR,
// and no server running on it; or Neo4j), reports every problem with its path, and applies the
// document at once, all or nothing, unless -dry-run.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dryRun := fs.Bool("dry-run", false, "check the document and say what would change, without writing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		return fmt.Errorf("usage: server import [-dry-run] [server flags] FILE.json")
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
	cfg.Seed = false
	s, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	if g, ok := s.(*gatedStore); ok {
		if err := g.waitPrepared(ctx, 2*time.Minute); err != nil {
			return err
		}
	}
	exists := func(ctx context.Context, keys []model.NodeKey) (map[model.NodeKey]bool, error) {
		nodes, err := s.Nodes(ctx, keys)
		if err != nil {
			return nil, err
		}
		found := map[model.NodeKey]bool{}
		for i, n := range nodes {
			if n != nil && n.Key() == keys[i] {
				found[keys[i]] = true
			}
		}
		return found, nil
	}
	ds, err := seed.Plan(ctx, path, doc, exists)
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
	if *dryRun {
		fmt.Fprintf(stdout, "%s is valid: %d entities and %d relations would be written\n", path, len(ds.Nodes), len(ds.Relations))
		return nil
	}
	res, err := s.Apply(ctx, ds.ChangeSet())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s: %d entities created, %d updated; %d relations created, %d updated\n",
		path, res.NodesCreated, res.NodesUpdated, res.RelationsCreated, res.RelationsUpdated)
	return nil
}
