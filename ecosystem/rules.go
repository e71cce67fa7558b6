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

// The visit planner's evidence: an organisation is a candidate host through the practices it
// practises or developed (HostPracticeRoles) and the events it hosted or was featured at
// (HostEventRoles), with the practices those events showed (SHOWCASED).
var (
	HostPracticeRoles = []RelationType{RelPractises, RelDeveloped}
	HostEventRoles    = []RelationType{RelHosted, RelFeaturedAt}
)

// HostWeights weigh a candidate host's evidence. Each distinct practice it practises or
// developed counts once (doing both is not twice the evidence); each distinct event it hosted
// counts, and less each event it was featured at; covering all the requested themes counts as
// much as a practice and a hosted visit together, so that a host matching every theme outranks
// one matching a single theme twice over.
var HostWeights = struct{ Practice, Hosted, Featured, Coverage float64 }{Practice: 3, Hosted: 2, Featured: 1, Coverage: 5}
