package ingest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/ingest/morph"
	"github.com/wtz-graph/kg/polish"
)

// Good practices are what a visit or a conference is for, and a news item names them in a
// few set ways:
//
//   - the subject of a stop of a visit's programme: spotkanie z MOPS w Gdyni na temat X,
//     prezentację modelu działania Federacji …, wymianę doświadczeń dotyczących X z …,
//     spotkanie …, podczas którego uczestnicy zapoznali się z X;
//   - a model a speaker presented: opowiadając o modelu obustronnych korzyści …;
//   - the field an organisation is said to work in: podmiotami aktywnie działającymi w obszarze
//     kooperacji …;
//   - a model an authority recognised: nasz model … został doceniony przez Ministerstwo …,
//     and the programme that names it a good practice in the next sentence.
//
// Each becomes a Practice named by the phrase, in the nominative, shown at its event
// (SHOWCASED), practised by the organisations whose work it is (PRACTISES), developed by the
// publisher that calls it its own or by the project it was worked out in (DEVELOPED), and
// recognised by those the text says recognised it (RECOGNISED).

// modelForms are the forms of "model" that head a practice's name.
var modelForms = map[string]bool{"model": true, "modelu": true, "modelem": true, "modele": true, "modeli": true, "modelach": true, "modelami": true}

// phraseStops end a practice's phrase: relative pronouns, verbs of the sentence around it and
// words that start another part of the sentence.
var phraseStops = map[string]bool{"który": true, "która": true, "które": true, "którego": true, "której": true, "którym": true,
	"których": true, "wraz": true, "podczas": true, "został": true, "została": true, "zostało": true, "zostały": true,
	"jest": true, "są": true, "był": true, "była": true, "było": true, "przez": true, "jako": true, "gdzie": true, "a": true}

// maxPhraseWords bounds a practice's name.
const maxPhraseWords = 8

// phrase reads a practice's phrase from token i of a paragraph: words up to a stop word, a
// verb, punctuation other than a hyphen, the end of the sentence or of limit (a byte offset),
// at most maxPhraseWords words; a dangling preposition or conjunction at its end is dropped.
// A name met right after a word of the phrase is its complement and ends it (modelu działania
// Federacji …, realizacji Gdańskiego Programu …); one after a preposition is not part of it
// (dotyczących projektowania usług z Elbląskim Centrum …). mentionEnd gives the end of the
// mention a token is in, or -1. It returns the end of the token range [i, j).
func phrase(toks []Token, i, limit int, mentionEnd func(Token) int) int {
	j := i
	words := 0
	for j < len(toks) && toks[j].Sentence == toks[i].Sentence && toks[j].End <= limit && words < maxPhraseWords {
		t := toks[j]
		if t.Kind == Punct && t.Text != "-" {
			break
		}
		if e := mentionEnd(t); e >= 0 {
			if j > i && !danglingWord(toks[j-1].Text) {
				for j < len(toks) && toks[j].End <= e {
					j++
				}
			}
			break
		}
		if t.Kind == Word && (phraseStops[lower(t.Text)] || verbLike(t.Text)) {
			break
		}
		if t.Kind == Word {
			words++
		}
		j++
	}
	for j > i && danglingWord(toks[j-1].Text) {
		j--
	}
	return j
}

// verbLike reports whether a word the lexicon does not hold ends as a verb in the past tense
// or the infinitive does (mieli, przedstawiła, wziąć): the lexicon holds nouns and
// adjectives only.
func verbLike(w string) bool {
	l := lower(w)
	if isUpperStart(w) || isAdjective(w) || len(morph.Analyse(w)) > 0 {
		return false
	}
	for _, suf := range []string{"ali", "ili", "yli", "eli", "ały", "iły", "yły", "ała", "iła", "yła", "ało", "iło", "ał", "ił", "ył", "ać", "ić", "yć", "eć", "ąć", "uje", "ują"} {
		if strings.HasSuffix(l, suf) {
			return true
		}
	}
	return false
}

func danglingWord(w string) bool {
	switch lower(w) {
	case "w", "we", "z", "ze", "o", "na", "do", "dla", "i", "oraz", "lub", "od", "po", "przy", "-":
		return true
	}
	return false
}

// practiceName is a phrase in the nominative: its head (the word at head) with the
// adjectives that agree with it, and a noun coordinated with the head (opracowania oraz
// realizacji …) in the same case; the complements stay as written.
func practiceName(words []string, head int) string {
	if head == 0 && isUpperStart(words[0]) {
		// a capitalised first word is read as the common noun it is when it is one (Osiedla
		// Sitowie: of the estate, not a surname); the name is capitalised again below
		if rs, _ := readings(lower(words[0]), "subst"); len(rs) > 0 {
			words = append([]string{lower(words[0])}, words[1:]...)
		}
	}
	if nominativeAlready(words[head]) || (head+1 < len(words) && nominativePair(words[head], words[head+1])) {
		s := strings.Join(words, " ")
		r, size := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[size:]
	}
	c := len(words)
	if head+1 < len(words) && (lower(words[head+1]) == "i" || lower(words[head+1]) == "oraz") {
		c = head + 1
	}
	name, _ := nominative(words[:c], head)
	out := strings.Fields(name)
	if c+1 < len(words) && sameCase(words[head], words[c+1]) {
		second, _ := nominative(words[c+1:], 0)
		out = append(append(out, words[c]), strings.Fields(second)...)
	} else {
		out = append(out, words[c:]...)
	}
	s := strings.Join(out, " ")
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// nominativeAlready reports whether a head is written in the nominative: singular, or plural
// without a singular genitive reading (modele; not opracowania, which may be "of drafting").
func nominativeAlready(w string) bool {
	rs, guessed := readings(w, "subst")
	sgNom, plNom, sgGen := false, false, false
	for _, a := range rs {
		if a.Part() != "subst" {
			continue
		}
		switch {
		case a.Number() == "sg" && a.Case() == "nom":
			sgNom = true
		case a.Number() == "pl" && a.Case() == "nom":
			plNom = true
		case a.Number() == "sg" && a.Case() == "gen":
			sgGen = true
		}
	}
	if guessed {
		// the ending rules read -nia both as a feminine nominative (pralnia) and as a verbal
		// noun's genitive (opracowania): a guess with a genitive reading is not trusted
		return (sgNom || plNom) && !sgGen
	}
	return sgNom || (plNom && !sgGen)
}

// nominativePair reports whether a noun and the adjective after it agree only as nominatives
// (mieszkania chronione: not "of a sheltered flat", which would be mieszkania chronionego).
func nominativePair(noun, adjective string) bool {
	ns, _ := readings(noun, "subst")
	as, guessed := readings(adjective, "adj")
	if guessed && isUpperStart(adjective) {
		return false // a proper name after the noun (Osiedla Sitowie), not an adjective
	}
	nom, other := false, false
	for _, n := range ns {
		for _, a := range as {
			if n.Part() == "subst" && a.Part() == "adj" && n.Case() == a.Case() && n.Number() == a.Number() && n.Gender() == a.Gender() {
				if n.Case() == "nom" {
					nom = true
				} else if n.Case() != "acc" && n.Case() != "voc" {
					other = true
				}
			}
		}
	}
	return nom && !other
}

// sameCase reports whether two nouns share a case reading (opracowania / realizacji: gen).
func sameCase(a, b string) bool {
	ra, _ := readings(a, "subst")
	rb, _ := readings(b, "subst")
	for _, x := range ra {
		for _, y := range rb {
			if x.Part() == "subst" && y.Part() == "subst" && x.Case() == y.Case() && x.Case() != "nom" {
				return true
			}
		}
	}
	return false
}

// practices reads the good practices of an article and their relations.
func practices(ex *Extraction, all []sentence, add func(ecosystem.RelationType, *Mention, *Mention, int, string) *Fact, publisher *Mention) {
	// The names and the programme items of each paragraph, read once.
	spans, items := map[int][]*Mention{}, map[int][]*Mention{}
	for _, m := range ex.Mentions {
		if !m.Implied && !m.Generic && m.Type != ecosystem.NodePractice && m.Parent == nil {
			spans[m.Para] = append(spans[m.Para], m)
		}
		if m.itemEnd > 0 {
			items[m.Para] = append(items[m.Para], m)
		}
	}
	for _, ms := range spans {
		slices.SortFunc(ms, func(a, b *Mention) int { return a.From - b.From })
	}
	mentionEnd := func(para int) func(Token) int {
		ms := spans[para]
		return func(t Token) int {
			// the mentions starting at or before the token, nearest first (names rarely nest)
			k, _ := slices.BinarySearchFunc(ms, t.Start+1, func(m *Mention, off int) int { return m.From - off })
			for j := k - 1; j >= 0 && j >= k-4; j-- {
				if t.Start >= ms[j].From && t.End <= ms[j].To {
					return ms[j].To
				}
			}
			return -1
		}
	}
	inMention := func(para int) func(Token) bool {
		end := mentionEnd(para)
		return func(t Token) bool { return end(t) >= 0 }
	}
	// The programme's items: their practices are their subjects, read first.
	inItem := func(para int, t Token) bool {
		for _, m := range items[para] {
			if t.Start >= m.From && t.End <= m.itemEnd {
				return true
			}
		}
		return false
	}
	// A name that is a project's or a programme's names that, not a practice.
	named := map[string]bool{}
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeProject || m.Type == ecosystem.NodeProgramme {
			named[nameKey(m.Name)] = true
		}
	}
	newPractice := func(para int, toks []Token, from, to, head int) *Mention {
		p := ex.paragraph(para)
		m := &Mention{Type: ecosystem.NodePractice, Para: para, From: toks[from].Start, To: toks[to-1].End, Sentence: toks[from].Sentence}
		m.Text = p.Text[m.From:m.To]
		words := strings.Fields(m.Text)
		if len(words) == 0 {
			return nil
		}
		head = min(head, len(words)-1)
		for head == 0 && len(words) > 1 && isAdjective(words[0]) && !nounFirst(words[0]) {
			head = 1 // specjalistycznych usługach, przygotowanych pokojach: the noun after the adjective
		}
		m.Name = practiceName(words, head)
		if named[nameKey(m.Name)] {
			return nil
		}
		for _, o := range ex.Mentions {
			if o.Type == ecosystem.NodePractice && nameKey(o.Name) == nameKey(m.Name) {
				m.Same = canon(o)
			}
		}
		ex.Mentions = append(ex.Mentions, m)
		return m
	}
	// The subjects of a programme's stops.
	for _, s := range slices.Clone(ex.Mentions) {
		if s.Parent == nil || s.itemEnd == 0 {
			continue
		}
		toks := ex.tokens[s.Para]
		if len(s.Hosts) == 0 {
			// a site toured: the site is the practice shown, where the stop was held
			if pr := newPractice(s.Para, toks, s.site[0], s.site[1], 0); pr != nil {
				add(ecosystem.RelShowcased, s, pr, s.Para, "The site toured at this stop of the visit.")
				if s.At != nil {
					add(ecosystem.RelLocatedIn, pr, s.At, s.Para, "The site toured is in this town.")
				}
			}
			continue
		}
		for i := range toks {
			t := toks[i]
			if t.Start < s.From || t.End > s.itemEnd || (t.Kind != Word && t.Text != "–" && t.Text != "—") {
				continue
			}
			w := lower(t.Text)
			start, head := -1, 0
			switch {
			case w == "temat" && i > 0 && lower(toks[i-1].Text) == "na":
				start = i + 1
			case strings.HasPrefix(w, "dotycząc"):
				start = i + 1
			case modelForms[w]:
				start = i
			case (w == "z" || w == "ze") && i > 0 && zapoznac(toks, i):
				start = i + 1
			case (t.Text == "–" || t.Text == "—") && t.Start > canon(s.Hosts[0]).From:
				start = i + 1 // 1) Fundacja „Krok Dalej” z Wrocławia – trener pracy …
			}
			if start < 0 || start >= len(toks) {
				continue
			}
			end := phrase(toks, start, s.itemEnd, mentionEnd(s.Para))
			if end <= start {
				continue
			}
			pr := newPractice(s.Para, toks, start, end, head)
			if pr == nil {
				continue
			}
			add(ecosystem.RelShowcased, s, pr, s.Para, "The subject of this stop of the visit.")
			for _, h := range s.Hosts {
				add(ecosystem.RelPractises, h, pr, s.Para, "Its own work, shown to the visitors.")
			}
			break
		}
	}
	// Practices named in sentences.
	var last *Mention // the last practice read, for "Przedstawiono go jako dobrą praktykę"
	lastByPara := map[int]*Mention{}
	lastEvent := func(para int) *Mention {
		if e, ok := lastByPara[para]; ok {
			return e
		}
		var e *Mention
		for _, m := range ex.Mentions {
			if m.Type == ecosystem.NodeEvent && m.Parent == nil && m.Para <= para {
				e = canon(m)
			}
		}
		lastByPara[para] = e
		return e
	}
	goodPracticeBefore, prevPara := false, 0 // the sentence before announced a good practice
	for _, st := range all {
		toks := ex.tokens[st.para]
		f := st.folded
		orgs, events := st.of(ecosystem.NodeOrganisation), st.of(ecosystem.NodeEvent)
		projects, programmes := st.of(ecosystem.NodeProject), st.of(ecosystem.NodeProgramme)
		event := lastEvent(st.para)
		if len(events) > 0 {
			event = events[0]
		}
		recognised := cue(f, "docenion", "wyroznion", "nagrodzon", "uznan")
		presented := cue(f, "przedstawi", "prezent", "opowiad", "opowiedzial", "omowil", "zaprezentowal", "pokaz", "poznal", "zapoznal", "oprowadz")
		featured := cue(f, "dobrych praktyk", "zapoznac sie z funkcjonowaniem")
		var found []*Mention
		// relatePractice ties a practice read at toks[from] (its cue word at byte offset at) to
		// the sentence's project, event and organisations.
		relatePractice := func(pr *Mention, from, at int) {
			ours := from > 0 && possessive(toks[from-1].Text) && strings.HasPrefix(lower(toks[from-1].Text), "nasz")
			if ours && publisher != nil {
				add(ecosystem.RelDeveloped, publisher, pr, st.para, "The publisher calls it its own.")
			}
			if cue(f, "wypracowan", "opracowan") {
				for _, p := range projects {
					add(ecosystem.RelDeveloped, p, pr, st.para, "Worked out in the project.")
				}
			}
			if event != nil && (presented || featured || goodPracticeBefore) && !recognised {
				where := canon(event)
				if where.Parent != nil {
					where = canon(where.Parent) // a part named by its own noun: the event it is part of
				}
				base := where
				for _, o := range orgs {
					if stop := stopOf(ex, o, base); stop != nil {
						where = stop // modele …, które wspiera Coompanion: at Coompanion's stop
						break
					}
				}
				for _, m := range ex.Mentions {
					if where == base && m.Parent != nil && canon(m.Parent) == base && m.At != nil &&
						slices.ContainsFunc(st.of(ecosystem.NodePlace), func(p *Mention) bool { return p.Name == m.At.Name }) {
						where = m // W Kraśniku zespół PCPR pokazał …: at the stop in Kraśnik
					}
				}
				add(ecosystem.RelShowcased, where, pr, st.para, "Presented at the event.")
			}
			for _, o := range orgs {
				if recognised && o.From > at {
					add(ecosystem.RelRecognised, o, pr, st.para, "Named as having recognised it.")
				} else if !recognised {
					add(ecosystem.RelPractises, o, pr, st.para, "Its work, as the article presents it.")
				}
			}
		}
		if st.para != prevPara {
			goodPracticeBefore, prevPara = false, st.para
		}
		for i, t := range toks {
			if t.Sentence != st.n || t.Kind != Word || inMention(st.para)(t) || inItem(st.para, t) {
				continue
			}
			w := lower(t.Text)
			from, head, start := -1, 0, -1
			switch {
			case modelForms[w] && i+1 < len(toks) && !danglingWord(toks[i+1].Text) && !inMaking(toks, i):
				// the adjectives before the head belong to the name (innowacyjny model …),
				// a possessive does not (nasz model)
				from = i
				for from > 0 && toks[from-1].Sentence == st.n && toks[from-1].Kind == Word && isAdjective(toks[from-1].Text) && !possessive(toks[from-1].Text) && !inMention(st.para)(toks[from-1]) {
					from--
				}
				head, start = i-from, i
			case (w == "o" || w == "tzw") && i > 0 && speakingVerb(toks, i) && i+1 < len(toks) && !genericTopic(toks, i+1):
				// opowiedziała o mieszkaniu wspomaganym, które …; opowiedział o tzw. stanowiskach …
				from = i + 1
				for from < len(toks) && (lower(toks[from].Text) == "tzw" || toks[from].Text == ".") {
					from++
				}
				start = from
			case (w == "obszarze" || w == "zakresie") && i > 1 && lower(toks[i-1].Text) == "w" && cue(polish.Fold(lower(toks[i-2].Text)), "dzialajac", "specjalizujac"):
				from, start = i+1, i+1
			case w == "po" && i > 0 && guidedAround(toks, i) && i+1 < len(toks) && !genericTopic(toks, i+1):
				// dyrektorka oprowadziła gości po pralni i szwalni: the workplaces shown
				from, start = i+1, i+1
			}
			if from < 0 || start >= len(toks) || toks[start].Sentence != st.n {
				continue
			}
			end := phrase(toks, start, toks[len(toks)-1].End, mentionEnd(st.para))
			if end <= start || (end == start+1 && modelForms[w]) {
				continue // "model" alone names nothing
			}
			pr := newPractice(st.para, toks, from, end, head)
			if pr == nil {
				continue
			}
			found = append(found, pr)
			relatePractice(pr, from, t.Start)
		}
		// Goście mogli poznać dobrą praktykę … Nasi uczestnicy prowadzą kawiarenkę „Pod Lipą”;
		// zespół PCPR pokazał opracowany przez siebie „Powiatowy informator …”: a quoted name
		// shown, or told of just after a good practice is announced, is the practice
		if len(found) == 0 && (cue(f, "pokazal", "zaprezentowal", "przedstawil") || goodPracticeBefore) {
			for i, t := range toks {
				if t.Sentence != st.n || (t.Text != "„" && t.Text != "“") || i+1 >= len(toks) || inMention(st.para)(toks[i+1]) {
					continue
				}
				e := i + 1
				for e < len(toks) && toks[e].Quoted {
					e++
				}
				if e == i+1 || e >= len(toks) {
					continue
				}
				p := ex.paragraph(st.para)
				quoted := strings.TrimSpace(p.Text[toks[i+1].Start:toks[e-1].End])
				from, name := i+1, quoted
				if i > 0 && toks[i-1].Kind == Word && !toks[i-1].Cap() && !possessive(toks[i-1].Text) && !pronouns[lower(toks[i-1].Text)] && !slices.Contains([]string{"projekt", "program"}, lemmaOf(toks[i-1].Text, "subst")) {
					if rs, _ := readings(toks[i-1].Text, "subst"); len(rs) > 0 && rs[0].Part() == "subst" {
						from, name = i-1, practiceName([]string{toks[i-1].Text}, 0)+" „"+quoted+"”" // kawiarenkę „Pod Lipą” → Kawiarenka „Pod Lipą”
					}
				}
				if named[nameKey(name)] || named[nameKey(quoted)] {
					continue
				}
				pr := &Mention{Type: ecosystem.NodePractice, Para: st.para, From: toks[from].Start, To: toks[e].End, Sentence: st.n, Name: name}
				pr.Text = p.Text[pr.From:pr.To]
				ex.Mentions = append(ex.Mentions, pr)
				found = append(found, pr)
				relatePractice(pr, from, toks[from].Start)
				if len(orgs) == 0 && publisher != nil && cue(f, "nasi ", "nasze ", "naszych ", "nasz ") {
					add(ecosystem.RelPractises, publisher, pr, st.para, "The publisher's own work, as the article presents it.")
				}
				break
			}
		}
		goodPracticeBefore = cue(f, "dobra praktyk", "dobre praktyk", "dobrej praktyk") && !cue(f, "katalog")
		if len(found) > 0 {
			last = found[len(found)-1]
			continue
		}
		if len(found) > 0 {
			last = found[len(found)-1]
			continue
		}
		// Jako przykład dobrej praktyki pokazała Spółdzielnię Socjalną „Pod Wiatrakiem”: the
		// organisation's work, named after it.
		if cue(f, "przyklad dobrej praktyki", "przykladem dobrej praktyki", "jako dobra praktyk", "jako dobre praktyk") && len(orgs) > 0 && (last == nil || last.Para != st.para) {
			o := canon(orgs[len(orgs)-1])
			pr := &Mention{Type: ecosystem.NodePractice, Para: st.para, From: orgs[len(orgs)-1].From, To: orgs[len(orgs)-1].To, Text: orgs[len(orgs)-1].Text,
				Sentence: st.n, Name: "Dobra praktyka: " + o.Name}
			ex.Mentions = append(ex.Mentions, pr)
			add(ecosystem.RelPractises, o, pr, st.para, "Its work, shown as a good practice.")
			if event != nil {
				add(ecosystem.RelShowcased, event, pr, st.para, "Presented at the event as a good practice.")
			}
			last = pr
			continue
		}
		// Przedstawiono go jako dobrą praktykę w Krajowym Programie …: the last practice read,
		// named a good practice by the programme or organisation of this sentence.
		if last != nil && last.Para == st.para && cue(f, "jako dobra praktyk", "jako dobre praktyk", "jako przyklad dobrej praktyki") {
			for _, o := range append(orgs, programmes...) {
				add(ecosystem.RelRecognised, o, last, st.para, "Names it a good practice.")
			}
		}
	}
}

// nounFirst reports whether a word reads as a noun before an adjective (mieszkania, not
// specjalistycznych).
func nounFirst(w string) bool {
	rs, guessed := readings(w, "subst")
	return !guessed && len(rs) > 0 && rs[0].Part() == "subst"
}

// pronouns are the words before a quote that are no noun naming the thing quoted.
var pronouns = map[string]bool{"siebie": true, "sobie": true, "sobą": true, "nich": true, "nim": true, "niego": true, "niej": true, "nią": true,
	"tym": true, "tego": true, "ten": true, "ta": true, "to": true, "te": true, "tę": true, "jako": true, "pt": true, "pn": true, "nazwą": true, "hasłem": true}

// speakingVerb reports whether the "o" at toks[i] follows a verb of telling (opowiedziała o,
// opowiadał o, mówił o) in its sentence, at most two words before it.
func speakingVerb(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2 && toks[k].Sentence == toks[i].Sentence; k-- {
		if cue(polish.Fold(lower(toks[k].Text)), "opowiedzial", "opowiadal", "opowiadajac", "mowil", "mowila", "opowiada") {
			return true
		}
	}
	return false
}

// guidedAround reports whether the "po" at toks[i] follows a verb of guiding round
// (oprowadziła gości po …), at most two words before it.
func guidedAround(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2 && toks[k].Sentence == toks[i].Sentence; k-- {
		if strings.HasPrefix(polish.Fold(lower(toks[k].Text)), "oprowadz") {
			return true
		}
	}
	return false
}

// genericTopics are what a speaker talks about that is not a practice: the history, plans,
// experience or situation of something.
var genericTopics = map[string]bool{"historia": true, "doświadczenie": true, "plan": true, "postęp": true, "sytuacja": true,
	"potrzeba": true, "zmiana": true, "możliwość": true, "rola": true, "zasada": true, "wynik": true, "efekt": true,
	"problem": true, "trudność": true, "wyzwanie": true, "sposób": true, "tym": true, "tego": true, "swoich": true, "swojej": true, "swoim": true}

// genericTopic reports whether the topic at toks[i] is one of genericTopics (or a pronoun).
func genericTopic(toks []Token, i int) bool {
	for i < len(toks) && (lower(toks[i].Text) == "tzw" || toks[i].Text == ".") {
		i++
	}
	if i >= len(toks) || toks[i].Kind != Word {
		return true
	}
	w := lower(toks[i].Text)
	if genericTopics[w] || possessive(w) {
		return true
	}
	for _, a := range morph.Analyse(w) {
		if a.Part() == "subst" && genericTopics[a.Lemma] {
			return true
		}
	}
	for _, a := range morph.Guess(w, "subst") {
		if genericTopics[a.Lemma] {
			return true
		}
	}
	return false
}

// inMaking reports whether the model at toks[i] is one being made (pracujący nad stworzeniem
// modelu …): not yet a practice to show.
func inMaking(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-2 && toks[k].Sentence == toks[i].Sentence; k-- {
		if cue(polish.Fold(lower(toks[k].Text)), "stworzeni", "tworzeni", "budow", "opracowani", "wypracowani") {
			return true
		}
	}
	return false
}

// zapoznac reports whether the "z" at toks[i] follows a verb of getting to know (zapoznali się
// przede wszystkim z …, poznali się z …) within four words of its sentence.
func zapoznac(toks []Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4 && toks[k].Sentence == toks[i].Sentence; k-- {
		if cue(polish.Fold(lower(toks[k].Text)), "zapozna") {
			return true
		}
	}
	return false
}

// possessive reports whether a word is a possessive pronoun (nasz, swój, ich …).
func possessive(w string) bool {
	l := lower(w)
	return strings.HasPrefix(l, "nasz") || strings.HasPrefix(l, "swo") || strings.HasPrefix(l, "swó") || l == "ich" || l == "jego" || l == "jej"
}

// paragraph is the paragraph numbered n.
func (ex *Extraction) paragraph(n int) Paragraph {
	for _, p := range ex.Paragraphs {
		if p.N == n {
			return p
		}
	}
	return Paragraph{N: n}
}
