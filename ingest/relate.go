package ingest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/polish"
)

// Relations are read per sentence from cue words (as folded stem prefixes) and the mentions
// the sentence holds; each cites its paragraph, with a templated note in our own words.

// cue reports whether a sentence's folded text has any of the prefixes at a word start.
func cue(folded string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(folded, p) || strings.Contains(folded, " "+p) {
			return true
		}
	}
	return false
}

var reCount = regexp.MustCompile(`\b(\d{1,4})\s+(przedstawicieli|osób|osoby|uczestników|uczestniczek|pracowników)`)

// canon is the first mention of a mention's entity.
func canon(m *Mention) *Mention {
	for m != nil && m.Same != nil {
		m = m.Same
	}
	return m
}

// sentence is the mentions and text of one sentence.
type sentence struct {
	para, n  int
	words    []string
	text     string
	folded   string
	mentions []*Mention
}

func relate(ex *Extraction, all []sentence, a Article, g *gazetteer.Gazetteer) []*Fact {
	var facts []*Fact
	seen := map[string]bool{}
	add := func(t ecosystem.RelationType, from, to *Mention, para int, note string) *Fact {
		from, to = canon(from), canon(to)
		if from == nil || to == nil || from == to {
			return nil
		}
		if t.CheckEndpoints(from.Type, to.Type) != nil {
			return nil
		}
		k := string(t) + "|" + from.Name + "|" + to.Name
		if seen[k] {
			return nil
		}
		seen[k] = true
		f := &Fact{Type: t, From: from, To: to, Para: para, Note: note}
		facts = append(facts, f)
		return f
	}
	// inferred adds a fact the text implies without stating it.
	inferred := func(t ecosystem.RelationType, from, to *Mention, para int, note string) {
		if f := add(t, from, to, para, note); f != nil {
			f.Inferred = true
		}
	}
	// Places of organisations, as mentions of their own.
	placeMention := map[string]*Mention{}
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodePlace && m.Same == nil {
			if _, ok := placeMention[m.Name]; !ok {
				placeMention[m.Name] = m
			}
		}
	}
	placeRef := func(ref *PlaceRef, m *Mention) *Mention {
		if p, ok := placeMention[ref.Name]; ok {
			return p
		}
		p := &Mention{Type: ecosystem.NodePlace, Name: ref.Name, Place: ref, Para: m.Para, From: m.From, To: m.To, Text: m.Text, Sentence: m.Sentence, Implied: true}
		placeMention[ref.Name] = p
		ex.Mentions = append(ex.Mentions, p)
		return p
	}
	placeOf := func(m *Mention) *Mention { return placeRef(m.Place, m) }
	unit := func(code string) *PlaceRef {
		if g == nil || code == "" {
			return nil
		}
		if u, ok := g.ByCode(code); ok {
			return &PlaceRef{Name: unitName(u), Gazetteer: u}
		}
		return nil
	}
	for _, m := range append([]*Mention(nil), ex.Mentions...) {
		switch {
		case m.Type == ecosystem.NodeOrganisation && m.Place != nil && m.Same == nil:
			note := "Its name places it in " + m.Place.Name + "."
			if !strings.Contains(m.Name, " w ") && !strings.Contains(m.Name, " we ") {
				note = "Described as being from " + m.Place.Name + "."
			}
			add(ecosystem.RelLocatedIn, m, placeOf(m), m.Para, note)
		case m.Type == ecosystem.NodeOrganisation && m.Area != nil && m.Same == nil:
			inferred(ecosystem.RelServesArea, m, placeRef(m.Area, m), m.Para, "Its name gives the region it serves.")
			// A regional government sits in its voivodeship's capital.
			if m.Kind == string(ecosystem.KindRegionalGovernment) && m.Place == nil && g != nil && m.Area.Gazetteer != nil {
				if c := gazetteer.Capital(m.Area.Gazetteer.Code); c != "" {
					if p, err := g.Resolve(gazetteer.Query{Text: c, Kinds: []gazetteer.Kind{gazetteer.Locality}}); err == nil {
						inferred(ecosystem.RelLocatedIn, m, placeRef(&PlaceRef{Name: p.Name, Gazetteer: p}, m), m.Para, "A regional government sits in its voivodeship's capital.")
					}
				}
			}
		case m.Type == ecosystem.NodePerson && m.Org != nil && m.Affiliated:
			add(ecosystem.RelAffiliatedWith, m, m.Org, m.Para, "Named as coming from it.")
		case m.Type == ecosystem.NodePerson && m.Org != nil:
			if f := add(ecosystem.RelHoldsPosition, m, m.Org, m.Para, "Named with this position."); f != nil {
				f.Title = m.Title
			}
		}
	}
	// A PFRON branch is a branch of PFRON, named in the article or not.
	var pfron *Mention
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeOrganisation && m.Kind == string(ecosystem.KindPFRON) && pfron == nil {
			pfron = canon(m)
		}
	}
	for _, m := range append([]*Mention(nil), ex.Mentions...) {
		if m.Type != ecosystem.NodeOrganisation || m.Same != nil || m.Kind != string(ecosystem.KindPFRONBranch) {
			continue
		}
		if pfron == nil {
			pfron = &Mention{Type: ecosystem.NodeOrganisation, Kind: string(ecosystem.KindPFRON), Name: abbreviations["PFRON"].full,
				Aliases: []string{"PFRON"}, Para: m.Para, From: m.From, To: m.To, Text: m.Text, Sentence: m.Sentence, Implied: true}
			ex.Mentions = append(ex.Mentions, pfron)
		}
		inferred(ecosystem.RelBranchOf, m, pfron, m.Para, "Its name makes it a regional branch of PFRON.")
	}
	// The areas institutions serve, by their kind: a ROPS its voivodeship, a PCPR or a
	// starostwo its powiat, a municipal centre or a gmina's government its town.
	for _, m := range append([]*Mention(nil), ex.Mentions...) {
		if m.Type != ecosystem.NodeOrganisation || m.Same != nil || m.Place == nil || m.Place.Gazetteer == nil {
			continue
		}
		pl := m.Place.Gazetteer
		var area *PlaceRef
		var note string
		switch ecosystem.OrganisationKind(m.Kind) {
		case ecosystem.KindROPS:
			area, note = unit(pl.VoivodeshipCode), "A regional social policy centre serves its voivodeship."
		case ecosystem.KindPCPR:
			area, note = unit(pl.PowiatCode), "A county family support centre serves its powiat."
			if land := landPowiat(g, pl); land != nil {
				// In a city with powiat rights the city's own centre does the powiat's work;
				// a PCPR there serves the land powiat around it (PCPR w Olsztynie: powiat
				// olsztyński).
				area, note = &PlaceRef{Name: unitName(land), Gazetteer: land}, "A PCPR seated in a city with powiat rights serves the land powiat named after the city."
			}
		case ecosystem.KindOPS, ecosystem.KindMOPR, ecosystem.KindCUS:
			if strings.HasPrefix(m.Name, "Miejski") || strings.HasPrefix(m.Name, "Gminny") || m.Kind == string(ecosystem.KindCUS) {
				area, note = m.Place, "A municipal welfare centre serves its town."
			}
		case ecosystem.KindLocalGovernment:
			switch {
			case strings.HasPrefix(m.Name, "Starostwo"):
				area, note = unit(pl.PowiatCode), "A county office serves its powiat."
				if land := landPowiat(g, pl); land != nil {
					area, note = &PlaceRef{Name: unitName(land), Gazetteer: land}, "A county office seated in a city with powiat rights serves the land powiat named after the city."
				}
			case strings.HasPrefix(m.Name, "Gmina") || strings.HasPrefix(m.Name, "Urząd Gminy") || strings.HasPrefix(m.Name, "Urząd Miasta") || strings.HasPrefix(m.Name, "Urząd Miejski"):
				area, note = m.Place, "A gmina's government serves its town."
			}
		}
		if area != nil {
			inferred(ecosystem.RelServesArea, m, placeRef(area, m), m.Para, note)
		}
	}
	// A programme named in quotes right after an organisation's name (programu PFRON
	// „Aktywny samorząd”) is that organisation's own.
	for _, pr := range ex.Mentions {
		if pr.Type != ecosystem.NodeProgramme {
			continue
		}
		text := ex.paragraph(pr.Para).Text
		for _, o := range ex.Mentions {
			if o.Type == ecosystem.NodeOrganisation && o.Para == pr.Para && o.To <= pr.From && pr.From-o.To <= 8 &&
				strings.Trim(text[o.To:pr.From], " „\"“") == "" {
				add(ecosystem.RelLeads, o, pr, pr.Para, "The programme is named as this organisation's own.")
			}
		}
	}
	// Sessions of a visit: part of it, hosted by the institutions visited, held where the
	// first of them is.
	for _, m := range append([]*Mention(nil), ex.Mentions...) {
		if m.Parent == nil {
			continue
		}
		add(ecosystem.RelPartOf, m, m.Parent, m.Para, "A stop of the visit's programme.")
		for _, h := range m.Hosts {
			add(ecosystem.RelHosted, h, m, m.Para, "Received the visitors at this stop.")
		}
		for _, p := range m.Speakers {
			inferred(ecosystem.RelSpokeAt, p, m, m.Para, "The stop was a meeting with this person.")
		}
		if len(m.Hosts) > 0 && canon(m.Hosts[0]).Place != nil {
			h := canon(m.Hosts[0])
			add(ecosystem.RelHeldIn, m, placeOf(h), m.Para, "Held at the host's seat.")
			inferred(ecosystem.RelHeldIn, m.Parent, placeOf(h), m.Para, "One of its stops was in this town.")
		} else if m.At != nil {
			add(ecosystem.RelHeldIn, m, m.At, m.Para, "Held where the site toured is.")
			inferred(ecosystem.RelHeldIn, m.Parent, m.At, m.Para, "One of its stops was in this town.")
		}
	}
	// An edition of a series: III Wielkopolskie Forum WTZ of Wielkopolskie Fora WTZ (the
	// series' words other than its head are the edition's).
	for _, sr := range ex.Mentions {
		if !sr.Series || sr.Same != nil {
			continue
		}
		words := stems(strings.Fields(sr.Name)...)
		for _, e := range ex.Mentions {
			if e.Type != ecosystem.NodeEvent || e.Series || e.Same != nil || e.Parent != nil {
				continue
			}
			have := stems(strings.Fields(e.Name)...)
			all, n := true, 0
			for _, w := range words {
				if len(w) > 3 && !strings.HasPrefix(w, "for") {
					all = all && slices.Contains(have, w)
					n++
				}
			}
			if all && n > 0 {
				inferred(ecosystem.RelPartOf, e, sr, e.Para, "An edition of the series, by its name.")
			}
		}
	}
	// The article's main event and project: the first mentioned.
	var mainEvent, mainProject *Mention
	for _, m := range ex.Mentions {
		if m.Same != nil {
			continue
		}
		if m.Type == ecosystem.NodeEvent && mainEvent == nil {
			mainEvent = m
		}
		if m.Type == ecosystem.NodeProject && mainProject == nil {
			mainProject = m
		}
	}
	var publisher *Mention
	if a.Publisher != "" {
		for _, m := range ex.Mentions {
			if m.Type == ecosystem.NodeOrganisation && (polish.Fold(m.Name) == polish.Fold(a.Publisher) || strings.EqualFold(m.Abbrev, a.Publisher)) {
				publisher = canon(m)
				break
			}
		}
	}
	if publisher != nil {
		for _, m := range ex.Mentions {
			if m.Type == ecosystem.NodePerson && m.Org == nil && m.OwnPublisher && (m.ownKind == "" || m.ownKind == ecosystem.OrganisationKind(publisher.Kind)) {
				if f := add(ecosystem.RelHoldsPosition, m, publisher, m.Para, "Named with this position at the publisher's own house."); f != nil {
					f.Title, f.Inferred = m.Title, true
				}
			}
		}
	}
	paraEvent := map[int]*Mention{} // the last event named in each paragraph so far
	for _, s := range all {
		orgs, people, events := s.of(ecosystem.NodeOrganisation), s.of(ecosystem.NodePerson), s.of(ecosystem.NodeEvent)
		projects, programmes, places := s.of(ecosystem.NodeProject), s.of(ecosystem.NodeProgramme), s.of(ecosystem.NodePlace)
		event := mainEvent
		if len(events) > 0 {
			event = events[0]
		} else if pe := paraEvent[s.para]; pe != nil {
			event = pe // the event the paragraph is telling of
		}
		if event != nil && canon(event).Para > s.para {
			event = nil // not yet mentioned
		}
		project := mainProject
		if len(projects) > 0 {
			project = projects[0]
		}
		f := s.folded
		if len(events) == 0 && event != nil && cue(f, "odwiedzil", "zwiedzil", "goscil") {
			// Uczestnicy odwiedzili instytucje w Gdyni, Gdańsku, Elblągu i Olsztynie.
			for _, p := range places {
				add(ecosystem.RelHeldIn, event, p, s.para, "The visit went to "+p.Name+".")
			}
		}
		for _, e := range events {
			if e.Parent != nil {
				continue
			}
			for _, p := range places {
				if venue(ex, p) {
					add(ecosystem.RelHeldIn, e, p, s.para, "Held in "+p.Name+".")
				}
			}
			if e.Kind == string(ecosystem.EventMilestone) {
				for _, p := range projects {
					add(ecosystem.RelPartOf, e, p, s.para, "A milestone of the project.")
				}
			}
			if cue(f, "w ramach", "zamykajac", "podsumowujac", "inaugurujac", "otwierajac", "konczac", "czescia projektu", "czescia programu") {
				for _, p := range projects {
					add(ecosystem.RelPartOf, e, p, s.para, "Held within the project.")
				}
				for _, p := range programmes {
					if len(projects) == 0 { // (with a project named, the programme is the project's)
						add(ecosystem.RelPartOf, e, p, s.para, "Held within the programme.")
					}
				}
			}
		}
		if prev := paraEvent[s.para]; len(events) == 0 && prev != nil && cue(f, "w ramach") {
			// … Warsztatów, które odbyły się w Sztokholmie. Uczestnicy poznawali … w ramach
			// naszego Projektu „…”: the paragraph's event is the project's
			for _, p := range projects {
				add(ecosystem.RelPartOf, prev, p, s.para, "Held within the project.")
			}
		}
		for _, e := range events {
			if canon(e).Parent == nil && !canon(e).Series || canon(e).Parent != nil && quotedEvent(canon(e)) {
				paraEvent[s.para] = canon(e) // an event, or a named part of one (a panel); not a series
			}
		}
		if event != nil {
			switch {
			case cue(strings.ReplaceAll(f, "zorganizowano", ""), "zorganizowan", "organizowan", "organizator", "zorganizowal", "organizuje", "przygotowal"):
				// (zorganizowano, impersonal, names no organiser: jak w Kielcach zorganizowano
				// usługę); with a venue named too (…; sali użyczyło Starostwo), the organisations
				// after the venue's words lent the rooms
				venueAt := -1
				for _, t := range ex.tokens[s.para] {
					if t.Sentence == s.n && venueAt < 0 && cue(polish.Fold(lower(t.Text)), "uzyczyl", "udostepnil", "siedzibie", "goscin") {
						venueAt = t.Start
					}
				}
				for _, o := range orgs {
					if venueAt >= 0 && o.From > venueAt {
						add(ecosystem.RelProvidedVenue, o, event, s.para, "Provided the rooms.")
						continue
					}
					add(ecosystem.RelOrganised, o, event, s.para, "Named as the organiser.")
				}
			case cue(f, "udostepn", "pomieszczen", "goscin", "w siedzibie", "uzyczyl"):
				for _, o := range orgs {
					add(ecosystem.RelProvidedVenue, o, event, s.para, "Provided the rooms.")
				}
			case cue(f, "spotkanie z przedstawiciel", "odwiedzil", "wizyta w", "gospodar"):
				for _, o := range orgs {
					if !hostsASession(ex, o) {
						add(ecosystem.RelHosted, o, event, s.para, "Received the visitors.")
					}
				}
			case cue(f, "zapoznac sie z funkcjonowaniem", "prezentacje modelu", "dobrych praktyk", "przyznano", "najlepszy okazal", "najlepsza okazal",
				"laureat", "wyroznienie otrzymal", "nagrode otrzymal"): // an example shown, or a prize's winner
				relative := -1 // … Warsztatowi …, który prowadzi Stowarzyszenie …: not the one after "który"
				for _, t := range ex.tokens[s.para] {
					if t.Sentence == s.n && relative < 0 && strings.HasPrefix(lower(t.Text), "któr") {
						relative = t.Start
					}
				}
				for _, o := range orgs {
					if relative < 0 || o.From < relative {
						add(ecosystem.RelFeaturedAt, o, event, s.para, "Its work was shown as an example.")
					}
				}
			}
			featured := cue(f, "zapoznac sie z funkcjonowaniem", "prezentacje modelu", "dobrych praktyk")
			organiser := cue(f, "zorganizowan", "organizowan", "organizator", "zorganizowal", "organizuje", "przygotowal")
			if cue(f, "udzial", "uczestnicz", "wzielo", "wzieli", "przybyl", "przyjechal", "w grupie byl", "w grupie znalez", "wsrod uczestnikow", "uczestnikami byli", "wsrod gosci") && !featured {
				for _, o := range orgs {
					if organiser && strings.Contains(f, "przez") {
						continue // zorganizowanej przez X wzięło udział 30 osób: X organised it
					}
					if fa := add(ecosystem.RelAttended, o, event, s.para, "Named among those taking part."); fa != nil {
						if m := reCount.FindStringSubmatch(s.text); m != nil {
							n, _ := strconv.Atoi(m[1])
							fa.Count = &n
						}
					}
				}
			}
			if cue(f, "reprezentowal") { // (the paragraph's tokens are read only for a sentence with the verb)
				for _, t := range ex.tokens[s.para] {
					if t.Sentence == s.n && strings.HasPrefix(polish.Fold(lower(t.Text)), "reprezentowal") {
						// Stowarzyszenie „Krąg” reprezentowała na jubileuszu …: the one represented
						// came, through its representative
						for _, o := range orgs {
							if o.To <= t.Start {
								add(ecosystem.RelAttended, o, event, s.para, "Represented at the event.")
							}
						}
					}
				}
			}
			moderated := cue(f, "moderow")
			spoke := cue(f, "przedstawil", "zaprezentowal", "prezentacj", "wystapien", "omowil", "wyglosil", "przedstawia", "opowiadal", "opowiedzial",
				"mowil", "wyjasnil", "pokazal", "otworzyl", "zabral glos", "glos zabral", "podsumowal", "powital", "gratulacje zlozyl",
				"zlozyl gratulacje", "podziekowal", "przypomnial", "podkreslil", "zwrocil", "zachecal", "przekonywal", "wyglosil",
				"zaproszenie do rozmowy", "panelist", "w dyskusji udzial", "dyskutowal", "poprowadzil", "prowadzil zajecia", "prowadzila zajecia", "oprowadzil")
			present := cue(f, "udzial", "uczestnicz", "obecn", "wzielo", "wzieli", "wziela", "wzial", "wsrod gosci", "gosciem", "goscmi", "towarzyszyl", "reprezentowal", "odebral", "odebrali")
			// A speaker from a host of a stop spoke at that stop (O drodze … opowiadał Pan
			// Rafał Gajewski, kierownik … wrocławskiego MOPS), as does one in a sentence that
			// names a stop's host (w świdnickim ZAZ kierownik zakładu Grzegorz Wilk mówił …).
			var stopHere *Mention
			for _, o := range orgs {
				if st := stopOf(ex, o, event); st != nil && stopHere == nil {
					stopHere = st
				}
			}
			for _, p := range people {
				at := event
				if st := stopOf(ex, p.Org, event); st != nil {
					at = st
				} else if stopHere != nil {
					at = stopHere
				}
				switch {
				case moderated:
					add(ecosystem.RelModerated, p, at, s.para, "Moderated a part of the event.")
				case spoke:
					add(ecosystem.RelSpokeAt, p, at, s.para, "Gave a presentation.")
				case present:
					add(ecosystem.RelAttended, p, event, s.para, "Named as present.")
				}
			}
		}
		if event != nil && len(projects) == 0 && cue(f, "sfinansowan", "dofinansowan", "finansowan", "ze srodkow") {
			funders := programmes // a programme named is the funder; an organisation only without one
			if len(funders) == 0 {
				funders = orgs
			}
			for _, o := range funders {
				add(ecosystem.RelFundedBy, event, o, s.para, "Paid for from its funds.")
			}
		}
		// "realizowany przez X w partnerstwie z Y i Z": X before the partnership, Y and Z after
		// it; the offset where "w partnerstwie z" / "wspólnie z" starts, or -1.
		partnership := -1
		for i, t := range ex.tokens[s.para] {
			if t.Sentence == s.n && i > 0 && ((lower(t.Text) == "partnerstwie" && lower(ex.tokens[s.para][i-1].Text) == "w") || lower(t.Text) == "wspólnie") {
				partnership = ex.tokens[s.para][i-1].Start
				break
			}
		}
		if project != nil {
			if cue(f, "partnerem", "partnerami", "partnerzy", "partnerstwie", "partner projektu", "partnerow projektu", "partnera projektu") &&
				!cue(f, "razem z partnerami", "wspolnie z partnerami", "z partnerami projektu") { // X przygotowało razem z partnerami: the partners go unnamed
				for _, o := range orgs {
					if partnership < 0 || o.From > partnership {
						add(ecosystem.RelPartnerIn, o, project, s.para, "Named as a partner in the project.")
					}
				}
			}
			if cue(f, "dofinansowan", "finansowan", "ze srodkow", "z jego srodkow", "wspolfinansowan", "dofinansowal", "sfinansowal", "finansuje", "wklad wlasny", "wkladu wlasnego", "pokryty z") {
				for _, p := range programmes {
					add(ecosystem.RelFundedBy, project, p, s.para, "Funded by the programme.")
				}
				if len(programmes) == 0 && len(projects) == 0 {
					// Przedsięwzięcie dofinansował PFRON, a część wkładu własnego pokryła Gmina …:
					// the organisations paying, when no programme is named
					for _, o := range orgs {
						add(ecosystem.RelFundedBy, project, o, s.para, "Named as paying for the project.")
					}
				}
			}
			if i := strings.Index(f, "ktory "); i >= 0 && cue(f[i:], "nasz") && cue(f[i:], "realizowal", "realizuje", "realizuja", "realizowaly") && publisher != nil {
				add(ecosystem.RelLeads, publisher, project, s.para, "The publisher says it runs the project.") // który nasze Centrum realizuje
			}
			if i := strings.Index(f, "ktory "); i >= 0 && cue(f[i:], "realizowal", "realizuje", "realizuja", "realizowaly") && !cue(f, "przez") && len(projects) > 0 {
				// projekt „X”, który … realizowało krośnieńskie Stowarzyszenie: the subject
				// after the verb runs it
				for _, o := range orgs {
					if o.From > projects[0].To && (partnership < 0 || o.From < partnership) {
						add(ecosystem.RelLeads, o, project, s.para, "Named as running the project.")
						break
					}
				}
			}
			if cue(f, "realizacj", "realizuj", "realizowan") {
				if cue(f, "rozpoczelismy", "realizujemy", "naszego projektu", "nasz projekt") && publisher != nil {
					add(ecosystem.RelLeads, publisher, project, s.para, "The publisher says it runs the project.")
				}
				if cue(f, "rozpoczal realizacj", "rozpoczela realizacj", "rozpoczelo realizacj", "realizuje projekt", "realizuja projekt") && len(orgs) > 0 && len(projects) > 0 && orgs[0].From < projects[0].From {
					add(ecosystem.RelLeads, orgs[0], project, s.para, "Named as running the project.")
				}
				if cue(f, "realizowan") && cue(f, "przez") {
					if cue(f, "przez nasz") && publisher != nil {
						add(ecosystem.RelLeads, publisher, project, s.para, "The publisher says it runs the project.")
					}
					for _, o := range orgs {
						if partnership < 0 || o.From < partnership {
							add(ecosystem.RelLeads, o, project, s.para, "Named as running the project.")
						}
					}
				}
			}
		}
	}
	// programu „…”, przygotowanego przez Ministerstwo …: the organisation after "przez" runs
	// the programme named before it
	for _, st := range all {
		if !cue(st.folded, "przygotowanego przez", "ogloszonego przez", "prowadzonego przez", "przygotowany przez", "ogloszony przez") {
			continue
		}
		progs := st.of(ecosystem.NodeProgramme)
		if len(progs) == 0 {
			continue
		}
		var przez int = -1
		for _, t := range ex.tokens[st.para] {
			if t.Sentence == st.n && lower(t.Text) == "przez" && t.Start > progs[0].To && przez < 0 {
				przez = t.End
			}
		}
		for _, o := range st.of(ecosystem.NodeOrganisation) {
			if przez >= 0 && o.From >= przez && o.From-przez < 3 {
				add(ecosystem.RelLeads, o, progs[0], st.para, "Named as running the programme.")
			}
		}
	}
	// Obie placówki organizują wspólne zajęcia: the two named just before (or the one named and
	// the publisher's own house) work together
	for k, st := range all {
		toks := ex.tokens[st.para]
		first := slices.IndexFunc(toks, func(t Token) bool { return t.Sentence == st.n })
		if first < 0 || first+1 >= len(toks) || !slices.Contains([]string{"obie", "oba", "obydwie", "obydwa"}, lower(toks[first].Text)) ||
			!cue(st.folded, "wspoln", "wspolprac") {
			continue
		}
		var named []*Mention
		if k > 0 && all[k-1].para == st.para {
			for _, m := range all[k-1].of(ecosystem.NodeOrganisation) {
				if c := canon(m); !c.Generic && !slices.Contains(named, c) {
					named = append(named, c)
				}
			}
		}
		if len(named) == 1 && publisher != nil && publisher != named[0] {
			named = []*Mention{publisher, named[0]}
		}
		if len(named) == 2 {
			add(ecosystem.RelCooperatesWith, named[0], named[1], st.para, "The two are said to work together.")
		}
	}
	practices(ex, all, add, publisher)
	orgRelations(ex, all, add)
	// The organiser of a series organised its editions (Wielkopolskie Fora WTZ są co roku
	// organizowane przez …).
	for _, f := range append([]*Fact(nil), facts...) {
		if f.Type != ecosystem.RelOrganised || !f.To.Series {
			continue
		}
		for _, p := range facts {
			if p.Type == ecosystem.RelPartOf && p.To == f.To {
				inferred(ecosystem.RelOrganised, f.From, p.From, f.Para, "Organises the series this edition is part of.")
			}
		}
	}
	// The publisher reports its own event when the text names no organiser.
	if publisher != nil && mainEvent != nil {
		organised := false
		for _, f := range facts {
			organised = organised || (f.Type == ecosystem.RelOrganised && f.To == mainEvent)
		}
		if !organised {
			inferred(ecosystem.RelOrganised, publisher, mainEvent, mainEvent.Para, "The publisher reports the event as its own.")
		}
	}
	// An event whose sentence speaks of "the project" is the article's project's (pierwsze
	// spotkanie, podczas którego zaprezentowaliśmy projekt).
	if mainProject != nil {
		for _, st := range all {
			if !cue(st.folded, "projekt") {
				continue
			}
			named := false
			var evs []*Mention
			for _, m := range st.mentions {
				named = named || m.Type == ecosystem.NodeProject
				if m.Type == ecosystem.NodeEvent && m.Parent == nil {
					evs = append(evs, m)
				}
			}
			if named {
				continue
			}
			for _, e := range evs {
				inferred(ecosystem.RelPartOf, e, mainProject, st.para, "Held within the project the article is about.")
			}
		}
	}
	// An event held where its venue is, when the text names no place for it.
	for _, f := range append([]*Fact(nil), facts...) {
		if f.Type != ecosystem.RelProvidedVenue || f.From.Place == nil {
			continue
		}
		placed := false
		for _, g := range facts {
			placed = placed || (g.Type == ecosystem.RelHeldIn && g.From == f.To)
		}
		if !placed {
			inferred(ecosystem.RelHeldIn, f.To, placeOf(f.From), f.Para, "Held at its venue's seat.")
		}
	}
	// Organisations at an event held within a project took part in the project.
	for _, f := range append([]*Fact(nil), facts...) {
		if f.Type != ecosystem.RelAttended || f.From.Type != ecosystem.NodeOrganisation {
			continue
		}
		for _, p := range facts {
			if p.Type == ecosystem.RelPartOf && p.From == f.To && p.To.Type == ecosystem.NodeProject {
				inferred(ecosystem.RelParticipatedIn, f.From, p.To, f.Para, "Took part in an event of the project.")
			}
		}
	}
	// A stop placed nowhere of a visit held in one town only (w Niemczech, w Cottbus) was
	// held in that town.
	towns := map[*Mention][]*Mention{}
	placedStop := map[*Mention]bool{}
	for _, f := range facts {
		if f.Type == ecosystem.RelHeldIn && town(f.To) {
			if f.From.Parent != nil {
				placedStop[f.From] = true
			} else if !slices.Contains(towns[f.From], f.To) {
				towns[f.From] = append(towns[f.From], f.To)
			}
		}
	}
	for _, m := range append([]*Mention(nil), ex.Mentions...) {
		if m.Type != ecosystem.NodeEvent || m.Parent == nil || m.Same != nil || placedStop[m] {
			continue
		}
		if ts := towns[canon(m.Parent)]; len(ts) == 1 {
			inferred(ecosystem.RelHeldIn, m, ts[0], m.Para, "The visit was held in this one town.")
		}
	}
	return facts
}

// town reports whether a place is a town (not a country, region, voivodeship or powiat).
func town(m *Mention) bool {
	if m.Place == nil {
		return false
	}
	if g := m.Place.Gazetteer; g != nil {
		return g.Kind == gazetteer.Locality
	}
	return m.Place.Kind == ecosystem.PlaceCity || (m.Place.Kind == "" && m.Place.Country != "")
}

// of are the sentence's mentions of type t.
func (s sentence) of(t ecosystem.NodeType) []*Mention {
	var out []*Mention
	for _, m := range s.mentions {
		if m.Type == t {
			out = append(out, m)
		}
	}
	return out
}

// sentences groups the mentions of each paragraph by sentence.
func sentences(ex *Extraction) []sentence {
	var out []sentence
	for _, p := range ex.Paragraphs {
		toks := ex.tokens[p.N]
		byS := map[int]*sentence{}
		var order []int
		for _, t := range toks {
			s, ok := byS[t.Sentence]
			if !ok {
				s = &sentence{para: p.N, n: t.Sentence}
				byS[t.Sentence] = s
				order = append(order, t.Sentence)
			}
			s.words = append(s.words, p.Text[t.Start:t.End])
		}
		for _, m := range ex.Mentions {
			if m.Para == p.N && !m.Implied {
				if s, ok := byS[m.Sentence]; ok {
					s.mentions = append(s.mentions, m)
				}
			}
		}
		for _, n := range order {
			s := byS[n]
			s.text = strings.Join(s.words, " ") + " "
			s.words = nil
			s.folded = polish.Fold(s.text)
			out = append(out, *s)
		}
	}
	return out
}

// Canon is the first mention of a mention's entity in the article.
func Canon(m *Mention) *Mention { return canon(m) }

// unitName names a voivodeship or powiat as the graph does: "województwo podkarpackie",
// "powiat kraśnicki".
func unitName(u *gazetteer.Place) string {
	n := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(u.Name), "powiat "), "województwo ")
	switch u.Kind {
	case gazetteer.Voivodeship:
		return "województwo " + n
	case gazetteer.Powiat:
		return "powiat " + n
	}
	return u.Name
}

// hostsASession reports whether an organisation mention hosts a session of a visit.
func hostsASession(ex *Extraction, o *Mention) bool {
	for _, m := range ex.Mentions {
		for _, h := range m.Hosts {
			if h == o || canon(h) == canon(o) {
				return true
			}
		}
	}
	return false
}

// venue reports whether a place mention is said as where something is (w Sieradzu, na Dolnym
// Śląsku, do Wałbrzycha), not where people come from (z województwa opolskiego).
func venue(ex *Extraction, p *Mention) bool {
	toks := ex.tokens[p.Para]
	for i, t := range toks {
		if t.Start == p.From {
			if i == 0 {
				return true
			}
			switch lower(toks[i-1].Text) {
			case "z", "ze", "spoza", "całego", "całej":
				return false
			}
			return true
		}
	}
	return true
}

// landPowiat is, for a place in a city with powiat rights (TERC powiat codes 61 and up), the
// land powiat of its voivodeship named after the city, or nil.
func landPowiat(g *gazetteer.Gazetteer, pl *gazetteer.Place) *gazetteer.Place {
	if g == nil || len(pl.PowiatCode) != 4 || pl.PowiatCode[2:] < "61" {
		return nil
	}
	city := polish.Fold(pl.Name)
	if len(city) < 4 {
		return nil
	}
	for _, u := range g.Places() {
		if u.Kind != gazetteer.Powiat || u.VoivodeshipCode != pl.VoivodeshipCode || len(u.Code) != 4 || u.Code[2:] >= "61" {
			continue
		}
		n := strings.TrimPrefix(polish.Fold(strings.ToLower(u.Name)), "powiat ")
		for _, suf := range []string{"ski", "cki", "dzki"} {
			n = strings.TrimSuffix(n, suf)
		}
		if len(n) >= 4 && strings.HasPrefix(city, n[:len(n)-1]) && strings.HasPrefix(n, city[:len(city)-1]) {
			return u
		}
	}
	return nil
}
