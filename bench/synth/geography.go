package synth

import "github.com/wtz-graph/kg/geo"

// region is what the generator knows of a voivodeship beyond geo.Voivodeships: the real numbers
// of powiats and gminas (GUS TERYT, 2021) and the capital with its coordinates
// (../shared/data/voivodeships.csv).
type region struct {
	powiats, gminas int
	capitalName     string
	lat, lon        float64
}

// regions is keyed by TERYT code. The powiats add up to 380 and the gminas to 2,477.
func regions() map[string]region {
	return map[string]region{
		"02": {30, 169, "Wrocław", 51.10286, 17.03006},
		"04": {23, 144, "Bydgoszcz", 53.1235, 18.00762},
		"06": {24, 213, "Lublin", 51.25058, 22.57009},
		"08": {14, 82, "Gorzów Wielkopolski", 52.73371, 15.22505},
		"10": {24, 177, "Łódź", 51.77058, 19.47395},
		"12": {22, 182, "Kraków", 50.06143, 19.93658},
		"14": {42, 314, "Warszawa", 52.22977, 21.01178},
		"16": {12, 71, "Opole", 50.67119, 17.92604},
		"18": {25, 160, "Rzeszów", 50.04132, 21.99901},
		"20": {17, 118, "Białystok", 53.13333, 23.16433},
		"22": {20, 123, "Gdańsk", 54.35227, 18.64912},
		"24": {36, 167, "Katowice", 50.2597, 19.02173},
		"26": {14, 102, "Kielce", 50.87033, 20.62752},
		"28": {21, 116, "Olsztyn", 53.78376, 20.49272},
		"30": {35, 226, "Poznań", 52.40692, 16.92993},
		"32": {21, 113, "Szczecin", 53.42894, 14.55302},
	}
}

// voivodeship is a real voivodeship with its regional data.
type voivodeship struct {
	geo.Voivodeship
	region
}

// voivodeships returns the 16 voivodeships in TERYT order with their regional data.
func voivodeships() []voivodeship {
	rs := regions()
	out := make([]voivodeship, 0, len(geo.Voivodeships))
	for _, v := range geo.Voivodeships {
		out = append(out, voivodeship{v, rs[v.Code]})
	}
	return out
}

// country is a foreign country whose cities host study visits.
type country struct {
	code, slug, name, nameEn string
	cities                   []city
}

// abroad lists the countries and cities that host study visits from Poland.
func abroad() []country {
	return []country{
		{"SE", "se", "Szwecja", "Sweden", []city{{"Sztokholm", "Stockholm", 59.32938, 18.06871}, {"Göteborg", "Gothenburg", 57.70716, 11.96679}, {"Malmö", "Malmo", 55.60587, 13.00073}, {"Uppsala", "Uppsala", 59.85882, 17.63889}}},
		{"GB", "gb", "Wielka Brytania", "United Kingdom", []city{{"Edynburg", "Edinburgh", 55.95206, -3.19648}, {"Glasgow", "Glasgow", 55.86515, -4.25763}, {"Londyn", "London", 51.50853, -0.12574}, {"Manchester", "Manchester", 53.48095, -2.23743}}},
		{"DE", "de", "Niemcy", "Germany", []city{{"Berlin", "Berlin", 52.52437, 13.41053}, {"Lipsk", "Leipzig", 51.33962, 12.37129}, {"Drezno", "Dresden", 51.05089, 13.73832}, {"Hamburg", "Hamburg", 53.55073, 9.99302}}},
		{"CZ", "cz", "Czechy", "Czechia", []city{{"Praga", "Prague", 50.08804, 14.42076}, {"Brno", "Brno", 49.19522, 16.60796}, {"Ostrawa", "Ostrava", 49.83465, 18.28204}}},
		{"NO", "no", "Norwegia", "Norway", []city{{"Oslo", "Oslo", 59.91273, 10.74609}, {"Bergen", "Bergen", 60.39299, 5.32415}}},
		{"DK", "dk", "Dania", "Denmark", []city{{"Kopenhaga", "Copenhagen", 55.67594, 12.56553}, {"Aarhus", "Aarhus", 56.15674, 10.21076}}},
		{"FI", "fi", "Finlandia", "Finland", []city{{"Helsinki", "Helsinki", 60.16952, 24.93545}, {"Tampere", "Tampere", 61.49911, 23.78712}}},
		{"NL", "nl", "Holandia", "Netherlands", []city{{"Amsterdam", "Amsterdam", 52.37403, 4.88969}, {"Utrecht", "Utrecht", 52.09083, 5.12222}}},
		{"AT", "at", "Austria", "Austria", []city{{"Wiedeń", "Vienna", 48.20849, 16.37208}, {"Graz", "Graz", 47.06667, 15.45}}},
		{"IT", "it", "Włochy", "Italy", []city{{"Trydent", "Trento", 46.06787, 11.12108}, {"Bolonia", "Bologna", 44.49381, 11.33875}}},
	}
}

// city is a foreign city with its Polish and English names.
type city struct {
	name, nameEn string
	lat, lon     float64
}
