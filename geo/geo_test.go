package geo

import (
	"math"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
)

func TestDistanceKm(t *testing.T) {
	gdynia := ecosystem.GeoPoint{Lat: 54.51889, Lon: 18.53188}
	gdansk := ecosystem.GeoPoint{Lat: 54.35227, Lon: 18.64912}
	szczecin := ecosystem.GeoPoint{Lat: 53.42894, Lon: 14.55302}
	if d := DistanceKm(gdynia, gdansk); math.Abs(d-20) > 1.5 {
		t.Errorf("Gdynia–Gdańsk = %v km, want about 20", d)
	}
	if d := DistanceKm(szczecin, gdansk); math.Abs(d-287) > 3 {
		t.Errorf("Szczecin–Gdańsk = %v km, want about 287", d)
	}
	if d := DistanceKm(gdansk, gdansk); d != 0 {
		t.Errorf("distance to itself = %v", d)
	}
	if DistanceKm(gdynia, szczecin) != DistanceKm(szczecin, gdynia) {
		t.Error("distance is not symmetric")
	}
}

func TestResolveVoivodeship(t *testing.T) {
	for in, want := range map[string]string{
		"22": "pomorskie", "pomorskie": "pomorskie", "Pomorskie": "pomorskie",
		"województwo warmińsko-mazurskie": "warminsko-mazurskie", "warminsko mazurskie": "warminsko-mazurskie",
		"Place:slaskie": "slaskie", "Śląskie": "slaskie", "łódzkie": "lodzkie",
	} {
		v, ok := ResolveVoivodeship(in)
		if !ok || v.Slug != want {
			t.Errorf("ResolveVoivodeship(%q) = %v, %v; want %s", in, v, ok, want)
		}
	}
	for _, bad := range []string{"23", "", "Gdańsk", "Place:gdansk"} {
		if _, ok := ResolveVoivodeship(bad); ok {
			t.Errorf("ResolveVoivodeship(%q) accepted", bad)
		}
	}
	if len(Voivodeships) != 16 {
		t.Errorf("%d voivodeships", len(Voivodeships))
	}
}
