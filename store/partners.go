package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
)

// PartnerAccumulator gathers partnership evidence and orders it the way the contract promises.
// Backends feed it the pairs of relations they find; it removes duplicates and sorts.
type PartnerAccumulator struct {
	self     ecosystem.NodeKey
	kinds    map[ecosystem.PartnershipKind]bool
	partners map[ecosystem.NodeKey]map[evidenceKey]*ecosystem.PartnershipEvidence
}

type evidenceKey struct {
	kind        ecosystem.PartnershipKind
	via         ecosystem.NodeKey
	own, theirs ecosystem.RelationType
}

// NewPartnerAccumulator starts gathering the partners of self, keeping only the given kinds
// (all kinds when empty).
func NewPartnerAccumulator(self ecosystem.NodeKey, kinds []ecosystem.PartnershipKind) *PartnerAccumulator {
	a := &PartnerAccumulator{self: self, partners: map[ecosystem.NodeKey]map[evidenceKey]*ecosystem.PartnershipEvidence{}}
	if len(kinds) > 0 {
		a.kinds = map[ecosystem.PartnershipKind]bool{}
		for _, k := range kinds {
			a.kinds[k] = true
		}
	}
	return a
}

// Add records that partner is joined to self through via: mine is self's relation, theirs the
// partner's (either may be nil for a direct relation between the two).
func (a *PartnerAccumulator) Add(kind ecosystem.PartnershipKind, partner, via ecosystem.NodeKey, mine, theirs *ecosystem.Relation) {
	if partner == a.self || (a.kinds != nil && !a.kinds[kind]) {
		return
	}
	k := evidenceKey{kind: kind, via: via}
	var sources []ecosystem.Citation
	if mine != nil {
		k.own = mine.Type
		sources = append(sources, mine.Sources...)
	}
	if theirs != nil {
		k.theirs = theirs.Type
		for _, c := range theirs.Sources {
			if !slices.Contains(sources, c) {
				sources = append(sources, c)
			}
		}
	}
	ev, ok := a.partners[partner]
	if !ok {
		ev = map[evidenceKey]*ecosystem.PartnershipEvidence{}
		a.partners[partner] = ev
	}
	if _, seen := ev[k]; seen {
		return
	}
	ev[k] = &ecosystem.PartnershipEvidence{Kind: kind, Via: via, OwnRole: k.own, PartnerRole: k.theirs, Sources: sources}
}

// kindRank orders evidence kinds as declared.
func kindRank(k ecosystem.PartnershipKind) int {
	return slices.Index(ecosystem.AllPartnershipKinds(), k)
}

// Result returns at most limit partners: most evidence first; on equal evidence, the partner
// with the strongest kind of evidence first (in PartnershipKind's declared order, so formal
// project partners come before visit hosts); then by sort name and slug. Evidence is ordered by
// kind, via, own role and partner role.
func (a *PartnerAccumulator) Result(sortName func(ecosystem.NodeKey) string, limit int) []ecosystem.Partnership {
	out := make([]ecosystem.Partnership, 0, len(a.partners))
	for partner, evs := range a.partners {
		p := ecosystem.Partnership{Partner: partner}
		for _, e := range evs {
			p.Evidence = append(p.Evidence, *e)
		}
		slices.SortFunc(p.Evidence, func(x, y ecosystem.PartnershipEvidence) int {
			return cmp.Or(
				cmp.Compare(kindRank(x.Kind), kindRank(y.Kind)),
				strings.Compare(x.Via.GlobalID(), y.Via.GlobalID()),
				strings.Compare(string(x.OwnRole), string(y.OwnRole)),
				strings.Compare(string(x.PartnerRole), string(y.PartnerRole)),
			)
		})
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y ecosystem.Partnership) int {
		return cmp.Or(
			cmp.Compare(len(y.Evidence), len(x.Evidence)),
			cmp.Compare(kindRank(x.Evidence[0].Kind), kindRank(y.Evidence[0].Kind)),
			strings.Compare(sortName(x.Partner), sortName(y.Partner)),
			strings.Compare(x.Partner.Slug, y.Partner.Slug),
		)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
