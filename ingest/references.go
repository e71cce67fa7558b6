package ingest

import (
	"slices"
	"strings"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
)

// references ties what a text says in passing to the entities it named before:
//
//   - a gmina named beside its office (wójt Gminy Tymbark, Urząd Gminy Tymbark) is the office;
//   - a position at an organisation spoken of by its kind in lower case (prezes fundacji
//     Dorota Lis, kierownik zakładu Grzegorz Wilk) is at the article's one organisation of that
//     kind, and a starosta is the head of its one starostwo;
//   - a stop of a visit takes the day a sentence gives it (12 października goście przyjechali
//     do Wałbrzycha; pierwszy dzień grupa spędziła we Wrocławiu; ostatniego dnia w świdnickim
//     ZAZ …), when the sentence names its host or its host's town.
func references(ex *Extraction, all []sentence) {
	// wójt Gminy Tymbark with Urząd Gminy Tymbark named too: the gmina is its office
	offices := map[string]*Mention{}
	for _, m := range ex.Mentions {
		if m.Type == ecosystem.NodeOrganisation && m.Same == nil {
			if rest, ok := strings.CutPrefix(m.Name, "Urząd Gminy "); ok {
				offices[nameKey(rest)] = m
			}
		}
	}
	for _, m := range ex.Mentions {
		if rest, ok := strings.CutPrefix(m.Name, "Gmina "); ok && m.Type == ecosystem.NodeOrganisation && m.Same == nil {
			if o := offices[nameKey(rest)]; o != nil {
				m.Same = o
			}
		}
	}
	orgsByHead, orgsByKind := map[string][]*Mention{}, map[ecosystem.OrganisationKind][]*Mention{}
	for _, m := range ex.Mentions {
		if m.Type != ecosystem.NodeOrganisation || m.Same != nil || m.Generic {
			continue
		}
		if f := strings.Fields(m.Name); len(f) > 0 {
			if h := headLemma(f[0]); h != "" {
				orgsByHead[h] = append(orgsByHead[h], m)
			}
		}
		if !slices.Contains(orgsByKind[ecosystem.OrganisationKind(m.Kind)], m) {
			orgsByKind[ecosystem.OrganisationKind(m.Kind)] = append(orgsByKind[ecosystem.OrganisationKind(m.Kind)], m)
		}
	}
	for _, m := range ex.Mentions {
		if m.Type != ecosystem.NodePerson || m.Title == "" || (m.Org != nil && !canon(m.Org).Generic) {
			continue
		}
		if slices.ContainsFunc(strings.Fields(m.Title)[1:], func(w string) bool { return referents[lemmaOf(lower(w), "subst")] }) {
			// dyrektor placówki Frank Lehmann, kierowniczka hotelu: the organisation named last
			if o := orgBefore(ex, all, m); o != nil {
				m.Org = o
				continue
			}
		}
		if department(m.Title) || justAfterOrg(ex, m) {
			// Kierowniczka Działu Usług Specjalistycznych, Pani …: a department of the
			// organisation named last; W Środowiskowym Domu … kierowniczka Danuta …: the one
			// named right before the position
			if o := orgBefore(ex, all, m); o != nil {
				m.Org = o
				continue
			}
		}
		if possessiveTitle(ex, m) {
			// jej kierowniczka Beata Kowal, prezes jego zarządu Teresa Mika: at the organisation
			// named last before, in the sentence or the one before, else the publisher's own
			if o := orgBefore(ex, all, m); o != nil {
				m.Org = o
			} else {
				m.Org, m.OwnPublisher = nil, true
			}
			continue
		}
		words := strings.Fields(m.Title)
		if l := lower(lemmaOf(words[0], "subst")); (l == "starosta" || l == "wicestarosta" || lower(words[0]) == "starosta") && m.Org == nil {
			// starosta starachowicki: the head of the article's one starostwo
			if os := orgsByHead["starostwo"]; len(os) == 1 {
				m.Org = os[0]
			}
			continue
		}
		if len(words) < 2 {
			continue
		}
		sawName := false // a capitalised word before: the abbreviation is part of a name (Animatorka Klastra WTZ)
		for k, w := range words[1:] {
			if ab, ok := abbreviations[w]; ok && w == strings.ToUpper(w) && !sawName {
				// specjalistka ds. szkoleń ROPS: the article's one organisation of that kind;
				// among several, the publisher's own house when it is of that kind
				if os := orgsByKind[ab.kind]; len(os) == 1 {
					m.Org = os[0]
				} else if len(os) > 1 {
					m.Org, m.OwnPublisher, m.ownKind = nil, true, ab.kind
				}
				break
			}
			if isUpperStart(w) && k+2 < len(words) {
				sawName = true
				continue // Prezes Zarządu fundacji
			}
			if h := headLemma(w); h != "" {
				// prezes fundacji, prezeska Fundacji (the last word): its one foundation
				if os := orgsByHead[h]; len(os) == 1 {
					m.Org = os[0]
				}
				break
			}
		}
	}
	sessionDays(ex, all)
}

// department reports whether a title names a unit inside an organisation and no
// organisation (Kierowniczka Działu Usług Specjalistycznych).
func department(title string) bool {
	f := strings.Fields(title)
	if len(f) < 2 {
		return false
	}
	switch lemmaOf(f[1], "subst") {
	case "dział", "wydział", "referat", "sekcja", "biuro":
		return !slices.ContainsFunc(f[2:], func(w string) bool { return headLemma(w) != "" || strings.ToUpper(w) == w })
	}
	return false
}

// justAfterOrg reports whether a person's one-word position follows an organisation's name
// directly in its sentence (W Środowiskowym Domu Samopomocy w Sejnach kierowniczka …).
func justAfterOrg(ex *Extraction, m *Mention) bool {
	if len(strings.Fields(m.Title)) != 1 {
		return false
	}
	toks := ex.tokens[m.Para]
	k := slices.IndexFunc(toks, func(t Token) bool { return t.Start == m.From })
	if k < 2 || !isRole(toks[k-1].Text) {
		return false
	}
	for _, o := range ex.Mentions {
		if o.Type == ecosystem.NodeOrganisation && o.Para == m.Para && o.To <= toks[k-1].Start && toks[k-1].Start-o.To <= 2 && o.Sentence == m.Sentence {
			return true
		}
	}
	return false
}

// referents are the nouns a position names its organisation by when the text has just named
// it (dyrektor placówki, kierowniczka hotelu).
var referents = map[string]bool{"placówka": true, "hotel": true, "jednostka": true, "instytucja": true, "obiekt": true, "restauracja": true, "kawiarnia": true}

// possessiveTitle reports whether a person's position is told with "jej" or "jego" (jej
// kierowniczka, prezes jego zarządu).
func possessiveTitle(ex *Extraction, m *Mention) bool {
	if t := " " + lower(m.Title) + " "; strings.Contains(t, " jej ") || strings.Contains(t, " jego ") {
		return true
	}
	toks := ex.tokens[m.Para]
	k := slices.IndexFunc(toks, func(t Token) bool { return t.Start == m.From })
	for j := k - 1; k > 0 && j >= 0 && j >= k-8 && toks[j].Sentence == toks[k].Sentence; j-- {
		if isRole(toks[j].Text) {
			// jej kierowniczka; spółdzielnia …, której dyrektorka …
			return j > 0 && slices.Contains([]string{"jej", "jego", "której", "którego"}, lower(toks[j-1].Text))
		}
	}
	return false
}

// orgBefore is the organisation named last before a mention, in its sentence or the two
// sentences before in its paragraph, or nil.
func orgBefore(ex *Extraction, all []sentence, m *Mention) *Mention {
	var found *Mention
	at := -1 // the sentence found in
	for _, st := range all {
		if st.para != m.Para || st.n > m.Sentence || st.n < m.Sentence-2 {
			continue
		}
		for _, o := range st.mentions {
			if o.Type == ecosystem.NodeOrganisation && !canon(o).Generic && o.To <= m.From && st.n >= at {
				found, at = canon(o), st.n
			}
		}
	}
	return found
}

// ordinalDays are the words that count a visit's days.
var ordinalDays = map[string]int{"pierwszy": 0, "pierwszego": 0, "drugi": 1, "drugiego": 1, "trzeci": 2, "trzeciego": 2, "czwarty": 3, "czwartego": 3}

// weekdays are the weekdays after w / we (w środę, we wtorek), spanDays the numbers of days
// a span of a visit counts (pierwsze dwa dni).
var (
	weekdays = map[string]time.Weekday{"poniedziałek": time.Monday, "wtorek": time.Tuesday, "środę": time.Wednesday, "czwartek": time.Thursday,
		"piątek": time.Friday, "sobotę": time.Saturday, "niedzielę": time.Sunday}
	spanDays = map[string]int{"dwa": 2, "trzy": 3, "cztery": 4}
)

func sessionDays(ex *Extraction, all []sentence) {
	var sessions []*Mention
	for _, m := range ex.Mentions {
		if m.Parent != nil && m.Type == ecosystem.NodeEvent {
			sessions = append(sessions, m)
		}
	}
	if len(sessions) == 0 {
		return
	}
	parent := canon(sessions[0].Parent)
	if parent.Start == "" || parent.End == "" || parent.Start == parent.End || len(parent.Start) != 10 {
		return
	}
	dated := map[*Mention]bool{}
	for _, st := range all {
		day := ""
		toks := ex.tokens[st.para]
		last := ""
		for _, d := range ex.Dates[st.para] {
			if len(d.Start) == 10 && d.Start >= parent.Start && d.Start <= parent.End && sentenceOf(toks, d.From) == st.n {
				day, last = d.Start, "" // a day of the visit, or its days (4 i 5 kwietnia)
				if len(d.End) == 10 && d.End > d.Start && d.End <= parent.End && (d.Start != parent.Start || d.End != parent.End) {
					last = d.End
				} else if d.End != "" && d.End != d.Start {
					day = ""
				}
			}
		}
		for i, t := range toks {
			if day != "" || t.Sentence != st.n || i+1 >= len(toks) {
				continue
			}
			w, next := lower(t.Text), lower(toks[i+1].Text)
			if wd, ok := weekdays[w]; ok && i > 0 && (lower(toks[i-1].Text) == "w" || lower(toks[i-1].Text) == "we") {
				// W środę grupa odwiedziła …: the day of the visit that is that weekday
				for d := parent.Start; d != "" && d <= parent.End; d = addDays(d, 1) {
					if t, err := time.Parse("2006-01-02", d); err == nil && t.Weekday() == wd {
						day = d
						break
					}
				}
				continue
			}
			if n, ok := spanDays[next]; ok && i+2 < len(toks) && lower(toks[i+2].Text) == "dni" {
				// Przez pierwsze dwa dni …, Ostatnie dwa dni …: a span of the visit's days
				switch w {
				case "pierwsze":
					day, last = parent.Start, addDays(parent.Start, n-1)
				case "ostatnie":
					day, last = addDays(parent.End, 1-n), parent.End
				}
				continue
			}
			if next != "dzień" && next != "dnia" {
				continue
			}
			if n, ok := ordinalDays[w]; ok {
				day = addDays(parent.Start, n)
			} else if w == "ostatni" || w == "ostatniego" {
				day = parent.End
			}
		}
		if day == "" || day > parent.End || day < parent.Start || (last != "" && (last > parent.End || last < day)) {
			continue
		}
		if last == "" {
			last = day
		}
		for _, s := range sessions {
			if len(s.Hosts) == 0 {
				continue
			}
			h := canon(s.Hosts[0])
			for _, m := range st.mentions {
				if canon(m) == h || (m.Type == ecosystem.NodePlace && h.Place != nil && m.Name == h.Place.Name) {
					if !dated[s] {
						// the first sentence that dates a stop does (a later one may speak of
						// another stop of the same host)
						s.Start, s.End, dated[s] = day, last, true
					}
				}
			}
		}
	}
}

// sentenceOf is the sentence of the token at byte offset off.
func sentenceOf(toks []Token, off int) int {
	for _, t := range toks {
		if t.End > off {
			return t.Sentence
		}
	}
	return -1
}

// addDays is an ISO date n days after d.
func addDays(d string, n int) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

// stopOf is the stop of event that an organisation hosted, or nil.
func stopOf(ex *Extraction, org, event *Mention) *Mention {
	if org == nil || event == nil {
		return nil
	}
	for _, m := range ex.Mentions {
		if m.Parent == nil || canon(m.Parent) != canon(event) {
			continue
		}
		for _, h := range m.Hosts {
			if canon(h) == canon(org) {
				return m
			}
		}
	}
	return nil
}
