package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
)

// Generate builds the graph of the given size from the seed. The same arguments always give the
// same document.
func Generate(size Size, seedValue uint64) *seed.Document {
	g := &gen{
		r:     rand.New(rand.NewPCG(seedValue, 0x6b67)), // "kg"
		size:  size,
		names: newNames(),
		rels:  map[string]bool{},
	}
	g.places()
	g.institutions()
	g.civilSociety()
	g.people()
	g.programmes()
	g.practices()
	g.projects()
	g.events()
	return &g.doc
}

// gen holds the generator's state: the document being built and indexes of what it holds.
type gen struct {
	r     *rand.Rand
	size  Size
	names *names
	doc   seed.Document
	rels  map[string]bool

	country  string // global id of Poland
	voivs    []*voivGen
	abroad   []*foreignCity
	pfron    string
	feds     []string // national federations
	progs    []string // national programmes
	pracs    []*practiceGen
	allOrgs  []*orgGen
	articles int
	// projectIDs lists the projects with their voivodeship, for events that are part of one.
	projectIDs []projectRef
}

type voivGen struct {
	voivodeship
	gid      string
	capital  *localityGen
	powiats  []*powiatGen
	orgs     []*orgGen
	people   []string
	rops     *orgGen
	gov      *orgGen
	branch   *orgGen
	fed      *orgGen
	owes     []*orgGen
	rpo      string // regional operational programme
	strategy string
	registry string // source: the court register extract for the region
}

type powiatGen struct {
	voiv     *voivGen
	gid      string
	name     string
	seat     *localityGen
	gminas   []*gminaGen
	orgs     []*orgGen
	wtz      []*orgGen
	pcpr     *orgGen
	pup      *orgGen
	bulletin string // source: the powiat's public information bulletin
}

type gminaGen struct {
	powiat   *powiatGen
	gid      string
	locality *localityGen
	urban    int // 1 urban, 2 rural, 3 urban-rural (the TERYT type digit)
	orgs     []*orgGen
}

type localityGen struct {
	gid, name string
	lat, lon  float64
}

type foreignCity struct {
	gid     string
	name    string
	country string
	orgs    []*orgGen
}

type orgGen struct {
	gid, slug, name string
	kind            ecosystem.OrganisationKind
	voiv            *voivGen
	powiat          *powiatGen
	gmina           *gminaGen
	city            *foreignCity
	people          []string
	practices       []*practiceGen
}

type practiceGen struct {
	gid    string
	themes []string
}

// count turns an expected number into a whole one, rounding up or down at random so that
// small densities still average out.
func (g *gen) count(expected float64) int {
	n := math.Floor(expected)
	if g.r.Float64() < expected-n {
		n++
	}
	return int(n)
}

// between returns a whole number in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func cite(source, locator string) []seed.Cite {
	return []seed.Cite{{Source: source, Locator: locator}}
}

// rel adds a relation unless the same one (type and ends) exists; it reports whether it did.
func (g *gen) rel(t ecosystem.RelationType, from, to string, c []seed.Cite, props ...func(*seed.Relation)) bool {
	if from == to {
		return false
	}
	k := string(t) + "|" + from + "|" + to
	if g.rels[k] {
		return false
	}
	g.rels[k] = true
	r := seed.Relation{Type: string(t), From: from, To: to, Cite: c}
	for _, p := range props {
		p(&r)
	}
	g.doc.Relations = append(g.doc.Relations, r)
	return true
}

func titled(t string) func(*seed.Relation) { return func(r *seed.Relation) { r.Title = t } }
func topic(t string) func(*seed.Relation)  { return func(r *seed.Relation) { r.Topic = t } }

func (g *gen) source(slug, title, kind, publisher, published string) {
	title = g.names.unique(string(ecosystem.NodeSource), title, "("+slug+")")
	g.doc.Sources = append(g.doc.Sources, seed.SourceDoc{
		ID: slug, Title: title, Kind: kind, Publisher: publisher, Published: published, Language: "pl",
		PublisherName: "synthetic benchmark data",
	})
}

// article adds a source document reporting on something an organisation did, and returns its id.
func (g *gen) article(title string, publisher *orgGen, published string) string {
	g.articles++
	slug := fmt.Sprintf("src-art-%d", g.articles)
	pub := ""
	if publisher != nil {
		pub = publisher.slug
	}
	g.source(slug, title, "ARTICLE", pub, published)
	return slug
}

// places builds Poland, its voivodeships, powiats, gminas and their seats, and the foreign
// countries and cities that host visits.
func (g *gen) places() {
	g.source("src-teryt", "TERYT – synthetic territorial division for benchmarks", "DATASET", "", "2024-01-01")
	g.source("src-foreign", "Register of foreign partner institutions (synthetic)", "DATASET", "", "2024-01-01")
	teryt := func(loc string) []seed.Cite { return cite("src-teryt", loc) }
	g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: "pl", Name: "Polska", Cite: teryt("country")}, Kind: "COUNTRY", NameEn: "Poland", Country: "PL"})
	g.country = "Place:pl"
	for _, v := range voivodeships() {
		vg := &voivGen{voivodeship: v, gid: "Place:" + v.Slug}
		g.voivs = append(g.voivs, vg)
		lat, lon := v.lat, v.lon
		g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: v.Slug, Name: v.Name, Cite: teryt("TERC " + v.Code)},
			Kind: "VOIVODESHIP", Country: "PL", TERC: v.Code, Lat: &lat, Lon: &lon})
		g.names.slugs[string(ecosystem.NodePlace)+"|"+v.Slug] = true
		g.rel(ecosystem.RelWithin, vg.gid, g.country, teryt("TERC "+v.Code))
		vg.registry = "src-krs-" + v.Slug
		g.source(vg.registry, "Krajowy Rejestr Sądowy – extract for "+v.Name+" (synthetic)", "REGISTRY", "", "2024-01-01")

		powiats := max(1, int(math.Round(float64(v.powiats)*g.size.Geography)))
		gminas := max(powiats, int(math.Round(float64(v.gminas)*g.size.Geography)))
		// The first powiat is the capital city; the others share the remaining gminas.
		perPowiat := make([]int, powiats)
		perPowiat[0] = 1
		for i := 1; i < powiats; i++ {
			perPowiat[i] = 1
		}
		for left := gminas - powiats; left > 0; left-- {
			i := 0
			if powiats > 1 {
				i = 1 + g.r.IntN(powiats-1)
			}
			perPowiat[i]++
		}
		for i := range powiats {
			g.powiat(vg, i, perPowiat[i])
		}
	}
	for _, c := range abroad() {
		g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: c.slug, Name: c.name, Cite: cite("src-foreign", "country "+c.code)},
			Kind: "COUNTRY", NameEn: c.nameEn, Country: c.code})
		g.names.slugs[string(ecosystem.NodePlace)+"|"+c.slug] = true
		for _, ci := range c.cities {
			slug := g.names.slug(string(ecosystem.NodePlace), ci.nameEn+" "+c.code)
			lat, lon := ci.lat, ci.lon
			g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: slug, Name: ci.name, Cite: cite("src-foreign", "city "+ci.nameEn)},
				Kind: "CITY", NameEn: ci.nameEn, Country: c.code, Lat: &lat, Lon: &lon})
			g.rel(ecosystem.RelWithin, "Place:"+slug, "Place:"+c.slug, cite("src-foreign", "city "+ci.nameEn))
			g.abroad = append(g.abroad, &foreignCity{gid: "Place:" + slug, name: ci.name, country: c.code})
		}
	}
}

// powiat builds one powiat with its gminas and their seats; powiat 0 is the capital city.
func (g *gen) powiat(vg *voivGen, i, gminas int) {
	code := fmt.Sprintf("%s%02d", vg.Code, i+1)
	seatName := placeName(g.r)
	if i == 0 {
		code = vg.Code + "61"
		seatName = vg.capitalName
	}
	// Seats lie around the capital, within about 120 km.
	lat := vg.lat + (g.r.Float64()-0.5)*1.6
	lon := vg.lon + (g.r.Float64()-0.5)*2.4
	if i == 0 {
		lat, lon = vg.lat, vg.lon
	}
	slug := g.names.slug(string(ecosystem.NodePlace), "powiat "+seatName+" "+code)
	pg := &powiatGen{voiv: vg, gid: "Place:" + slug, name: seatName}
	vg.powiats = append(vg.powiats, pg)
	g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: slug, Name: "powiat " + seatName, Cite: cite("src-teryt", "TERC "+code)},
		Kind: "POWIAT", Country: "PL", TERC: code})
	g.rel(ecosystem.RelWithin, pg.gid, vg.gid, cite("src-teryt", "TERC "+code))
	pg.bulletin = "src-bip-" + slug
	g.source(pg.bulletin, "Biuletyn Informacji Publicznej – powiat "+seatName+" (synthetic)", "WEBSITE", "", "2024-01-01")
	for j := range gminas {
		name := seatName
		urban := 1
		kind := "CITY"
		plat, plon := lat, lon
		if j > 0 || i != 0 {
			if j > 0 {
				name = placeName(g.r)
				plat += (g.r.Float64() - 0.5) * 0.4
				plon += (g.r.Float64() - 0.5) * 0.6
			}
			urban = []int{1, 2, 2, 2, 3, 3}[g.r.IntN(6)]
			if j == 0 {
				urban = []int{1, 3}[g.r.IntN(2)]
			}
			kind = map[int]string{1: "TOWN", 2: "VILLAGE", 3: "TOWN"}[urban]
		}
		terc := fmt.Sprintf("%s%02d%d", code, j+1, urban)
		gslug := g.names.slug(string(ecosystem.NodePlace), "gmina "+name+" "+terc)
		gg := &gminaGen{powiat: pg, gid: "Place:" + gslug, urban: urban}
		g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: gslug, Name: "gmina " + name, Cite: cite("src-teryt", "TERC "+terc)},
			Kind: "GMINA", Country: "PL", TERC: terc})
		g.rel(ecosystem.RelWithin, gg.gid, pg.gid, cite("src-teryt", "TERC "+terc))
		lslug := g.names.slug(string(ecosystem.NodePlace), name+" "+terc)
		la, lo := plat, plon
		g.doc.Places = append(g.doc.Places, seed.Place{Common: seed.Common{ID: lslug, Name: name, Cite: cite("src-teryt", "SIMC "+terc)},
			Kind: kind, Country: "PL", TERC: terc, Lat: &la, Lon: &lo})
		gg.locality = &localityGen{gid: "Place:" + lslug, name: name, lat: plat, lon: plon}
		g.rel(ecosystem.RelWithin, gg.locality.gid, gg.gid, cite("src-teryt", "SIMC "+terc))
		pg.gminas = append(pg.gminas, gg)
		if j == 0 {
			pg.seat = gg.locality
			if i == 0 {
				vg.capital = gg.locality
			}
		}
	}
}

// org adds an organisation seated in a locality (or a foreign city) and returns it.
func (g *gen) org(kind ecosystem.OrganisationKind, name string, vg *voivGen, pg *powiatGen, gg *gminaGen, src string, qualifiers ...string) *orgGen {
	name = g.names.unique(string(ecosystem.NodeOrganisation), name, qualifiers...)
	slug := g.names.slug(string(ecosystem.NodeOrganisation), name)
	o := &orgGen{gid: "Organisation:" + slug, slug: slug, name: name, kind: kind, voiv: vg, powiat: pg, gmina: gg}
	decl := seed.Organisation{Common: seed.Common{ID: slug, Name: name, Cite: cite(src, "entry")}, Kind: string(kind), Country: "PL"}
	if kind == ecosystem.KindAssociation || kind == ecosystem.KindFoundation || kind == ecosystem.KindSocialCooperative {
		decl.Registered = fmt.Sprintf("%d-%02d-%02d", 1995+g.r.IntN(28), 1+g.r.IntN(12), 1+g.r.IntN(28))
	}
	g.doc.Organisations = append(g.doc.Organisations, decl)
	g.allOrgs = append(g.allOrgs, o)
	if vg != nil {
		vg.orgs = append(vg.orgs, o)
	}
	if pg != nil {
		pg.orgs = append(pg.orgs, o)
	}
	if gg != nil {
		gg.orgs = append(gg.orgs, o)
		g.rel(ecosystem.RelLocatedIn, o.gid, gg.locality.gid, cite(src, "address"))
	}
	return o
}

// institutions builds the public bodies: per voivodeship the regional government, its ROPS and
// a PFRON branch; per powiat a PCPR, a labour office and workshops; per gmina a welfare centre.
func (g *gen) institutions() {
	g.source("src-pfron", "PFRON – list of branches (synthetic)", "WEBSITE", "", "2024-01-01")
	hq := g.org(ecosystem.KindPFRON, "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych", g.voivs[6], g.voivs[6].powiats[0], g.voivs[6].powiats[0].gminas[0], "src-pfron")
	g.pfron = hq.gid
	for _, f := range []string{"Ogólnopolska Federacja Organizacji Pozarządowych", "Krajowy Związek Rewizyjny Spółdzielni Socjalnych",
		"Ogólnopolskie Porozumienie Warsztatów Terapii Zajęciowej", "Federacja Organizacji Służebnych", "Polskie Forum Osób z Niepełnosprawnościami",
		"Konwent Dyrektorów Regionalnych Ośrodków Polityki Społecznej"} {
		o := g.org(ecosystem.KindFederation, f, g.voivs[6], g.voivs[6].powiats[0], g.voivs[6].powiats[0].gminas[0], g.voivs[6].registry)
		g.feds = append(g.feds, o.gid)
	}
	for _, vg := range g.voivs {
		capital := vg.powiats[0]
		cg := capital.gminas[0]
		vg.gov = g.org(ecosystem.KindRegionalGovernment, "Urząd Marszałkowski Województwa "+vg.Name, vg, capital, cg, capital.bulletin)
		g.rel(ecosystem.RelServesArea, vg.gov.gid, vg.gid, cite(capital.bulletin, "statut"))
		vg.rops = g.org(ecosystem.KindROPS, "Regionalny Ośrodek Polityki Społecznej w "+vg.capital.name, vg, capital, cg, capital.bulletin)
		g.rel(ecosystem.RelServesArea, vg.rops.gid, vg.gid, cite(capital.bulletin, "statut"))
		g.rel(ecosystem.RelRuns, vg.gov.gid, vg.rops.gid, cite(capital.bulletin, "statut"))
		vg.branch = g.org(ecosystem.KindPFRONBranch, "PFRON Oddział "+vg.Name, vg, capital, cg, "src-pfron")
		g.rel(ecosystem.RelBranchOf, vg.branch.gid, g.pfron, cite("src-pfron", "oddziały"))
		g.rel(ecosystem.RelServesArea, vg.branch.gid, vg.gid, cite("src-pfron", "oddziały"))
		vg.fed = g.org(ecosystem.KindFederation, "Regionalna Sieć Organizacji Pozarządowych Województwa "+vg.Name, vg, capital, cg, vg.registry)
		for k := range 2 {
			pg := vg.powiats[g.r.IntN(len(vg.powiats))]
			o := g.org(ecosystem.KindOWES, fmt.Sprintf("Ośrodek Wsparcia Ekonomii Społecznej %s %s", []string{"Subregion", "Centrum"}[k], pg.name), vg, pg, pg.gminas[0], vg.registry)
			vg.owes = append(vg.owes, o)
			g.rel(ecosystem.RelServesArea, o.gid, pg.gid, cite(vg.registry, "akredytacja"))
		}
		for _, pg := range vg.powiats {
			seat := pg.gminas[0]
			pg.pcpr = g.org(ecosystem.KindPCPR, "Powiatowe Centrum Pomocy Rodzinie w "+pg.name, vg, pg, seat, pg.bulletin, "(powiat "+pg.name+", "+vg.Name+")")
			g.rel(ecosystem.RelServesArea, pg.pcpr.gid, pg.gid, cite(pg.bulletin, "statut"))
			pg.pup = g.org(ecosystem.KindLabourOffice, "Powiatowy Urząd Pracy w "+pg.name, vg, pg, seat, pg.bulletin, "(powiat "+pg.name+", "+vg.Name+")")
			g.rel(ecosystem.RelServesArea, pg.pup.gid, pg.gid, cite(pg.bulletin, "statut"))
			g.rel(ecosystem.RelCooperatesWith, pg.pup.gid, pg.pcpr.gid, cite(pg.bulletin, "porozumienie"))
			for _, gg := range pg.gminas {
				kind, name := ecosystem.KindOPS, "Gminny Ośrodek Pomocy Społecznej w "+gg.locality.name
				switch {
				case gg.urban == 1 && g.r.IntN(20) == 0:
					kind, name = ecosystem.KindCUS, "Centrum Usług Społecznych w "+gg.locality.name
				case gg.urban == 1 && g.r.IntN(8) == 0:
					kind, name = ecosystem.KindMOPR, "Miejski Ośrodek Pomocy Rodzinie w "+gg.locality.name
				case gg.urban == 1:
					name = "Miejski Ośrodek Pomocy Społecznej w " + gg.locality.name
				case gg.urban == 3:
					name = "Miejsko-Gminny Ośrodek Pomocy Społecznej w " + gg.locality.name
				}
				o := g.org(kind, name, vg, pg, gg, pg.bulletin, "(powiat "+pg.name+")", "("+vg.Name+")")
				g.rel(ecosystem.RelServesArea, o.gid, gg.gid, cite(pg.bulletin, "statut"))
				if g.r.IntN(3) == 0 {
					g.rel(ecosystem.RelCooperatesWith, o.gid, pg.pcpr.gid, cite(pg.bulletin, "sprawozdanie"))
				}
			}
			// Workshops in proportion to the powiat's size, each run by an association.
			for range max(1, g.count(float64(len(pg.gminas))/3.5)) {
				gg := pg.gminas[g.r.IntN(len(pg.gminas))]
				w := g.org(ecosystem.KindWTZ, "Warsztat Terapii Zajęciowej w "+gg.locality.name, vg, pg, gg, pg.bulletin, "(powiat "+pg.name+")", "("+vg.Name+")")
				pg.wtz = append(pg.wtz, w)
				g.rel(ecosystem.RelServesArea, w.gid, pg.gid, cite(pg.bulletin, "wykaz WTZ"))
				op := g.org(ecosystem.KindAssociation, "Stowarzyszenie na Rzecz Osób Niepełnosprawnych "+pick(g.r, ngoPurpose)+" w "+gg.locality.name,
					vg, pg, gg, vg.registry, "(powiat "+pg.name+")")
				g.rel(ecosystem.RelRuns, op.gid, w.gid, cite(vg.registry, "działalność"))
				g.rel(ecosystem.RelCommissions, pg.pcpr.gid, w.gid, cite(pg.bulletin, "umowa"))
				g.rel(ecosystem.RelCooperatesWith, w.gid, pg.pup.gid, cite(pg.bulletin, "porozumienie"))
			}
		}
	}
}

// civilSociety adds NGOs, social cooperatives (a third attached to a workshop), companies and
// foreign hosts, weighted towards towns.
func (g *gen) civilSociety() {
	d := g.size.Density
	for _, vg := range g.voivs {
		for _, pg := range vg.powiats {
			for _, gg := range pg.gminas {
				weight := map[int]float64{1: 3.2, 2: 0.55, 3: 1.3}[gg.urban]
				for range g.count(4.0 * weight * d) {
					form := pick(g.r, ngoForms)
					kind := ecosystem.KindAssociation
					if form[0] == 'F' {
						kind = ecosystem.KindFoundation
					}
					if g.r.IntN(6) == 0 {
						kind = ecosystem.KindNGO
					}
					o := g.org(kind, form+" "+pick(g.r, ngoPurpose)+" "+gg.locality.name, vg, pg, gg, vg.registry, "(powiat "+pg.name+")", "("+vg.Name+")")
					if g.r.IntN(3) == 0 {
						g.rel(ecosystem.RelMemberOf, o.gid, vg.fed.gid, cite(vg.registry, "członkowie"))
					}
					if g.r.IntN(8) == 0 {
						g.rel(ecosystem.RelMemberOf, o.gid, pick(g.r, g.feds), cite(vg.registry, "członkowie"))
					}
					if g.r.IntN(5) == 0 {
						g.rel(ecosystem.RelCommissions, pg.pcpr.gid, o.gid, cite(pg.bulletin, "konkurs ofert"))
					}
					if g.r.IntN(4) == 0 {
						g.rel(ecosystem.RelCooperatesWith, o.gid, gg.orgs[0].gid, cite(pg.bulletin, "współpraca"))
					}
				}
				for range g.count(0.5 * weight * d) {
					o := g.org(ecosystem.KindSocialCooperative, "Spółdzielnia Socjalna "+pick(g.r, coopWords)+" "+gg.locality.name, vg, pg, gg, vg.registry, "(powiat "+pg.name+")", "("+vg.Name+")")
					if len(pg.wtz) > 0 && g.r.IntN(3) == 0 {
						w := pick(g.r, pg.wtz)
						g.rel(ecosystem.RelAttachedTo, o.gid, w.gid, cite(vg.registry, "statut"))
					}
					// Cooperatives are founded by two legal persons: NGOs or the gmina's centre.
					for range 2 {
						if f := g.pickOrg(pg.orgs, ecosystem.KindAssociation, ecosystem.KindFoundation, ecosystem.KindOPS); f != nil {
							g.rel(ecosystem.RelFounded, f.gid, o.gid, cite(vg.registry, "założyciele"))
						}
					}
				}
				for range g.count(0.9 * weight * d) {
					o := g.org(ecosystem.KindCompany, pick(g.r, companyWords)+" "+gg.locality.name+" Sp. z o.o.", vg, pg, gg, vg.registry, "(powiat "+pg.name+")", "("+vg.Name+")")
					if len(pg.wtz) > 0 && g.r.IntN(2) == 0 {
						g.rel(ecosystem.RelCooperatesWith, o.gid, pick(g.r, pg.wtz).gid, cite(pg.bulletin, "praktyki zawodowe"))
					}
				}
			}
		}
	}
	foreign := max(len(g.abroad), g.count(0.12*d*float64(g.gminaCount())))
	for i := range foreign {
		c := g.abroad[i%len(g.abroad)]
		name := g.names.unique(string(ecosystem.NodeOrganisation), pick(g.r, foreignForms)+" "+pick(g.r, ngoPurpose)+" "+c.name)
		slug := g.names.slug(string(ecosystem.NodeOrganisation), name)
		o := &orgGen{gid: "Organisation:" + slug, slug: slug, name: name, kind: ecosystem.KindForeign, city: c}
		g.doc.Organisations = append(g.doc.Organisations, seed.Organisation{Common: seed.Common{ID: slug, Name: name, Cite: cite("src-foreign", "entry")},
			Kind: string(ecosystem.KindForeign), Country: c.country})
		g.rel(ecosystem.RelLocatedIn, o.gid, c.gid, cite("src-foreign", "address"))
		c.orgs = append(c.orgs, o)
		g.allOrgs = append(g.allOrgs, o)
	}
}

func (g *gen) gminaCount() int {
	n := 0
	for _, vg := range g.voivs {
		for _, pg := range vg.powiats {
			n += len(pg.gminas)
		}
	}
	return n
}

// pickOrg picks an organisation of one of the kinds from list, or nil after a few misses.
func (g *gen) pickOrg(list []*orgGen, kinds ...ecosystem.OrganisationKind) *orgGen {
	if len(list) == 0 {
		return nil
	}
	for range 8 {
		o := list[g.r.IntN(len(list))]
		if len(kinds) == 0 || slices.Contains(kinds, o.kind) {
			return o
		}
	}
	return nil
}

// people gives every organisation one to three people with positions; some are also
// affiliated with another organisation of their powiat.
func (g *gen) people() {
	for _, o := range g.allOrgs {
		src := "src-foreign"
		if o.voiv != nil {
			src = o.voiv.registry
			if o.powiat != nil {
				src = o.powiat.bulletin
			}
		}
		n := 1 + g.count(0.4)
		if o.kind == ecosystem.KindOPS || o.kind == ecosystem.KindPCPR || o.kind == ecosystem.KindWTZ || o.kind == ecosystem.KindROPS {
			n++
		}
		for k := range n {
			first, last := pick(g.r, firstNames), pick(g.r, surnames)
			if first[len(first)-1] == 'a' && last[len(last)-1] == 'i' {
				last = last[:len(last)-1] + "a" // Kowalski → Kowalska
			}
			name := g.names.unique(string(ecosystem.NodePerson), first+" "+last, first+" "+last+"-"+pick(g.r, surnames))
			slug := g.names.slug(string(ecosystem.NodePerson), name)
			gid := "Person:" + slug
			g.doc.People = append(g.doc.People, seed.Person{Common: seed.Common{ID: slug, Name: name, Cite: cite(src, "kontakt")}})
			title := positionTitles[0]
			if k > 0 {
				title = pick(g.r, positionTitles[1:])
			}
			g.rel(ecosystem.RelHoldsPosition, gid, o.gid, cite(src, "kontakt"), titled(title))
			o.people = append(o.people, gid)
			if o.voiv != nil {
				o.voiv.people = append(o.voiv.people, gid)
				if o.powiat != nil && g.r.IntN(8) == 0 {
					if other := g.pickOrg(o.powiat.orgs); other != nil {
						g.rel(ecosystem.RelAffiliatedWith, gid, other.gid, cite(src, "kontakt"))
					}
				}
			}
		}
	}
}

// programmes adds national funding programmes and, per voivodeship, its regional operational
// programme and social-policy strategy.
func (g *gen) programmes() {
	g.source("src-programmes", "Programmes and strategies for people with disabilities (synthetic)", "WEBSITE", "", "2024-01-01")
	for _, p := range []string{"Program Operacyjny Wiedza Edukacja Rozwój", "Aktywny Samorząd", "Partnerzy w rehabilitacji",
		"Program Rozwoju Ekonomii Społecznej", "Fundusz Inicjatyw Obywatelskich", "Asystent osobisty osoby niepełnosprawnej"} {
		slug := g.names.slug(string(ecosystem.NodeProgramme), p)
		g.doc.Programmes = append(g.doc.Programmes, seed.Programme{Common: seed.Common{ID: slug, Name: p, Cite: cite("src-programmes", "lista")}, Kind: "FUNDING_PROGRAMME", Start: "2014"})
		g.progs = append(g.progs, "Programme:"+slug)
	}
	for _, vg := range g.voivs {
		rpo := "Regionalny Program Operacyjny Województwa " + vg.Name
		slug := g.names.slug(string(ecosystem.NodeProgramme), rpo)
		g.doc.Programmes = append(g.doc.Programmes, seed.Programme{Common: seed.Common{ID: slug, Name: rpo, Cite: cite("src-programmes", "lista")}, Kind: "FUNDING_PROGRAMME", Start: "2014", End: "2020"})
		vg.rpo = "Programme:" + slug
		st := "Strategia Polityki Społecznej Województwa " + vg.Name
		slug = g.names.slug(string(ecosystem.NodeProgramme), st)
		g.doc.Programmes = append(g.doc.Programmes, seed.Programme{Common: seed.Common{ID: slug, Name: st, Cite: cite("src-programmes", "lista")}, Kind: "STRATEGY", Start: "2021", End: "2030"})
		vg.strategy = "Programme:" + slug
	}
}

func (g *gen) themes(n int) []string {
	all := ecosystem.AllThemes()
	g.r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	out := make([]string, n)
	for i := range n {
		out[i] = string(all[i])
	}
	slices.Sort(out)
	return out
}

// practices adds good practices developed by an organisation and practised by a few others of
// its region; some are recognised by the regional strategy.
func (g *gen) practices() {
	for _, vg := range g.voivs {
		for range g.count(1.1 * g.size.Density * float64(g.gminasIn(vg))) {
			dev := g.pickOrg(vg.orgs, ecosystem.KindOPS, ecosystem.KindMOPR, ecosystem.KindCUS, ecosystem.KindWTZ, ecosystem.KindAssociation, ecosystem.KindFoundation, ecosystem.KindPCPR, ecosystem.KindSocialCooperative)
			if dev == nil {
				continue
			}
			name := g.names.unique(string(ecosystem.NodePractice), pick(g.r, practiceWords)+" "+pick(g.r, practiceTopic)+" w "+dev.gmina.locality.name,
				"("+dev.powiat.name+")", "("+vg.Name+")")
			slug := g.names.slug(string(ecosystem.NodePractice), name)
			p := &practiceGen{gid: "Practice:" + slug, themes: g.themes(g.between(1, 3))}
			g.pracs = append(g.pracs, p)
			g.doc.Practices = append(g.doc.Practices, seed.Practice{Common: seed.Common{ID: slug, Name: name, Cite: cite(vg.registry, "opis")}, Themes: p.themes})
			g.rel(ecosystem.RelDeveloped, dev.gid, p.gid, cite(vg.registry, "opis"))
			g.rel(ecosystem.RelPractises, dev.gid, p.gid, cite(vg.registry, "opis"))
			g.rel(ecosystem.RelLocatedIn, p.gid, dev.gmina.locality.gid, cite(vg.registry, "opis"))
			dev.practices = append(dev.practices, p)
			for range g.r.IntN(4) {
				if o := g.pickOrg(vg.orgs); o != nil && g.rel(ecosystem.RelPractises, o.gid, p.gid, cite(vg.registry, "wdrożenie")) {
					o.practices = append(o.practices, p)
				}
			}
			if g.r.IntN(6) == 0 {
				g.rel(ecosystem.RelRecognised, vg.strategy, p.gid, cite("src-programmes", "dobre praktyki"))
			}
			if g.r.IntN(10) == 0 {
				g.rel(ecosystem.RelRecognised, vg.rops.gid, p.gid, cite("src-programmes", "konkurs"))
			}
		}
	}
}

func (g *gen) gminasIn(vg *voivGen) int {
	n := 0
	for _, pg := range vg.powiats {
		n += len(pg.gminas)
	}
	return n
}

// projects adds projects led by an organisation with one to five partners (mostly from its
// region, sometimes a company or a foreign partner), funded by a programme.
func (g *gen) projects() {
	for _, vg := range g.voivs {
		for range g.count(2.6 * g.size.Density * float64(g.gminasIn(vg))) {
			lead := g.pickOrg(vg.orgs, ecosystem.KindAssociation, ecosystem.KindFoundation, ecosystem.KindOWES, ecosystem.KindROPS, ecosystem.KindPCPR, ecosystem.KindOPS, ecosystem.KindNGO)
			if lead == nil {
				continue
			}
			year := 2008 + g.r.IntN(15)
			name := g.names.unique(string(ecosystem.NodeProject), pick(g.r, projectWords)+" "+pick(g.r, practiceTopic)+" "+lead.gmina.locality.name,
				fmt.Sprintf("%d", year), fmt.Sprintf("%d–%d", year, year+2))
			slug := g.names.slug(string(ecosystem.NodeProject), name)
			gid := "Project:" + slug
			src := g.article("Projekt "+name, lead, fmt.Sprintf("%d", year))
			g.doc.Projects = append(g.doc.Projects, seed.Project{Common: seed.Common{ID: slug, Name: name, Cite: cite(src, "¶1")},
				Start: fmt.Sprintf("%d-%02d", year, 1+g.r.IntN(12)), End: fmt.Sprintf("%d", year+1+g.r.IntN(3)), TargetGroup: "osoby z niepełnosprawnościami"})
			g.rel(ecosystem.RelLeads, lead.gid, gid, cite(src, "¶1"))
			for range g.between(1, 5) {
				p := g.pickOrg(vg.orgs)
				switch x := g.r.IntN(20); {
				case x == 0 && len(g.abroad) > 0:
					if c := pick(g.r, g.abroad); len(c.orgs) > 0 {
						p = pick(g.r, c.orgs)
					}
				case x < 3:
					p = g.pickOrg(vg.orgs, ecosystem.KindCompany)
				}
				if p != nil {
					g.rel(ecosystem.RelPartnerIn, p.gid, gid, cite(src, "¶2"))
				}
			}
			for range g.r.IntN(3) {
				if w := g.pickOrg(vg.orgs, ecosystem.KindWTZ); w != nil {
					g.rel(ecosystem.RelParticipatedIn, w.gid, gid, cite(src, "¶3"))
				}
			}
			prog := vg.rpo
			if g.r.IntN(3) == 0 {
				prog = pick(g.r, g.progs)
			}
			g.rel(ecosystem.RelFundedBy, gid, prog, cite(src, "¶4"))
			if g.r.IntN(8) == 0 && len(g.pracs) > 0 {
				g.rel(ecosystem.RelDeveloped, gid, pick(g.r, g.pracs).gid, cite(src, "¶5"))
			}
			g.projectIDs = append(g.projectIDs, projectRef{gid: gid, voiv: vg})
		}
	}
}

type projectRef struct {
	gid  string
	voiv *voivGen
}

// eventKind describes a kind of event the generator makes: how many per gmina, how many
// attendees and speakers, and who organises it.
type eventKind struct {
	kind                 ecosystem.EventKind
	perGmina             float64
	minAttend, maxAttend int
	speakers             int
	name                 func(g *gen, vg *voivGen, place *localityGen) string
}

// events adds study visits with sessions hosted across cities, forums, trainings, conferences
// and meetings, with organisers, venues, speakers, moderators, attendees and showcased
// practices; each is reported by an article that its facts cite.
func (g *gen) events() {
	kinds := []eventKind{
		{ecosystem.EventStudyVisit, 0.45, 15, 35, 0, func(g *gen, vg *voivGen, _ *localityGen) string {
			return "Wizyta studyjna " + pick(g.r, practiceTopic)
		}},
		{ecosystem.EventForum, 0.9, 100, 260, 6, func(g *gen, vg *voivGen, _ *localityGen) string {
			return "Forum " + pick(g.r, forumTopics) + " Województwa " + vg.Name
		}},
		{ecosystem.EventTraining, 1.3, 20, 70, 2, func(g *gen, vg *voivGen, p *localityGen) string {
			return "Szkolenie z " + pick(g.r, practiceTopic) + " w " + p.name
		}},
		{ecosystem.EventConference, 0.25, 150, 400, 8, func(g *gen, vg *voivGen, p *localityGen) string {
			return "Konferencja " + pick(g.r, forumTopics) + " " + p.name
		}},
		{ecosystem.EventMeeting, 0.4, 10, 30, 1, func(g *gen, vg *voivGen, p *localityGen) string {
			return "Spotkanie sieci " + pick(g.r, forumTopics) + " w " + p.name
		}},
	}
	for _, vg := range g.voivs {
		n := float64(g.gminasIn(vg)) * g.size.Density
		for _, k := range kinds {
			for range g.count(k.perGmina * n) {
				g.event(vg, k)
			}
		}
	}
}

func (g *gen) event(vg *voivGen, k eventKind) {
	pg := vg.powiats[g.r.IntN(len(vg.powiats))]
	place := pg.seat
	organisers := []ecosystem.OrganisationKind{ecosystem.KindPCPR, ecosystem.KindOWES, ecosystem.KindAssociation, ecosystem.KindFoundation, ecosystem.KindWTZ, ecosystem.KindOPS}
	switch k.kind {
	case ecosystem.EventForum, ecosystem.EventConference:
		place = vg.capital
		organisers = []ecosystem.OrganisationKind{ecosystem.KindROPS, ecosystem.KindRegionalGovernment, ecosystem.KindFederation, ecosystem.KindPFRONBranch, ecosystem.KindOWES}
	case ecosystem.EventStudyVisit:
		organisers = []ecosystem.OrganisationKind{ecosystem.KindROPS, ecosystem.KindRegionalGovernment, ecosystem.KindPCPR, ecosystem.KindOWES, ecosystem.KindAssociation, ecosystem.KindFoundation}
	}
	org := g.pickOrg(vg.orgs, organisers...)
	if org == nil {
		org = vg.rops
	}
	year := 2010 + g.r.IntN(15)
	month, day := 1+g.r.IntN(12), 1+g.r.IntN(25)
	start := fmt.Sprintf("%d-%02d-%02d", year, month, day)
	days := 1
	if k.kind == ecosystem.EventStudyVisit || k.kind == ecosystem.EventConference {
		days = g.between(2, 4)
	}
	end := fmt.Sprintf("%d-%02d-%02d", year, month, day+days-1)
	name := g.names.unique(string(ecosystem.NodeEvent), k.name(g, vg, place)+fmt.Sprintf(" %d", year), fmt.Sprintf("%d-%02d", year, month), start)
	slug := g.names.slug(string(ecosystem.NodeEvent), name)
	gid := "Event:" + slug
	src := g.article("Relacja: "+name, org, start)
	themes := g.themes(g.between(1, 3))
	decl := seed.Event{Common: seed.Common{ID: slug, Name: name, Cite: cite(src, "¶1")}, Kind: string(k.kind), Status: "HELD",
		Start: start, End: end, Themes: themes}
	if year >= 2025 {
		decl.Status = "PLANNED"
	}
	attend := g.between(k.minAttend, k.maxAttend)
	decl.Participants = &attend
	g.doc.Events = append(g.doc.Events, decl)
	g.rel(ecosystem.RelOrganised, org.gid, gid, cite(src, "¶1"))
	if g.r.IntN(4) == 0 {
		if co := g.pickOrg(vg.orgs, organisers...); co != nil {
			g.rel(ecosystem.RelOrganised, co.gid, gid, cite(src, "¶1"))
		}
	}
	if k.kind != ecosystem.EventStudyVisit {
		g.rel(ecosystem.RelHeldIn, gid, place.gid, cite(src, "¶1"))
		if g.r.IntN(3) == 0 {
			if venue := g.pickOrg(pg.orgs); venue != nil {
				g.rel(ecosystem.RelProvidedVenue, venue.gid, gid, cite(src, "¶1"))
			}
		}
	}
	if len(g.projectIDs) > 0 && (k.kind == ecosystem.EventStudyVisit && g.r.IntN(10) < 6 || g.r.IntN(5) == 0) {
		if p := g.projectIn(vg); p != "" {
			g.rel(ecosystem.RelPartOf, gid, p, cite(src, "¶2"))
		}
	} else if g.r.IntN(4) == 0 {
		g.rel(ecosystem.RelFundedBy, gid, vg.rpo, cite(src, "¶2"))
	}
	para := 3
	if k.kind == ecosystem.EventStudyVisit {
		g.sessions(vg, gid, name, src, start, themes)
	} else {
		for range g.r.IntN(3) {
			if len(g.pracs) > 0 {
				g.rel(ecosystem.RelShowcased, gid, pick(g.r, g.pracs).gid, cite(src, fmt.Sprintf("¶%d", para)))
			}
		}
		for range g.r.IntN(3) {
			if o := g.pickOrg(vg.orgs, ecosystem.KindWTZ, ecosystem.KindSocialCooperative, ecosystem.KindOPS, ecosystem.KindAssociation); o != nil {
				g.rel(ecosystem.RelFeaturedAt, o.gid, gid, cite(src, fmt.Sprintf("¶%d", para)))
			}
		}
	}
	for i := range k.speakers {
		if len(vg.people) == 0 {
			break
		}
		g.rel(ecosystem.RelSpokeAt, pick(g.r, vg.people), gid, cite(src, fmt.Sprintf("¶%d", para+1+i)), topic("Wystąpienie: "+pick(g.r, practiceTopic)))
	}
	if k.speakers > 2 && len(vg.people) > 0 {
		g.rel(ecosystem.RelModerated, pick(g.r, vg.people), gid, cite(src, "¶3"))
	}
	// Attendees: people and organisations, mostly from the region.
	for range attend {
		var who string
		switch x := g.r.IntN(10); {
		case x < 6 && len(vg.people) > 0:
			who = pick(g.r, vg.people)
		case x < 9:
			who = pick(g.r, vg.orgs).gid
		default:
			who = pick(g.r, g.allOrgs).gid
		}
		g.rel(ecosystem.RelAttended, who, gid, cite(src, "lista obecności"))
	}
}

// projectIn picks a project of the voivodeship (a few tries), or "".
func (g *gen) projectIn(vg *voivGen) string {
	for range 6 {
		p := pick(g.r, g.projectIDs)
		if p.voiv == vg {
			return p.gid
		}
	}
	return ""
}

// sessions adds the 3–10 stops of a study visit, each in another city, at home or abroad, with
// its hosts and the practices they showed.
func (g *gen) sessions(vg *voivGen, visit, visitName, src, start string, themes []string) {
	n := g.between(3, 10)
	for i := range n {
		var place string
		var hosts []*orgGen
		if g.r.IntN(10) < 3 && len(g.abroad) > 0 {
			c := pick(g.r, g.abroad)
			place = c.gid
			if len(c.orgs) > 0 {
				hosts = append(hosts, pick(g.r, c.orgs))
			}
		} else {
			other := pick(g.r, g.voivs)
			pg := pick(g.r, other.powiats)
			gg := pick(g.r, pg.gminas)
			place = gg.locality.gid
			if len(gg.orgs) > 0 {
				hosts = append(hosts, pick(g.r, gg.orgs))
				if g.r.IntN(3) == 0 {
					hosts = append(hosts, pick(g.r, gg.orgs))
				}
			}
		}
		name := g.names.unique(string(ecosystem.NodeEvent), fmt.Sprintf("%s – wizyta %d", visitName, i+1))
		slug := g.names.slug(string(ecosystem.NodeEvent), name)
		gid := "Event:" + slug
		decl := seed.Event{Common: seed.Common{ID: slug, Name: name, Cite: cite(src, fmt.Sprintf("¶%d", 3+i))}, Kind: string(ecosystem.EventSession), Status: "HELD", Themes: themes}
		if g.r.IntN(2) == 0 {
			decl.Start = start
		}
		g.doc.Events = append(g.doc.Events, decl)
		loc := cite(src, fmt.Sprintf("¶%d", 3+i))
		g.rel(ecosystem.RelPartOf, gid, visit, loc)
		g.rel(ecosystem.RelHeldIn, gid, place, loc)
		for _, h := range hosts {
			g.rel(ecosystem.RelHosted, h.gid, gid, loc, topic(pick(g.r, practiceTopic)))
			switch {
			case len(h.practices) > 0:
				g.rel(ecosystem.RelShowcased, gid, pick(g.r, h.practices).gid, loc)
			case len(g.pracs) > 0 && g.r.IntN(5) < 2:
				p := pick(g.r, g.pracs)
				if g.rel(ecosystem.RelPractises, h.gid, p.gid, loc) {
					h.practices = append(h.practices, p)
				}
				g.rel(ecosystem.RelShowcased, gid, p.gid, loc)
			}
		}
	}
}
