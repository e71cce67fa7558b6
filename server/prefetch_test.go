package main

import (
	"testing"

	"github.com/wtz-graph/kg/examples"
	"github.com/wtz-graph/kg/store"
)

// levelByLevel hides a store's Prefetcher and EndsReader: the loaders then read it level by
// level, as they read a store that has neither.
type levelByLevel struct{ store.Store }

// viewQueries select every typed view the prefetch plans (graph/prefetch.go), nested, on the
// seeded graph: what they answer must not depend on how the reads were batched.
var viewQueries = []string{
	`{ organisation(id: "mops-gdynia") { name seat { name parent { name } } serviceAreas { name children { name } }
	   people(first: 10) { nodes { title person { name positions { title organisation { name } } events { edges { node { role event { name } } } } } } }
	   projects(first: 10) { totalCount edges { node { role project { name ... on Project { participants { role organisation { name seat { name } } } funding { name } events { nodes { name } } practices { practice { name } } } } } } }
	   practices { role practice { name places { name } actors { role actor { name } } } }
	   events(first: 20) { nodes { role topic event { name places { name } partOf { name } sessions { name } participants { nodes { role participant { name } } } practices { name } } } }
	   voivodeship { name } sources { locator } } }`,
	`{ organisations(first: 30, orderBy: { field: DEGREE, direction: DESC }) { totalCount edges { node { name seat { name } projects { nodes { project { name } } } people(first: 2) { pageInfo { hasNextPage } nodes { person { name } } } } } nodes { kind serviceAreas { name } } } }`,
	`{ practices(first: 50) { nodes { name shownAt { event { name places { name } } partOf { name } start end places { name } hosts { name } organisers { name } sources { locator } } actors { role actor { name } } } } }`,
	`{ event(id: "Event:wizyta-studyjna-2021") { name places { name } sessions { name places { name } sessions { name } } participants { edges { cursor node { role participant { name } } } } } }`,
	`{ place(id: "Place:gdynia") { name parent { name parent { name } } organisations { nodes { name } } events { edges { node { name } } } children { name } } }`,
}

// TestPrefetchChangesNoAnswer runs the README's examples and queries over every typed view on
// Neo4j twice, with the reads compiled per root field (Store.Prefetch and relations fetched
// with their ends) and read level by level, and requires the same answers; and it checks that
// the queries over the typed views take at most two round trips compiled (5 to 20 level by
// level).
func TestPrefetchChangesNoAnswer(t *testing.T) {
	s := seededNeo4j(t)
	if s == nil {
		t.Skip("NEO4J_URI is not set")
	}
	// The loaders batch by a window ten times the one a Neo4j server uses: the round trips
	// counted are those of the plan, and on a busy machine (a clean-clone CI run) 500µs let a
	// batch split in two.
	env := map[string]string{"LOADER_WAIT": "5ms"}
	compiled, plain := testServerWith(t, s, env), testServerWith(t, levelByLevel{s}, env)
	all, err := examples.All()
	if err != nil {
		t.Fatal(err)
	}
	queries := append([]string{}, viewQueries...)
	for _, ex := range all {
		queries = append(queries, ex.Query)
	}
	for i, q := range queries {
		before := s.RoundTrips()
		_, _, want := post(t, plain, q, nil)
		levels := s.RoundTrips() - before
		before = s.RoundTrips()
		_, got, body := post(t, compiled, q, nil)
		trips := s.RoundTrips() - before
		if len(got.Errors) > 0 {
			t.Errorf("query %d: %s", i, body)
		}
		if string(body) != string(want) {
			t.Errorf("query %d answers differently when compiled:\ncompiled %s\nlevels   %s", i, body, want)
		}
		// A lookup or a listing and the prefetch below it; the views these queries select
		// cite no sources, which would take one more.
		if i < len(viewQueries) && trips > 2 {
			t.Errorf("query %d: %d round trips compiled (%d level by level), want at most 2", i, trips, levels)
		}
		t.Logf("query %d: %d round trips compiled, %d level by level", i, trips, levels)
	}
}
