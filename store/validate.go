package store

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wtz-graph/kg/ecosystem"
)

// Limits on free text, so that one entity cannot carry megabytes.
const (
	MaxNameLength        = 300
	MaxDescriptionLength = 4000
	MaxAliases           = 30
	MaxCitations         = 50
)

var (
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
	tercCode    = regexp.MustCompile(`^(\d{2}|\d{4}|\d{7})$`)
	simcCode    = regexp.MustCompile(`^\d{7}$`)
	languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// CheckNode checks the fields of one node and returns every problem found, with Field set.
func CheckNode(n ecosystem.Node) []Problem {
	var p Problems
	e := n.Common()
	if err := ecosystem.ValidateSlug(e.Slug); err != nil {
		p.Add("", "id", "%v", err)
	}
	checkText(&p, "name", e.Name, MaxNameLength, true)
	checkText(&p, "description", e.Description, MaxDescriptionLength, false)
	if len(e.Aliases) > MaxAliases {
		p.Add("", "aliases", "at most %d aliases", MaxAliases)
	}
	for i, a := range e.Aliases {
		checkText(&p, fmt.Sprintf("aliases[%d]", i), a, MaxNameLength, true)
	}
	_, isSource := n.(*ecosystem.Source)
	checkCitations(&p, "sources", e.Sources, !isSource)

	switch v := n.(type) {
	case *ecosystem.Organisation:
		if !v.Kind.IsValid() {
			p.Add("", "kind", "unknown organisation kind %q", v.Kind)
		}
		checkCountry(&p, "country", v.Country, true)
		if v.Kind == ecosystem.KindForeign && v.Country == "PL" {
			p.Add("", "country", "a FOREIGN organisation needs a country other than PL")
		}
		if v.Kind != ecosystem.KindForeign && v.Country != "" && v.Country != "PL" {
			p.Add("", "kind", "an organisation in %s must have kind FOREIGN", v.Country)
		}
		checkURL(&p, "website", v.Website)
		checkDate(&p, "registered", v.Registered)
		checkIdentifiers(&p, v)
		checkContacts(&p, v)
	case *ecosystem.Project:
		checkDate(&p, "start", v.Start)
		checkDate(&p, "end", v.End)
		checkOrder(&p, "end", v.Start, v.End)
	case *ecosystem.Programme:
		if !v.Kind.IsValid() {
			p.Add("", "kind", "unknown programme kind %q", v.Kind)
		}
		checkDate(&p, "start", v.Start)
		checkDate(&p, "end", v.End)
		checkOrder(&p, "end", v.Start, v.End)
	case *ecosystem.Event:
		if !v.Kind.IsValid() {
			p.Add("", "kind", "unknown event kind %q", v.Kind)
		}
		if !v.Status.IsValid() {
			p.Add("", "status", "unknown event status %q", v.Status)
		}
		checkDate(&p, "start", v.Start)
		checkDate(&p, "end", v.End)
		checkOrder(&p, "end", v.Start, v.End)
		if v.Attendance != nil && *v.Attendance < 0 {
			p.Add("", "attendance", "must not be negative")
		}
		checkThemes(&p, v.Themes)
	case *ecosystem.Practice:
		checkThemes(&p, v.Themes)
	case *ecosystem.Place:
		if !v.Kind.IsValid() {
			p.Add("", "kind", "unknown place kind %q", v.Kind)
		}
		checkCountry(&p, "country", v.Country, true)
		if v.TERC != "" {
			checkTERC(&p, v)
		}
		if v.SIMC != "" && !simcCode.MatchString(v.SIMC) {
			p.Add("", "simc", "%q is not a 7-digit SIMC identifier", v.SIMC)
		}
		if v.Point != nil {
			if math.IsNaN(v.Point.Lat) || v.Point.Lat < -90 || v.Point.Lat > 90 {
				p.Add("", "lat", "latitude %v is out of range -90..90", v.Point.Lat)
			}
			if math.IsNaN(v.Point.Lon) || v.Point.Lon < -180 || v.Point.Lon > 180 {
				p.Add("", "lon", "longitude %v is out of range -180..180", v.Point.Lon)
			}
		}
	case *ecosystem.Source:
		if !v.Kind.IsValid() {
			p.Add("", "kind", "unknown source kind %q", v.Kind)
		}
		checkURL(&p, "url", v.URL)
		checkDate(&p, "published", v.Published)
		if v.Language != "" && !languageTag.MatchString(v.Language) {
			p.Add("", "language", "%q is not a language tag such as \"pl\"", v.Language)
		}
		if v.Publisher != "" {
			if err := ecosystem.ValidateSlug(v.Publisher); err != nil {
				p.Add("", "publisher", "%v", err)
			}
		}
	}
	return p.list
}

// CheckRelation checks the fields of one relation (not whether its ends exist).
func CheckRelation(r *ecosystem.Relation) []Problem {
	var p Problems
	if !r.Type.IsValid() {
		p.Add("", "type", "unknown relation type %q", r.Type)
	} else if err := r.Type.CheckEndpoints(r.From.Type, r.To.Type); err != nil {
		p.Add("", "type", "%v", err)
	}
	for _, end := range []struct {
		field string
		key   ecosystem.NodeKey
	}{{"from", r.From}, {"to", r.To}} {
		if !end.key.Type.IsValid() {
			p.Add("", end.field, "unknown node type %q", end.key.Type)
		}
		if err := ecosystem.ValidateSlug(end.key.Slug); err != nil {
			p.Add("", end.field, "%v", err)
		}
	}
	if r.From == r.To {
		p.Add("", "to", "a relation cannot join a node to itself")
	}
	if r.ID != ecosystem.RelationID(r.Type, r.From, r.To) {
		p.Add("", "id", "relation id must be derived from its type and ends")
	}
	checkText(&p, "title", r.Title, MaxNameLength, false)
	checkText(&p, "topic", r.Topic, MaxDescriptionLength, false)
	if r.Count != nil && *r.Count < 0 {
		p.Add("", "count", "must not be negative")
	}
	checkDate(&p, "since", r.Since)
	checkDate(&p, "until", r.Until)
	checkOrder(&p, "until", r.Since, r.Until)
	checkCitations(&p, "sources", r.Sources, true)
	return p.list
}

func checkText(p *Problems, field, s string, limit int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		p.Add("", field, "must not be empty")
	case !utf8.ValidString(s):
		p.Add("", field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > limit:
		p.Add("", field, "is longer than %d characters", limit)
	case s != strings.TrimSpace(s):
		p.Add("", field, "has leading or trailing spaces")
	}
}

func checkCitations(p *Problems, field string, cs []ecosystem.Citation, required bool) {
	if required && len(cs) == 0 {
		p.Add("", field, "every fact needs at least one source citation")
	}
	if len(cs) > MaxCitations {
		p.Add("", field, "at most %d citations", MaxCitations)
	}
	for i, c := range cs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := ecosystem.ValidateSlug(c.Source); err != nil {
			p.Add("", f+".source", "%v", err)
		}
		checkText(p, f+".locator", c.Locator, 100, false)
		checkText(p, f+".note", c.Note, MaxDescriptionLength, false)
	}
}

func checkCountry(p *Problems, field, c string, required bool) {
	if c == "" {
		if required {
			p.Add("", field, "must be an ISO 3166-1 alpha-2 code such as PL")
		}
		return
	}
	if !countryCode.MatchString(c) {
		p.Add("", field, "%q is not an ISO 3166-1 alpha-2 code such as PL", c)
	}
}

func checkURL(p *Problems, field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.Add("", field, "%q is not an http(s) URL", s)
	}
}

func checkDate(p *Problems, field string, d *ecosystem.PartialDate) {
	if d == nil {
		return
	}
	if d.IsZero() {
		p.Add("", field, "an empty date must be omitted")
		return
	}
	if err := d.Validate(); err != nil {
		p.Add("", field, "%v", err)
	}
}

func checkOrder(p *Problems, field string, from, to *ecosystem.PartialDate) {
	if from == nil || to == nil {
		return
	}
	a, okA := from.Earliest()
	b, okB := to.Latest()
	if okA && okB && b < a {
		p.Add("", field, "%s is before %s", to, from)
	}
}

func checkThemes(p *Problems, themes []ecosystem.Theme) {
	for i, t := range themes {
		if !t.IsValid() {
			p.Add("", fmt.Sprintf("themes[%d]", i), "unknown theme %q", t)
		}
	}
}

// checkTERC checks a TERYT code's form and that it fits the place's kind: voivodeships have even
// two-digit codes 02..32; powiats four digits; gminas and localities seven.
func checkTERC(p *Problems, v *ecosystem.Place) {
	if v.Country != "PL" {
		p.Add("", "terc", "only Polish places have TERYT codes")
		return
	}
	if !tercCode.MatchString(v.TERC) {
		p.Add("", "terc", "%q is not a TERYT code of 2, 4 or 7 digits", v.TERC)
		return
	}
	woj := int(v.TERC[0]-'0')*10 + int(v.TERC[1]-'0')
	if woj < 2 || woj > 32 || woj%2 != 0 {
		p.Add("", "terc", "%q does not start with a voivodeship code (even, 02..32)", v.TERC)
	}
	want := map[ecosystem.PlaceKind]int{ecosystem.PlaceVoivodeship: 2, ecosystem.PlacePowiat: 4, ecosystem.PlaceGmina: 7,
		ecosystem.PlaceCity: 7, ecosystem.PlaceTown: 7, ecosystem.PlaceVillage: 7}
	if n, ok := want[v.Kind]; ok && len(v.TERC) != n {
		p.Add("", "terc", "a %s has a %d-digit TERYT code, not %q", strings.ToLower(string(v.Kind)), n, v.TERC)
	}
	if len(v.TERC) == 7 && (v.TERC[6] < '1' || v.TERC[6] > '5') {
		p.Add("", "terc", "%q ends in an unknown gmina type digit", v.TERC)
	}
}

// MaxContactValues bounds each list of an organisation's contacts and identifiers.
const MaxContactValues = 20

// checkIdentifiers checks an organisation's identifiers: each in normal form (NormaliseIdentifier:
// check digits verified), one per scheme and value.
func checkIdentifiers(p *Problems, o *ecosystem.Organisation) {
	if len(o.Identifiers) > MaxContactValues {
		p.Add("", "identifiers", "at most %d identifiers", MaxContactValues)
	}
	seen := map[string]bool{}
	for i, id := range o.Identifiers {
		f := fmt.Sprintf("identifiers[%d]", i)
		scheme, value, err := ecosystem.NormaliseIdentifier(id.Scheme, id.Value)
		switch {
		case err != nil:
			p.Add("", f, "%v", err)
		case scheme != id.Scheme || value != id.Value:
			p.Add("", f, "%s:%s is not in normal form (%s:%s)", id.Scheme, id.Value, scheme, value)
		case seen[id.Key()]:
			p.Add("", f, "%s is given twice", id.Key())
		}
		seen[id.Key()] = true
		checkCitations(p, f+".sources", id.Sources, true)
	}
}

// checkContacts checks an organisation's address, phones, e-mails and opening hours.
func checkContacts(p *Problems, o *ecosystem.Organisation) {
	if a := o.Address; a != nil {
		checkText(p, "address.street", a.Street, 200, false)
		checkText(p, "address.number", a.Number, 30, false)
		checkText(p, "address.locality", a.Locality, 200, false)
		if a.Postcode != "" {
			if err := ecosystem.CheckPostcode(a.Postcode); err != nil && o.Country == "PL" {
				p.Add("", "address.postcode", "%v", err)
			}
		}
		if a.Street == "" && a.Number == "" && a.Postcode == "" && a.Locality == "" {
			p.Add("", "address", "an address needs at least a street, number, postcode or locality")
		}
		checkCitations(p, "address.sources", a.Sources, true)
	}
	for _, l := range []struct {
		name string
		vs   []ecosystem.ContactValue
	}{{"phones", o.Phones}, {"emails", o.Emails}, {"openingHours", o.OpeningHours}} {
		if len(l.vs) > MaxContactValues {
			p.Add("", l.name, "at most %d values", MaxContactValues)
		}
		for i, v := range l.vs {
			f := fmt.Sprintf("%s[%d]", l.name, i)
			checkText(p, f+".value", v.Value, 300, true)
			if l.name == "emails" && v.Value != "" {
				if err := ecosystem.CheckEmail(v.Value); err != nil {
					p.Add("", f+".value", "%v", err)
				}
			}
			checkCitations(p, f+".sources", v.Sources, true)
		}
	}
}
