package ingest

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/match"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// The cases below are what the held-out articles (testdata/heldout) found wrong on their first
// read; each test failed before its fix. The texts are the tests' own.

// wantRel fails the test unless the extraction holds the relation from → to.
func wantRel(t *testing.T, ex *Extraction, typ ecosystem.RelationType, from, to string) {
	t.Helper()
	if r := rels(ex, typ); !slices.Contains(r, [2]string{from, to}) {
		t.Errorf("no %s %s → %s among %v", typ, from, to, r)
	}
}

// place is the extraction's place mention named name, or nil.
func place(ex *Extraction, name string) *Mention {
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodePlace && m.Name == name {
			return m
		}
	}
	return nil
}

// TestNumberedProgrammeItems: "1) Host – subject;" items are stops of the visit, each with
// its host, the host's town and its practice; a speaker from a host speaks at that stop, and
// a sentence's day dates the stop whose town it names.
func TestNumberedProgrammeItems(t *testing.T) {
	text := "Wizyta studyjna\n\n" +
		"W dniach 4-6.05.2023r. odbyła się wizyta studyjna na Dolnym Śląsku.\n\n" +
		"Program wizyty:\n1) Miejski Ośrodek Pomocy Społecznej w Legnicy – mieszkania chronione dla młodzieży;\n2) Centrum Usług Społecznych w Wałbrzychu – asystencja osobista w domu.\n\n" +
		"5 maja grupa przyjechała do Wałbrzycha. O asystencji opowiadała Anna Nowak, dyrektor Centrum Usług Społecznych w Wałbrzychu."
	ex := extractor().Extract(Article{Text: text, Published: "2023-05"})
	var stops []*Mention
	for _, m := range ex.Mentions {
		if m.Parent != nil {
			stops = append(stops, m)
		}
	}
	if len(stops) != 2 {
		t.Fatalf("%d stops, want 2", len(stops))
	}
	if got := names(ex, ecosystem.NodePractice); !slices.Equal(got, []string{"Mieszkania chronione dla młodzieży", "Asystencja osobista w domu"}) {
		t.Errorf("practices %q", got)
	}
	if stops[1].Start != "2023-05-05" || stops[0].Start != "2023-05-04" {
		t.Errorf("stop days %s, %s: want the visit's start for the first, 5 May for the second", stops[0].Start, stops[1].Start)
	}
	if r := rels(ex, ecosystem.RelSpokeAt); !slices.Contains(r, [2]string{"Anna Nowak", stops[1].Name}) {
		t.Errorf("the host's director did not speak at its stop: %v", r)
	}
	if r := rels(ex, ecosystem.RelHeldIn); !slices.Contains(r, [2]string{canon(stops[0].Parent).Name, "województwo dolnośląskie"}) || !slices.Contains(r, [2]string{canon(stops[0].Parent).Name, "Legnica"}) {
		t.Errorf("the visit is not held in its region and its stops' towns: %v", r)
	}
}

// TestPlacesInContext: a town two places share is the one in the voivodeship of the article's
// other places; a case form the tables lack is read when it starts with a town's name; a city
// is not the voivodeship of its stem.
func TestPlacesInContext(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Spotkanie\n\nGoście byli we Wrocławiu i w Wałbrzychu, a potem w Świdnicy. Przyjechali też pracownicy z Głuchołazach. Spotkanie odbyło się w Żarach."})
	if p := place(ex, "Świdnica"); p == nil || p.Place.Gazetteer == nil || p.Place.Gazetteer.VoivodeshipCode != "02" {
		t.Errorf("Świdnica not read as the Lower Silesian town: %+v", p)
	}
	if place(ex, "Głuchołazy") == nil || place(ex, "Żary") == nil {
		t.Errorf("w Głuchołazach, w Żarach not read: %q", names(ex, ecosystem.NodePlace))
	}
	s, _ := seeded(t)
	p, err := extractor().Propose(context.Background(), s, Article{Text: "Forum\n\nW Opolu odbyło się forum."}, "src-opole")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range p.Links {
		if l.Mention.Name == "Opole" && l.ID.GlobalID() == "Place:opolskie" {
			t.Error("Opole linked to województwo opolskie")
		}
	}
}

// TestOneEntityOneID: an organisation named in full with its abbreviation in brackets and by
// the abbreviation alone later is one entity, and the proposal passes the dry run.
func TestOneEntityOneID(t *testing.T) {
	s, _ := seeded(t)
	text := "Forum\n\n24 listopada odbyło się forum, które zorganizowało Regionalne Centrum Polityki Społecznej w Łodzi (RCPS). Obrady otworzył dyrektor RCPS Paweł Kozłowski. Dyrektor RCPS podziękował gościom."
	p, err := extractor().Propose(context.Background(), s, Article{Text: text, Published: "2023-11"}, "src-rcps")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(p.Document)
	doc, err := seed.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.PlanChecked(context.Background(), "rcps", doc, store.ExistsIn(s), seed.GazetteerCheck(gazetteer.Default())); err != nil {
		t.Fatalf("the dry run refuses the proposal: %v", err)
	}
	if n := len(doc.Organisations); n != 1 {
		t.Errorf("%d organisations, want one: %+v", n, doc.Organisations)
	}
}

// TestBranchAndPeople: "Oddziału Łódzkiego Państwowego Funduszu …" is Oddział Łódzki PFRON, a
// branch of PFRON and not the Pomeranian branch; a woman's first name that is also a man's
// genitive is hers before an undeclined surname; a lower-case town adjective seats a PCPR.
func TestBranchAndPeople(t *testing.T) {
	s, _ := seeded(t)
	text := "Forum\n\nO funduszach mówił Marek Jabłoński, dyrektor Oddziału Łódzkiego Państwowego Funduszu Rehabilitacji Osób Niepełnosprawnych. Panel moderowała dr Aleksandra Pietrzak. Szkolenie zorganizowało inowrocławskie Powiatowe Centrum Pomocy Rodzinie."
	p, err := extractor().Propose(context.Background(), s, Article{Text: text, Published: "2023-11"}, "src-branch")
	if err != nil {
		t.Fatal(err)
	}
	ex := p.Extraction
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Oddział Łódzki Państwowego Funduszu Rehabilitacji Osób Niepełnosprawnych", "Powiatowe Centrum Pomocy Rodzinie w Inowrocławiu"} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
	if !slices.Contains(names(ex, ecosystem.NodePerson), "Aleksandra Pietrzak") {
		t.Errorf("people %q", names(ex, ecosystem.NodePerson))
	}
	branch := false
	for _, r := range p.Document.Relations {
		branch = branch || (r.Type == string(ecosystem.RelBranchOf) && r.To == "Organisation:pfron")
	}
	if !branch {
		t.Errorf("no BRANCH_OF PFRON: %+v", p.Document.Relations)
	}
	for _, l := range p.Links {
		if l.Mention.Kind == string(ecosystem.KindPFRONBranch) && l.Decision != match.New {
			t.Errorf("the Łódź branch is %s %s, want a new organisation", l.Decision, l.ID)
		}
	}
}

// TestAreasLeadersAndNames: a council's place adjective is the area it serves, not its seat; a
// PCPR in a city with powiat rights serves the land powiat; "realizowany przez X w
// partnerstwie z Y" makes X the leader and Y a partner, not the other way; an abbreviation
// with a quoted name is that institution.
func TestAreasLeadersAndNames(t *testing.T) {
	text := "Projekt\n\nProjekt „Razem łatwiej” jest realizowany przez Stowarzyszenie „Przystań” w partnerstwie z Miejskim Ośrodkiem Pomocy Rodzinie w Elblągu. " +
		"W spotkaniu udział wzięli przedstawiciele Elbląskiej Rady Konsultacyjnej Osób Niepełnosprawnych i Powiatowego Centrum Pomocy Rodzinie w Olsztynie. Relację przygotowała Anna Nowak z WTZ „Krzemień” w Poznaniu."
	ex := extractor().Extract(Article{Text: text, Published: "2023-05"})
	has := func(t ecosystem.RelationType, from, to string) bool {
		return slices.Contains(rels(ex, t), [2]string{from, to})
	}
	if !has(ecosystem.RelServesArea, "Elbląska Rada Konsultacyjna Osób Niepełnosprawnych", "Elbląg") || has(ecosystem.RelLocatedIn, "Elbląska Rada Konsultacyjna Osób Niepełnosprawnych", "Elbląg") {
		t.Errorf("the council: located %v, serves %v", rels(ex, ecosystem.RelLocatedIn), rels(ex, ecosystem.RelServesArea))
	}
	if !has(ecosystem.RelServesArea, "Powiatowe Centrum Pomocy Rodzinie w Olsztynie", "powiat olsztyński") {
		t.Errorf("the PCPR serves %v", rels(ex, ecosystem.RelServesArea))
	}
	if !has(ecosystem.RelLeads, "Stowarzyszenie „Przystań”", "Razem łatwiej") || has(ecosystem.RelLeads, "Miejski Ośrodek Pomocy Rodzinie w Elblągu", "Razem łatwiej") ||
		!has(ecosystem.RelPartnerIn, "Miejski Ośrodek Pomocy Rodzinie w Elblągu", "Razem łatwiej") || has(ecosystem.RelPartnerIn, "Stowarzyszenie „Przystań”", "Razem łatwiej") {
		t.Errorf("leads %v, partners %v", rels(ex, ecosystem.RelLeads), rels(ex, ecosystem.RelPartnerIn))
	}
	if !slices.Contains(names(ex, ecosystem.NodeOrganisation), "Warsztat Terapii Zajęciowej „Krzemień” w Poznaniu") {
		t.Errorf("organisations %q", names(ex, ecosystem.NodeOrganisation))
	}
}

// TestSeriesAndHeadings: a heading without a full stop ends at the line where a name starts;
// an event named in the plural is the series, not the edition before it; the edition is part
// of the series, and the series' organiser organised the edition.
func TestSeriesAndHeadings(t *testing.T) {
	text := "Forum\n\nNasze Stowarzyszenie prezentowało projekt podczas II Pomorskiego Forum ZAZ\nPomorskie Fora ZAZ są co roku organizowane przez Fundację „Razem”."
	ex := extractor().Extract(Article{Text: text, Published: "2019-05"})
	events := names(ex, ecosystem.NodeEvent)
	if !slices.Contains(events, "II Pomorskie Forum ZAZ") || !slices.Contains(events, "Pomorskie Fora ZAZ") {
		t.Fatalf("events %q", events)
	}
	wantRel(t, ex, ecosystem.RelPartOf, "II Pomorskie Forum ZAZ", "Pomorskie Fora ZAZ")
	org := rels(ex, ecosystem.RelOrganised)
	if !slices.Contains(org, [2]string{"Fundacja „Razem”", "Pomorskie Fora ZAZ"}) || !slices.Contains(org, [2]string{"Fundacja „Razem”", "II Pomorskie Forum ZAZ"}) {
		t.Errorf("ORGANISED %v", org)
	}
}

// TestNextEdition: "kolejna tura Warsztatów" is another event of the kind, to come, dated by
// its sentence; it is not the event of the title.
func TestNextEdition(t *testing.T) {
	text := "III Forum ZAZ\n\nW Warsztatach Wymiany Doświadczeń w Sztokholmie wzięło udział 20 osób.\n\nJuż 20 października rusza kolejna tura Warsztatów w Szkocji."
	ex := extractor().Extract(Article{Text: text, Published: "2013"})
	var next *Mention
	for _, m := range ex.Mentions {
		if m.NextEdition {
			next = m
		}
	}
	if next == nil || next.Same != nil || next.Start != "2013-10-20" || !next.Planned {
		t.Fatalf("the next round: %+v", next)
	}
	if next.Name != "Warsztaty Wymiany Doświadczeń – kolejna edycja" {
		t.Errorf("named %q", next.Name)
	}
}

// TestCooperativesAndOperators: a cooperative set up beside a workshop is ATTACHED_TO it, its
// founders FOUNDED it, and the association "które prowadzi WTZ" RUNS the workshop.
func TestCooperativesAndOperators(t *testing.T) {
	text := "Spółdzielnia\n\nW siedzibie Warsztatu Terapii Zajęciowej w Gnieźnie odbyło się spotkanie. " +
		"Powstała Spółdzielnia Socjalna „Jutro”, zarejestrowana przy naszym Warsztacie. " +
		"Jej założycielami są Fundacja „Most”, która prowadzi WTZ, oraz Gmina Miasto Gniezno."
	ex := extractor().Extract(Article{Text: text, Published: "2024-03"})
	has := func(t ecosystem.RelationType, from, to string) bool {
		return slices.Contains(rels(ex, t), [2]string{from, to})
	}
	wtz, coop := "Warsztat Terapii Zajęciowej w Gnieźnie", "Spółdzielnia Socjalna „Jutro”"
	if !has(ecosystem.RelAttachedTo, coop, wtz) {
		t.Errorf("ATTACHED_TO %v", rels(ex, ecosystem.RelAttachedTo))
	}
	if !has(ecosystem.RelFounded, "Fundacja „Most”", coop) || !has(ecosystem.RelFounded, "Gmina Miasto Gniezno", coop) {
		t.Errorf("FOUNDED %v", rels(ex, ecosystem.RelFounded))
	}
	if !has(ecosystem.RelRuns, "Fundacja „Most”", wtz) {
		t.Errorf("RUNS %v", rels(ex, ecosystem.RelRuns))
	}
}

// TestForeignHosts: "gospodarzem były X" names a host as a visit does, and a foreign legal form
// (gGmbH) is part of the name.
func TestForeignHosts(t *testing.T) {
	text := "Wizyta\n\nW dniach 3-7 czerwca 2019 r. odbyła się wizyta studyjna w Niemczech. Przez dwa dni gospodarzem były Havelwerkstätten Brandenburg. " +
		"Potem grupa odwiedziła pralnię prowadzoną przez firmę Spreewaschdienst gGmbH."
	ex := extractor().Extract(Article{Text: text, Published: "2019-06"})
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Havelwerkstätten Brandenburg", "Spreewaschdienst gGmbH"} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
	if n := len(rels(ex, ecosystem.RelHosted)); n != 2 {
		t.Errorf("%d HOSTED, want one per host: %v", n, rels(ex, ecosystem.RelHosted))
	}
}

// TestSiteTourStop: a programme item that tours a named site no organisation hosts, on a line
// of its own after an item that ended without a comma, is a stop held in the site's town that
// showcased the site, named in the nominative; practices whose heads the lexicon holds
// (wypożyczalnia, pralnia) are named in the nominative, not as a guessed neuter plural.
func TestSiteTourStop(t *testing.T) {
	text := "Wizyta studyjna\n\n" +
		"W dniach 6-9 września 2021 r. odbyła się wizyta studyjna.\n\n" +
		"Program obejmował:\nspotkanie z przedstawicielami Miejskiego Ośrodka Pomocy Rodzinie w Gdańsku na temat programu mieszkań na lata 2016 – 2023\n" +
		"zwiedzanie Osiedla Sitowie w Gdańsku, które stanowi przykład wsparcia w usamodzielnianiu się.\n\n" +
		"Program obejmował dwa spotkania:\n1) Centrum Usług Społecznych w Wałbrzychu – wypożyczalnia sprzętu rehabilitacyjnego;\n2) Zakład Aktywności Zawodowej w Świdnicy – pralnia i kuchnia cateringowa."
	ex := extractor().Extract(Article{Text: text, Published: "2021-09"})
	var tour *Mention
	for _, m := range ex.Mentions {
		if m.Parent != nil && len(m.Hosts) == 0 {
			tour = m
		}
	}
	if tour == nil {
		t.Fatalf("no host-less stop; events %q", names(ex, ecosystem.NodeEvent))
	}
	if r := rels(ex, ecosystem.RelShowcased); !slices.Contains(r, [2]string{tour.Name, "Osiedle Sitowie"}) {
		t.Errorf("the stop did not showcase Osiedle Sitowie: %v", r)
	}
	if r := rels(ex, ecosystem.RelHeldIn); !slices.Contains(r, [2]string{tour.Name, "Gdańsk"}) {
		t.Errorf("the stop is not held in Gdańsk: %v", r)
	}
	wantRel(t, ex, ecosystem.RelLocatedIn, "Osiedle Sitowie", "Gdańsk")
	got := names(ex, ecosystem.NodePractice)
	for _, want := range []string{"Wypożyczalnia sprzętu rehabilitacyjnego", "Pralnia i kuchnia cateringowa"} {
		if !slices.Contains(got, want) {
			t.Errorf("practice %q not among %q", want, got)
		}
	}
}

// TestForeignFirstNames: foreign hosts are people too: a first name the dictionary has
// (Frank) after a position, and one it lacks after Pani (Sabine), kept as written.
func TestForeignFirstNames(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Wizyta w Cottbus\n\nO stanowiskach zewnętrznych opowiedział dyrektor placówki Frank Lehmann. Kierowniczka hotelu, Pani Sabine Krüger, mówiła o zatrudnieniu. Pani Kierownik powitała gości."})
	got := names(ex, ecosystem.NodePerson)
	if !slices.Equal(got, []string{"Frank Lehmann", "Sabine Krüger"}) {
		t.Errorf("people %q, want Frank Lehmann and Sabine Krüger", got)
	}
}

// TestCountries: a country in a case form (w Niemczech, z Wielkiej Brytanii, na Litwie) is a
// place of that country, proposed as a new COUNTRY place when the graph lacks it.
func TestCountries(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Wizyta\n\nPracownicy ZAZ byli w Niemczech, a goście przyjechali z Wielkiej Brytanii i na Litwie."})
	for name, code := range map[string]string{"Niemcy": "DE", "Wielka Brytania": "GB", "Litwa": "LT"} {
		if p := place(ex, name); p == nil || p.Place.Country != code || p.Place.Kind != ecosystem.PlaceCountry {
			t.Errorf("%s not read as country %s: %+v (places %q)", name, code, p, names(ex, ecosystem.NodePlace))
		}
	}
}

// TestPluralReference: "X, które prowadzi obie placówki" runs the two organisations named
// just before; with three named, "obie" refers to none of them.
func TestPluralReference(t *testing.T) {
	two := "Wyjazd\n\nPracownicy Zakładu Aktywności Zawodowej w Żarach i Warsztatu Terapii Zajęciowej w Żaganiu byli w Niemczech. Wyjazd zorganizowało Stowarzyszenie „Promyk” z Żar, które prowadzi obie placówki."
	r := rels(extractor().Extract(Article{Text: two}), ecosystem.RelRuns)
	for _, want := range [][2]string{{"Stowarzyszenie „Promyk”", "Zakład Aktywności Zawodowej w Żarach"}, {"Stowarzyszenie „Promyk”", "Warsztat Terapii Zajęciowej w Żaganiu"}} {
		if !slices.Contains(r, want) {
			t.Errorf("missing RUNS %v in %v", want, r)
		}
	}
	three := "Wyjazd\n\nPracownicy Zakładu Aktywności Zawodowej w Żarach, Warsztatu Terapii Zajęciowej w Żaganiu i Środowiskowego Domu Samopomocy w Żarach byli w Niemczech. Wyjazd zorganizowało Stowarzyszenie „Promyk” z Żar, które prowadzi obie placówki."
	if r := rels(extractor().Extract(Article{Text: three}), ecosystem.RelRuns); len(r) != 0 {
		t.Errorf("obie placówki with three named: %v", r)
	}
}

// TestStopDaysByWeekdayAndSpan: "Przez pierwsze dwa dni gospodarzem był X" dates X's stop
// with the visit's first two days, "W środę grupa odwiedziła Y" Y's stop with the visit's
// Wednesday; a later sentence about the first host does not move its stop.
func TestStopDaysByWeekdayAndSpan(t *testing.T) {
	text := "Wizyta studyjna\n\n3-7 czerwca 2019 r. pracownicy ZAZ byli na wizycie studyjnej w Niemczech.\n\n" +
		"Przez pierwsze dwa dni gospodarzem były Lausitzer Werkstätten gGmbH.\n\n" +
		"W środę grupa odwiedziła hotel prowadzony przez Spree-Integra gGmbH.\n\n" +
		"Ostatnie dwa dni upłynęły na warsztatach z kadrą Lausitzer Werkstätten."
	ex := extractor().Extract(Article{Text: text, Published: "2019-06-12"})
	days := map[string][2]string{}
	for _, m := range ex.Mentions {
		if m.Parent != nil && len(m.Hosts) > 0 {
			days[canon(m.Hosts[0]).Name] = [2]string{m.Start, m.End}
		}
	}
	if got := days["Lausitzer Werkstätten gGmbH"]; got != [2]string{"2019-06-03", "2019-06-04"} {
		t.Errorf("Lausitzer Werkstätten's stop %v, want 3–4 June (stops %v)", got, days)
	}
	if got := days["Spree-Integra gGmbH"]; got != [2]string{"2019-06-05", "2019-06-05"} {
		t.Errorf("Spree-Integra's stop %v, want Wednesday 5 June (stops %v)", got, days)
	}
}

// The cases below are what the second held-out set (testdata/heldout2) found wrong on its
// first read; each test failed before its fix.

// TestAnniversaryAndGreetings: a jubileusz is an event; greeting, congratulating, thanking,
// summing up are speaking at it; a guest named among the guests attended.
func TestAnniversaryAndGreetings(t *testing.T) {
	text := "Jubileusz\n\n8.05.2023 r. obchodziliśmy jubileusz 15-lecia Środowiskowego Domu Samopomocy w Tymbarku. " +
		"Gratulacje złożył wójt Stanisław Kurek, a Pani Renata Sowa podziękowała za współpracę. Wśród gości była także Halina Poręba."
	ex := extractor().Extract(Article{Text: text, Published: "2023-05-10"})
	ev := names(ex, ecosystem.NodeEvent)
	if len(ev) != 1 {
		t.Fatalf("events %q, want the jubileusz", ev)
	}
	for _, p := range []string{"Stanisław Kurek", "Renata Sowa"} {
		if !slices.Contains(rels(ex, ecosystem.RelSpokeAt), [2]string{p, ev[0]}) {
			t.Errorf("%s did not speak at %s: %v", p, ev[0], rels(ex, ecosystem.RelSpokeAt))
		}
	}
	if !slices.Contains(rels(ex, ecosystem.RelAttended), [2]string{"Halina Poręba", ev[0]}) {
		t.Errorf("the guest did not attend: %v", rels(ex, ecosystem.RelAttended))
	}
}

// TestOwnersProgrammeAndStarosta: a programme named in quotes after its owner's name is a
// programme the owner leads, and the owner is not named with the quote; a starosta holds his
// position at the article's one starostwo.
func TestOwnersProgrammeAndStarosta(t *testing.T) {
	text := "Konferencja\n\nW dniu 14 marca 2024 roku Starostwo Powiatowe w Starachowicach zorganizowało konferencję. " +
		"Uczestników powitał starosta starachowicki Pan Henryk Malec. " +
		"Z pilotażowego programu Państwowego Funduszu Rehabilitacji Osób Niepełnosprawnych „Aktywny samorząd” skorzystało 187 osób."
	ex := extractor().Extract(Article{Text: text, Published: "2024-03"})
	if got := names(ex, ecosystem.NodeProgramme); !slices.Equal(got, []string{"Aktywny samorząd"}) {
		t.Errorf("programmes %q", got)
	}
	if !slices.Contains(names(ex, ecosystem.NodeOrganisation), "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych") {
		t.Errorf("organisations %q: PFRON not named on its own", names(ex, ecosystem.NodeOrganisation))
	}
	if !slices.Contains(rels(ex, ecosystem.RelLeads), [2]string{"Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych", "Aktywny samorząd"}) {
		t.Errorf("PFRON does not lead its programme: %v", rels(ex, ecosystem.RelLeads))
	}
	if !slices.Contains(rels(ex, ecosystem.RelHoldsPosition), [2]string{"Henryk Malec", "Starostwo Powiatowe w Starachowicach"}) {
		t.Errorf("the starosta holds no position at the starostwo: %v", rels(ex, ecosystem.RelHoldsPosition))
	}
}

// TestDateRangesInWords: "od 3 do 5 kwietnia br.", "4 i 5 kwietnia" are ranges of days, and
// "15 X 2008 r." is a date with a Roman month.
func TestDateRangesInWords(t *testing.T) {
	for text, want := range map[string][2]string{
		"Od 3 do 5 kwietnia br. trwała wizyta.":      {"2024-04-03", "2024-04-05"},
		"4 i 5 kwietnia uczestnicy byli w Ołomuńcu.": {"2024-04-04", "2024-04-05"},
		"Dom otworzył swoje drzwi 15 X 2008 r.":      {"2008-10-15", ""},
	} {
		ds := Dates(text, 2024)
		if len(ds) != 1 || ds[0].Start != want[0] || ds[0].End != want[1] {
			t.Errorf("%q: %+v, want %v", text, ds, want)
		}
	}
}

// TestForeignHostsByApposition: a Czech host named after a lower-case noun of its kind (w
// stowarzyszeniu Cesta ven, z. s.; spółdzielnia socjalna Sociální družstvo Krok) is a foreign
// organisation with its legal form, a foreign town (w Ołomuńcu) is its place, a stop's two days
// (4 i 5 kwietnia) date it, and a director with a Czech name is a person, not a host.
func TestForeignHostsByApposition(t *testing.T) {
	text := "Wizyta studyjna w Czechach\n\nOd 3 do 5 kwietnia br. pracownicy CIS byli na wizycie studyjnej w Czechach.\n\n" +
		"Gospodarzem spotkania była spółdzielnia socjalna Sociální družstvo Krok, której dyrektorka Jana Dvořáková oprowadziła gości.\n\n" +
		"4 i 5 kwietnia uczestnicy spędzili w Ołomuńcu, w stowarzyszeniu Cesta ven, z. s. Koordynator programu Tomáš Hruban wyjaśnił zasady."
	ex := extractor().Extract(Article{Text: text, Published: "2024-04"})
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Sociální družstvo Krok", "Cesta ven, z. s."} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
	if slices.Contains(orgs, "Dvořáková") {
		t.Errorf("a surname read as a host: %q", orgs)
	}
	if got := names(ex, ecosystem.NodePerson); !slices.Contains(got, "Jana Dvořáková") || !slices.Contains(got, "Tomáš Hruban") {
		t.Errorf("people %q", got)
	}
	if p := place(ex, "Ołomuniec"); p == nil || p.Place.Country != "CZ" || p.Place.Kind != ecosystem.PlaceCity {
		t.Errorf("Ołomuniec not read as a Czech town: %+v", p)
	}
	for _, m := range ex.Mentions {
		if m.Parent != nil && len(m.Hosts) > 0 && canon(m.Hosts[0]).Name == "Cesta ven, z. s." && (m.Start != "2024-04-04" || m.End != "2024-04-05") {
			t.Errorf("Cesta ven's stop %s–%s, want 4–5 April", m.Start, m.End)
		}
	}
}

// TestTrainingGroups: a training held in numbered groups (seed 001) is one event with a
// SESSION per group, each dated by its clause; the group dated only relative to the other, and
// the training itself, get the month.
func TestTrainingGroups(t *testing.T) {
	text := "Szkolenia\n\nW Łężeczkach odbyły się szkolenia integracyjne. Pierwsza grupa rozpoczęła szkolenia integracyjne w zeszłym tygodniu, " +
		"druga grupa ćwiczyła w tym tygodniu, w dniach 17-19 września."
	ex := extractor().Extract(Article{Text: text, Published: "2013-09-20"})
	got := map[string][2]string{}
	var parent *Mention
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeEvent && m.Parent != nil {
			got[m.Name[strings.LastIndex(m.Name, " – ")+len(" – "):]] = [2]string{m.Start, m.End}
			parent = canon(m.Parent)
		}
	}
	if got["grupa 1"] != [2]string{"2013-09", ""} || got["grupa 2"] != [2]string{"2013-09-17", "2013-09-19"} {
		t.Errorf("groups %v", got)
	}
	if parent == nil || parent.Start != "2013-09" || parent.End != "" {
		t.Errorf("the training %+v, want September 2013", parent)
	}
}

// TestEditionsInTowns: a series' editions told by ordinals (Pierwsze spotkanie …, Druga
// edycja …, Trzecią przeprowadzono …) are SESSIONs of the series named by its quoted name, each
// dated and held where its sentence says, the host its sentence names hosting it; the series
// spans them.
func TestEditionsInTowns(t *testing.T) {
	text := "Cykl szkoleń\n\nROPS przeprowadził jesienią cykl szkoleń „Rodzina w pracy socjalnej”.\n\n" +
		"Pierwsze spotkanie odbyło się 27–28 września w Zamościu.\n\n" +
		"Druga edycja zorganizowana została 12 października w Chełmie. Trzecią przeprowadzono tydzień później, 19 października, w Kraśniku, gdzie gospodarzem było Powiatowe Centrum Pomocy Rodzinie w Kraśniku."
	ex := extractor().Extract(Article{Text: text, Published: "2023-10-25"})
	got := map[string][2]string{}
	var series *Mention
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeEvent && m.Parent != nil {
			got[m.Name] = [2]string{m.Start, m.End}
			series = canon(m.Parent)
		}
	}
	want := map[string][2]string{
		"Rodzina w pracy socjalnej – Zamość":  {"2023-09-27", "2023-09-28"},
		"Rodzina w pracy socjalnej – Chełm":   {"2023-10-12", "2023-10-12"},
		"Rodzina w pracy socjalnej – Kraśnik": {"2023-10-19", "2023-10-19"},
	}
	if !maps.Equal(got, want) {
		t.Errorf("editions %v, want %v", got, want)
	}
	if series == nil || series.Start != "2023-09-27" || series.End != "2023-10-19" {
		t.Errorf("the series %+v, want 27 September – 19 October", series)
	}
	if !slices.Contains(rels(ex, ecosystem.RelHosted), [2]string{"Powiatowe Centrum Pomocy Rodzinie w Kraśniku", "Rodzina w pracy socjalnej – Kraśnik"}) {
		t.Errorf("HOSTED %v", rels(ex, ecosystem.RelHosted))
	}
	if !slices.Contains(rels(ex, ecosystem.RelHeldIn), [2]string{"Rodzina w pracy socjalnej – Chełm", "Chełm"}) {
		t.Errorf("HELD_IN %v", rels(ex, ecosystem.RelHeldIn))
	}
}

// TestProjectRunnerAndFunders: "projekt „X”, który … realizowało Stowarzyszenie …" is led by
// the subject after the verb; the organisations paying for a project with no programme named
// fund it; a partner named after "wspólnie z" does not lead it.
func TestProjectRunnerAndFunders(t *testing.T) {
	text := "Projekt\n\nW Krośnie podsumowano projekt „Samodzielni”, który w 2024 r. realizowało Stowarzyszenie „Wspólna Droga”. " +
		"Przedsięwzięcie dofinansował Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych, a część wkładu własnego pokryła Gmina Miasto Krosno."
	ex := extractor().Extract(Article{Text: text, Published: "2024-12"})
	other := extractor().Extract(Article{Text: "Projekt\n\nProjekt „Razem”, który Fundacja „Most” realizuje wspólnie z partnerem, Lausitzer Werkstätten gGmbH, trwa rok.", Published: "2024-12"})
	leads := append(rels(ex, ecosystem.RelLeads), rels(other, ecosystem.RelLeads)...)
	if !slices.Contains(leads, [2]string{"Stowarzyszenie „Wspólna Droga”", "Samodzielni"}) {
		t.Errorf("LEADS %v", leads)
	}
	if slices.Contains(leads, [2]string{"Lausitzer Werkstätten gGmbH", "Razem"}) {
		t.Errorf("the partner leads: %v", leads)
	}
	funded := rels(ex, ecosystem.RelFundedBy)
	for _, want := range []string{"Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych", "Gmina Miasto Krosno"} {
		if !slices.Contains(funded, [2]string{"Samodzielni", want}) {
			t.Errorf("not funded by %s: %v", want, funded)
		}
	}
}

// TestSentenceAfterClosingQuote: a full stop after a closing quote ends the sentence (it is no
// one-letter abbreviation), "pol." does not, and an event closing a project named with it
// (seminarium zamykające projekt „…”) is part of the project.
func TestSentenceAfterClosingQuote(t *testing.T) {
	toks := Tokenize("Projekt realizowało Stowarzyszenie „Wspólna Droga”. Partnerami były dwa ośrodki w Cottbus (pol. Chociebuż). Koniec.")
	if n := toks[len(toks)-1].Sentence; n != 2 {
		t.Errorf("%d sentences, want 3", n+1)
	}
	ex := extractor().Extract(Article{Text: "Seminarium\n\n10 grudnia 2024 r. w Krośnie odbyło się seminarium zamykające projekt „Samodzielni”, który realizowało Stowarzyszenie „Wspólna Droga”.", Published: "2024-12"})
	if r := rels(ex, ecosystem.RelPartOf); len(r) != 1 || r[0][1] != "Samodzielni" {
		t.Errorf("PART_OF %v", r)
	}
}

// TestQuotedPractices: a quoted name told of right after a good practice is announced (nasi
// uczestnicy prowadzą kawiarenkę „Pod Lipą”) is the practice, the publisher's own; one a team
// shows at a stop (W Kraśniku zespół PCPR pokazał … „Powiatowy informator …”) is showcased at
// the stop in the town its sentence names.
func TestQuotedPractices(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Jubileusz\n\n8.05.2023 r. obchodziliśmy jubileusz. Goście mogli też poznać dobrą praktykę, z której jesteśmy dumni. Od 2019 roku nasi uczestnicy prowadzą kawiarenkę „Pod Lipą”.",
		Published: "2023-05", Publisher: "Środowiskowy Dom Samopomocy w Tymbarku"})
	if got := names(ex, ecosystem.NodePractice); !slices.Equal(got, []string{"Kawiarenka „Pod Lipą”"}) {
		t.Errorf("practices %q", got)
	}
	text := "Cykl szkoleń\n\nROPS przeprowadził cykl szkoleń „Rodzina”.\n\nPierwsze spotkanie odbyło się 27 września w Zamościu. Druga edycja odbyła się 19 października w Kraśniku.\n\n" +
		"W Kraśniku zespół Powiatowego Centrum Pomocy Rodzinie w Kraśniku pokazał opracowany przez siebie „Powiatowy informator usług”."
	ex = extractor().Extract(Article{Text: text, Published: "2023-10"})
	wantRel(t, ex, ecosystem.RelShowcased, "Rodzina – Kraśnik", "Powiatowy informator usług")
}

// TestTownAdjectivesInCki: town adjectives in -cki (kieleckiego MOPR, kraśnickie PCPR, with
// the mobile e of Kielce) place an abbreviation; a culture centre named with its town's
// adjective is in that town, not serving it.
func TestTownAdjectivesInCki(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Konferencja\n\nGłos zabrał zastępca dyrektora kieleckiego MOPR, a gospodarzem było kraśnickie PCPR. Sali użyczyło Starachowickie Centrum Kultury."})
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Miejski Ośrodek Pomocy Rodzinie w Kielcach", "Powiatowe Centrum Pomocy Rodzinie w Kraśniku"} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
	wantRel(t, ex, ecosystem.RelLocatedIn, "Starachowickie Centrum Kultury", "Starachowice")
	if r := rels(ex, ecosystem.RelServesArea); slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Starachowickie Centrum Kultury" }) {
		t.Errorf("a culture centre serves its town: %v", r)
	}
}

// TestPositionsAndAreas: a starostwo serves its powiat (the land powiat when seated in a city
// with powiat rights); an NGO named after its town's lower-case adjective is in that town; a
// position at "Fundacji" or at an abbreviation (specjalistka ds. szkoleń ROPS) is at the
// article's one organisation of that kind.
func TestPositionsAndAreas(t *testing.T) {
	text := "Szkolenie\n\nRegionalny Ośrodek Polityki Społecznej w Lublinie z Fundacją „Most” przeprowadził szkolenie 12 października 2023 r. w Chełmie; sali użyczyło Starostwo Powiatowe w Chełmie. " +
		"Zajęcia poprowadziła Magdalena Kwiecień, prezeska Fundacji, z prezes starachowickiego Stowarzyszenia „Otwarte Serca”. " +
		"Nad organizacją czuwała specjalistka ds. szkoleń ROPS Iwona Pietras."
	ex := extractor().Extract(Article{Text: text, Published: "2023-10"})
	hp := rels(ex, ecosystem.RelHoldsPosition)
	for _, want := range [][2]string{{"Magdalena Kwiecień", "Fundacja „Most”"}, {"Iwona Pietras", "Regionalny Ośrodek Polityki Społecznej w Lublinie"}} {
		if !slices.Contains(hp, want) {
			t.Errorf("missing HOLDS_POSITION %v in %v", want, hp)
		}
	}
	wantRel(t, ex, ecosystem.RelServesArea, "Starostwo Powiatowe w Chełmie", "powiat chełmski")
	wantRel(t, ex, ecosystem.RelLocatedIn, "Stowarzyszenie „Otwarte Serca”", "Starachowice")
}

// TestNamedPanel: a named panel is a part of the conference on its day, moderated by its
// moderator; the panellists of the next sentence speak at the panel, and an impersonal
// "zorganizowano" names no organiser. An unnamed panel is the event itself.
func TestNamedPanel(t *testing.T) {
	text := "Konferencja\n\nW dniu 14 marca 2024 roku Powiatowe Centrum Pomocy Rodzinie w Starachowicach zorganizowało konferencję „Razem bez barier”.\n\n" +
		"W drugiej części odbył się panel dyskusyjny „Co po szkole?”, który moderowała Agnieszka Wrona. " +
		"Zaproszenie do rozmowy przyjęli: Anna Bąk z Gminnego Ośrodka Pomocy Społecznej w Brodach oraz Paweł Dudek, który opowiedział, jak w Kielcach zorganizowano asystencję."
	ex := extractor().Extract(Article{Text: text, Published: "2024-03"})
	wantRel(t, ex, ecosystem.RelPartOf, "Co po szkole?", "Razem bez barier")
	if r := rels(ex, ecosystem.RelModerated); !slices.Equal(r, [][2]string{{"Agnieszka Wrona", "Co po szkole?"}}) {
		t.Errorf("MODERATED %v", r)
	}
	for _, p := range []string{"Anna Bąk", "Paweł Dudek"} {
		if !slices.Contains(rels(ex, ecosystem.RelSpokeAt), [2]string{p, "Co po szkole?"}) {
			t.Errorf("%s did not speak at the panel: %v", p, rels(ex, ecosystem.RelSpokeAt))
		}
	}
	if r := rels(ex, ecosystem.RelOrganised); slices.ContainsFunc(r, func(x [2]string) bool { return strings.HasPrefix(x[0], "Gminny") }) {
		t.Errorf("a panellist's centre organised: %v", r)
	}
}

// TestProgrammeByProperName: "w ramach programu Erasmus+" names a programme the project is
// funded by, not one the visit is part of; a venue named with an organiser (…; sali użyczyło
// Starostwo) lent the rooms; participants named among the participants attended, a trainer who
// led the workshops spoke, and one accompanying the group attended.
func TestProgrammeByProperName(t *testing.T) {
	text := "Wyjazd\n\nOd 3 do 5 kwietnia br. odbyła się wizyta studyjna w Czechach. Wyjazd był częścią projektu „Kadra”, który nasze Centrum realizuje w ramach programu Erasmus+, i został pokryty z jego środków. " +
		"Uczestnikom towarzyszyła Pani Dorota Mazurek.\n\n" +
		"Druga edycja szkolenia zorganizowana została 12 października w Chełmie; sali użyczyło Starostwo Powiatowe w Chełmie. Wśród uczestników byli pracownicy Miejskiego Ośrodka Pomocy Społecznej w Biłgoraju. Zajęcia poprowadziła Magdalena Kwiecień."
	ex := extractor().Extract(Article{Text: text, Published: "2024-04"})
	if got := names(ex, ecosystem.NodeProgramme); !slices.Equal(got, []string{"Erasmus+"}) {
		t.Fatalf("programmes %q", got)
	}
	wantRel(t, ex, ecosystem.RelFundedBy, "Kadra", "Erasmus+")
	if r := rels(ex, ecosystem.RelPartOf); slices.ContainsFunc(r, func(x [2]string) bool { return x[1] == "Erasmus+" }) {
		t.Errorf("the visit part of the programme: %v", r)
	}
	if r := rels(ex, ecosystem.RelProvidedVenue); !slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Starostwo Powiatowe w Chełmie" }) {
		t.Errorf("PROVIDED_VENUE %v", r)
	}
	if r := rels(ex, ecosystem.RelOrganised); slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Starostwo Powiatowe w Chełmie" }) {
		t.Errorf("the venue organised: %v", r)
	}
	att := rels(ex, ecosystem.RelAttended)
	for _, who := range []string{"Miejski Ośrodek Pomocy Społecznej w Biłgoraju", "Dorota Mazurek"} {
		if !slices.ContainsFunc(att, func(x [2]string) bool { return x[0] == who }) {
			t.Errorf("%s did not attend: %v", who, att)
		}
	}
	if r := rels(ex, ecosystem.RelSpokeAt); !slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Magdalena Kwiecień" }) {
		t.Errorf("SPOKE_AT %v", r)
	}
}

// TestPossessivePositionsAndRunners: "prowadzi go X" runs the house named before; a position
// told with "jej" / "jego" is at the organisation named just before (prezes jego zarządu), or
// at the publisher's own house when none is (jej kierowniczka); the one a person represents at
// an event attended it.
func TestPossessivePositionsAndRunners(t *testing.T) {
	text := "Jubileusz\n\n8.05.2023 r. obchodziliśmy jubileusz. Środowiskowy Dom Samopomocy w Tymbarku otworzył drzwi w 2008 r., a od pierwszego dnia prowadzi go Stowarzyszenie „Krąg”.\n\n" +
		"Historię placówki opowiedziała jej kierowniczka Beata Kowal.\n\n" +
		"Stowarzyszenie „Krąg” reprezentowała na jubileuszu prezes jego zarządu, Teresa Mika."
	ex := extractor().Extract(Article{Text: text, Published: "2023-05", Publisher: "Środowiskowy Dom Samopomocy w Tymbarku"})
	if r := rels(ex, ecosystem.RelRuns); !slices.Equal(r, [][2]string{{"Stowarzyszenie „Krąg”", "Środowiskowy Dom Samopomocy w Tymbarku"}}) {
		t.Errorf("RUNS %v", r)
	}
	hp := rels(ex, ecosystem.RelHoldsPosition)
	for _, want := range [][2]string{{"Beata Kowal", "Środowiskowy Dom Samopomocy w Tymbarku"}, {"Teresa Mika", "Stowarzyszenie „Krąg”"}} {
		if !slices.Contains(hp, want) {
			t.Errorf("missing HOLDS_POSITION %v in %v", want, hp)
		}
	}
	if r := rels(ex, ecosystem.RelAttended); !slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Stowarzyszenie „Krąg”" }) {
		t.Errorf("ATTENDED %v", r)
	}
}

// TestProjectPeriods: a period of years (01.07.2023–30.11.2024, od 1 stycznia 2024 r. do 30
// czerwca 2026 r.) is one date range, and it dates the project of its sentence, not the event;
// an event noun starting a sentence does not take the subject after it into its name.
func TestProjectPeriods(t *testing.T) {
	for text, want := range map[string][2]string{
		"Projekt „Samodzielni”, który w okresie 01.07.2023–30.11.2024 realizowało Stowarzyszenie „Wspólna Droga”, zakończył się.": {"2023-07-01", "2024-11-30"},
		"Projekt „Praca na miarę” jest realizowany od 1 stycznia 2024 r. do 30 czerwca 2026 r. w powiecie białostockim.":          {"2024-01-01", "2026-06-30"},
	} {
		ex := extractor().Extract(Article{Text: "Projekt\n\n10 grudnia 2024 r. odbyło się seminarium. " + text + " Seminarium Stowarzyszenie przygotowało z partnerami."})
		var got [2]string
		for _, m := range ex.Mentions {
			if m.Type == ecosystem.NodeProject && m.Same == nil {
				got = [2]string{m.Start, m.End}
			}
		}
		if got != want {
			t.Errorf("%q: the project %v, want %v", text, got, want)
		}
		if ev := names(ex, ecosystem.NodeEvent); slices.ContainsFunc(ev, func(n string) bool { return strings.Contains(n, "Stowarzyszenie") }) {
			t.Errorf("events %q", ev)
		}
	}
}

// TestGuidedAround: the workplaces a host's director guides the visitors round (oprowadziła
// gości po pralni i szwalni) are the practice shown at that host's stop, in the nominative.
func TestGuidedAround(t *testing.T) {
	text := "Wizyta\n\nOd 3 do 5 kwietnia br. trwała wizyta studyjna w Czechach.\n\n" +
		"Gospodarzem spotkania była spółdzielnia socjalna Sociální družstvo Krok, której dyrektorka Jana Dvořáková oprowadziła gości po pralni i szwalni."
	ex := extractor().Extract(Article{Text: text, Published: "2024-04"})
	if got := names(ex, ecosystem.NodePractice); !slices.Equal(got, []string{"Pralnia i szwalnia"}) {
		t.Fatalf("practices %q", got)
	}
	if r := rels(ex, ecosystem.RelShowcased); len(r) != 1 || !strings.HasSuffix(r[0][0], "Sociální družstvo Krok") {
		t.Errorf("SHOWCASED %v, want at Krok's stop", r)
	}
	wantRel(t, ex, ecosystem.RelPractises, "Sociální družstvo Krok", "Pralnia i szwalnia")
}

// TestPlannedReturnVisit: a planned return visit (Rewizyta … zaplanowana jest na wrzesień) is
// an event of its own in the article's year's September; a bare month does not date an event
// told of as past (zarejestrowanej w styczniu).
func TestPlannedReturnVisit(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Wizyta\n\n3-7 czerwca 2019 r. odbyła się wizyta studyjna w Niemczech. Rewizyta niemieckich partnerów w Żarach zaplanowana jest na wrzesień.\n\nSzkolenie to etap przygotowań spółdzielni zarejestrowanej w styczniu.", Published: "2019-06-12"})
	var starts []string
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeEvent && m.Same == nil {
			starts = append(starts, m.Name+" "+m.Start)
		}
	}
	if !slices.ContainsFunc(starts, func(s string) bool { return strings.HasPrefix(s, "Rewizyta") && strings.HasSuffix(s, " 2019-09") }) {
		t.Errorf("events %q: no return visit in September 2019", starts)
	}
	if slices.ContainsFunc(starts, func(s string) bool { return strings.HasSuffix(s, "2019-01") }) {
		t.Errorf("events %q: a past event dated by a bare month", starts)
	}
}

// TestClusterAcademyAndGmina: a cluster (Animatorka Klastra WTZ), an academy (Państwowa
// Akademia Nauk Stosowanych w Krośnie) and a gmina (burmistrz Gminy Iwonicz-Zdrój) are
// organisations; a gmina named beside its office (wójt Gminy Tymbark, Urząd Gminy Tymbark) is
// the office.
func TestClusterAcademyAndGmina(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Seminarium\n\nPrezentację przedstawiła Justyna Kołacka, Animatorka Klastra WTZ. Gościny udzieliła Państwowa Akademia Nauk Stosowanych w Krośnie. Obrady otworzyła burmistrz Gminy Iwonicz-Zdrój, Pani Krystyna Lasota."})
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Klaster WTZ", "Państwowa Akademia Nauk Stosowanych w Krośnie", "Gmina Iwonicz-Zdrój"} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
	ex = extractor().Extract(Article{Text: "Jubileusz\n\nPrzybyli przedstawiciele Urzędu Gminy Tymbark. Gratulacje złożył wójt Gminy Tymbark Stanisław Kurek."})
	if r := rels(ex, ecosystem.RelHoldsPosition); !slices.Equal(r, [][2]string{{"Stanisław Kurek", "Urząd Gminy Tymbark"}}) {
		t.Errorf("HOLDS_POSITION %v", r)
	}
}

// TestLocalHostAndWhosePosition: "tamtejsza spółdzielnia" is in the town named before; a
// position told with "której" is at the organisation just before, and guiding the visitors
// round is speaking at that host's stop.
func TestLocalHostAndWhosePosition(t *testing.T) {
	text := "Wizyta\n\nOd 3 do 5 kwietnia br. trwała wizyta studyjna w Czechach.\n\n" +
		"Pierwszego dnia grupa dotarła do Ostrawy. Gospodarzem spotkania była tamtejsza spółdzielnia socjalna Sociální družstvo Krok, której dyrektorka Jana Dvořáková oprowadziła gości po pralni."
	ex := extractor().Extract(Article{Text: text, Published: "2024-04"})
	wantRel(t, ex, ecosystem.RelLocatedIn, "Sociální družstvo Krok", "Ostrawa")
	wantRel(t, ex, ecosystem.RelHoldsPosition, "Jana Dvořáková", "Sociální družstvo Krok")
	if r := rels(ex, ecosystem.RelSpokeAt); len(r) != 1 || !strings.HasSuffix(r[0][1], "Sociální družstvo Krok") {
		t.Errorf("SPOKE_AT %v", r)
	}
}

// TestReferentsAndOneTownVisit: a programme's name runs across a dash and its years (Programu
// Współpracy INTERREG V A Brandenburgia – Polska 2014–2020); a visit that is "częścią
// projektu" is part of it; "dyrektor placówki", "kierowniczka hotelu" hold their positions at
// the organisation named just before; the stops of a visit held in one town are held there.
func TestReferentsAndOneTownVisit(t *testing.T) {
	text := "Wizyta\n\n3-7 czerwca 2019 r. pracownicy ZAZ gościli w Niemczech, w Cottbus. Wizyta była częścią projektu „Praca bez granic”, finansowanego z Programu Współpracy INTERREG V A Brandenburgia – Polska 2014–2020.\n\n" +
		"Przez pierwsze dwa dni gospodarzem były Lausitzer Werkstätten gGmbH. Goście obserwowali pracę stolarni, a dyrektor placówki Frank Lehmann opowiedział o stanowiskach.\n\n" +
		"W środę grupa odwiedziła hotel prowadzony przez Spree-Integra gGmbH. Połowę załogi stanowią tu osoby z niepełnosprawnościami. Kierowniczka hotelu, Pani Sabine Krüger, przekonywała, że to się opłaca."
	ex := extractor().Extract(Article{Text: text, Published: "2019-06-12"})
	if got := names(ex, ecosystem.NodeProgramme); !slices.Equal(got, []string{"Program Współpracy INTERREG V A Brandenburgia – Polska 2014–2020"}) {
		t.Errorf("programmes %q", got)
	}
	if r := rels(ex, ecosystem.RelPartOf); !slices.ContainsFunc(r, func(x [2]string) bool { return x[1] == "Praca bez granic" }) {
		t.Errorf("PART_OF %v", r)
	}
	hp := rels(ex, ecosystem.RelHoldsPosition)
	for _, want := range [][2]string{{"Frank Lehmann", "Lausitzer Werkstätten gGmbH"}, {"Sabine Krüger", "Spree-Integra gGmbH"}} {
		if !slices.Contains(hp, want) {
			t.Errorf("missing HOLDS_POSITION %v in %v", want, hp)
		}
	}
	held := 0
	for _, r := range rels(ex, ecosystem.RelHeldIn) {
		if r[1] == "Cottbus" && strings.Contains(r[0], "wizyta:") {
			held++
		}
	}
	if held != 2 {
		t.Errorf("%d stops held in Cottbus, want 2: %v", held, rels(ex, ecosystem.RelHeldIn))
	}
}

// TestWorkshopsAreInstitutions: "warsztatów terapii zajęciowej" names the institutions, never
// an event (seed 002).
func TestWorkshopsAreInstitutions(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Projekt\n\nOd warsztatów terapii zajęciowej wymaga się sukcesów w obszarze aktywizacji zawodowej uczestników."})
	if ev := names(ex, ecosystem.NodeEvent); len(ev) != 0 {
		t.Errorf("events %q", ev)
	}
}

// The cases below are what the third held-out set (testdata/heldout3) found wrong on its
// first read; each test failed before its fix.

// TestPracticeNamedAdjectiveFirst: a practice phrase that starts with an adjective the
// lexicon lacks (o specjalistycznych usługach opiekuńczych) is named in the nominative by its
// noun, not garbled (was "Specjalistycznowie usługach").
func TestPracticeNamedAdjectiveFirst(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Wizyta\n\n14 października 2024 r. odbyła się wizyta. Pani Elżbieta Sawicka opowiedziała o specjalistycznych usługach opiekuńczych dla osób z zaburzeniami psychicznymi."})
	if got := names(ex, ecosystem.NodePractice); !slices.Equal(got, []string{"Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi"}) {
		t.Errorf("practices %q", got)
	}
}

// TestOpenDayBranchAndPlaceBefore: a singular "warsztacie" is the institution, "Dzień otwarty"
// and a fair are events; a PFRON branch's seat stays out of its name; a town told just before
// a local institution's name places it; a bracketed abbreviation may stand between a name and
// its place.
func TestOpenDayBranchAndPlaceBefore(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Dzień otwarty i kiermasz w koszalińskim warsztacie\n\nW piątek 7 czerwca 2024 r. odbył się Dzień otwarty. Wśród gości byli przedstawiciele Oddziału Zachodniopomorskiego PFRON w Szczecinie. " +
		"W poniedziałek delegację przyjął w Białymstoku Miejski Ośrodek Pomocy Rodzinie (MOPR). W Środowiskowym Domu Samopomocy (ŚDS) w Sejnach kierowniczka Danuta Lewkowicz przedstawiła zajęcia."})
	if ev := names(ex, ecosystem.NodeEvent); slices.ContainsFunc(ev, func(n string) bool { return strings.HasPrefix(n, "Warsztat") }) || !slices.ContainsFunc(ev, func(n string) bool { return strings.HasPrefix(n, "Dzień otwarty") }) {
		t.Errorf("events %q", ev)
	}
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Oddział Zachodniopomorski PFRON", "Miejski Ośrodek Pomocy Rodzinie w Białymstoku", "Środowiskowy Dom Samopomocy w Sejnach"} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
}

// TestListsInsideNames: complements listed with commas and "i" belong to one name
// (Ministerstwo Rodziny, Pracy i Polityki Społecznej; Centrum Edukacji i Inicjatyw
// Kulturalnych w Olsztynie).
func TestListsInsideNames(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Program\n\nProgram finansuje Ministerstwo Rodziny, Pracy i Polityki Społecznej. Salę udostępniło Centrum Edukacji i Inicjatyw Kulturalnych w Olsztynie."})
	orgs := names(ex, ecosystem.NodeOrganisation)
	for _, want := range []string{"Ministerstwo Rodziny, Pracy i Polityki Społecznej", "Centrum Edukacji i Inicjatyw Kulturalnych w Olsztynie"} {
		if !slices.Contains(orgs, want) {
			t.Errorf("%q not among %q", want, orgs)
		}
	}
}

// TestReceivingHost: an institution that receives a visiting delegation (W poniedziałek
// delegację przyjął w Białymstoku Miejski Ośrodek Pomocy Rodzinie) hosts a stop of the visit.
func TestReceivingHost(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Delegacja\n\nW dniach 14–16 października 2024 r. gościliśmy delegację z Olity na wizycie studyjnej.\n\nW poniedziałek delegację przyjął w Białymstoku Miejski Ośrodek Pomocy Rodzinie (MOPR).", Published: "2024-10"})
	if r := rels(ex, ecosystem.RelHosted); !slices.ContainsFunc(r, func(x [2]string) bool {
		return x[0] == "Miejski Ośrodek Pomocy Rodzinie w Białymstoku" && strings.Contains(x[1], " – ")
	}) {
		t.Errorf("HOSTED %v", r)
	}
}

// TestPositionsByContext: a department's head (Kierowniczka Działu Usług Specjalistycznych)
// works at the organisation named just before; a role right after an organisation's name (W
// Środowiskowym Domu … w Sejnach kierowniczka …) is at it; "Kierowniczka WTZ" among several
// workshops is at the publishing one; guests named among the guests attended.
func TestPositionsByContext(t *testing.T) {
	text := "Dzień otwarty\n\nW piątek 7 czerwca 2024 r. odbył się Dzień otwarty w Warsztacie Terapii Zajęciowej w Koszalinie. Przyjechały też WTZ w Kołobrzegu i WTZ w Białogardzie. " +
		"Wśród gości byli przedstawiciele Oddziału Zachodniopomorskiego PFRON. Kierowniczka WTZ, Pani Marta Gołąb, przypomniała historię.\n\n" +
		"Delegację przyjął Miejski Ośrodek Pomocy Rodzinie w Białymstoku. Kierowniczka Działu Usług Specjalistycznych, Pani Elżbieta Sawicka, opowiedziała o usługach. " +
		"W Środowiskowym Domu Samopomocy w Sejnach kierowniczka Danuta Lewkowicz przedstawiła zajęcia."
	ex := extractor().Extract(Article{Text: text, Published: "2024-06", Publisher: "Warsztat Terapii Zajęciowej w Koszalinie"})
	hp := rels(ex, ecosystem.RelHoldsPosition)
	for _, want := range [][2]string{
		{"Marta Gołąb", "Warsztat Terapii Zajęciowej w Koszalinie"},
		{"Elżbieta Sawicka", "Miejski Ośrodek Pomocy Rodzinie w Białymstoku"},
		{"Danuta Lewkowicz", "Środowiskowy Dom Samopomocy w Sejnach"},
	} {
		if !slices.Contains(hp, want) {
			t.Errorf("missing HOLDS_POSITION %v in %v", want, hp)
		}
	}
	if r := rels(ex, ecosystem.RelAttended); !slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Oddział Zachodniopomorski PFRON" }) {
		t.Errorf("ATTENDED %v", r)
	}
}

// TestNetworkAgreement: an agreement setting up a network (porozumienie o utworzeniu
// Kościerskiej Sieci Wsparcia Osób z Niepełnosprawnościami) makes its signatories its founders
// and members; the network's name keeps "z Niepełnosprawnościami", and its adjective is the
// area it works for (Kościerzyna, not Kościelec), not a seat.
func TestNetworkAgreement(t *testing.T) {
	text := "Sieć\n\nW piątek podpisano porozumienie o utworzeniu Kościerskiej Sieci Wsparcia Osób z Niepełnosprawnościami. Sygnatariuszami zostali: Miejski Ośrodek Pomocy Społecznej w Kościerzynie; Gminny Ośrodek Pomocy Społecznej w Liniewie oraz Fundacja „Wspólny Horyzont”."
	ex := extractor().Extract(Article{Text: text, Published: "2024-10"})
	net := "Kościerska Sieć Wsparcia Osób z Niepełnosprawnościami"
	if !slices.Contains(names(ex, ecosystem.NodeOrganisation), net) {
		t.Fatalf("organisations %q", names(ex, ecosystem.NodeOrganisation))
	}
	for _, o := range []string{"Miejski Ośrodek Pomocy Społecznej w Kościerzynie", "Gminny Ośrodek Pomocy Społecznej w Liniewie", "Fundacja „Wspólny Horyzont”"} {
		if !slices.Contains(rels(ex, ecosystem.RelFounded), [2]string{o, net}) || !slices.Contains(rels(ex, ecosystem.RelMemberOf), [2]string{o, net}) {
			t.Errorf("%s did not found and join the network: %v %v", o, rels(ex, ecosystem.RelFounded), rels(ex, ecosystem.RelMemberOf))
		}
	}
	if r := rels(ex, ecosystem.RelServesArea); !slices.Contains(r, [2]string{net, "Kościerzyna"}) {
		t.Errorf("SERVES_AREA %v", r)
	}
}

// TestPrizeCollectorsAndDeputies: those collecting a prize at a gala attended it;
// "zastępczyni dyrektora ROPS" is a position.
func TestPrizeCollectorsAndDeputies(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Gala\n\n6 grudnia 2024 r. w Olsztynie odbyła się gala konkursu, którą przygotował Regionalny Ośrodek Polityki Społecznej w Olsztynie (ROPS). Kapitule przewodniczyła Pani Ewa Rutkowska, zastępczyni dyrektora ROPS. Nagrodę odebrali kierownik Marek Zawadzki i pracownicy pralni.", Published: "2024-12"})
	wantRel(t, ex, ecosystem.RelHoldsPosition, "Ewa Rutkowska", "Regionalny Ośrodek Polityki Społecznej w Olsztynie")
	if r := rels(ex, ecosystem.RelAttended); !slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Marek Zawadzki" }) {
		t.Errorf("ATTENDED %v", r)
	}
}

// TestCommissionsAndJoining: "zapewni na zlecenie ośrodka Fundacja …" is the welfare centre
// commissioning the foundation; "który przystąpił do programu „…”" joined it; a hyphenated
// gmina (Gmina-Miasto Płock) is an organisation.
func TestCommissionsAndJoining(t *testing.T) {
	text := "Opieka\n\nUsługę uruchomił Miejski Ośrodek Pomocy Społecznej w Płocku, który przystąpił do rządowego programu „Opieka wytchnieniowa”. Opiekę zapewni na zlecenie ośrodka płocka Fundacja „Ramię w Ramię”. Środki otrzymała Gmina-Miasto Płock."
	ex := extractor().Extract(Article{Text: text, Published: "2024-10"})
	if r := rels(ex, ecosystem.RelCommissions); !slices.Equal(r, [][2]string{{"Miejski Ośrodek Pomocy Społecznej w Płocku", "Fundacja „Ramię w Ramię”"}}) {
		t.Errorf("COMMISSIONS %v", r)
	}
	wantRel(t, ex, ecosystem.RelParticipatedIn, "Miejski Ośrodek Pomocy Społecznej w Płocku", "Opieka wytchnieniowa")
	if !slices.Contains(names(ex, ecosystem.NodeOrganisation), "Gmina-Miasto Płock") {
		t.Errorf("organisations %q", names(ex, ecosystem.NodeOrganisation))
	}
}

// TestRegionalGovernmentOfAnotherRegion: a regional government of another voivodeship, its
// adjective in the genitive (Samorząd Województwa Lubelskiego, Zachodniopomorskiego), is not a
// candidate: the new one is proposed as new, not ambiguous.
func TestRegionalGovernmentOfAnotherRegion(t *testing.T) {
	if !otherPlace("Samorząd Województwa Lubelskiego", "Samorząd Województwa Zachodniopomorskiego") {
		t.Error("two regions' governments read as one place")
	}
	if otherPlace("Samorząd Województwa Lubelskiego", "Samorząd Województwa Lubelskiego") {
		t.Error("one region's government read as two places")
	}
}

// TestForeignNameInBrackets: an institution abroad named in Polish with its own name in
// brackets (Centrum Usług Socjalnych w Wilnie (Vilniaus socialinių paslaugų centras)) has the
// bracketed name as an alias, and the brackets name no other organisation.
func TestForeignNameInBrackets(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Delegacja\n\nW skład delegacji weszli pracownicy Centrum Usług Socjalnych w Wilnie (Vilniaus socialinių paslaugų centras)."})
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeOrganisation && m.Same == nil {
			if m.Name != "Centrum Usług Socjalnych w Wilnie" || !slices.Contains(m.Aliases, "Vilniaus socialinių paslaugų centras") {
				t.Errorf("organisation %q, aliases %q", m.Name, m.Aliases)
			}
		}
	}
}

// TestBothHousesWorkTogether: "Obie placówki organizują wspólne zajęcia" after a sentence
// naming one house is that house and the publisher's own working together.
func TestBothHousesWorkTogether(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Jubileusz\n\n8.05.2023 r. Środowiskowy Dom Samopomocy w Tymbarku obchodził jubileusz.\n\nDyrektor Domu Pomocy Społecznej w Limanowej podziękował za współpracę. Obie placówki od 2016 roku organizują wspólne zajęcia sportowe.",
		Published: "2023-05", Publisher: "Środowiskowy Dom Samopomocy w Tymbarku"})
	wantRel(t, ex, ecosystem.RelCooperatesWith, "Środowiskowy Dom Samopomocy w Tymbarku", "Dom Pomocy Społecznej w Limanowej")
}

// TestPrizeWinnersFeatured: a prize's winner (Nagrodę przyznano Warsztatowi …; najlepszy
// okazał się Zakład …) is featured at the gala; the association running the winner is not.
func TestPrizeWinnersFeatured(t *testing.T) {
	text := "Gala\n\n6 grudnia 2024 r. w Olsztynie odbyła się gala konkursu.\n\nNagrodę główną przyznano Warsztatowi Terapii Zajęciowej w Giżycku, który prowadzi Stowarzyszenie „Mazurska Tęcza”. W kategorii „Zatrudnienie” najlepszy okazał się Zakład Aktywności Zawodowej w Ełku."
	ex := extractor().Extract(Article{Text: text, Published: "2024-12"})
	r := rels(ex, ecosystem.RelFeaturedAt)
	for _, w := range []string{"Warsztat Terapii Zajęciowej w Giżycku", "Zakład Aktywności Zawodowej w Ełku"} {
		if !slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == w }) {
			t.Errorf("%s not featured: %v", w, r)
		}
	}
	if slices.ContainsFunc(r, func(x [2]string) bool { return x[0] == "Stowarzyszenie „Mazurska Tęcza”" }) {
		t.Errorf("the runner featured: %v", r)
	}
}

// TestRunnersByWordOrder: "Warsztatowi …, który prowadzi Stowarzyszenie …" is the association
// running the workshop; "Stowarzyszenie …, które prowadzi placówkę" runs the house named
// before.
func TestRunnersByWordOrder(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Gala\n\nNagrodę przyznano Warsztatowi Terapii Zajęciowej w Giżycku, który prowadzi Stowarzyszenie „Mazurska Tęcza”."})
	wantRel(t, ex, ecosystem.RelRuns, "Stowarzyszenie „Mazurska Tęcza”", "Warsztat Terapii Zajęciowej w Giżycku")
	ex = extractor().Extract(Article{Text: "Dzień otwarty\n\nW piątek Warsztat Terapii Zajęciowej w Koszalinie otworzył pracownie. Dzień otwarty przygotowało Stowarzyszenie „Bursztyn”, które prowadzi placówkę od 2006 r."})
	wantRel(t, ex, ecosystem.RelRuns, "Stowarzyszenie „Bursztyn”", "Warsztat Terapii Zajęciowej w Koszalinie")
}

// TestProgrammePreparedBy: "programu „…”, przygotowanego przez Ministerstwo …" is the
// ministry's programme.
func TestProgrammePreparedBy(t *testing.T) {
	ex := extractor().Extract(Article{Text: "Opieka\n\nOśrodek przystąpił do rządowego programu „Opieka wytchnieniowa”, przygotowanego przez Ministerstwo Rodziny, Pracy i Polityki Społecznej."})
	wantRel(t, ex, ecosystem.RelLeads, "Ministerstwo Rodziny, Pracy i Polityki Społecznej", "Opieka wytchnieniowa")
}
