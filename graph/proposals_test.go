package graph

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wtz-graph/kg/graph/generated"
)

// TestProposalsAreKeptInTheDirectory: a kept proposal is read back by a registry opened on the
// same directory, a removed one is gone, and a damaged file stops the start with its name.
func TestProposalsAreKeptInTheDirectory(t *testing.T) {
	dir := t.TempDir()
	p, err := OpenProposals(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A registry opened before (a running server) finds what another process keeps later.
	server, err := OpenProposals(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"src-a", "src-b"} {
		if err := p.put(&proposalRecord{Proposal: &generated.ArticleProposal{Source: id, Status: generated.ProposalStatusPending, Document: "{}"}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.remove("src-b"); err != nil {
		t.Fatal(err)
	}
	if _, ok := server.get("src-a"); !ok {
		t.Error("a registry opened earlier does not see a proposal kept since")
	}
	again, err := OpenProposals(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.get("src-a"); !ok {
		t.Error("a kept proposal is lost on reopening")
	}
	if _, ok := again.get("src-b"); ok {
		t.Error("a removed proposal came back")
	}
	if err := os.WriteFile(filepath.Join(dir, "src-c.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenProposals(dir); err == nil {
		t.Error("a damaged proposal file is ignored")
	}
}
