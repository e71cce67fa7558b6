package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph"
	"github.com/wtz-graph/kg/ingest"
	"github.com/wtz-graph/kg/match"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// runIngest is the editors' command `server ingest [-title T] [-url U] [-published DATE]
// [-publisher NAME] [-source ID] [-out PROPOSAL.json] [-accept | -keep] [server flags] ARTICLE.txt`: it
// reads a Polish news item, finds the organisations, people, places, dates, events and
// projects it names and the relations between them, links each to the graph (reusing a
// node when the match is confident, listing the candidates when it is not), and prints the
// proposal for review, with the import's dry run of it. -out writes the proposal (a seed
// document, which `server import` takes after an editor's changes); -keep keeps it in
// DATA_DIR/proposals, where the server's review page finds it. Nothing is written to the
// graph unless -accept.
func runIngest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	title := fs.String("title", "", "the article's title (default: its first paragraph)")
	url := fs.String("url", "", "where the article is published")
	published := fs.String("published", "", "when it was published (2021-09-10, or 2021-09): the year of dates written without one")
	publisher := fs.String("publisher", "", "the publishing organisation's name as the article writes it (\"we\" in the text)")
	sourceID := fs.String("source", "", "the id of the article's Source (default: src-article- and a hash of the text)")
	out := fs.String("out", "", "write the proposal (a seed document) to this file")
	accept := fs.Bool("accept", false, "write the proposal to the graph (merging into existing entities)")
	keep := fs.Bool("keep", false, "keep the proposal in DATA_DIR/proposals for review in the explorer (Review an article) once the server runs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	usage := "usage: server ingest [-title T] [-url U] [-published DATE] [-publisher NAME] [-source ID] [-out FILE] [-accept | -keep] [server flags] ARTICLE.txt"
	if fs.NArg() < 1 {
		return fmt.Errorf("%s", usage)
	}
	path := fs.Arg(0)
	cfg, err := parseConfig(fs.Args()[1:], getenv, stderr)
	if err != nil {
		return err
	}
	if *accept && cfg.Store == "memory" && cfg.DataDir == "" {
		return fmt.Errorf("accepting into the embedded store needs DATA_DIR (otherwise the facts are lost when the command ends)")
	}
	if *keep && (cfg.DataDir == "" || *accept) {
		return fmt.Errorf("-keep needs DATA_DIR (where the server keeps proposals) and no -accept")
	}
	logger, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(text)) == "" {
		return fmt.Errorf("%s is empty", path)
	}
	id := *sourceID
	if id != "" {
		if err := ecosystem.ValidateSlug(id); err != nil {
			return fmt.Errorf("-source: %v", err)
		}
	}
	if id == "" {
		sum := sha256.Sum256(text)
		id = "src-article-" + hex.EncodeToString(sum[:4])
	}
	if *published != "" {
		if _, err := ecosystem.ParsePartialDate(*published); err != nil {
			return fmt.Errorf("published: %v", err)
		}
	}
	gz, err := loadGazetteer(cfg, logger)
	if err != nil {
		return err
	}
	article := ingest.Article{Text: string(text), Title: *title, URL: *url, Published: *published, Publisher: *publisher}
	if cfg.Store == "memory" && cfg.DataDir == "" {
		cfg.Seed = true // read against the seeded graph; nothing is kept
	}
	return importInto(ctx, cfg, logger, gz, path, importOptions{dryRun: !*accept}, stdout, stderr,
		func(ctx context.Context, target store.Store) (*seed.Document, error) {
			x := &ingest.Extractor{Gazetteer: gz, Lookup: ingest.GraphPlaces(ctx, target)}
			p, err := x.Propose(ctx, target, article, id)
			if err != nil {
				return nil, err
			}
			printProposal(stdout, p)
			if *keep {
				props, err := graph.OpenProposals(filepath.Join(cfg.DataDir, "proposals"))
				if err != nil {
					return nil, err
				}
				kept, err := (&graph.Resolver{Store: target, Gazetteer: gz, Proposals: props}).ProposeArticle(ctx, article, id)
				if err != nil {
					return nil, err
				}
				fmt.Fprintf(stdout, "kept the proposal %s for review: start the server and open the explorer's Review an article tab\n", kept.Source)
			}
			if *out != "" {
				raw, _ := json.MarshalIndent(p.Document, "", "  ")
				if err := os.WriteFile(*out, append(raw, '\n'), 0o644); err != nil {
					return nil, err
				}
				fmt.Fprintf(stdout, "wrote the proposal to %s\n", *out)
			}
			return &p.Document, nil
		})
}

// printProposal writes what an editor reviews: each entity with its link, then the relations.
func printProposal(w io.Writer, p *ingest.Proposal) {
	fmt.Fprintf(w, "%d entities, %d relations proposed:\n", len(p.Links), len(p.Document.Relations))
	for _, l := range p.Links {
		m := l.Mention
		line := fmt.Sprintf("  ¶%-3d %-13s %q", m.Para, m.Type, m.Name)
		switch l.Decision {
		case match.Same:
			line += " → existing " + l.ID.GlobalID()
		case match.New:
			line += " → new " + l.ID.GlobalID()
		default:
			var cands []string
			for _, c := range l.Candidates[:min(3, len(l.Candidates))] {
				cands = append(cands, fmt.Sprintf("%s (%.2f)", c.ID.GlobalID(), c.Score))
			}
			line += " → new " + l.ID.GlobalID() + "; could be " + strings.Join(cands, ", ")
		}
		if m.Guessed {
			line += " [form read by ending rules]"
		}
		fmt.Fprintln(w, line)
	}
	for _, r := range p.Document.Relations {
		fmt.Fprintf(w, "  %s %s → %s (%s: %s)\n", r.Type, r.From, r.To, r.Cite[0].Locator, r.Cite[0].Note)
	}
}
