package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph/bound"
	"github.com/wtz-graph/kg/graph/loaders"
	"github.com/wtz-graph/kg/store"
)

// Reads compiled per root field. On a store where every call is a round trip (a
// store.Prefetcher: Neo4j), a root field that returns nodes reads, in one call, everything its
// selection's typed views will ask for below them: the relation steps of the table below, for
// as deep as the selection goes, with the nodes at their other ends. The loaders then hold the
// answers and the resolvers run as they always do, finding them there, so a request costs the
// root's call and the prefetch's instead of one call per nesting level. What the plan leaves
// out (a field not in the table, a node over store.MaxFetchedEnds) the loaders still fetch,
// batched by level: the plan decides how fast an answer comes, never what it is.

// view is how a field of the schema reads the graph: the relations of its parent node in one
// direction, of some types, and where the nodes at their other ends are selected. The
// resolvers of these fields read their relations from the same values.
type view struct {
	dir   ecosystem.Direction
	types []ecosystem.RelationType
	// end is the field of the field's objects that is the other end (Position.person), or ""
	// when the objects are the other ends themselves (Organisation.seat).
	end string
	// object is the GraphQL type of the field's objects when end is set (Position).
	object string
	// ends are the GraphQL types the other ends can be.
	ends []string
}

func viewOf(dir ecosystem.Direction, types []ecosystem.RelationType, object, end string, ends ...string) view {
	return view{dir: dir, types: types, object: object, end: end, ends: ends}
}

// The typed views that read relations, by GraphQL type and field.
var (
	viewSeat             = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelLocatedIn}, "", "", "Place")
	viewServiceAreas     = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelServesArea}, "", "", "Place")
	viewPeople           = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelHoldsPosition, ecosystem.RelAffiliatedWith}, "Position", "person", "Person")
	viewPositions        = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelHoldsPosition, ecosystem.RelAffiliatedWith}, "Position", "organisation", "Organisation")
	viewProjects         = viewOf(ecosystem.DirOut, projectRoles, "ProjectRole", "project", "Project", "Programme")
	viewParticipants     = viewOf(ecosystem.DirIn, projectRoles, "ProjectRole", "organisation", "Organisation")
	viewOrgPractices     = viewOf(ecosystem.DirOut, practiceRoles, "PracticeRole", "practice", "Practice")
	viewActors           = viewOf(ecosystem.DirIn, practiceRoles, "PracticeRole", "actor", "Organisation", "Person", "Project", "Programme")
	viewEventRoles       = viewOf(ecosystem.DirOut, ecosystem.EventRoles, "EventRole", "event", "Event")
	viewEventActors      = viewOf(ecosystem.DirIn, ecosystem.EventRoles, "EventRole", "participant", "Organisation", "Person")
	viewEventPlaces      = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelHeldIn}, "", "", "Place")
	viewPartOf           = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelPartOf}, "", "", "Event", "Project", "Programme")
	viewSessions         = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelPartOf}, "", "", "Event")
	viewShowcases        = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelShowcased}, "", "", "Practice")
	viewPracticePlaces   = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelLocatedIn}, "", "", "Place")
	viewFunding          = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelFundedBy}, "", "", "Programme", "Organisation")
	viewFunds            = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelFundedBy}, "", "", "Project", "Event")
	viewActivityEvents   = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelPartOf}, "", "", "Event")
	viewProjectPractices = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelDeveloped}, "PracticeRole", "practice", "Practice")
	viewRecognises       = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelRecognised}, "PracticeRole", "practice", "Practice")
	viewParent           = viewOf(ecosystem.DirOut, []ecosystem.RelationType{ecosystem.RelWithin}, "", "", "Place")
	viewChildren         = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelWithin}, "", "", "Place")
	viewPlaceOrgs        = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelLocatedIn}, "", "", "Organisation")
	viewPlaceEvents      = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelHeldIn}, "", "", "Event")
	viewShownAt          = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelShowcased}, "", "", "Event")
	viewHosts            = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelHosted}, "", "", "Organisation")
	viewOrganisers       = viewOf(ecosystem.DirIn, []ecosystem.RelationType{ecosystem.RelOrganised}, "", "", "Organisation")
)

// views are the fields planned, by GraphQL type. A field with a roles argument reads other
// relations than its view's and is planned only without it.
var views = map[string]map[string]view{
	"Organisation": {"seat": viewSeat, "serviceAreas": viewServiceAreas, "people": viewPeople, "projects": viewProjects,
		"practices": viewOrgPractices, "events": viewEventRoles},
	"Person":    {"positions": viewPositions, "events": viewEventRoles},
	"Project":   {"participants": viewParticipants, "funding": viewFunding, "events": viewActivityEvents, "practices": viewProjectPractices},
	"Programme": {"participants": viewParticipants, "funds": viewFunds, "events": viewActivityEvents, "recognises": viewRecognises},
	"Event":     {"places": viewEventPlaces, "partOf": viewPartOf, "sessions": viewSessions, "participants": viewEventActors, "practices": viewShowcases},
	"Practice":  {"places": viewPracticePlaces, "actors": viewActors},
	"Place":     {"parent": viewParent, "children": viewChildren, "organisations": viewPlaceOrgs, "events": viewPlaceEvents},
}

// maxPlanDepth bounds how many relation steps deep a plan goes; deeper fields are fetched by
// the loaders.
const maxPlanDepth = 4

// showingChain is how many PART_OF levels a plan reads above a showing's event for the
// fields that inherit from the nearest event (dates, places, organisers).
const showingChain = 3

// satisfies are the abstract types every node type implements, for collecting fields.
var satisfies = []string{"Entity", "Node"}

// planner writes the read plan of a selection.
type planner struct{ op *graphql.OperationContext }

// plan is the read plan of sel on nodes of the GraphQL type typeName.
func (p planner) plan(typeName string, sel ast.SelectionSet, depth int) store.ReadPlan {
	if depth >= maxPlanDepth || len(sel) == 0 {
		return nil
	}
	var plan store.ReadPlan
	for _, f := range graphql.CollectFields(p.op, sel, append([]string{typeName}, satisfies...)) {
		if typeName == "Practice" && f.Name == "shownAt" {
			plan = mergeStep(plan, p.showings(f.Selections, depth))
			continue
		}
		v, ok := views[typeName][f.Name]
		if !ok || f.Arguments.ForName("roles") != nil {
			continue
		}
		endSel := f.Selections
		if t := f.Definition.Type.Name(); strings.HasSuffix(t, "Connection") {
			endSel = p.items(t, endSel)
		}
		if v.end != "" {
			endSel = p.field(v.object, f.Selections, v.end)
		}
		st := store.ReadStep{Query: store.RelationQuery{Types: v.types, Direction: v.dir}}
		for _, t := range v.ends {
			st.Next = mergePlans(st.Next, p.plan(t, endSel, depth+1))
		}
		plan = mergeStep(plan, st)
	}
	return plan
}

// field gathers the selections of the field name of objects of typeName.
func (p planner) field(typeName string, sel ast.SelectionSet, name string) ast.SelectionSet {
	var out ast.SelectionSet
	for _, f := range graphql.CollectFields(p.op, sel, []string{typeName}) {
		if f.Name == name {
			out = append(out, f.Selections...)
		}
	}
	return out
}

// items gathers what the nodes of a connection of the given type and its edges' node select.
func (p planner) items(connection string, sel ast.SelectionSet) ast.SelectionSet {
	out := p.field(connection, sel, "nodes")
	return append(out, p.field(strings.TrimSuffix(connection, "Connection")+"Edge", p.field(connection, sel, "edges"), "node")...)
}

// showings plans Practice.shownAt: the showing's event, what the event's own views read, and
// what the showing reads from the event and the events it is part of (views.go).
func (p planner) showings(sel ast.SelectionSet, depth int) store.ReadStep {
	st := store.ReadStep{Query: store.RelationQuery{Types: viewShownAt.types, Direction: viewShownAt.dir}}
	st.Next = p.plan("Event", p.field("Showing", sel, "event"), depth+1)
	wants := map[string]bool{}
	for _, f := range graphql.CollectFields(p.op, sel, []string{"Showing"}) {
		wants[f.Name] = true
	}
	var own store.ReadPlan
	if wants["places"] {
		own = append(own, store.ReadStep{Query: store.RelationQuery{Types: viewEventPlaces.types, Direction: viewEventPlaces.dir}})
	}
	if wants["organisers"] {
		own = append(own, store.ReadStep{Query: store.RelationQuery{Types: viewOrganisers.types, Direction: viewOrganisers.dir}})
	}
	if wants["hosts"] {
		st.Next = mergeStep(st.Next, store.ReadStep{Query: store.RelationQuery{Types: viewHosts.types, Direction: viewHosts.dir}})
	}
	for _, o := range own {
		st.Next = mergeStep(st.Next, o)
	}
	if wants["partOf"] || wants["start"] || wants["end"] || wants["places"] || wants["organisers"] {
		// The chain of events it is part of, each with what the showing may inherit from it.
		var chain store.ReadPlan
		for range showingChain {
			up := store.ReadStep{Query: store.RelationQuery{Types: viewPartOf.types, Direction: viewPartOf.dir}, Next: slices.Clone(own)}
			if chain != nil {
				up.Next = mergeStep(up.Next, chain[0])
			}
			chain = store.ReadPlan{up}
		}
		st.Next = mergeStep(st.Next, chain[0])
	}
	return st
}

// mergeStep adds st to plan, merging it with a step of the same query.
func mergeStep(plan store.ReadPlan, st store.ReadStep) store.ReadPlan {
	for i, have := range plan {
		if sameQuery(have.Query, st.Query) {
			plan[i].Next = mergePlans(have.Next, st.Next)
			return plan
		}
	}
	return append(plan, st)
}

func mergePlans(a, b store.ReadPlan) store.ReadPlan {
	for _, st := range b {
		a = mergeStep(a, st)
	}
	return a
}

func sameQuery(a, b store.RelationQuery) bool {
	return a.Direction == b.Direction && loaders.NewRelKey(ecosystem.NodeKey{}, "", a.Types...).Types == loaders.NewRelKey(ecosystem.NodeKey{}, "", b.Types...).Types
}

// prefetch reads, below the nodes a root field returned, the plan of the root field's
// selection sel (on nodes of the GraphQL type typeName), when the store is a Prefetcher, and
// hands the answers to the request's loaders. It queues the sources the nodes and relations
// cite and the voivodeships of organisations, so that those come in one fetch too, when a
// field asks. A failed prefetch is left to the loaders, which ask again and report the error.
func (r *Resolver) prefetch(ctx context.Context, typeName string, keys []ecosystem.NodeKey, sel ast.SelectionSet) bool {
	pf, ok := r.Store.(store.Prefetcher)
	if !ok || len(keys) == 0 {
		return false
	}
	plan := planner{op: graphql.GetOperationContext(ctx)}.plan(typeName, sel, 0)
	if len(plan) == 0 {
		return false
	}
	got, err := pf.Prefetch(ctx, keys, plan)
	if err != nil {
		return false
	}
	l := loaders.For(ctx)
	queue := func(cites []ecosystem.Citation) {
		for _, c := range cites {
			l.Node.LoadThunk(ctx, ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source})
		}
	}
	for _, n := range got.Nodes {
		l.Node.Prime(n.Key(), n)
	}
	for _, n := range got.Nodes {
		queue(n.Common().Sources)
		if o, ok := n.(*ecosystem.Organisation); ok && o.Voivodeship != "" {
			l.Node.LoadThunk(ctx, ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: o.Voivodeship})
		}
	}
	for _, pr := range got.Relations {
		l.Relations.Prime(loaders.NewRelKey(pr.Key, pr.Query.Direction, pr.Query.Types...), pr.Relations)
		for _, rel := range pr.Relations {
			queue(rel.Sources)
		}
	}
	return true
}

// rootSelection is the selection of the root field being resolved.
func rootSelection(ctx context.Context) ast.SelectionSet {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Field.Selections
	}
	return nil
}

// viewRelations are the relations of k that the view v reads.
func viewRelations(ctx context.Context, k ecosystem.NodeKey, v view) ([]*ecosystem.Relation, error) {
	return related(ctx, k, v.dir, v.types...)
}

// viewNodes are the other ends of the relations of k that the view v reads.
func viewNodes[T ecosystem.Node](ctx context.Context, k ecosystem.NodeKey, v view) ([]T, error) {
	return relatedNodes[T](ctx, k, v.dir, v.types...)
}

// An analysis (partners, hosts, paths, a neighbourhood, a timeline, a search) answers with the
// keys of the nodes it found. Its resolver queues them, and the sources its evidence cites, in
// the node loader before returning: they join one pending batch, which the first field that
// needs a node fetches whole, instead of one batch per nesting level. Queuing fetches nothing
// that no field asks for.

// queue adds keys to the node loader's pending batch without waiting for them.
func queue(ctx context.Context, keys ...ecosystem.NodeKey) {
	l := loaders.For(ctx)
	for _, k := range keys {
		l.Node.LoadThunk(ctx, k)
	}
}

// queueSources queues the sources that cites name.
func queueSources(ctx context.Context, cites []ecosystem.Citation) {
	for _, c := range cites {
		queue(ctx, ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source})
	}
}

// boundPartners fetches the partners and the nodes of their evidence in one batch and binds
// them to the partnerships (package bound); the sources the evidence cites are queued. A
// partnership whose partner or evidence node was deleted meanwhile is nil.
func boundPartners(ctx context.Context, ps []ecosystem.Partnership) ([]*bound.Partnership, error) {
	var keys []ecosystem.NodeKey
	for _, p := range ps {
		keys = append(keys, p.Partner)
		for _, e := range p.Evidence {
			keys = append(keys, e.Via)
			queueSources(ctx, e.Sources)
		}
	}
	nodes, err := loadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]*bound.Partnership, 0, len(ps))
	for i := range ps {
		p := &ps[i]
		partner, ok := nodes[0].(*ecosystem.Organisation)
		vias := nodes[1 : 1+len(p.Evidence)]
		nodes = nodes[1+len(p.Evidence):]
		if ok && !slices.Contains(vias, nil) {
			out = append(out, bound.NewPartnership(p, partner, vias))
		} else {
			out = append(out, nil)
		}
	}
	return out, nil
}

// prefetchHosts prefetches below the host organisations what the `organisation` field of the
// matches selects, and queues the practices and events of the reasons with their sources.
func (r *Resolver) prefetchHosts(ctx context.Context, ms []*ecosystem.HostMatch) {
	orgs := make([]ecosystem.NodeKey, len(ms))
	for i, m := range ms {
		orgs[i] = m.Organisation
	}
	sel := planner{op: graphql.GetOperationContext(ctx)}.field("HostMatch", itemSelection(ctx, "HostMatchConnection"), "organisation")
	if !r.prefetch(ctx, "Organisation", orgs, sel) {
		queue(ctx, orgs...)
	}
	for _, m := range ms {
		for _, reason := range m.Reasons {
			for _, k := range []*ecosystem.NodeKey{reason.Practice, reason.Event} {
				if k != nil {
					queue(ctx, *k)
				}
			}
			queueSources(ctx, reason.Sources)
		}
	}
}

func queuePaths(ctx context.Context, paths []ecosystem.Path) {
	for _, p := range paths {
		queue(ctx, p.Nodes...)
		for _, h := range p.Hops {
			queueSources(ctx, h.Relation.Sources)
		}
	}
}

// boundNeighbourhood fetches the nodes of an ego network in one batch and binds them to it, so
// that its nodes are marshalled inline (package bound); the sources the relations cite are
// queued.
func boundNeighbourhood(ctx context.Context, nb *ecosystem.Neighbourhood) (*bound.Neighbourhood, error) {
	keys := make([]ecosystem.NodeKey, 0, len(nb.Nodes)+1)
	keys = append(keys, nb.Center)
	for _, n := range nb.Nodes {
		keys = append(keys, n.Node)
	}
	for _, rel := range nb.Relations {
		queueSources(ctx, rel.Sources)
	}
	nodes, err := loadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	if slices.Contains(nodes, nil) {
		return nil, notFound("a node of the neighbourhood of %s was deleted while it was read; ask again", nb.Center)
	}
	out := &bound.Neighbourhood{Center: nodes[0], Nodes: make([]bound.NeighbourhoodNode, len(nb.Nodes)), Relations: nb.Relations, Truncated: nb.Truncated}
	for i, n := range nb.Nodes {
		out.Nodes[i] = bound.NeighbourhoodNode{Node: nodes[i+1], Distance: n.Distance}
	}
	return out, nil
}

func queueTimeline(ctx context.Context, entries []*ecosystem.TimelineEntry) {
	for _, e := range entries {
		queue(ctx, e.Event)
		if e.Via != nil {
			queue(ctx, *e.Via)
		}
		queueSources(ctx, e.Sources)
	}
}

// boundHits fetches the nodes of search hits in one batch and binds them to the hits; a hit
// whose node was deleted meanwhile is left out.
func boundHits(ctx context.Context, hits []ecosystem.SearchHit) ([]*bound.SearchHit, error) {
	keys := make([]ecosystem.NodeKey, len(hits))
	for i, h := range hits {
		keys[i] = h.Node
	}
	nodes, err := loadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]*bound.SearchHit, 0, len(hits))
	for i, h := range hits {
		if nodes[i] != nil {
			out = append(out, &bound.SearchHit{Node: nodes[i], Score: h.Score, Matched: h.Matched})
		}
	}
	return out, nil
}
