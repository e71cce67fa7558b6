package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/wtz-graph/kg/polish"
)

// Word lists for Polish-looking names. Place names repeat across the country, as real ones do;
// names of other entities are made unique (see names.unique), because the validator refuses two
// entities of one type whose names normalise alike.
var (
	placeRoots = []string{
		"Brzez", "Dęb", "Grab", "Jasion", "Kamien", "Lip", "Olsz", "Wierzb", "Zawad", "Krzyw",
		"Bor", "Łęk", "Mszan", "Rud", "Sośn", "Strzel", "Głog", "Jabłon", "Koz", "Wol",
		"Mił", "Rad", "Sul", "Chełm", "Gór", "Bieł", "Czarn", "Dobr", "Gniew", "Jaw",
		"Klon", "Lub", "Mal", "Niedź", "Osiecz", "Pias", "Rak", "Sław", "Trzcin", "Wiśn",
		"Zabł", "Żuk", "Bogusz", "Cis", "Grodz", "Koprzyw", "Mokr", "Przyb", "Smol", "Szczyt",
	}
	placeSuffixes = []string{"ów", "owo", "ice", "no", "ka", "in", "owa", "owice", "ec", "any", "ewo", "isko", "ów Górny", "ów Dolny", "owa Wola", "ice Wielkie", "ice Małe", "ka Stara", "ka Nowa"}

	firstNames = []string{
		"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Magdalena",
		"Joanna", "Aleksandra", "Monika", "Teresa", "Danuta", "Natalia", "Karolina", "Marta", "Beata", "Dorota",
		"Jolanta", "Iwona", "Halina", "Grażyna", "Justyna", "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł",
		"Jan", "Michał", "Marcin", "Jakub", "Adam", "Marek", "Łukasz", "Grzegorz", "Mateusz", "Wojciech",
		"Mariusz", "Dariusz", "Zbigniew", "Jerzy", "Maciej", "Rafał", "Robert", "Kamil", "Szymon", "Sławomir",
	}
	surnames = []string{
		"Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek", "Zając", "Król", "Wieczorek",
		"Jabłoński", "Wróbel", "Dudek", "Adamczyk", "Pawlak", "Sikora", "Walczak", "Baran", "Michalak", "Szewczyk",
		"Ostrowski", "Tomaszewski", "Pietrzak", "Jasiński", "Zalewski", "Marciniak", "Sadowski", "Bąk", "Zawadzki", "Jakubowski",
		"Duda", "Włodarczyk", "Chmielewski", "Borkowski", "Sokołowski", "Szczepański", "Sawicki", "Lis", "Kucharski", "Kalinowski",
		"Wysocki", "Maciejewski", "Kubiak", "Kołodziej", "Czarnecki", "Sobczak", "Konieczny", "Urbański", "Głowacki", "Wilk",
		"Grzech", "Harhaj", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Mazurek", "Kwiatkowski",
		"Krajewski", "Wasilewski", "Rutkowski", "Michalski", "Nowicki", "Dziedzic", "Pawłowski", "Górski", "Witkowski", "Sadowy",
	}
	positionTitles = []string{"Dyrektor", "Kierownik", "Prezes Zarządu", "Specjalista pracy socjalnej", "Terapeuta zajęciowy",
		"Koordynator projektu", "Zastępca dyrektora", "Główna księgowa", "Psycholog", "Doradca zawodowy"}

	ngoForms   = []string{"Stowarzyszenie", "Fundacja", "Stowarzyszenie Rodzin i Przyjaciół", "Fundacja Pomocy", "Towarzystwo"}
	ngoPurpose = []string{"Aktywni Razem", "Otwarte Drzwi", "Pomocna Dłoń", "Nowa Szansa", "Razem Łatwiej", "Tęcza",
		"Promyk", "Integracja", "Krok Dalej", "Dobry Start", "Przystań", "Bez Barier", "Sprawni Inaczej", "Nadzieja",
		"Wspólna Droga", "Światło", "Równe Szanse", "Most", "Horyzont", "Źródło", "Zielona Dolina", "Koniczyna"}
	coopWords    = []string{"Pracownia", "Smaki", "Ogrody", "Rzemiosło", "Usługi", "Catering", "Porządek", "Zieleń", "Drukarnia", "Piekarnia"}
	companyWords = []string{"Konimpex", "Budmax", "Agrotech", "Meblarz", "Polchem", "Drewpol", "Transbud", "Elkom", "Ekoserwis", "Logimar",
		"Stalmet", "Instal", "Mediko", "Printus", "Gastro", "Optima", "Werbex", "Technoplast"}
	foreignForms = []string{"Kommun", "Council", "Stiftung", "Foundation", "Centre", "Verein", "Cooperative", "Association"}
	forumTopics  = []string{"Ekonomii Społecznej", "Warsztatów Terapii Zajęciowej", "Pomocy Społecznej", "Rehabilitacji Zawodowej",
		"Mieszkalnictwa Wspomaganego", "Usług Społecznych", "Deinstytucjonalizacji", "Asystencji Osobistej", "Spółdzielczości Socjalnej"}
	practiceWords = []string{"Model", "Program", "Metoda", "Standard", "System", "Klub", "Mieszkanie", "Trening", "Pracownia", "Sieć"}
	practiceTopic = []string{"mieszkań treningowych", "zatrudnienia wspomaganego", "asystencji osobistej", "staży zawodowych",
		"spółdzielni przy warsztatach", "usług opiekuńczych", "wsparcia rodzin", "integracji sąsiedzkiej",
		"aktywizacji uczestników WTZ", "współpracy międzyinstytucjonalnej", "opieki wytchnieniowej", "mieszkalnictwa chronionego"}
	projectWords = []string{"Aktywni", "Samodzielni", "Razem", "Krok", "Szansa", "Praca", "Dom", "Wsparcie", "Integracja", "Start"}
)

// names hands out names unique per node type after normalisation (polish.Key), and slugs
// unique per node type.
type names struct {
	keys  map[string]bool
	slugs map[string]bool
}

func newNames() *names { return &names{keys: map[string]bool{}, slugs: map[string]bool{}} }

// unique returns name, or name with a distinguishing suffix, whose normalised form no other
// entity of the type has.
func (n *names) unique(typ, name string, qualifiers ...string) string {
	try := func(s string) bool {
		k := typ + "|" + polish.Key(s)
		if n.keys[k] {
			return false
		}
		n.keys[k] = true
		return true
	}
	if try(name) {
		return name
	}
	for _, q := range qualifiers {
		if q != "" && try(name+" "+q) {
			return name + " " + q
		}
	}
	for i := 2; ; i++ {
		s := fmt.Sprintf("%s nr %d", name, i)
		if try(s) {
			return s
		}
	}
}

// slug returns a slug for the type made from text, unique per type.
func (n *names) slug(typ, text string) string {
	base := slugify(text)
	s := base
	for i := 2; n.slugs[typ+"|"+s]; i++ {
		s = fmt.Sprintf("%s-%d", base, i)
	}
	n.slugs[typ+"|"+s] = true
	return s
}

// slugify folds text into a slug: a-z, 0-9 and single hyphens.
func slugify(text string) string {
	s := strings.ReplaceAll(polish.Fold(text), " ", "-")
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	if s == "" {
		s = "x"
	}
	return s
}

// placeName makes a Polish-looking place name.
func placeName(r *rand.Rand) string {
	return pick(r, placeRoots) + pick(r, placeSuffixes)
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }
