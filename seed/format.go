// Package seed holds the curated knowledge of the graph and the code that reads it: one JSON
// document per source document plus a places file, a loader that merges them into one change
// set, and a validator that names the file, entity and field of every problem. The same format
// is what the import mutation and command accept.
package seed

import "github.com/wtz-graph/kg/ecosystem"

// Document is one seed file.
type Document struct {
	// Sources declares the source documents this file cites. Citations may omit their source
	// when the file declares exactly one.
	Sources       []SourceDoc    `json:"sources,omitempty"`
	Organisations []Organisation `json:"organisations,omitempty"`
	People        []Person       `json:"people,omitempty"`
	Projects      []Project      `json:"projects,omitempty"`
	Programmes    []Programme    `json:"programmes,omitempty"`
	Events        []Event        `json:"events,omitempty"`
	Practices     []Practice     `json:"practices,omitempty"`
	Places        []Place        `json:"places,omitempty"`
	Relations     []Relation     `json:"relations,omitempty"`
}

// Cite is a citation in a seed file.
type Cite struct {
	// Source is the slug of a Source; optional when the file declares one source only.
	Source   string `json:"source,omitempty"`
	Locator  string `json:"locator,omitempty"`
	Note     string `json:"note,omitempty"`
	Inferred bool   `json:"inferred,omitempty"`
}

// Common holds the fields every entity has. An entity may be declared in several files: the
// declarations merge (citations and aliases add up) and must not contradict each other.
type Common struct {
	ID          string   `json:"id"`
	Name        string   `json:"name,omitempty"`
	Aliases     []string `json:"aliases,omitempty"`
	Description string   `json:"description,omitempty"`
	Cite        []Cite   `json:"cite,omitempty"`
}

// SourceDoc declares a source document.
type SourceDoc struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Kind          string `json:"kind"`
	Publisher     string `json:"publisher,omitempty"`
	PublisherName string `json:"publisherName,omitempty"`
	Published     string `json:"published,omitempty"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	File          string `json:"file,omitempty"`
	Description   string `json:"description,omitempty"`
}

// Organisation declares an organisation.
type Organisation struct {
	Common
	Kind       string   `json:"kind,omitempty"`
	Country    string   `json:"country,omitempty"`
	Statuses   []string `json:"statuses,omitempty"`
	Website    string   `json:"website,omitempty"`
	Registered string   `json:"registered,omitempty"`
	// Identifiers, Address, Phones, Emails and OpeningHours carry their own citations; a value
	// without cite takes the organisation's.
	Identifiers  []IdentifierDoc `json:"identifiers,omitempty"`
	Address      *AddressDoc     `json:"address,omitempty"`
	Phones       []ContactDoc    `json:"phones,omitempty"`
	Emails       []ContactDoc    `json:"emails,omitempty"`
	OpeningHours []ContactDoc    `json:"openingHours,omitempty"`
}

// IdentifierDoc declares an identifier: a scheme (KRS, REGON, NIP, RJPS or a free scheme in
// lower case) and a value, normalised and checked on import.
type IdentifierDoc struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
	Cite   []Cite `json:"cite,omitempty"`
}

// ContactDoc declares a phone number, e-mail address or opening hours.
type ContactDoc struct {
	Value string `json:"value"`
	Cite  []Cite `json:"cite,omitempty"`
}

// AddressDoc declares a postal address.
type AddressDoc struct {
	Street   string `json:"street,omitempty"`
	Number   string `json:"number,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Locality string `json:"locality,omitempty"`
	Cite     []Cite `json:"cite,omitempty"`
}

// Person declares a person (public professional role only).
type Person struct {
	Common
}

// Project declares a project.
type Project struct {
	Common
	Start       string `json:"start,omitempty"`
	End         string `json:"end,omitempty"`
	TargetGroup string `json:"targetGroup,omitempty"`
}

// Programme declares a programme, strategy or document.
type Programme struct {
	Common
	Kind  string `json:"kind,omitempty"`
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Event declares an event.
type Event struct {
	Common
	Kind         string   `json:"kind,omitempty"`
	Status       string   `json:"status,omitempty"`
	Start        string   `json:"start,omitempty"`
	End          string   `json:"end,omitempty"`
	DateNote     string   `json:"dateNote,omitempty"`
	Participants *int     `json:"participants,omitempty"`
	Themes       []string `json:"themes,omitempty"`
}

// Practice declares a good practice.
type Practice struct {
	Common
	Themes []string `json:"themes,omitempty"`
}

// Place declares a place.
type Place struct {
	Common
	Kind    string   `json:"kind,omitempty"`
	NameEn  string   `json:"nameEn,omitempty"`
	Country string   `json:"country,omitempty"`
	TERC    string   `json:"terc,omitempty"`
	SIMC    string   `json:"simc,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

// Relation declares a relation. From and To are global IDs ("Organisation:mops-gdynia"; the
// type name is case-insensitive).
type Relation struct {
	Type  string `json:"type"`
	From  string `json:"from"`
	To    string `json:"to"`
	Title string `json:"title,omitempty"`
	Topic string `json:"topic,omitempty"`
	Count *int   `json:"count,omitempty"`
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
	Cite  []Cite `json:"cite,omitempty"`
}

// Dataset is the merged, validated content of seed files, ready to apply to a store.
type Dataset struct {
	Nodes     []ecosystem.Node
	Relations []*ecosystem.Relation
}
