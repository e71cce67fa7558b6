// Package match finds the organisations of the graph that a record is about (a register row,
// a name in an article) and scores each candidate with the features that explain the score, in
// the spirit of OpenSanctions' matching and the W3C Reconciliation API. Imports use it to decide
// whether a row is a node the graph holds (the same identifier; or a confident name and place
// match), a new one, or one to report for review (ambiguous).
//
// It reads the graph through the Store interface only: candidates come from search and the
// identifier filter, never from a scan, so matching a register against a national graph costs
// a few indexed look-ups per row.
package match

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// Query describes the organisation looked for. Only Name is required.
type Query struct {
	Name string
	Kind ecosystem.OrganisationKind
	// TERC is the code of the unit the organisation is in (a gmina, powiat or voivodeship).
	TERC string
	// Point is where it is, when known.
	Point *ecosystem.GeoPoint
	// Identifiers it is known by.
	Identifiers []ecosystem.Identifier
}

// Feature is one piece of evidence for or against a candidate.
type Feature struct {
	// Name is one of: identifier, identifier_conflict, name, same_unit, other_unit, distance,
	// kind, other_kind.
	Name        string
	Value       float64
	Weight      float64
	Explanation string
}

// Candidate is an organisation with its score in [0, 1] and the features behind it.
type Candidate struct {
	Organisation *ecosystem.Organisation
	Seat         *ecosystem.Place
	Score        float64
	// Confident is set when the candidate is the organisation looked for without review: the
	// same identifier, or a name and place that agree with nothing against.
	Confident bool
	Features  []Feature
}

// Decision is what a match says about a record.
type Decision string

// Decisions.
const (
	Same      Decision = "SAME"      // one confident candidate: the record is that node
	New       Decision = "NEW"       // no candidate worth review: the record is a new node
	Ambiguous Decision = "AMBIGUOUS" // candidates a person must choose between
)

// Thresholds of the decision.
const (
	// reviewScore is the lowest score a candidate is worth reviewing at.
	reviewScore = 0.5
	// confidentName is the name similarity a confident match needs (with the place agreeing).
	confidentName = 0.85
	// nearKm is the distance within which two seats count as the same place.
	nearKm = 10
)

// candidatesPerName is how many search hits Match reads.
const candidatesPerName = 20

// Match scores the organisations that could be the one q describes, best first, at most limit.
func Match(ctx context.Context, s store.Store, q Query, limit int) ([]Candidate, error) {
	if strings.TrimSpace(q.Name) == "" && len(q.Identifiers) == 0 {
		return nil, store.Invalidf("a match needs a name or an identifier")
	}
	var keys []ecosystem.NodeKey
	seen := map[ecosystem.NodeKey]bool{}
	for _, id := range q.Identifiers {
		page, err := s.Organisations(ctx, store.OrganisationFilter{Identifier: id.Key()}, store.OrganisationOrder{}, store.Page{First: 1})
		if err != nil {
			return nil, fmt.Errorf("match by identifier: %w", err)
		}
		for _, o := range page.Items {
			if !seen[o.Key()] {
				seen[o.Key()] = true
				keys = append(keys, o.Key())
			}
		}
	}
	if !polish.NewQuery(q.Name).IsEmpty() {
		hits, err := s.Search(ctx, store.SearchQuery{Text: q.Name, Types: []ecosystem.NodeType{ecosystem.NodeOrganisation}, Limit: candidatesPerName})
		if err != nil {
			return nil, fmt.Errorf("match by name: %w", err)
		}
		for _, h := range hits {
			if !seen[h.Node] {
				seen[h.Node] = true
				keys = append(keys, h.Node)
			}
		}
	}
	if len(keys) == 0 {
		return []Candidate{}, nil
	}
	nodes, err := s.Nodes(ctx, keys)
	if err != nil {
		return nil, err
	}
	seats, err := seatsOf(ctx, s, keys)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, 0, len(keys))
	for i, n := range nodes {
		o, ok := n.(*ecosystem.Organisation)
		if !ok {
			continue
		}
		out = append(out, score(q, o, seats[i]))
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Organisation.Slug, b.Organisation.Slug)
	})
	return out[:min(limit, len(out))], nil
}

// seatsOf reads the seat (LOCATED_IN, the first by id) of each organisation.
func seatsOf(ctx context.Context, s store.Store, keys []ecosystem.NodeKey) ([]*ecosystem.Place, error) {
	rels, err := s.Relations(ctx, keys, store.RelationQuery{Direction: ecosystem.DirOut, Types: []ecosystem.RelationType{ecosystem.RelLocatedIn}})
	if err != nil {
		return nil, err
	}
	placeKeys := make([]ecosystem.NodeKey, len(keys))
	var ask []ecosystem.NodeKey
	for i, rs := range rels {
		if len(rs) == 0 {
			continue
		}
		first := slices.MinFunc(rs, func(a, b *ecosystem.Relation) int { return strings.Compare(a.ID, b.ID) })
		placeKeys[i] = first.To
		ask = append(ask, first.To)
	}
	places, err := s.Nodes(ctx, ask)
	if err != nil {
		return nil, err
	}
	byKey := map[ecosystem.NodeKey]*ecosystem.Place{}
	for _, n := range places {
		if p, ok := n.(*ecosystem.Place); ok {
			byKey[p.Key()] = p
		}
	}
	out := make([]*ecosystem.Place, len(keys))
	for i, k := range placeKeys {
		out[i] = byKey[k]
	}
	return out, nil
}

// nameWeight is the share of the score that the names' agreement gives; the name feature
// reports it, so that a client can recompute the score from the features.
const nameWeight = 0.75

// score weighs the features of one candidate.
func score(q Query, o *ecosystem.Organisation, seat *ecosystem.Place) Candidate {
	c := Candidate{Organisation: o, Seat: seat}
	add := func(name string, value, weight float64, format string, args ...any) {
		c.Features = append(c.Features, Feature{Name: name, Value: round(value), Weight: weight, Explanation: fmt.Sprintf(format, args...)})
	}
	idMatch, idConflict := false, false
	for _, want := range q.Identifiers {
		for _, have := range o.Identifiers {
			switch {
			case want.Key() == have.Key():
				idMatch = true
				add("identifier", 1, 1, "both are %s", have.Key())
			case want.Scheme == have.Scheme:
				idConflict = true
				add("identifier_conflict", 1, -0.8, "%s here, %s:%s in the record", have.Key(), want.Scheme, want.Value)
			}
		}
	}
	nameSim := nameSimilarity(q.Name, o.Names())
	if q.Name != "" {
		add("name", nameSim, nameWeight, "the names agree to %.0f%% after Polish normalisation", nameSim*100)
	}
	placeAgrees, placeDiffers := false, false
	if q.TERC != "" && seat != nil && seat.TERC != "" {
		// Six digits name a gmina (the seventh, its kind, differs between a town and its
		// rural area), four a powiat, two a voivodeship.
		l := min(len(q.TERC), len(seat.TERC), 6)
		switch {
		case l >= 4 && q.TERC[:l] == seat.TERC[:l]:
			placeAgrees = true
			add("same_unit", 1, 0.25, "the seat %s (TERYT %s) is in unit %s", seat.Name, seat.TERC, q.TERC)
		case q.TERC[:min(l, 4)] != seat.TERC[:min(l, 4)]:
			placeDiffers = true
			add("other_unit", 1, -0.4, "the seat %s (TERYT %s) is not in unit %s", seat.Name, seat.TERC, q.TERC)
		}
	}
	if q.Point != nil && seat != nil && seat.Point != nil {
		d := geo.DistanceKm(*q.Point, *seat.Point)
		closeness := math.Max(0, 1-d/50)
		add("distance", closeness, 0.15, "the seats are %.1f km apart", d)
		if d <= nearKm {
			placeAgrees = true
		} else if d > 50 && !placeAgrees {
			placeDiffers = true
		}
	}
	if q.Kind != "" {
		if q.Kind == o.Kind {
			add("kind", 1, 0.1, "both are %s", o.Kind)
		} else {
			add("other_kind", 1, -0.2, "%s here, %s in the record", o.Kind, q.Kind)
		}
	}
	switch {
	case idMatch && !idConflict:
		c.Score, c.Confident = 1, true
	case idConflict:
		c.Score = round(math.Min(0.2, nameSim*0.2))
	default:
		s := 0.0
		for _, f := range c.Features {
			if f.Name != "name" {
				s += f.Value * f.Weight
			}
		}
		c.Score = round(math.Max(0, math.Min(1, nameSim*nameWeight+s)))
		kindOK := q.Kind == "" || q.Kind == o.Kind
		c.Confident = nameSim >= confidentName && placeAgrees && !placeDiffers && kindOK
	}
	return c
}

// nameSimilarity is how far two names agree, both ways: the share of each one's terms the other
// matches (Polish stems, abbreviations, prefixes), averaged, best over the candidate's names.
func nameSimilarity(name string, names []string) float64 {
	q := polish.NewQuery(name)
	if q.IsEmpty() {
		return 0
	}
	best := 0.0
	for _, n := range names {
		there, _ := q.Score([]string{n})
		back, _ := polish.NewQuery(n).Score([]string{name})
		best = math.Max(best, (there+back)/2)
	}
	return best
}

// Decide reads the candidates of a match: one confident candidate is the record's node; none
// worth review is a new node; anything else needs review.
func Decide(cands []Candidate) (Decision, *Candidate) {
	var confident []int
	review := 0
	for i, c := range cands {
		if c.Confident {
			confident = append(confident, i)
		}
		if c.Score >= reviewScore {
			review++
		}
	}
	switch {
	case len(confident) == 1:
		return Same, &cands[confident[0]]
	case len(confident) == 0 && review == 0:
		return New, nil
	}
	return Ambiguous, nil
}

func round(f float64) float64 { return math.Round(f*1e4) / 1e4 }
