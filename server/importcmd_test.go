package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store/memory"
)

// TestImportCommand imports a document into a data directory from the command line: a broken
// document reports every problem and writes nothing; a dry run writes nothing; the import
// itself is read back by a store opened on the same directory.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	}
	doc := `{"sources": [{"id": "src-cli", "title": "CLI test", "kind": "ARTICLE"}],
	  "organisations": [{"id": "ngo-cli", "name": "Stowarzyszenie CLI", "kind": "%s", "country": "PL", "cite": [{"locator": "¶1"}]}],
	  "relations": [{"type": "MEMBER_OF", "from": "Organisation:ngo-cli", "to": "Organisation:%s", "cite": [{"locator": "¶2"}]}]}`
	write := func(kind, to string) string {
		p := filepath.Join(t.TempDir(), "doc.json")
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(strings.Replace(strings.Replace(doc, "%s", kind, 1), "%s", to, 1), "%%", "%")), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The data directory starts with the seed, as a first server start would leave it.
	seeded, err := openStore(t.Context(), Config{Store: "memory", DataDir: dir, Seed: true}, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	seeded.Close(context.Background())

	var stderr bytes.Buffer
	err = runImport(t.Context(), []string{write("CLUB", "nowhere")}, env, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "2 problem(s)") ||
		!strings.Contains(stderr.String(), `unknown organisation kind "CLUB"`) || !strings.Contains(stderr.String(), "Organisation:nowhere") {
		t.Fatalf("a broken document: %v\n%s", err, stderr.String())
	}
	var stdout bytes.Buffer
	if err := runImport(t.Context(), []string{"-dry-run", write("ASSOCIATION", "fosa")}, env, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "would be written") {
		t.Fatalf("dry run: %v %s", err, stdout.String())
	}
	if has(t, dir, "ngo-cli") {
		t.Fatal("a dry run or a broken document wrote to the store")
	}
	stdout.Reset()
	if err := runImport(t.Context(), []string{write("ASSOCIATION", "fosa")}, env, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "2 entities created") {
		t.Fatalf("import: %v %s", err, stdout.String())
	}
	if !has(t, dir, "ngo-cli") {
		t.Error("the imported organisation is not in the data directory")
	}
	if err := runImport(t.Context(), []string{write("ASSOCIATION", "fosa")}, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
		t.Error("an import into the embedded store without DATA_DIR was accepted")
	}
}

func has(t *testing.T, dir, slug string) bool {
	t.Helper()
	s, err := memory.Open(dir, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	nodes, err := s.Nodes(t.Context(), []model.NodeKey{{Type: model.NodeOrganisation, Slug: slug}})
	if err != nil {
		t.Fatal(err)
	}
	return nodes[0] != nil
}

// TestImportCommandInBatches imports a document in change sets of one entity or relation each:
// everything arrives, and the counts add up over the batches.
func TestImportCommandInBatches(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	}
	doc := `{"sources": [{"id": "src-batch", "title": "Batch test", "kind": "ARTICLE"}],
	  "organisations": [
	    {"id": "ngo-batch-a", "name": "Stowarzyszenie Pierwsze", "kind": "ASSOCIATION", "country": "PL", "cite": [{"locator": "¶1"}]},
	    {"id": "ngo-batch-b", "name": "Fundacja Druga", "kind": "FOUNDATION", "country": "PL", "cite": [{"locator": "¶1"}]}],
	  "relations": [
	    {"type": "COOPERATES_WITH", "from": "Organisation:ngo-batch-a", "to": "Organisation:ngo-batch-b", "cite": [{"locator": "¶2"}]},
	    {"type": "FOUNDED", "from": "Organisation:ngo-batch-a", "to": "Organisation:ngo-batch-b", "cite": [{"locator": "¶3"}]}]}`
	p := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	if err := runImport(t.Context(), []string{"-batch", "1", p}, env, &stdout, io.Discard); err != nil ||
		!strings.Contains(stdout.String(), "3 entities created") || !strings.Contains(stdout.String(), "2 relations created") {
		t.Fatalf("batched import: %v %s", err, stdout.String())
	}
	if !has(t, dir, "ngo-batch-a") || !has(t, dir, "ngo-batch-b") {
		t.Error("a batched import lost an organisation")
	}
	if err := runImport(t.Context(), []string{"-batch", "-1", p}, env, io.Discard, io.Discard); err == nil {
		t.Error("a negative batch size was accepted")
	}
}
