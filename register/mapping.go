package register

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
)

// Mapping says how a register file becomes organisations: which source its rows cite, how to
// read the file, which column holds what, and how the register's types map to kinds. It is a
// JSON file; README ("Registers") documents it with examples.
type Mapping struct {
	// Source is the register itself, declared as a seed-format source: every imported fact
	// cites it, with the row as locator.
	Source SourceSpec `json:"source"`
	Format Format     `json:"format"`
	// Columns names the columns of each field; fields without a column are left out.
	Columns Columns `json:"columns"`
	// Kinds maps the register's type column values (trimmed, case-insensitive) to
	// organisation kinds; DefaultKind is for rows without a type or a type not listed (empty:
	// such a row is a problem).
	Kinds       map[string]string `json:"kinds,omitempty"`
	DefaultKind string            `json:"defaultKind,omitempty"`
	// Voivodeship is the voivodeship of every row when the register has no such column.
	Voivodeship string `json:"voivodeship,omitempty"`
}

// SourceSpec declares the register as a source.
type SourceSpec struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Publisher     string `json:"publisher,omitempty"`
	PublisherName string `json:"publisherName,omitempty"`
	Published     string `json:"published,omitempty"`
	URL           string `json:"url,omitempty"`
	// Retrieved is the date the file was downloaded (YYYY-MM-DD), said in the source's
	// description.
	Retrieved string `json:"retrieved,omitempty"`
	Language  string `json:"language,omitempty"`
}

// Format says how to read the file; every field may be left out ("auto").
type Format struct {
	// Encoding: auto, utf-8, cp1250 or iso-8859-2 (CSV only).
	Encoding string `json:"encoding,omitempty"`
	// Delimiter: auto, ";", ",", tab or "|" (CSV only).
	Delimiter string `json:"delimiter,omitempty"`
	// HeaderRow is the row of the header, from 1 (0: the first row holding the columns).
	HeaderRow int `json:"headerRow,omitempty"`
	// Sheet is the XLSX sheet (empty: the first).
	Sheet string `json:"sheet,omitempty"`
}

// Columns names the column of each field. Address may be one column ("ul. Szkolna 5") or split
// into Street and Number.
type Columns struct {
	Name         string `json:"name"`
	Kind         string `json:"kind,omitempty"`
	Voivodeship  string `json:"voivodeship,omitempty"`
	Powiat       string `json:"powiat,omitempty"`
	Gmina        string `json:"gmina,omitempty"`
	TERC         string `json:"terc,omitempty"`
	Locality     string `json:"locality,omitempty"`
	Address      string `json:"address,omitempty"`
	Street       string `json:"street,omitempty"`
	Number       string `json:"number,omitempty"`
	Postcode     string `json:"postcode,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Email        string `json:"email,omitempty"`
	Website      string `json:"website,omitempty"`
	OpeningHours string `json:"openingHours,omitempty"`
	Lat          string `json:"lat,omitempty"`
	Lon          string `json:"lon,omitempty"`
	// RowSource is a column with a URL the row itself cites; it goes into the citation's note.
	RowSource string `json:"rowSource,omitempty"`
	// Identifiers maps a scheme (KRS, REGON, NIP, RJPS or a free scheme) to its column.
	Identifiers map[string]string `json:"identifiers,omitempty"`
}

// Names lists the mapped column names, for finding the header.
func (c Columns) Names() []string {
	var out []string
	for _, n := range []string{c.Name, c.Kind, c.Voivodeship, c.Powiat, c.Gmina, c.TERC, c.Locality, c.Address, c.Street, c.Number,
		c.Postcode, c.Phone, c.Email, c.Website, c.OpeningHours, c.Lat, c.Lon, c.RowSource} {
		if n != "" {
			out = append(out, n)
		}
	}
	for _, n := range c.Identifiers {
		out = append(out, n)
	}
	return out
}

// ParseMapping reads and checks a mapping file; the error names the field at fault.
func ParseMapping(data []byte) (*Mapping, error) {
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("the mapping does not decode: %v", err)
	}
	var problems []string
	if err := ecosystem.ValidateSlug(m.Source.ID); err != nil {
		problems = append(problems, fmt.Sprintf("source.id: %v", err))
	}
	if strings.TrimSpace(m.Source.Title) == "" {
		problems = append(problems, "source.title: the register needs a title")
	}
	if m.Columns.Name == "" {
		problems = append(problems, "columns.name: the column of the institution's name is required")
	}
	if m.Columns.Gmina == "" && m.Columns.TERC == "" && m.Columns.Locality == "" {
		problems = append(problems, "columns: one of gmina, terc or locality is needed to place each institution")
	}
	for k, v := range m.Kinds {
		if !ecosystem.OrganisationKind(v).IsValid() {
			problems = append(problems, fmt.Sprintf("kinds.%s: %q is not an organisation kind", k, v))
		}
	}
	if m.DefaultKind != "" && !ecosystem.OrganisationKind(m.DefaultKind).IsValid() {
		problems = append(problems, fmt.Sprintf("defaultKind: %q is not an organisation kind", m.DefaultKind))
	}
	if m.Columns.Kind == "" && m.DefaultKind == "" {
		problems = append(problems, "defaultKind: without a kind column, every row needs the default kind")
	}
	for scheme := range m.Columns.Identifiers {
		if _, _, err := ecosystem.NormaliseIdentifier(scheme, "1"); err != nil && strings.Contains(err.Error(), "scheme") {
			problems = append(problems, fmt.Sprintf("columns.identifiers.%s: %v", scheme, err))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the mapping has %d problem(s): %s", len(problems), strings.Join(problems, "; "))
	}
	return &m, nil
}
