package gazetteer

import (
	"strings"

	"github.com/wtz-graph/kg/polish"
)

// Place names are matched in any grammatical case: "Kraków", "w Krakowie", "Nowego Sącza",
// "Wieliczce", "Stargardzie", "Zielonej Górze". Each word is reduced to a key: folded (no
// diacritics, lower case), its case ending removed, and the consonant alternations that case
// endings cause undone (k/c, g/dz, r/rz, d/dzi, t/ci), so that every form of a name has
// the name's key. Names compare equal when their words' keys do, in order.

// alternations rewrite an ending that carries a consonant alternation, longest first.
var alternations = []struct{ from, to string }{
	{"dzie", "d"}, // Stargard → Stargardzie
	{"rze", "r"},  // Góra → Górze
	{"dze", "g"},  // Praga → Pradze
	{"cie", "t"},  // a stem in -t: Płot → Płocie
	{"ce", "k"},   // Wieliczka → Wieliczce, Ustka → Ustce
}

// caseEndings are stripped after the alternations, longest first.
var caseEndings = []string{
	"ami", "ach", "owi", "iem", "ego", "emu", "ich", "ych", "imi", "ymi",
	"ie", "iu", "ia", "ii", "ej", "ym", "im", "em", "om",
	"a", "e", "i", "o", "u", "y",
}

// minKey is the shortest key an ending may be stripped down to.
const minKey = 3

// irregular are forms that no ending rule reaches: names whose first part inflects inside one
// word.
var irregular = map[string]string{
	"bialymstoku": "bialystok", "bialegostoku": "bialystok", "bialemustokowi": "bialystok", "bialymstokiem": "bialystok",
}

// wordKey is the key of one folded word.
func wordKey(w string) string {
	if n, ok := irregular[w]; ok {
		w = n
	}
	for _, a := range alternations {
		if strings.HasSuffix(w, a.from) && len(w)-len(a.from)+len(a.to) >= minKey+1 {
			return finalAlternation(w[:len(w)-len(a.from)] + a.to)
		}
	}
	for _, e := range caseEndings {
		if strings.HasSuffix(w, e) && len(w)-len(e) >= minKey {
			return finalAlternation(w[:len(w)-len(e)])
		}
	}
	return finalAlternation(w)
}

// finalAlternation maps a stem's last consonant to the one of the nominative: Policach →
// polic → polik, as Police → polik.
func finalAlternation(s string) string {
	switch {
	case strings.HasSuffix(s, "rz") && len(s) > minKey:
		return s[:len(s)-2] + "r"
	case strings.HasSuffix(s, "c") && !strings.HasSuffix(s, "cz") && len(s) > minKey:
		return s[:len(s)-1] + "k"
	}
	return s
}

// words splits a name into folded words: hyphens separate words, so "Bielsko-Biała" and
// "Bielsko Biała" are one name.
func words(s string) []string {
	return strings.Fields(strings.NewReplacer("-", " ", ",", " ", ".", " ", "(", " ", ")", " ").Replace(polish.Fold(s)))
}

// nameKey is the key of a whole name: its words' keys joined by spaces.
func nameKey(s string) string {
	ws := words(s)
	for i, w := range ws {
		ws[i] = wordKey(w)
	}
	return strings.Join(ws, " ")
}

// exactKey is a name folded with its words normalised, for exact matches.
func exactKey(s string) string { return strings.Join(words(s), " ") }

// leadingWords are words a query may start with that are not part of the name: a preposition
// ("w Krakowie") or the kind of unit ("gmina Spytkowice", "miasto Kraków").
var leadingWords = map[string]bool{
	"w": true, "we": true, "z": true, "ze": true, "do": true, "na": true, "k": true, "kolo": true, "pod": true,
	"gmina": true, "gminie": true, "gminy": true, "miasto": true, "miescie": true, "miasta": true, "m": true,
	"wies": true, "wsi": true, "st": true,
}
