package graph

import (
	"context"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
)

// Relation types behind the typed views of the schema.
var (
	projectRoles  = []ecosystem.RelationType{ecosystem.RelLeads, ecosystem.RelPartnerIn, ecosystem.RelParticipatedIn}
	practiceRoles = []ecosystem.RelationType{ecosystem.RelPractises, ecosystem.RelDeveloped, ecosystem.RelRecognised}
	eventRoleSet  = []ecosystem.RelationType{
		ecosystem.RelOrganised, ecosystem.RelHosted, ecosystem.RelProvidedVenue, ecosystem.RelFeaturedAt,
		ecosystem.RelAttended, ecosystem.RelSpokeAt, ecosystem.RelModerated,
	}
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
	parents, err := relatedNodes[*ecosystem.Event](ctx, s.Showcase.From, ecosystem.DirOut, ecosystem.RelPartOf)
	if err != nil || len(parents) == 0 {
		return nil, err
	}
	return parents[0], nil
}

// showingDates are the event's dates, or its parent's when it has none.
func showingDates(ctx context.Context, s *ecosystem.Showing) (*ecosystem.PartialDate, *ecosystem.PartialDate, error) {
	ev, err := loadAs[*ecosystem.Event](ctx, s.Showcase.From)
	if err != nil {
		return nil, nil, err
	}
	if ev.Start != nil {
		return ev.Start, ev.End, nil
	}
	parent, err := showingParent(ctx, s)
	if err != nil || parent == nil {
		return nil, nil, err
	}
	return parent.Start, parent.End, nil
}

// showingPlaces are where the event was held, or its parent when it has no place of its own.
func showingPlaces(ctx context.Context, s *ecosystem.Showing) ([]*ecosystem.Place, error) {
	places, err := relatedNodes[*ecosystem.Place](ctx, s.Showcase.From, ecosystem.DirOut, ecosystem.RelHeldIn)
	if err != nil || len(places) > 0 {
		return places, err
	}
	parent, err := showingParent(ctx, s)
	if err != nil || parent == nil {
		return places, err
	}
	return relatedNodes[*ecosystem.Place](ctx, parent.Key(), ecosystem.DirOut, ecosystem.RelHeldIn)
}

// showingOrganisers are the organisers of the event, or of its parent when it has none.
func showingOrganisers(ctx context.Context, s *ecosystem.Showing) ([]*ecosystem.Organisation, error) {
	orgs, err := relatedNodes[*ecosystem.Organisation](ctx, s.Showcase.From, ecosystem.DirIn, ecosystem.RelOrganised)
	if err != nil || len(orgs) > 0 {
		return orgs, err
	}
	parent, err := showingParent(ctx, s)
	if err != nil || parent == nil {
		return orgs, err
	}
	return relatedNodes[*ecosystem.Organisation](ctx, parent.Key(), ecosystem.DirIn, ecosystem.RelOrganised)
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
