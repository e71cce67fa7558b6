package ingest

import (
	"strings"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
)

// references ties what a text says in passing to the entities it named before:
//
//   - a position at an organisation spoken of by its kind in lower case (prezes fundacji
//     Dorota Lis, kierownik zakładu Grzegorz Wilk) is at the article's one organisation of that
//     kind;
//   - a stop of a visit takes the day a sentence gives it (12 października goście przyjechali
//     do Wałbrzycha; pierwszy dzień grupa spędziła we Wrocławiu; ostatniego dnia w świdnickim
//     ZAZ …), when the sentence names its host or its host's town.
func references(ex *Extraction, all []sentence) {
	orgsByHead := map[string][]*Mention{}
	for _, m := range ex.Mentions {
		if m.Type != ecosystem.NodeOrganisation || m.Same != nil || m.Generic {
			continue
		}
		if f := strings.Fields(m.Name); len(f) > 0 {
			if h := headLemma(f[0]); h != "" {
				orgsByHead[h] = append(orgsByHead[h], m)
			}
		}
	}
	for _, m := range ex.Mentions {
		if m.Type != ecosystem.NodePerson || m.Title == "" || (m.Org != nil && !canon(m.Org).Generic) {
			continue
		}
		words := strings.Fields(m.Title)
		if len(words) < 2 {
			continue
		}
		for _, w := range words[1:] {
			if isUpperStart(w) {
				continue // Prezes Zarządu fundacji
			}
			if h := headLemma(w); h != "" {
				if os := orgsByHead[h]; len(os) == 1 {
					m.Org = os[0]
				}
				break
			}
		}
	}
	sessionDays(ex, all)
}

// ordinalDays are the words that count a visit's days.
var ordinalDays = map[string]int{"pierwszy": 0, "pierwszego": 0, "drugi": 1, "drugiego": 1, "trzeci": 2, "trzeciego": 2, "czwarty": 3, "czwartego": 3}

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
	for _, st := range all {
		day := ""
		toks := ex.tokens[st.para]
		for _, d := range ex.Dates[st.para] {
			if (d.End == "" || d.Start == d.End) && len(d.Start) == 10 && d.Start >= parent.Start && d.Start <= parent.End && sentenceOf(toks, d.From) == st.n {
				day = d.Start
			}
		}
		for i, t := range toks {
			if day != "" || t.Sentence != st.n || i+1 >= len(toks) {
				continue
			}
			w, next := lower(t.Text), lower(toks[i+1].Text)
			if next != "dzień" && next != "dnia" {
				continue
			}
			if n, ok := ordinalDays[w]; ok {
				day = addDays(parent.Start, n)
			} else if w == "ostatni" || w == "ostatniego" {
				day = parent.End
			}
		}
		if day == "" || day > parent.End {
			continue
		}
		for _, s := range sessions {
			if len(s.Hosts) == 0 {
				continue
			}
			h := canon(s.Hosts[0])
			for _, m := range st.mentions {
				if canon(m) == h || (m.Type == ecosystem.NodePlace && h.Place != nil && m.Name == h.Place.Name) {
					s.Start, s.End = day, day
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
