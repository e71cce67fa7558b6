package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
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
	if err := runImport(t.Context(), []string{"-dry-run", write("ASSOCIATION", "fosa")}, env, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "would create 2 entities and 1 relations") {
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
	nodes, err := s.Nodes(t.Context(), []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: slug}})
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

// TestImportMergesNeverWipes: an import merges into what the data directory holds. Re-declaring
// a seeded voivodeship with a new citation keeps its aliases, English name, point and seed
// citations, and the dry run shows the one change; importing the same file again writes no log
// record; a declaration of an id merged into another updates the survivor and does not bring
// the duplicate back; a new data directory gets the seed before the import.
func TestImportMergesNeverWipes(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "DATA_DIR" {
			return dir
		}
		return ""
	}
	doc := filepath.Join(t.TempDir(), "register.json")
	if err := os.WriteFile(doc, []byte(`{"sources": [{"id": "src-register", "title": "Rejestr testowy", "kind": "REGISTRY"}],
	  "places": [{"id": "malopolskie", "name": "Małopolska", "kind": "VOIVODESHIP", "country": "PL", "cite": [{"source": "src-register", "locator": "row 2"}]}],
	  "organisations": [
	    {"id": "ops-a", "name": "Ośrodek Pomocy Społecznej A", "kind": "OPS", "country": "PL", "website": "https://a.example", "cite": [{"source": "src-register", "locator": "row 3"}]},
	    {"id": "ops-b", "name": "Ośrodek Pomocy Społecznej B", "kind": "OPS", "country": "PL", "website": "https://b.example", "cite": [{"source": "src-register", "locator": "row 4"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, problems bytes.Buffer
	if err := runImport(t.Context(), []string{"-dry-run", doc}, env, &out, &problems); err != nil {
		t.Fatalf("%v\n%s", err, problems.String())
	}
	if !strings.Contains(out.String(), "apply the seed first") || !strings.Contains(out.String(), "Place:malopolskie: aliases: + Małopolska (the imported name") ||
		!strings.Contains(out.String(), "Place:malopolskie: sources: + src-register row 2") {
		t.Errorf("the dry run does not show the seed and the field changes:\n%s", out.String())
	}
	out.Reset()
	if err := runImport(t.Context(), []string{doc}, env, &out, io.Discard); err != nil || !strings.Contains(out.String(), "applied the seed first") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	s, err := memory.Open(dir, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{{Type: ecosystem.NodePlace, Slug: "malopolskie"}, {Type: ecosystem.NodeOrganisation, Slug: "mops-gdynia"}})
	if err != nil {
		t.Fatal(err)
	}
	p := got[0].(*ecosystem.Place)
	if p.Name != "województwo małopolskie" || p.NameEn != "Lesser Poland Voivodeship" || p.Point == nil || !slices.Contains(p.Aliases, "małopolskie") ||
		!slices.Contains(p.Aliases, "Małopolska") || len(p.Sources) < 2 || got[1] == nil {
		t.Errorf("the re-declared voivodeship lost what the import does not mention: %+v (seed: %v)", p, got[1] != nil)
	}
	// Merge the two organisations, as an editor would.
	merge := store.ChangeSet{Merges: []store.Merge{{Survivor: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "ops-a"}, Merged: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "ops-b"}}}}
	if _, err := s.Apply(t.Context(), merge); err != nil {
		t.Fatal(err)
	}
	s.Close(context.Background())
	report := func() string {
		r, err := memory.Inspect(dir)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	out.Reset()
	if err := runImport(t.Context(), []string{doc}, env, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Organisation:ops-b was merged into Organisation:ops-a") {
		t.Errorf("the re-import does not say that ops-b resolves to ops-a:\n%s", out.String())
	}
	if has(t, dir, "ops-b") {
		s, _ := memory.Open(dir, discardLogger())
		n, _ := s.Nodes(t.Context(), []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "ops-b"}})
		s.Close(context.Background())
		if n[0] != nil && n[0].Key().Slug == "ops-b" {
			t.Error("the re-import brought the merged duplicate back")
		}
	}
	// Once more: nothing changes, and no record is written.
	before := report()
	out.Reset()
	if err := runImport(t.Context(), []string{doc}, env, &out, io.Discard); err != nil || !strings.Contains(out.String(), "nothing to change") {
		t.Fatalf("a second import: %v\n%s", err, out.String())
	}
	if after := report(); after != before {
		t.Errorf("a second import of the same file wrote to the log:\n%s\n---\n%s", before, after)
	}
}
