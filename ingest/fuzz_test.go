package ingest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/wtz-graph/kg/seed"
)

// FuzzPropose: any text is read without a panic into a proposal that decodes as a seed
// document. The seeds are the constructs the rules read; `go test -fuzz FuzzPropose ./ingest`
// explores from them.
func FuzzPropose(f *testing.F) {
	for _, s := range []string{
		"", "„", "1) ", "1) Miejski Ośrodek Pomocy Społecznej w Legnicy – ;", "• Fundacja „X” –",
		"Dyrektor CUS, Pani", "Pani Anna", ", Jolanta Grzech", "opowiedziała o", "opowiedział o tzw.",
		"kolejna tura Warsztatów", "Forum ZAZ\nPomorskie Fora ZAZ są", "WTZ „Krzemień” w", "WTZ „",
		"modelu", "model działania", "na temat", "Jako przykład dobrej praktyki pokazała", "w powiecie",
		"na Dolnym Śląsku", "w Świdnicy", "z Głuchołazach", "Oddziału Łódzkiego Państwowego Funduszu",
		"Regionalne Centrum Polityki Społecznej w Łodzi (RCPS). Dyrektor RCPS", "Janem Forslundem, Dyrektorem Coompanion –",
		"Warsztaty zainaugurowało spotkanie z Janem Forslundem , Dyrektorem Coompanion", "przez nasze Stowarzyszenie w partnerstwie z",
		"pierwszego dnia", "12 października goście przyjechali do", "prezes fundacji Dorota Lis",
		"Szkolenie. Pierwsza grupa w zeszłym tygodniu, druga grupa 17-19 września", "Cykl szkoleń „X”. Pierwsze spotkanie 3 maja w Zamościu. Druga edycja. Trzecią przeprowadzono",
		"w Ołomuńcu, w stowarzyszeniu Cesta ven, z. s.", "spółdzielnia socjalna Sociální družstvo", "prowadzi go Stowarzyszenie „", "jej kierowniczka Beata",
		"prezes jego zarządu, Teresa", "w ramach programu Erasmus+", "panel dyskusyjny „", "w Niemczech", "Koordynator Tomáš Hruban", "15 X 2008 r.",
		"Od 3 do 5 kwietnia br.", "4 i 5 kwietnia", "W środę", "Przez pierwsze dwa dni gospodarzem", "zwiedzanie Osiedla", "obie placówki",
	} {
		f.Add(s)
	}
	st, _ := seeded(f)
	x := extractor()
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 4<<10 {
			return
		}
		p, err := x.Propose(context.Background(), st, Article{Text: text, Published: "2023-05"}, "src-fuzz")
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		raw, err := json.Marshal(p.Document)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := seed.Decode(raw); err != nil {
			t.Fatalf("%q: the proposal does not decode: %v", text, err)
		}
	})
}
