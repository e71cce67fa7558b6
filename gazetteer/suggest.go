package gazetteer

import (
	"cmp"
	"slices"
	"sort"
	"strings"
)

// Suggest lists the places whose name starts with text (folded, in the nominative: what a user
// has typed so far), for a search box that suggests as one types: the places named exactly
// text first, then by kind (localities and cities before gminas, powiats and voivodeships) and
// name; one entry for the names that stand for the same place (a city, its gmina and its
// powiat), the one Resolve would give. Only places with a point are listed. Leading words that
// are not part of a name ("w", "gmina") are skipped, as Resolve skips them.
func (g *Gazetteer) Suggest(text string, limit int) []*Place {
	ws := words(text)
	for len(ws) > 1 && leadingWords[ws[0]] {
		ws = ws[1:]
	}
	prefix := strings.Join(ws, " ")
	if prefix == "" || limit <= 0 {
		return nil
	}
	g.suggestOnce.Do(func() {
		for k := range g.byExact {
			g.sortedNames = append(g.sortedNames, k)
		}
		sort.Strings(g.sortedNames)
	})
	var out []*Place
	seen := map[string]bool{}
	for i := sort.SearchStrings(g.sortedNames, prefix); i < len(g.sortedNames) && strings.HasPrefix(g.sortedNames[i], prefix); i++ {
		groups := map[string][]*Place{}
		var order []string
		for _, p := range g.byExact[g.sortedNames[i]] {
			id := g.identity(p)
			if _, ok := groups[id]; !ok {
				order = append(order, id)
			}
			groups[id] = append(groups[id], p)
		}
		for _, id := range order {
			var withPoint []*Place
			for _, p := range groups[id] {
				if p.Point != nil {
					withPoint = append(withPoint, p)
				}
			}
			if len(withPoint) == 0 {
				continue
			}
			p := preferred(withPoint)
			if key := g.Label(p); !seen[key] {
				seen[key] = true
				out = append(out, p)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b *Place) int {
		ea, eb := exactKey(a.Name) == prefix, exactKey(b.Name) == prefix
		switch {
		case ea && !eb:
			return -1
		case eb && !ea:
			return 1
		}
		return cmp.Or(cmp.Compare(slices.Index(kindOrder, a.Kind), slices.Index(kindOrder, b.Kind)),
			cmp.Compare(exactKey(a.Name), exactKey(b.Name)), cmp.Compare(a.Code, b.Code))
	})
	return out[:min(len(out), limit)]
}
