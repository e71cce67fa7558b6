package synth

import (
	"bytes"
	"context"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
)

func noneExist(context.Context, []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
	return map[ecosystem.NodeKey]bool{}, nil
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
	places := map[ecosystem.PlaceKind][]ecosystem.NodeKey{}
	kinds := map[ecosystem.NodeKey]ecosystem.OrganisationKind{}
	visits := map[ecosystem.NodeKey]bool{}
	for _, n := range ds.Nodes {
		if _, isSource := n.(*ecosystem.Source); !isSource && len(n.Common().Sources) == 0 {
			t.Errorf("%s cites no source", n.Key())
		}
		switch v := n.(type) {
		case *ecosystem.Place:
			places[v.Kind] = append(places[v.Kind], v.Key())
		case *ecosystem.Organisation:
			kinds[v.Key()] = v.Kind
		case *ecosystem.Event:
			if v.Kind == ecosystem.EventStudyVisit {
				visits[v.Key()] = true
			}
		}
	}
	if n := len(places[ecosystem.PlaceVoivodeship]); n != 16 {
		t.Errorf("%d voivodeships, want 16", n)
	}
	// served[place][kind] counts organisations of a kind seated in or serving a place.
	served := map[ecosystem.NodeKey]map[ecosystem.OrganisationKind]int{}
	partners := map[ecosystem.NodeKey]int{}
	hosts := map[ecosystem.NodeKey]map[ecosystem.NodeKey]bool{}
	parent := map[ecosystem.NodeKey]ecosystem.NodeKey{}
	for _, r := range ds.Relations {
		if len(r.Sources) == 0 {
			t.Errorf("relation %s cites no source", r.ID)
		}
		switch r.Type {
		case ecosystem.RelLocatedIn, ecosystem.RelServesArea:
			if served[r.To] == nil {
				served[r.To] = map[ecosystem.OrganisationKind]int{}
			}
			served[r.To][kinds[r.From]]++
		case ecosystem.RelLeads, ecosystem.RelPartnerIn:
			partners[r.To]++
		case ecosystem.RelHosted:
			if hosts[r.To] == nil {
				hosts[r.To] = map[ecosystem.NodeKey]bool{}
			}
			hosts[r.To][r.From] = true
		case ecosystem.RelPartOf:
			parent[r.From] = r.To
		}
	}
	for _, g := range places[ecosystem.PlaceGmina] {
		if !hasWelfareCentre(served[g]) {
			t.Errorf("gmina %s has no welfare centre", g)
		}
	}
	for _, p := range places[ecosystem.PlacePowiat] {
		if served[p][ecosystem.KindPCPR] == 0 {
			t.Errorf("powiat %s has no PCPR", p)
		}
	}
	for _, v := range places[ecosystem.PlaceVoivodeship] {
		if served[v][ecosystem.KindROPS] == 0 {
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
	perVisit := map[ecosystem.NodeKey]map[ecosystem.NodeKey]bool{}
	for ev, hs := range hosts {
		v := ev
		if p, ok := parent[ev]; ok {
			v = p
		}
		if !visits[v] {
			continue
		}
		if perVisit[v] == nil {
			perVisit[v] = map[ecosystem.NodeKey]bool{}
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
func hasWelfareCentre(kinds map[ecosystem.OrganisationKind]int) bool {
	return kinds[ecosystem.KindOPS]+kinds[ecosystem.KindMOPR]+kinds[ecosystem.KindCUS] > 0
}
