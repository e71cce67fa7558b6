package storetest

import (
	"slices"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// applySeed loads the curated seed into s and returns the dataset.
func applySeed(t *testing.T, s store.Store) *seed.Dataset {
	t.Helper()
	ds, err := seed.LoadEmbedded()
	must(t, err)
	res, err := s.Apply(t.Context(), ds.ChangeSet())
	must(t, err)
	if res.NodesCreated != len(ds.Nodes) || res.RelationsCreated != len(ds.Relations) {
		t.Fatalf("seed applied %+v, dataset has %d nodes and %d relations", res, len(ds.Nodes), len(ds.Relations))
	}
	return ds
}

func org(slug string) ecosystem.NodeKey {
	return ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: slug}
}
func event(slug string) ecosystem.NodeKey {
	return ecosystem.NodeKey{Type: ecosystem.NodeEvent, Slug: slug}
}
func place(slug string) ecosystem.NodeKey {
	return ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: slug}
}

// testSeedApplyIsIdempotent applies the seed twice: the second time updates, creates nothing.
func testSeedApplyIsIdempotent(t *testing.T, s store.Store) {
	ds := applySeed(t, s)
	res, err := s.Apply(t.Context(), ds.ChangeSet())
	must(t, err)
	if res.NodesCreated != 0 || res.RelationsCreated != 0 || res.NodesUpdated != len(ds.Nodes) || res.RelationsUpdated != len(ds.Relations) {
		t.Errorf("second application: %+v", res)
	}
	st, err := s.Stats(t.Context(), store.StatsQuery{})
	must(t, err)
	total := 0
	for _, c := range st.Nodes {
		total += c.Count
	}
	if total != len(ds.Nodes) {
		t.Errorf("%d nodes after applying twice, want %d", total, len(ds.Nodes))
	}
}

// testSeedFacts checks facts of the source documents through the interface.
func testSeedFacts(t *testing.T, s store.Store) {
	applySeed(t, s)
	ctx := t.Context()

	t.Run("voivodeships derived through the place hierarchy", func(t *testing.T) {
		want := map[string]string{
			"pcpr-olsztyn": "warminsko-mazurskie", // seat Olsztyn city, not the land powiat
			"wtz-gebice":   "wielkopolskie",       // village → gmina → powiat → voivodeship
			"empatia":      "wielkopolskie",       // Trzcianka has no TERYT code, only WITHIN
			"fosa":         "warminsko-mazurskie", // no seat: from its service area
			"coompanion":   "",                    // abroad
			"samorzad-wojewodztwa-zachodniopomorskiego": "zachodniopomorskie",
		}
		var ks []ecosystem.NodeKey
		for slug := range want {
			ks = append(ks, org(slug))
		}
		nodes, err := s.Nodes(ctx, ks)
		must(t, err)
		for i, n := range nodes {
			o, ok := n.(*ecosystem.Organisation)
			if !ok {
				t.Fatalf("%s missing", ks[i])
			}
			if o.Voivodeship != want[o.Slug] {
				t.Errorf("%s voivodeship = %q, want %q", o.Slug, o.Voivodeship, want[o.Slug])
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		cases := map[string]ecosystem.NodeKey{
			"Gebice":              place("gebice"),
			"PCPR w Kraśniku":     org("pcpr-krasnik"),
			"MOPS Gdyni":          org("mops-gdynia"),
			"Sztokholm":           place("sztokholm"),
			"Stockholm":           place("sztokholm"),
			"Kooperativet Gloden": org("kooperativet-gloden"),
			"Warsztatów Terapii Zawodowej w Skórczu":               org("wtz-skorcz"),
			"Regionalnego Ośrodka Polityki Społecznej w Rzeszowie": org("rops-rzeszow"),
			"Roslagen Ekonomisk Forenings":                         org("roslagen-ekonomisk-forening"),
		}
		for text, want := range cases {
			hits, err := s.Search(ctx, store.SearchQuery{Text: text, Limit: 3})
			must(t, err)
			if len(hits) == 0 || hits[0].Node != want {
				t.Errorf("search %q: top hit %v, want %s", text, hits, want)
			}
		}
	})

	t.Run("partners of SNRSS", func(t *testing.T) {
		ps, err := s.Partners(ctx, store.PartnerQuery{Of: org("snrss"), Limit: 50})
		must(t, err)
		shared := map[string]bool{}
		hosts := map[string]bool{}
		for _, p := range ps {
			for _, e := range p.Evidence {
				if e.Kind == ecosystem.PartnershipSharedProject && e.Via.Slug == "innowacyjny-model-wtz" {
					shared[p.Partner.Slug] = true
				}
				if e.Kind == ecosystem.PartnershipOrganiserAndHost {
					hosts[p.Partner.Slug] = true
				}
			}
		}
		if !shared["rops-poznan"] || !shared["konimpex"] || len(shared) != 2 {
			t.Errorf("project partners = %v, want rops-poznan and konimpex", shared)
		}
		for _, h := range []string{"coompanion", "franstorps-verkstader", "atelje-inuti", "kooperativet-industrihuset", "roslagen-ekonomisk-forening", "kooperativet-kos", "kooperativet-gloden"} {
			if !hosts[h] {
				t.Errorf("Swedish host %s is not an ORGANISER_AND_HOST partner", h)
			}
		}
	})

	t.Run("partners of CAG", func(t *testing.T) {
		ps, err := s.Partners(ctx, store.PartnerQuery{Of: org("cag"), Limit: 50})
		must(t, err)
		kinds := map[string]ecosystem.PartnershipKind{}
		for _, p := range ps {
			kinds[p.Partner.Slug] = p.Evidence[0].Kind
		}
		if kinds["pfron-oddzial-pomorski"] != ecosystem.PartnershipSharedProject || kinds["lis-gdynia"] != ecosystem.PartnershipCoOrganisedEvent {
			t.Errorf("partners of CAG = %v", kinds)
		}
	})

	t.Run("path between two visit hosts", func(t *testing.T) {
		paths, err := s.Paths(ctx, store.PathQuery{From: org("mops-gdynia"), To: org("rops-olsztyn"), MaxHops: 6, Limit: 20})
		must(t, err)
		if len(paths) == 0 || len(paths[0].Hops) != 4 {
			t.Fatalf("paths = %v, want length 4", paths)
		}
		if paths[0].Nodes[2] != event("wizyta-studyjna-2021") {
			t.Errorf("the shortest path should pass through the 2021 study visit: %v", paths[0].Nodes)
		}
	})

	t.Run("hosts for deinstitutionalisation and housing", func(t *testing.T) {
		near := ecosystem.GeoPoint{Lat: 53.42894, Lon: 14.55302} // Szczecin
		ms, err := s.Hosts(ctx, store.HostQuery{Themes: []ecosystem.Theme{ecosystem.ThemeDeinstitutionalisation, ecosystem.ThemeSupportedHousing}, Near: &near, Limit: 10})
		must(t, err)
		if len(ms) == 0 || ms[0].Organisation != org("mops-gdynia") {
			t.Fatalf("top host %v, want MOPS Gdynia", ms)
		}
		if !slices.Equal(ms[0].Themes, []ecosystem.Theme{ecosystem.ThemeDeinstitutionalisation, ecosystem.ThemeSupportedHousing}) {
			t.Errorf("MOPS Gdynia covers %v", ms[0].Themes)
		}
		if ms[0].DistanceKm == nil || *ms[0].DistanceKm < 280 || *ms[0].DistanceKm > 295 {
			t.Errorf("distance Szczecin–Gdynia = %v", ms[0].DistanceKm)
		}
	})

	t.Run("timeline of MOPS Gdynia", func(t *testing.T) {
		es, err := s.Timeline(ctx, store.TimelineQuery{Node: org("mops-gdynia")})
		must(t, err)
		if len(es) < 3 || es[0].Event != event("wizyta-2021-mops-gdynia") || es[0].Role != ecosystem.RelHosted || es[0].Start.String() != "2021-09-06" {
			t.Fatalf("timeline = %v", es)
		}
		last := es[len(es)-1]
		if last.Event != event("upleciemy-siec-spotkanie-1") || last.Via == nil || last.Via.Slug != "piotr-harhaj" {
			t.Errorf("the year-less meeting, through Piotr Harhaj, should come last: %+v", last)
		}
	})

	t.Run("practices shown on the 2021 study visit", func(t *testing.T) {
		k := event("wizyta-studyjna-2021")
		ps, err := s.Practices(ctx, store.PracticeFilter{Event: &k})
		must(t, err)
		if len(ps) != 7 {
			t.Errorf("%d practices shown on the 2021 visit, want 7 (one per stop)", len(ps))
		}
	})

	t.Run("organisations of warmińsko-mazurskie", func(t *testing.T) {
		page, err := s.Organisations(ctx, store.OrganisationFilter{Voivodeship: "warminsko-mazurskie"}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 100})
		must(t, err)
		var got []string
		for _, o := range page.Items {
			got = append(got, o.Slug)
		}
		want := []string{"erkon-elblag", "ecus-elblag", "fosa", "pcpr-olsztyn", "rops-olsztyn", "sejmik-osob-niepelnosprawnych-wm"}
		if !slices.Equal(got, want) {
			t.Errorf("organisations = %v, want %v", got, want)
		}
	})

	t.Run("neighbourhood of the workshop in Gębice", func(t *testing.T) {
		nb, err := s.Neighbourhood(ctx, store.NeighbourhoodQuery{Center: org("wtz-gebice"), Depth: 1, Limit: 100})
		must(t, err)
		have := map[ecosystem.NodeKey]bool{}
		for _, n := range nb.Nodes {
			have[n.Node] = true
		}
		for _, k := range []ecosystem.NodeKey{org("empatia"), org("rowne-szanse"), place("gebice"), {Type: ecosystem.NodePerson, Slug: "jolanta-grzech"}} {
			if !have[k] {
				t.Errorf("neighbourhood lacks %s", k)
			}
		}
	})
}
