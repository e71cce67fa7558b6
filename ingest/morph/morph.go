// Package morph reads Polish word forms from tables that ingest/morph/gen/morph.py writes from
// Morfeusz 2 and its SGJP dictionary (BSD 2-clause; data/LICENSE-SGJP): the forms of the
// sector's vocabulary, first names and months with their lemmas and tags (lexicon.tsv), the
// case forms of the gazetteer's place names (places.tsv) and of the names of countries and
// towns abroad (abroad.tsv), and ending rules learned from the lexicon for the words it lacks
// (suffixes.tsv). Tags are Morfeusz's (NKJP tagset):
// part:number:case:gender[:…], e.g. subst:sg:loc:m3 or adj:sg:gen:f:pos.
package morph

import (
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"
)

var (
	//go:embed data/lexicon.tsv
	lexiconTSV string
	//go:embed data/places.tsv
	placesTSV string
	//go:embed data/suffixes.tsv
	suffixesTSV string
	//go:embed data/abroad.tsv
	abroadTSV string
)

// Analysis is one reading of a form: its lemma and tag.
type Analysis struct {
	Lemma, Tag string
}

// Part is the tag's part of speech (subst, adj).
func (a Analysis) Part() string { return field(a.Tag, 0) }

// Number is sg or pl.
func (a Analysis) Number() string { return field(a.Tag, 1) }

// Case is nom, gen, dat, acc, inst, loc or voc.
func (a Analysis) Case() string { return field(a.Tag, 2) }

// Gender is m1, m2, m3, f or n.
func (a Analysis) Gender() string { return field(a.Tag, 3) }

func field(tag string, i int) string {
	parts := strings.Split(tag, ":")
	if i < len(parts) {
		return parts[i]
	}
	return ""
}

type rule struct {
	form, lemma, tag string
	count            int
}

type tables struct {
	forms  map[string][]Analysis // by form, and by lower-cased form
	lemmas map[string][][2]string
	places map[string]string
	// placeForms by name and case.
	placeForms map[[2]string]string
	// abroad: the forms of a country's or foreign town's name → its name, its country's
	// ISO 3166-1 code and its kind (COUNTRY, CITY).
	abroad map[string][3]string
	// rules by form suffix, most frequent first; byLemma by lemma suffix.
	rules, byLemma map[string][]rule
	maxSuffix      int
}

var (
	once sync.Once
	t    tables
)

func load() *tables {
	once.Do(func() {
		t = tables{forms: map[string][]Analysis{}, lemmas: map[string][][2]string{}, places: map[string]string{}, placeForms: map[[2]string]string{}, abroad: map[string][3]string{}, rules: map[string][]rule{}, byLemma: map[string][]rule{}}
		for _, f := range rows(lexiconTSV) {
			if len(f) != 3 {
				continue
			}
			a := Analysis{Lemma: f[1], Tag: f[2]}
			t.forms[f[0]] = append(t.forms[f[0]], a)
			if low := strings.ToLower(f[0]); low != f[0] {
				t.forms[low] = append(t.forms[low], a)
			}
			t.lemmas[f[1]] = append(t.lemmas[f[1]], [2]string{f[0], f[2]})
		}
		for _, f := range rows(placesTSV) {
			if len(f) == 3 {
				t.places[f[0]] = f[1]
				if _, ok := t.placeForms[[2]string{f[1], f[2]}]; !ok {
					t.placeForms[[2]string{f[1], f[2]}] = f[0]
				}
			}
		}
		for _, f := range rows(abroadTSV) {
			if len(f) == 4 {
				t.abroad[f[0]] = [3]string{f[1], f[2], f[3]}
			}
		}
		for _, f := range rows(suffixesTSV) {
			if len(f) != 4 {
				continue
			}
			n, _ := strconv.Atoi(f[3])
			r := rule{form: f[0], lemma: f[1], tag: f[2], count: n}
			t.rules[r.form] = append(t.rules[r.form], r)
			t.byLemma[r.lemma] = append(t.byLemma[r.lemma], r)
			t.maxSuffix = max(t.maxSuffix, len([]rune(r.form)), len([]rune(r.lemma)))
		}
		for _, m := range []map[string][]rule{t.rules, t.byLemma} {
			for _, rs := range m {
				sort.SliceStable(rs, func(i, j int) bool { return rs[i].count > rs[j].count })
			}
		}
	})
	return &t
}

func rows(data string) [][]string {
	var out [][]string
	for _, line := range strings.Split(data, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	return out
}

// Analyse gives the lexicon's readings of a form (as written, else lower-cased), or none.
func Analyse(form string) []Analysis {
	tb := load()
	if a := tb.forms[form]; len(a) > 0 {
		return a
	}
	return tb.forms[strings.ToLower(form)]
}

// Known reports whether the lexicon holds the form.
func Known(form string) bool { return len(Analyse(form)) > 0 }

// Guess gives readings of a form the lexicon lacks from the ending rules whose tag starts
// with part (adj, subst), most frequent first: the longest matching ending decides. The lemma
// keeps the form's capitalisation.
func Guess(form, part string) []Analysis {
	tb := load()
	r := []rune(form)
	low := []rune(strings.ToLower(form))
	for n := min(tb.maxSuffix, len(low)-2); n >= 2; n-- {
		var out []Analysis
		for _, ru := range tb.rules[string(low[len(low)-n:])] {
			if part == "" || strings.HasPrefix(ru.tag, part+":") {
				out = append(out, Analysis{Lemma: string(r[:len(r)-n]) + ru.lemma, Tag: ru.tag})
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// Inflect gives the form of lemma whose tag starts with tag (adj:sg:nom:f), from the lexicon,
// else from the ending rules (capitalised as the lemma is); "" when neither knows it.
func Inflect(lemma, tag string) string {
	tb := load()
	for _, ft := range tb.lemmas[lemma] {
		if strings.HasPrefix(ft[1], tag) {
			return ft[0]
		}
	}
	r := []rune(lemma)
	low := []rune(strings.ToLower(lemma))
	for n := min(tb.maxSuffix, len(low)-2); n >= 1; n-- {
		for _, ru := range tb.byLemma[string(low[len(low)-n:])] {
			if strings.HasPrefix(ru.tag, tag) {
				return string(r[:len(r)-n]) + ru.form
			}
		}
	}
	return ""
}

// Place gives the nominative of a case form of a gazetteer place name ("Tomaszowie
// Lubelskim" → "Tomaszów Lubelski"), or the form itself when it is a nominative the table
// does not list, with ok false.
func Place(form string) (string, bool) {
	if n, ok := load().places[form]; ok {
		return n, true
	}
	return form, false
}

// Abroad gives the Polish name, the country's ISO 3166-1 code and the kind (COUNTRY, CITY)
// of the country or foreign town a form names ("Niemczech" → "Niemcy", "DE", "COUNTRY";
// "Ołomuńcu" → "Ołomuniec", "CZ", "CITY"), ok false when the table lacks it.
func Abroad(form string) (name, code, kind string, ok bool) {
	c, ok := load().abroad[form]
	return c[0], c[1], c[2], ok
}

// PlaceForm gives a place name in a case (gen, dat, acc, inst, loc): "Gdynia", "loc" →
// "Gdyni"; the name itself when the table lacks it.
func PlaceForm(name, grammaticalCase string) string {
	if f, ok := load().placeForms[[2]string{name, grammaticalCase}]; ok {
		return f
	}
	return name
}

// GuessAll gives the readings of every ending rule that matches the form, longest ending
// first, for looking a name up in a list (w Gębicach → Gębice, whichever rule gives it).
func GuessAll(form, part string) []Analysis {
	tb := load()
	r := []rune(form)
	low := []rune(strings.ToLower(form))
	var out []Analysis
	for n := min(tb.maxSuffix, len(low)-2); n >= 1; n-- {
		for _, ru := range tb.rules[string(low[len(low)-n:])] {
			if part == "" || strings.HasPrefix(ru.tag, part+":") {
				out = append(out, Analysis{Lemma: string(r[:len(r)-n]) + ru.lemma, Tag: ru.tag})
			}
		}
	}
	return out
}
