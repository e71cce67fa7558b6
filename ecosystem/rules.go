package ecosystem

// The rules here are the one statement of how facts the graph does not store follow from those
// it does. Every backend and the GraphQL layer use them; where a backend answers in Cypher,
// the query is written from them (the depth is formatted in, the order is the same) and the
// conformance suite holds it to the same answers.

// MaxPlaceDepth bounds walks up the place hierarchy (locality, gmina, powiat, voivodeship,
// country, and slack for districts and estates), so that a cycle in bad data cannot loop and a
// Cypher pattern has a fixed bound (WITHIN*0..MaxPlaceDepth).
const MaxPlaceDepth = 8

// MaxEventDepth bounds walks up the events an event is part of (a session of a session of a
// visit), for the same reasons.
const MaxEventDepth = 8

// InheritedDates are an event's dates: its own when it has a start, or else those of the
// nearest event it is part of (PART_OF, transitively) that has one. ancestors lists the events
// it is part of, nearest first and, at one distance, by global id: the order in which the
// timeline of either backend and a showing's dates look for them, so that a session of an
// undated session of a visit shows the visit's dates everywhere.
func InheritedDates(ev *Event, ancestors []*Event) (start, end *PartialDate) {
	if ev != nil && ev.Start != nil {
		return ev.Start, ev.End
	}
	for _, a := range ancestors {
		if a.Start != nil {
			return a.Start, a.End
		}
	}
	return nil, nil
}

// EventRoles are the relations through which a person or organisation takes part in an event:
// what their timelines list and what an event's roles show.
var EventRoles = []RelationType{
	RelOrganised, RelHosted, RelProvidedVenue, RelFeaturedAt, RelAttended, RelSpokeAt, RelModerated,
}
