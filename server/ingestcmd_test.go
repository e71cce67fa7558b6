package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store/memory"
)

// TestIngestCommand reads an article from the command line: without -accept it prints the
// proposal and the dry run and writes nothing; -out writes a seed document that decodes; with
// -accept the new organisation and the article's source are in the graph, and an existing
// organisation got the article's citation.
func TestIngestCommand(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	}
	article := filepath.Join(t.TempDir(), "article.txt")
	text := "Wizyta w Olsztynie\n\nW dniach 6-9 września 2021 r. przedstawiciele Stowarzyszenia Przyjaciół Ziemi Kociewskiej z Gdańska odwiedzili Regionalny Ośrodek Polityki Społecznej w Olsztynie.\n"
	if err := os.WriteFile(article, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "proposal.json")
	var stdout bytes.Buffer
	if err := runIngest(t.Context(), []string{"-published", "2021-09", "-source", "src-cli-article", "-out", out, article}, env, &stdout, io.Discard); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stdout.String())
	}
	for _, want := range []string{`"Regionalny Ośrodek Polityki Społecznej w Olsztynie" → existing Organisation:rops-olsztyn`,
		`"Stowarzyszenie Przyjaciół Ziemi Kociewskiej" → new Organisation:stowarzyszenie-przyjaciol-ziemi-kociewskiej`, "is valid: it would create"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the review lacks %q:\n%s", want, stdout.String())
		}
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Decode(raw); err != nil {
		t.Fatalf("the proposal file: %v", err)
	}
	if has(t, dir, "stowarzyszenie-przyjaciol-ziemi-kociewskiej") {
		t.Fatal("a proposal without -accept wrote to the graph")
	}
	// -keep leaves it for the explorer's review.
	stdout.Reset()
	if err := runIngest(t.Context(), []string{"-published", "2021-09", "-source", "src-cli-kept", "-keep", article}, env, &stdout, io.Discard); err != nil {
		t.Fatalf("keep: %v\n%s", err, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "proposals", "src-cli-kept.json")); err != nil || !strings.Contains(stdout.String(), "kept the proposal src-cli-kept") {
		t.Errorf("-keep: %v\n%s", err, stdout.String())
	}
	stdout.Reset()
	if err := runIngest(t.Context(), []string{"-published", "2021-09", "-source", "src-cli-article", "-accept", article}, env, &stdout, io.Discard); err != nil {
		t.Fatalf("accept: %v\n%s", err, stdout.String())
	}
	s, err := memory.Open(dir, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	nodes, err := s.Nodes(t.Context(), []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "stowarzyszenie-przyjaciol-ziemi-kociewskiej"},
		{Type: ecosystem.NodeSource, Slug: "src-cli-article"}, {Type: ecosystem.NodeOrganisation, Slug: "rops-olsztyn"}})
	if err != nil {
		t.Fatal(err)
	}
	if nodes[0] == nil || nodes[1] == nil {
		t.Fatalf("after -accept: %v", nodes)
	}
	cited := false
	for _, c := range nodes[2].Common().Sources {
		cited = cited || c.Source == "src-cli-article"
	}
	if !cited || nodes[2].Common().Name != "Regionalny Ośrodek Polityki Społecznej w Olsztynie" {
		t.Errorf("the existing organisation: %+v", nodes[2].Common())
	}
	if err := runIngest(t.Context(), []string{"-accept", article}, func(string) string { return "" }, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "DATA_DIR") {
		t.Errorf("accept without a data directory: %v", err)
	}
}
