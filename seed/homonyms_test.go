package seed

import (
	"strings"
	"testing"
)

// TestHomonymousOrganisationsWithTheirOwnIdentifiers: two welfare centres of the two gminas
// called Spytkowice share a name; with identifiers of one scheme that differ they are two
// organisations, without them the validator refuses the second as a duplicate.
func TestHomonymousOrganisationsWithTheirOwnIdentifiers(t *testing.T) {
	doc := func(ids string) *Document {
		d, err := Decode([]byte(`{"sources": [{"id": "src-rejestr", "title": "Rejestr", "kind": "REGISTRY"}],
		  "organisations": [
		    {"id": "gops-spytkowice", "name": "Gminny Ośrodek Pomocy Społecznej w Spytkowicach", "kind": "OPS", "country": "PL", "cite": [{"locator": "row 1"}]` + strings.Replace(ids, "%", "1218063", 1) + `},
		    {"id": "gops-spytkowice-2", "name": "Gminny Ośrodek Pomocy Społecznej w Spytkowicach", "kind": "OPS", "country": "PL", "cite": [{"locator": "row 1"}]` + strings.Replace(ids, "%", "1211092", 1) + `}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if _, err := Build([]File{{Name: "register", Doc: *doc(`, "identifiers": [{"scheme": "rjps-gmina", "value": "%"}]`)}}); err != nil {
		t.Errorf("two gminas' centres with their own ids: %v", err)
	}
	if _, err := Build([]File{{Name: "register", Doc: *doc(``)}}); err == nil || !strings.Contains(err.Error(), "same normalised name") {
		t.Errorf("two centres of one name without ids: %v", err)
	}
}
