package ingest

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/match"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// The evaluation runs the extraction on articles whose facts were curated by hand (the seed
// files: the gold standard) and counts what it found against them.

// Score counts one measure: found items that are in the gold set (TP), found items in all
// (Found), gold items found (Hit) and gold items in all (Gold).
type Score struct{ TP, Found, Hit, Gold int }

// Precision is TP/Found (1 when nothing was found).
func (s Score) Precision() float64 { return ratio(s.TP, s.Found) }

// Recall is Hit/Gold (1 when there is nothing to find).
func (s Score) Recall() float64 { return ratio(s.Hit, s.Gold) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *Score) add(o Score) { s.TP += o.TP; s.Found += o.Found; s.Hit += o.Hit; s.Gold += o.Gold }

// Measures are the evaluation's measures, by name.
var Measures = []string{"organisations", "people", "places", "events", "projects", "practices", "dates", "relations"}

// Evaluation is the scores of one article, or of a set.
type Evaluation struct {
	Name   string
	Scores map[string]*Score
	// Linked counts entities found that the gold set names; LinkedRight those linked right: to
	// the existing node when the graph holds the entity, as new when it does not.
	Linked, LinkedRight int
	// Misses lists what was missed and what was found wrongly, for the report.
	Misses []string
}

func newEvaluation(name string) *Evaluation {
	e := &Evaluation{Name: name, Scores: map[string]*Score{}}
	for _, m := range Measures {
		e.Scores[m] = &Score{}
	}
	return e
}

// Gold is a curated article: its text and the seed document of its facts.
type Gold struct {
	Name    string
	Text    string
	Doc     seed.Document
	Article Article
}

// GoldFromSeeds pairs the embedded seed documents with their source texts in dir (the file
// each source declares).
func GoldFromSeeds(dir string, ds *seed.Dataset) ([]Gold, error) {
	files, err := seed.Embedded()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, n := range ds.Nodes {
		names[n.Key().GlobalID()] = n.Common().Name
	}
	var out []Gold
	for _, f := range files {
		if len(f.Doc.Sources) == 0 || f.Doc.Sources[0].File == "" {
			continue
		}
		src := f.Doc.Sources[0]
		text, err := os.ReadFile(filepath.Join(dir, src.File))
		if err != nil {
			return nil, err
		}
		a := Article{Text: string(text), Title: src.Title, Published: src.Published}
		if src.Publisher != "" {
			a.Publisher = names["Organisation:"+src.Publisher]
		}
		out = append(out, Gold{Name: src.File, Text: string(text), Doc: f.Doc, Article: a})
	}
	return out, nil
}

// KnownPlaces are the places of a dataset by folded name, for the extraction to find those
// the gazetteer lacks (foreign places, villages).
func KnownPlaces(nodes []ecosystem.Node) map[string]GraphPlace {
	out := map[string]GraphPlace{}
	for _, n := range nodes {
		if p, ok := n.(*ecosystem.Place); ok {
			gp := GraphPlace{Name: p.Name, Country: p.Country}
			out[polish.Fold(p.Name)] = gp
			for _, a := range p.Aliases {
				out[polish.Fold(a)] = gp
			}
		}
	}
	return out
}

// Evaluate reads a gold article with the store holding the graph and scores it.
func (x *Extractor) Evaluate(ctx context.Context, s store.Store, ds *seed.Dataset, g Gold) (*Evaluation, error) {
	p, err := x.Propose(ctx, s, g.Article, "src-evaluated")
	if err != nil {
		return nil, err
	}
	ev := newEvaluation(g.Name)
	// The names of the gold entities: as the graph holds them, and as the gold document
	// declares them (the second set's entities are not in the graph).
	goldNames := map[string][]string{}
	inGraph := map[string]bool{}
	starts := map[string]string{}
	for _, n := range ds.Nodes {
		inGraph[n.Key().GlobalID()] = true
		goldNames[n.Key().GlobalID()] = append([]string{n.Common().Name}, n.Common().Aliases...)
		if e, ok := n.(*ecosystem.Event); ok && e.Start != nil {
			starts[n.Key().GlobalID()] = e.Start.String()
		}
	}
	// The gold entities of each measure, with their names as the gold document declares them
	// (the second set's entities are not in the graph).
	measureOf := map[ecosystem.NodeType]string{ecosystem.NodeOrganisation: "organisations", ecosystem.NodePerson: "people",
		ecosystem.NodePlace: "places", ecosystem.NodeEvent: "events", ecosystem.NodeProject: "projects", ecosystem.NodeProgramme: "projects",
		ecosystem.NodePractice: "practices"}
	gold := map[string][]string{}
	EachDeclared(&g.Doc, func(k ecosystem.NodeKey) {
		if m := measureOf[k.Type]; m != "" {
			gold[m] = append(gold[m], k.GlobalID())
		}
	})
	eachCommon(&g.Doc, func(t ecosystem.NodeType, c *seed.Common) {
		if c.Name != "" {
			goldNames[ecosystem.NodeKey{Type: t, Slug: c.ID}.GlobalID()] = append([]string{c.Name}, c.Aliases...)
		}
	})
	stop := map[string]bool{} // the gold sessions: a top-level event is never one of them
	for _, o := range g.Doc.Events {
		if o.Start != "" {
			starts["Event:"+o.ID] = o.Start
		}
		stop["Event:"+o.ID] = o.Kind == string(ecosystem.EventSession)
	}
	// The entities the gold relations involve are the article's too, declared in it or not
	// (a powiat a centre serves, declared by another seed file).
	for _, r := range g.Doc.Relations {
		for _, end := range []string{canonGID(r.From), canonGID(r.To)} {
			k, err := ecosystem.ParseGlobalID(end)
			if measure := measureOf[k.Type]; err == nil && measure != "" && !slices.Contains(gold[measure], end) {
				gold[measure] = append(gold[measure], end)
			}
		}
	}
	// counterpart is the gold entity a found one is: by name (or alias), else by its link.
	counterpart := map[*Mention]string{}
	byName := func(m *Mention, measure string) string {
		for _, id := range gold[measure] {
			t, _, _ := strings.Cut(id, ":")
			if t != m.Type.TypeName() && measure != "projects" {
				continue
			}
			for _, nm := range goldNames[id] {
				if nameKey(nm) == nameKey(m.Name) {
					return id
				}
				for _, al := range m.Aliases {
					if nameKey(nm) == nameKey(al) {
						return id
					}
				}
			}
			if m.Type == ecosystem.NodeEvent && m.Parent == nil && m.Start != "" && starts[id] == m.Start && !stop[id] {
				return id
			}
		}
		return ""
	}
	// A session is the gold session of the same start hosted by the same organisation (its
	// name is the curator's): the gold hosts of each event, and the proposed ones.
	goldHosts := map[string][]string{}
	for _, r := range g.Doc.Relations {
		if r.Type == string(ecosystem.RelHosted) {
			goldHosts[canonGID(r.To)] = append(goldHosts[canonGID(r.To)], canonGID(r.From))
		}
	}
	taken := map[string]bool{}
	bySession := func(m *Mention) string {
		if m.Parent == nil {
			return ""
		}
		for _, id := range gold["events"] {
			if taken[id] || (m.Start != "" && starts[id] != m.Start) {
				continue
			}
			for _, h := range m.Hosts {
				if slices.Contains(goldHosts[id], counterpart[canon(h)]) {
					return id
				}
			}
			if len(m.Hosts) == 0 && slices.ContainsFunc(goldNames[id], func(n string) bool { return namesSite(n, m) }) {
				return id
			}
		}
		return ""
	}
	// A practice is named by the curator in words of their own: it is the gold practice that
	// the gold relations tie to the same ends as the proposal's relations tie it to (shown at
	// the same stop, practised by the same organisation).
	counterpartOf := map[string]string{} // proposal id → gold id
	byStructure := func(l *Link) string {
		votes := map[string]int{}
		best := ""
		for _, r := range p.Document.Relations {
			if r.To != l.ID.GlobalID() {
				continue
			}
			end := counterpartOf[r.From]
			if end == "" {
				continue
			}
			for _, gr := range g.Doc.Relations {
				if gr.Type == r.Type && canonGID(gr.From) == end {
					votes[canonGID(gr.To)]++
				}
			}
		}
		// the most votes; between equals, the name sharing the most word stems
		shared := func(id string) int {
			n := 0
			for _, w := range stems(strings.Fields(l.Mention.Name)...) {
				for _, nm := range goldNames[id] {
					if slices.Contains(stems(strings.Fields(nm)...), w) {
						n++
						break
					}
				}
			}
			return n
		}
		ids := slices.Sorted(maps.Keys(votes))
		for _, id := range ids {
			if best == "" || votes[id] > votes[best] || (votes[id] == votes[best] && shared(id) > shared(best)) {
				best = id
			}
		}
		return best
	}
	// Events after the rest (a session is known by its hosts), practices last (one is known
	// by its event and organisations).
	rank := func(t ecosystem.NodeType) int {
		switch t {
		case ecosystem.NodeEvent:
			return 1
		case ecosystem.NodePractice:
			return 2
		}
		return 0
	}
	links := slices.Clone(p.Links)
	slices.SortStableFunc(links, func(a, b *Link) int { return rank(a.Mention.Type) - rank(b.Mention.Type) })
	for _, l := range links {
		m := l.Mention
		measure := measureOf[m.Type]
		sc := ev.Scores[measure]
		sc.Found++
		id := byName(m, measure)
		if id == "" || (m.Parent != nil && taken[id]) {
			if sid := bySession(m); sid != "" {
				id = sid
			}
		}
		if m.Type == ecosystem.NodePractice && id == "" {
			id = byStructure(l)
		}
		if m.Type == ecosystem.NodeEvent && id != "" {
			taken[id] = true
		}
		if id != "" {
			ev.Linked++
			// Right: the existing node for an entity the graph holds, a new one for the rest.
			if (inGraph[id] && l.Decision == match.Same && l.ID.GlobalID() == id) || (!inGraph[id] && l.Decision == match.New) {
				ev.LinkedRight++
			} else {
				ev.Misses = append(ev.Misses, fmt.Sprintf("link %s %q → %s %s (want %s)", m.Type, m.Name, l.Decision, l.ID.GlobalID(), id))
			}
		} else if l.Decision == match.Same && slices.Contains(gold[measure], l.ID.GlobalID()) {
			id = l.ID.GlobalID()
		}
		if id != "" {
			sc.TP++
			counterpart[m] = id
			counterpartOf[l.ID.GlobalID()] = id
		} else {
			ev.Misses = append(ev.Misses, fmt.Sprintf("extra %s %q (¶%d)", m.Type, m.Name, m.Para))
		}
	}
	for measure, ids := range gold {
		sc := ev.Scores[measure]
		sc.Gold += len(ids)
		for _, id := range ids {
			found := false
			for _, c := range counterpart {
				if c == id {
					found = true
				}
			}
			if found {
				sc.Hit++
			} else {
				name := id
				if ns := goldNames[id]; len(ns) > 0 {
					name = id + " " + fmt.Sprintf("%q", ns[0])
				}
				ev.Misses = append(ev.Misses, "missed "+name)
			}
		}
	}
	// Dates: the events' dates and the projects' periods.
	goldDates := map[string]bool{}
	for _, e := range g.Doc.Events {
		for _, d := range []string{e.Start, e.End} {
			if len(d) >= 4 {
				goldDates[d] = true
			}
		}
	}
	for _, p := range g.Doc.Projects {
		for _, d := range []string{p.Start, p.End} {
			if len(d) >= 4 {
				goldDates[d] = true
			}
		}
	}
	// the dates the proposal gives its events and projects (what the graph would hold)
	found := map[string]bool{}
	for _, m := range p.Extraction.Mentions {
		if (m.Type != ecosystem.NodeEvent && m.Type != ecosystem.NodeProject) || m.Same != nil {
			continue
		}
		for _, v := range []string{m.Start, m.End} {
			if len(v) >= 4 {
				found[v] = true
			}
		}
	}
	ds2 := ev.Scores["dates"]
	ds2.Found, ds2.Gold = len(found), len(goldDates)
	for _, d := range slices.Sorted(maps.Keys(found)) {
		if goldDates[d] {
			ds2.TP++
			ds2.Hit++
		} else {
			ev.Misses = append(ev.Misses, "extra date "+d)
		}
	}
	for _, d := range slices.Sorted(maps.Keys(goldDates)) {
		if !found[d] {
			ev.Misses = append(ev.Misses, "missed date "+d)
		}
	}
	// Relations: (type, from, to) with the ends' gold counterparts.
	goldRels := map[string]bool{}
	for _, r := range g.Doc.Relations {
		goldRels[r.Type+"|"+canonGID(r.From)+"|"+canonGID(r.To)] = true
	}
	rs := ev.Scores["relations"]
	rs.Gold = len(goldRels)
	hit := map[string]bool{}
	// The proposal's ids, as the gold set names the entities.
	goldID := map[string]string{}
	for _, l := range p.Links {
		goldID[l.ID.GlobalID()] = l.ID.GlobalID()
		if id, ok := counterpart[l.Mention]; ok {
			goldID[l.ID.GlobalID()] = id
		}
	}
	for _, r := range p.Document.Relations {
		rs.Found++
		k := r.Type + "|" + goldID[r.From] + "|" + goldID[r.To]
		if goldRels[k] {
			rs.TP++
			hit[k] = true
		} else {
			ev.Misses = append(ev.Misses, "extra relation "+k)
		}
	}
	rs.Hit = len(hit)
	for k := range goldRels {
		if !hit[k] {
			ev.Misses = append(ev.Misses, "missed relation "+k)
		}
	}
	slices.Sort(ev.Misses)
	return ev, nil
}

// canonGID writes a global id with its type name as the graph does (Organisation:x).
func canonGID(id string) string {
	t, slug, ok := strings.Cut(id, ":")
	if !ok {
		return id
	}
	return strings.ToUpper(t[:1]) + t[1:] + ":" + slug
}

// Total adds evaluations up.
func Total(name string, evs []*Evaluation) *Evaluation {
	t := newEvaluation(name)
	for _, e := range evs {
		for m, s := range e.Scores {
			t.Scores[m].add(*s)
		}
		t.Linked += e.Linked
		t.LinkedRight += e.LinkedRight
	}
	return t
}

// Report writes evaluations as a table, the total last.
func Report(w io.Writer, evs []*Evaluation) {
	width := len("article")
	for _, e := range evs {
		width = max(width, utf8.RuneCountInString(e.Name))
	}
	fmt.Fprintf(w, "%-*s", width, "article")
	for _, m := range Measures {
		fmt.Fprintf(w, " %14s", m)
	}
	fmt.Fprintf(w, " %9s\n", "linking")
	fmt.Fprintf(w, "%-*s", width, "")
	for range Measures {
		fmt.Fprintf(w, " %14s", "P / R")
	}
	fmt.Fprintln(w)
	for _, e := range evs {
		fmt.Fprintf(w, "%-*s", width, e.Name)
		for _, m := range Measures {
			s := e.Scores[m]
			fmt.Fprintf(w, " %6.0f%%/%5.0f%%", 100*s.Precision(), 100*s.Recall())
		}
		fmt.Fprintf(w, " %3d/%-3d %3.0f%%\n", e.LinkedRight, e.Linked, 100*ratio(e.LinkedRight, e.Linked))
	}
}

// GoldFromDir reads a set of annotated articles: NAME.txt with NAME.json, its facts in the
// seed format, whose first source gives the article's date and publisher.
func GoldFromDir(dir string) ([]Gold, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var out []Gold
	for _, n := range names {
		text, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		raw, err := os.ReadFile(strings.TrimSuffix(n, ".txt") + ".json")
		if err != nil {
			return nil, err
		}
		doc, err := seed.Decode(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		a := Article{Text: string(text)}
		if len(doc.Sources) > 0 {
			a.Title, a.Published, a.Publisher = doc.Sources[0].Title, doc.Sources[0].Published, doc.Sources[0].PublisherName
		}
		out = append(out, Gold{Name: filepath.Base(n), Text: string(text), Doc: *doc, Article: a})
	}
	return out, nil
}
