package polish

import (
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Gębice":                      "gebice",
		"ŁĘŻECZKI":                    "lezeczki",
		"Kooperativet Glöden":         "kooperativet gloden",
		"Franstorps Verkstäder":       "franstorps verkstader",
		"Spółdzielnia „Równe Szanse”": "spoldzielnia rowne szanse",
		"  Sp. z o.o.  ":              "sp z o o",
		"Federacja FOSa – Olsztyn!":   "federacja fosa olsztyn",
		"Zakład Aktywności Zawodowej": "zaklad aktywnosci zawodowej",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestInflectedFormsShareAStem covers the forms DOMAIN.md lists: every pair must match as terms.
func TestInflectedFormsShareAStem(t *testing.T) {
	pairs := [][2]string{
		{"w Gdyni", "Gdynia"}, {"w Gębicach", "Gębice"}, {"w Poznaniu", "Poznań"},
		{"w Sztokholmie", "Sztokholm"}, {"w Kraśniku", "Kraśnik"}, {"z Lublina", "Lublin"},
		{"w Elblągu", "Elbląg"}, {"w Olsztynie", "Olsztyn"}, {"gdyńskiego", "Gdynia"},
		{"elbląskie", "Elbląg"}, {"pomorskich", "pomorskie"}, {"Gebice", "Gębice"},
		{"w Tomaszowie Lubelskim", "Tomaszów Lubelski"}, {"Łężeczkach", "Łężeczki"},
		{"Ośrodka", "Ośrodek"}, {"Spółdzielni", "Spółdzielnia"},
	}
	for _, p := range pairs {
		q := NewQuery(p[0])
		if !q.MatchesAll(AnalyseNames([]string{p[1]})) {
			t.Errorf("%q does not match %q (terms %v vs %v)", p[0], p[1], Terms(p[0]), Terms(p[1]))
		}
	}
}

func TestAbbreviationsMatchTheirPhrases(t *testing.T) {
	cases := []struct{ query, name string }{
		{"MOPS Gdyni", "Miejski Ośrodek Pomocy Społecznej w Gdyni"},
		{"Miejskiego Ośrodka Pomocy Społecznej w Gdyni", "MOPS Gdynia"},
		{"PCPR w Kraśniku", "Powiatowe Centrum Pomocy Rodzinie w Kraśniku"},
		{"ROPS Olsztyn", "Regionalny Ośrodek Polityki Społecznej w Olsztynie"},
		{"WTZ Skórcz", "Warsztat Terapii Zajęciowej w Skórczu"},
		{"WTZ", "Warsztatów Terapii Zawodowej"}, // the slip in seed 000
		{"PFRON", "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych"},
		{"CUS Elbląg", "Elbląskie Centrum Usług Społecznych"},
		{"MOPR Gdańsk", "Miejski Ośrodek Pomocy Rodzinie w Gdańsku"},
	}
	for _, c := range cases {
		if !NewQuery(c.query).MatchesAll(AnalyseNames([]string{c.name})) {
			t.Errorf("%q does not match %q (terms %v vs %v)", c.query, c.name, Terms(c.query), Terms(c.name))
		}
	}
}

func TestDistinctNamesDoNotMatch(t *testing.T) {
	cases := []struct{ query, name string }{
		{"MOPS", "Miejski Ośrodek Pomocy Rodzinie w Gdańsku"}, // MOPR is not MOPS
		{"Gdańsk", "Gdynia"},
		{"PCPR Kraśnik", "Powiatowe Centrum Pomocy Rodzinie w Olsztynie"},
		{"KOS", "Kooperativet Glöden"},
	}
	for _, c := range cases {
		if NewQuery(c.query).MatchesAll(AnalyseNames([]string{c.name})) {
			t.Errorf("%q should not match %q", c.query, c.name)
		}
	}
}

func TestScoreRanksExactNamesFirst(t *testing.T) {
	q := NewQuery("Gdynia")
	city, _ := q.Score([]string{"Gdynia"})
	mops, _ := q.Score([]string{"Miejski Ośrodek Pomocy Społecznej w Gdyni"})
	if !(city > mops && mops > 0) {
		t.Errorf("city %v should outrank MOPS %v, both positive", city, mops)
	}
	q = NewQuery("PCPR w Kraśniku")
	pcpr, _ := q.Score([]string{"Powiatowe Centrum Pomocy Rodzinie w Kraśniku"})
	town, _ := q.Score([]string{"Kraśnik"})
	other, _ := q.Score([]string{"Powiatowe Centrum Pomocy Rodzinie w Olsztynie"})
	if !(pcpr > town && pcpr > other) {
		t.Errorf("PCPR Kraśnik %v should outrank the town %v and PCPR Olsztyn %v", pcpr, town, other)
	}
	if s, name := q.Score([]string{"Kraśnik", "PCPR w Kraśniku"}); name != "PCPR w Kraśniku" || s != 0.97 {
		t.Errorf("an exact alias match should win over a partial name match, weighted 0.97: %v %q", s, name)
	}
	if s, _ := q.Score([]string{"PCPR w Kraśniku"}); s != 1 {
		t.Errorf("an exact name match scores 1, got %v", s)
	}
}

func TestStopwordOnlyQueryIsEmpty(t *testing.T) {
	for _, s := range []string{"", "  ", "w i z", "—", "na do"} {
		if !NewQuery(s).IsEmpty() {
			t.Errorf("%q should be an empty query, terms %v", s, Terms(s))
		}
	}
}

func TestLookupsCoverBothPrefixDirections(t *testing.T) {
	got := NewQuery("krasnicki").Lookups()
	want := []Lookup{{Term: "krasni", Prefix: true}, {Term: "kras"}, {Term: "krasn"}, {Term: "krasni", Fuzzy: true}}
	if !slices.Equal(got, want) {
		t.Errorf("Lookups = %v, want %v", got, want)
	}
}

func FuzzTermsNeverPanics(f *testing.F) {
	for _, s := range []string{"Gębice", "PCPR w Kraśniku", "ł", "\xff\xfe", "ąąąąąąąąą"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := NewQuery(s)
		q.Score([]string{s, "Gdynia"})
		_ = q.Lookups()
	})
}

// TestAlternationsAndTypos: a case form with a consonant alternation finds the name
// (Wieliczce, Pradze, Stargardzie, Górze? no: Góra is too short), and one typo in a longer word
// is tolerated, ranked below the exact name.
func TestAlternationsAndTypos(t *testing.T) {
	for _, c := range []struct{ query, name string }{
		{"w Wieliczce", "Wieliczka"},
		{"Pradze", "Praga Północ"},
		{"w Stargardzie", "Stargard"},
		{"Fundajca Pomocy", "Fundacja Pomocy"},
		{"Stowarzyszenei", "Stowarzyszenie Przyjaciół"},
		{"Wieliczak", "Wieliczka"},
	} {
		q := NewQuery(c.query)
		score, _ := q.Score([]string{c.name})
		if score == 0 {
			t.Errorf("%q does not find %q (terms %v, name terms %v)", c.query, c.name, q.Terms, IndexTerms(c.name))
			continue
		}
		if exact, _ := NewQuery(c.name).Score([]string{c.name}); score >= exact {
			t.Errorf("%q scores %v for %q, not below the exact %v", c.query, score, c.name, exact)
		}
		// Every probe needed is one the index answers: some probe reaches an index term.
		reached := false
		for _, l := range q.Lookups() {
			for _, it := range IndexTerms(c.name) {
				if (l.Fuzzy && OneEdit(l.Term, it)) || (l.Prefix && strings.HasPrefix(it, l.Term)) || (!l.Prefix && !l.Fuzzy && it == l.Term) {
					reached = true
				}
			}
		}
		if !reached {
			t.Errorf("no probe of %q reaches an index term of %q", c.query, c.name)
		}
	}
	for _, c := range []struct{ a, b string }{{"fundacj", "fundajc"}, {"stowarz", "stowarzy"}, {"osrodk", "osrodek"}} {
		if !OneEdit(c.a, c.b) {
			t.Errorf("%s and %s are one edit apart", c.a, c.b)
		}
	}
	for _, c := range []struct{ a, b string }{{"fundacj", "fundacj"}, {"fundacj", "fnudajc"}, {"gdynia", "gdansk"}} {
		if OneEdit(c.a, c.b) {
			t.Errorf("%s and %s are not one edit apart", c.a, c.b)
		}
	}
}

// reachedBy counts the query terms whose probes (Lookups) reach one of the names' index
// terms, as a store's index does.
func reachedBy(q Query, names []string) int {
	var indexed []string
	for _, n := range names {
		indexed = append(indexed, IndexTerms(n)...)
	}
	reached := 0
	for _, term := range q.Terms {
		hit := false
		for _, l := range (Query{Terms: []string{term}}).Lookups() {
			for _, it := range indexed {
				switch {
				case l.Fuzzy:
					hit = hit || OneEdit(l.Term, it)
				case l.Prefix:
					hit = hit || strings.HasPrefix(it, l.Term)
				default:
					hit = hit || it == l.Term
				}
			}
		}
		if hit {
			reached++
		}
	}
	return reached
}

// TestScoreBoundBoundsScores: the bound that stores skip candidates by is never below the score,
// combines a name's bound and the aliases' by their maximum (the Neo4j store looks the two up
// in separate tables), and does not grow with a name's term count beyond 24 (the tables' cap).
func TestScoreBoundBoundsScores(t *testing.T) {
	names := [][]string{
		{"Miejski Ośrodek Pomocy Społecznej w Gdyni", "MOPS Gdynia"},
		{"Gdynia"},
		{"Regionalny Ośrodek Polityki Społecznej w Olsztynie", "ROPS Olsztyn", "ROPS"},
		{"Warsztat Terapii Zajęciowej w Wieliczce"},
		{"Powiatowe Centrum Pomocy Rodzinie w Kraśniku", "PCPR Kraśnik"},
		{"Stowarzyszenie na rzecz Osób Niepełnosprawnych „Razem” w Lublinie"},
		{"Fundacja Aktywizacja", "Aktywizacja"},
	}
	queries := []string{"mops gdynia", "ośrodek pomocy", "gdyni", "rops olsztyn", "wieliczka wtz",
		"pcpr krasnik", "stowarzyszenie razem lublin", "fundacja aktywizacjia", "centrum", "pomoc społeczna w gdańsku"}
	for _, text := range queries {
		q := NewQuery(text)
		for _, ns := range names {
			analysed := AnalyseNames(ns)
			score, _ := q.ScoreAnalysed(analysed)
			nt, at := TermCounts(analysed)
			r := reachedBy(q, ns)
			if b := q.ScoreBound(r, nt, at); score > b+1e-4 {
				t.Errorf("%q on %q: score %.4f above its bound %.4f (reached %d, terms %d/%d)", text, ns[0], score, b, r, nt, at)
			}
		}
		for r := 0; r <= len(q.Terms); r++ {
			for nt := 0; nt <= 40; nt++ {
				for at := 0; at <= 40; at++ {
					if b, split := q.ScoreBound(r, nt, at), max(q.ScoreBound(r, nt, 0), q.ScoreBound(r, 0, at)); b != split {
						t.Fatalf("%q: ScoreBound(%d, %d, %d) = %v, the maximum of its parts %v", text, r, nt, at, b, split)
					}
				}
				if nt > 24 && q.ScoreBound(r, nt, 0) > q.ScoreBound(r, 24, 0) {
					t.Fatalf("%q: the bound of %d terms is above that of 24", text, nt)
				}
			}
		}
	}
}

// TestNeededTermsIsHalfRoundedUp: what stores skip by is the coverage the score asks for.
func TestNeededTermsIsHalfRoundedUp(t *testing.T) {
	for n, want := range map[int]int{0: 0, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3} {
		q := Query{Terms: make([]string, n)}
		if got := q.NeededTerms(); got != want {
			t.Errorf("%d terms: %d needed, want %d", n, got, want)
		}
		if n > 0 && q.ScoreBound(want-1, want-1, 0) != 0 {
			t.Errorf("%d terms: %d reached still bounds above 0", n, want-1)
		}
	}
}
