package polish

import "strings"

// Polish case endings alternate a stem's last consonant: Wieliczka → w Wieliczce (k/c), Praga →
// w Pradze (g/dz), Stargard → w Stargardzie (d/dz), Zielona Góra → w Zielonej Górze (r/rz),
// Bytów? no: Płot → w Płocie (t/c), Włochy → we Włoszech (ch/sz). A name's terms are indexed
// with these variants of their stems as well (IndexTerms), and a query term that matches a
// variant matches the term (TermMatch), so that every case form finds the name. Scoring still
// counts the name's own terms only: a variant adds no term to a name.

// alternations maps a stem's final consonant to the one its case endings give.
var alternations = []struct{ from, to string }{
	{"ch", "sz"}, {"k", "c"}, {"g", "dz"}, {"r", "rz"}, {"d", "dz"}, {"t", "c"},
}

// Variants returns the alternated forms of a stem (none for stems shorter than minStem or
// with digits).
func Variants(term string) []string {
	if len(term) < minStem {
		return nil
	}
	for _, r := range term {
		if r >= '0' && r <= '9' {
			return nil
		}
	}
	for _, a := range alternations {
		if strings.HasSuffix(term, a.from) {
			return []string{term[:len(term)-len(a.from)] + a.to}
		}
	}
	return nil
}

// IndexTerms lists the terms a name is indexed under: its terms and their variants.
func IndexTerms(name string) []string {
	terms := Terms(name)
	out := append([]string(nil), terms...)
	for _, t := range terms {
		out = append(out, Variants(t)...)
	}
	return dedupe(out)
}

// minFuzzy is the shortest query term that tolerates one typo.
const minFuzzy = 6

// OneEdit reports whether a and b are one edit apart (one letter inserted, deleted, replaced, or
// two neighbours swapped): the typo tolerance of query terms of minFuzzy letters or more.
func OneEdit(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		i := 0
		for i < la && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return true // replaced
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] // swapped
	case la == lb+1:
		return oneDeletion(a, b)
	case lb == la+1:
		return oneDeletion(b, a)
	}
	return false
}

// oneDeletion reports whether deleting one letter of long gives short.
func oneDeletion(long, short string) bool {
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	return long[i+1:] == short[i:]
}

// Deletions lists the forms of a term with one letter deleted: how an index finds the terms one
// edit from a query term (each pair of terms one edit apart shares the term or one deletion).
func Deletions(term string) []string {
	out := make([]string, 0, len(term))
	for i := range len(term) {
		d := term[:i] + term[i+1:]
		if len(out) == 0 || out[len(out)-1] != d {
			out = append(out, d)
		}
	}
	return out
}
