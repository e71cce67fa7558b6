package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
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
	nodes     []model.Node
	relations []*model.Relation
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
func (f *fixture) cite() []model.Citation {
	f.seq++
	return []model.Citation{{Source: fixtureSource, Locator: fmt.Sprintf("¶%d", f.seq), Note: "Stated in the fixture."}}
}

func (f *fixture) add(n model.Node) {
	f.cs.PutNodes = append(f.cs.PutNodes, n)
	f.nodes = append(f.nodes, n)
}

// entity returns the shared fields of a new node.
func (f *fixture) entity(slug, name string) model.Entity {
	return model.Entity{Slug: slug, Name: name, Sources: f.cite()}
}

// org adds an organisation; a FOREIGN one is Swedish, every other one Polish.
func (f *fixture) org(slug, name string, kind model.OrganisationKind) *model.Organisation {
	o := &model.Organisation{Entity: f.entity(slug, name), Kind: kind, Country: "PL"}
	if kind == model.KindForeign {
		o.Country = "SE"
	}
	f.add(o)
	return o
}

// person adds a person.
func (f *fixture) person(slug, name string) *model.Person {
	p := &model.Person{Entity: f.entity(slug, name)}
	f.add(p)
	return p
}

// project adds a project.
func (f *fixture) project(slug, name string) *model.Project {
	p := &model.Project{Entity: f.entity(slug, name)}
	f.add(p)
	return p
}

// programme adds a funding programme.
func (f *fixture) programme(slug, name string) *model.Programme {
	p := &model.Programme{Entity: f.entity(slug, name), Kind: model.ProgrammeFunding}
	f.add(p)
	return p
}

// event adds an event that was held; start and end may be nil.
func (f *fixture) event(slug, name string, kind model.EventKind, start, end *model.PartialDate, themes ...model.Theme) *model.Event {
	e := &model.Event{Entity: f.entity(slug, name), Kind: kind, Status: model.StatusHeld, Start: start, End: end, Themes: themes}
	f.add(e)
	return e
}

// practice adds a practice tagged with themes.
func (f *fixture) practice(slug, name string, themes ...model.Theme) *model.Practice {
	p := &model.Practice{Entity: f.entity(slug, name), Themes: themes}
	f.add(p)
	return p
}

// place adds a place; terc and point may be empty.
func (f *fixture) place(slug, name string, kind model.PlaceKind, country, terc string, point *model.GeoPoint) *model.Place {
	p := &model.Place{Entity: f.entity(slug, name), Kind: kind, Country: country, TERC: terc, Point: point}
	f.add(p)
	return p
}

// source adds a source document; sources need no citation of their own.
func (f *fixture) source(slug, name string) *model.Source {
	s := &model.Source{Entity: model.Entity{Slug: slug, Name: name}, Kind: model.SourceArticle, Language: "pl"}
	f.add(s)
	return s
}

// rel adds a relation of type typ from one node to another, with its derived id and a citation
// of its own.
func (f *fixture) rel(typ model.RelationType, from, to model.Node) *model.Relation {
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
func newRelation(typ model.RelationType, from, to model.NodeKey) *model.Relation {
	return &model.Relation{ID: model.RelationID(typ, from, to), Type: typ, From: from, To: to}
}

// geography is a small map of Poland and Sweden: voivodeships, powiats and localities linked by
// WITHIN, with TERYT codes and coordinates.
type geography struct {
	poland, pomorskie, powiatGdynia, gdynia, gdansk *model.Place
	lubelskie, powiatKrasnicki, krasnik, lublin     *model.Place
	wielkopolskie, gebice                           *model.Place
	sweden, sztokholm                               *model.Place
}

// Coordinates of the fixture's localities (WGS84).
var (
	pointGdynia    = &model.GeoPoint{Lat: 54.5189, Lon: 18.5305}
	pointGdansk    = &model.GeoPoint{Lat: 54.3520, Lon: 18.6466}
	pointKrasnik   = &model.GeoPoint{Lat: 50.9245, Lon: 22.2206}
	pointLublin    = &model.GeoPoint{Lat: 51.2465, Lon: 22.5684}
	pointGebice    = &model.GeoPoint{Lat: 52.9300, Lon: 16.6200}
	pointSztokholm = &model.GeoPoint{Lat: 59.3293, Lon: 18.0686}
)

// geography adds the fixture's places. Gdynia lies within pomorskie through its powiat, so that
// containment must be followed transitively; Gdańsk lies within pomorskie directly.
func (f *fixture) geography() geography {
	var g geography
	g.poland = f.place("polska", "Polska", model.PlaceCountry, "PL", "", nil)
	g.pomorskie = f.place("pomorskie", "województwo pomorskie", model.PlaceVoivodeship, "PL", "22", nil)
	g.powiatGdynia = f.place("powiat-gdynia", "powiat Gdynia", model.PlacePowiat, "PL", "2262", nil)
	g.gdynia = f.place("gdynia", "Gdynia", model.PlaceCity, "PL", "2262011", pointGdynia)
	g.gdansk = f.place("gdansk", "Gdańsk", model.PlaceCity, "PL", "2261011", pointGdansk)
	g.lubelskie = f.place("lubelskie", "województwo lubelskie", model.PlaceVoivodeship, "PL", "06", nil)
	g.powiatKrasnicki = f.place("powiat-krasnicki", "powiat kraśnicki", model.PlacePowiat, "PL", "0607", nil)
	g.krasnik = f.place("krasnik", "Kraśnik", model.PlaceCity, "PL", "0607011", pointKrasnik)
	g.lublin = f.place("lublin", "Lublin", model.PlaceCity, "PL", "0663011", pointLublin)
	g.wielkopolskie = f.place("wielkopolskie", "województwo wielkopolskie", model.PlaceVoivodeship, "PL", "30", nil)
	g.gebice = f.place("gebice", "Gębice", model.PlaceVillage, "PL", "3002022", pointGebice)
	g.sweden = f.place("szwecja", "Szwecja", model.PlaceCountry, "SE", "", nil)
	g.sztokholm = f.place("sztokholm", "Sztokholm", model.PlaceCity, "SE", "", pointSztokholm)
	g.sztokholm.NameEn = "Stockholm"
	for _, w := range [][2]*model.Place{
		{g.pomorskie, g.poland}, {g.powiatGdynia, g.pomorskie}, {g.gdynia, g.powiatGdynia},
		{g.gdansk, g.pomorskie}, {g.lubelskie, g.poland}, {g.powiatKrasnicki, g.lubelskie},
		{g.krasnik, g.powiatKrasnicki}, {g.lublin, g.lubelskie}, {g.wielkopolskie, g.poland},
		{g.gebice, g.wielkopolskie}, {g.sztokholm, g.sweden},
	} {
		f.rel(model.RelWithin, w[0], w[1])
	}
	return g
}

// date returns a partial date; zero parts are unknown.
func date(year, month, day int) *model.PartialDate {
	return &model.PartialDate{Year: year, Month: month, Day: day}
}

// keyOf returns a pointer to the key of n, for optional key fields.
func keyOf(n model.Node) *model.NodeKey {
	k := n.Key()
	return &k
}

// keys returns the keys of nodes, in order.
func keys[N model.Node](ns ...N) []model.NodeKey {
	out := make([]model.NodeKey, len(ns))
	for i, n := range ns {
		out[i] = n.Key()
	}
	return out
}

// slugs returns the slugs of nodes, in order.
func slugs[N model.Node](ns []N) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Common().Slug
	}
	return out
}

// relationIDs returns the ids of relations, in order.
func relationIDs(rs []*model.Relation) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// citations concatenates the citations of relations, in order.
func citations(rs ...*model.Relation) []model.Citation {
	var out []model.Citation
	for _, r := range rs {
		out = append(out, r.Sources...)
	}
	return out
}

// compareRelations orders a node's relations as the contract does: by type, then the other
// end's global id, then id.
func compareRelations(self model.NodeKey) func(a, b *model.Relation) int {
	return func(a, b *model.Relation) int {
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
