package ecosystem

import "testing"

func TestPartialDateRoundTrip(t *testing.T) {
	for _, s := range []string{"2013", "2013-09", "2013-09-17", "--06-22", "--02-29", "2000-02-29"} {
		d, err := ParsePartialDate(s)
		if err != nil {
			t.Errorf("ParsePartialDate(%q): %v", s, err)
			continue
		}
		if d.String() != s {
			t.Errorf("round trip of %q gave %q", s, d.String())
		}
	}
}

func TestPartialDateRejects(t *testing.T) {
	for _, s := range []string{"13", "2013-13", "2013-02-30", "2013-9-1", "--13-01", "2013-09-17T10:00", "abcd", "+201", "0999", "2001-02-29"} {
		if _, err := ParsePartialDate(s); err == nil {
			t.Errorf("ParsePartialDate(%q) accepted", s)
		}
	}
}

func TestPartialDateOrder(t *testing.T) {
	order := []string{"2013", "2013-09", "2013-09-17", "2018-10-15", "--06-22"}
	for i := 1; i < len(order); i++ {
		a, _ := ParsePartialDate(order[i-1])
		b, _ := ParsePartialDate(order[i])
		if a.Compare(b) >= 0 {
			t.Errorf("%s should sort before %s", a, b)
		}
	}
	var zero PartialDate
	last, _ := ParsePartialDate("--12-31")
	if last.Compare(zero) >= 0 {
		t.Error("the zero date must sort last")
	}
}

func TestPartialDateSpan(t *testing.T) {
	d, _ := ParsePartialDate("2013")
	if e, _ := d.Earliest(); e != 20130101 {
		t.Errorf("Earliest(2013) = %d", e)
	}
	if l, _ := d.Latest(); l != 20131231 {
		t.Errorf("Latest(2013) = %d", l)
	}
	noYear, _ := ParsePartialDate("--06-22")
	if _, ok := noYear.Earliest(); ok {
		t.Error("a date without a year has no span")
	}
}

func TestGlobalIDs(t *testing.T) {
	k, err := ParseGlobalID("organisation:mops-gdynia")
	if err != nil || k != (NodeKey{NodeOrganisation, "mops-gdynia"}) || k.GlobalID() != "Organisation:mops-gdynia" {
		t.Errorf("ParseGlobalID = %v, %v", k, err)
	}
	for _, bad := range []string{"mops-gdynia", "Planet:x", "Place:Gdynia", "Place:-x", "Place:a--b", "Place:", "Place:x-"} {
		if _, err := ParseGlobalID(bad); err == nil {
			t.Errorf("ParseGlobalID(%q) accepted", bad)
		}
	}
}

func TestRelationEndpoints(t *testing.T) {
	if err := RelHosted.CheckEndpoints(NodeOrganisation, NodeEvent); err != nil {
		t.Error(err)
	}
	if err := RelHosted.CheckEndpoints(NodePerson, NodeEvent); err == nil {
		t.Error("a person cannot host")
	}
	if err := RelationType("SITS_IN").CheckEndpoints(NodeOrganisation, NodePlace); err == nil {
		t.Error("unknown type accepted")
	}
	for _, rt := range AllRelationTypes() {
		if _, ok := endpoints[rt]; !ok {
			t.Errorf("%s has no endpoint rule", rt)
		}
	}
}

func TestRelationIDNamesItsType(t *testing.T) {
	from, to := NodeKey{NodeOrganisation, "mops-gdynia"}, NodeKey{NodeEvent, "wizyta"}
	id := RelationID(RelHoldsPosition, NodeKey{NodePerson, "x"}, from)
	if typ, ok := RelationTypeOfID(id); !ok || typ != RelHoldsPosition {
		t.Errorf("RelationTypeOfID(%q) = %v, %v", id, typ, ok)
	}
	if RelationID(RelHosted, from, to) == RelationID(RelHosted, to, from) {
		t.Error("direction must change the id")
	}
	for _, bad := range []string{"", "hosted", "hosted-xyz", "flies-0123456789abcdef", "hosted-0123456789abcdeg"} {
		if _, ok := RelationTypeOfID(bad); ok {
			t.Errorf("RelationTypeOfID(%q) accepted", bad)
		}
	}
}
