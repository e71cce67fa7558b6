package graph

// The planner's helpers: place suggestions from the gazetteer and the terms of a host's score.

import (
	"context"
	"math"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/store"
)

// maxSuggestText bounds what placeSuggestions reads: a place name is far shorter.
const maxSuggestText = 100

// placeSuggestions lists the gazetteer's places whose name starts with text.
func (r *Resolver) placeSuggestions(text string, first *int) ([]*generated.PlaceSuggestion, error) {
	limit, err := intArg("first", first, 8, 1, 20)
	if err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(text) > maxSuggestText {
		return nil, badInput("text is longer than %d characters", maxSuggestText)
	}
	g := r.gazetteer()
	out := []*generated.PlaceSuggestion{}
	for _, p := range g.Suggest(text, limit) {
		s := &generated.PlaceSuggestion{Name: p.Name, Label: g.Label(p), Kind: string(p.Kind), Point: p.Point}
		if p.Code != "" {
			code := p.Code
			s.Terc = &code
		}
		if v, ok := g.ByCode(p.VoivodeshipCode); ok {
			name := v.Name
			s.Voivodeship = &name
		}
		out = append(out, s)
	}
	return out, nil
}

// scoreParts explains a host's score with the rules that made it (store.HostScoreParts), for
// the themes its hosts question asked for (the argument of the enclosing field).
func scoreParts(ctx context.Context, m *ecosystem.HostMatch) []*generated.ScorePart {
	var requested []ecosystem.Theme
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Field.Field != nil && fc.Field.Name == "hosts" {
			requested, _ = fc.Args["themes"].([]ecosystem.Theme)
			break
		}
	}
	parts, _ := store.HostScoreParts(m.Reasons, uniq(requested))
	out := make([]*generated.ScorePart, len(parts))
	for i, p := range parts {
		out[i] = &generated.ScorePart{Kind: generated.ScorePartKind(p.Kind), Count: math.Round(p.Count*1000) / 1000,
			Weight: p.Weight, Points: math.Round(p.Count*p.Weight*100) / 100}
	}
	return out
}
