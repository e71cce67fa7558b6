package store

import (
	"slices"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/polish"
)

// MergePlan is what a merge writes: the survivor with its new aliases and citations, the
// relations moved to it, and the merged node's relations to delete.
type MergePlan struct {
	Survivor        model.Node
	PutRelations    []*model.Relation
	DeleteRelations []string
	// Created counts the moved relations the survivor did not have yet.
	Created int
}

// PlanMerge computes a merge from the two nodes and their relations (both directions). Every
// backend merges with it, inside its own transaction.
func PlanMerge(survivor, merged model.Node, survivorRels, mergedRels []*model.Relation) MergePlan {
	s := model.CloneNode(survivor)
	e, m := s.Common(), merged.Common()
	names := map[string]bool{polish.Key(e.Name): true}
	for _, a := range e.Aliases {
		names[polish.Key(a)] = true
	}
	for _, a := range m.Names() {
		if k := polish.Key(a); !names[k] {
			names[k] = true
			e.Aliases = append(e.Aliases, a)
		}
	}
	for _, c := range m.Sources {
		if !slices.Contains(e.Sources, c) {
			e.Sources = append(e.Sources, c)
		}
	}
	if so, ok := s.(*model.Organisation); ok {
		if mo, ok := merged.(*model.Organisation); ok {
			mergeOrganisationValues(so, mo)
		}
	}
	plan := MergePlan{Survivor: s}
	have := map[string]*model.Relation{}
	for _, r := range survivorRels {
		have[r.ID] = r
	}
	sk, mk := survivor.Key(), merged.Key()
	for _, r := range mergedRels {
		plan.DeleteRelations = append(plan.DeleteRelations, r.ID)
		moved := r.Clone()
		if moved.From == mk {
			moved.From = sk
		}
		if moved.To == mk {
			moved.To = sk
		}
		if moved.From == moved.To {
			continue // a relation between the two would become a loop
		}
		moved.ID = model.RelationID(moved.Type, moved.From, moved.To)
		if old, ok := have[moved.ID]; ok {
			joined := old.Clone()
			for _, c := range moved.Sources {
				if !slices.Contains(joined.Sources, c) {
					joined.Sources = append(joined.Sources, c)
				}
			}
			fillRelation(joined, moved)
			have[moved.ID] = joined
			continue
		}
		have[moved.ID] = moved
		plan.Created++
	}
	for _, r := range have {
		if !slices.ContainsFunc(survivorRels, func(x *model.Relation) bool { return x == r }) {
			plan.PutRelations = append(plan.PutRelations, r)
		}
	}
	slices.SortFunc(plan.PutRelations, func(a, b *model.Relation) int { return compareStrings(a.ID, b.ID) })
	return plan
}

// mergeOrganisationValues gives the survivor the merged organisation's identifiers and contacts
// that it lacks, and its address when it has none.
func mergeOrganisationValues(s, m *model.Organisation) {
	for _, id := range m.Identifiers {
		if !slices.ContainsFunc(s.Identifiers, func(x model.Identifier) bool { return x.Key() == id.Key() }) {
			s.Identifiers = append(s.Identifiers, id)
		}
	}
	if s.Address == nil && m.Address != nil {
		a := *m.Address
		s.Address = &a
	}
	union := func(dst []model.ContactValue, src []model.ContactValue) []model.ContactValue {
		for _, v := range src {
			if !slices.ContainsFunc(dst, func(x model.ContactValue) bool { return x.Value == v.Value }) {
				dst = append(dst, v)
			}
		}
		return dst
	}
	s.Phones, s.Emails, s.OpeningHours = union(s.Phones, m.Phones), union(s.Emails, m.Emails), union(s.OpeningHours, m.OpeningHours)
	if s.Website == "" {
		s.Website = m.Website
	}
}

// fillRelation takes the properties dst lacks from src.
func fillRelation(dst, src *model.Relation) {
	if dst.Title == "" {
		dst.Title = src.Title
	}
	if dst.Topic == "" {
		dst.Topic = src.Topic
	}
	if dst.Count == nil {
		dst.Count = src.Count
	}
	if dst.Since == nil {
		dst.Since = src.Since
	}
	if dst.Until == nil {
		dst.Until = src.Until
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// JoinRelation returns the relation old becomes when r is joined to it: r's citations are added
// after old's, and r's properties replace old's where r gives them. With no old relation it is
// r itself.
func JoinRelation(old, r *model.Relation) *model.Relation {
	if old == nil {
		return r.Clone()
	}
	joined := old.Clone()
	for _, c := range r.Sources {
		if !slices.Contains(joined.Sources, c) {
			joined.Sources = append(joined.Sources, c)
		}
	}
	if r.Title != "" {
		joined.Title = r.Title
	}
	if r.Topic != "" {
		joined.Topic = r.Topic
	}
	if r.Count != nil {
		joined.Count = r.Count
	}
	if r.Since != nil {
		joined.Since = r.Since
	}
	if r.Until != nil {
		joined.Until = r.Until
	}
	return joined
}
