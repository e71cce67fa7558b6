package store

import (
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
)

// MergePlan is what a merge writes: the survivor with its new aliases and citations, the
// relations moved to it, and the merged node's relations to delete.
type MergePlan struct {
	Survivor        ecosystem.Node
	PutRelations    []*ecosystem.Relation
	DeleteRelations []string
	// Created counts the moved relations the survivor did not have yet.
	Created int
}

// PlanMerge computes a merge from the two nodes and their relations (both directions). Every
// backend merges with it, inside its own transaction.
func PlanMerge(survivor, merged ecosystem.Node, survivorRels, mergedRels []*ecosystem.Relation) MergePlan {
	s := ecosystem.CloneNode(survivor)
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
	if so, ok := s.(*ecosystem.Organisation); ok {
		if mo, ok := merged.(*ecosystem.Organisation); ok {
			mergeOrganisationValues(so, mo)
		}
	}
	plan := MergePlan{Survivor: s}
	have := map[string]*ecosystem.Relation{}
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
		moved.ID = ecosystem.RelationID(moved.Type, moved.From, moved.To)
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
		if !slices.ContainsFunc(survivorRels, func(x *ecosystem.Relation) bool { return x == r }) {
			plan.PutRelations = append(plan.PutRelations, r)
		}
	}
	slices.SortFunc(plan.PutRelations, func(a, b *ecosystem.Relation) int { return compareStrings(a.ID, b.ID) })
	return plan
}

// mergeOrganisationValues gives the survivor the merged organisation's identifiers and contacts
// that it lacks, and its address when it has none.
func mergeOrganisationValues(s, m *ecosystem.Organisation) {
	for _, id := range m.Identifiers {
		if !slices.ContainsFunc(s.Identifiers, func(x ecosystem.Identifier) bool { return x.Key() == id.Key() }) {
			s.Identifiers = append(s.Identifiers, id)
		}
	}
	if s.Address == nil && m.Address != nil {
		a := *m.Address
		s.Address = &a
	}
	union := func(dst []ecosystem.ContactValue, src []ecosystem.ContactValue) []ecosystem.ContactValue {
		for _, v := range src {
			if !slices.ContainsFunc(dst, func(x ecosystem.ContactValue) bool { return x.Value == v.Value }) {
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
func fillRelation(dst, src *ecosystem.Relation) {
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
func JoinRelation(old, r *ecosystem.Relation) *ecosystem.Relation {
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
