package register

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/match"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// Problem is what is wrong with one field of one row. A row whose institution cannot be
// placed or named is skipped; a bad optional value (a postcode, an e-mail, a point) is left out
// and the row imported without it.
type Problem struct {
	// Row counts the data rows from 1; Line is the file's line (or XLSX row) it starts on.
	Row, Line int
	Field     string
	Value     string
	Message   string
	// Outcome is what became of the row: "row skipped", "value left out", or "read as said".
	Outcome string
}

// The outcomes of a problem.
const (
	RowSkipped   = "row skipped"
	ValueLeftOut = "value left out"
	ReadAsSaid   = "read as said"
)

func (p Problem) String() string {
	what := p.Outcome
	v := p.Value
	if len([]rune(v)) > 60 {
		v = string([]rune(v)[:60]) + "…"
	}
	return fmt.Sprintf("row %d (line %d), %s %q: %s (%s)", p.Row, p.Line, p.Field, v, p.Message, what)
}

// Ambiguity is a row that several stored organisations could be: it is not imported, so that a
// person decides (merge, or import with an identifier).
type Ambiguity struct {
	Row, Line  int
	Name       string
	Candidates []string
}

// Report says what a register's rows became.
type Report struct {
	Rows, New, Matched, Skipped int
	Problems                    []Problem
	Ambiguous                   []Ambiguity
	// Encoding and Delimiter say how the file was read.
	Encoding  string
	Delimiter string
}

// Planner turns a register's rows into a seed-format document.
type Planner struct {
	Store     store.Store
	Gazetteer *gazetteer.Gazetteer
	Mapping   *Mapping
	// places caches the graph's Place slug for a unit's code ("" when the graph has none).
	places map[string]string
}

// Plan reads every row: it places the institution in the gazetteer, checks its values, matches
// it against the graph, and declares it (with its seat, and the places on the way up to the
// voivodeship that the graph lacks) in a document whose every fact cites the register row.
func (p *Planner) Plan(ctx context.Context, t *Table) (*seed.Document, *Report, error) {
	m := p.Mapping
	p.places = map[string]string{}
	rep := &Report{Rows: len(t.Rows), Encoding: t.Encoding, Delimiter: string(t.Delimiter)}
	col := map[string]int{}
	for field, name := range m.columnFields() {
		if name == "" {
			continue
		}
		i := t.Column(name)
		if i < 0 {
			return nil, nil, fmt.Errorf("the mapping names column %q for %s, but the header has no such column (it has %s)", name, field, strings.Join(t.Header, ", "))
		}
		col[field] = i
	}
	retrieved := ""
	if m.Source.Retrieved != "" {
		retrieved = "Retrieved " + m.Source.Retrieved + "."
	}
	doc := &seed.Document{Sources: []seed.SourceDoc{{ID: m.Source.ID, Title: m.Source.Title, Kind: string(ecosystem.SourceRegistry),
		Publisher: m.Source.Publisher, PublisherName: m.Source.PublisherName, Published: m.Source.Published, URL: m.Source.URL,
		Language: m.Source.Language, Description: retrieved}}}
	declaredPlaces := map[string]bool{}
	usedSlugs := map[string]int{}
	// Rows are read and checked in order (their problems are reported in order), matched
	// side by side (each match is a few store reads), then declared in order again.
	type pending struct {
		r    rowReader
		cite []seed.Cite
		org  seed.Organisation
		unit *gazetteer.Place
		q    match.Query
	}
	var rows []*pending
	for i, row := range t.Rows {
		r := rowReader{row: row, col: col, n: i + 1, line: t.Lines[i], rep: rep}
		if r.empty() {
			rep.Rows--
			continue
		}
		cite := []seed.Cite{{Source: m.Source.ID, Locator: fmt.Sprintf("row %d", r.n)}}
		if u := r.get("rowSource"); u != "" {
			cite[0].Note = "The register row cites " + clip(u, 200) + "."
		}
		org, unit, ok := p.organisation(&r, cite)
		if !ok {
			rep.Skipped++
			continue
		}
		q := match.Query{Name: org.Name, Kind: ecosystem.OrganisationKind(org.Kind), TERC: unit.Code, Point: unit.Point}
		if lat, lon := r.get("lat"), r.get("lon"); lat != "" || lon != "" {
			if pt, ok := p.point(&r, lat, lon, unit); ok {
				q.Point = pt
			}
		}
		for _, id := range org.Identifiers {
			q.Identifiers = append(q.Identifiers, ecosystem.Identifier{Scheme: id.Scheme, Value: id.Value})
		}
		rows = append(rows, &pending{r: r, cite: cite, org: org, unit: unit, q: q})
	}
	matched := make([][]match.Candidate, len(rows))
	if err := parallel(ctx, len(rows), func(i int) error {
		cands, err := match.Match(ctx, p.Store, rows[i].q, 5)
		if err != nil {
			return fmt.Errorf("row %d: %w", rows[i].r.n, err)
		}
		matched[i] = cands
		return nil
	}); err != nil {
		return nil, nil, err
	}
	for i, pr := range rows {
		r, cite, org, unit, cands := &pr.r, pr.cite, pr.org, pr.unit, matched[i]
		decision, best := match.Decide(cands)
		switch decision {
		case match.Same:
			org.ID = best.Organisation.Slug
			rep.Matched++
		case match.Ambiguous:
			a := Ambiguity{Row: r.n, Line: r.line, Name: org.Name}
			for _, c := range cands {
				a.Candidates = append(a.Candidates, fmt.Sprintf("%s (%.2f)", c.Organisation.Key(), c.Score))
			}
			rep.Ambiguous = append(rep.Ambiguous, a)
			rep.Skipped++
			continue
		default:
			org.ID = slug(org.Name, 50) + "-" + strings.ToLower(unitSuffix(unit))
			rep.New++
		}
		if first, ok := usedSlugs[org.ID]; ok {
			r.problem("name", org.Name, fmt.Sprintf("the same institution as row %d", first), true)
			rep.Skipped++
			if decision == match.Same {
				rep.Matched--
			} else {
				rep.New--
			}
			continue
		}
		usedSlugs[org.ID] = r.n
		seat, places, rels, err := p.placeChain(ctx, unit, cite, declaredPlaces)
		if err != nil {
			return nil, nil, err
		}
		doc.Places = append(doc.Places, places...)
		doc.Relations = append(doc.Relations, rels...)
		doc.Relations = append(doc.Relations, seed.Relation{Type: string(ecosystem.RelLocatedIn), From: "Organisation:" + org.ID, To: "Place:" + seat, Cite: cite})
		doc.Organisations = append(doc.Organisations, org)
	}
	return doc, rep, nil
}

// parallel runs f for 0..n-1 on as many goroutines as there are processors, and returns the
// first error.
func parallel(ctx context.Context, n int, f func(i int) error) error {
	var wg sync.WaitGroup
	var next atomic.Int64
	errs := make(chan error, 1)
	for range max(1, min(runtime.GOMAXPROCS(0), n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := f(i); err != nil {
					select {
					case errs <- err:
					default:
					}
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return ctx.Err()
	}
}

// columnFields maps the mapping's fields to their columns.
func (m *Mapping) columnFields() map[string]string {
	c := m.Columns
	out := map[string]string{"name": c.Name, "kind": c.Kind, "voivodeship": c.Voivodeship, "powiat": c.Powiat, "gmina": c.Gmina,
		"terc": c.TERC, "locality": c.Locality, "address": c.Address, "street": c.Street, "number": c.Number, "postcode": c.Postcode,
		"phone": c.Phone, "email": c.Email, "website": c.Website, "openingHours": c.OpeningHours, "lat": c.Lat, "lon": c.Lon, "rowSource": c.RowSource}
	for scheme, name := range c.Identifiers {
		out["identifier:"+scheme] = name
	}
	return out
}

// rowReader reads the mapped fields of one row and records its problems.
type rowReader struct {
	row     []string
	col     map[string]int
	n, line int
	rep     *Report
}

func (r *rowReader) get(field string) string {
	i, ok := r.col[field]
	if !ok || i >= len(r.row) {
		return ""
	}
	return strings.Join(strings.Fields(r.row[i]), " ")
}

func (r *rowReader) empty() bool {
	for _, c := range r.row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func (r *rowReader) problem(field, value, message string, skipped bool) {
	outcome := ValueLeftOut
	if skipped {
		outcome = RowSkipped
	}
	r.rep.Problems = append(r.rep.Problems, Problem{Row: r.n, Line: r.line, Field: field, Value: value, Message: message, Outcome: outcome})
}

func (r *rowReader) readAs(field, value, message string) {
	r.rep.Problems = append(r.rep.Problems, Problem{Row: r.n, Line: r.line, Field: field, Value: value, Message: message, Outcome: ReadAsSaid})
}

var (
	streetNumber = regexp.MustCompile(`^(.*?)[ ,]+(\d+[A-Za-z]?(?:\s*[/-]\s*\d+[A-Za-z]?)?)$`)
	domainLike   = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$`)
)

// organisation builds the declaration of a row's institution and the unit it is in; false
// when the row cannot be imported (its problems recorded).
func (p *Planner) organisation(r *rowReader, cite []seed.Cite) (seed.Organisation, *gazetteer.Place, bool) {
	m := p.Mapping
	name := r.get("name")
	if name == "" {
		r.problem("name", "", "the institution has no name", true)
		return seed.Organisation{}, nil, false
	}
	kind := m.DefaultKind
	if v := r.get("kind"); v != "" {
		if k, ok := lookupFold(m.Kinds, v); ok {
			kind = k
		} else if ecosystem.OrganisationKind(strings.ToUpper(v)).IsValid() {
			kind = strings.ToUpper(v)
		} else if kind == "" {
			r.problem("kind", v, "the register's type is not in the mapping's kinds", true)
			return seed.Organisation{}, nil, false
		}
	}
	unit, ok := p.unit(r)
	if !ok {
		return seed.Organisation{}, nil, false
	}
	o := seed.Organisation{Common: seed.Common{Name: name, Cite: cite}, Kind: kind, Country: "PL"}
	for scheme := range m.Columns.Identifiers {
		v := r.get("identifier:" + scheme)
		if v == "" {
			continue
		}
		sc, val, err := ecosystem.NormaliseIdentifier(scheme, v)
		if err != nil {
			r.problem("identifier "+scheme, v, err.Error(), false)
			continue
		}
		o.Identifiers = append(o.Identifiers, seed.IdentifierDoc{Scheme: sc, Value: val})
	}
	addr := seed.AddressDoc{Street: r.get("street"), Number: r.get("number"), Postcode: r.get("postcode"), Locality: r.get("locality")}
	if a := r.get("address"); a != "" && addr.Street == "" {
		if parts := streetNumber.FindStringSubmatch(a); parts != nil {
			addr.Street, addr.Number = parts[1], strings.ReplaceAll(parts[2], " ", "")
		} else {
			addr.Street = a
		}
	}
	if addr.Postcode != "" {
		if err := ecosystem.CheckPostcode(addr.Postcode); err != nil {
			r.problem("postcode", addr.Postcode, err.Error(), false)
			addr.Postcode = ""
		}
	}
	if addr.Street != "" || addr.Number != "" || addr.Postcode != "" || addr.Locality != "" {
		o.Address = &addr
	}
	if v := r.get("phone"); v != "" {
		o.Phones = []seed.ContactDoc{{Value: clip(v, 300)}}
	}
	if v := r.get("email"); v != "" {
		for _, e := range strings.FieldsFunc(v, func(c rune) bool { return c == ',' || c == ';' || c == ' ' }) {
			if err := ecosystem.CheckEmail(e); err != nil {
				r.problem("email", e, err.Error(), false)
				continue
			}
			o.Emails = append(o.Emails, seed.ContactDoc{Value: e})
		}
	}
	if v := r.get("openingHours"); v != "" {
		o.OpeningHours = []seed.ContactDoc{{Value: clip(v, 300)}}
	}
	if v := r.get("website"); v != "" {
		switch {
		case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://"):
			o.Website = v
		case domainLike.MatchString(strings.ToLower(v)):
			o.Website = "https://" + v
		default:
			r.problem("website", v, "not a web address", false)
		}
	}
	return o, unit, true
}

func lookupFold(m map[string]string, key string) (string, bool) {
	for k, v := range m {
		if strings.EqualFold(strings.TrimSpace(k), strings.TrimSpace(key)) {
			return v, true
		}
	}
	return "", false
}

// unit places a row: its TERYT code checked against its names, or its gmina (else locality)
// named with its powiat and voivodeship, resolved in the gazetteer.
func (p *Planner) unit(r *rowReader) (*gazetteer.Place, bool) {
	g := p.Gazetteer
	voiv := r.get("voivodeship")
	if voiv == "" {
		voiv = p.Mapping.Voivodeship
	}
	powiat, gmina, locality := r.get("powiat"), r.get("gmina"), r.get("locality")
	if code := r.get("terc"); code != "" {
		u, err := g.CheckCode(code, gazetteer.UnitNames{Gmina: gmina, Powiat: powiat, Voivodeship: voiv})
		if err != nil {
			r.problem("terc", code, err.Error(), true)
			return nil, false
		}
		return cityGmina(g, u), true
	}
	var qualifier []string
	if powiat != "" {
		qualifier = append(qualifier, powiat)
	}
	if voiv != "" {
		if v, ok := geo.ResolveVoivodeship(voiv); ok {
			qualifier = append(qualifier, v.Name)
		} else {
			r.problem("voivodeship", voiv, "not a voivodeship", true)
			return nil, false
		}
	}
	text := gmina
	field := "gmina"
	kinds := []gazetteer.Kind{gazetteer.UrbanGmina, gazetteer.RuralGmina, gazetteer.UrbanRuralGmina, gazetteer.CityPowiat}
	if !g.HasTERC() || gmina == "" {
		// Without TERC the gazetteer knows localities and cities with powiat rights.
		text, field = firstOf(gmina, locality), "locality"
		if gmina != "" {
			field = "gmina"
		}
		kinds = []gazetteer.Kind{gazetteer.Locality, gazetteer.CityPowiat}
	}
	if text == "" {
		r.problem("gmina", "", "the row names no gmina or locality", true)
		return nil, false
	}
	name := firstOf(gmina, locality)
	suffix := ""
	if len(qualifier) > 0 {
		suffix = ", " + strings.Join(qualifier, ", ")
	}
	text += suffix
	u, err := g.Resolve(gazetteer.Query{Text: text, Kinds: kinds})
	if err != nil {
		// Registers cut or pad names ("Żarki Miejsko" for the urban-rural gmina Żarki,
		// "Buczkowice Gmina Buczkowice-"): the longest run of the first words that is a unit,
		// reported as read.
		words := strings.Fields(name)
		for n := len(words) - 1; n >= 1 && err != nil; n-- {
			shorter := strings.Join(words[:n], " ")
			if v, e := g.Resolve(gazetteer.Query{Text: shorter + suffix, Kinds: kinds}); e == nil {
				r.readAs(field, name, fmt.Sprintf("not a unit's name; read as %s", g.Label(v)))
				u, err = v, nil
			}
		}
	}
	if err != nil {
		var amb *gazetteer.AmbiguousError
		msg := "no such unit in the gazetteer"
		if errors.As(err, &amb) {
			msg = "several units fit: " + strings.Join(amb.Candidates, "; ")
		}
		r.problem(field, text, msg, true)
		return nil, false
	}
	return cityGmina(g, u), true
}

// cityGmina stands a city with powiat rights for its urban gmina (code WWPP011), which is
// where the city's institutions are: the place the graph holds for the city carries that code.
func cityGmina(g *gazetteer.Gazetteer, u *gazetteer.Place) *gazetteer.Place {
	if u.Kind != gazetteer.CityPowiat {
		return u
	}
	if gm, ok := g.ByCode(u.Code + "011"); ok {
		return gm
	}
	c := *u
	c.Code, c.Kind = u.Code+"011", gazetteer.UrbanGmina
	return &c
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// point reads a row's coordinates and checks that they lie in Poland and near its unit.
func (p *Planner) point(r *rowReader, lat, lon string, unit *gazetteer.Place) (*ecosystem.GeoPoint, bool) {
	la, err1 := strconv.ParseFloat(strings.ReplaceAll(lat, ",", "."), 64)
	lo, err2 := strconv.ParseFloat(strings.ReplaceAll(lon, ",", "."), 64)
	if err1 != nil || err2 != nil {
		r.problem("lat/lon", lat+", "+lon, "not two numbers", false)
		return nil, false
	}
	pt := ecosystem.GeoPoint{Lat: la, Lon: lo}
	if err := p.Gazetteer.CheckPoint(pt, unit); err != nil {
		r.problem("lat/lon", lat+", "+lon, err.Error(), false)
		return nil, false
	}
	return &pt, true
}

// unitSuffix is the part of a new slug that tells homonyms apart: the unit's TERYT code.
func unitSuffix(u *gazetteer.Place) string {
	if u.Code != "" {
		return u.Code
	}
	return u.PowiatCode
}

// placeChain returns the slug of the graph Place for a unit, declaring it and the units above
// it (powiat, then the voivodeship's existing node) when the graph lacks them.
func (p *Planner) placeChain(ctx context.Context, u *gazetteer.Place, cite []seed.Cite, declared map[string]bool) (string, []seed.Place, []seed.Relation, error) {
	var places []seed.Place
	var rels []seed.Relation
	g := p.Gazetteer
	var chain []*gazetteer.Place // the unit, then the units above it up to the powiat
	chain = append(chain, u)
	if u.Kind != gazetteer.CityPowiat && u.Kind != gazetteer.Powiat && u.Kind != gazetteer.Voivodeship {
		if pw, ok := g.ByCode(u.PowiatCode); ok && pw.Kind == gazetteer.Powiat {
			chain = append(chain, pw)
		}
	}
	slugs := make([]string, len(chain))
	for i, unit := range chain {
		s, found, err := p.graphPlace(ctx, unit)
		if err != nil {
			return "", nil, nil, err
		}
		slugs[i] = s
		if found || declared[s] {
			// The graph (or this import) has it, and what is above it.
			if i > 0 {
				rels = append(rels, seed.Relation{Type: string(ecosystem.RelWithin), From: "Place:" + slugs[i-1], To: "Place:" + s, Cite: cite})
			}
			return slugs[0], places, rels, nil
		}
		declared[s] = true
		pl := seed.Place{Common: seed.Common{ID: s, Name: unit.Name, Cite: cite}, Kind: p.placeKind(unit), Country: "PL", TERC: unit.Code}
		if unit.Point != nil {
			lat, lon := unit.Point.Lat, unit.Point.Lon
			pl.Lat, pl.Lon = &lat, &lon
		}
		places = append(places, pl)
		if i > 0 {
			rels = append(rels, seed.Relation{Type: string(ecosystem.RelWithin), From: "Place:" + slugs[i-1], To: "Place:" + s, Cite: cite})
		}
	}
	// The top of the chain is within its voivodeship, which the seed holds.
	top := chain[len(chain)-1]
	if v, ok := geo.ResolveVoivodeship(top.VoivodeshipCode); ok {
		rels = append(rels, seed.Relation{Type: string(ecosystem.RelWithin), From: "Place:" + slugs[len(slugs)-1], To: "Place:" + v.Slug, Cite: cite})
	}
	return slugs[0], places, rels, nil
}

func (p *Planner) placeKind(u *gazetteer.Place) string {
	if pw, ok := p.Gazetteer.ByCode(u.PowiatCode); ok && pw.Kind == gazetteer.CityPowiat && u.Kind.IsGmina() {
		return string(ecosystem.PlaceCity)
	}
	switch u.Kind {
	case gazetteer.CityPowiat:
		return string(ecosystem.PlaceCity)
	case gazetteer.Powiat:
		return string(ecosystem.PlacePowiat)
	case gazetteer.Locality:
		return string(ecosystem.PlaceTown)
	case gazetteer.Voivodeship:
		return string(ecosystem.PlaceVoivodeship)
	}
	return string(ecosystem.PlaceGmina)
}

// graphPlace finds the graph's Place for a unit: one with its TERYT code (for a city with
// powiat rights, also its gmina's code) among the places of its name; else the slug a new one
// gets.
func (p *Planner) graphPlace(ctx context.Context, u *gazetteer.Place) (string, bool, error) {
	key := u.Code + "|" + u.Name
	if s, ok := p.places[key]; ok {
		if rest, isNew := strings.CutPrefix(s, "new:"); isNew {
			return rest, false, nil
		}
		return s, true, nil
	}
	hits, err := p.Store.Search(ctx, store.SearchQuery{Text: u.Name, Types: []ecosystem.NodeType{ecosystem.NodePlace}, Limit: 20})
	if err != nil && !errors.Is(err, store.ErrInvalid) {
		return "", false, err
	}
	keys := make([]ecosystem.NodeKey, len(hits))
	for i, h := range hits {
		keys[i] = h.Node
	}
	nodes, err := p.Store.Nodes(ctx, keys)
	if err != nil {
		return "", false, err
	}
	for _, n := range nodes {
		pl, ok := n.(*ecosystem.Place)
		if !ok || pl.TERC == "" || u.Code == "" {
			continue
		}
		if pl.TERC == u.Code || (u.Kind == gazetteer.CityPowiat && strings.HasPrefix(pl.TERC, u.Code) && len(pl.TERC) == 7 && pl.TERC[4:6] == "01") ||
			(len(pl.TERC) == 7 && len(u.Code) == 7 && pl.TERC[:6] == u.Code[:6] && u.Kind.IsGmina()) {
			p.places[key] = pl.Slug
			return pl.Slug, true, nil
		}
	}
	s := slug(u.Name, 40) + "-" + unitSuffix(u)
	if u.Kind == gazetteer.Powiat {
		s = "powiat-" + s
	}
	p.places[key] = "new:" + s
	return s, false, nil
}

// slug folds a name into a readable slug of at most max characters.
func slug(name string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range polish.Fold(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if len(s) > max {
		s = strings.TrimRight(s[:max], "-")
	}
	if s == "" {
		s = "x"
	}
	return s
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
