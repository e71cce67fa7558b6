package scalars

import (
	"bytes"
	"errors"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
)

func TestEnumsRoundTripAndRefuseWhatTheDomainDoesNotDeclare(t *testing.T) {
	k, err := UnmarshalOrganisationKind("WTZ")
	if err != nil || k != ecosystem.KindWTZ {
		t.Fatalf("WTZ: %v %v", k, err)
	}
	var b bytes.Buffer
	MarshalOrganisationKind(k).MarshalGQL(&b)
	if b.String() != `"WTZ"` {
		t.Errorf("marshalled %s", b.String())
	}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"unknown kind", second(UnmarshalOrganisationKind("WARSZTAT")), `"WARSZTAT" is not a valid OrganisationKind`},
		{"a number", second(UnmarshalTheme(5)), "Theme must be a string"},
		{"unknown relation", second(UnmarshalRelationType("LIKES")), `"LIKES" is not a valid RelationType`},
		{"unknown node type", second(UnmarshalNodeType("USER")), "USER is not a valid NodeType"},
		{"bad date", second(UnmarshalPartialDate("2021-13")), ""},
		{"date not a string", second(UnmarshalPartialDate(2021)), "PartialDate must be a string"},
	} {
		var input *ecosystem.InputError
		if !errors.As(tc.err, &input) {
			t.Errorf("%s: %v, want an InputError", tc.name, tc.err)
			continue
		}
		if tc.want != "" && input.Message != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, input.Message, tc.want)
		}
	}
	d, err := UnmarshalPartialDate("2021-05")
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	MarshalPartialDate(d).MarshalGQL(&b)
	if b.String() != `"2021-05"` {
		t.Errorf("date marshalled %s", b.String())
	}
}

func second[T any](_ T, err error) error { return err }
