// Package geo holds the geography both store backends share: Poland's 16 voivodeships with their
// TERYT codes and the great-circle distance used to rank hosts.
package geo

import (
	"math"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
)

// Voivodeship is one of Poland's 16 regions. Slug is the id of its Place node.
type Voivodeship struct {
	Code string // TERYT code, 02..32
	Slug string
	Name string
}

// Voivodeships lists the 16 voivodeships in TERYT order (GUS; ../shared/data/voivodeships.csv).
var Voivodeships = []Voivodeship{
	{"02", "dolnoslaskie", "dolnośląskie"},
	{"04", "kujawsko-pomorskie", "kujawsko-pomorskie"},
	{"06", "lubelskie", "lubelskie"},
	{"08", "lubuskie", "lubuskie"},
	{"10", "lodzkie", "łódzkie"},
	{"12", "malopolskie", "małopolskie"},
	{"14", "mazowieckie", "mazowieckie"},
	{"16", "opolskie", "opolskie"},
	{"18", "podkarpackie", "podkarpackie"},
	{"20", "podlaskie", "podlaskie"},
	{"22", "pomorskie", "pomorskie"},
	{"24", "slaskie", "śląskie"},
	{"26", "swietokrzyskie", "świętokrzyskie"},
	{"28", "warminsko-mazurskie", "warmińsko-mazurskie"},
	{"30", "wielkopolskie", "wielkopolskie"},
	{"32", "zachodniopomorskie", "zachodniopomorskie"},
}

// ResolveVoivodeship accepts a TERYT code ("22"), a name in any case with or without diacritics
// or the word "województwo" ("Pomorskie", "wojewodztwo pomorskie"), a slug, or a global id
// ("Place:pomorskie"), and returns the voivodeship.
func ResolveVoivodeship(s string) (Voivodeship, bool) {
	s = strings.TrimSpace(s)
	if k, err := ecosystem.ParseGlobalID(s); err == nil && k.Type == ecosystem.NodePlace {
		s = k.Slug
	}
	folded := polish.Fold(s)
	folded = strings.TrimPrefix(folded, "wojewodztwo ")
	folded = strings.ReplaceAll(folded, " ", "-")
	for _, v := range Voivodeships {
		if s == v.Code || folded == v.Slug {
			return v, true
		}
	}
	return Voivodeship{}, false
}

// VoivodeshipBySlug returns the voivodeship whose Place slug is slug.
func VoivodeshipBySlug(slug string) (Voivodeship, bool) {
	for _, v := range Voivodeships {
		if v.Slug == slug {
			return v, true
		}
	}
	return Voivodeship{}, false
}

// earthRadiusKm is the mean Earth radius (IUGG).
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance between two points in kilometres, rounded
// to 0.1 km so that every backend reports the same figure.
func DistanceKm(a, b ecosystem.GeoPoint) float64 {
	rad := math.Pi / 180
	dLat := (b.Lat - a.Lat) * rad
	dLon := (b.Lon - a.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	d := 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
	return math.Round(d*10) / 10
}
