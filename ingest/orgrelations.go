package ingest

import (
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
)

// orgRelations reads how organisations stand to one another, as news items about social
// cooperatives and the bodies that run workshops say it:
//
//   - a cooperative set up beside a workshop (powstaniem obok WTZ Spółdzielni Socjalnej …;
//     Spółdzielni …, zarejestrowanej przy naszym Warsztacie) is ATTACHED_TO it;
//   - its founders (Jej założycielami są X oraz Y) FOUNDED it;
//   - an organisation that runs one (X, które prowadzi WTZ) RUNS it.
//
// A workshop named by its kind alone (WTZ, naszym Warsztacie) is the article's one workshop
// of that kind: the one named in the sentence, else the only one in the article.
func orgRelations(ex *Extraction, all []sentence, add func(ecosystem.RelationType, *Mention, *Mention, int, string) *Fact) {
	only := func(kind ecosystem.OrganisationKind, in []*Mention) *Mention {
		var found *Mention
		for _, m := range in {
			if m.Type == ecosystem.NodeOrganisation && !canon(m).Generic && canon(m).Kind == string(kind) {
				if found != nil && found != canon(m) {
					return nil
				}
				found = canon(m)
			}
		}
		return found
	}
	workshop := func(kind ecosystem.OrganisationKind, st sentence) *Mention {
		if w := only(kind, st.mentions); w != nil {
			return w
		}
		return only(kind, ex.Mentions)
	}
	kindAfter := func(toks []Token, i int) ecosystem.OrganisationKind {
		for k := i + 1; k < len(toks) && k <= i+3; k++ {
			switch w := polish.Fold(lower(toks[k].Text)); {
			case strings.HasPrefix(w, "warszta") || w == "wtz":
				return ecosystem.KindWTZ
			case strings.HasPrefix(w, "zaklad") || w == "zaz":
				return ecosystem.KindZAZ
			}
		}
		return ""
	}
	// porozumienie o utworzeniu Kościerskiej Sieci …; Sygnatariuszami zostali: A; B; …: the
	// signatories founded the network and are its members, and took part in the meeting
	var network *Mention
	for k, st := range all {
		if cue(st.folded, "o utworzeniu", "o powolaniu", "powolania", "utworzenia") {
			for _, m := range st.of(ecosystem.NodeOrganisation) {
				if c := canon(m); c.Kind == string(ecosystem.KindFederation) {
					network = c
				}
			}
		}
		if network == nil || (k > 0 && all[k-1].para != st.para && network.Para != st.para) || !cue(st.folded, "sygnatariusz", "podpisal", "podpisaly", "podpisali") {
			continue
		}
		for _, m := range st.of(ecosystem.NodeOrganisation) {
			if c := canon(m); c != network && !c.Generic {
				add(ecosystem.RelFounded, c, network, st.para, "Signed the agreement that set it up.")
				if f := add(ecosystem.RelMemberOf, c, network, st.para, "A signatory of the agreement that set it up."); f != nil {
					f.Inferred = true
				}
			}
		}
	}
	// zapewni na zlecenie ośrodka Fundacja …: the one named after "na zlecenie" (or the
	// article's one organisation of the kind its noun names) commissions the other
	for _, st := range all {
		if !strings.Contains(st.folded, "na zlecenie") {
			continue
		}
		toks := ex.tokens[st.para]
		k := slices.IndexFunc(toks, func(t Token) bool { return t.Sentence == st.n && lower(t.Text) == "zlecenie" && t.Start > 0 })
		if k < 1 || lower(toks[k-1].Text) != "na" || k+1 >= len(toks) {
			continue
		}
		var by, to *Mention
		for _, m := range st.of(ecosystem.NodeOrganisation) {
			switch c := canon(m); {
			case m.From == toks[k+1].Start || m.From == toks[min(k+2, len(toks)-1)].Start && by == nil:
				by = c
			case to == nil && !c.Generic:
				to = c
			}
		}
		if by == nil {
			if h := headLemma(toks[k+1].Text); h != "" {
				by = only(kindOfHead(h), ex.Mentions)
			}
		}
		if by != nil && to != nil && by != to {
			add(ecosystem.RelCommissions, by, to, st.para, "Commissions its services.")
		}
	}
	// przystąpił do programu „…”: the organisation before joined the programme
	for _, st := range all {
		if !cue(st.folded, "przystapil do", "przystapila do", "przystapilo do", "przystapily do") {
			continue
		}
		progs, orgs := st.of(ecosystem.NodeProgramme), st.of(ecosystem.NodeOrganisation)
		for _, p := range progs {
			for _, o := range orgs {
				if o.To <= p.From {
					add(ecosystem.RelParticipatedIn, o, p, st.para, "Joined the programme.")
				}
			}
		}
	}
	var lastCoop *Mention
	var prev sentence
	for k, st := range all {
		if k > 0 {
			prev = all[k-1]
		}
		toks := ex.tokens[st.para]
		var coops, orgs []*Mention
		for _, m := range st.mentions {
			if m.Type != ecosystem.NodeOrganisation || canon(m).Generic {
				continue
			}
			orgs = append(orgs, m)
			if canon(m).Kind == string(ecosystem.KindSocialCooperative) {
				coops = append(coops, canon(m))
			}
		}
		for i, t := range toks {
			if t.Sentence != st.n {
				continue
			}
			switch w := lower(t.Text); {
			case (w == "przy" || w == "obok") && len(coops) > 0:
				if k := kindAfter(toks, i); k != "" {
					if ws := workshop(k, st); ws != nil {
						for _, c := range coops {
							if f := add(ecosystem.RelAttachedTo, c, ws, st.para, "Set up beside the workshop."); f != nil && !sentenceNames(st, ws) {
								f.Inferred = true
							}
						}
					}
				}
			case (w == "prowadzi" || w == "prowadzą") && i+1 < len(toks) && (lower(toks[i+1].Text) == "go" || lower(toks[i+1].Text) == "ją" || lower(toks[i+1].Text) == "je"):
				// Dom otworzył drzwi …, a od pierwszego dnia prowadzi go Stowarzyszenie „Krąg”:
				// the organisation after the pronoun runs the one before
				var runner, run *Mention
				for _, o := range orgs {
					if o.From > t.Start && runner == nil {
						runner = canon(o)
					}
					if o.To < t.Start {
						run = canon(o)
					}
				}
				if runner != nil && run != nil && runner != run {
					add(ecosystem.RelRuns, runner, run, st.para, "Named as running it.")
				}
			case (w == "prowadzi" || w == "prowadzą") && i > 0 && strings.HasPrefix(lower(toks[i-1].Text), "któr"):
				// X, które prowadzi WTZ: the organisation before the relative pronoun runs it
				var runner *Mention
				for _, o := range orgs {
					if o.To <= toks[i-1].Start {
						runner = canon(o)
					}
				}
				if k := kindAfter(toks, i-1); runner != nil && k != "" {
					if ws := workshop(k, st); ws != nil && ws != runner {
						add(ecosystem.RelRuns, runner, ws, st.para, "Named as running it.")
					}
				} else if runner != nil && i+1 < len(toks) {
					// X, które prowadzi obie placówki: the two (or all) organisations named
					// before it in the sentence and the one before
					for _, o := range pluralReference(toks, i+1, runner, st, prev) {
						add(ecosystem.RelRuns, runner, o, st.para, "Named as running it, by a plural reference.")
					}
					// …, które prowadzi placówkę: the house named last before it
					if i+1 < len(toks) && lemmaOf(lower(toks[i+1].Text), "subst") == "placówka" && !localKinds[ecosystem.OrganisationKind(runner.Kind)] {
						var house *Mention
						for _, s := range []sentence{prev, st} {
							if s.para != st.para {
								continue
							}
							for _, m := range s.of(ecosystem.NodeOrganisation) {
								if c := canon(m); localKinds[ecosystem.OrganisationKind(c.Kind)] && !c.Generic && m.To <= t.Start {
									house = c
								}
							}
						}
						if house != nil {
							add(ecosystem.RelRuns, runner, house, st.para, "Named as running it.")
						}
					}
					// Warsztatowi …, który prowadzi giżyckie Stowarzyszenie „…”: the workshop
					// is the object, the association named after the verb runs it
					if localKinds[ecosystem.OrganisationKind(runner.Kind)] {
						for _, o := range orgs {
							if c := canon(o); o.From > t.End && o.From-t.End < 30 && !localKinds[ecosystem.OrganisationKind(c.Kind)] && c != runner {
								add(ecosystem.RelRuns, c, runner, st.para, "Named as running it.")
								break
							}
						}
					}
				}
			}
		}
		if cue(st.folded, "zalozyciel", "zalozyl", "zalozona przez", "zalozony przez") {
			target := lastCoop
			if len(coops) > 0 && !cue(st.folded, "jej zalozyciel", "jego zalozyciel") {
				target = coops[0]
			}
			for _, o := range orgs {
				if target != nil && canon(o) != target && canon(o).Kind != string(ecosystem.KindWTZ) {
					add(ecosystem.RelFounded, o, target, st.para, "Named among its founders.")
				}
			}
		}
		if len(coops) > 0 {
			lastCoop = coops[len(coops)-1]
		}
	}
}

// sentenceNames reports whether a sentence names an organisation itself.
func sentenceNames(st sentence, o *Mention) bool {
	for _, m := range st.mentions {
		if canon(m) == o {
			return true
		}
	}
	return false
}

// pluralReference reads a plural reference to organisations at toks[i] (obie placówki, oba ośrodki,
// wszystkie trzy warsztaty): the organisations other than except named before it in its
// sentence and the sentence before in its paragraph, when their number is the one it says
// (two for obie/oba, two or more for wszystkie); nil otherwise.
func pluralReference(toks []Token, i int, except *Mention, st, prev sentence) []*Mention {
	w := polish.Fold(lower(toks[i].Text))
	want := 0
	switch w {
	case "obie", "oba", "obydwie", "obydwa":
		want = 2
	case "wszystkie":
		want = -1
	default:
		return nil
	}
	var named []*Mention
	for _, s := range []sentence{prev, st} {
		if s.para != st.para {
			continue
		}
		for _, m := range s.mentions {
			if m.Type == ecosystem.NodeOrganisation && !canon(m).Generic && canon(m) != except && (s.n != st.n || m.To <= toks[i].Start) && !slices.Contains(named, canon(m)) {
				named = append(named, canon(m))
			}
		}
	}
	if (want > 0 && len(named) != want) || len(named) < 2 {
		return nil
	}
	return named
}

// kindOfHead is the organisation kind a lower-case head noun refers to (ośrodka: a welfare
// centre), or "".
func kindOfHead(h string) ecosystem.OrganisationKind {
	switch h {
	case "ośrodek":
		return ecosystem.KindOPS
	case "centrum":
		return ecosystem.KindPCPR
	case "warsztat":
		return ecosystem.KindWTZ
	case "zakład":
		return ecosystem.KindZAZ
	}
	return ""
}
