package storetest

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// sameCounts compares buckets by key and count, and checks every label is set.
func sameCounts(t *testing.T, what string, got, want []ecosystem.Count) {
	t.Helper()
	type kc struct {
		key   string
		count int
	}
	strip := func(cs []ecosystem.Count) []kc {
		out := make([]kc, len(cs))
		for i, c := range cs {
			out[i] = kc{c.Key, c.Count}
		}
		return out
	}
	if !slices.Equal(strip(got), strip(want)) {
		t.Errorf("%s:\ngot  %v\nwant %v", what, strip(got), strip(want))
	}
	for _, c := range got {
		if c.Label == "" {
			t.Errorf("%s: bucket %q has no label", what, c.Key)
		}
	}
}

func testStats(t *testing.T, s store.Store) {
	f := newFixture(t)
	listingFixture(f)
	f.apply(s)

	st, err := s.Stats(t.Context(), store.StatsQuery{Top: 3})
	must(t, err)

	t.Run("nodes by type", func(t *testing.T) {
		counts := map[ecosystem.NodeType]int{}
		for _, n := range f.nodes {
			counts[n.Key().Type]++
		}
		// Every type, in the declared order, even when there are none.
		var want []ecosystem.Count
		for _, typ := range ecosystem.AllNodeTypes {
			want = append(want, ecosystem.Count{Key: string(typ), Label: typ.TypeName(), Count: counts[typ]})
		}
		if !slices.Equal(st.Nodes, want) {
			t.Errorf("got  %v\nwant %v", st.Nodes, want)
		}
		if counts[ecosystem.NodeOrganisation] != 8 || counts[ecosystem.NodePerson] != 0 {
			t.Errorf("the fixture changed: %v", counts)
		}
	})

	t.Run("relations by type", func(t *testing.T) {
		counts := map[string]int{}
		for _, r := range f.relations {
			counts[string(r.Type)]++
		}
		var want []ecosystem.Count
		for k, n := range counts {
			want = append(want, ecosystem.Count{Key: k, Count: n})
		}
		slices.SortFunc(want, func(a, b ecosystem.Count) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
		})
		sameCounts(t, "relations", st.Relations, want)
		if len(st.Relations) < 4 || st.Relations[0].Key != string(ecosystem.RelWithin) || st.Relations[0].Count != 11 ||
			st.Relations[3].Key != string(ecosystem.RelCooperatesWith) {
			t.Errorf("relations not ordered by count, then type: %v", st.Relations)
		}
	})

	t.Run("organisations by kind", func(t *testing.T) {
		want := []ecosystem.Count{
			{Key: "FOUNDATION", Count: 2}, {Key: "ASSOCIATION", Count: 1}, {Key: "CIS", Count: 1}, {Key: "FOREIGN", Count: 1},
			{Key: "OPS", Count: 1}, {Key: "PCPR", Count: 1}, {Key: "ROPS", Count: 1},
		}
		sameCounts(t, "kinds", st.OrganisationsByKind, want)
	})

	t.Run("organisations by voivodeship", func(t *testing.T) {
		want := []ecosystem.Count{
			{Key: "pomorskie", Label: "pomorskie", Count: 3},
			{Key: "lubelskie", Label: "lubelskie", Count: 2},
			{Key: store.NoVoivodeship, Count: 2},
			{Key: "wielkopolskie", Label: "wielkopolskie", Count: 1},
		}
		sameCounts(t, "voivodeships", st.OrganisationsByVoivodeship, want)
		for i, c := range st.OrganisationsByVoivodeship {
			if i < len(want) && want[i].Label != "" && c.Label != want[i].Label {
				t.Errorf("voivodeship %q has label %q, want %q", c.Key, c.Label, want[i].Label)
			}
		}
	})

	t.Run("most connected", func(t *testing.T) {
		org := func(slug string, degree int) ecosystem.Degree {
			return ecosystem.Degree{Organisation: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: slug}, Degree: degree}
		}
		all := []ecosystem.Degree{
			org("rops-gdansk", 4), org("mops-gdynia", 3),
			// Equal degrees are ordered by sort name.
			org("cis-gdynia", 2), org("pcpr-krasnik", 2), org("empatia", 2),
			org("kos", 1), org("laka-b", 1), org("laka-a", 0),
		}
		if !slices.Equal(st.MostConnected, all[:3]) {
			t.Errorf("top 3:\ngot  %v\nwant %v", st.MostConnected, all[:3])
		}
		for _, top := range []int{0, 1, 8, 20} {
			got, err := s.Stats(t.Context(), store.StatsQuery{Top: top})
			must(t, err)
			if want := all[:min(top, len(all))]; !slices.Equal(got.MostConnected, want) && len(got.MostConnected)+len(want) > 0 {
				t.Errorf("top %d:\ngot  %v\nwant %v", top, got.MostConnected, want)
			}
		}
	})

	t.Run("negative top", func(t *testing.T) {
		_, err := s.Stats(t.Context(), store.StatsQuery{Top: -1})
		wantErr(t, err, store.ErrInvalid)
	})

	t.Run("empty store", func(t *testing.T) {
		// Counting follows deletions.
		var del []ecosystem.NodeKey
		for _, n := range f.nodes {
			if n.Key().Type != ecosystem.NodeSource {
				del = append(del, n.Key())
			}
		}
		_, err := s.Apply(t.Context(), store.ChangeSet{DeleteNodes: del})
		must(t, err)
		st, err := s.Stats(t.Context(), store.StatsQuery{Top: 3})
		must(t, err)
		for _, c := range st.Nodes {
			if want := map[string]int{string(ecosystem.NodeSource): 1}[c.Key]; c.Count != want {
				t.Errorf("%s: %d nodes, want %d", c.Key, c.Count, want)
			}
		}
		if len(st.Relations)+len(st.OrganisationsByKind)+len(st.OrganisationsByVoivodeship)+len(st.MostConnected) != 0 {
			t.Errorf("stats of an empty graph: %s", show(st))
		}
	})
}

// testStatsFollowChanges checks the most connected organisations after each kind of change that
// moves a degree: relations put and deleted, an organisation put again, a neighbour deleted, a
// merge that moves relations and an organisation deleted. The degrees expected are counted from
// the store's own relations, so a backend that keeps degrees stored must keep them current.
func testStatsFollowChanges(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindOPS)
	c := f.org("charlie", "Charlie", ecosystem.KindWTZ)
	d := f.org("delta", "Delta", ecosystem.KindWTZ)
	p := f.person("anna", "Anna Nowak")
	e := f.event("spotkanie", "Spotkanie", ecosystem.EventMeeting, date(2020, 0, 0), nil)
	f.rel(ecosystem.RelCooperatesWith, a, b)
	f.rel(ecosystem.RelHoldsPosition, p, a)
	f.rel(ecosystem.RelHoldsPosition, p, b)
	f.rel(ecosystem.RelOrganised, c, e)
	f.rel(ecosystem.RelAttended, a, e)
	f.apply(s)
	orgs := []*ecosystem.Organisation{a, b, c, d}

	check := func(step string) {
		t.Helper()
		st, err := s.Stats(t.Context(), store.StatsQuery{Top: 10})
		must(t, err)
		want := map[string]int{}
		for _, o := range orgs {
			got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{o.Key()})
			must(t, err)
			if got[0] == nil || got[0].Key() != o.Key() { // deleted, or merged into another
				continue
			}
			rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{o.Key()}, store.RelationQuery{Direction: ecosystem.DirBoth})
			must(t, err)
			want[o.Slug] = len(rels[0])
		}
		got := map[string]int{}
		for i, m := range st.MostConnected {
			got[m.Organisation.Slug] = m.Degree
			if i > 0 && st.MostConnected[i-1].Degree < m.Degree {
				t.Errorf("%s: most connected out of order: %v", step, st.MostConnected)
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: degrees %v, want %v", step, got, want)
		}
		total := 0
		for _, k := range st.OrganisationsByKind {
			total += k.Count
		}
		if total != len(want) {
			t.Errorf("%s: %d organisations by kind, want %d", step, total, len(want))
		}
	}
	check("as written")

	f.rel(ecosystem.RelCooperatesWith, c, d)
	gone := f.rel(ecosystem.RelCooperatesWith, b, c)
	f.apply(s)
	check("two relations added")

	_, err := s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{gone.ID}})
	must(t, err)
	check("a relation deleted")

	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{a}})
	must(t, err)
	check("an organisation put again")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{p.Key()}})
	must(t, err)
	check("a neighbour deleted")

	_, err = s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: d.Key(), Merged: c.Key()}}})
	must(t, err)
	check("an organisation merged into another")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{b.Key()}})
	must(t, err)
	check("an organisation deleted")
}
