package polish

import (
	"strings"
)

// stopwords are dropped from names and queries: prepositions and conjunctions carry no identity
// ("PCPR w Kraśniku" and "PCPR Kraśnik" are the same query).
var stopwords = map[string]bool{
	"w": true, "we": true, "z": true, "ze": true, "na": true, "do": true, "i": true, "oraz": true,
	"dla": true, "o": true, "od": true, "po": true, "pn": true, "ul": true, "ds": true, "im": true,
	"przy": true, "the": true, "of": true, "and": true, "in": true, "for": true, "a": true,
	"an": true, "to": true, "och": true, "sp": true,
}

// endings are inflectional and adjectival suffixes, longest first. Stripping one leaves a stem
// that equals, or is a prefix of, the stem of another form of the same word: "Kraśniku" and
// "Kraśnik" both give "krasnik"; "elbląskie" gives "elbla", a prefix of "elblag" (Elbląg).
var endings = []string{
	"ckiego", "skiego", "ckich", "skich", "ckiej", "skiej", "skimi", "ckimi",
	"ckie", "skie", "ckim", "skim",
	"iego", "cka", "ska", "cki", "ski", "sku", "sko", "cko",
	"ego", "emu", "ych", "ich", "ymi", "imi", "ach", "ami", "iem", "owi",
	"ej", "ie", "ia", "iu", "ii", "om",
	"a", "e", "i", "o", "u", "y",
}

// minStem is the shortest stem an ending may be stripped down to, and the shortest term that
// may match another term as a prefix.
const minStem = 4

// Stem strips one inflectional ending from a folded word, keeping at least minStem letters.
// Words that end in a fleeting "-ek" lose the vowel ("ośrodek" → "osrodk", as in "ośrodka").
// Words with digits are returned unchanged.
func Stem(word string) string {
	for _, r := range word {
		if r >= '0' && r <= '9' {
			return word
		}
	}
	for _, e := range endings {
		if strings.HasSuffix(word, e) && len(word)-len(e) >= minStem {
			return word[:len(word)-len(e)]
		}
	}
	if strings.HasSuffix(word, "ek") && len(word) >= 6 {
		return word[:len(word)-2] + "k"
	}
	return word
}

// abbreviation is a sector abbreviation with the phrases it stands for, each phrase a sequence
// of stem prefixes.
type abbreviation struct {
	short   string
	phrases [][]string
}

// abbreviations are added as extra terms wherever their phrase occurs, so that "MOPS Gdyni"
// finds "Miejski Ośrodek Pomocy Społecznej w Gdyni" and the other way round.
var abbreviations = []abbreviation{
	{"mops", [][]string{{"miej", "osrod", "pomoc", "spolecz"}}},
	{"gops", [][]string{{"gmin", "osrod", "pomoc", "spolecz"}}},
	{"mgops", [][]string{{"miej", "gmin", "osrod", "pomoc", "spolecz"}}},
	{"ops", [][]string{{"osrod", "pomoc", "spolecz"}}},
	{"mopr", [][]string{{"miej", "osrod", "pomoc", "rodzin"}}},
	{"pcpr", [][]string{{"powiat", "centr", "pomoc", "rodzin"}}},
	{"rops", [][]string{{"region", "osrod", "polityk", "spolecz"}}},
	{"cus", [][]string{{"centr", "uslug", "spolecz"}}},
	{"wtz", [][]string{{"warszt", "terap", "zajec"}, {"warszt", "terap", "zawod"}}},
	{"zaz", [][]string{{"zaklad", "aktywn", "zawod"}}},
	{"sds", [][]string{{"srodowisk", "dom", "samopomoc"}}},
	{"dps", [][]string{{"dom", "pomoc", "spolecz"}}},
	{"cis", [][]string{{"centr", "integrac", "spolecz"}}},
	{"kis", [][]string{{"klub", "integrac", "spolecz"}}},
	{"owes", [][]string{{"osrod", "wsparc", "ekonom", "spolecz"}}},
	{"pfron", [][]string{{"panstw", "fundusz", "rehabilit", "osob", "niepelnospraw"}}},
	{"pup", [][]string{{"powiat", "urzad", "prac"}}},
	{"wup", [][]string{{"wojewodz", "urzad", "prac"}}},
	{"fio", [][]string{{"fundusz", "inicjatyw", "obywatel"}}},
	{"krs", [][]string{{"krajow", "rejestr", "sadow"}}},
}

// Words splits s into folded words without stopwords.
func Words(s string) []string {
	fields := strings.Fields(Fold(s))
	out := fields[:0]
	for _, f := range fields {
		if !stopwords[f] {
			out = append(out, f)
		}
	}
	return out
}

// Terms analyses a name into the terms that search indexes: the stem of every word, then the
// abbreviation of every sector phrase that occurs in it, so that a name written out in full
// is found by its abbreviation. Duplicates are removed; the order is that of first occurrence.
func Terms(s string) []string {
	stems := stemWords(s)
	terms := append([]string(nil), stems...)
	for _, a := range abbreviations {
		for _, phrase := range a.phrases {
			if containsPhrase(stems, phrase) {
				terms = append(terms, a.short)
				break
			}
		}
	}
	return dedupe(terms)
}

// QueryTerms analyses a search text: stems, with every sector phrase collapsed into its
// abbreviation (the most specific first), so that "Miejskiego Ośrodka Pomocy Społecznej w
// Gdyni" asks for "mops gdyn" and finds a node known only as "MOPS Gdynia".
func QueryTerms(s string) []string {
	stems := stemWords(s)
	var out []string
	for i := 0; i < len(stems); {
		short, n := phraseAt(stems, i)
		if n > 0 {
			out = append(out, short)
			i += n
			continue
		}
		out = append(out, stems[i])
		i++
	}
	return dedupe(out)
}

func stemWords(s string) []string {
	words := Words(s)
	stems := make([]string, len(words))
	for i, w := range words {
		stems[i] = Stem(w)
	}
	return stems
}

// phraseAt returns the abbreviation whose phrase starts at stems[i], and the phrase's length;
// the longest phrase wins, then the first listed.
func phraseAt(stems []string, i int) (string, int) {
	best, bestLen := "", 0
	for _, a := range abbreviations {
		for _, phrase := range a.phrases {
			if len(phrase) > bestLen && i+len(phrase) <= len(stems) && matchesAt(stems, i, phrase) {
				best, bestLen = a.short, len(phrase)
			}
		}
	}
	return best, bestLen
}

func matchesAt(stems []string, i int, phrase []string) bool {
	for j, p := range phrase {
		if !strings.HasPrefix(stems[i+j], p) {
			return false
		}
	}
	return true
}

func containsPhrase(stems, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(stems); i++ {
		if matchesAt(stems, i, phrase) {
			return true
		}
	}
	return false
}

func dedupe(terms []string) []string {
	seen := make(map[string]bool, len(terms))
	out := terms[:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Key is a canonical form of a name for duplicate detection: its terms joined by spaces.
func Key(name string) string { return strings.Join(Terms(name), " ") }
