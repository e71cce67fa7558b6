package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// TestSearchFindsWhatScoringEveryNodeFinds holds the search's shortcuts (posting lists, groups
// by the number of terms reached, bounds that skip scoring) to the answer of scoring every node
// with package polish: the same hits, scores and order, for the texts bench/load sends, with
// typos, single words and a type filter.
func TestSearchFindsWhatScoringEveryNodeFinds(t *testing.T) {
	doc, ds, err := synth.Planned(synth.Size{Name: "test", Geography: 0.2, Density: 0.5}, 3)
	if err != nil {
		t.Fatal(err)
	}
	s := New()
	if _, err := s.Apply(context.Background(), ds.ChangeSet()); err != nil {
		t.Fatal(err)
	}
	texts := synth.SearchTexts(doc, 150)
	for _, text := range texts[:50] {
		words := strings.Fields(text)
		texts = append(texts, words[len(words)-1]) // one word: the largest groups
		if w := words[len(words)-1]; len(w) >= 7 {
			texts = append(texts, text[:len(text)-2]+"x"+text[len(text)-1:]) // a typo
		}
	}
	type hit struct {
		key           ecosystem.NodeKey
		score         float64
		sortName, gid string
		matched       string
	}
	check := func(stage string, nodes []ecosystem.Node) {
		t.Helper()
		all := make([]hit, len(nodes))
		analysed := make([][]polish.Name, len(nodes))
		for i, n := range nodes {
			names, sortName := analyse(n)
			all[i] = hit{key: n.Key(), sortName: sortName, gid: n.Key().GlobalID()}
			analysed[i] = names
		}
		for _, types := range [][]ecosystem.NodeType{nil, {ecosystem.NodeOrganisation}} {
			for _, text := range texts {
				q := polish.NewQuery(text)
				var want []hit
				for i, h := range all {
					if len(types) > 0 && h.key.Type != types[0] {
						continue
					}
					if score, name := q.ScoreAnalysed(analysed[i]); score > 0 {
						h.score, h.matched = score, name
						want = append(want, h)
					}
				}
				slices.SortFunc(want, func(a, b hit) int {
					return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
				})
				want = want[:min(len(want), 10)]
				got, err := s.Search(context.Background(), store.SearchQuery{Text: text, Types: types, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("%s: search %q (types %v): %d hits, scoring every node finds %d", stage, text, types, len(got), len(want))
				}
				for i := range got {
					if got[i].Node != want[i].key || got[i].Score != want[i].score || got[i].Matched != want[i].matched {
						t.Fatalf("%s: search %q (types %v), hit %d: %v %.4f %q; scoring every node gives %v %.4f %q",
							stage, text, types, i, got[i].Node, got[i].Score, got[i].Matched, want[i].key, want[i].score, want[i].matched)
					}
				}
			}
		}
	}
	check("as loaded", ds.Nodes)

	// Renaming early nodes moves them inside long posting lists; deleting takes them out.
	nodes := slices.Clone(ds.Nodes)
	var cs store.ChangeSet
	orgs := 0
	for i, n := range nodes {
		if n.Key().Type != ecosystem.NodeOrganisation {
			continue
		}
		orgs++
		switch {
		case orgs%7 == 0:
			renamed := ecosystem.CloneNode(n)
			c := renamed.Common()
			c.Name = ds.Nodes[(i*31)%len(ds.Nodes)].Common().Name + " Filia"
			c.Aliases = nil
			nodes[i] = renamed
			cs.PutNodes = append(cs.PutNodes, renamed)
		case orgs%11 == 0:
			cs.DeleteNodes = append(cs.DeleteNodes, n.Key())
			nodes[i] = nil
		}
	}
	if _, err := s.Apply(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	nodes = slices.DeleteFunc(nodes, func(n ecosystem.Node) bool { return n == nil })
	check("after renames and deletions", nodes)

	// The posting lists hold exactly the terms of the nodes as they are now, in ord order:
	// nothing left behind by a rename or a deletion.
	want := map[string][]ecosystem.NodeKey{}
	for _, n := range nodes {
		names, _ := analyse(n)
		for t := range termSet(names) {
			want[t] = append(want[t], n.Key())
		}
	}
	if len(s.g.postings) != len(want) {
		t.Fatalf("%d posting lists, the nodes have %d terms", len(s.g.postings), len(want))
	}
	for term, list := range s.g.postings {
		if !slices.IsSorted(list) {
			t.Fatalf("posting list of %q is not in ord order", term)
		}
		got := make([]ecosystem.NodeKey, len(list))
		for i, ord := range list {
			got[i] = s.g.byOrd[ord].key
		}
		if !sameKeys(got, want[term]) {
			t.Fatalf("posting list of %q: %v; the nodes that have the term: %v", term, got, want[term])
		}
	}
}

func sameKeys(a, b []ecosystem.NodeKey) bool {
	byKey := func(x, y ecosystem.NodeKey) int {
		return cmp.Or(cmp.Compare(x.Type, y.Type), cmp.Compare(x.Slug, y.Slug))
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, byKey)
	slices.SortFunc(b, byKey)
	return slices.Equal(a, b)
}
