package ingest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/ingest/morph"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// Article is a news item to read.
type Article struct {
	Text string
	// Title, URL, Publisher (an organisation's name or id) and Published (a partial date) come
	// from the editor or the page; Published gives the year of dates written without one.
	Title, URL, Publisher, Published string
}

// Extraction is what an article says, before linking.
type Extraction struct {
	Paragraphs []Paragraph
	Mentions   []*Mention
	Dates      map[int][]Date // by paragraph
	Relations  []*Fact
	// tokens are each paragraph's tokens, read once.
	tokens map[int][]Token
}

// Fact is a relation between two mentions, citing its paragraph, with a note in our words.
type Fact struct {
	Type     ecosystem.RelationType
	From, To *Mention
	Para     int
	Note     string
	Title    string
	Topic    string
	Count    *int
	Inferred bool
}

// Extractor reads articles. Places are resolved with the gazetteer, and with the names of
// places the graph holds that the gazetteer lacks (Known, folded name → name).
type Extractor struct {
	Gazetteer *gazetteer.Gazetteer
	Known     map[string]GraphPlace
	// Lookup, when set, asks the graph for a place of the given name.
	Lookup func(name string) (GraphPlace, bool)
}

// GraphPlaces is a Lookup that searches the store for a place of the name.
func GraphPlaces(ctx context.Context, s store.Store) func(string) (GraphPlace, bool) {
	cache := map[string]*GraphPlace{}
	return func(name string) (GraphPlace, bool) {
		f := polish.Fold(name)
		if gp, ok := cache[f]; ok {
			if gp == nil {
				return GraphPlace{}, false
			}
			return *gp, true
		}
		cache[f] = nil
		hits, err := s.Search(ctx, store.SearchQuery{Text: name, Types: []ecosystem.NodeType{ecosystem.NodePlace}, Limit: 3})
		if err != nil || len(hits) == 0 {
			return GraphPlace{}, false
		}
		keys := make([]ecosystem.NodeKey, len(hits))
		for i, h := range hits {
			keys[i] = h.Node
		}
		nodes, err := s.Nodes(ctx, keys)
		if err != nil {
			return GraphPlace{}, false
		}
		var byStem []*ecosystem.Place
		for _, n := range nodes {
			p, ok := n.(*ecosystem.Place)
			if !ok {
				continue
			}
			for _, nm := range append([]string{p.Name}, p.Aliases...) {
				if polish.Fold(nm) == f {
					cache[f] = &GraphPlace{Name: p.Name, Country: p.Country}
					return *cache[f], true
				}
				if !strings.Contains(f, " ") && len(f) >= 6 && !strings.Contains(nm, " ") && polish.Stem(polish.Fold(nm)) == polish.Stem(f) && !slices.Contains(byStem, p) {
					byStem = append(byStem, p)
				}
			}
		}
		if len(byStem) == 1 {
			// a one-word name in a case the dictionary lacks (w Łężeczkach)
			cache[f] = &GraphPlace{Name: byStem[0].Name, Country: byStem[0].Country}
			return *cache[f], true
		}
		return GraphPlace{}, false
	}
}

// Extract reads an article.
func (x *Extractor) Extract(a Article) *Extraction {
	year := 0
	if len(a.Published) >= 4 {
		year, _ = strconv.Atoi(a.Published[:4]) // 0 when it is not a year
	}
	pl := places{g: x.Gazetteer, known: x.Known, lookup: x.Lookup, regions: map[string]int{}}
	ex := &Extraction{Paragraphs: Paragraphs(a.Text), Dates: map[int][]Date{}, tokens: map[int][]Token{}}
	for _, p := range ex.Paragraphs {
		toks := Tokenize(p.Text)
		shift := 0
		for k := range toks {
			_, toks[k].LineStart = slices.BinarySearch(p.Lines, toks[k].Start)
			// A heading without a full stop (… podczas III Wielkopolskiego Forum WTZ) and the
			// next line that starts with a name (Wielkopolskie Fora WTZ są …) are two sentences.
			if toks[k].LineStart && k > 0 && toks[k-1].Sentence == toks[k].Sentence && (toks[k-1].Cap() || toks[k-1].Upper()) && nameAt(toks, k) {
				shift++
			}
			toks[k].Sentence += shift
		}
		ex.tokens[p.N] = toks
		ex.Dates[p.N] = Dates(p.Text, year)
		r := &reader{p: p, toks: toks, pl: pl, taken: make([]bool, len(toks))}
		r.projects()
		r.namedProgrammes()
		r.funds()
		r.organisations()
		r.companies()
		r.events(ex.Dates[p.N])
		r.visited()
		r.abbreviations()
		r.people()
		r.places()
		ex.Mentions = append(ex.Mentions, r.out...)
	}
	quotedProjects(ex)
	corefer(ex.Mentions)
	repeatedNames(ex)
	sessions(ex)
	eventParts(ex)
	panels(ex)
	openingMeetings(ex)
	all := sentences(ex) // the mentions are all read: references and relations share one grouping
	references(ex, all)
	projectPeriods(ex, all)
	ex.Relations = relate(ex, all, a, x.Gazetteer)
	return ex
}

// reader finds the mentions of one paragraph.
type reader struct {
	p     Paragraph
	toks  []Token
	pl    places
	taken []bool
	out   []*Mention
	// placed caches placedSentence by sentence.
	placed map[int]bool
	// folded caches the folded text of each sentence.
	folded  map[int]string
	planned map[int]bool
}

func (r *reader) mention(t ecosystem.NodeType, from, to int) *Mention {
	m := &Mention{Type: t, Para: r.p.N, From: r.toks[from].Start, To: r.toks[to-1].End, Sentence: r.toks[from].Sentence}
	m.Text = r.p.Text[m.From:m.To]
	for i := from; i < to; i++ {
		r.taken[i] = true
	}
	r.out = append(r.out, m)
	return m
}

func (r *reader) free(i int) bool { return i >= 0 && i < len(r.toks) && !r.taken[i] }

func (r *reader) word(i int) string {
	if i < 0 || i >= len(r.toks) {
		return ""
	}
	return r.toks[i].Text
}

// sameSentence reports whether token j is in token i's sentence.
func (r *reader) sameSentence(i, j int) bool {
	return j >= 0 && j < len(r.toks) && r.toks[i].Sentence == r.toks[j].Sentence
}

// placeAfter reads "w X" / "we X" / "z X" / "ze X" at toks[i]: the preposition, the place and
// the number of tokens taken.
func (r *reader) placeAfter(i int) (string, *PlaceRef, int) {
	prep := lower(r.word(i))
	if prep != "w" && prep != "we" && prep != "z" && prep != "ze" {
		return "", nil, 0
	}
	if !r.sameSentence(i, i+1) {
		return "", nil, 0
	}
	if ref, n := r.pl.placeAt(r.toks, i+1); ref != nil {
		return prep, ref, n + 1
	}
	if ref := r.pl.unlisted(r.word(i + 1)); ref != nil && r.toks[i+1].Cap() {
		return prep, ref, 2
	}
	if (prep == "w" || prep == "we") && r.toks[i+1].Cap() {
		if ref := r.pl.foreignPlace(r.word(i + 1)); ref != nil {
			return prep, ref, 2
		}
	}
	return "", nil, 0
}

// organisations finds formulaic names: capitalised adjectives, a head noun (Ośrodek,
// Centrum, Stowarzyszenie …), its capitalised complements and abbreviations, a quoted name,
// and "w X" when the name carries its place.
func (r *reader) organisations() {
	for i := 0; i < len(r.toks); i++ {
		t := r.toks[i]
		if !r.free(i) || t.Kind != Word || t.Quoted || !t.Cap() {
			continue
		}
		head := headLemma(t.Text)
		if head == "" {
			continue
		}
		start := i
		for start > 0 && r.free(start-1) && r.sameSentence(i, start-1) && r.toks[start-1].Cap() && !r.toks[start-1].Upper() && isAdjective(r.word(start-1)) && !isRole(r.word(start-1)) &&
			!possessive(r.word(start-1)) && agreesWith(r.word(start-1), t.Text) {
			start-- // (Wydziału Polityki Społecznej Łódzkiego Urzędu: Społecznej is not the Urząd's)
		}
		end := i + 1
		quotedName := false
		quoteAt := 0
		for end < len(r.toks) && r.sameSentence(i, end) && r.free(end) {
			n := r.toks[end]
			if n.Text == "„" || n.Text == "\"" || n.Text == "“" {
				if r.afterProgrammeWord(start) {
					break // programu Państwowego Funduszu … „Aktywny samorząd”: the programme's name
				}
				// Stowarzyszenie „Nazwa”: the quoted name ends it.
				k := end + 1
				for k < len(r.toks) && r.toks[k].Quoted {
					k++
				}
				if k < len(r.toks) && k > end+1 {
					quoteAt = end
					end = k + 1
					quotedName = true
				}
				break
			}
			if c := connective(r, end); c > 0 && end > i {
				end += c // Stowarzyszenie na rzecz Spółdzielni Socjalnych, Zespół ds. Modelu
				continue
			}
			if n.Kind != Word || !(n.Cap() || n.Upper() || mixedAbbrev(n.Text)) || isRole(n.Text) {
				break
			}
			if _, ok := firstName(n.Text); ok && end+1 < len(r.toks) && r.toks[end+1].Cap() && !r.toks[end+1].Upper() {
				break // a person's name follows
			}
			if end > i+1 && headLemma(n.Text) != "" && !hasCase(n.Text, "gen") {
				break // another organisation starts (a head in the genitive is a complement)
			}
			end++
			// Sieć Wsparcia Osób z Niepełnosprawnościami: the phrase belongs to the name
			if end+1 < len(r.toks) && lower(r.word(end)) == "z" && r.toks[end+1].Cap() && lemmaOf(lower(r.word(end+1)), "subst") == "niepełnosprawność" && end > i {
				end += 2
				continue
			}
			// "Ministerstwo Rodziny, Pracy i Polityki Społecznej": a list of complements
			if end+2 < len(r.toks) && r.word(end) == "," && end-i >= 1 && r.toks[end+1].Cap() && hasCase(r.word(end+1), "gen") && headLemma(r.word(end+1)) == "" &&
				lower(r.word(end+2)) == "i" && end+3 < len(r.toks) && r.toks[end+3].Cap() && hasCase(r.word(end+3), "gen") {
				if _, person := firstName(r.word(end + 1)); !person {
					end++
					continue
				}
			}
			// "Ministerstwo Pracy i Polityki Społecznej": a conjunction between complements.
			if end+1 < len(r.toks) && lower(r.word(end)) == "i" && end-i >= 1 && r.toks[end+1].Cap() && hasCase(r.word(end+1), "gen") && headLemma(r.word(end+1)) == "" &&
				!(isAdjective(r.word(end+1)) && headLemma(r.word(end+2)) != "") { // … i Powiatowego Centrum: another organisation
				if _, person := firstName(r.word(end + 1)); !person {
					end++
				}
			}
		}
		if end-start == 1 {
			continue // a lone head noun (Stowarzyszenie, Centrum) names no one
		}
		words := make([]string, 0, end-start)
		for k, tk := range r.toks[start:end] {
			switch {
			case tk.Text == "," && len(words) > 0 && k > i-start:
				words[len(words)-1] += "," // Ministerstwo Rodziny, Pracy i Polityki Społecznej
			case tk.Text == "ds" && start+k+1 < end && r.word(start+k+1) == ".":
				words = append(words, "ds.")
			case tk.Kind == Word || tk.Kind == Number:
				words = append(words, tk.Text)
			}
		}
		kind := kindOf(head, stems(words[i-start+1:]...))
		if kind == "" {
			continue
		}
		m := r.mention(ecosystem.NodeOrganisation, start, end)
		name, guessed := nominative(words, i-start)
		if quotedName {
			// The words before the quotes in the nominative (Spółdzielnia Socjalna), then the
			// quoted name as written.
			before := 0
			for _, tk := range r.toks[start:quoteAt] {
				if tk.Kind == Word || tk.Kind == Number {
					before++
				}
			}
			unquoted, g := nominative(words[:max(before, i-start+1)], i-start)
			guessed = guessed || g
			name = unquoted + " " + strings.TrimSpace(r.p.Text[r.toks[quoteAt].Start:r.toks[end-1].End])
		}
		m.Guessed = guessed
		m.Kind = string(kind)
		if head == "województwo" && (len(words) < i-start+2 || !isAdjective(words[i-start+1])) {
			r.untake(m)
			continue
		}
		// The place: "w X" belongs to the name of local institutions; "z X" says where it is.
		// (An abbreviation in brackets may stand between: Środowiskowym Domu Samopomocy (ŚDS)
		// w Sejnach.)
		if end+3 < len(r.toks) && r.word(end) == "(" && r.toks[end+1].Upper() && r.word(end+2) == ")" && r.free(end+1) {
			if _, ref, _ := r.placeAfter(end + 3); ref != nil && localKinds[kind] {
				m.Aliases = append(m.Aliases, r.word(end+1))
				for k := end; k < end+3; k++ {
					r.taken[k] = true
				}
				end += 3
			}
		}
		if prep, ref, n := r.placeAfter(end); ref != nil {
			m.Place = ref
			if (prep == "w" || prep == "we") && kind == ecosystem.KindPFRONBranch {
				// Oddziału Zachodniopomorskiego PFRON w Szczecinie: the branch's seat; its name
				// is the region's (as the seed names branches)
				for k := end; k < end+n; k++ {
					r.taken[k] = true
				}
			} else if prep == "w" || prep == "we" {
				name += " " + joinTokens(r.p.Text, r.toks[end:end+n])
				for k := end; k < end+n; k++ {
					r.taken[k] = true
				}
				m.To = r.toks[end+n-1].End
				m.Text = r.p.Text[m.From:m.To]
			}
		}
		// An abbreviation in brackets right after: Gminno-Powiatowe Zespoły Kooperacji (G-PZK).
		if j := indexAfter(r, m); j+2 < len(r.toks) && r.word(j) == "(" && r.toks[j+1].Upper() && r.word(j+2) == ")" {
			m.Aliases = append(m.Aliases, r.word(j+1))
			r.taken[j+1] = true
		} else if j := indexAfter(r, m); m.Place != nil && m.Place.Country != "" && j+2 < len(r.toks) && r.word(j) == "(" && r.toks[j+1].Cap() {
			// Centrum Usług Socjalnych w Olicie (Alytaus socialinių paslaugų centras): the
			// name in its own language, an alias
			e := j + 1
			for e < len(r.toks) && e < j+8 && r.word(e) != ")" && r.toks[e].Kind == Word && r.free(e) {
				e++
			}
			if e < len(r.toks) && r.word(e) == ")" && e > j+1 {
				m.Aliases = append(m.Aliases, r.p.Text[r.toks[j+1].Start:r.toks[e-1].End])
				for k := j + 1; k < e; k++ {
					r.taken[k] = true
				}
			}
		}
		m.Name = tidy(name)
		if head == "oddział" || kind == ecosystem.KindRegionalGovernment {
			// Oddział Pomorski PFRON, Samorząd Województwa Zachodniopomorskiego: the region
			// it serves in an adjective.
			for _, w := range words[i-start+1:] {
				if ref := r.pl.cityAdjective(w); ref != nil && ref.Gazetteer != nil && ref.Gazetteer.Kind == gazetteer.Voivodeship {
					m.Area = ref
					break
				}
			}
		}
		if m.Place == nil {
			// Elbląskie Centrum Usług Społecznych, Warmińsko-Mazurski Sejmik: the place in
			// an adjective of the name; for a local institution its seat, for a council, a
			// federation or an association the area it works for (Elbląska Rada
			// Konsultacyjna serves Elbląg; the text does not say where it sits).
			for _, w := range words[:i-start] {
				if ref := r.pl.cityAdjective(w); ref != nil {
					switch {
					case localKinds[ecosystem.OrganisationKind(m.Kind)] || m.Kind == string(ecosystem.KindROPS):
						m.Place = ref
					case m.Area == nil && (areaHeads[head] || m.Kind == string(ecosystem.KindAssociation)):
						m.Area = ref
					case m.Area == nil:
						m.Place = ref // Starachowickie Centrum Kultury: where it is
					}
					break
				}
			}
		}
		if m.Place == nil && m.Area == nil && !localKinds[ecosystem.OrganisationKind(m.Kind)] {
			// Federacja Organizacji Socjalnych Województwa Warmińsko-Mazurskiego
			for k := i - start + 1; k+1 < len(words); k++ {
				if lemmaOf(words[k], "subst") == "województwo" {
					if ref := r.pl.cityAdjective(words[k+1]); ref != nil && ref.Gazetteer != nil && ref.Gazetteer.Kind == gazetteer.Voivodeship {
						m.Area = ref
					}
					break
				}
			}
		}
		if m.Place == nil && localKinds[ecosystem.OrganisationKind(m.Kind)] && start > 0 && r.free(start-1) && !r.toks[start-1].Cap() {
			// inowrocławskie Powiatowe Centrum Pomocy Rodzinie: the place in a lower-case adjective
			if ref := r.pl.cityAdjective(r.word(start - 1)); ref != nil && ref.Gazetteer != nil && ref.Gazetteer.Kind != gazetteer.Voivodeship {
				m.Place = ref
				m.Name = tidy(name) + " " + locative(ref)
				m.From = r.toks[start-1].Start
				m.Text = r.p.Text[m.From:m.To]
				r.taken[start-1] = true
			}
		}
		if m.Place == nil && localKinds[ecosystem.OrganisationKind(m.Kind)] && !quotedName {
			// delegację przyjął w Białymstoku Miejski Ośrodek Pomocy Rodzinie: the town told
			// just before the name
			for j := start - 1; j >= 1 && j >= start-3 && r.sameSentence(i, j); j-- {
				if p := lower(r.word(j - 1)); p == "w" || p == "we" {
					if ref, n := r.pl.placeAt(r.toks, j); ref != nil && j+n == start && ref.Gazetteer != nil && ref.Gazetteer.Kind != gazetteer.Voivodeship {
						m.Place = ref
						m.Name = tidy(name) + " " + locative(ref)
					}
					break
				}
			}
		}
		if m.Place == nil && quotedName && !localKinds[ecosystem.OrganisationKind(m.Kind)] && start > 0 && r.free(start-1) && !r.toks[start-1].Cap() {
			// krośnieńskie Stowarzyszenie „Wspólna Droga”, lubelską Fundacją „…”: an NGO of
			// that town; its name stays as it is
			if ref := r.pl.cityAdjective(r.word(start - 1)); ref != nil && ref.Gazetteer != nil && ref.Gazetteer.Kind != gazetteer.Voivodeship {
				m.Place = ref
			}
		}
		if m.Place == nil && !quotedName && localKinds[ecosystem.OrganisationKind(m.Kind)] && !properAdjective(words[:i-start]) {
			m.Generic = true // "Warsztaty Terapii Zajęciowej": the kind, not one of them
		}
		if fs := strings.Fields(m.Name); !quotedName && i-start < len(fs) && plural(fs[i-start]) && len(m.Aliases) == 0 && m.Place == nil {
			m.Generic = true // Spółdzielnie Socjalne
		}
		i = end - 1
	}
}

// connective is the number of tokens of a lower-case link inside a name at toks[i] (na rzecz,
// ds., i) that a capitalised word follows, or 0.
func connective(r *reader, i int) int {
	w := lower(r.word(i))
	n := 0
	switch {
	case w == "na" && lower(r.word(i+1)) == "rzecz":
		n = 2
	case w == "ds" && r.word(i+1) == ".":
		n = 2
	default:
		return 0
	}
	if i+n < len(r.toks) && r.sameSentence(i, i+n) && r.toks[i+n].Cap() {
		return n
	}
	return 0
}

// mixedAbbrev reports whether a word is an abbreviation in mixed case (SnrSS, MPiPS).
func mixedAbbrev(w string) bool {
	up := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			up++
		}
	}
	return up >= 3 && len([]rune(w)) <= 8
}

// properAdjective reports whether the words before a head hold an adjective that is not one
// of the formulaic ones (Elbląskie, not Miejski): the name of one institution.
func properAdjective(words []string) bool {
	for _, w := range words {
		l := ""
		for _, a := range append(morph.Analyse(w), morph.Guess(w, "adj")...) {
			if a.Part() == "adj" {
				l = lower(a.Lemma)
				break
			}
		}
		switch l {
		case "", "miejski", "gminny", "powiatowy", "regionalny", "wojewódzki", "środowiskowy", "miejsko-gminny", "gminno-miejski", "państwowy", "krajowy":
			continue
		}
		return true
	}
	return false
}

// plural reports whether a nominative word is plural only (Spółdzielnie, Warsztaty).
func plural(w string) bool {
	sg, pl := false, false
	for _, a := range morph.Analyse(w) {
		if a.Part() == "subst" && a.Case() == "nom" {
			if a.Number() == "sg" {
				sg = true
			} else {
				pl = true
			}
		}
	}
	return pl && !sg
}

// untake forgets the last mention.
func (r *reader) untake(m *Mention) {
	for k, t := range r.toks {
		if t.Start >= m.From && t.End <= m.To {
			r.taken[k] = false
		}
	}
	r.out = r.out[:len(r.out)-1]
}

// localKinds are the kinds of institution that every gmina, powiat or region has: a name of
// one of them without a place (or a name of its own) speaks of the kind.
var localKinds = map[ecosystem.OrganisationKind]bool{ecosystem.KindOPS: true, ecosystem.KindMOPR: true, ecosystem.KindPCPR: true,
	ecosystem.KindROPS: true, ecosystem.KindCUS: true, ecosystem.KindWTZ: true, ecosystem.KindZAZ: true, ecosystem.KindSDS: true,
	ecosystem.KindDPS: true, ecosystem.KindCIS: true, ecosystem.KindKIS: true, ecosystem.KindLabourOffice: true, ecosystem.KindOWES: true}

// hasCase reports whether a word has a reading in the grammatical case c.
func hasCase(word, c string) bool {
	rs, _ := readings(word, "subst")
	for _, a := range rs {
		if a.Case() == c {
			return true
		}
	}
	return false
}

// roman reports whether a word is a Roman numeral (III Forum).
func roman(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !strings.ContainsRune("IVXLC", r) {
			return false
		}
	}
	return true
}

// indexAfter is the index of the first token after a mention.
func indexAfter(r *reader, m *Mention) int {
	return sort.Search(len(r.toks), func(k int) bool { return r.toks[k].Start >= m.To })
}

func tidy(s string) string { return strings.Join(strings.Fields(s), " ") }

func isAdjective(word string) bool {
	rs, _ := readings(word, "adj")
	for _, a := range rs {
		if a.Part() == "adj" {
			return true
		}
	}
	return false
}

// kindOf is the organisation kind of a head noun and its complements' stems.
func kindOf(head string, complement []string) ecosystem.OrganisationKind {
	for _, k := range heads[head] {
		if k.complement == nil || hasPrefixes(complement, k.complement) {
			return k.kind
		}
	}
	return ""
}

// abbreviations finds organisations named by an abbreviation (PCPR w Kraśniku, MOPS Gdynia,
// gdyńskiego MOPS, G-PZK), with their place when the sentence gives one.
func (r *reader) abbreviations() {
	for i, t := range r.toks {
		if !r.free(i) || !(t.Upper() || mixedAbbrev(t.Text)) || t.Quoted || notOrganisations[t.Text] || roman(t.Text) {
			continue
		}
		if r.word(i-1) == "(" {
			continue // an alias in brackets, taken with its name
		}
		ab, known := abbreviations[strings.ToUpper(t.Text)]
		start, end := i, i+1
		quoted := "" // WTZ „Krzemień” w Poznaniu: the quoted name
		if known && ab.local && end < len(r.toks) && (r.word(end) == "„" || r.word(end) == "\"" || r.word(end) == "“") {
			k := end + 1
			for k < len(r.toks) && r.toks[k].Quoted {
				k++
			}
			if k < len(r.toks) && k > end+1 {
				quoted = r.p.Text[r.toks[end].Start:r.toks[k].End]
				end = k + 1
			}
		}
		var place *PlaceRef
		written := "" // "w Gębicach" as the text has it, for a place the tables lack
		if prep, ref, n := r.placeAfter(end); ref != nil && (prep == "w" || prep == "we") {
			written = r.p.Text[r.toks[end].Start:r.toks[end+n-1].End]
			place, end = ref, end+n
		} else if ref, n := r.pl.placeAt(r.toks, end); ref != nil && known && ab.local {
			place, end = ref, end+n // MOPS Gdynia
		} else if ref := r.pl.cityAdjective(r.word(i - 1)); ref != nil && known && ab.local {
			place, start = ref, i-1 // gdyńskiego MOPS
		}
		if place == nil && known && ab.local {
			// The place may come in the next sentence: "… z PCPR. Centrum w Kraśniku …".
			for k := end; k < len(r.toks) && r.toks[k].Sentence <= t.Sentence+1; k++ {
				if r.toks[k].Sentence == t.Sentence+1 && r.free(k) && r.free(k+1) {
					if prep, ref, _ := r.placeAfter(k); ref != nil && (prep == "w" || prep == "we") {
						place = ref
						break
					}
				}
			}
		}
		m := r.mention(ecosystem.NodeOrganisation, start, end)
		m.Abbrev = strings.ToUpper(t.Text)
		m.Place = place
		if place != nil && place.Gazetteer != nil && place.Gazetteer.Kind == gazetteer.Voivodeship && ab.kind != ecosystem.KindROPS {
			m.Generic = true // WTZ w Wielkopolsce: the kind in a region
		}
		if place != nil && place.Gazetteer == nil && place.Country != "" && known && ab.local {
			m.Generic = true // WTZ w Szwecji: the Polish kind abroad
		}
		switch {
		case known && quoted != "":
			m.Kind = string(ab.kind)
			m.Name = ab.full + " " + quoted
			if place != nil {
				m.Name += " " + locative(place)
				if written != "" && morph.PlaceForm(place.Name, "loc") == place.Name {
					m.Name = ab.full + " " + quoted + " " + tidy(written)
				}
			}
			m.Generic = false
			m.Aliases = []string{m.Abbrev + " " + quoted}
		case known && ab.local && place == nil:
			m.Kind = string(ab.kind)
			m.Name = m.Abbrev
			m.Generic = true // pomorskie WTZ; a later step may find its full name
		case known && ab.local && place != nil:
			m.Kind = string(ab.kind)
			m.Name = ab.full + " " + locative(place)
			if written != "" && morph.PlaceForm(place.Name, "loc") == place.Name && polish.Fold(written) != polish.Fold(locative(place)) {
				m.Name = ab.full + " " + tidy(written) // the tables lack its locative
			}
			m.Aliases = []string{m.Abbrev + " " + place.Name}
		case known:
			m.Kind = string(ab.kind)
			m.Name = ab.full
			if !ab.local {
				m.Aliases = []string{m.Abbrev}
			}
		default:
			m.Kind = string(ecosystem.KindOther)
			m.Name = t.Text
		}
	}
}

// locative is "w X" with X in the locative: the tail of a local institution's name.
func locative(p *PlaceRef) string {
	f := morph.PlaceForm(p.Name, "loc")
	prep := "w"
	if w := polish.Fold(f); strings.HasPrefix(w, "w") && len(w) > 1 && !strings.ContainsAny(w[1:2], "aeiouy") {
		prep = "we"
	}
	return prep + " " + f
}

// people finds persons: a first name and a capitalised surname, with the position before
// (Dyrektor Oddziału Pomorskiego PFRON Dariusz Majorek) or after (Marzenie Partyce –
// Kierownik WTZ w Skórczu) and the organisation the position is at.
func (r *reader) people() {
	for i := 0; i+1 < len(r.toks); i++ {
		if !r.free(i) || !r.free(i+1) {
			continue
		}
		fn, ok := firstName(r.word(i))
		sur := r.toks[i+1]
		// a first name the lexicon lacks (Pani Sabine Krüger): a capitalised word no
		// dictionary knows after Pani or Pan, its name kept as written
		foreign := !ok && ((i > 0 && honorific(r.word(i-1)) && r.sameSentence(i-1, i) && r.toks[i].Cap() && !r.toks[i].Upper() &&
			!morph.Known(r.word(i)) && !morph.Known(lower(r.word(i)))) || foreignFirstName(r, i))
		if ok && foreignLetters(sur.Text) && sur.Cap() {
			// Jana Dvořáková: a foreign surname is not declined, nor is the first name before it
			foreign = true
		}
		if (!ok && !foreign) || !sur.Cap() || sur.Upper() || !r.sameSentence(i, i+1) || headLemma(sur.Text) != "" {
			continue
		}
		if foreign {
			fn = morph.Analysis{Lemma: r.word(i), Tag: "subst:sg:nom:f"}
		}
		if fn.Case() != "nom" && undeclinedSurname(sur.Text) {
			// "dr Aleksandra Pietrzak": a masculine genitive would decline the surname too
			for _, a := range morph.Analyse(r.word(i)) {
				if a.Part() == "subst" && a.Number() == "sg" && a.Case() == "nom" && isUpperStart(a.Lemma) {
					fn = a
					break
				}
			}
		}
		m := r.mention(ecosystem.NodePerson, i, i+2)
		m.Name = fn.Lemma + " " + surname(sur.Text, fn)
		m.Guessed = !morph.Known(sur.Text)
		// The position: role words before the name (after any honorific), or after it.
		m.Title = r.positionBefore(i, m)
		if m.Title == "" {
			m.Title = r.positionAfter(i+2, m)
		}
		if f := strings.Fields(m.Title); len(f) > 0 && affiliations[lower(lemmaOf(f[0], "subst"))] || len(f) > 0 && affiliations[lower(f[0])] {
			m.Affiliated = true
		}
		if m.Title == "" && m.Org == nil && (lower(r.word(i+2)) == "z" || lower(r.word(i+2)) == "ze") {
			// Halina Zielińska z Wydziału Polityki Społecznej Łódzkiego Urzędu Wojewódzkiego
			for _, o := range r.out {
				if o.Type == ecosystem.NodeOrganisation && o.From > r.toks[i+2].Start && o.Sentence == m.Sentence && len(strings.Fields(r.p.Text[r.toks[i+2].End:o.From])) <= 6 {
					m.Org, m.Affiliated = o, true
					break
				}
			}
		}
		i++
	}
}

// undeclinedSurname reports whether a surname is written as in the nominative of a man or a
// woman (Pietrzak, Nowak, Kowalska): not in a case ending a man's surname takes.
func undeclinedSurname(w string) bool {
	l := lower(w)
	for _, suf := range []string{"a", "u", "em", "owi", "ego", "emu", "iej", "ej", "ą", "ę", "y", "i"} {
		if strings.HasSuffix(l, suf) && !strings.HasSuffix(l, "ska") && !strings.HasSuffix(l, "cka") && !strings.HasSuffix(l, "dzka") {
			return false
		}
	}
	return true
}

// mergeReadings are the lexicon's readings of a form as part, then the ending rules'.
func mergeReadings(form, part string) []morph.Analysis {
	var out []morph.Analysis
	for _, a := range morph.Analyse(form) {
		if a.Part() == part {
			out = append(out, a)
		}
	}
	return append(out, morph.Guess(form, part)...)
}

// inflectCap is morph.Inflect capitalised as the lemma is.
func inflectCap(lemma, tag string) string { return capitalise(morph.Inflect(lemma, tag), lemma) }

// surname is the nominative of a surname after a first name read as fn: the ending rules
// give the reading of the first name's case and gender (Kołackiej → Kołacka, Harhajowi →
// Harhaj); a surname they cannot read stays as written.
func surname(form string, fn interface {
	Case() string
	Gender() string
}) string {
	c, g := fn.Case(), fn.Gender()
	if c == "nom" {
		return form
	}
	for _, part := range []string{"adj", "subst"} {
		for _, a := range mergeReadings(form, part) {
			if a.Case() != c || a.Number() != "sg" {
				continue
			}
			if part == "adj" && (g == "f") == (a.Gender() == "f") {
				tag := "adj:sg:nom:m1"
				if g == "f" {
					tag = "adj:sg:nom:f"
				}
				if f := inflectCap(a.Lemma, tag); f != "" {
					return f
				}
			}
			if part == "subst" && ((g == "f") == (a.Gender() == "f")) {
				return capitalise(a.Lemma, form)
			}
		}
	}
	return form
}

// positionBefore reads role words before a name at toks[i], up to a sentence start, a
// comma, an honorific or another mention: "Dyrektor Oddziału Pomorskiego PFRON".
func (r *reader) positionBefore(i int, person *Mention) string {
	k := i - 1
	// Dyrektor CUS, Pani Beata Chmielewska; Kierownik WTZ w Gębicach, Jolanta Grzech: an
	// honorific, a comma or both between the position and the name
	if k >= 0 && (honorific(r.word(k)) || r.word(k) == ",") {
		if honorific(r.word(k)) {
			k--
		}
		if k >= 0 && r.word(k) == "," {
			k--
		}
		stop := func(k int) bool {
			w := lower(r.word(k))
			return r.toks[k].Kind != Word || w == "oraz" || w == "i" || honorific(r.word(k))
		}
		if k < 0 || !r.sameSentence(i, k) || stop(k) {
			return ""
		}
		end := k + 1
		for k >= 0 && r.sameSentence(end-1, k) && !stop(k) && !isRole(r.word(k)) && end-k < 8 {
			if _, first := firstName(r.word(k)); first && k+1 < end && r.toks[k+1].Cap() {
				return "" // another person's name
			}
			k--
		}
		if k < 0 || !isRole(r.word(k)) {
			return ""
		}
		r.attachOrg(person, r.toks[k].Start, r.toks[end-1].End)
		return r.title(k, end)
	}
	for k >= 0 && r.sameSentence(i, k) && (r.toks[k].Kind == Word || (r.word(k) == "." && k > 0 && r.word(k-1) == "ds")) && !honorific(r.word(k)) && lower(r.word(k)) != "oraz" {
		if isRole(r.word(k)) {
			break
		}
		k--
	}
	if k < 0 || !r.sameSentence(i, k) || !isRole(r.word(k)) || i-k > 8 {
		return ""
	}
	r.attachOrg(person, r.toks[k].Start, r.toks[i-1].End)
	return r.title(k, i)
}

// positionAfter reads a position after a name ending at toks[j]: "– Kierownik WTZ w
// Skórczu", ", dyrektor MOPS", "Sekretarz Zarządu CAG".
func (r *reader) positionAfter(j int, person *Mention) string {
	k := j
	if k < len(r.toks) && (r.word(k) == "–" || r.word(k) == "-" || r.word(k) == ",") {
		k++
	}
	if k >= len(r.toks) || !r.sameSentence(j-1, k) || !isRole(r.word(k)) {
		return ""
	}
	end := k + 1
	for end < len(r.toks) && r.sameSentence(k, end) && (r.toks[end].Kind == Word || (r.word(end) == "." && abbrevDot[lower(r.word(end-1))])) && end-k < 14 {
		if _, ok := firstName(r.word(end)); ok {
			break
		}
		if w := lower(r.word(end)); w == "oraz" || w == "za" || (w == "i" && end+1 < len(r.toks) && r.toks[end+1].Cap()) {
			break // another person, or the end of the position (… i osób niepełnosprawnych goes on)
		}
		end++
	}
	r.attachOrg(person, r.toks[k].Start, r.toks[end-1].End)
	if person.Org == nil {
		r.foreignEmployer(person, k+1, end)
	}
	return r.title(k, end)
}

// foreignEmployer reads the organisation of a position from capitalised words the dictionary
// does not hold right after the role word (Janem Forslundem, Dyrektorem Coompanion –
// organizacji … w Sztokholmie): a name no Polish head noun starts, with the place an apposition
// after it gives.
func (r *reader) foreignEmployer(person *Mention, from, to int) {
	e := from
	for e < to && r.free(e) && (r.toks[e].Cap() || r.toks[e].Upper()) && !morph.Known(r.word(e)) {
		if _, first := firstName(r.word(e)); first {
			return
		}
		e++
	}
	if e == from || (e < to && r.toks[e].Kind == Word && !danglingWord(r.word(e))) {
		return
	}
	m := r.mention(ecosystem.NodeOrganisation, from, e)
	m.Name, m.Kind = tidy(m.Text), string(ecosystem.KindOther)
	person.Org = m
	// "– organizacji prowadzącej … w Sztokholmie": the place of the apposition
	if e < len(r.toks) && (r.word(e) == "–" || r.word(e) == ",") {
		for k := e + 1; k < len(r.toks) && k < e+12 && r.sameSentence(e, k) && r.toks[k].Kind == Word; k++ {
			if prep, ref, _ := r.placeAfter(k); ref != nil && (prep == "w" || prep == "we") {
				m.Place = ref
				if ref.Country != "" {
					m.Kind = string(ecosystem.KindForeign)
				}
				break
			}
		}
	}
}

// title is the position of role words toks[from:to] in the nominative: the role word's lemma
// and what follows it as written.
func (r *reader) title(from, to int) string {
	words := []string{}
	for _, t := range r.toks[from:to] {
		if t.Kind == Word || t.Text == "." {
			words = append(words, t.Text)
		}
	}
	if len(words) == 0 {
		return ""
	}
	if l := lemmaOf(words[0], "subst"); l != "" {
		words[0] = capitalise(l, words[0])
	}
	return strings.ReplaceAll(strings.Join(words, " "), " .", ".")
}

// attachOrg sets a person's organisation to the organisation mention within [from, to).
func (r *reader) attachOrg(person *Mention, from, to int) {
	for _, m := range r.out {
		if m.Type == ecosystem.NodeOrganisation && m.From >= from && m.To <= to {
			person.Org = m
		}
	}
}

// projects finds projects and programmes: a quoted name after the word (projektu pn.
// „Liderzy Kooperacji”, programu „…”, or a quoted name after pn. in a sentence about a
// programme), and programmes named without quotes (Krajowego Programu Przeciwdziałania
// Ubóstwu i Wykluczeniu Społecznemu 2020; Programu Fundusz Inicjatyw Obywatelskich).
func (r *reader) projects() {
	quoteAt := func(k int) bool {
		return k < len(r.toks) && (r.word(k) == "„" || r.word(k) == "\"" || r.word(k) == "“")
	}
	for i := 0; i < len(r.toks); i++ {
		l := lemmaOf(r.word(i), "subst")
		k := i + 1
		if l == "projekt" || l == "program" {
			for k < len(r.toks) && k < i+4 && (r.toks[k].Text == "pn" || r.toks[k].Text == "pt" || r.toks[k].Text == "." || lower(r.word(k)) == "pod" || lower(r.word(k)) == "nazwą") {
				k++
			}
			// programu Państwowego Funduszu Rehabilitacji Osób Niepełnosprawnych „Aktywny
			// samorząd”: the owner's name between the noun and the quoted name
			if o := k; k+1 < len(r.toks) && !quoteAt(k) && r.toks[k].Cap() && (headLemma(r.word(k)) != "" || (isAdjective(r.word(k)) && headLemma(r.word(k+1)) != "")) {
				for o < len(r.toks) && o < k+10 && r.sameSentence(i, o) && (r.toks[o].Cap() || r.toks[o].Upper() || lower(r.word(o)) == "i") {
					o++
				}
				if quoteAt(o) {
					k = o
				}
			}
		} else if (r.word(i) == "pn" || r.word(i) == "pt") && r.word(i+1) == "." && quoteAt(i+2) {
			// … programu wyrównywania szans … pn. „Region wyrównanych szans”
			l = ""
			for b := i - 1; b >= 0 && r.sameSentence(i, b); b-- {
				if x := lemmaOf(r.word(b), "subst"); x == "projekt" || x == "program" {
					l = x
					break
				}
			}
			k = i + 2
		}
		if (l != "projekt" && l != "program") || !quoteAt(k) {
			continue
		}
		e := k + 1
		for e < len(r.toks) && r.toks[e].Quoted {
			e++
		}
		if e == k+1 || e >= len(r.toks) {
			continue
		}
		t := ecosystem.NodeProject
		if l == "program" {
			t = ecosystem.NodeProgramme
		}
		m := r.mention(t, k+1, e)
		m.Name = tidy(m.Text)
		for x := k; x <= e; x++ {
			r.taken[x] = true
		}
		i = e
	}
	for i := 0; i+1 < len(r.toks); i++ {
		if !r.free(i) || lemmaOf(r.word(i), "subst") != "program" || !r.toks[i].Cap() {
			continue
		}
		start := i
		for start > 0 && r.free(start-1) && r.sameSentence(i, start-1) && r.toks[start-1].Cap() && isAdjective(r.word(start-1)) {
			start--
		}
		e := i + 1
		for e < len(r.toks) && r.free(e) && r.sameSentence(i, e) {
			t := r.toks[e]
			if t.Cap() || t.Upper() || (t.Kind == Number && len(t.Text) == 4) {
				e++
				continue
			}
			if lower(t.Text) == "i" && e+1 < len(r.toks) && r.toks[e+1].Cap() {
				e++
				continue
			}
			if (t.Text == "–" || t.Text == "-") && e > i+1 && e+1 < len(r.toks) && (r.toks[e+1].Cap() || (r.toks[e+1].Kind == Number && len(r.word(e+1)) == 4)) {
				e++ // Programu Współpracy INTERREG V A Brandenburgia – Polska 2014–2020
				continue
			}
			// Wojewódzki Program na rzecz Osób z Niepełnosprawnościami
			if w := lower(t.Text); w == "na" && lower(r.word(e+1)) == "rzecz" && e+2 < len(r.toks) && r.toks[e+2].Cap() {
				e += 2
				continue
			}
			if w := lower(t.Text); (w == "z" || w == "dla") && e > i+1 && e+1 < len(r.toks) && r.toks[e+1].Cap() && r.pl.resolve(r.word(e+1)) == nil {
				e++
				continue
			}
			break
		}
		if e-i < 2 {
			continue
		}
		words := []string{}
		for _, t := range r.toks[start:e] {
			words = append(words, t.Text)
		}
		var name string
		from := start
		if start == i && morph.Known(r.word(i+1)) && hasCase(r.word(i+1), "nom") && !hasCase(r.word(i+1), "gen") {
			// Programu Fundusz Inicjatyw Obywatelskich: the name stands beside the word.
			name, from = strings.Join(words[1:], " "), i+1
		} else {
			name, _ = nominative(words, i-start)
		}
		m := r.mention(ecosystem.NodeProgramme, from, e)
		m.Name = reYears.ReplaceAllString(tidy(name), "$1–$2")
		r.taken[i] = true
		i = e
	}
}

// funds finds funds named as the source of money: ze środków Europejskiego Funduszu
// Społecznego. PFRON, an organisation, is left to organisations.
// namedProgrammes reads a programme named by a proper name after the lower-case noun
// (w ramach programu Erasmus+, z programu Interreg): capitalised words the dictionary lacks,
// with a "+" that ends the name.
func (r *reader) namedProgrammes() {
	for i := 0; i+1 < len(r.toks); i++ {
		if r.toks[i].Cap() || lemmaOf(r.word(i), "subst") != "program" || !r.free(i+1) || !r.toks[i+1].Cap() || morph.Known(r.word(i+1)) || headLemma(r.word(i+1)) != "" {
			continue
		}
		if _, first := firstName(r.word(i + 1)); first || foreignFirstName(r, i+1) {
			continue // Koordynator programu Tomáš Hruban: a person
		}
		e := i + 1
		for e < len(r.toks) && e < i+4 && r.free(e) && r.sameSentence(i, e) && (r.toks[e].Cap() || r.toks[e].Upper()) && !morph.Known(r.word(e)) {
			e++
		}
		if e < len(r.toks) && r.word(e) == "+" && r.toks[e].Start == r.toks[e-1].End {
			e++ // Erasmus+
		}
		m := r.mention(ecosystem.NodeProgramme, i+1, e)
		m.Name = tidy(m.Text)
		i = e - 1
	}
}

func (r *reader) funds() {
	for i := 0; i+1 < len(r.toks); i++ {
		if lower(r.word(i)) != "środków" || !r.free(i+1) || !r.toks[i+1].Cap() {
			continue
		}
		e := i + 1
		for e < len(r.toks) && r.free(e) && r.sameSentence(i, e) && (r.toks[e].Cap() || r.toks[e].Upper()) {
			e++
		}
		words := []string{}
		head := -1
		for k, t := range r.toks[i+1 : e] {
			words = append(words, t.Text)
			if head < 0 && lemmaOf(t.Text, "subst") != "" && !isAdjective(t.Text) {
				head = k
			}
		}
		if head < 0 || len(words) < 2 {
			continue
		}
		if h := headLemma(words[head]); h != "" && kindOf(h, stems(words[head+1:]...)) != "" {
			continue // an organisation's name (Państwowego Funduszu Rehabilitacji …)
		}
		name, _ := nominative(words, head)
		m := r.mention(ecosystem.NodeProgramme, i+1, e)
		m.Name = tidy(name)
		i = e
	}
}

// companies finds companies by their legal form: Konimpex Sp. z o.o., Konimpex Spółka z o.o.
func (r *reader) companies() {
	for i := 0; i+4 < len(r.toks); i++ {
		if !r.free(i) || !r.toks[i].Cap() {
			continue
		}
		k := i + 1
		switch {
		case r.word(k) == "Sp" && r.word(k+1) == ".":
			k += 2
		case lemmaOf(r.word(k), "subst") == "spółka":
			k++
		default:
			continue
		}
		if r.word(k) != "z" {
			continue
		}
		end := k + 1
		for end < len(r.toks) && end < i+9 && (r.word(end) == "o" || r.word(end) == ".") {
			end++
		}
		m := r.mention(ecosystem.NodeOrganisation, i, end)
		m.Name = tidy(m.Text)
		m.Kind = string(ecosystem.KindCompany)
		m.Aliases = []string{r.word(i)}
		i = end - 1
	}
}

// afterProgrammeWord reports whether a name starting at toks[i] follows, within three words
// of its sentence, a programme's or project's noun (z programu PFRON „…”, w ramach projektu
// Fundacji „…”): a quoted name after it is the programme's, not the organisation's.
func (r *reader) afterProgrammeWord(i int) bool {
	for k := i - 1; k >= 0 && k >= i-3 && r.sameSentence(i, k); k-- {
		switch lemmaOf(r.word(k), "subst") {
		case "program", "projekt":
			return true
		}
		if r.toks[k].Kind != Word {
			return false
		}
	}
	return false
}

// eventWords are the nouns events are named by, with their kind.
var eventWords = map[string]ecosystem.EventKind{
	"spotkanie": ecosystem.EventMeeting, "wizyta": ecosystem.EventStudyVisit, "forum": ecosystem.EventForum,
	"szkolenie": ecosystem.EventTraining, "konferencja": ecosystem.EventConference, "warsztaty": ecosystem.EventWorkshop,
	"seminarium": ecosystem.EventConference, "kongres": ecosystem.EventConference, "wyjazd": ecosystem.EventStudyVisit,
	"gala": ecosystem.EventMeeting, "konkurs": ecosystem.EventMeeting, "festiwal": ecosystem.EventMeeting,
	"jubileusz": ecosystem.EventMeeting, "piknik": ecosystem.EventMeeting, "festyn": ecosystem.EventMeeting, "debata": ecosystem.EventMeeting,
	"panel": ecosystem.EventSession, "rewizyta": ecosystem.EventStudyVisit, "kiermasz": ecosystem.EventMeeting, "targi": ecosystem.EventMeeting,
	"dzień otwarty": ecosystem.EventMeeting,
}

// events finds events: a capitalised name with an event noun (Partnerskie Spotkanie
// Wymiany Doświadczeń), or an event noun in a sentence that dates it or places it.
func (r *reader) events(dates []Date) {
	var dateSentence []int
	for i := 0; i < len(r.toks); i++ {
		if !r.free(i) || r.toks[i].Quoted {
			continue
		}
		w := r.word(i)
		lemma := lemmaOf(w, "subst")
		if lemma == "warsztat" && pluralOnly(w) {
			lemma = "warsztaty" // Warsztaty Wymiany Doświadczeń: the plural is the event (not w warsztacie)
		}
		if lemma == "dzień" && lemmaOf(r.word(i+1), "adj") == "otwarty" {
			lemma = "dzień otwarty" // Dzień otwarty: an open day
		}
		kind, ok := eventWords[lemma]
		if lemma == "warsztaty" && lemmaOf(r.word(i+1), "subst") == "terapia" {
			continue // warsztatów terapii zajęciowej: the institutions (WTZ), not workshops
		}
		if lemma == "kamień" && lemmaOf(r.word(i+1), "adj") == "milowy" {
			kind, ok = ecosystem.EventMilestone, true // 1. Kamień Milowy
		}
		if !ok {
			continue
		}
		if lemma == "wizyta" {
			kind = ecosystem.EventStudyVisit
		}
		start, end := i, i+1
		if r.toks[i].Cap() && !(i == 0 || r.toks[i-1].Sentence != r.toks[i].Sentence) || (r.toks[i].Cap() && i+1 < len(r.toks) && r.toks[i+1].Cap()) {
			for start > 0 && r.free(start-1) && r.sameSentence(i, start-1) && r.toks[start-1].Cap() && (isAdjective(r.word(start-1)) || roman(r.word(start-1))) {
				start--
			}
			if start >= 2 && r.word(start-1) == "." && r.toks[start-2].Kind == Number && len(r.word(start-2)) <= 2 {
				start -= 2 // an ordinal: 1. Kamień Milowy
			}
			for end < len(r.toks) && r.free(end) && r.sameSentence(i, end) && r.toks[end].Cap() {
				if r.toks[end].LineStart && end > i+1 && r.startsName(end) {
					break // … podczas III Wielkopolskiego Forum WTZ⏎Wielkopolskie Fora WTZ są …: a heading ends
				}
				if headLemma(r.word(end)) != "" && !hasCase(r.word(end), "gen") {
					break // Seminarium Stowarzyszenie przygotowało …: the subject, not the name
				}
				end++
			}
		} else if end < len(r.toks) && isAdjective(r.word(end)) && !r.toks[end].Cap() && r.sameSentence(i, end) {
			end++ // wizyta studyjna
		}
		// Dated or placed in its sentence, or a named event.
		if dateSentence == nil {
			dateSentence = make([]int, len(dates))
			for k := range dates {
				dateSentence[k] = r.sentenceAt(dates[k].From)
			}
		}
		var when *Date
		planned := r.plannedSentence(i)
		for k := range dates {
			if dateSentence[k] == r.toks[i].Sentence && (!dates[k].Bare || planned) {
				when = &dates[k]
				break
			}
		}
		if when == nil {
			// "W dniach 6-9 września 2021 r. … W wizycie studyjnej …": the paragraph's date
			// of an earlier sentence.
			for k := range dates {
				if dateSentence[k] < r.toks[i].Sentence && !dates[k].Bare {
					when = &dates[k]
				}
			}
		}
		// konferencję „Razem bez barier”, cykl szkoleń „Osoba z …”: the quoted name is the event's
		quoted := ""
		if end < len(r.toks) && (r.word(end) == "„" || r.word(end) == "“") && !r.toks[i].Cap() && !r.afterProgrammeWord(i) {
			q := end + 1
			for q < len(r.toks) && r.toks[q].Quoted {
				q++
			}
			if q > end+1 && q < len(r.toks) && r.free(end+1) {
				quoted = strings.TrimSpace(r.p.Text[r.toks[end+1].Start:r.toks[q-1].End])
				end = q + 1
			}
		}
		named := end-start > 1 && r.toks[start].Cap() || quoted != ""
		if when == nil && !named && !r.placedSentence(i) && r.p.N > 2 {
			continue
		}
		if when == nil && !named && !r.toks[i].Cap() && r.p.N > 2 {
			continue // "spotkanie z przedstawicielami …": a part of an event, not one of its own
		}
		m := r.mention(ecosystem.NodeEvent, start, end)
		words := []string{}
		headAt := i - start
		for k, tk := range r.toks[start:end] {
			if tk.Text == "." && len(words) > 0 {
				words[len(words)-1] += "." // 1. Kamień Milowy
				if k < i-start {
					headAt--
				}
				continue
			}
			words = append(words, tk.Text)
		}
		name, _ := nominative(words, headAt)
		m.Name = capitalise(tidy(name), "X")
		if quoted != "" {
			noun, _ := nominative(words[:headAt+1], headAt)
			m.Name, m.Aliases = quoted, append(m.Aliases, capitalise(tidy(noun), "X")+" „"+quoted+"”")
		}
		if kind == ecosystem.EventMeeting && strings.Contains(polish.Fold(m.Name), "wymian") {
			kind = ecosystem.EventExchangeMeeting
		}
		m.Kind = string(kind)
		m.Series = lemma != "warsztaty" && pluralOnly(w)
		for k := start - 1; k >= 0 && k >= start-3 && r.sameSentence(i, k); k-- {
			if l := lower(r.word(k)); l == "tura" || l == "edycja" || l == "odsłona" || l == "turę" || l == "edycję" {
				if p := polish.Fold(lower(r.word(k - 1))); k > 0 && (strings.HasPrefix(p, "kolejn") || strings.HasPrefix(p, "nastepn") || strings.HasPrefix(p, "drug")) {
					m.NextEdition, m.Planned = true, true // Już 20 października rusza kolejna tura Warsztatów
				}
			}
		}
		if when != nil && !m.Series {
			m.Start, m.End = when.Start, when.End
		}
		if m.Series {
			m.DateNote = "A series named in the plural; this entity stands for all its editions."
		}
		if r.plannedSentence(i) {
			m.Planned = true
		}
		// Warsztaty Wymiany Doświadczeń w Szwecji: the name with its place as an alias.
		if prep, ref, n := r.placeAfter(end); ref != nil && (prep == "w" || prep == "we") {
			m.Aliases = append(m.Aliases, m.Name+" "+joinTokens(r.p.Text, r.toks[end:end+n]))
			m.Place = ref
		}
		i = end - 1
	}
}

// pluralOnly reports whether a noun form has plural readings only (Fora, Forów; not Forum).
func pluralOnly(w string) bool {
	pl, sg := false, false
	for _, a := range morph.Analyse(w) {
		if a.Part() == "subst" {
			pl = pl || a.Number() == "pl"
			sg = sg || a.Number() == "sg"
		}
	}
	return pl && !sg
}

// startsName reports whether an event's or an organisation's name starts at token i: its head
// within its first three words.
func (r *reader) startsName(i int) bool { return nameAt(r.toks, i) }

func nameAt(toks []Token, i int) bool {
	for k := i; k < len(toks) && k < i+3 && toks[k].Cap(); k++ {
		l := lemmaOf(toks[k].Text, "subst")
		if _, ok := eventWords[l]; ok || headLemma(toks[k].Text) != "" {
			return true
		}
	}
	return false
}

// sentenceText is the text of token i's sentence.
func (r *reader) sentenceText(i int) string {
	s := r.toks[i].Sentence
	a := sort.Search(len(r.toks), func(k int) bool { return r.toks[k].Sentence >= s })
	b := sort.Search(len(r.toks), func(k int) bool { return r.toks[k].Sentence > s })
	return r.p.Text[r.toks[a].Start:r.toks[b-1].End]
}

// plannedSentence reports whether token i's sentence speaks of something to come (nastąpi,
// odbędzie się, zaplanowano, zaprasza), once per sentence.
func (r *reader) plannedSentence(i int) bool {
	if r.planned == nil {
		r.planned = map[int]bool{}
	}
	n := r.toks[i].Sentence
	p, ok := r.planned[n]
	if !ok {
		p = cue(r.foldedSentence(i), "nastapi", "odbedzie sie", "zaplanowan", "planowan", "zaprasza")
		r.planned[n] = p
	}
	return p
}

// foldedSentence is the folded text of token i's sentence, folded once per sentence.
func (r *reader) foldedSentence(i int) string {
	if r.folded == nil {
		r.folded = map[int]string{}
	}
	n := r.toks[i].Sentence
	f, ok := r.folded[n]
	if !ok {
		f = polish.Fold(r.sentenceText(i))
		r.folded[n] = f
	}
	return f
}

// sentenceAt is the sentence of the token at byte offset off.
func (r *reader) sentenceAt(off int) int {
	k := sort.Search(len(r.toks), func(i int) bool { return r.toks[i].End > off })
	if k == len(r.toks) {
		return -1
	}
	return r.toks[k].Sentence
}

// placedSentence reports whether token i's sentence names a place with w/we (read once per
// sentence).
func (r *reader) placedSentence(i int) bool {
	s := r.toks[i].Sentence
	if r.placed == nil {
		r.placed = map[int]bool{}
	}
	if v, ok := r.placed[s]; ok {
		return v
	}
	v := false
	for k := sort.Search(len(r.toks), func(k int) bool { return r.toks[k].Sentence >= s }); k < len(r.toks) && r.toks[k].Sentence == s && !v; k++ {
		if _, ref, _ := r.placeAfter(k); ref != nil {
			v = true
		}
	}
	r.placed[s] = v
	return v
}

// places finds the places the paragraph names after a preposition that are not part of an
// organisation's name, and voivodeships (województwa podkarpackiego).
func (r *reader) places() {
	for i := 0; i < len(r.toks); i++ {
		if !r.free(i) {
			continue
		}
		w := lower(r.word(i))
		if w == "województwa" || w == "województwie" || w == "województwo" || w == "województwem" {
			if i+1 < len(r.toks) && r.free(i+1) {
				if l := lemmaOf(r.word(i+1), "adj"); l != "" {
					if ref := r.pl.resolve(morph.Inflect(l, "adj:sg:nom:n")); ref != nil && ref.Gazetteer != nil && ref.Gazetteer.Kind == gazetteer.Voivodeship {
						m := r.mention(ecosystem.NodePlace, i, i+2)
						ref.Name = unitName(ref.Gazetteer)
						m.Name, m.Place = ref.Name, ref
						i++
						continue
					}
				}
			}
		}
		if (w == "powiat" || w == "powiatu" || w == "powiecie" || w == "powiatem") && i+1 < len(r.toks) && r.free(i+1) && r.pl.g != nil {
			// w powiecie białostockim
			if rs, _ := readings(r.word(i+1), "adj"); len(rs) > 0 && rs[0].Part() == "adj" {
				if u, err := r.pl.g.Resolve(gazetteer.Query{Text: rs[0].Lemma, Kinds: []gazetteer.Kind{gazetteer.Powiat}}); err == nil {
					m := r.mention(ecosystem.NodePlace, i, i+2)
					m.Name, m.Place = unitName(u), &PlaceRef{Name: unitName(u), Gazetteer: u}
					i++
					continue
				}
			}
		}
		switch w {
		case "w", "we", "z", "ze", "do", "na", "od", "dla", "nad", "pod", "koło", "k", "przy":
		default:
			continue
		}
		ref, n := r.pl.placeAt(r.toks, i+1)
		if ref == nil {
			ref, n = r.pl.region(r.toks, i+1)
		}
		if ref == nil && i+1 < len(r.toks) && r.toks[i+1].Cap() {
			if ref = r.pl.unlisted(r.word(i + 1)); ref != nil {
				n = 1
			}
		}
		if ref == nil && (w == "w" || w == "we") && i+1 < len(r.toks) && r.toks[i+1].Cap() {
			if ref = r.pl.foreignPlace(r.word(i + 1)); ref != nil {
				n = 1
			}
		}
		if ref == nil || !r.free(i+1) {
			continue
		}
		m := r.mention(ecosystem.NodePlace, i+1, i+1+n)
		m.Name, m.Place = ref.Name, ref
		i += n
		// Gdyni, Gdańsku, Elblągu i Olsztynie: a list after one preposition.
		for i+2 < len(r.toks) && (r.word(i+1) == "," || lower(r.word(i+1)) == "i" || lower(r.word(i+1)) == "oraz") {
			ref, n := r.pl.placeAt(r.toks, i+2)
			if ref == nil || !r.free(i+2) {
				break
			}
			m := r.mention(ecosystem.NodePlace, i+2, i+2+n)
			m.Name, m.Place = ref.Name, ref
			i += 1 + n
		}
	}
}

// corefer points every mention to the first mention of the same entity: the same type and
// name, or an abbreviation whose kind and place match an earlier full name (PCPR w Kraśniku
// after Powiatowe Centrum Pomocy Rodzinie w Kraśniku), or an abbreviation without a place
// after one mention of its kind (MOPS after MOPS w Gdyni).
func corefer(ms []*Mention) {
	key := func(m *Mention) string {
		return string(m.Type) + "|" + strings.Join(stems(strings.Fields(m.Name)...), " ")
	}
	first := map[string]*Mention{}
	for _, m := range ms {
		k := key(m)
		if f, ok := first[k]; ok {
			m.Same = f
			if f.Type == ecosystem.NodeEvent && f.Start == "" {
				f.Start, f.End = m.Start, m.End // the first mention without a date, a later one with it
			}
			continue
		}
		if m.Type == ecosystem.NodeEvent {
			// A later mention of an event of the same kind is the same event unless its dates
			// differ (the article's "spotkanie" after "Partnerskie Spotkanie …").
			var match *Mention
			for _, f := range ms {
				if f == m {
					break
				}
				headline := f.Para == 1 && f.Start == "" && m.Start != "" && (f.Kind == m.Kind || f.Kind == string(ecosystem.EventMeeting)) // the event the title names, dated below
				if m.NextEdition {
					break // kolejna tura Warsztatów: another event of the kind
				}
				if f.Same == nil && f.Type == ecosystem.NodeEvent && f.Series == m.Series && (headline || f.Kind == m.Kind || (f.Kind == string(ecosystem.EventExchangeMeeting) && m.Kind == string(ecosystem.EventMeeting))) && (m.Start == "" || f.Start == "" || f.Start == m.Start) {
					match = f
					break
				}
			}
			if match != nil {
				m.Same = match
				if match.Start == "" {
					match.Start, match.End = m.Start, m.End
				}
				// "z wizytą" in the title, "w wizycie studyjnej" below: the fuller name; a name of
				// its own in quotes (cykl szkoleń „Osoba z …”) over the bare noun
				if mw, fw := strings.Fields(m.Name), strings.Fields(match.Name); len(mw) > len(fw) && (nameKey(strings.Join(mw[:len(fw)], " ")) == nameKey(match.Name) ||
					(len(fw) == 1 && slices.Contains(stems(mw...), stems(fw...)[0]))) || len(fw) == 1 && quotedEvent(m) { // "Forum" in the title, "II Pomorskie Forum ZAZ" below
					match.Aliases = append(append(match.Aliases, match.Name), m.Aliases...)
					match.Name = m.Name
				}
				continue
			}
		}
		if m.Type == ecosystem.NodeEvent && m.NextEdition {
			// named after the last event of its kind before it: Warsztaty Wymiany
			// Doświadczeń – kolejna tura
			for _, f := range ms {
				if f == m {
					break
				}
				if f.Type == ecosystem.NodeEvent && f.Same == nil && f.Kind == m.Kind && f.Parent == nil {
					m.Name = f.Name + " – kolejna edycja"
				}
			}
		}
		if m.Type == ecosystem.NodeOrganisation && m.Abbrev != "" {
			var match *Mention
			// Regionalne Centrum Polityki Społecznej w Łodzi (RCPS), then "dyrektor RCPS"
			for _, f := range ms {
				if f == m {
					break
				}
				if f.Same == nil && f.Type == ecosystem.NodeOrganisation && slices.Contains(f.Aliases, m.Abbrev) {
					match = f
					break
				}
			}
			if match != nil {
				m.Same = match
				continue
			}
			for _, f := range ms {
				if f == m {
					break
				}
				if f.Same == nil && f.Type == ecosystem.NodeOrganisation && f.Kind == m.Kind && (m.Place == nil || (f.Place != nil && f.Place.Name == m.Place.Name)) {
					if match != nil && match != f && m.Place == nil {
						match = nil
						break
					}
					match = f
				}
			}
			if match != nil {
				m.Same = match
				continue
			}
		}
		first[k] = m
	}
}

// sessionWords start the items of a visit's programme: spotkanie z …, prezentację …,
// wymianę doświadczeń z …, zwiedzanie …, wizytę w ….
var sessionWords = map[string]string{"spotkanie": "spotkanie", "prezentację": "prezentacja", "prezentacja": "prezentacja",
	"wymianę": "wymiana doświadczeń", "wymiana": "wymiana doświadczeń", "zwiedzanie": "zwiedzanie", "wizytę": "wizyta", "wizyta": "wizyta"}

// sessions reads a visit's programme: a paragraph of two or more items, each starting with a
// session word (at the paragraph's start or after a comma, semicolon or colon), becomes one
// SESSION event per item that names a host, part of the article's main event, with its dates.
func sessions(ex *Extraction) {
	// The event a paragraph's programme belongs to: the last one named before it.
	eventBefore := func(n int) *Mention {
		var last *Mention
		for _, m := range ex.Mentions {
			if m.Type == ecosystem.NodeEvent && m.Parent == nil && m.Para < n && (last == nil || m.Para >= last.Para) {
				last = canon(m)
			}
		}
		return last
	}
	for _, p := range ex.Paragraphs {
		main := eventBefore(p.N)
		if main == nil {
			continue
		}
		if main.Kind == string(ecosystem.EventStudyVisit) {
			// W poniedziałek delegację przyjął w Białymstoku Miejski Ośrodek …: the one
			// receiving the visitors hosts a stop
			for _, m := range ex.Mentions {
				if m.Para == p.N && m.Type == ecosystem.NodeOrganisation && !m.Generic && m.Same == nil && !m.Visited && receivedBefore(ex.tokens[p.N], m) {
					m.Visited = true
				}
			}
		}
		for _, m := range append([]*Mention(nil), ex.Mentions...) {
			if m.Para == p.N && m.Visited {
				s := &Mention{Type: ecosystem.NodeEvent, Kind: string(ecosystem.EventSession), Para: p.N, From: m.From, To: m.To, Text: m.Text,
					Sentence: m.Sentence, Start: main.Start, End: main.End, Parent: main, Hosts: []*Mention{m}}
				s.Name = main.Name + " – wizyta: " + m.Name
				ex.Mentions = append(ex.Mentions, s)
			}
		}
		toks := ex.tokens[p.N]
		var starts []int
		for i, t := range toks {
			// an item starts the paragraph, follows a comma, semicolon or colon, or, once the
			// list has begun, starts a line whose item before ended without one
			if _, ok := sessionWords[lower(t.Text)]; ok && t.Kind == Word && (i == 0 || toks[i-1].Text == "," || toks[i-1].Text == ";" || toks[i-1].Text == ":" || (t.LineStart && len(starts) > 0 && !t.Cap())) {
				starts = append(starts, i)
			}
		}
		numbered := false
		if len(starts) < 2 {
			// 1) Miejski Ośrodek … – mieszkania treningowe; 2) Fundacja „…” – …: numbered or
			// bulleted items, each naming its host first.
			starts, numbered = listItems(toks, ex.Mentions, p.N), true
		}
		if len(starts) < 2 {
			continue
		}
		for k, st := range starts {
			end := len(toks)
			if k+1 < len(starts) {
				end = starts[k+1]
			}
			from, to := toks[st].Start, toks[end-1].End
			var hosts []*Mention
			for _, m := range ex.Mentions {
				if m.Para == p.N && m.Type == ecosystem.NodeOrganisation && !m.Generic && m.From >= from && m.To <= to {
					hosts = append(hosts, m)
				}
			}
			word := sessionWords[lower(toks[st].Text)]
			if len(hosts) == 0 {
				if word == "zwiedzanie" && !numbered {
					if s := siteTour(ex, p, toks, st, end, main); s != nil {
						ex.Mentions = append(ex.Mentions, s)
					}
				}
				continue
			}
			if numbered {
				word = "spotkanie"
				hosts = hosts[:1] // the item's first name is its host; the rest is its subject
			}
			s := &Mention{Type: ecosystem.NodeEvent, Kind: string(ecosystem.EventSession), Para: p.N, From: toks[st].Start, To: toks[st].End,
				Text: toks[st].Text, Sentence: toks[st].Sentence, Start: main.Start, End: main.End, Parent: main, Hosts: hosts}
			s.Name = main.Name + " – " + word + ": " + canon(hosts[0]).Name
			s.itemEnd = to
			ex.Mentions = append(ex.Mentions, s)
		}
	}
}

// areaHeads are the heads of bodies that an adjective of their name gives the area of (a
// council, a federation, a union), not the seat.
var areaHeads = map[string]bool{"rada": true, "sejmik": true, "federacja": true, "związek": true, "stowarzyszenie": true, "forum": true, "konwent": true, "sieć": true, "klaster": true}

// panels makes a named panel (W drugiej części odbył się panel dyskusyjny „…”) a part of the
// event named before it, on its days; an unnamed one is the event itself.
func panels(ex *Extraction) {
	var last *Mention
	for _, m := range ex.Mentions {
		if m.Type != ecosystem.NodeEvent || m.Same != nil {
			continue
		}
		if m.Kind == string(ecosystem.EventSession) && m.Parent == nil {
			if last == nil {
				m.Kind = string(ecosystem.EventMeeting) // a panel of its own
				continue
			}
			if !quotedEvent(m) {
				m.Same, m.Kind = last, last.Kind // panel dyskusyjny, unnamed: a part of the event told as the event
				continue
			}
			m.Parent = last
			if m.Start == "" || m.Start == last.Start {
				m.Start, m.End = last.Start, last.End
			}
			continue
		}
		if m.Parent == nil {
			last = canon(m)
		}
	}
}

// projectPeriods dates a project by the period its sentence gives it (projekt „…”, który w
// okresie 01.07.2023–30.11.2024 realizowało …; realizowany od 1 stycznia 2024 r. do 30 czerwca
// 2026 r.): a range of days that is no event's.
func projectPeriods(ex *Extraction, all []sentence) {
	var last *Mention // the project named last: "Przedsięwzięcie … potrwa od …" speaks of it
	for _, st := range all {
		projects := st.of(ecosystem.NodeProject)
		if len(projects) > 0 {
			last = canon(projects[len(projects)-1])
		}
		if !cue(st.folded, "w okresie", "od ", "realizow", "realizuj", "trwa", "w latach", "potrwa") {
			continue
		}
		p := last
		if len(projects) > 0 {
			p = canon(projects[0])
		} else if !cue(st.folded, "przedsiewzieci", "projekt") {
			continue
		}
		if p == nil {
			continue
		}
		if p.Start != "" {
			continue
		}
		toks := ex.tokens[st.para]
		for _, d := range ex.Dates[st.para] {
			if d.End == "" || d.End == d.Start || sentenceOf(toks, d.From) != st.n {
				continue
			}
			taken := false
			for _, e := range st.of(ecosystem.NodeEvent) {
				taken = taken || canon(e).Start == d.Start && canon(e).End == d.End
			}
			if !taken {
				p.Start, p.End = d.Start, d.End
				break
			}
		}
	}
}

// quotedEvent reports whether an event was named by a quoted name of its own (its alias is
// its noun with the quote).
func quotedEvent(m *Mention) bool {
	return slices.ContainsFunc(m.Aliases, func(a string) bool { return strings.HasSuffix(a, "„"+m.Name+"”") })
}

// ordinalPrefixes number the parts of an event (Pierwsza grupa, druga edycja, Trzecią …),
// by the folded stem of the ordinal in any gender and case; groupRomans are Roman ones (II
// grupa); partUnits the nouns a part is named by.
var (
	ordinalPrefixes = []string{"pierwsz", "drug", "trzec", "czwart", "piat"}
	groupRomans     = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
	partUnits       = map[string]bool{"grupa": true, "spotkanie": true, "edycja": true, "tura": true, "odsłona": true, "zjazd": true, "szkolenie": true}
)

// ordinalAt is the number an ordinal at toks[i] gives, or 0.
func ordinalAt(toks []Token, i int) int {
	if n, ok := groupRomans[toks[i].Text]; ok && i+1 < len(toks) && lower(toks[i+1].Text) == "grupa" {
		return n
	}
	w := polish.Fold(lower(toks[i].Text))
	for k, p := range ordinalPrefixes {
		if strings.HasPrefix(w, p) && len(w) <= len(p)+3 {
			return k + 1
		}
	}
	return 0
}

// eventParts reads an event held in numbered parts: groups of a training (Pierwsza grupa …
// w zeszłym tygodniu, druga grupa … w dniach 17-19 września) or editions of a series in
// several towns (Pierwsze spotkanie odbyło się 27–28 września w Zamościu …; Druga edycja …
// 12 października w Chełmie; Trzecią przeprowadzono … w Kraśniku). Two or more numbered parts
// of one unit (the noun after the ordinal, or none for the ones that leave it out after the
// first) are SESSIONs of the event named before them, each dated and placed by its clause and
// hosted by the one its clause calls the host. The event spans its parts' days; when a part is
// dated only relative to another, it and the event take the parts' month.
func eventParts(ex *Extraction) {
	type part struct {
		n, para, at, sentence int
	}
	var parts []part
	unit := ""
	for _, p := range ex.Paragraphs {
		toks := ex.tokens[p.N]
		for i := 0; i < len(toks); i++ {
			n := ordinalAt(toks, i)
			if n == 0 || slices.ContainsFunc(parts, func(q part) bool { return q.n == n }) {
				continue
			}
			next := ""
			if i+1 < len(toks) {
				next = lemmaOf(toks[i+1].Text, "subst")
				if next == "" {
					next = lower(toks[i+1].Text)
				}
			}
			class := ""
			if partUnits[next] {
				class = "edycja" // Pierwsze spotkanie …, Druga edycja …: editions of one series
				if next == "grupa" {
					class = "grupa"
				}
			}
			switch {
			case class != "" && (unit == "" || unit == class):
				unit = class
			case unit != "" && unit != "grupa" && (i == 0 || toks[i-1].Sentence != toks[i].Sentence) && len(parts) > 0 && lemmaOf(toks[min(i+1, len(toks)-1)].Text, "subst") == "":
				// Trzecią przeprowadzono …: the unit left out, at a sentence's start, before a
				// word that is no noun (not Drugiego dnia)
			default:
				continue
			}
			if len(parts) > 0 && p.N-parts[len(parts)-1].para > 1 {
				break // the parts of one event are told in neighbouring paragraphs
			}
			parts = append(parts, part{n, p.N, i, toks[i].Sentence})
		}
	}
	if len(parts) < 2 {
		return
	}
	// the event: one named in the first part's paragraph, else the last named before it
	first := parts[0]
	var parent, before *Mention
	// a part's own noun (Pierwsze spotkanie odbyło się …) names the part, not the event
	own := map[*Mention]int{}
	for k, pt := range parts {
		toks := ex.tokens[pt.para]
		for _, m := range ex.Mentions {
			if m.Type == ecosystem.NodeEvent && m.Para == pt.para && pt.at+1 < len(toks) && m.From == toks[pt.at+1].Start && unit != "grupa" {
				own[m] = k + 1
			}
		}
	}
	for _, m := range ex.Mentions {
		if m.Type != ecosystem.NodeEvent || m.Parent != nil || m.Kind == string(ecosystem.EventStudyVisit) || m.Kind == string(ecosystem.EventSession) || own[m] > 0 {
			continue
		}
		if m.Para == first.para && parent == nil {
			parent = canon(m)
		}
		if m.Para < first.para && (before == nil || m.Para >= before.Para) {
			before = canon(m)
		}
	}
	if parent == nil {
		parent = before
	}
	if parent == nil {
		return
	}
	var made []*Mention
	for k, pt := range parts {
		toks := ex.tokens[pt.para]
		end := len(toks)
		if k+1 < len(parts) && parts[k+1].para == pt.para {
			end = parts[k+1].at
		}
		if unit != "grupa" {
			for e := pt.at; e < end; e++ {
				if toks[e].Sentence != pt.sentence {
					end = e // an edition's clause is its sentence
					break
				}
			}
		}
		from, to := toks[pt.at].Start, toks[end-1].End
		s := &Mention{Type: ecosystem.NodeEvent, Kind: string(ecosystem.EventSession), Para: pt.para, From: from, To: toks[min(pt.at+1, end-1)].End,
			Sentence: pt.sentence, Parent: parent}
		s.Text = ex.paragraph(pt.para).Text[s.From:s.To]
		for _, d := range ex.Dates[pt.para] {
			if d.From >= from && d.To <= to && len(d.Start) == 10 {
				s.Start, s.End = d.Start, d.End
				if s.End == "" {
					s.End = s.Start
				}
				break
			}
		}
		for _, m := range ex.Mentions {
			if m.Para != pt.para || m.From < from || m.To > to || m.Same != nil && m.Type == ecosystem.NodePlace {
				continue
			}
			if m.Type == ecosystem.NodePlace && s.At == nil && !m.Implied {
				s.At = m
			}
		}
		for i := pt.at; i < end; i++ {
			if cue(polish.Fold(lower(toks[i].Text)), "gospodarzem") {
				for _, m := range ex.Mentions {
					if m.Type == ecosystem.NodeOrganisation && m.Para == pt.para && m.From > toks[i].Start && m.To <= to && len(s.Hosts) == 0 {
						s.Hosts = []*Mention{m}
					}
				}
			}
		}
		s.Name = fmt.Sprintf("%s – %s %d", parent.Name, unit, pt.n)
		if s.At != nil {
			s.Name = parent.Name + " – " + s.At.Name
		}
		made = append(made, s)
	}
	lo, hi, months := "", "", map[string]bool{}
	undated := false
	for _, s := range made {
		if s.Start == "" {
			undated = true
			continue
		}
		months[s.Start[:7]] = true
		if lo == "" || s.Start < lo {
			lo = s.Start
		}
		if hi == "" || s.End > hi {
			hi = s.End
		}
	}
	if lo == "" {
		return
	}
	switch {
	case !undated && (parent.Start == "" || parent.Start >= lo && parent.Start <= hi):
		parent.Start, parent.End = lo, hi
	case undated && len(months) == 1:
		month := lo[:7]
		for _, s := range made {
			if s.Start == "" {
				s.Start, s.DateNote = month, "The text dates this part only relative to another; the month of the parts' dates."
			}
		}
		if parent.Start == "" || parent.Start >= lo && parent.Start <= hi {
			parent.Start, parent.End = month, ""
			parent.DateNote = "Held in parts on different days; the month the parts met in."
		}
	}
	for m, k := range own {
		m.Same = made[k-1]
	}
	ex.Mentions = append(ex.Mentions, made...)
}

// receivedBefore reports whether a verb of receiving visitors (przyjął, przyjęła, gościł)
// comes before an organisation in its sentence, with no other organisation between.
func receivedBefore(toks []Token, m *Mention) bool {
	for _, t := range toks {
		if t.Sentence != m.Sentence || t.Start >= m.From {
			continue
		}
		if w := polish.Fold(lower(t.Text)); strings.HasPrefix(w, "przyjal") || strings.HasPrefix(w, "przyjel") || strings.HasPrefix(w, "goscil") && !strings.HasPrefix(w, "goscili") {
			return m.From-t.End < 60
		}
	}
	return false
}

// siteTour is a programme's item that tours a named site no organisation hosts (zwiedzanie
// Osiedla Sitowie w Gdańsku): a stop of the visit held where the site is, the site its
// subject. The site's name is the capitalised words after the item's first word.
func siteTour(ex *Extraction, p Paragraph, toks []Token, st, end int, main *Mention) *Mention {
	i := st + 1
	for i < end && i-st <= 4 && toks[i].Kind == Word && isUpperStart(toks[i].Text) {
		i++
	}
	if i == st+1 {
		return nil
	}
	from, to := toks[st+1].Start, toks[i-1].End
	var at *Mention
	for _, m := range ex.Mentions {
		switch {
		case m.Para != p.N:
		case m.From < to && from < m.To:
			return nil // the capitalised words are a name already read (a town toured, an event)
		case m.Type == ecosystem.NodePlace && m.From >= to && m.To <= toks[end-1].End && at == nil:
			at = m
		}
	}
	site := practiceName(strings.Fields(p.Text[from:to]), 0)
	s := &Mention{Type: ecosystem.NodeEvent, Kind: string(ecosystem.EventSession), Para: p.N, From: toks[st].Start, To: toks[st].End,
		Text: toks[st].Text, Sentence: toks[st].Sentence, Start: main.Start, End: main.End, Parent: main, At: at, site: [2]int{st + 1, i}}
	s.Name = main.Name + " – zwiedzanie: " + site
	s.itemEnd = toks[end-1].End
	return s
}

// repeatedNames finds an organisation named again by a name of its own that no Polish head
// noun starts (Coompanion, Franstorps Verkstader): the same words, capitalised, elsewhere.
func repeatedNames(ex *Extraction) {
	var names []*Mention
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeOrganisation && m.Same == nil && m.Abbrev == "" && (m.Kind == string(ecosystem.KindOther) || m.Kind == string(ecosystem.KindForeign)) {
			if f := strings.Fields(m.Name); len(f) > 0 && len(f) <= 3 && headLemma(f[0]) == "" && !slices.ContainsFunc(f, func(w string) bool { return !isUpperStart(w) }) {
				names = append(names, m)
			}
		}
	}
	for _, n := range names {
		words := strings.Fields(n.Name)
		for _, p := range ex.Paragraphs {
			toks := ex.tokens[p.N]
			for i := 0; i+len(words) <= len(toks); i++ {
				same := true
				for k, w := range words {
					same = same && toks[i+k].Text == w
				}
				if !same {
					continue
				}
				from, to := toks[i].Start, toks[i+len(words)-1].End
				taken := false
				for _, m := range ex.Mentions {
					taken = taken || (m.Para == p.N && m.From < to && from < m.To)
				}
				if !taken {
					ex.Mentions = append(ex.Mentions, &Mention{Type: ecosystem.NodeOrganisation, Name: n.Name, Kind: n.Kind, Text: p.Text[from:to],
						Para: p.N, From: from, To: to, Sentence: toks[i].Sentence, Same: n})
				}
			}
		}
	}
}

// openingMeetings reads a meeting that opens an event (Warsztaty zainaugurowało spotkanie z
// Janem Forslundem, Dyrektorem Coompanion): a stop of the event hosted by the person's
// organisation, at which the person spoke.
func openingMeetings(ex *Extraction) {
	for _, st := range sentences(ex) {
		if !cue(st.folded, "zainaugurowal", "rozpoczelo", "rozpoczal", "otworzylo", "otworzyl") {
			continue
		}
		var event, person *Mention
		for _, m := range st.mentions {
			if m.Type == ecosystem.NodeEvent && m.Parent == nil && event == nil {
				event = canon(m)
			}
			if m.Type == ecosystem.NodePerson && m.Org != nil && person == nil {
				person = m
			}
		}
		if event == nil || person == nil || !strings.Contains(st.folded, "spotkanie z") {
			continue
		}
		host := canon(person.Org)
		if stopOfHost(ex, host, event) {
			continue
		}
		s := &Mention{Type: ecosystem.NodeEvent, Kind: string(ecosystem.EventSession), Para: person.Para, From: person.From, To: person.To, Text: person.Text,
			Sentence: person.Sentence, Start: event.Start, End: event.End, Parent: event, Hosts: []*Mention{host}, Speakers: []*Mention{person}}
		s.Name = event.Name + " – spotkanie: " + host.Name
		ex.Mentions = append(ex.Mentions, s)
	}
}

// stopOfHost reports whether an organisation already hosts a stop of event.
func stopOfHost(ex *Extraction, host, event *Mention) bool {
	for _, m := range ex.Mentions {
		if m.Parent != nil && canon(m.Parent) == event && slices.ContainsFunc(m.Hosts, func(h *Mention) bool { return canon(h) == host }) {
			return true
		}
	}
	return false
}

// listItems are the first tokens of a paragraph's numbered or bulleted items (1) …, 2. …,
// • …) that each start with an organisation's name.
func listItems(toks []Token, ms []*Mention, para int) []int {
	startsOrg := func(i int) bool {
		for _, m := range ms {
			if m.Para == para && m.Type == ecosystem.NodeOrganisation && i < len(toks) && m.From == toks[i].Start {
				return true
			}
		}
		return false
	}
	var out []int
	for i := 0; i+1 < len(toks); i++ {
		item := -1
		switch {
		case toks[i].Kind == Number && (toks[i+1].Text == ")" || toks[i+1].Text == ".") && (i == 0 || toks[i-1].Kind == Punct):
			item = i + 2
		case toks[i].Text == "•" || toks[i].Text == "·":
			item = i + 1
		}
		if item > 0 && startsOrg(item) {
			out = append(out, item)
		}
	}
	return out
}

// visited finds the organisations a visit went to by their names alone, which need no Polish
// head noun (Odwiedziliśmy Franstorps Verkstader w Sundbybergu, Atelie Inuti w Sztokholmie
// oraz Kooperativet Industrihuset): capitalised words the dictionary does not hold, after a
// verb of visiting, each with its place. Each becomes a host of a session of the visit.
func (r *reader) visited() {
	for i, t := range r.toks {
		if t.Kind != Word {
			continue
		}
		if !cue(polish.Fold(lower(t.Text)), "odwiedzil", "zwiedzil", "gospodarzem", "gospodarzami") {
			r.apposition(i)
			continue
		}
		for k := i + 1; k < len(r.toks) && r.sameSentence(i, k); k++ {
			if !r.free(k) || !(r.toks[k].Cap() || r.toks[k].Upper()) {
				continue
			}
			if ref, _ := r.pl.placeAt(r.toks, k); ref != nil || r.pl.foreignPlace(r.word(k)) != nil {
				continue
			}
			if _, abbrev := abbreviations[strings.ToUpper(r.word(k))]; abbrev {
				continue
			}
			if _, first := firstName(r.word(k - 1)); k > 0 && first && r.toks[k-1].Cap() || k > 0 && foreignFirstName(r, k-1) {
				continue // a person's surname (dyrektorka Jana Dvořáková)
			}
			end := k
			foreign := false
			for end < len(r.toks) && r.free(end) && r.sameSentence(k, end) && (r.toks[end].Cap() || r.toks[end].Upper() || (end > k && foreignHeads[lower(r.word(end))])) {
				if _, first := firstName(r.word(end)); first {
					break
				}
				if foreignFirstName(r, end) {
					break
				}
				if !morph.Known(r.word(end)) {
					foreign = true
				}
				end++
			}
			if end == k || !foreign {
				continue
			}
			// Spree-Integra gGmbH, Coompanion AB, Cesta ven, z. s.: a foreign legal form ends
			// the name, after at most two lower-case words and a comma
			if end < len(r.toks) && r.free(end) && foreignLegalForms[r.word(end)] {
				end++
			} else if e := r.legalFormAfter(end); e > end {
				end = e
			}
			m := r.mention(ecosystem.NodeOrganisation, k, end)
			m.Name = tidy(m.Text)
			m.Kind = string(ecosystem.KindOther)
			m.Visited = true
			if ref := r.localPlace(k); ref != nil {
				// Pierwszego dnia grupa dotarła do Ostrawy. Gospodarzem była tamtejsza
				// spółdzielnia …: in the place named before
				m.Place = ref
				if ref.Country != "" {
					m.Kind = string(ecosystem.KindForeign)
				}
			}
			if prep, ref, n := r.placeAfter(end); ref != nil && (prep == "w" || prep == "we") {
				m.Place = ref
				if ref.Country != "" {
					m.Kind = string(ecosystem.KindForeign)
				}
				end += n
				// Kooperativet KOS i Kooperativet Gloden w Sztokholmie: both are there
				for p := len(r.out) - 2; p >= 0; p-- {
					prev := r.out[p]
					if prev.Type != ecosystem.NodeOrganisation || !prev.Visited || prev.Place != nil || prev.Sentence != m.Sentence {
						break
					}
					if between := strings.TrimSpace(r.p.Text[prev.To:m.From]); between != "i" && between != "oraz" && between != "," {
						break
					}
					prev.Place, prev.Kind = ref, m.Kind
					m = prev
				}
			}
			k = end - 1
		}
	}
}

// localPlace is the place "tamtejszy" (of that place) before toks[k] points to: the last
// place named before it in the paragraph, or nil.
func (r *reader) localPlace(k int) *PlaceRef {
	local := false
	for j := k - 1; j >= 0 && j >= k-4 && r.sameSentence(k, j); j-- {
		local = local || strings.HasPrefix(polish.Fold(lower(r.word(j))), "tamtejsz")
	}
	if !local {
		return nil
	}
	for j := k - 1; j > 0; j-- {
		if p := lower(r.word(j - 1)); p == "w" || p == "we" || p == "do" || p == "z" || p == "ze" {
			if ref, _ := r.pl.placeAt(r.toks, j); ref != nil {
				return ref
			}
		}
	}
	return nil
}

// reYears is a span of years written apart by the joining of words (2014 – 2020).
var reYears = regexp.MustCompile(`(\d{4}) [–-] (\d{4})`)

// appositionKinds are the lower-case nouns that introduce a foreign organisation's own name
// (w stowarzyszeniu Cesta ven, z. s.; spółdzielnia socjalna Sociální družstvo Krok).
var appositionKinds = []string{"stowarzyszeni", "spoldzielni", "fundacj", "przedsiebiorstw", "organizacj", "warsztat"}

// apposition reads a foreign organisation named after a lower-case noun of its kind at
// toks[i] after "w" (w stowarzyszeniu Cesta ven, z. s.): capitalised words the dictionary
// lacks, with any legal form; the visitors were there, so it is a host, in the place abroad
// named just before (spędzili w Ołomuńcu, w stowarzyszeniu …).
func (r *reader) apposition(i int) {
	w := polish.Fold(lower(r.word(i)))
	if r.toks[i].Cap() || i == 0 || (lower(r.word(i-1)) != "w" && lower(r.word(i-1)) != "we") || !slices.ContainsFunc(appositionKinds, func(k string) bool { return strings.HasPrefix(w, k) }) {
		return
	}
	k := i + 1
	for k < len(r.toks) && isAdjective(r.word(k)) && !r.toks[k].Cap() {
		k++ // w spółdzielni socjalnej …
	}
	end := k
	for end < len(r.toks) && end < k+4 && r.free(end) && r.sameSentence(i, end) && (r.toks[end].Cap() || (end > k && foreignHeads[lower(r.word(end))])) && !morph.Known(r.word(end)) {
		end++
	}
	if end == k {
		return
	}
	if e := r.legalFormAfter(end); e > end {
		end = e
	} else if end < len(r.toks) && foreignLegalForms[r.word(end)] {
		end++
	}
	var place *PlaceRef
	for b := i - 2; b >= 0 && b >= i-6 && r.sameSentence(i, b); b-- {
		if p := lower(r.word(b)); p == "w" || p == "we" {
			if ref, _ := r.pl.placeAt(r.toks, b+1); ref != nil && ref.Country != "" {
				place = ref
			}
			break
		}
	}
	if place == nil {
		return // a Polish organisation named by a word the lexicon lacks, more likely
	}
	m := r.mention(ecosystem.NodeOrganisation, k, end)
	m.Name = tidy(m.Text)
	m.Kind, m.Place, m.Visited = string(ecosystem.KindForeign), place, true
}

// foreignLegalForms end the names of foreign organisations; dottedLegalForms are those
// written with full stops, as their letters and stops run together (z. s. → z.s.).
var (
	foreignLegalForms = map[string]bool{"gGmbH": true, "GmbH": true, "AB": true, "Ltd": true, "eV": true, "gUG": true, "AG": true, "SE": true, "vzw": true, "asbl": true}
	dottedLegalForms  = map[string]bool{"z.s.": true, "o.p.s.": true, "s.r.o.": true, "a.s.": true, "z.ú.": true, "e.V.": true, "o.z.": true, "n.o.": true}
	// foreignHeads are the nouns of foreign organisations' names written in lower case
	// inside them (Sociální družstvo Krok).
	foreignHeads = map[string]bool{"družstvo": true, "spolek": true, "nadace": true, "sdružení": true, "združenie": true, "nadácia": true,
		"förening": true, "kooperativ": true, "cooperativa": true, "associazione": true, "fondazione": true, "sociale": true}
)

// legalFormAfter is the end of a dotted legal form (Cesta ven, z. s.) after the tokens from
// i: at most two lower-case words, then an optional comma; i when there is none.
func (r *reader) legalFormAfter(i int) int {
	j := i
	for n := 0; n < 2 && j < len(r.toks) && r.free(j) && r.toks[j].Kind == Word && !r.toks[j].Cap() && r.sameSentence(i, j); n++ {
		j++
	}
	if j < len(r.toks) && r.word(j) == "," {
		j++
	}
	form := ""
	for k := j; k < len(r.toks) && k < j+8 && r.free(k) && (r.word(k) == "." || (r.toks[k].Kind == Word && len([]rune(r.word(k))) <= 3)); k++ {
		form += r.word(k)
		if dottedLegalForms[form] {
			return k + 1
		}
	}
	return i
}

// foreignFirstName reports whether toks[i] is a first name the lexicon lacks, written with
// letters Polish does not use (Tomáš, Jiří), before a capitalised surname, with a position
// named next to it.
func foreignFirstName(r *reader, i int) bool {
	return i+1 < len(r.toks) && r.toks[i].Cap() && !r.toks[i].Upper() && r.toks[i+1].Cap() && !r.toks[i+1].Upper() &&
		len([]rune(r.word(i))) <= 9 && foreignLetters(r.word(i)) && !morph.Known(r.word(i)) && r.sameSentence(i, i+1) && r.roleNear(i)
}

// roleNear reports whether a position is named just before a name at toks[i] (within six
// words of its sentence) or right after it (Tomáš Hruban, koordynator …).
func (r *reader) roleNear(i int) bool {
	for k := i - 1; k >= 0 && k >= i-6 && r.sameSentence(i, k); k-- {
		if isRole(r.word(k)) {
			return true
		}
	}
	for k := i + 2; k < len(r.toks) && k <= i+4 && r.sameSentence(i, k); k++ {
		if isRole(r.word(k)) {
			return true
		}
	}
	return false
}

// foreignLetters reports whether a word has a letter Polish does not use (á, š, ř, ü, å …).
func foreignLetters(w string) bool {
	return strings.ContainsAny(w, "áéíúýčďěňřšťůäöüßåøæàèìòùçñÁÉÍÚÝČĎĚŇŘŠŤŮÄÖÜÅØÆ")
}

// honorific reports whether a word is Pani or Pan in any case (Panu, Panią).
func honorific(w string) bool { return honorifics[lower(w)] || honorifics[lemmaOf(w, "subst")] }

// quotedProjects finds a project or programme named again in quotes without its word
// („Liderzy kooperacji” pewnie zmierzają …): a quoted name equal, by stems, to one already read.
func quotedProjects(ex *Extraction) {
	known := map[string]*Mention{}
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeProject || m.Type == ecosystem.NodeProgramme {
			if _, ok := known[nameKey(m.Name)]; !ok {
				known[nameKey(m.Name)] = m
			}
		}
	}
	if len(known) == 0 {
		return
	}
	for _, p := range ex.Paragraphs {
		toks := ex.tokens[p.N]
		for i := 0; i < len(toks); i++ {
			if toks[i].Text != "„" && toks[i].Text != "“" {
				continue
			}
			e := i + 1
			for e < len(toks) && toks[e].Quoted {
				e++
			}
			if e == i+1 || e > len(toks) {
				continue
			}
			from, to := toks[i+1].Start, toks[e-1].End
			text := p.Text[from:to]
			first, ok := known[nameKey(text)]
			if !ok {
				continue
			}
			dup := false
			for _, m := range ex.Mentions {
				dup = dup || (m.Para == p.N && m.From == from)
			}
			if !dup {
				ex.Mentions = append(ex.Mentions, &Mention{Type: first.Type, Name: first.Name, Text: text, Para: p.N, From: from, To: to, Sentence: toks[i+1].Sentence})
			}
			i = e
		}
	}
}
