package synth

import (
	"bytes"
	"context"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/seed"
)

func noneExist(context.Context, []model.NodeKey) (map[model.NodeKey]bool, error) {
	return map[model.NodeKey]bool{}, nil
}

// TestGenerateIsDeterministic: the same size and seed give the same bytes; another seed gives
// another graph.
func TestGenerateIsDeterministic(t *testing.T) {
	s, _ := SizeByName("S")
	var a, b, c bytes.Buffer
	for _, x := range []struct {
		buf  *bytes.Buffer
		seed uint64
	}{{&a, 1}, {&b, 1}, {&c, 2}} {
		if err := Write(x.buf, Generate(s, x.seed)); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two generations with seed 1 differ")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("seeds 1 and 2 generate the same graph")
	}
}

// TestGeneratedGraphHasTheDomainsShape: the generated document passes the importer's checks
// (and every node but the sources themselves and every relation cites a source), has the 16 real voivodeships, a welfare centre
// serving every gmina, a PCPR in every powiat, a ROPS in every voivodeship, projects with 2 to 6
// partners and study visits with 3 to 10 hosts.
func TestGeneratedGraphHasTheDomainsShape(t *testing.T) {
	s, _ := SizeByName("S")
	doc := Generate(s, 1)
	ds, err := seed.Plan(t.Context(), "S", doc, noneExist)
	if err != nil {
		t.Fatalf("the generated document does not pass the importer's checks: %v", err)
	}
	places := map[model.PlaceKind][]model.NodeKey{}
	kinds := map[model.NodeKey]model.OrganisationKind{}
	visits := map[model.NodeKey]bool{}
	for _, n := range ds.Nodes {
		if _, isSource := n.(*model.Source); !isSource && len(n.Common().Sources) == 0 {
			t.Errorf("%s cites no source", n.Key())
		}
		switch v := n.(type) {
		case *model.Place:
			places[v.Kind] = append(places[v.Kind], v.Key())
		case *model.Organisation:
			kinds[v.Key()] = v.Kind
		case *model.Event:
			if v.Kind == model.EventStudyVisit {
				visits[v.Key()] = true
			}
		}
	}
	if n := len(places[model.PlaceVoivodeship]); n != 16 {
		t.Errorf("%d voivodeships, want 16", n)
	}
	// served[place][kind] counts organisations of a kind seated in or serving a place.
	served := map[model.NodeKey]map[model.OrganisationKind]int{}
	partners := map[model.NodeKey]int{}
	hosts := map[model.NodeKey]map[model.NodeKey]bool{}
	parent := map[model.NodeKey]model.NodeKey{}
	for _, r := range ds.Relations {
		if len(r.Sources) == 0 {
			t.Errorf("relation %s cites no source", r.ID)
		}
		switch r.Type {
		case model.RelLocatedIn, model.RelServesArea:
			if served[r.To] == nil {
				served[r.To] = map[model.OrganisationKind]int{}
			}
			served[r.To][kinds[r.From]]++
		case model.RelLeads, model.RelPartnerIn:
			partners[r.To]++
		case model.RelHosted:
			if hosts[r.To] == nil {
				hosts[r.To] = map[model.NodeKey]bool{}
			}
			hosts[r.To][r.From] = true
		case model.RelPartOf:
			parent[r.From] = r.To
		}
	}
	for _, g := range places[model.PlaceGmina] {
		if !hasWelfareCentre(served[g]) {
			t.Errorf("gmina %s has no welfare centre", g)
		}
	}
	for _, p := range places[model.PlacePowiat] {
		if served[p][model.KindPCPR] == 0 {
			t.Errorf("powiat %s has no PCPR", p)
		}
	}
	for _, v := range places[model.PlaceVoivodeship] {
		if served[v][model.KindROPS] == 0 {
			t.Errorf("voivodeship %s has no ROPS", v)
		}
	}
	if len(partners) == 0 {
		t.Fatal("no projects with partners")
	}
	for p, n := range partners {
		if n < 2 || n > 6 {
			t.Errorf("project %s has %d partners, want 2 to 6", p, n)
		}
	}
	// A visit's hosts are those of the visit and of its sessions.
	perVisit := map[model.NodeKey]map[model.NodeKey]bool{}
	for ev, hs := range hosts {
		v := ev
		if p, ok := parent[ev]; ok {
			v = p
		}
		if !visits[v] {
			continue
		}
		if perVisit[v] == nil {
			perVisit[v] = map[model.NodeKey]bool{}
		}
		for h := range hs {
			perVisit[v][h] = true
		}
	}
	if len(perVisit) == 0 {
		t.Fatal("no study visits with hosts")
	}
	for v, hs := range perVisit {
		if len(hs) < 3 || len(hs) > 10 {
			t.Errorf("study visit %s has %d hosts, want 3 to 10", v, len(hs))
		}
	}
}

// hasWelfareCentre reports whether any welfare-centre kind (OPS, MOPS as MOPR, CUS) serves a
// place.
func hasWelfareCentre(kinds map[model.OrganisationKind]int) bool {
	return kinds[model.KindOPS]+kinds[model.KindMOPR]+kinds[model.KindCUS] > 0
}
