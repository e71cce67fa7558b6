package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// testIdentifiers: an organisation's identifiers are stored with their citations, found by the
// Identifier filter, and belong to one organisation: another organisation asking for one is a
// conflict naming the holder (inside Apply, so no race), also within one change set; an update
// of the holder, a deletion or a merge frees or moves it. A bad check digit is invalid input.
func testIdentifiers(t *testing.T, s store.Store) {
	f := newFixture(t)
	f.apply(s)
	cite := []ecosystem.Citation{{Source: fixtureSource, Locator: "row 2", Note: "Register row."}}
	org := func(slug, name string, ids ...string) *ecosystem.Organisation {
		o := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: slug, Name: name, Sources: cite}, Kind: ecosystem.KindOPS, Country: "PL",
			Phones:  []ecosystem.ContactValue{{Value: "+48 32 296 21 31", Sources: cite}},
			Address: &ecosystem.Address{Street: "ul. 11 Listopada", Number: "1", Postcode: "42-500", Locality: "Będzin", Sources: cite}}
		for _, id := range ids {
			parsed, err := ecosystem.ParseIdentifier(id)
			if err != nil {
				t.Fatal(err)
			}
			parsed.Sources = cite
			o.Identifiers = append(o.Identifiers, parsed)
		}
		return o
	}
	put := func(nodes ...ecosystem.Node) error {
		_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: nodes})
		return err
	}
	find := func(id string) []string {
		t.Helper()
		page, err := s.Organisations(t.Context(), store.OrganisationFilter{Identifier: id}, store.OrganisationOrder{}, store.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range page.Items {
			out = append(out, o.Slug)
		}
		return out
	}
	if err := put(org("ops-bedzin", "Ośrodek Pomocy Społecznej Będzin", "KRS:0000123456", "NIP:5260001246")); err != nil {
		t.Fatal(err)
	}
	got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "ops-bedzin"}})
	if err != nil {
		t.Fatal(err)
	}
	o := got[0].(*ecosystem.Organisation)
	if len(o.Identifiers) != 2 || o.Identifiers[0].Key() != "KRS:0000123456" || len(o.Identifiers[0].Sources) != 1 ||
		o.Address == nil || o.Address.Postcode != "42-500" || len(o.Phones) != 1 {
		t.Errorf("identifiers and contacts did not round-trip: %+v", o)
	}
	if got := find("KRS:0000123456"); len(got) != 1 || got[0] != "ops-bedzin" {
		t.Errorf("by KRS: %v", got)
	}
	if got := find("KRS:0000999999"); len(got) != 0 {
		t.Errorf("an identifier nobody holds: %v", got)
	}

	var conflict *store.ConflictError
	err = put(org("ops-other", "Ośrodek Pomocy Społecznej Inny", "KRS:0000123456"))
	if !errors.As(err, &conflict) || !strings.Contains(err.Error(), "Organisation:ops-bedzin") {
		t.Errorf("another organisation with the same KRS: %v", err)
	}
	err = put(org("ops-x", "Ośrodek X", "REGON:123456785"), org("ops-y", "Ośrodek Y", "REGON:123456785"))
	if !errors.As(err, &conflict) || !strings.Contains(err.Error(), "also given to") {
		t.Errorf("two organisations of one write with one REGON: %v", err)
	}
	if got := find("REGON:123456785"); len(got) != 0 {
		t.Errorf("a refused write left an identifier behind: %v", got)
	}
	// The holder itself may be written again with it.
	if err := put(org("ops-bedzin", "Ośrodek Pomocy Społecznej Będzin", "KRS:0000123456")); err != nil {
		t.Errorf("the holder rewritten: %v", err)
	}
	// Released by the update (NIP dropped), it can go to another.
	if err := put(org("ops-other", "Ośrodek Pomocy Społecznej Inny", "NIP:5260001246")); err != nil {
		t.Errorf("a released NIP: %v", err)
	}
	// A merge moves the merged organisation's identifiers to the survivor.
	if _, err := s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "ops-bedzin"},
		Merged: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "ops-other"}}}}); err != nil {
		t.Fatal(err)
	}
	if got := find("NIP:5260001246"); len(got) != 1 || got[0] != "ops-bedzin" {
		t.Errorf("after the merge the NIP is held by %v, want ops-bedzin", got)
	}
	// A deletion frees them.
	if _, err := s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "ops-bedzin"}}}); err != nil {
		t.Fatal(err)
	}
	if err := put(org("ops-new", "Ośrodek Nowy", "KRS:0000123456")); err != nil {
		t.Errorf("an identifier freed by a deletion: %v", err)
	}

	var invalid *store.ValidationError
	bad := org("ops-bad", "Ośrodek Zły")
	bad.Identifiers = []ecosystem.Identifier{{Scheme: "NIP", Value: "5260001247", Sources: cite}}
	if err := put(bad); !errors.As(err, &invalid) || !strings.Contains(err.Error(), "check digit") {
		t.Errorf("a NIP with a wrong check digit: %v", err)
	}
	bad.Identifiers = nil
	bad.Emails = []ecosystem.ContactValue{{Value: "not an address", Sources: cite}}
	if err := put(bad); !errors.As(err, &invalid) || !strings.Contains(err.Error(), "e-mail") {
		t.Errorf("a malformed e-mail: %v", err)
	}
	bad.Emails = []ecosystem.ContactValue{{Value: "ops@example.pl", Sources: []ecosystem.Citation{{Source: "no-such-source"}}}}
	if err := put(bad); !errors.As(err, &invalid) || !strings.Contains(err.Error(), "emails[0].sources[0].source") {
		t.Errorf("a contact citing a missing source: %v", err)
	}
}
