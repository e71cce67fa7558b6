package main

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestNearAnyPolishTown: the visit planner's near.place takes any Polish town or gmina seat the
// gazetteer knows, in any grammatical case, not only the places of the graph; hosts come back
// ordered by distance from it. Homonyms and unknown names get clear errors.
func TestNearAnyPolishTown(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { nearAnyPolishTown(t, testServer(t, b.store)) })
	}
}

func nearAnyPolishTown(t *testing.T, srv *httptest.Server) {
	distances := map[string]map[string]float64{} // place → host → km
	for _, place := range []string{"Kraków", "w Krakowie", "Warszawa", "Koszalin", "Nowy Targ", "Police", "Stargard", "w Nowym Sączu"} {
		_, resp, raw := post(t, srv, `query($p: ID!) { hosts(themes: [SUPPORTED_HOUSING], near: { place: $p, radiusKm: 800 }, first: 5) { nodes { distanceKm organisation { id } } } }`, map[string]any{"p": place})
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: %s", place, raw)
		}
		var conn struct {
			Hosts struct {
				Nodes []struct {
					DistanceKm   *float64            `json:"distanceKm"`
					Organisation struct{ ID string } `json:"organisation"`
				} `json:"nodes"`
			} `json:"hosts"`
		}
		if err := json.Unmarshal(resp.Data, &conn); err != nil {
			t.Fatal(err)
		}
		out := struct {
			Hosts []struct {
				DistanceKm   *float64            `json:"distanceKm"`
				Organisation struct{ ID string } `json:"organisation"`
			}
		}{Hosts: conn.Hosts.Nodes}
		if len(out.Hosts) == 0 {
			t.Fatalf("no hosts within 800 km of %s: %s", place, raw)
		}
		distances[place] = map[string]float64{}
		for _, h := range out.Hosts {
			if h.DistanceKm == nil || *h.DistanceKm > 800 {
				t.Fatalf("%s: a host without a distance or beyond the radius: %s", place, raw)
			}
			distances[place][h.Organisation.ID] = *h.DistanceKm
		}
	}
	// Two forms of one name are one point; two towns are two.
	if !reflect.DeepEqual(distances["Kraków"], distances["w Krakowie"]) {
		t.Errorf("Kraków and w Krakowie differ: %v %v", distances["Kraków"], distances["w Krakowie"])
	}
	if reflect.DeepEqual(distances["Kraków"], distances["Koszalin"]) {
		t.Errorf("Kraków and Koszalin give the same distances: %v", distances["Kraków"])
	}
	for name, c := range map[string]struct{ place, code, says string }{
		"homonym":           {"Spytkowice", "BAD_USER_INPUT", "powiat wadowicki"},
		"qualified homonym": {"Spytkowice, powiat wadowicki", "", ""},
		"unknown":           {"Atlantyda", "NOT_FOUND", "neither a place of the graph nor a Polish"},
	} {
		t.Run(name, func(t *testing.T) {
			_, resp, raw := post(t, srv, `query($p: ID!) { hosts(near: { place: $p }) { nodes { score } } }`, map[string]any{"p": c.place})
			if c.code == "" {
				if len(resp.Errors) > 0 {
					t.Fatalf("%s", raw)
				}
				return
			}
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != c.code || !strings.Contains(resp.Errors[0].Message, c.says) {
				t.Fatalf("want %s saying %q: %s", c.code, c.says, raw)
			}
		})
	}
}

// TestGazetteerWithTERC: GAZETTEER_TERC adds GUS's gminas, so that a gmina whose name no
// locality in the shipped GeoNames data has is a place too; a file that is not TERC stops the
// start with a message naming it.
func TestGazetteerWithTERC(t *testing.T) {
	terc := filepath.Join("..", "..", "shared", "data", "teryt", "TERC_Adresowy_2026-01-01.csv")
	if _, err := os.Stat(terc); err != nil {
		t.Skipf("the TERC test input is missing: %v", err)
	}
	query := `{ hosts(themes: [SUPPORTED_HOUSING], near: { place: "gmina Dobra (Szczecińska)", radiusKm: 800 }) { nodes { distanceKm } } }`
	_, resp, raw := post(t, testServer(t, seededStore(t)), query, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Fatalf("without TERC the gmina Dobra (Szczecińska) is not known: %s", raw)
	}
	_, resp, raw = post(t, testServerWith(t, seededStore(t), map[string]string{"GAZETTEER_TERC": terc}), query, nil)
	if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), "distanceKm") {
		t.Fatalf("with TERC: %s", raw)
	}
	bad := filepath.Join(t.TempDir(), "terc.csv")
	if err := os.WriteFile(bad, []byte("not;a;terc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseConfig(nil, func(k string) string { return map[string]string{"GAZETTEER_TERC": bad}[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newHandler(cfg, seededStore(t), discardLogger()); err == nil || !strings.Contains(err.Error(), "terc.csv") {
		t.Errorf("a file that is not TERC: %v", err)
	}
}

// TestRegionAnyPolishUnit: region and the organisations' place filter take any Polish unit in
// any case form. A unit the graph holds a place for (by TERYT code) filters by it, so "w Gdyni"
// answers as "Gdynia" does; one it has none for is an empty answer, not an error; a homonym is
// BAD_USER_INPUT listing the candidates.
func TestRegionAnyPolishUnit(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { regionAnyPolishUnit(t, testServer(t, b.store)) })
	}
}

func regionAnyPolishUnit(t *testing.T, srv *httptest.Server) {
	q := `query($p: ID!, $r: String!) { organisations(filter: { place: $p }) { totalCount } hosts(region: $r) { nodes { organisation { id } } } }`
	body := func(place string) string {
		_, resp, raw := post(t, srv, q, map[string]any{"p": place, "r": place})
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: %s", place, raw)
		}
		return string(resp.Data)
	}
	gdynia := body("Gdynia")
	if strings.Contains(gdynia, `"totalCount":0`) {
		t.Fatalf("the seed has organisations in Gdynia: %s", gdynia)
	}
	if got := body("w Gdyni"); got != gdynia {
		t.Errorf("w Gdyni answers otherwise than Gdynia:\n%s\n%s", got, gdynia)
	}
	for _, place := range []string{"Kraków", "w Nowym Sączu", "Koszalin"} {
		if got := body(place); !strings.Contains(got, `"totalCount":0`) || !strings.Contains(got, `"hosts":{"nodes":[]}`) {
			t.Errorf("%s, where the seed holds nothing: %s", place, got)
		}
	}
	_, resp, raw := post(t, srv, q, map[string]any{"p": "Spytkowice", "r": "Spytkowice"})
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, "wadowicki") {
		t.Errorf("a homonym: %s", raw)
	}
}

// TestOrganisationsNear: organisations near a place, nearest first, with their distances and
// a count; pages continue in distance order; DISTANCE without near is refused.
func TestOrganisationsNear(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { organisationsNear(t, testServer(t, b.store)) })
	}
}

func organisationsNear(t *testing.T, srv *httptest.Server) {
	q := `query($p: ID!, $after: String) { organisations(filter: { near: { place: $p, radiusKm: 40 } }, orderBy: { field: DISTANCE }, first: 3, after: $after) {
	  totalCount pageInfo { hasNextPage } edges { cursor distanceKm node { id } } } }`
	var all []float64
	after := any(nil)
	total := -1
	for range 10 {
		_, resp, raw := post(t, srv, q, map[string]any{"p": "w Gdyni", "after": after})
		if len(resp.Errors) > 0 {
			t.Fatalf("%s", raw)
		}
		var out struct {
			Organisations struct {
				TotalCount int
				PageInfo   struct{ HasNextPage bool }
				Edges      []struct {
					Cursor     string
					DistanceKm *float64
				}
			}
		}
		if err := json.Unmarshal(resp.Data, &out); err != nil {
			t.Fatal(err)
		}
		total = out.Organisations.TotalCount
		for _, e := range out.Organisations.Edges {
			if e.DistanceKm == nil || *e.DistanceKm > 40 {
				t.Fatalf("an edge without a distance, or beyond the radius: %s", raw)
			}
			all = append(all, *e.DistanceKm)
			after = e.Cursor
		}
		if !out.Organisations.PageInfo.HasNextPage {
			break
		}
	}
	if total < 4 || len(all) != total {
		t.Fatalf("near Gdynia: %d of %d read", len(all), total)
	}
	for i := 1; i < len(all); i++ {
		if all[i] < all[i-1] {
			t.Errorf("not nearest first: %v", all)
		}
	}
	if all[0] != 0 {
		t.Errorf("the nearest is not in Gdynia itself: %v", all)
	}
	_, resp, raw := post(t, srv, `{ organisations(orderBy: { field: DISTANCE }) { totalCount } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("DISTANCE without near: %s", raw)
	}
}

// TestSearchHitsCarryTheirPlace: a search hit says where the entity is, so that two homonyms
// can be told apart.
func TestSearchHitsCarryTheirPlace(t *testing.T) {
	srv := testServer(t, seededStore(t))
	_, resp, raw := post(t, srv, `{ search(text: "MOPS Gdynia", first: 3) { nodes { node { id } place { id name } } } }`, nil)
	if len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), `{"node":{"id":"Organisation:mops-gdynia"},"place":{"id":"Place:gdynia","name":"Gdynia"}}`) {
		t.Errorf("MOPS Gdynia's hit does not carry its seat: %s", raw)
	}
}
