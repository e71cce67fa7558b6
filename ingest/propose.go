package ingest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/match"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// ErrSourceExists is returned when the article's source id names a source the graph has:
// accepting it would rewrite that source, and a rollback would remove what it attests.
var ErrSourceExists = errors.New("source exists")

// Link is what the linking decided for one entity of the article.
type Link struct {
	Mention *Mention
	// Decision is SAME (an existing node, ID), NEW (a node the proposal declares, ID) or
	// AMBIGUOUS (declared as new until an editor picks one of Candidates).
	Decision match.Decision
	ID       ecosystem.NodeKey
	// Candidates are the existing nodes it could be, best first, with their scores.
	Candidates []LinkCandidate
}

// LinkCandidate is an existing node a mention could be.
type LinkCandidate struct {
	ID       ecosystem.NodeKey
	Name     string
	Score    float64
	Features []match.Feature
}

// Proposal is an article read and linked: the change set in the seed format, and how each
// entity was linked.
type Proposal struct {
	Document   seed.Document
	Links      []*Link
	Extraction *Extraction
}

// Propose reads an article and links what it mentions to the graph of s. Nothing is written.
func (x *Extractor) Propose(ctx context.Context, s store.Store, a Article, sourceID string) (*Proposal, error) {
	if got, err := s.Nodes(ctx, []ecosystem.NodeKey{{Type: ecosystem.NodeSource, Slug: sourceID}}); err != nil {
		return nil, err
	} else if got[0] != nil {
		return nil, fmt.Errorf("%w: the graph already has a source %s; give the article an id of its own", ErrSourceExists, sourceID)
	}
	ex := x.Extract(a)
	p := &Proposal{Extraction: ex}
	doc := &p.Document
	src := seed.SourceDoc{ID: sourceID, Title: a.Title, Kind: "ARTICLE", URL: a.URL, Language: "pl", Published: a.Published,
		Description: "News item read by the article ingestion; its facts await review."}
	if src.Title == "" {
		src.Title = firstLine(ex, a)
	}
	doc.Sources = []seed.SourceDoc{src}
	ids := map[*Mention]*Link{}
	byID := map[ecosystem.NodeKey]*Link{}
	used := map[string]bool{}
	counts := map[string]int{}
	for _, m := range ex.Mentions {
		counts[string(m.Type)+"|"+canon(m).Name]++
	}
	// Sessions after the rest (one is linked through its visit and its host), practices last
	// (one is linked through the event it was shown at and the organisations that practise it).
	rank := func(m *Mention) int {
		switch {
		case m.Type == ecosystem.NodePractice:
			return 2
		case m.Parent != nil:
			return 1
		}
		return 0
	}
	order := slices.Clone(ex.Mentions)
	slices.SortStableFunc(order, func(a, b *Mention) int { return rank(a) - rank(b) })
	for _, m := range order {
		if m.Same != nil || m.Generic {
			continue
		}
		l, err := x.link(ctx, s, m)
		if err != nil {
			return nil, err
		}
		if m.Parent != nil && l.Decision != match.Same {
			if k, ok, err := linkSession(ctx, s, ids[canon(m.Parent)], m, ids); err != nil {
				return nil, err
			} else if ok {
				l.Decision, l.ID = match.Same, k
			}
		}
		if m.Type == ecosystem.NodePractice && l.Decision != match.Same {
			if k, ok, err := linkPractice(ctx, s, m, ex.Relations, ids); err != nil {
				return nil, err
			} else if ok {
				l.Decision, l.ID = match.Same, k
			}
		}
		if m.Type == ecosystem.NodeOrganisation && m.Abbrev != "" && m.Kind == string(ecosystem.KindOther) && l.Decision != match.Same && counts[string(m.Type)+"|"+m.Name] < 2 {
			continue // an unknown abbreviation met once: too weak for a new organisation
		}
		if l.Decision != match.Same {
			// A new entity's id is free in the proposal and in the graph: an id the graph
			// holds would merge the article's values into another node.
			for {
				l.ID = ecosystem.NodeKey{Type: m.Type, Slug: uniqueSlug(slug(m.Name), m.Type, used)}
				got, err := s.Nodes(ctx, []ecosystem.NodeKey{l.ID})
				if err != nil {
					return nil, err
				}
				if got[0] == nil {
					break
				}
			}
		} else if first := byID[l.ID]; first != nil {
			m.Same = first.Mention // two names of one node (SnrSS, Stowarzyszenie na rzecz …)
			continue
		}
		if l.Decision != match.Same {
			// A new entity whose name is another new one's name or alias is that entity: one
			// entity, one id (the import refuses two).
			if first := sameNamed(p.Links, m); first != nil {
				m.Same = first.Mention
				continue
			}
		}
		byID[l.ID] = l
		ids[m] = l
		p.Links = append(p.Links, l)
	}
	// Existing entities are declared as the graph holds them, so that the import merges the
	// article's citations into them and changes nothing else.
	var existingKeys []ecosystem.NodeKey
	for _, l := range p.Links {
		if l.Decision == match.Same {
			existingKeys = append(existingKeys, l.ID)
		}
	}
	existingNodes, err := s.Nodes(ctx, existingKeys)
	if err != nil {
		return nil, err
	}
	existing := map[ecosystem.NodeKey]ecosystem.Node{}
	for _, n := range existingNodes {
		if n != nil {
			existing[n.Key()] = n
		}
	}
	cites := map[*Link][]seed.Cite{}
	for _, m := range ex.Mentions {
		l := ids[canon(m)]
		if l == nil {
			continue
		}
		c := seed.Cite{Source: sourceID, Locator: fmt.Sprintf("¶%d", m.Para), Note: mentionNote(m)}
		if !slices.ContainsFunc(cites[l], func(x seed.Cite) bool { return x.Locator == c.Locator }) {
			cites[l] = append(cites[l], c)
		}
	}
	for _, l := range p.Links {
		m := l.Mention
		common := seed.Common{ID: l.ID.Slug, Cite: cites[l]}
		if n := existing[l.ID]; n != nil {
			declareExisting(doc, n, common)
			continue
		}
		if l.Decision == match.Same {
			l.Decision = match.New // deleted since it was matched
		}
		if l.Decision != match.Same {
			common.Name = m.Name
			for _, al := range m.Aliases {
				if al != m.Name && !slices.Contains(common.Aliases, al) {
					common.Aliases = append(common.Aliases, al)
				}
			}
		}
		switch m.Type {
		case ecosystem.NodeOrganisation:
			o := seed.Organisation{Common: common}
			if l.Decision != match.Same {
				o.Kind, o.Country = m.Kind, "PL"
				if m.Kind == string(ecosystem.KindForeign) && m.Place != nil && m.Place.Country != "" {
					o.Country = m.Place.Country
				}
			}
			doc.Organisations = append(doc.Organisations, o)
		case ecosystem.NodePerson:
			doc.People = append(doc.People, seed.Person{Common: common})
		case ecosystem.NodeProject:
			pr := seed.Project{Common: common}
			if l.Decision != match.Same {
				pr.Start, pr.End = m.Start, m.End
			}
			doc.Projects = append(doc.Projects, pr)
		case ecosystem.NodeProgramme:
			pr := seed.Programme{Common: common}
			if l.Decision != match.Same {
				pr.Kind = string(ecosystem.ProgrammeFunding)
			}
			doc.Programmes = append(doc.Programmes, pr)
		case ecosystem.NodeEvent:
			e := seed.Event{Common: common}
			if l.Decision != match.Same {
				e.Kind, e.Start, e.End = m.Kind, m.Start, m.End
				e.Status = "HELD"
				if m.Planned {
					e.Status = "PLANNED"
				}
				if m.DateNote != "" {
					e.DateNote = m.DateNote
				} else if e.Start == "" {
					e.DateNote = "The article gives no date."
				}
			}
			doc.Events = append(doc.Events, e)
		case ecosystem.NodePractice:
			if l.Decision != match.Same {
				common.Description = "Good practice the article presents; named with the article's phrase."
			}
			doc.Practices = append(doc.Practices, seed.Practice{Common: common})
		case ecosystem.NodePlace:
			pl := seed.Place{Common: common}
			if l.Decision != match.Same && m.Place != nil && m.Place.Gazetteer != nil {
				g := m.Place.Gazetteer
				pl.Kind, pl.Country, pl.TERC = placeKind(g), "PL", g.Code
				if g.Point != nil {
					lat, lon := g.Point.Lat, g.Point.Lon
					pl.Lat, pl.Lon = &lat, &lon
				}
			} else if l.Decision != match.Same && m.Place != nil && m.Place.Kind != "" {
				pl.Kind, pl.Country = string(m.Place.Kind), m.Place.Country
			}
			doc.Places = append(doc.Places, pl)
		}
	}
	for _, f := range ex.Relations {
		from, to := ids[canon(f.From)], ids[canon(f.To)]
		if from == nil || to == nil {
			continue
		}
		doc.Relations = append(doc.Relations, seed.Relation{Type: string(f.Type), From: from.ID.GlobalID(), To: to.ID.GlobalID(),
			Title: f.Title, Count: f.Count, Cite: []seed.Cite{{Source: sourceID, Locator: fmt.Sprintf("¶%d", f.Para), Note: f.Note, Inferred: f.Inferred}}})
	}
	return p, nil
}

// firstLine is the title of an article given without one: its first paragraph when that is a
// headline (at most 14 words, one sentence), else a description in our words, so that no
// sentence of the article is copied into the graph.
func firstLine(ex *Extraction, a Article) string {
	if len(ex.Paragraphs) > 0 {
		t := ex.Paragraphs[0].Text
		if len(strings.Fields(t)) <= 14 && !strings.ContainsAny(strings.TrimRight(t, ".!? "), ".!?") {
			return strings.TrimSpace(strings.Trim(t, "|"))
		}
	}
	title := "News item"
	if a.Publisher != "" {
		title += " of " + a.Publisher
	}
	if a.Published != "" {
		title += ", " + a.Published
	}
	return title
}

// mentionNote says in our words what a mention of an entity is.
func mentionNote(m *Mention) string {
	switch m.Type {
	case ecosystem.NodeOrganisation:
		return "Mentioned as an organisation."
	case ecosystem.NodePerson:
		if m.Title != "" {
			return "Mentioned with a position."
		}
		return "Mentioned by name."
	case ecosystem.NodeEvent:
		if m.Start != "" {
			return "The event and its dates."
		}
		return "The event."
	case ecosystem.NodePlace:
		return "Place named in the text."
	case ecosystem.NodePractice:
		return "A practice the article presents."
	}
	return "Named in the text."
}

// placeKind is the graph's kind of a gazetteer place; a locality is a town (the gazetteer
// does not tell towns from cities).
func placeKind(g *gazetteer.Place) string {
	switch {
	case g.Kind == gazetteer.Voivodeship:
		return string(ecosystem.PlaceVoivodeship)
	case g.Kind == gazetteer.Powiat:
		return string(ecosystem.PlacePowiat)
	case g.Kind.IsGmina():
		return string(ecosystem.PlaceGmina)
	case g.Kind == gazetteer.CityPowiat:
		return string(ecosystem.PlaceCity)
	}
	return string(ecosystem.PlaceTown)
}

// link decides which node a mention is.
func (x *Extractor) link(ctx context.Context, s store.Store, m *Mention) (*Link, error) {
	l := &Link{Mention: m, Decision: match.New}
	switch m.Type {
	case ecosystem.NodeOrganisation:
		q := match.Query{Name: m.Name, Kind: ecosystem.OrganisationKind(m.Kind)}
		if m.Place != nil && m.Place.Gazetteer != nil {
			q.TERC = m.Place.Gazetteer.Code
			if q.TERC == "" {
				q.TERC = m.Place.Gazetteer.PowiatCode
			}
			q.Point = m.Place.Gazetteer.Point
		}
		if q.Kind == ecosystem.KindOther {
			q.Kind = ""
		}
		cands, err := match.Match(ctx, s, q, 5)
		if err != nil {
			return nil, err
		}
		for _, c := range cands {
			l.Candidates = append(l.Candidates, LinkCandidate{ID: c.Organisation.Key(), Name: c.Organisation.Name, Score: c.Score, Features: c.Features})
		}
		// Candidates of another town or region are not this one, however alike the rest of
		// the name (Oddział Łódzki / Oddział Pomorski PFRON; MOPR w Rzeszowie / w Gdańsku).
		// Nor is one of another kind whose name is not nearly the same (an ŚDS is not the ROPS
		// of its town).
		cands = slices.DeleteFunc(cands, func(c match.Candidate) bool {
			return otherPlace(m.Name, c.Organisation.Name) || (hasFeature(c, "other_kind") && nameFeature(c) < strongName)
		})
		d, best := match.Decide(cands)
		if d == match.Ambiguous && len(cands) > 0 && nameFeature(cands[0]) >= strongName && (len(cands) == 1 || cands[0].Score-cands[1].Score >= 0.2) {
			// A news item rarely gives an identifier or a seat; a name that is the
			// candidate's, well ahead of the next, is the same organisation.
			d, best = match.Same, &cands[0]
		}
		l.Decision = d
		if best != nil {
			l.ID = best.Organisation.Key()
		}
		return l, nil
	}
	// Other entities: a search hit whose name or alias is the mention's name.
	limit := 5
	if m.Type == ecosystem.NodeEvent && m.Start != "" {
		limit = 20 // an event of a busy series is found by its start among its siblings
	}
	hits, err := s.Search(ctx, store.SearchQuery{Text: m.Name, Types: []ecosystem.NodeType{m.Type}, Limit: limit})
	if err != nil {
		return nil, err
	}
	var keys []ecosystem.NodeKey
	for _, h := range hits {
		keys = append(keys, h.Node)
	}
	nodes, err := s.Nodes(ctx, keys)
	if err != nil {
		return nil, err
	}
	dated := map[string]int{} // hits of the mention's kind by start
	for _, n := range nodes {
		if ev, ok := n.(*ecosystem.Event); ok && ev.Start != nil && string(ev.Kind) == m.Kind {
			dated[ev.Start.String()]++
		}
	}
	wants := []string{nameKey(m.Name)}
	for _, al := range m.Aliases {
		wants = append(wants, nameKey(al))
	}
	for i, n := range nodes {
		if n == nil {
			continue
		}
		c := n.Common()
		l.Candidates = append(l.Candidates, LinkCandidate{ID: n.Key(), Name: c.Name, Score: hits[i].Score})
		same := slices.Contains(wants, nameKey(c.Name))
		for _, al := range c.Aliases {
			same = same || slices.Contains(wants, nameKey(al))
		}
		if ev, ok := n.(*ecosystem.Event); ok && m.Start != "" && ev.Start != nil && ev.Start.String() == m.Start && string(ev.Kind) == m.Kind && dated[m.Start] == 1 {
			// the only hit of the same kind and start: the event under another name
			same = true
		}
		if ev, ok := n.(*ecosystem.Event); ok && len(m.Start) == 10 && ev.Start != nil && ev.Start.String() == m.Start && samePrefix(m.Name, c.Name, 3) {
			// the same day and the same first three words (Warsztaty Wymiany Doświadczeń …),
			// whatever kind the curator gave it
			same = true
		}
		if m.Type == ecosystem.NodePlace && m.Place != nil && m.Place.Gazetteer != nil {
			if p, ok := n.(*ecosystem.Place); ok && p.TERC != "" && p.TERC == m.Place.Gazetteer.Code {
				same = true
			} else if ok && !sameLevel(p, m.Place.Gazetteer) {
				same = false // Opole is not województwo opolskie, whatever their stems
			}
		}
		if same && l.Decision != match.Same {
			l.Decision, l.ID = match.Same, n.Key()
		}
	}
	return l, nil
}

// nameKey compares names by their words' stems.
func nameKey(s string) string { return strings.Join(stems(strings.Fields(s)...), " ") }

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an id from a name: folded, hyphenated, at most 60 characters.
func slug(name string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(polish.Fold(name), "-"), "-")
	if len(s) > 60 {
		s = strings.Trim(s[:60], "-")
	}
	if s == "" {
		s = "x"
	}
	return s
}

func uniqueSlug(s string, t ecosystem.NodeType, used map[string]bool) string {
	out := s
	for n := 2; used[string(t)+":"+out]; n++ {
		out = fmt.Sprintf("%s-%d", s, n)
	}
	used[string(t)+":"+out] = true
	return out
}

// strongName is the name similarity at which a lone best candidate is taken without a place.
const strongName = 0.9

func hasFeature(c match.Candidate, name string) bool {
	return slices.ContainsFunc(c.Features, func(f match.Feature) bool { return f.Name == name })
}

func nameFeature(c match.Candidate) float64 {
	for _, f := range c.Features {
		if f.Name == "name" {
			return f.Value
		}
	}
	return 0
}

// declareExisting declares an existing node with the fields that identify it, as the graph
// holds them, and the article's citations.
func declareExisting(doc *seed.Document, n ecosystem.Node, common seed.Common) {
	common.Name = n.Common().Name
	date := func(d *ecosystem.PartialDate) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	switch v := n.(type) {
	case *ecosystem.Organisation:
		doc.Organisations = append(doc.Organisations, seed.Organisation{Common: common, Kind: string(v.Kind), Country: v.Country})
	case *ecosystem.Person:
		doc.People = append(doc.People, seed.Person{Common: common})
	case *ecosystem.Project:
		doc.Projects = append(doc.Projects, seed.Project{Common: common, Start: date(v.Start), End: date(v.End)})
	case *ecosystem.Programme:
		doc.Programmes = append(doc.Programmes, seed.Programme{Common: common, Kind: string(v.Kind), Start: date(v.Start), End: date(v.End)})
	case *ecosystem.Event:
		doc.Events = append(doc.Events, seed.Event{Common: common, Kind: string(v.Kind), Status: string(v.Status), Start: date(v.Start), End: date(v.End)})
	case *ecosystem.Practice:
		doc.Practices = append(doc.Practices, seed.Practice{Common: common})
	case *ecosystem.Place:
		pl := seed.Place{Common: common, Kind: string(v.Kind), Country: v.Country, TERC: v.TERC, SIMC: v.SIMC, NameEn: v.NameEn}
		if v.Point != nil {
			lat, lon := v.Point.Lat, v.Point.Lon
			pl.Lat, pl.Lon = &lat, &lon
		}
		doc.Places = append(doc.Places, pl)
	}
}

// linkSession finds the existing session of an existing visit that the session's host
// hosted: the same stop of the same visit, whatever the curator named it.
func linkSession(ctx context.Context, s store.Store, parent *Link, m *Mention, ids map[*Mention]*Link) (ecosystem.NodeKey, bool, error) {
	if parent == nil || parent.Decision != match.Same {
		return ecosystem.NodeKey{}, false, nil
	}
	var hostKeys []ecosystem.NodeKey
	for _, h := range m.Hosts {
		if l := ids[canon(h)]; l != nil && l.Decision == match.Same {
			hostKeys = append(hostKeys, l.ID)
		}
	}
	if len(hostKeys) == 0 && len(m.Hosts) > 0 {
		return ecosystem.NodeKey{}, false, nil
	}
	parts, err := s.Relations(ctx, []ecosystem.NodeKey{parent.ID}, store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelPartOf}, Direction: ecosystem.DirIn})
	if err != nil {
		return ecosystem.NodeKey{}, false, err
	}
	var sessions []ecosystem.NodeKey
	for _, r := range parts[0] {
		sessions = append(sessions, r.From)
	}
	if len(sessions) == 0 {
		return ecosystem.NodeKey{}, false, nil
	}
	if len(m.Hosts) == 0 {
		// a site toured: the only stop whose name names the site
		nodes, err := s.Nodes(ctx, sessions)
		if err != nil {
			return ecosystem.NodeKey{}, false, err
		}
		var found []ecosystem.NodeKey
		for i, n := range nodes {
			if n != nil && namesSite(n.Common().Name, m) {
				found = append(found, sessions[i])
			}
		}
		if len(found) != 1 {
			return ecosystem.NodeKey{}, false, nil
		}
		return found[0], true, nil
	}
	hosted, err := s.Relations(ctx, sessions, store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelHosted}, Direction: ecosystem.DirIn})
	if err != nil {
		return ecosystem.NodeKey{}, false, err
	}
	for i, rels := range hosted {
		for _, r := range rels {
			if slices.Contains(hostKeys, r.From) {
				return sessions[i], true, nil
			}
		}
	}
	return ecosystem.NodeKey{}, false, nil
}

// namesSite reports whether a stop's name names what a host-less stop is (the site it toured,
// a training's group): every word after the stop's " – ", by stem, is among the name's.
func namesSite(name string, m *Mention) bool {
	k := strings.LastIndex(m.Name, " – ")
	if k < 0 {
		return false
	}
	site := strings.TrimPrefix(m.Name[k+len(" – "):], "zwiedzanie: ") // a site toured, or a group (grupa 2)
	words := stems(strings.Fields(name)...)
	for _, w := range stems(strings.Fields(site)...) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	return true
}

// linkPractice finds the existing practice a practice of the article is: the only one that
// the graph ties to the same existing ends by the same relations (shown at the same event,
// practised, developed or recognised by the same organisation). The curator's name of a
// practice is rarely the article's phrase.
func linkPractice(ctx context.Context, s store.Store, m *Mention, facts []*Fact, ids map[*Mention]*Link) (ecosystem.NodeKey, bool, error) {
	var cands map[ecosystem.NodeKey]bool
	ties, shown := 0, false
	for _, f := range facts {
		if canon(f.To) != m {
			continue
		}
		l := ids[canon(f.From)]
		if l == nil || l.Decision != match.Same {
			continue
		}
		rels, err := s.Relations(ctx, []ecosystem.NodeKey{l.ID}, store.RelationQuery{Types: []ecosystem.RelationType{f.Type}, Direction: ecosystem.DirOut})
		if err != nil {
			return ecosystem.NodeKey{}, false, err
		}
		these := map[ecosystem.NodeKey]bool{}
		for _, r := range rels[0] {
			if r.To.Type == ecosystem.NodePractice && (cands == nil || cands[r.To]) {
				these[r.To] = true
			}
		}
		cands = these
		ties++
		shown = shown || f.Type == ecosystem.RelShowcased
	}
	keys := slices.SortedFunc(maps.Keys(cands), func(a, b ecosystem.NodeKey) int { return strings.Compare(a.Slug, b.Slug) })
	if len(keys) == 0 || (ties == 1 && !shown) {
		return ecosystem.NodeKey{}, false, nil // an organisation alone practises many things
	}
	if len(keys) == 1 && ties >= 2 {
		return keys[0], true, nil
	}
	// The event alone, or several practices at the same ends: the one whose name shares the most words (by stem, four
	// letters or more, not the words every practice's name has) with the article's phrase.
	nodes, err := s.Nodes(ctx, keys)
	if err != nil {
		return ecosystem.NodeKey{}, false, err
	}
	mine := map[string]bool{}
	for _, w := range stems(strings.Fields(m.Name)...) {
		if len(w) >= 4 && !slices.Contains(stems("model", "modelu", "praktyka", "działanie", "działania", "wsparcie"), w) {
			mine[w] = true
		}
	}
	best, top, tie := -1, 0, false
	for i, n := range nodes {
		if n == nil {
			continue
		}
		shared := 0
		for _, w := range stems(strings.Fields(n.Common().Name)...) {
			if mine[w] {
				shared++
			}
		}
		switch {
		case shared > top:
			best, top, tie = i, shared, false
		case shared == top && shared > 0:
			tie = true
		}
	}
	if best < 0 || tie {
		return ecosystem.NodeKey{}, false, nil
	}
	return keys[best], true, nil
}

// sameLevel reports whether a place of the graph and a gazetteer unit are of one level: a
// voivodeship or a powiat is only ever the unit of that kind.
func sameLevel(p *ecosystem.Place, g *gazetteer.Place) bool {
	switch p.Kind {
	case ecosystem.PlaceVoivodeship:
		return g.Kind == gazetteer.Voivodeship
	case ecosystem.PlacePowiat:
		return g.Kind == gazetteer.Powiat
	}
	return g.Kind != gazetteer.Voivodeship && g.Kind != gazetteer.Powiat
}

// sameNamed is the link of a new entity of m's type already proposed whose name or alias is,
// folded, m's name or alias.
func sameNamed(links []*Link, m *Mention) *Link {
	names := func(x *Mention) []string {
		out := []string{polish.Fold(x.Name)}
		for _, a := range x.Aliases {
			out = append(out, polish.Fold(a))
		}
		if x.Abbrev != "" {
			out = append(out, polish.Fold(x.Abbrev))
		}
		return out
	}
	mine := names(m)
	for _, l := range links {
		if l.Decision == match.Same || l.Mention.Type != m.Type {
			continue
		}
		for _, n := range names(l.Mention) {
			if slices.Contains(mine, n) {
				return l
			}
		}
	}
	return nil
}

// otherPlace reports whether two organisation names name different places: their "w X"
// tails differ, or a place adjective of one (Łódzki, Pomorski) is missing from the other.
func otherPlace(a, b string) bool {
	tail := func(n string) string {
		for _, sep := range []string{" we ", " w "} {
			if i := strings.LastIndex(n, sep); i > 0 {
				return polish.Fold(n[i+len(sep):])
			}
		}
		return ""
	}
	if ta, tb := tail(a), tail(b); ta != "" && tb != "" && ta != tb {
		return true
	}
	regional := func(n string) []string {
		var out []string
		for _, w := range strings.Fields(n) {
			if l := lower(w); slices.ContainsFunc([]string{"ski", "ska", "skie", "cki", "dzki", "skiego", "skiej", "ckiego", "ckiej"}, func(suf string) bool { return strings.HasSuffix(l, suf) }) {
				// (the genitive too: Samorząd Województwa Warmińsko-Mazurskiego)
				if isUpperStart(w) && len(l) > 5 && l != "polski" && l != "polska" {
					out = append(out, polish.Stem(polish.Fold(l)))
				}
			}
		}
		return out
	}
	ra, rb := regional(a), regional(b)
	if len(ra) > 0 && len(rb) > 0 {
		for _, x := range ra {
			if !slices.Contains(rb, x) {
				return true
			}
		}
	}
	return false
}

// samePrefix reports whether two names begin with the same n words, by stem.
func samePrefix(a, b string, n int) bool {
	wa, wb := stems(strings.Fields(a)...), stems(strings.Fields(b)...)
	if len(wa) < n || len(wb) < n {
		return false
	}
	return slices.Equal(wa[:n], wb[:n])
}
