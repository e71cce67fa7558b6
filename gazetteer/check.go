package gazetteer

import (
	"fmt"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
)

// Poland's extent, with a margin of a few kilometres: a point outside it is not in Poland.
const (
	minLat, maxLat = 48.95, 54.95
	minLon, maxLon = 14.05, 24.2
)

// InPoland reports whether a point lies within Poland's extent.
func InPoland(p ecosystem.GeoPoint) bool {
	return p.Lat >= minLat && p.Lat <= maxLat && p.Lon >= minLon && p.Lon <= maxLon
}

// UnitNames are the names a record gives with a TERYT code, each optional.
type UnitNames struct {
	Gmina, Powiat, Voivodeship string
}

// CheckCode checks a TERC code: it must have the shape of one (2, 4 or 7 digits), exist, and
// agree with the names given with it. The error says what is wrong in words an editor can act
// on. Without TERC loaded, 7-digit codes are checked for their powiat and voivodeship only.
func (g *Gazetteer) CheckCode(code string, names UnitNames) (*Place, error) {
	if !digits(code, 2) && !digits(code, 4) && !digits(code, 7) {
		return nil, fmt.Errorf("TERYT code %q is not 2, 4 or 7 digits", code)
	}
	v, ok := g.byCode[code[:2]]
	if !ok {
		return nil, fmt.Errorf("TERYT code %s: there is no voivodeship %s", code, code[:2])
	}
	if names.Voivodeship != "" {
		if got, ok := geo.ResolveVoivodeship(names.Voivodeship); !ok || got.Code != v.VoivodeshipCode {
			return nil, fmt.Errorf("TERYT code %s is in %s, not %s", code, v.Name, names.Voivodeship)
		}
	}
	if len(code) == 2 {
		return v, nil
	}
	pw, ok := g.byCode[code[:4]]
	if !ok {
		return nil, fmt.Errorf("TERYT code %s: there is no powiat %s in %s", code, code[:4], v.Name)
	}
	if names.Powiat != "" && nameKey(names.Powiat) != nameKey(pw.Name) && nameKey(trimUnitWord(names.Powiat)) != nameKey(pw.Name) {
		return nil, fmt.Errorf("TERYT code %s is in %s, not in powiat %s", code, g.Label(pw), names.Powiat)
	}
	if len(code) == 4 {
		return pw, nil
	}
	if !g.terc {
		return pw, nil
	}
	gm, ok := g.byCode[code]
	if !ok {
		return nil, fmt.Errorf("TERYT code %s does not exist: powiat %s has no gmina %s of kind %s", code, pw.Name, code[4:6], code[6:])
	}
	if names.Gmina != "" && nameKey(names.Gmina) != nameKey(gm.Name) && nameKey(trimUnitWord(names.Gmina)) != nameKey(gm.Name) {
		return nil, fmt.Errorf("TERYT code %s is %s, not %s", code, g.Label(gm), names.Gmina)
	}
	return gm, nil
}

func trimUnitWord(s string) string {
	ws := words(s)
	for len(ws) > 1 && (ws[0] == "powiat" || ws[0] == "gmina" || ws[0] == "m" || ws[0] == "miasto") {
		ws = ws[1:]
	}
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += " "
		}
		out += w
	}
	return out
}

// maxDistanceKm is how far a point may lie from the point of the unit it is said to be in.
func maxDistanceKm(k Kind) float64 {
	switch k {
	case Voivodeship:
		return 250
	case Powiat, CityPowiat:
		return 60
	}
	return 35
}

// CheckPoint checks that a point lies in Poland and, when a unit is given, near it.
func (g *Gazetteer) CheckPoint(p ecosystem.GeoPoint, unit *Place) error {
	if !InPoland(p) {
		if InPoland(ecosystem.GeoPoint{Lat: p.Lon, Lon: p.Lat}) {
			return fmt.Errorf("point %.5f, %.5f lies outside Poland; latitude and longitude look swapped", p.Lat, p.Lon)
		}
		return fmt.Errorf("point %.5f, %.5f lies outside Poland", p.Lat, p.Lon)
	}
	if unit != nil && unit.Point != nil {
		if d := geo.DistanceKm(p, *unit.Point); d > maxDistanceKm(unit.Kind) {
			return fmt.Errorf("point %.5f, %.5f lies %.0f km from %s", p.Lat, p.Lon, d, g.Label(unit))
		}
	}
	return nil
}

// FieldProblem is a problem with one field.
type FieldProblem struct{ Field, Message string }

// CheckPlace checks a Polish place of the graph: a TERYT code must exist (7-digit codes only
// when TERC is loaded) and a point must lie in Poland and, with a code, near its unit. Places
// abroad are not checked. Each problem names the field.
func (g *Gazetteer) CheckPlace(p *ecosystem.Place) []FieldProblem {
	var out []FieldProblem
	if p.Country != "PL" {
		return out
	}
	var unit *Place
	if p.TERC != "" {
		u, err := g.CheckCode(p.TERC, UnitNames{})
		if err != nil {
			out = append(out, FieldProblem{"terc", err.Error()})
		} else if len(p.TERC) == len(u.Code) {
			unit = u
		}
	}
	// A point out of range is the store's own check to report.
	if p.Point != nil && p.Point.Lat >= -90 && p.Point.Lat <= 90 && p.Point.Lon >= -180 && p.Point.Lon <= 180 {
		if err := g.CheckPoint(*p.Point, unit); err != nil {
			out = append(out, FieldProblem{"lat", err.Error()})
		}
	}
	return out
}
