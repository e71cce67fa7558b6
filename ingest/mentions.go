package ingest

import (
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/ingest/morph"
	"github.com/wtz-graph/kg/polish"
)

// Mention is a candidate entity found in a paragraph.
type Mention struct {
	Type ecosystem.NodeType
	// Text is what the paragraph says; [From, To) its byte offsets in the paragraph's text.
	Text     string
	Para     int
	From, To int
	Sentence int
	// Name is the proposed name, in the nominative; Aliases other names it goes by here.
	Name    string
	Aliases []string
	// Kind is the organisation's or event's kind.
	Kind string
	// Place is the organisation's seat, the event's place, or the place itself.
	Place *PlaceRef
	// Area is a region an organisation's name says it serves (Oddział Pomorski PFRON).
	Area *PlaceRef
	// Title is a person's position; Org the organisation it is held at, or, when Affiliated,
	// the one the person is from (Halina Zielińska z Wydziału … Urzędu Wojewódzkiego).
	Title      string
	Org        *Mention
	Affiliated bool
	// Dates of an event.
	Start, End string
	// Abbrev is an organisation's abbreviation, when the mention is one.
	Abbrev string
	// Same points to the first mention of the same entity in the article.
	Same *Mention
	// Guessed is set when a form was read with the ending rules, not the lexicon.
	Guessed bool
	// Implied is set for a place no word of the text names (an area a centre serves, a
	// capital): it takes part in no sentence's relations.
	Implied bool
	// Planned is set for an event the text speaks of as to come.
	Planned bool
	// Series is set for an event named in the plural (Wielkopolskie Fora WTZ): the yearly
	// series its editions are part of.
	Series   bool
	DateNote string
	// NextEdition is set for "kolejna tura / edycja …": a new event of a kind met before.
	NextEdition bool
	// Visited is set for an organisation named as visited (a host of a session).
	Visited bool
	// Parent is the event a session is part of; Hosts the organisations it visited.
	Parent *Mention
	Hosts  []*Mention
	// Speakers are the people a stop was a meeting with.
	Speakers []*Mention
	// Generic is set for a name that speaks of a kind of institution, not of one (pomorskie
	// WTZ): it is proposed only when it refers to an entity named in full elsewhere.
	Generic bool
	// itemEnd is the byte offset where a session's item of the programme ends.
	itemEnd int
	// OwnPublisher is set for a person whose position is at the publisher (jej kierowniczka,
	// of the house the article is by).
	OwnPublisher bool
	// ownKind, with OwnPublisher, is the kind the publisher must be (Kierowniczka WTZ in an
	// article naming several workshops: the publishing one).
	ownKind ecosystem.OrganisationKind
	// site is the token range (from, to) of the named site a host-less stop toured
	// (zwiedzanie Osiedla Sitowie w Gdańsku), and At the place it is in.
	site [2]int
	At   *Mention
}

// PlaceRef is a place: its nominative name and, when the gazetteer knows it, its unit;
// Country is set for a place of the graph outside Poland.
type PlaceRef struct {
	Name      string
	Gazetteer *gazetteer.Place
	Country   string
	// Kind is set for a place of the table of places abroad (COUNTRY, CITY): neither the
	// gazetteer's nor necessarily the graph's.
	Kind ecosystem.PlaceKind
}

// GraphPlace is a place the graph holds: its name and country.
type GraphPlace struct{ Name, Country string }

// heads are the nouns formulaic organisation names are built on, with the kind they give by
// the complement that follows (the first complement that matches; "" any).
var heads = map[string][]struct {
	complement []string // stem prefixes of the following words
	kind       ecosystem.OrganisationKind
}{
	"ośrodek":        {{[]string{"pomoc", "spolecz"}, ecosystem.KindOPS}, {[]string{"pomoc", "rodzin"}, ecosystem.KindMOPR}, {[]string{"polityk", "spolecz"}, ecosystem.KindROPS}, {[]string{"wsparc", "ekonom"}, ecosystem.KindOWES}, {nil, ecosystem.KindOther}},
	"centrum":        {{[]string{"pomoc", "rodzin"}, ecosystem.KindPCPR}, {[]string{"uslug", "spolecz"}, ecosystem.KindCUS}, {[]string{"integrac", "spolecz"}, ecosystem.KindCIS}, {[]string{"polityk", "spolecz"}, ecosystem.KindROPS}, {nil, ecosystem.KindOther}},
	"warsztat":       {{[]string{"terap"}, ecosystem.KindWTZ}},
	"zakład":         {{[]string{"aktywn", "zawod"}, ecosystem.KindZAZ}},
	"dom":            {{[]string{"samopomoc"}, ecosystem.KindSDS}, {[]string{"pomoc", "spolecz"}, ecosystem.KindDPS}},
	"klub":           {{[]string{"integrac"}, ecosystem.KindKIS}},
	"stowarzyszenie": {{nil, ecosystem.KindAssociation}},
	"fundacja":       {{nil, ecosystem.KindFoundation}},
	"spółdzielnia":   {{nil, ecosystem.KindSocialCooperative}},
	"federacja":      {{nil, ecosystem.KindFederation}},
	"urząd":          {{[]string{"prac"}, ecosystem.KindLabourOffice}, {[]string{"marszal"}, ecosystem.KindRegionalGovernment}, {nil, ecosystem.KindLocalGovernment}},
	"oddział":        {{nil, ecosystem.KindPFRONBranch}},
	"województwo":    {{nil, ecosystem.KindRegionalGovernment}},
	"samorząd":       {{nil, ecosystem.KindRegionalGovernment}},
	"starostwo":      {{nil, ecosystem.KindLocalGovernment}},
	"gmina":          {{[]string{"miast"}, ecosystem.KindLocalGovernment}, {nil, ecosystem.KindLocalGovernment}},
	"klaster":        {{nil, ecosystem.KindFederation}},
	"sieć":           {{nil, ecosystem.KindFederation}},
	"akademia":       {{nil, ecosystem.KindOther}},
	"ministerstwo":   {{nil, ecosystem.KindStateAdministration}},
	"fundusz":        {{[]string{"rehabilit"}, ecosystem.KindPFRON}},
	"zespół":         {{nil, ecosystem.KindOther}},
	"rada":           {{nil, ecosystem.KindOther}},
	"sejmik":         {{nil, ecosystem.KindOther}},
	"laboratorium":   {{nil, ecosystem.KindOther}},
	"instytut":       {{nil, ecosystem.KindOther}},
	"uniwersytet":    {{nil, ecosystem.KindOther}},
	"szkoła":         {{nil, ecosystem.KindOther}},
}

// abbreviations of the sector, with the kind and the full name they stand for; local kinds
// are named with their place (PCPR w Kraśniku).
var abbreviations = map[string]struct {
	kind  ecosystem.OrganisationKind
	full  string
	local bool
}{
	"MOPS":  {ecosystem.KindOPS, "Miejski Ośrodek Pomocy Społecznej", true},
	"GOPS":  {ecosystem.KindOPS, "Gminny Ośrodek Pomocy Społecznej", true},
	"MGOPS": {ecosystem.KindOPS, "Miejsko-Gminny Ośrodek Pomocy Społecznej", true},
	"OPS":   {ecosystem.KindOPS, "Ośrodek Pomocy Społecznej", true},
	"MOPR":  {ecosystem.KindMOPR, "Miejski Ośrodek Pomocy Rodzinie", true},
	"PCPR":  {ecosystem.KindPCPR, "Powiatowe Centrum Pomocy Rodzinie", true},
	"ROPS":  {ecosystem.KindROPS, "Regionalny Ośrodek Polityki Społecznej", true},
	"CUS":   {ecosystem.KindCUS, "Centrum Usług Społecznych", true},
	"WTZ":   {ecosystem.KindWTZ, "Warsztat Terapii Zajęciowej", true},
	"ZAZ":   {ecosystem.KindZAZ, "Zakład Aktywności Zawodowej", true},
	"ŚDS":   {ecosystem.KindSDS, "Środowiskowy Dom Samopomocy", true},
	"DPS":   {ecosystem.KindDPS, "Dom Pomocy Społecznej", true},
	"CIS":   {ecosystem.KindCIS, "Centrum Integracji Społecznej", true},
	"KIS":   {ecosystem.KindKIS, "Klub Integracji Społecznej", true},
	"PUP":   {ecosystem.KindLabourOffice, "Powiatowy Urząd Pracy", true},
	"WUP":   {ecosystem.KindLabourOffice, "Wojewódzki Urząd Pracy", true},
	"OWES":  {ecosystem.KindOWES, "Ośrodek Wsparcia Ekonomii Społecznej", true},
	"PFRON": {ecosystem.KindPFRON, "Państwowy Fundusz Rehabilitacji Osób Niepełnosprawnych", false},
}

// notOrganisations are capitalised abbreviations that name no organisation.
var notOrganisations = map[string]bool{"RP": true, "UE": true, "EFS": true, "RPO": true, "PO": true, "WER": true, "NGO": true, "ES": true, "CSR": true}

// roles are the position words that come before or after a person's name.
var roles = map[string]bool{"dyrektor": true, "dyrektorka": true, "kierownik": true, "kierowniczka": true, "prezes": true,
	"prezeska": true, "wiceprezes": true, "wicedyrektor": true, "zastępca": true, "specjalista": true, "specjalistka": true,
	"koordynator": true, "koordynatorka": true, "przewodniczący": true, "przewodnicząca": true, "członek": true,
	"burmistrz": true, "prezydent": true, "wójt": true, "starosta": true, "marszałek": true, "sekretarz": true,
	"animatorka": true, "animator": true, "terapeuta": true, "terapeutka": true, "instruktor": true, "instruktorka": true,
	"psycholog": true, "pedagog": true, "asystent": true, "asystentka": true, "trener": true, "trenerka": true,
	"przedstawiciel": true, "przedstawicielka": true, "zastępczyni": true, "wicestarosta": true, "wiceburmistrz": true,
	"wiceprezydent": true, "wicemarszałek": true, "wójtowa": true, "skarbnik": true, "opiekun": true, "opiekunka": true}

// affiliations are role words that say whom a person speaks for, not a post they hold.
var affiliations = map[string]bool{"przedstawiciel": true, "przedstawicielka": true}

// honorifics come before a name without a position.
var honorifics = map[string]bool{"pani": true, "pan": true}

// readings are the lexicon's readings of a word, else the ending rules' for part.
func readings(word, part string) ([]morph.Analysis, bool) {
	if a := morph.Analyse(word); len(a) > 0 {
		return a, false
	}
	return morph.Guess(word, part), true
}

// lemmaOf is the word's lemma as the part of speech part, or "".
func lemmaOf(word, part string) string {
	for _, a := range morph.Analyse(word) {
		if a.Part() == part {
			return a.Lemma
		}
	}
	return ""
}

// headLemma is the lemma of a word that heads an organisation name, or "".
func headLemma(word string) string {
	if first, _, ok := strings.Cut(word, "-"); ok && first != "" && isUpperStart(first) {
		if h := headLemma(first); h == "gmina" {
			return h // Gmina-Miasto Płock
		}
	}
	for _, a := range morph.Analyse(word) {
		if a.Part() == "subst" {
			if _, ok := heads[a.Lemma]; ok {
				return a.Lemma
			}
			if a.Lemma == "warsztaty" {
				return "warsztat"
			}
		}
	}
	return ""
}

// firstName reports whether a word is a form of a first name of the lexicon (its only
// capitalised lemmas), with the reading.
func firstName(word string) (morph.Analysis, bool) {
	if len(word) < 3 || !(Token{Text: word, Kind: Word}).Cap() {
		return morph.Analysis{}, false
	}
	for _, a := range morph.Analyse(word) {
		if a.Part() == "subst" && a.Number() == "sg" && isUpperStart(a.Lemma) {
			return a, true
		}
	}
	return morph.Analysis{}, false
}

func isUpperStart(s string) bool { return Token{Text: s, Kind: Word}.Cap() }

func isRole(word string) bool {
	return roles[lemmaOf(word, "subst")] || roles[lower(word)]
}

// capitalise writes s with the capitalisation of like's first letter.
func capitalise(s, like string) string {
	if s == "" || !isUpperStart(like) {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// stems are the folded stems of a phrase's words.
func stems(words ...string) []string {
	var out []string
	for _, w := range words {
		out = append(out, polish.Stem(polish.Fold(w)))
	}
	return out
}

// hasPrefixes reports whether the words start with the stem prefixes, in order.
func hasPrefixes(ws []string, prefixes []string) bool {
	if len(ws) < len(prefixes) {
		return false
	}
	for i, p := range prefixes {
		if !strings.HasPrefix(ws[i], p) {
			return false
		}
	}
	return true
}

// places resolves place names for the extraction: the morphology table gives the nominative
// of a case form, the gazetteer the unit.
type places struct {
	g *gazetteer.Gazetteer
	// known are names of places the graph holds that the gazetteer lacks (foreign places),
	// by folded name; lookup asks the graph for one.
	known  map[string]GraphPlace
	lookup func(name string) (GraphPlace, bool)
	// regions counts the voivodeships of the places resolved so far in the article, to tell
	// homonyms apart (w Świdnicy after Wrocław and Wałbrzych: the Lower Silesian town).
	regions map[string]int
}

// graphPlace is the graph's place called name, if any: by its name, or for a one-word name
// the dictionary lacks, by its stem (w Łężeczkach: Łężeczki), which a place of the graph must
// have alone.
func (p places) graphPlace(name string) (*PlaceRef, bool) {
	gp, ok := p.known[polish.Fold(name)]
	if !ok && p.lookup != nil {
		gp, ok = p.lookup(name)
	}
	if !ok && !strings.Contains(name, " ") && len(name) >= 6 {
		stem := polish.Stem(polish.Fold(name))
		var found []GraphPlace
		for k, v := range p.known {
			if !strings.Contains(k, " ") && polish.Stem(k) == stem && !slices.Contains(found, v) {
				found = append(found, v)
			}
		}
		if len(found) == 1 {
			gp, ok = found[0], true
		}
	}
	if !ok {
		return nil, false
	}
	ref := &PlaceRef{Name: gp.Name}
	if gp.Country != "PL" {
		ref.Country = gp.Country
	}
	return ref, true
}

// resolve reads a place named by the words (a case form or a nominative), or nil: the
// gazetteer's unit of the nominative the table gives, else a place of the graph of that name.
func (p places) resolve(form string) *PlaceRef {
	name, ok := morph.Place(form)
	if p.g != nil {
		got, err := p.g.Resolve(gazetteer.Query{Text: name})
		var amb *gazetteer.AmbiguousError
		if errors.As(err, &amb) {
			got, err = p.inContext(name), nil
		}
		if err == nil && got != nil && (ok || polish.Fold(got.Name) == polish.Fold(name)) {
			// (a form the table lacks is accepted only as the exact name, not through the
			// gazetteer's own ending rules)
			if p.regions != nil && got.VoivodeshipCode != "" {
				p.regions[got.VoivodeshipCode]++
			}
			return &PlaceRef{Name: got.Name, Gazetteer: got}
		}
	}
	if ref, found := p.graphPlace(name); found {
		return ref
	}
	// a country or a town abroad (w Niemczech, w Ołomuńcu): the graph's place of its name
	// when it has one, else a new place of that country
	if name, code, kind, ok := morph.Abroad(form); ok {
		if ref, found := p.graphPlace(name); found {
			return ref
		}
		return &PlaceRef{Name: name, Country: code, Kind: ecosystem.PlaceKind(kind)}
	}
	return nil
}

// inContext is the one of several places called name that lies in the voivodeship the
// article's other places are most often in, or nil when none stands out.
func (p places) inContext(name string) *gazetteer.Place {
	var best *gazetteer.Place
	top, tie := 0, false
	for _, c := range p.g.Candidates(name) {
		if c.Kind == gazetteer.Voivodeship || c.Kind == gazetteer.Powiat {
			continue
		}
		n := p.regions[c.VoivodeshipCode]
		switch {
		case n > top:
			best, top, tie = c, n, false
		case n == top && n > 0 && best != nil && best.VoivodeshipCode != c.VoivodeshipCode:
			tie = true
		}
	}
	if tie || top == 0 {
		return nil
	}
	return best
}

// unlisted reads a one-word town after a preposition in a case form the tables lack (w
// Głuchołazach): the gazetteer's own ending rules give a locality whose name the form starts
// with, all but its ending.
func (p places) unlisted(form string) *PlaceRef {
	if p.g == nil || len([]rune(form)) < 4 {
		return nil
	}
	got, err := p.g.Resolve(gazetteer.Query{Text: form, Kinds: []gazetteer.Kind{gazetteer.Locality}})
	if err != nil {
		return nil
	}
	f, n := []rune(polish.Fold(form)), []rune(polish.Fold(got.Name))
	common := 0
	for common < len(f) && common < len(n) && f[common] == n[common] {
		common++
	}
	switch {
	case len(n) <= 5 && (common < 3 || common < len(n)-1): // w Żarach: Żary
		return nil
	case len(n) > 5 && (common < 5 || common < len(n)-2): // w Głuchołazach: Głuchołazy
		return nil
	}
	if p.regions != nil && got.VoivodeshipCode != "" {
		p.regions[got.VoivodeshipCode]++
	}
	return &PlaceRef{Name: got.Name, Gazetteer: got}
}

// regionNames are the historical and customary names of regions that stand for a
// voivodeship (na Dolnym Śląsku, z Lubelszczyzny, na Warmii i Mazurach): the folded
// beginnings of their words, and the voivodeship's TERC code.
var regionNames = []struct {
	words []string
	code  string
}{
	{[]string{"doln", "slas"}, "02"}, {[]string{"gorn", "slas"}, "24"}, {[]string{"pomorz", "zachodni"}, "32"},
	{[]string{"warmi", "i", "mazur"}, "28"}, {[]string{"ziemi", "lubusk"}, "08"},
	{[]string{"lubelszczyz"}, "06"}, {[]string{"opolszczyz"}, "16"}, {[]string{"kielecczyz"}, "26"},
	{[]string{"podkarpaci"}, "18"}, {[]string{"podlasi"}, "20"}, {[]string{"mazowsz"}, "14"},
	{[]string{"kujaw"}, "04"}, {[]string{"pomorz"}, "22"}, {[]string{"slask"}, "24"},
	{[]string{"wielkopolsc"}, "30"}, {[]string{"wielkopolska"}, "30"}, {[]string{"wielkopolske"}, "30"},
	{[]string{"malopolsc"}, "12"}, {[]string{"malopolska"}, "12"}, {[]string{"malopolske"}, "12"},
}

// region reads a region's customary name at toks[i] as its voivodeship.
func (p places) region(toks []Token, i int) (*PlaceRef, int) {
	if p.g == nil {
		return nil, 0
	}
	for _, rn := range regionNames {
		if i+len(rn.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range rn.words {
			t := toks[i+k]
			if t.Sentence != toks[i].Sentence || !strings.HasPrefix(polish.Fold(lower(t.Text)), w) || (k == 0 && !t.Cap()) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if u, found := p.g.ByCode(rn.code); found {
			if p.regions != nil {
				p.regions[rn.code]++
			}
			return &PlaceRef{Name: unitName(u), Gazetteer: u}, len(rn.words)
		}
	}
	return nil, 0
}

// placeAt reads a place name of one to three capitalised words at toks[i] (Gdyni, Tomaszowie
// Lubelskim, Kędzierzynie-Koźlu), longest first; n is the number of tokens taken.
func (p places) placeAt(toks []Token, i int) (*PlaceRef, int) {
	for n := 3; n >= 1; n-- {
		if i+n > len(toks) {
			continue
		}
		ok := true
		words := make([]string, 0, n)
		for _, t := range toks[i : i+n] {
			if !t.Cap() || t.Sentence != toks[i].Sentence {
				ok = false
				break
			}
			words = append(words, t.Text)
		}
		if !ok {
			continue
		}
		if ref := p.resolve(strings.Join(words, " ")); ref != nil {
			return ref, n
		}
	}
	return nil, 0
}

// foreignPlace reads a capitalised word after a locative preposition that neither the table
// nor the gazetteer knows, with the ending rules (w Sztokholmie → Sztokholm, w Łężeczkach →
// Łężeczki), when the graph holds a place of that name.
func (p places) foreignPlace(word string) *PlaceRef {
	for _, a := range morph.GuessAll(word, "subst") {
		if ref, ok := p.graphPlace(a.Lemma); ok {
			return ref
		}
	}
	return nil
}

// cityAdjective reads an adjective formed from a place name (gdyńskiego → Gdynia) by its
// stem, when one gazetteer town's name has it.
func (p places) cityAdjective(word string) *PlaceRef {
	if p.g == nil {
		return nil
	}
	var lemma string
	for _, a := range append(morph.Analyse(word), morph.Guess(word, "adj")...) {
		if a.Part() == "adj" && (strings.HasSuffix(a.Lemma, "ski") || strings.HasSuffix(a.Lemma, "cki")) {
			lemma = a.Lemma
			break
		}
	}
	if lemma == "" {
		return nil
	}
	if ref := p.resolve(morph.Inflect(lower(lemma), "adj:sg:nom:n")); ref != nil && ref.Gazetteer != nil && ref.Gazetteer.Kind == gazetteer.Voivodeship {
		return ref // warmińsko-mazurski → warmińsko-mazurskie
	}
	stem := polish.Fold(strings.TrimSuffix(lower(lemma), "ski"))
	if strings.HasSuffix(lemma, "cki") {
		stem = polish.Fold(strings.TrimSuffix(lower(lemma), "ki")) // płocki → płoc-, kielecki → kielec-
	}
	if len(stem) < 4 {
		return nil
	}
	stems := []string{stem[:len(stem)-1]}
	if n := len(stem); n >= 5 && stem[n-2] == 'e' {
		stems = append(stems, stem[:n-2]+stem[n-1:]) // a mobile e: kielec- → Kielce
	}
	var found []*gazetteer.Place
	full := map[string]bool{}
	for _, pl := range localitiesByPrefix(p.g)[stem[:3]] {
		slack := 4 // kościerski → Kościerzyna
		if strings.HasSuffix(lemma, "cki") {
			slack = 2 // kraśnicki → Kraśnik, not Kraśniczyn
		}
		if strings.HasPrefix(polish.Fold(pl.Name), stem) && len(polish.Fold(pl.Name)) <= len(stem)+slack {
			found = append(found, pl) // świdnic- is Świdnica, not Świdnik; koscier- is Kościerzyna, not Kościelec
			full[pl.Name] = true
		}
	}
	if len(full) != 1 {
		found = nil
	}
	if len(found) == 0 {
		for _, pl := range localitiesByPrefix(p.g)[stem[:3]] {
			for _, st := range stems {
				if strings.HasPrefix(polish.Fold(pl.Name), st) && len(polish.Fold(pl.Name)) <= len(stem)+2 {
					found = append(found, pl)
					break
				}
			}
		}
		if strings.HasSuffix(lemma, "cki") {
			// the nearest to the stem (kielec- is Kielce, not Kiełczów)
			shortest := 0
			for _, f := range found {
				if n := len(polish.Fold(f.Name)); shortest == 0 || n < shortest {
					shortest = n
				}
			}
			found = slices.DeleteFunc(found, func(f *gazetteer.Place) bool { return len(polish.Fold(f.Name)) > shortest })
		}
	}
	names := map[string]bool{}
	for _, f := range found {
		names[f.Name] = true
	}
	if len(names) != 1 {
		return nil
	}
	if len(found) > 1 {
		if c := p.inContext(found[0].Name); c != nil {
			return &PlaceRef{Name: c.Name, Gazetteer: c}
		}
	}
	return &PlaceRef{Name: found[0].Name, Gazetteer: found[0]}
}

// nominative writes the words of an organisation or event name from its first word through
// its head, and the adjectives after the head that agree with it, in the nominative; the rest
// (the genitive complements, "w Gdyni") stays as written.
func nominative(words []string, head int) (string, bool) {
	if parts := strings.Split(words[head], "-"); len(parts) == 2 && headLemma(parts[0]) != "" {
		// Gminy-Miasta Płock → Gmina-Miasto Płock: each part of a hyphenated head
		for k, p := range parts {
			for _, a := range morph.Analyse(p) {
				if a.Part() == "subst" && a.Number() == "sg" {
					if f := morph.Inflect(a.Lemma, "subst:sg:nom"); f != "" {
						parts[k] = capitalise(f, p)
						break
					}
				}
			}
		}
		out := slices.Clone(words)
		out[head] = strings.Join(parts, "-")
		return strings.Join(out, " "), false
	}
	guessed := false
	headForms, g := readings(words[head], "subst")
	guessed = guessed || g
	// The head's reading: the one the adjectives next to it agree with, singular first.
	agrees := func(a morph.Analysis, w string) bool {
		rs, _ := readings(w, "adj")
		for _, b := range rs {
			if b.Part() == "adj" && b.Number() == a.Number() && b.Case() == a.Case() && b.Gender() == a.Gender() {
				return true
			}
		}
		return false
	}
	var hr *morph.Analysis
	bestScore := -1
	for i := range headForms {
		a := headForms[i]
		if a.Part() != "subst" {
			continue
		}
		// An adjective before the head agrees with it (Gminno-Powiatowych Zespołów); one after
		// it may be a name of its own in the genitive (Fundacji Dobrych Sąsiadów), so it
		// counts least.
		score := 0
		if a.Number() == "sg" {
			score = 3
		}
		if head > 0 && isAdjective(words[head-1]) {
			if agrees(a, words[head-1]) {
				score += 4
			}
		} else if head+1 < len(words) && isAdjective(words[head+1]) && agrees(a, words[head+1]) {
			score++
		}
		if score > bestScore {
			hr, bestScore = &headForms[i], score
		}
	}
	out := slices.Clone(words)
	if hr == nil {
		return strings.Join(out, " "), true
	}
	num, gender := hr.Number(), hr.Gender()
	if f := morph.Inflect(hr.Lemma, "subst:"+num+":nom"); f != "" {
		out[head] = capitalise(f, words[head])
	}
	cases := map[string]bool{}
	for _, a := range headForms {
		if a.Part() == "subst" && a.Lemma == hr.Lemma && a.Number() == num {
			cases[a.Case()] = true
		}
	}
	adj := func(i int) bool {
		rs, g := readings(words[i], "adj")
		for _, a := range rs {
			if a.Part() == "adj" && a.Number() == num && cases[a.Case()] && a.Gender() == gender {
				if f := morph.Inflect(a.Lemma, "adj:"+num+":nom:"+gender); f != "" {
					out[i] = capitalise(f, words[i])
					guessed = guessed || g
					return true
				}
			}
		}
		return false
	}
	for i := 0; i < head; i++ {
		adj(i)
	}
	// Oddziału Łódzkiego Państwowego Funduszu: of the adjectives after the head, those
	// before a noun they agree with are that noun's (Państwowego Funduszu), the first is the
	// head's.
	run := head + 1
	for run < len(words) && isAdjective(words[run]) {
		run++
	}
	last := run
	if run < len(words) && run > head+2 && agreesWith(words[run-1], words[run]) {
		last = head + 2
	}
	for i := head + 1; i < last && adj(i); i++ {
	}
	return strings.Join(out, " "), guessed
}

// agreesWith reports whether an adjective can modify the noun after it (the same case,
// number and gender in some reading of each).
func agreesWith(adjective, noun string) bool {
	as, _ := readings(adjective, "adj")
	ns, _ := readings(noun, "subst")
	for _, a := range as {
		for _, n := range ns {
			if a.Part() == "adj" && n.Part() == "subst" && a.Case() == n.Case() && a.Number() == n.Number() && a.Gender() == n.Gender() {
				return true
			}
		}
	}
	return false
}

// localitiesByPrefix indexes a gazetteer's localities by the first three letters of their
// folded names, once per gazetteer.
var localityIndex sync.Map // *gazetteer.Gazetteer → map[string][]*gazetteer.Place

func localitiesByPrefix(g *gazetteer.Gazetteer) map[string][]*gazetteer.Place {
	if v, ok := localityIndex.Load(g); ok {
		return v.(map[string][]*gazetteer.Place)
	}
	idx := map[string][]*gazetteer.Place{}
	for _, pl := range g.Places() {
		if f := polish.Fold(pl.Name); pl.Kind == gazetteer.Locality && len(f) >= 3 {
			idx[f[:3]] = append(idx[f[:3]], pl)
		}
	}
	localityIndex.Store(g, idx)
	return idx
}
