package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
)

// Relation types behind the typed views of the schema.
var (
	projectRoles  = []ecosystem.RelationType{ecosystem.RelLeads, ecosystem.RelPartnerIn, ecosystem.RelParticipatedIn}
	practiceRoles = []ecosystem.RelationType{ecosystem.RelPractises, ecosystem.RelDeveloped, ecosystem.RelRecognised}
	eventRoleSet  = ecosystem.EventRoles
)

// eventRoles loads the event roles of a participant (OUT) or of an event (IN), restricted to
// roles when given.
func eventRoles(ctx context.Context, k ecosystem.NodeKey, dir ecosystem.Direction, roles []ecosystem.RelationType) ([]*ecosystem.Relation, error) {
	types := eventRoleSet
	if len(roles) > 0 {
		types = nil
		for _, r := range uniq(roles) {
			if !slices.Contains(eventRoleSet, r) {
				return nil, badInput("%s is not an event role; use one of %v", r, eventRoleSet)
			}
			types = append(types, r)
		}
	}
	return related(ctx, k, dir, types...)
}

// showingParent is the event the showing's event is a session of, if any.
func showingParent(ctx context.Context, s *ecosystem.Showing) (*ecosystem.Event, error) {
	parents, err := viewNodes[*ecosystem.Event](ctx, s.Showcase.From, viewPartOf)
	if err != nil || len(parents) == 0 {
		return nil, err
	}
	return parents[0], nil
}

// eventAncestors are the events an event is part of (PART_OF, transitively, up to
// ecosystem.MaxEventDepth levels): nearest first and, at one distance, by global id, the order
// the stores' timelines read them in (ecosystem.InheritedDates).
func eventAncestors(ctx context.Context, k ecosystem.NodeKey) ([]*ecosystem.Event, error) {
	var out []*ecosystem.Event
	seen := map[ecosystem.NodeKey]bool{k: true}
	frontier := []ecosystem.NodeKey{k}
	for depth := 0; depth < ecosystem.MaxEventDepth && len(frontier) > 0; depth++ {
		var next []*ecosystem.Event
		for _, x := range frontier {
			ups, err := viewNodes[*ecosystem.Event](ctx, x, viewPartOf)
			if err != nil {
				return nil, err
			}
			for _, up := range ups {
				if !seen[up.Key()] {
					seen[up.Key()] = true
					next = append(next, up)
				}
			}
		}
		slices.SortFunc(next, func(a, b *ecosystem.Event) int { return strings.Compare(a.Key().GlobalID(), b.Key().GlobalID()) })
		frontier = frontier[:0]
		for _, e := range next {
			frontier = append(frontier, e.Key())
		}
		out = append(out, next...)
	}
	return out, nil
}

// showingDates are the event's dates by the rule the timelines follow
// (ecosystem.InheritedDates): its own, or the nearest dated event it is part of.
func showingDates(ctx context.Context, s *ecosystem.Showing) (*ecosystem.PartialDate, *ecosystem.PartialDate, error) {
	ev, err := loadAs[*ecosystem.Event](ctx, s.Showcase.From)
	if err != nil {
		return nil, nil, err
	}
	if ev.Start != nil {
		return ev.Start, ev.End, nil
	}
	ancestors, err := eventAncestors(ctx, ev.Key())
	if err != nil {
		return nil, nil, err
	}
	start, end := ecosystem.InheritedDates(ev, ancestors)
	return start, end, nil
}

// inherited returns what find gives for the event, or else for the nearest event it is part of
// for which find gives anything (the order of eventAncestors).
func inherited[T any](ctx context.Context, k ecosystem.NodeKey, find func(ecosystem.NodeKey) ([]T, error)) ([]T, error) {
	own, err := find(k)
	if err != nil || len(own) > 0 {
		return own, err
	}
	ancestors, err := eventAncestors(ctx, k)
	if err != nil {
		return nil, err
	}
	for _, a := range ancestors {
		if got, err := find(a.Key()); err != nil || len(got) > 0 {
			return got, err
		}
	}
	return own, nil
}

// showingPlaces are where the event was held, or where the nearest event it is part of that
// has a place was held.
func showingPlaces(ctx context.Context, s *ecosystem.Showing) ([]*ecosystem.Place, error) {
	return inherited(ctx, s.Showcase.From, func(k ecosystem.NodeKey) ([]*ecosystem.Place, error) {
		return viewNodes[*ecosystem.Place](ctx, k, viewEventPlaces)
	})
}

// showingOrganisers are the organisers of the event, or of the nearest event it is part of that
// has organisers.
func showingOrganisers(ctx context.Context, s *ecosystem.Showing) ([]*ecosystem.Organisation, error) {
	return inherited(ctx, s.Showcase.From, func(k ecosystem.NodeKey) ([]*ecosystem.Organisation, error) {
		return viewNodes[*ecosystem.Organisation](ctx, k, viewOrganisers)
	})
}

// hitPlace is where a search hit is: an organisation's seat, a place's parent, an event's
// place (the first by relation id), or nil.
func hitPlace(ctx context.Context, k ecosystem.NodeKey) (*ecosystem.Place, error) {
	var t ecosystem.RelationType
	switch k.Type {
	case ecosystem.NodeOrganisation:
		t = ecosystem.RelLocatedIn
	case ecosystem.NodePlace:
		t = ecosystem.RelWithin
	case ecosystem.NodeEvent:
		t = ecosystem.RelHeldIn
	default:
		return nil, nil
	}
	places, err := relatedNodes[*ecosystem.Place](ctx, k, ecosystem.DirOut, t)
	if err != nil || len(places) == 0 {
		return nil, err
	}
	return places[0], nil
}
