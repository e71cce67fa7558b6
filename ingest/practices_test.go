package ingest

import (
	"context"
	"slices"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/match"
)

// rel is a relation of an extraction by its ends' names.
func rels(ex *Extraction, t ecosystem.RelationType) [][2]string {
	var out [][2]string
	for _, f := range ex.Relations {
		if f.Type == t {
			out = append(out, [2]string{canon(f.From).Name, canon(f.To).Name})
		}
	}
	return out
}

// TestPracticesOfAProgramme: each stop of a visit's programme shows the practice it is about,
// named by its phrase in the nominative (the head and a noun coordinated with it; a name that
// completes the phrase is kept, one after a preposition is not), practised by its hosts.
func TestPracticesOfAProgramme(t *testing.T) {
	text := "Wizyta studyjna w Toruniu\n\n" +
		"W dniach 6-9 września 2023 r. odbyła się wizyta studyjna w Toruniu. Program wizyty przewidywał:\n\n" +
		"spotkanie z przedstawicielami Miejskiego Ośrodka Pomocy Społecznej w Toruniu na temat opracowania oraz realizacji programu mieszkań treningowych, " +
		"prezentację modelu działania Fundacji Dobrych Sąsiadów, " +
		"wymianę doświadczeń dotyczących projektowania usług opiekuńczych z Centrum Usług Społecznych w Chełmnie."
	ex := extractor().Extract(Article{Text: text, Published: "2023-09"})
	got := names(ex, ecosystem.NodePractice)
	want := []string{"Opracowanie oraz realizacja programu mieszkań treningowych", "Model działania Fundacji Dobrych Sąsiadów", "Projektowanie usług opiekuńczych"}
	if !slices.Equal(got, want) {
		t.Fatalf("practices %q, want %q", got, want)
	}
	practised := rels(ex, ecosystem.RelPractises)
	for _, w := range [][2]string{{"Miejski Ośrodek Pomocy Społecznej w Toruniu", want[0]}, {"Fundacja Dobrych Sąsiadów", want[1]}, {"Centrum Usług Społecznych w Chełmnie", want[2]}} {
		if !slices.Contains(practised, w) {
			t.Errorf("PRACTISES %v missing from %v", w, practised)
		}
	}
	if n := len(rels(ex, ecosystem.RelShowcased)); n != 3 {
		t.Errorf("%d SHOWCASED, want one per stop: %v", n, rels(ex, ecosystem.RelShowcased))
	}
	if len(practised) != 3 {
		t.Errorf("a stop's practice is practised by another stop's host: %v", practised)
	}
}

// TestPracticesInSentences: a model a speaker presents is shown at the event and practised by
// the speaker's organisation; "our model … recognised by the ministry" is developed by the
// publisher and recognised by the ministry, and by the programme that names it a good practice
// in the next sentence; a model being made is not a practice yet, nor is "model" alone.
func TestPracticesInSentences(t *testing.T) {
	text := "Forum WTZ w Lesznie\n\n" +
		"W dniu 12 października 2022 r. w Lesznie odbyło się Forum WTZ. Głos zabrała Anna Nowak z Regionalnego Ośrodka Polityki Społecznej w Poznaniu, opowiadając o modelu zatrudnienia wspieranego w spółdzielniach socjalnych. Uczestnicy pracują nad stworzeniem modelu kooperacji. Omówiono też koncepcję modelu.\n\n" +
		"Nasz model aktywizacji uczestników WTZ został doceniony przez Ministerstwo Rodziny i Polityki Społecznej. Przedstawiono go jako dobrą praktykę w Krajowym Programie Przeciwdziałania Ubóstwu."
	x := extractor()
	ex := x.Extract(Article{Text: text, Published: "2022-10", Publisher: "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych"})
	got := names(ex, ecosystem.NodePractice)
	want := []string{"Model zatrudnienia wspieranego w spółdzielniach socjalnych", "Model aktywizacji uczestników WTZ"}
	if !slices.Equal(got, want) {
		t.Fatalf("practices %q, want %q", got, want)
	}
	if r := rels(ex, ecosystem.RelShowcased); !slices.Contains(r, [2]string{"Forum WTZ", want[0]}) {
		t.Errorf("SHOWCASED %v", r)
	}
	if r := rels(ex, ecosystem.RelPractises); !slices.Contains(r, [2]string{"Regionalny Ośrodek Polityki Społecznej w Poznaniu", want[0]}) {
		t.Errorf("PRACTISES %v", r)
	}
	recognised := rels(ex, ecosystem.RelRecognised)
	if !slices.ContainsFunc(recognised, func(r [2]string) bool {
		return r[1] == want[1] && r[0] != "" && slices.Contains(names(ex, ecosystem.NodeOrganisation), r[0])
	}) {
		t.Errorf("the ministry's recognition is missing: %v", recognised)
	}
	if len(recognised) < 2 {
		t.Errorf("the programme that names it a good practice is missing: %v", recognised)
	}
	for _, r := range rels(ex, ecosystem.RelPractises) {
		if r[1] == want[1] {
			t.Errorf("the recognising ministry is said to practise it: %v", r)
		}
	}
}

// TestPracticeLinksByItsNeighbours: read again with the seeded graph, a stop's practice is the
// practice the graph has for that stop and host, whatever the curator named it.
func TestPracticeLinksByItsNeighbours(t *testing.T) {
	s, ds := seeded(t)
	x := &Extractor{Gazetteer: gazetteer.Default(), Known: KnownPlaces(ds.Nodes)}
	golds, err := GoldFromSeeds("../../shared/seeds", ds)
	if err != nil {
		t.Fatal(err)
	}
	var g *Gold
	for i := range golds {
		if golds[i].Name == "004_5dccf36d0efd31cb.txt" {
			g = &golds[i]
		}
	}
	if g == nil {
		t.Fatal("source document 004 not found")
	}
	p, err := x.Propose(context.Background(), s, g.Article, "src-practice-link")
	if err != nil {
		t.Fatal(err)
	}
	linked := map[string]match.Decision{}
	for _, l := range p.Links {
		if l.Mention.Type == ecosystem.NodePractice {
			linked[l.ID.GlobalID()] = l.Decision
		}
	}
	for _, want := range []string{"Practice:fosa-model-federacji", "Practice:gpms-mieszkalnictwo-spoleczne", "Practice:ecus-projektowanie-uslug", "Practice:olsztyn-aktywnosc-zawodowa-i-di"} {
		if linked[want] != match.Same {
			t.Errorf("%s not linked: %v", want, linked)
		}
	}
}

// TestReviseRenamesNewEntities: an editor may give a new entity (a practice named by the
// article's phrase) a better name; an existing node is renamed in the graph, not through a
// proposal, and a name for an id the proposal lacks is refused.
func TestReviseRenamesNewEntities(t *testing.T) {
	s, _ := seeded(t)
	text := "Forum\n\nW dniu 12 października 2022 r. w Lesznie odbyło się Forum WTZ. Anna Nowak z Regionalnego Ośrodka Polityki Społecznej w Poznaniu opowiadała o modelu zatrudnienia wspieranego w spółdzielniach socjalnych."
	p, err := extractor().Propose(context.Background(), s, Article{Text: text, Published: "2022-10"}, "src-rename")
	if err != nil {
		t.Fatal(err)
	}
	var practice, existing ecosystem.NodeKey
	for _, l := range p.Links {
		if l.Mention.Type == ecosystem.NodePractice {
			practice = l.ID
		}
		if l.Decision == match.Same {
			existing = l.ID
		}
	}
	if practice.Slug == "" || existing.Slug == "" {
		t.Fatalf("want a new practice and an existing node: %+v", p.Links)
	}
	doc := p.Document
	if err := Revise(context.Background(), s, &doc, []Decision{{ID: practice, Action: Keep, Name: "  Zatrudnienie wspierane  w spółdzielniach "}}); err != nil {
		t.Fatal(err)
	}
	if len(doc.Practices) != 1 || doc.Practices[0].Name != "Zatrudnienie wspierane w spółdzielniach" {
		t.Errorf("practices %+v", doc.Practices)
	}
	for _, bad := range []Decision{{ID: existing, Action: Keep, Name: "Inna nazwa"}, {ID: ecosystem.NodeKey{Type: ecosystem.NodePractice, Slug: "nie-ma"}, Action: Keep, Name: "X"}, {ID: practice, Action: Keep, Name: "   "}} {
		d := p.Document
		if err := Revise(context.Background(), s, &d, []Decision{bad}); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
