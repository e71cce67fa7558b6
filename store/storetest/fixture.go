package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// fixtureSource is the slug of the Source node every fixture fact cites.
const fixtureSource = "fixture-source"

// fixture builds test data as a change set and applies it through the Store interface, so that
// every backend is loaded the same way. Builders return the node or relation they add, so that a
// test can adjust a field before the change set is applied.
type fixture struct {
	t  *testing.T
	cs store.ChangeSet
	// nodes and relations remember everything the fixture has added, across applications, so
	// that tests can compute expectations from the data itself.
	nodes     []ecosystem.Node
	relations []*ecosystem.Relation
	// seq numbers citations, so that each fact carries a citation of its own.
	seq int
}

// newFixture starts a fixture with the Source node that its facts cite.
func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t}
	f.source(fixtureSource, "Fixture source document")
	return f
}

// cite returns a fresh citation of the fixture source, distinct from every other one.
func (f *fixture) cite() []ecosystem.Citation {
	f.seq++
	return []ecosystem.Citation{{Source: fixtureSource, Locator: fmt.Sprintf("¶%d", f.seq), Note: "Stated in the fixture."}}
}

func (f *fixture) add(n ecosystem.Node) {
	f.cs.PutNodes = append(f.cs.PutNodes, n)
	f.nodes = append(f.nodes, n)
}

// entity returns the shared fields of a new node.
func (f *fixture) entity(slug, name string) ecosystem.Entity {
	return ecosystem.Entity{Slug: slug, Name: name, Sources: f.cite()}
}

// org adds an organisation; a FOREIGN one is Swedish, every other one Polish.
func (f *fixture) org(slug, name string, kind ecosystem.OrganisationKind) *ecosystem.Organisation {
	o := &ecosystem.Organisation{Entity: f.entity(slug, name), Kind: kind, Country: "PL"}
	if kind == ecosystem.KindForeign {
		o.Country = "SE"
	}
	f.add(o)
	return o
}

// person adds a person.
func (f *fixture) person(slug, name string) *ecosystem.Person {
	p := &ecosystem.Person{Entity: f.entity(slug, name)}
	f.add(p)
	return p
}

// project adds a project.
func (f *fixture) project(slug, name string) *ecosystem.Project {
	p := &ecosystem.Project{Entity: f.entity(slug, name)}
	f.add(p)
	return p
}

// programme adds a funding programme.
func (f *fixture) programme(slug, name string) *ecosystem.Programme {
	p := &ecosystem.Programme{Entity: f.entity(slug, name), Kind: ecosystem.ProgrammeFunding}
	f.add(p)
	return p
}

// event adds an event that was held; start and end may be nil.
func (f *fixture) event(slug, name string, kind ecosystem.EventKind, start, end *ecosystem.PartialDate, themes ...ecosystem.Theme) *ecosystem.Event {
	e := &ecosystem.Event{Entity: f.entity(slug, name), Kind: kind, Status: ecosystem.StatusHeld, Start: start, End: end, Themes: themes}
	f.add(e)
	return e
}

// practice adds a practice tagged with themes.
func (f *fixture) practice(slug, name string, themes ...ecosystem.Theme) *ecosystem.Practice {
	p := &ecosystem.Practice{Entity: f.entity(slug, name), Themes: themes}
	f.add(p)
	return p
}

// place adds a place; terc and point may be empty.
func (f *fixture) place(slug, name string, kind ecosystem.PlaceKind, country, terc string, point *ecosystem.GeoPoint) *ecosystem.Place {
	p := &ecosystem.Place{Entity: f.entity(slug, name), Kind: kind, Country: country, TERC: terc, Point: point}
	f.add(p)
	return p
}

// source adds a source document; sources need no citation of their own.
func (f *fixture) source(slug, name string) *ecosystem.Source {
	s := &ecosystem.Source{Entity: ecosystem.Entity{Slug: slug, Name: name}, Kind: ecosystem.SourceArticle, Language: "pl"}
	f.add(s)
	return s
}

// rel adds a relation of type typ from one node to another, with its derived id and a citation
// of its own.
func (f *fixture) rel(typ ecosystem.RelationType, from, to ecosystem.Node) *ecosystem.Relation {
	r := newRelation(typ, from.Key(), to.Key())
	r.Sources = f.cite()
	f.cs.PutRelations = append(f.cs.PutRelations, r)
	f.relations = append(f.relations, r)
	return r
}

// apply applies the pending change set and starts a new one; the test fails on any error.
func (f *fixture) apply(s store.Store) store.ApplyResult {
	f.t.Helper()
	res, err := s.Apply(f.t.Context(), f.cs)
	if err != nil {
		f.t.Fatalf("apply fixture: %v", err)
	}
	f.cs = store.ChangeSet{}
	return res
}

// newRelation returns a relation with the id the contract derives from its type and ends, and no
// citation.
func newRelation(typ ecosystem.RelationType, from, to ecosystem.NodeKey) *ecosystem.Relation {
	return &ecosystem.Relation{ID: ecosystem.RelationID(typ, from, to), Type: typ, From: from, To: to}
}

// geography is a small map of Poland and Sweden: voivodeships, powiats and localities linked by
// WITHIN, with TERYT codes and coordinates.
type geography struct {
	poland, pomorskie, powiatGdynia, gdynia, gdansk *ecosystem.Place
	lubelskie, powiatKrasnicki, krasnik, lublin     *ecosystem.Place
	wielkopolskie, gebice                           *ecosystem.Place
	sweden, sztokholm                               *ecosystem.Place
}

// Coordinates of the fixture's localities (WGS84).
var (
	pointGdynia    = &ecosystem.GeoPoint{Lat: 54.5189, Lon: 18.5305}
	pointGdansk    = &ecosystem.GeoPoint{Lat: 54.3520, Lon: 18.6466}
	pointKrasnik   = &ecosystem.GeoPoint{Lat: 50.9245, Lon: 22.2206}
	pointLublin    = &ecosystem.GeoPoint{Lat: 51.2465, Lon: 22.5684}
	pointGebice    = &ecosystem.GeoPoint{Lat: 52.9300, Lon: 16.6200}
	pointSztokholm = &ecosystem.GeoPoint{Lat: 59.3293, Lon: 18.0686}
)

// geography adds the fixture's places. Gdynia lies within pomorskie through its powiat, so that
// containment must be followed transitively; Gdańsk lies within pomorskie directly.
func (f *fixture) geography() geography {
	var g geography
	g.poland = f.place("polska", "Polska", ecosystem.PlaceCountry, "PL", "", nil)
	g.pomorskie = f.place("pomorskie", "województwo pomorskie", ecosystem.PlaceVoivodeship, "PL", "22", nil)
	g.powiatGdynia = f.place("powiat-gdynia", "powiat Gdynia", ecosystem.PlacePowiat, "PL", "2262", nil)
	g.gdynia = f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", pointGdynia)
	g.gdansk = f.place("gdansk", "Gdańsk", ecosystem.PlaceCity, "PL", "2261011", pointGdansk)
	g.lubelskie = f.place("lubelskie", "województwo lubelskie", ecosystem.PlaceVoivodeship, "PL", "06", nil)
	g.powiatKrasnicki = f.place("powiat-krasnicki", "powiat kraśnicki", ecosystem.PlacePowiat, "PL", "0607", nil)
	g.krasnik = f.place("krasnik", "Kraśnik", ecosystem.PlaceCity, "PL", "0607011", pointKrasnik)
	g.lublin = f.place("lublin", "Lublin", ecosystem.PlaceCity, "PL", "0663011", pointLublin)
	g.wielkopolskie = f.place("wielkopolskie", "województwo wielkopolskie", ecosystem.PlaceVoivodeship, "PL", "30", nil)
	g.gebice = f.place("gebice", "Gębice", ecosystem.PlaceVillage, "PL", "3002022", pointGebice)
	g.sweden = f.place("szwecja", "Szwecja", ecosystem.PlaceCountry, "SE", "", nil)
	g.sztokholm = f.place("sztokholm", "Sztokholm", ecosystem.PlaceCity, "SE", "", pointSztokholm)
	g.sztokholm.NameEn = "Stockholm"
	for _, w := range [][2]*ecosystem.Place{
		{g.pomorskie, g.poland}, {g.powiatGdynia, g.pomorskie}, {g.gdynia, g.powiatGdynia},
		{g.gdansk, g.pomorskie}, {g.lubelskie, g.poland}, {g.powiatKrasnicki, g.lubelskie},
		{g.krasnik, g.powiatKrasnicki}, {g.lublin, g.lubelskie}, {g.wielkopolskie, g.poland},
		{g.gebice, g.wielkopolskie}, {g.sztokholm, g.sweden},
	} {
		f.rel(ecosystem.RelWithin, w[0], w[1])
	}
	return g
}

// date returns a partial date; zero parts are unknown.
func date(year, month, day int) *ecosystem.PartialDate {
	return &ecosystem.PartialDate{Year: year, Month: month, Day: day}
}

// keyOf returns a pointer to the key of n, for optional key fields.
func keyOf(n ecosystem.Node) *ecosystem.NodeKey {
	k := n.Key()
	return &k
}

// keys returns the keys of nodes, in order.
func keys[N ecosystem.Node](ns ...N) []ecosystem.NodeKey {
	out := make([]ecosystem.NodeKey, len(ns))
	for i, n := range ns {
		out[i] = n.Key()
	}
	return out
}

// slugs returns the slugs of nodes, in order.
func slugs[N ecosystem.Node](ns []N) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Common().Slug
	}
	return out
}

// relationIDs returns the ids of relations, in order.
func relationIDs(rs []*ecosystem.Relation) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// citations concatenates the citations of relations, in order.
func citations(rs ...*ecosystem.Relation) []ecosystem.Citation {
	var out []ecosystem.Citation
	for _, r := range rs {
		out = append(out, r.Sources...)
	}
	return out
}

// compareRelations orders a node's relations as the contract does: by type, then the other
// end's global id, then id.
func compareRelations(self ecosystem.NodeKey) func(a, b *ecosystem.Relation) int {
	return func(a, b *ecosystem.Relation) int {
		return cmp.Or(
			strings.Compare(string(a.Type), string(b.Type)),
			strings.Compare(a.Other(self).GlobalID(), b.Other(self).GlobalID()),
			strings.Compare(a.ID, b.ID),
		)
	}
}

// wantErr fails the test unless err wraps the sentinel want.
func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", want)
	}
	if !errors.Is(err, want) {
		t.Fatalf("got error %v, want one wrapping %v", err, want)
	}
}

// must fails the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}
