package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
)

// PartnerAccumulator gathers partnership evidence and orders it the way the contract promises.
// Backends feed it the pairs of relations they find; it removes duplicates and sorts.
type PartnerAccumulator struct {
	self     model.NodeKey
	kinds    map[model.PartnershipKind]bool
	partners map[model.NodeKey]map[evidenceKey]*model.PartnershipEvidence
}

type evidenceKey struct {
	kind        model.PartnershipKind
	via         model.NodeKey
	own, theirs model.RelationType
}

// NewPartnerAccumulator starts gathering the partners of self, keeping only the given kinds
// (all kinds when empty).
func NewPartnerAccumulator(self model.NodeKey, kinds []model.PartnershipKind) *PartnerAccumulator {
	a := &PartnerAccumulator{self: self, partners: map[model.NodeKey]map[evidenceKey]*model.PartnershipEvidence{}}
	if len(kinds) > 0 {
		a.kinds = map[model.PartnershipKind]bool{}
		for _, k := range kinds {
			a.kinds[k] = true
		}
	}
	return a
}

// Add records that partner is joined to self through via: mine is self's relation, theirs the
// partner's (either may be nil for a direct relation between the two).
func (a *PartnerAccumulator) Add(kind model.PartnershipKind, partner, via model.NodeKey, mine, theirs *model.Relation) {
	if partner == a.self || (a.kinds != nil && !a.kinds[kind]) {
		return
	}
	k := evidenceKey{kind: kind, via: via}
	var sources []model.Citation
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
		ev = map[evidenceKey]*model.PartnershipEvidence{}
		a.partners[partner] = ev
	}
	if _, seen := ev[k]; seen {
		return
	}
	ev[k] = &model.PartnershipEvidence{Kind: kind, Via: via, OwnRole: k.own, PartnerRole: k.theirs, Sources: sources}
}

// kindRank orders evidence kinds as declared.
func kindRank(k model.PartnershipKind) int {
	return slices.Index(model.AllPartnershipKinds(), k)
}

// Result returns at most limit partners: most evidence first; on equal evidence, the partner
// with the strongest kind of evidence first (in PartnershipKind's declared order, so formal
// project partners come before visit hosts); then by sort name and slug. Evidence is ordered by
// kind, via, own role and partner role.
func (a *PartnerAccumulator) Result(sortName func(model.NodeKey) string, limit int) []model.Partnership {
	out := make([]model.Partnership, 0, len(a.partners))
	for partner, evs := range a.partners {
		p := model.Partnership{Partner: partner}
		for _, e := range evs {
			p.Evidence = append(p.Evidence, *e)
		}
		slices.SortFunc(p.Evidence, func(x, y model.PartnershipEvidence) int {
			return cmp.Or(
				cmp.Compare(kindRank(x.Kind), kindRank(y.Kind)),
				strings.Compare(x.Via.GlobalID(), y.Via.GlobalID()),
				strings.Compare(string(x.OwnRole), string(y.OwnRole)),
				strings.Compare(string(x.PartnerRole), string(y.PartnerRole)),
			)
		})
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y model.Partnership) int {
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
