package graph

import (
	"context"
	"slices"

	"github.com/wtz-graph/kg/graph/model"
)

// Relation types behind the typed views of the schema.
var (
	projectRoles  = []model.RelationType{model.RelLeads, model.RelPartnerIn, model.RelParticipatedIn}
	practiceRoles = []model.RelationType{model.RelPractises, model.RelDeveloped, model.RelRecognised}
	eventRoleSet  = []model.RelationType{
		model.RelOrganised, model.RelHosted, model.RelProvidedVenue, model.RelFeaturedAt,
		model.RelAttended, model.RelSpokeAt, model.RelModerated,
	}
)

// eventRoles loads the event roles of a participant (OUT) or of an event (IN), restricted to
// roles when given.
func eventRoles(ctx context.Context, k model.NodeKey, dir model.Direction, roles []model.RelationType) ([]*model.Relation, error) {
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
func showingParent(ctx context.Context, s *model.Showing) (*model.Event, error) {
	parents, err := relatedNodes[*model.Event](ctx, s.Showcase.From, model.DirOut, model.RelPartOf)
	if err != nil || len(parents) == 0 {
		return nil, err
	}
	return parents[0], nil
}

// showingDates are the event's dates, or its parent's when it has none.
func showingDates(ctx context.Context, s *model.Showing) (*model.PartialDate, *model.PartialDate, error) {
	ev, err := loadAs[*model.Event](ctx, s.Showcase.From)
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
func showingPlaces(ctx context.Context, s *model.Showing) ([]*model.Place, error) {
	places, err := relatedNodes[*model.Place](ctx, s.Showcase.From, model.DirOut, model.RelHeldIn)
	if err != nil || len(places) > 0 {
		return places, err
	}
	parent, err := showingParent(ctx, s)
	if err != nil || parent == nil {
		return places, err
	}
	return relatedNodes[*model.Place](ctx, parent.Key(), model.DirOut, model.RelHeldIn)
}

// showingOrganisers are the organisers of the event, or of its parent when it has none.
func showingOrganisers(ctx context.Context, s *model.Showing) ([]*model.Organisation, error) {
	orgs, err := relatedNodes[*model.Organisation](ctx, s.Showcase.From, model.DirIn, model.RelOrganised)
	if err != nil || len(orgs) > 0 {
		return orgs, err
	}
	parent, err := showingParent(ctx, s)
	if err != nil || parent == nil {
		return orgs, err
	}
	return relatedNodes[*model.Organisation](ctx, parent.Key(), model.DirIn, model.RelOrganised)
}

// hitPlace is where a search hit is: an organisation's seat, a place's parent, an event's
// place (the first by relation id), or nil.
func hitPlace(ctx context.Context, k model.NodeKey) (*model.Place, error) {
	var t model.RelationType
	switch k.Type {
	case model.NodeOrganisation:
		t = model.RelLocatedIn
	case model.NodePlace:
		t = model.RelWithin
	case model.NodeEvent:
		t = model.RelHeldIn
	default:
		return nil, nil
	}
	places, err := relatedNodes[*model.Place](ctx, k, model.DirOut, t)
	if err != nil || len(places) == 0 {
		return nil, err
	}
	return places[0], nil
}
