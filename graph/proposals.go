package graph

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/ingest"
	"github.com/wtz-graph/kg/seed"
)

// Proposals keeps article proposals until an editor accepts or rejects them, and accepted
// ones for rolling back: in a directory (one JSON file per proposal, written to a temporary
// file, synced and renamed, so a crash leaves the old file or the new one), or in memory when
// it has none.
type Proposals struct {
	dir string
	mu  sync.Mutex
	m   map[string]*proposalRecord
	// read is when each file was last read, so that a file kept again by another process is
	// read again.
	read map[string]time.Time
	// ops serialises the operations that read a proposal's state and change it (propose,
	// accept, reject, roll back), so that a rejection cannot land in the middle of an accept.
	ops sync.Mutex
}

type proposalRecord struct {
	Proposal *generated.ArticleProposal `json:"proposal"`
	// Accepted is the document that was imported, for the rollback, and Created the
	// entities the acceptance created (the only ones a rollback may delete).
	Accepted *seed.Document `json:"accepted,omitempty"`
	Created  []string       `json:"created,omitempty"`
}

// OpenProposals reads the proposals kept in dir ("" keeps them in memory).
func OpenProposals(dir string) (*Proposals, error) {
	p := &Proposals{dir: dir, m: map[string]*proposalRecord{}, read: map[string]time.Time{}}
	if dir == "" {
		return p, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		raw, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var rec proposalRecord
		id := strings.TrimSuffix(filepath.Base(n), ".json")
		if err := json.Unmarshal(raw, &rec); err != nil || rec.Proposal == nil || rec.Proposal.Source != id {
			return nil, errors.New("proposal file " + n + " is damaged; move it away to start")
		}
		p.m[id] = &rec
	}
	return p, nil
}

func (p *Proposals) get(id string) (*proposalRecord, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refresh()
	rec, ok := p.m[id]
	return rec, ok
}

// refresh reads the files another process (server ingest -keep) wrote since; a file it cannot
// read yet is left for the next time.
func (p *Proposals) refresh() {
	if p.dir == "" {
		return
	}
	names, err := filepath.Glob(filepath.Join(p.dir, "*.json"))
	if err != nil {
		return
	}
	for _, n := range names {
		id := strings.TrimSuffix(filepath.Base(n), ".json")
		fi, err := os.Stat(n)
		if err != nil {
			continue
		}
		if _, ok := p.m[id]; ok && !fi.ModTime().After(p.read[id]) {
			continue
		}
		p.read[id] = fi.ModTime()
		raw, err := os.ReadFile(n)
		if err != nil {
			continue
		}
		var rec proposalRecord
		if json.Unmarshal(raw, &rec) == nil && rec.Proposal != nil && rec.Proposal.Source == id {
			p.m[id] = &rec
		}
	}
}

func (p *Proposals) put(rec *proposalRecord) error {
	if err := ecosystem.ValidateSlug(rec.Proposal.Source); err != nil {
		return err // an id is a file name: never a path
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dir != "" {
		raw, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		path := filepath.Join(p.dir, rec.Proposal.Source+".json")
		tmp := path + ".tmp"
		f, err := os.Create(tmp)
		if err != nil {
			return err
		}
		if _, err := f.Write(raw); err != nil {
			f.Close()
			return err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
		if fi, err := os.Stat(path); err == nil {
			p.read[rec.Proposal.Source] = fi.ModTime()
		}
	}
	p.m[rec.Proposal.Source] = rec
	return nil
}

func (p *Proposals) remove(id string) error {
	if err := ecosystem.ValidateSlug(id); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dir != "" {
		if err := os.Remove(filepath.Join(p.dir, id+".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	delete(p.m, id)
	return nil
}

func (p *Proposals) list(status *generated.ProposalStatus) []*generated.ArticleProposal {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refresh()
	out := []*generated.ArticleProposal{}
	for _, rec := range p.m {
		if status == nil || rec.Proposal.Status == *status {
			out = append(out, rec.Proposal)
		}
	}
	slices.SortFunc(out, func(a, b *generated.ArticleProposal) int {
		return strings.Compare(b.Created+b.Source, a.Created+a.Source)
	})
	return out
}

// memoryProposals are the proposals of a resolver built without a Proposals.
var memoryProposals = sync.OnceValue(func() *Proposals { p, _ := OpenProposals(""); return p })

func (r *Resolver) proposals() *Proposals {
	if r.Proposals != nil {
		return r.Proposals
	}
	return memoryProposals()
}

// editor refuses a read of proposals without the write token: they are not yet facts.
func (r *Resolver) editor(ctx context.Context) error {
	if r.Editor == nil {
		return forbidden("the API is read-only: proposals are for editors, and no write token is configured")
	}
	op := graphql.GetOperationContext(ctx)
	if op == nil || !r.Editor(op.Headers.Get("Authorization")) {
		return unauthenticated("proposals are for editors: send the write token as Authorization: Bearer <token>")
	}
	return nil
}

func (r *Resolver) keepProposal(p *generated.ArticleProposal) error {
	r.proposals().ops.Lock()
	defer r.proposals().ops.Unlock()
	p.Status = generated.ProposalStatusPending
	p.Created = time.Now().UTC().Format(time.RFC3339)
	if old, ok := r.proposals().get(p.Source); ok && old.Proposal.Status == generated.ProposalStatusAccepted {
		return conflict("the proposal %s was accepted; roll it back first, or give the article another source id", p.Source)
	}
	return r.proposals().put(&proposalRecord{Proposal: p})
}

func (r *Resolver) proposalNamed(id string) (*proposalRecord, error) {
	rec, ok := r.proposals().get(id)
	if !ok {
		return nil, notFound("no proposal is called %q", clip(id, 60))
	}
	return rec, nil
}

// pendingProposal is the pending proposal called id, or CONFLICT saying what it is and why
// that refuses the operation. The caller holds the proposals' lock.
func (r *Resolver) pendingProposal(id, why string) (*proposalRecord, error) {
	rec, err := r.proposalNamed(id)
	if err != nil {
		return nil, err
	}
	if rec.Proposal.Status != generated.ProposalStatusPending {
		return nil, conflict("the proposal %s is %s%s", id, rec.Proposal.Status, why)
	}
	return rec, nil
}

func (r *Resolver) acceptProposal(ctx context.Context, id string, decisions []*generated.MentionDecision) (*generated.ProposalAcceptance, error) {
	r.proposals().ops.Lock()
	defer r.proposals().ops.Unlock()
	rec, err := r.pendingProposal(id, ", not pending")
	if err != nil {
		return nil, err
	}
	doc, err := seed.Decode([]byte(rec.Proposal.Document))
	if err != nil {
		return nil, err
	}
	var ds []ingest.Decision
	for i, d := range decisions {
		k, err := ecosystem.ParseGlobalID(d.ID)
		if err != nil {
			return nil, badInput("decisions[%d].id: %v", i, err)
		}
		dec := ingest.Decision{ID: k, Action: ingest.Action(d.Action)}
		if d.Name != nil {
			dec.Name = *d.Name
		}
		if d.Action == generated.MentionActionLink {
			if d.To == nil {
				return nil, badInput("decisions[%d]: LINK needs to", i)
			}
			if dec.To, err = ecosystem.ParseGlobalID(*d.To); err != nil {
				return nil, badInput("decisions[%d].to: %v", i, err)
			}
		}
		ds = append(ds, dec)
	}
	if err := ingest.Revise(ctx, r.Store, doc, ds); err != nil {
		return nil, err
	}
	// What exists before the import: a rollback deletes only what the acceptance created.
	var keys []ecosystem.NodeKey
	ingest.EachDeclared(doc, func(k ecosystem.NodeKey) { keys = append(keys, k) })
	before, err := r.Store.Nodes(ctx, keys)
	if err != nil {
		return nil, err
	}
	res, err := r.importDoc(ctx, "proposal "+id, doc, false, false)
	if err != nil {
		return nil, err
	}
	if res.Valid {
		next := *rec.Proposal
		next.Status = generated.ProposalStatusAccepted
		kept := &proposalRecord{Proposal: &next, Accepted: doc}
		for i, n := range before {
			if n == nil {
				kept.Created = append(kept.Created, keys[i].GlobalID())
			}
		}
		if err := r.proposals().put(kept); err != nil {
			return nil, err
		}
		rec = kept
	}
	return &generated.ProposalAcceptance{Proposal: rec.Proposal, Import: res}, nil
}

func (r *Resolver) rollbackProposal(ctx context.Context, id string, dryRun bool) (*generated.ProposalRollback, error) {
	r.proposals().ops.Lock()
	defer r.proposals().ops.Unlock()
	rec, err := r.proposalNamed(id)
	if err != nil {
		return nil, err
	}
	if rec.Proposal.Status != generated.ProposalStatusAccepted || rec.Accepted == nil {
		return nil, conflict("the proposal %s is %s: only an accepted proposal can be rolled back", id, rec.Proposal.Status)
	}
	created := map[ecosystem.NodeKey]bool{}
	for _, c := range rec.Created {
		if k, err := ecosystem.ParseGlobalID(c); err == nil {
			created[k] = true
		}
	}
	plan, err := ingest.Retract(ctx, r.Store, rec.Accepted, id, created)
	if errors.Is(err, ingest.ErrRollbackBlocked) {
		return nil, conflict("%s", ownText(strings.TrimPrefix(err.Error(), ingest.ErrRollbackBlocked.Error()+": ")))
	}
	if err != nil {
		return nil, err
	}
	out := &generated.ProposalRollback{Proposal: rec.Proposal, DryRun: dryRun, NodesDeleted: plan.NodesDeleted, NodesUpdated: plan.NodesUpdated,
		RelationsDeleted: plan.RelationsDeleted, RelationsUpdated: plan.RelationsUpdated}
	if dryRun {
		return out, nil
	}
	if _, err := r.apply(ctx, plan.ChangeSet); err != nil {
		return nil, err
	}
	next := *rec.Proposal
	next.Status = generated.ProposalStatusRolledBack
	if err := r.proposals().put(&proposalRecord{Proposal: &next, Accepted: rec.Accepted, Created: rec.Created}); err != nil {
		return nil, err
	}
	out.Proposal = &next
	return out, nil
}
