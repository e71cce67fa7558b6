package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/seed"
)

// operation is one benchmarked GraphQL operation: our document, the peer's equivalent where the
// Neo4j GraphQL Library can express it, and the hand-written Cypher baseline (baseline.go).
type operation struct {
	name string
	// what describes the operation for the report.
	what string
	// query is our GraphQL document; vars draws its variables.
	query string
	vars  func(r *rand.Rand, in *inputs) map[string]any
	// peer is the peer's document asking for the same answer ("" when it cannot express it);
	// peerVars maps our variables onto its own.
	peer     string
	peerVars func(v map[string]any) map[string]any
}

// variants is how many variable sets each operation draws; requests cycle through them, in
// the same order for every server, so that each sees the same sequence of questions.
const variants = 512

// operations lists the benchmarked operations in report order. The first nine are the issue's
// fixed set; the last four are the operations the peer can express too, side by side.
func operations() []operation {
	same := func(v map[string]any) map[string]any { return v }
	return []operation{
		{
			name: "organisation",
			what: "organisation by id with nested partners (evidence and sources)",
			query: `query Organisation($id: ID!) {
  organisation(id: $id) {
    id name kind seat { name } voivodeship { name }
    sources { source { name } locator }
    partners(first: 10) { nodes {
      partner { id name kind }
      strength kinds
      evidence { kind via { id name } sources { source { name } locator } }
    } }
  }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"id": pick(r, in.partnered)} },
		},
		{
			name: "search",
			what: "search tolerant of diacritics, endings and abbreviations, 10 hits",
			query: `query Search($text: String!) {
  search(text: $text, first: 10) { nodes { score matched node { id name type } } }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"text": pick(r, in.searches)} },
		},
		{
			name: "partners",
			what: "partners of an organisation with evidence, roles and sources, 20",
			query: `query Partners($id: ID!) {
  partners(of: $id, first: 20) { nodes {
    partner { id name kind }
    strength kinds
    evidence { kind via { id name } ownRole partnerRole sources { source { name } locator } }
  } }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"id": pick(r, in.partnered)} },
		},
		{
			name: "practices",
			what: "practices on a theme and where they were shown (event, date, places, hosts), 20",
			query: `query Practices($theme: Theme!) {
  practices(filter: { themes: [$theme] }, first: 20) { nodes {
    id name themes
    shownAt { event { name } start places { name } hosts { name } }
  } }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"theme": pick(r, in.themes)} },
			peer: `query Practices($theme: String!) {
  practices(where: { themes: { includes: $theme } }, sort: [{ sortName: ASC }, { gid: ASC }], limit: 20) {
    gid name themes
    shownAt { name start heldIn { name } hosts { name } }
  }
}`,
			peerVars: same,
		},
		{
			name: "hosts",
			what: "visit planner: hosts for a theme within 150 km of a voivodeship capital, 10",
			query: `query Hosts($theme: Theme!, $city: ID!) {
  hosts(themes: [$theme], near: { place: $city, radiusKm: 150 }, first: 10) { nodes {
    organisation { id name kind seat { name } }
    score distanceKm themes
    reasons { kind practice { name } event { name } }
  } }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any {
				return map[string]any{"theme": pick(r, in.themes), "city": pick(r, in.cities)}
			},
		},
		{
			name: "path",
			what: "shortest paths between two random organisations, up to 4 hops, 3 paths with sources",
			query: `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 4, first: 3) { nodes {
    length
    hops { from { id name } direction relation { type sources { source { name } locator } } to { id name } }
  } }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any {
				return map[string]any{"from": pick(r, in.orgs), "to": pick(r, in.orgs)}
			},
		},
		{
			name: "neighbourhood",
			what: "neighbourhood of an organisation at depth 2 (100 nodes), relations with sources",
			query: `query Neighbourhood($id: ID!) {
  neighbourhood(id: $id, depth: 2, limit: 100) {
    truncated
    nodes { distance node { id name type } }
    relations { type fromId toId sources { source { name } locator } }
  }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"id": pick(r, in.orgs)} },
		},
		{
			name: "organisations",
			what: "organisations of a voivodeship, most connected first, one page of 20 with seats and areas",
			query: `query Organisations($voivodeship: String!) {
  organisations(filter: { voivodeship: $voivodeship }, orderBy: { field: DEGREE, direction: DESC }, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { name kind seat { name } serviceAreas { name } } }
  }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any {
				return map[string]any{"voivodeship": pick(r, in.voivodeships)}
			},
		},
		{
			name: "stats",
			what: "dashboard counts: nodes by type, organisations by kind and voivodeship, 10 most connected",
			query: `query Stats {
  stats(top: 10) {
    nodes { key count }
    organisationsByKind { key count }
    organisationsByVoivodeship { key label count }
    mostConnected { degree organisation { name } }
  }
}`,
			vars: func(*rand.Rand, *inputs) map[string]any { return map[string]any{} },
		},
		{
			name: "lookup",
			what: "shared: organisation by id with its seat, areas, people (with titles) and projects",
			query: `query Lookup($id: ID!) {
  organisation(id: $id) {
    id name kind
    seat { name } serviceAreas { name }
    people { nodes { title person { name } } }
    projects { nodes { role project { name } } }
  }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"id": pick(r, in.orgs)} },
			peer: `query Lookup($id: ID!) {
  organisations(where: { gid: { eq: $id } }) {
    gid name kind
    seat { name } serviceAreas { name }
    peopleConnection { edges { properties { title } node { name } } }
    leads { name } partnerIn { name } participatedIn { name }
  }
}`,
			peerVars: same,
		},
		{
			name: "nested",
			what: "shared: organisation → its projects → every participant (two levels of nesting)",
			query: `query Nested($id: ID!) {
  organisation(id: $id) {
    name
    projects { nodes { role project { name ... on Project { participants { role organisation { name kind } } } } } }
  }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"id": pick(r, in.partnered)} },
			peer: `query Nested($id: ID!) {
  organisations(where: { gid: { eq: $id } }) {
    name
    leads { name leadBy { name kind } partners { name kind } participants { name kind } }
    partnerIn { name leadBy { name kind } partners { name kind } participants { name kind } }
    participatedIn { name leadBy { name kind } partners { name kind } participants { name kind } }
  }
}`,
			peerVars: same,
		},
		{
			name: "list",
			what: "shared: organisations of a kind by name, first page of 20 with total count and seats",
			query: `query List($kind: OrganisationKind!) {
  organisations(filter: { kinds: [$kind] }, orderBy: { field: NAME }, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { name kind seat { name } } }
  }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any { return map[string]any{"kind": pick(r, in.kinds)} },
			peer: `query List($kind: String!) {
  organisationsConnection(where: { kind: { eq: $kind } }, sort: [{ sortName: ASC }, { slug: ASC }], first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { name kind seat { name } } }
  }
}`,
			peerVars: same,
		},
		{
			name: "counts",
			what: "shared: numbers of organisations of four kinds",
			query: `query Counts($a: OrganisationKind!, $b: OrganisationKind!, $c: OrganisationKind!, $d: OrganisationKind!) {
  a: organisations(filter: { kinds: [$a] }, first: 0) { totalCount }
  b: organisations(filter: { kinds: [$b] }, first: 0) { totalCount }
  c: organisations(filter: { kinds: [$c] }, first: 0) { totalCount }
  d: organisations(filter: { kinds: [$d] }, first: 0) { totalCount }
}`,
			vars: func(r *rand.Rand, in *inputs) map[string]any {
				return map[string]any{"a": pick(r, in.kinds), "b": pick(r, in.kinds), "c": pick(r, in.kinds), "d": pick(r, in.kinds)}
			},
			peer: `query Counts($a: String!, $b: String!, $c: String!, $d: String!) {
  a: organisationsConnection(where: { kind: { eq: $a } }) { totalCount }
  b: organisationsConnection(where: { kind: { eq: $b } }) { totalCount }
  c: organisationsConnection(where: { kind: { eq: $c } }) { totalCount }
  d: organisationsConnection(where: { kind: { eq: $d } }) { totalCount }
}`,
			peerVars: same,
		},
	}
}

// inputs are the values operations draw their variables from, taken from the generated
// document.
type inputs struct {
	orgs         []string // Polish organisations
	partnered    []string // organisations that lead or partner in a project
	cities       []string // ids of the voivodeship capitals
	themes       []string
	kinds        []string
	voivodeships []string
	searches     []string
}

// inputsOf collects the inputs from a generated document, in document order (deterministic).
func inputsOf(doc *seed.Document) *inputs {
	in := &inputs{}
	kinds := map[string]bool{}
	for _, o := range doc.Organisations {
		if o.Country != "PL" {
			continue
		}
		in.orgs = append(in.orgs, "Organisation:"+o.ID)
		if !kinds[o.Kind] {
			kinds[o.Kind] = true
			in.kinds = append(in.kinds, o.Kind)
		}
	}
	inProject := map[string]bool{}
	for _, r := range doc.Relations {
		if (r.Type == "LEADS" || r.Type == "PARTNER_IN") && !inProject[r.From] && strings.HasPrefix(r.From, "Organisation:") {
			inProject[r.From] = true
			in.partnered = append(in.partnered, r.From)
		}
	}
	for _, p := range doc.Places {
		switch {
		case p.Kind == "CITY" && p.Country == "PL":
			in.cities = append(in.cities, "Place:"+p.ID)
		case p.Kind == "VOIVODESHIP":
			in.voivodeships = append(in.voivodeships, p.ID)
		}
	}
	themes := map[string]bool{}
	for _, p := range doc.Practices {
		for _, t := range p.Themes {
			themes[t] = true
		}
	}
	for t := range themes {
		in.themes = append(in.themes, t)
	}
	slices.Sort(in.themes)
	in.searches = synth.SearchTexts(doc, variants)
	return in
}

func pick[T any](r *rand.Rand, list []T) T {
	if len(list) == 0 {
		panic(fmt.Sprintf("no %T to pick from", list))
	}
	return list[r.IntN(len(list))]
}

// variableSets draws the variable sets of an operation, the same for every run of one document.
func variableSets(op operation, in *inputs) []map[string]any {
	r := rand.New(rand.NewPCG(42, uint64(len(op.name))))
	out := make([]map[string]any, variants)
	for i := range out {
		out[i] = op.vars(r, in)
	}
	return out
}
