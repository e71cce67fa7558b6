package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

func testPing(t *testing.T, s store.Store) {
	must(t, s.Ping(t.Context()))
	f := newFixture(t)
	f.org("alfa", "Alfa", ecosystem.KindNGO)
	f.apply(s)
	must(t, s.Ping(t.Context()))
}

func testClose(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	f.rel(ecosystem.RelCooperatesWith, a, b)
	f.apply(s)
	must(t, s.Close(t.Context()))

	ka, kb := a.Key(), b.Key()
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Ping", func(ctx context.Context) error { return s.Ping(ctx) }},
		{"Nodes", func(ctx context.Context) error { _, err := s.Nodes(ctx, []ecosystem.NodeKey{ka}); return err }},
		{"Relations", func(ctx context.Context) error {
			_, err := s.Relations(ctx, []ecosystem.NodeKey{ka}, store.RelationQuery{})
			return err
		}},
		{"RelationsByID", func(ctx context.Context) error {
			_, err := s.RelationsByID(ctx, []string{ecosystem.RelationID(ecosystem.RelCooperatesWith, ka, kb)})
			return err
		}},
		{"Organisations", func(ctx context.Context) error {
			_, err := s.Organisations(ctx, store.OrganisationFilter{}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 10})
			return err
		}},
		{"Practices", func(ctx context.Context) error { _, err := s.Practices(ctx, store.PracticeFilter{}); return err }},
		{"Sources", func(ctx context.Context) error { _, err := s.Sources(ctx); return err }},
		{"Search", func(ctx context.Context) error {
			_, err := s.Search(ctx, store.SearchQuery{Text: "Alfa", Limit: 10})
			return err
		}},
		{"Partners", func(ctx context.Context) error {
			_, err := s.Partners(ctx, store.PartnerQuery{Of: ka, Limit: 10})
			return err
		}},
		{"Hosts", func(ctx context.Context) error { _, err := s.Hosts(ctx, store.HostQuery{Limit: 10}); return err }},
		{"Paths", func(ctx context.Context) error {
			_, err := s.Paths(ctx, store.PathQuery{From: ka, To: kb, MaxHops: 2, Limit: 10})
			return err
		}},
		{"Neighbourhood", func(ctx context.Context) error {
			_, err := s.Neighbourhood(ctx, store.NeighbourhoodQuery{Center: ka, Depth: 1, Limit: 10})
			return err
		}},
		{"Timeline", func(ctx context.Context) error { _, err := s.Timeline(ctx, store.TimelineQuery{Node: ka}); return err }},
		{"Stats", func(ctx context.Context) error { _, err := s.Stats(ctx, store.StatsQuery{Top: 3}); return err }},
		{"Apply", func(ctx context.Context) error {
			_, err := s.Apply(ctx, store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{kb}})
			return err
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			wantErr(t, c.call(t.Context()), store.ErrUnavailable)
		})
	}
}

// testConcurrency reads while a writer applies change sets. Each change set adds a member
// together with its relation to the hub, so that a reader must never see one without the other;
// run with -race, it also checks the backend's locking.
func testConcurrency(t *testing.T, s store.Store) {
	f := newFixture(t)
	hub := f.org("hub", "Spółdzielnia Centralna", ecosystem.KindSocialCooperative)
	f.apply(s)

	const writes, readers = 40, 4
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(done)
		for i := range writes {
			member := &ecosystem.Organisation{
				Entity: ecosystem.Entity{Slug: fmt.Sprintf("czlonek-%02d", i), Name: fmt.Sprintf("Spółdzielnia Socjalna nr %d", i),
					Sources: []ecosystem.Citation{{Source: fixtureSource}}},
				Kind: ecosystem.KindSocialCooperative, Country: "PL",
			}
			r := newRelation(ecosystem.RelMemberOf, member.Key(), hub.Key())
			r.Sources = []ecosystem.Citation{{Source: fixtureSource}}
			h := *hub
			h.Description = fmt.Sprintf("Opis w wersji %d.", i)
			if _, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{member, &h}, PutRelations: []*ecosystem.Relation{r}}); err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
		}
	})
	for range readers {
		wg.Go(func() {
			lastRelations, lastHits := 0, 0
			for reads := 0; ; reads++ {
				select {
				case <-done:
					if reads > 0 {
						return
					}
				default:
				}
				nb, err := s.Neighbourhood(t.Context(), store.NeighbourhoodQuery{Center: hub.Key(), Depth: 1, Limit: 1000})
				if err != nil {
					t.Errorf("Neighbourhood: %v", err)
					return
				}
				if len(nb.Relations) != len(nb.Nodes)-1 {
					t.Errorf("a member without its relation: %d nodes, %d relations", len(nb.Nodes), len(nb.Relations))
					return
				}
				rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{hub.Key()}, store.RelationQuery{Direction: ecosystem.DirIn})
				if err != nil {
					t.Errorf("Relations: %v", err)
					return
				}
				if len(rels[0]) < lastRelations {
					t.Errorf("relations went from %d to %d", lastRelations, len(rels[0]))
				}
				lastRelations = len(rels[0])
				hits, err := s.Search(t.Context(), store.SearchQuery{Text: "spółdzielnia socjalna", Limit: 1000})
				if err != nil {
					t.Errorf("Search: %v", err)
					return
				}
				if len(hits) < lastHits {
					t.Errorf("search hits went from %d to %d", lastHits, len(hits))
				}
				lastHits = len(hits)
			}
		})
	}
	wg.Wait()

	rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{hub.Key()}, store.RelationQuery{})
	must(t, err)
	if len(rels[0]) != writes {
		t.Errorf("%d relations after %d writes", len(rels[0]), writes)
	}
	ns, err := s.Nodes(t.Context(), []ecosystem.NodeKey{hub.Key()})
	must(t, err)
	if d := ns[0].Common().Description; d != fmt.Sprintf("Opis w wersji %d.", writes-1) {
		t.Errorf("the hub's description is %q after the last write", d)
	}
}
