package seed

import (
	"fmt"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// converter turns one file's declarations into model values, recording problems with the file
// name, the entity and the field.
type converter struct {
	file    string
	doc     *Document
	p       *store.Problems
	entries []entry
	rels    []relEntry
}

// entry is a node with where it was declared.
type entry struct {
	node ecosystem.Node
	path string
}

// relEntry is a relation with where it was declared.
type relEntry struct {
	rel  *ecosystem.Relation
	path string
}

func (c *converter) add(path, field, format string, args ...any) {
	c.p.Add(path, field, format, args...)
}

// defaultSource is the file's only declared source, which citations may leave implicit.
func (c *converter) defaultSource() string {
	if len(c.doc.Sources) == 1 {
		return c.doc.Sources[0].ID
	}
	return ""
}

func (c *converter) cites(path, field string, in []Cite) []ecosystem.Citation {
	out := make([]ecosystem.Citation, 0, len(in))
	for i, ci := range in {
		src := ci.Source
		if src == "" {
			src = c.defaultSource()
			if src == "" {
				c.add(path, fmt.Sprintf("%s[%d].source", field, i), "name the source: this file declares %d sources", len(c.doc.Sources))
				continue
			}
		}
		out = append(out, ecosystem.Citation{Source: src, Locator: ci.Locator, Note: ci.Note, Inferred: ci.Inferred})
	}
	return out
}

func (c *converter) date(path, field, s string) *ecosystem.PartialDate {
	if s == "" {
		return nil
	}
	d, err := ecosystem.ParsePartialDate(s)
	if err != nil {
		c.add(path, field, "%v", err)
		return nil
	}
	return &d
}

func (c *converter) entity(path string, in Common) ecosystem.Entity {
	return ecosystem.Entity{
		Slug:        in.ID,
		Name:        in.Name,
		Aliases:     in.Aliases,
		Description: in.Description,
		Sources:     c.cites(path, "cite", in.Cite),
	}
}

func themes(in []string) []ecosystem.Theme {
	out := make([]ecosystem.Theme, len(in))
	for i, t := range in {
		out[i] = ecosystem.Theme(t)
	}
	return out
}

func pathOf(file, list string, i int, id string) string {
	return fmt.Sprintf("%s: %s[%d] (%s)", file, list, i, id)
}

// convert turns every declaration of the document into model values.
func (c *converter) convert() {
	d := c.doc
	for i, s := range d.Sources {
		path := pathOf(c.file, "sources", i, s.ID)
		c.push(path, &ecosystem.Source{
			Entity:        ecosystem.Entity{Slug: s.ID, Name: s.Title, Description: s.Description},
			Kind:          ecosystem.SourceKind(s.Kind),
			Publisher:     s.Publisher,
			PublisherName: s.PublisherName,
			Published:     c.date(path, "published", s.Published),
			URL:           s.URL,
			Language:      s.Language,
			File:          s.File,
		})
	}
	for i, o := range d.Organisations {
		path := pathOf(c.file, "organisations", i, o.ID)
		org := &ecosystem.Organisation{
			Entity:     c.entity(path, o.Common),
			Kind:       ecosystem.OrganisationKind(o.Kind),
			Country:    o.Country,
			Statuses:   o.Statuses,
			Website:    o.Website,
			Registered: c.date(path, "registered", o.Registered),
		}
		c.contacts(path, org, o)
		c.push(path, org)
	}
	for i, o := range d.People {
		path := pathOf(c.file, "people", i, o.ID)
		c.push(path, &ecosystem.Person{Entity: c.entity(path, o.Common)})
	}
	for i, o := range d.Projects {
		path := pathOf(c.file, "projects", i, o.ID)
		c.push(path, &ecosystem.Project{
			Entity:      c.entity(path, o.Common),
			Start:       c.date(path, "start", o.Start),
			End:         c.date(path, "end", o.End),
			TargetGroup: o.TargetGroup,
		})
	}
	for i, o := range d.Programmes {
		path := pathOf(c.file, "programmes", i, o.ID)
		c.push(path, &ecosystem.Programme{
			Entity: c.entity(path, o.Common),
			Kind:   ecosystem.ProgrammeKind(o.Kind),
			Start:  c.date(path, "start", o.Start),
			End:    c.date(path, "end", o.End),
		})
	}
	for i, o := range d.Events {
		path := pathOf(c.file, "events", i, o.ID)
		c.push(path, &ecosystem.Event{
			Entity:     c.entity(path, o.Common),
			Kind:       ecosystem.EventKind(o.Kind),
			Status:     ecosystem.EventStatus(o.Status),
			Start:      c.date(path, "start", o.Start),
			End:        c.date(path, "end", o.End),
			DateNote:   o.DateNote,
			Attendance: o.Participants,
			Themes:     themes(o.Themes),
		})
	}
	for i, o := range d.Practices {
		path := pathOf(c.file, "practices", i, o.ID)
		c.push(path, &ecosystem.Practice{Entity: c.entity(path, o.Common), Themes: themes(o.Themes)})
	}
	for i, o := range d.Places {
		path := pathOf(c.file, "places", i, o.ID)
		pl := &ecosystem.Place{
			Entity:  c.entity(path, o.Common),
			Kind:    ecosystem.PlaceKind(o.Kind),
			NameEn:  o.NameEn,
			Country: o.Country,
			TERC:    o.TERC,
			SIMC:    o.SIMC,
		}
		switch {
		case o.Lat != nil && o.Lon != nil:
			pl.Point = &ecosystem.GeoPoint{Lat: *o.Lat, Lon: *o.Lon}
		case o.Lat != nil || o.Lon != nil:
			c.add(path, "lat", "give both lat and lon, or neither")
		}
		c.push(path, pl)
	}
	for i, r := range d.Relations {
		path := fmt.Sprintf("%s: relations[%d] (%s %s → %s)", c.file, i, r.Type, r.From, r.To)
		from, errF := ecosystem.ParseGlobalID(r.From)
		if errF != nil {
			c.add(path, "from", "%v", errF)
		}
		to, errT := ecosystem.ParseGlobalID(r.To)
		if errT != nil {
			c.add(path, "to", "%v", errT)
		}
		if errF != nil || errT != nil {
			continue
		}
		t := ecosystem.RelationType(r.Type)
		c.rels = append(c.rels, relEntry{path: path, rel: &ecosystem.Relation{
			ID:      ecosystem.RelationID(t, from, to),
			Type:    t,
			From:    from,
			To:      to,
			Title:   r.Title,
			Topic:   r.Topic,
			Count:   r.Count,
			Since:   c.date(path, "since", r.Since),
			Until:   c.date(path, "until", r.Until),
			Sources: c.cites(path, "cite", r.Cite),
		}})
	}
}

func (c *converter) push(path string, n ecosystem.Node) {
	c.entries = append(c.entries, entry{node: n, path: path})
}

// contacts converts an organisation's identifiers and contacts; a value without citations
// takes the organisation's.
func (c *converter) contacts(path string, org *ecosystem.Organisation, o Organisation) {
	cite := func(field string, in []Cite) []ecosystem.Citation {
		if len(in) == 0 {
			return append([]ecosystem.Citation(nil), org.Sources...)
		}
		return c.cites(path, field, in)
	}
	for i, id := range o.Identifiers {
		field := fmt.Sprintf("identifiers[%d]", i)
		scheme, value, err := ecosystem.NormaliseIdentifier(id.Scheme, id.Value)
		if err != nil {
			c.add(path, field, "%v", err)
			continue
		}
		org.Identifiers = append(org.Identifiers, ecosystem.Identifier{Scheme: scheme, Value: value, Sources: cite(field+".cite", id.Cite)})
	}
	if a := o.Address; a != nil {
		org.Address = &ecosystem.Address{Street: a.Street, Number: a.Number, Postcode: a.Postcode, Locality: a.Locality, Sources: cite("address.cite", a.Cite)}
	}
	values := func(name string, in []ContactDoc) []ecosystem.ContactValue {
		var out []ecosystem.ContactValue
		for i, v := range in {
			out = append(out, ecosystem.ContactValue{Value: v.Value, Sources: cite(fmt.Sprintf("%s[%d].cite", name, i), v.Cite)})
		}
		return out
	}
	org.Phones, org.Emails, org.OpeningHours = values("phones", o.Phones), values("emails", o.Emails), values("openingHours", o.OpeningHours)
}
