package ecosystem

import "slices"

// Node is any entity of the graph. Every concrete entity type implements it.
type Node interface {
	// Key identifies the node.
	Key() NodeKey
	// Label is the human-readable name shown in search results, graphs and exports.
	Label() string
	// Common returns the fields every entity has.
	Common() *Entity
}

// Entity holds the fields every node type shares.
type Entity struct {
	Slug        string
	Name        string
	Aliases     []string
	Description string
	// Sources cite the documents that attest the entity and its properties.
	Sources []Citation
}

// Common returns e itself, so that code can read and write shared fields of any node.
func (e *Entity) Common() *Entity { return e }

// Label is the entity's name.
func (e *Entity) Label() string { return e.Name }

// Names returns the name followed by the aliases: every form search should find.
func (e *Entity) Names() []string { return append([]string{e.Name}, e.Aliases...) }

func (e Entity) clone() Entity {
	e.Aliases = slices.Clone(e.Aliases)
	e.Sources = slices.Clone(e.Sources)
	return e
}

// GeoPoint is a WGS84 coordinate.
type GeoPoint struct {
	Lat float64
	Lon float64
}

// Organisation is an institution, NGO, company or foreign body.
type Organisation struct {
	Entity
	Kind OrganisationKind
	// Country is the ISO 3166-1 alpha-2 code of the country the organisation belongs to.
	Country string
	// Statuses are legal or policy statuses such as "OPP" (public benefit) or "SOCIAL_ENTERPRISE".
	Statuses []string
	Website  string
	// Registered is the date of entry into the court register (KRS), where known.
	Registered *PartialDate
	// Identifiers are its numbers in registers (KRS, REGON, NIP, RJPS, free schemes), each
	// unique per scheme across organisations.
	Identifiers []Identifier
	// Address, Phones, Emails and OpeningHours are its contacts, each value with its sources.
	Address      *Address
	Phones       []ContactValue
	Emails       []ContactValue
	OpeningHours []ContactValue
	// Voivodeship is derived by the store on read, never written: the slug of the voivodeship
	// Place that contains the organisation's seat (WITHIN, transitively), or else one of the
	// areas it serves; "" when there is none (abroad, or no seat known).
	Voivodeship string
}

// Key implements Node.
func (o *Organisation) Key() NodeKey { return NodeKey{NodeOrganisation, o.Slug} }

// Person appears only in public professional roles: name, positions and appearances.
type Person struct {
	Entity
}

// Key implements Node.
func (p *Person) Key() NodeKey { return NodeKey{NodePerson, p.Slug} }

// Project is a time-limited undertaking with a lead and partners.
type Project struct {
	Entity
	Start       *PartialDate
	End         *PartialDate
	TargetGroup string
}

// Key implements Node.
func (p *Project) Key() NodeKey { return NodeKey{NodeProject, p.Slug} }

// Programme is a funding programme, a policy programme, a strategy or a document that can fund
// projects or recognise practices.
type Programme struct {
	Entity
	Kind  ProgrammeKind
	Start *PartialDate
	End   *PartialDate
}

// Key implements Node.
func (p *Programme) Key() NodeKey { return NodeKey{NodeProgramme, p.Slug} }

// Event is a meeting, forum, visit, training or milestone; a study visit may have sessions
// (events PART_OF it), each with its own hosts and place.
type Event struct {
	Entity
	Kind   EventKind
	Status EventStatus
	Start  *PartialDate
	End    *PartialDate
	// DateNote explains, in our words, how imprecise dates were derived from the source.
	DateNote string
	// Attendance is the number of attendees the source reports, where it does.
	Attendance *int
	Themes     []Theme
}

// Key implements Node.
func (e *Event) Key() NodeKey { return NodeKey{NodeEvent, e.Slug} }

// Practice is a good practice or model that was shown, practised or recognised.
type Practice struct {
	Entity
	Themes []Theme
}

// Key implements Node.
func (p *Practice) Key() NodeKey { return NodeKey{NodePractice, p.Slug} }

// Place is a country, region, administrative unit, locality or site.
type Place struct {
	Entity
	Kind PlaceKind
	// NameEn is the English (or international) name, e.g. Stockholm for Sztokholm.
	NameEn  string
	Country string
	// TERC is the GUS TERYT territorial code: 2 digits for a voivodeship, 4 for a powiat, 7 for
	// a gmina (WWPPGGR). Localities carry the code of their gmina.
	TERC string
	// SIMC is the GUS identifier of a locality.
	SIMC  string
	Point *GeoPoint
}

// Key implements Node.
func (p *Place) Key() NodeKey { return NodeKey{NodePlace, p.Slug} }

// VoivodeshipCode is the 2-digit TERYT code of the voivodeship the place lies in, or "".
func (p *Place) VoivodeshipCode() string {
	if p.Country != "PL" || len(p.TERC) < 2 {
		return ""
	}
	return p.TERC[:2]
}

// Source is a document facts come from.
type Source struct {
	Entity
	Kind SourceKind
	// Publisher is the slug of the publishing organisation, when it is in the graph.
	Publisher     string
	PublisherName string
	Published     *PartialDate
	URL           string
	Language      string
	// File is the name of the source document in the project's seed corpus, where it is one.
	File string
}

// Key implements Node.
func (s *Source) Key() NodeKey { return NodeKey{NodeSource, s.Slug} }

// CloneNode returns a deep copy of n, so that stores can hand out values callers may modify.
func CloneNode(n Node) Node {
	switch v := n.(type) {
	case *Organisation:
		c := *v
		c.Entity = v.Entity.clone()
		c.Statuses = slices.Clone(v.Statuses)
		c.Registered = clonePtr(v.Registered)
		c.Identifiers = slices.Clone(v.Identifiers)
		for i := range c.Identifiers {
			c.Identifiers[i].Sources = slices.Clone(c.Identifiers[i].Sources)
		}
		if v.Address != nil {
			a := *v.Address
			a.Sources = slices.Clone(a.Sources)
			c.Address = &a
		}
		c.Phones, c.Emails, c.OpeningHours = cloneContacts(v.Phones), cloneContacts(v.Emails), cloneContacts(v.OpeningHours)
		return &c
	case *Person:
		c := *v
		c.Entity = v.Entity.clone()
		return &c
	case *Project:
		c := *v
		c.Entity = v.Entity.clone()
		c.Start, c.End = clonePtr(v.Start), clonePtr(v.End)
		return &c
	case *Programme:
		c := *v
		c.Entity = v.Entity.clone()
		c.Start, c.End = clonePtr(v.Start), clonePtr(v.End)
		return &c
	case *Event:
		c := *v
		c.Entity = v.Entity.clone()
		c.Start, c.End = clonePtr(v.Start), clonePtr(v.End)
		c.Attendance = clonePtr(v.Attendance)
		c.Themes = slices.Clone(v.Themes)
		return &c
	case *Practice:
		c := *v
		c.Entity = v.Entity.clone()
		c.Themes = slices.Clone(v.Themes)
		return &c
	case *Place:
		c := *v
		c.Entity = v.Entity.clone()
		c.Point = clonePtr(v.Point)
		return &c
	case *Source:
		c := *v
		c.Entity = v.Entity.clone()
		c.Published = clonePtr(v.Published)
		return &c
	}
	return nil
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// NewNode returns an empty node of type t with the given slug, or nil for an unknown type.
func NewNode(t NodeType, slug string) Node {
	e := Entity{Slug: slug}
	switch t {
	case NodeOrganisation:
		return &Organisation{Entity: e}
	case NodePerson:
		return &Person{Entity: e}
	case NodeProject:
		return &Project{Entity: e}
	case NodeProgramme:
		return &Programme{Entity: e}
	case NodeEvent:
		return &Event{Entity: e}
	case NodePractice:
		return &Practice{Entity: e}
	case NodePlace:
		return &Place{Entity: e}
	case NodeSource:
		return &Source{Entity: e}
	}
	return nil
}

// ID returns the global ID ("Organisation:slug") that the GraphQL Node interface exposes.
func (o *Organisation) ID() string { return o.Key().GlobalID() }

// ID returns the global ID.
func (p *Person) ID() string { return p.Key().GlobalID() }

// ID returns the global ID.
func (p *Project) ID() string { return p.Key().GlobalID() }

// ID returns the global ID.
func (p *Programme) ID() string { return p.Key().GlobalID() }

// ID returns the global ID.
func (e *Event) ID() string { return e.Key().GlobalID() }

// ID returns the global ID.
func (p *Practice) ID() string { return p.Key().GlobalID() }

// ID returns the global ID.
func (p *Place) ID() string { return p.Key().GlobalID() }

// ID returns the global ID.
func (s *Source) ID() string { return s.Key().GlobalID() }

// Type returns the node type (GraphQL field Entity.type).
func (o *Organisation) Type() NodeType { return NodeOrganisation }

// Type returns the node type.
func (p *Person) Type() NodeType { return NodePerson }

// Type returns the node type.
func (p *Project) Type() NodeType { return NodeProject }

// Type returns the node type.
func (p *Programme) Type() NodeType { return NodeProgramme }

// Type returns the node type.
func (e *Event) Type() NodeType { return NodeEvent }

// Type returns the node type.
func (p *Practice) Type() NodeType { return NodePractice }

// Type returns the node type.
func (p *Place) Type() NodeType { return NodePlace }

// Type returns the node type.
func (s *Source) Type() NodeType { return NodeSource }

func cloneContacts(in []ContactValue) []ContactValue {
	out := slices.Clone(in)
	for i := range out {
		out[i].Sources = slices.Clone(out[i].Sources)
	}
	return out
}
