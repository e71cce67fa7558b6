package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wtz-graph/kg/register"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// runRegister is the editors' command `server register import -mapping MAPPING.json [-dry-run]
// [server flags] FILE`: it reads a register (CSV or XLSX) through its mapping, places each row
// in the gazetteer (GAZETTEER_TERC adds the gminas), matches it against the graph, reports every
// problem by row and field and every ambiguous row, and merges the rest in like `server import`.
func runRegister(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		return fmt.Errorf("usage: server register import -mapping MAPPING.json [-dry-run] [server flags] FILE")
	}
	fs := flag.NewFlagSet("register import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mappingPath := fs.String("mapping", "", "the mapping file (JSON): which column holds what; see README, Registers")
	dryRun := fs.Bool("dry-run", false, "read, match and check the register and say what would change, without writing")
	batch := fs.Int("batch", 0, "apply in change sets of at most this many entities or relations (0: all at once)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *mappingPath == "" || fs.NArg() < 1 {
		return fmt.Errorf("usage: server register import -mapping MAPPING.json [-dry-run] [server flags] FILE")
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
	raw, err := os.ReadFile(*mappingPath)
	if err != nil {
		return err
	}
	m, err := register.ParseMapping(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", *mappingPath, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	table, err := register.Read(data, m.Format, m.Columns.Names())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	gz, err := loadGazetteer(cfg, logger)
	if err != nil {
		return err
	}
	if !gz.HasTERC() {
		fmt.Fprintln(stdout, "note: without GAZETTEER_TERC the rows are placed by locality and powiat, not by gmina")
	}
	return importInto(ctx, cfg, logger, gz, path, importOptions{dryRun: *dryRun, batch: *batch}, stdout, stderr,
		func(ctx context.Context, target store.Store) (*seed.Document, error) {
			p := &register.Planner{Store: target, Gazetteer: gz, Mapping: m}
			doc, rep, err := p.Plan(ctx, table)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			fmt.Fprintf(stdout, "%s: %d rows (%s, delimiter %q): %d match organisations of the graph, %d are new, %d skipped\n",
				path, rep.Rows, rep.Encoding, rep.Delimiter, rep.Matched, rep.New, rep.Skipped)
			for _, pr := range rep.Problems {
				fmt.Fprintln(stdout, "  "+pr.String())
			}
			for _, a := range rep.Ambiguous {
				fmt.Fprintf(stdout, "  row %d (line %d) %q is ambiguous, not imported: it could be %v\n", a.Row, a.Line, a.Name, a.Candidates)
			}
			return doc, nil
		})
}
