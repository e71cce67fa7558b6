package store

import "github.com/wtz-graph/kg/ecosystem"

// The checks of the analysis queries, the same for every backend: a backend calls Check first
// and answers nothing else to a query that fails it.

// Check reports what is wrong with a search query.
func (q SearchQuery) Check() error {
	if q.Limit <= 0 {
		return Invalidf("limit must be positive")
	}
	return nil
}

// Check reports what is wrong with a partners query.
func (q PartnerQuery) Check() error {
	if q.Limit <= 0 {
		return Invalidf("limit must be positive")
	}
	if q.Of.Type != ecosystem.NodeOrganisation {
		return Invalidf("partners are derived for organisations, not for a %s", q.Of.Type.TypeName())
	}
	return nil
}

// Check reports what is wrong with a hosts query.
func (q HostQuery) Check() error {
	if q.Limit <= 0 {
		return Invalidf("limit must be positive")
	}
	if q.RadiusKm < 0 {
		return Invalidf("radius must not be negative")
	}
	return nil
}

// Check reports what is wrong with a paths query.
func (q PathQuery) Check() error {
	if q.Limit <= 0 || q.MaxHops <= 0 {
		return Invalidf("limit and maxHops must be positive")
	}
	return nil
}

// Check reports what is wrong with a neighbourhood query.
func (q NeighbourhoodQuery) Check() error {
	if q.Limit <= 0 || q.Depth < 0 {
		return Invalidf("limit must be positive and depth not negative")
	}
	return nil
}

// Check reports what is wrong with a stats query.
func (q StatsQuery) Check() error {
	if q.Top < 0 {
		return Invalidf("top must not be negative")
	}
	return nil
}

// CheckDirection reports an unknown direction of a relation query.
func CheckDirection(dir ecosystem.Direction) error {
	if !dir.IsValid() {
		return Invalidf("unknown direction %q", dir)
	}
	return nil
}
