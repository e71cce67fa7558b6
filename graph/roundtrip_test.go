package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/graph/loaders"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/neo4j"
)

// roundTripQuery reads every organisation with nested relations, their ends and sources.
const roundTripQuery = `{
  organisations(first: 100) {
    totalCount
    nodes {
      name
      sources { source { name } locator }
      seat { name point { lat lon } }
      serviceAreas { name }
      projects { nodes { role project { name } sources { source { name } locator } } }
      people { nodes { title person { name } } }
    }
  }
}`

// TestNeo4jRoundTripsAreBounded checks DESIGN's no-N+1 rule on a real Neo4j: the query above
// costs at most a small constant number of round trips whether it returns 10, 60 or 100
// organisations: the page (with its documents), the prefetch of everything the selection's
// typed views read below it (graph/prefetch.go), and one batch of the sources they cite: 3.
// Loaders batch by a time window, so on a loaded machine a batch may split; the bound leaves
// room for that, while an N+1 pattern would cost at least one round trip per organisation.
func TestNeo4jRoundTripsAreBounded(t *testing.T) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("REQUIRE_NEO4J") == "1" {
			t.Fatal("REQUIRE_NEO4J=1 but NEO4J_URI is not set")
		}
		t.Skip("NEO4J_URI is not set: skipping the Neo4j round-trip test")
	}
	s, err := neo4j.Open(neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	if err := s.EnsureSchema(t.Context()); err != nil {
		t.Fatal(err)
	}
	const bound = 5
	counts := map[int]int64{}
	for _, n := range []int{10, 60, 100} {
		if err := s.Reset(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(t.Context(), fixture(n)); err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(loaders.Middleware(s, 10*time.Millisecond, newHandler(s)))
		before := s.RoundTrips()
		body, _ := json.Marshal(map[string]string{"query": roundTripQuery})
		resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Data struct {
				Organisations struct {
					TotalCount int
					Nodes      []struct {
						Projects struct{ Nodes []any }
						Sources  []any
					}
				}
			}
			Errors []any
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		srv.Close()
		if err != nil || len(out.Errors) > 0 {
			t.Fatalf("query failed: %v %v", err, out.Errors)
		}
		if out.Data.Organisations.TotalCount != n || len(out.Data.Organisations.Nodes) != n ||
			len(out.Data.Organisations.Nodes[0].Projects.Nodes) != 1 || len(out.Data.Organisations.Nodes[0].Sources) != 1 {
			t.Fatalf("unexpected answer for %d organisations: %+v", n, out.Data.Organisations)
		}
		counts[n] = s.RoundTrips() - before
		t.Logf("%d organisations with nested relations and sources: %d Neo4j round trips", n, counts[n])
		if counts[n] > bound {
			t.Errorf("%d organisations cost %d round trips, want at most %d", n, counts[n], bound)
		}
	}
}

func newHandler(s store.Store) http.Handler {
	h := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{Store: s}}))
	h.AddTransport(transport.POST{})
	return h
}

// fixture builds n organisations, each seated in a town, serving a region, partnering in its own
// project and employing one person, every fact cited.
func fixture(n int) store.ChangeSet {
	src := &ecosystem.Source{Entity: ecosystem.Entity{Slug: "src", Name: "Fixture source"}, Kind: ecosystem.SourceDataset}
	cite := []ecosystem.Citation{{Source: "src", Locator: "row"}}
	region := &ecosystem.Place{Entity: ecosystem.Entity{Slug: "region", Name: "Region", Sources: cite}, Kind: ecosystem.PlaceRegion, Country: "PL"}
	cs := store.ChangeSet{PutNodes: []ecosystem.Node{src, region}}
	rel := func(t ecosystem.RelationType, from, to ecosystem.NodeKey) *ecosystem.Relation {
		return &ecosystem.Relation{ID: ecosystem.RelationID(t, from, to), Type: t, From: from, To: to, Title: "Kierownik", Sources: cite}
	}
	for i := range n {
		org := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: fmt.Sprintf("org-%d", i), Name: fmt.Sprintf("Organizacja %d", i), Sources: cite}, Kind: ecosystem.KindNGO, Country: "PL"}
		town := &ecosystem.Place{Entity: ecosystem.Entity{Slug: fmt.Sprintf("town-%d", i), Name: fmt.Sprintf("Miasto %d", i), Sources: cite}, Kind: ecosystem.PlaceTown, Country: "PL",
			Point: &ecosystem.GeoPoint{Lat: 52 + float64(i)/100, Lon: 18}}
		project := &ecosystem.Project{Entity: ecosystem.Entity{Slug: fmt.Sprintf("project-%d", i), Name: fmt.Sprintf("Projekt %d", i), Sources: cite}}
		person := &ecosystem.Person{Entity: ecosystem.Entity{Slug: fmt.Sprintf("person-%d", i), Name: fmt.Sprintf("Osoba %d", i), Sources: cite}}
		cs.PutNodes = append(cs.PutNodes, org, town, project, person)
		cs.PutRelations = append(cs.PutRelations,
			rel(ecosystem.RelLocatedIn, org.Key(), town.Key()),
			rel(ecosystem.RelServesArea, org.Key(), region.Key()),
			rel(ecosystem.RelPartnerIn, org.Key(), project.Key()),
			rel(ecosystem.RelHoldsPosition, person.Key(), org.Key()))
	}
	return cs
}
