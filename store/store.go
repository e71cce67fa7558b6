// Package store defines the storage contract of the knowledge graph: the Store interface that
// every backend implements, its sentinel errors, and the query and change types. The interface
// is shaped by what the GraphQL API needs: batched reads for loaders, filtered listings, the
// analysis queries, and atomic change sets.
package store

import (
	"context"

	"github.com/wtz-graph/kg/ecosystem"
)

// Store is the storage contract. Every method takes the request context first; errors wrap one
// of the sentinels below with %w. Batch reads return slices aligned with their input, with nil
// where nothing exists. Orderings are part of the contract: backends return identical results.
type Store interface {
	// Nodes returns the nodes with the given keys, aligned with keys; nil where none exists. The
	// key of a node merged into another returns the survivor.
	Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error)
	// Relations returns, for each key, the relations of that node matching q, ordered by
	// relation type, then the global ID of the other end, then relation ID.
	Relations(ctx context.Context, keys []ecosystem.NodeKey, q RelationQuery) ([][]*ecosystem.Relation, error)
	// RelationsBatch answers several Relations calls at once, aligned with reqs: the loaders
	// gather every relation field of one nesting level into one call, which a networked store
	// answers in one round trip.
	RelationsBatch(ctx context.Context, reqs []RelationRequest) ([][][]*ecosystem.Relation, error)
	// RelationsByID returns relations aligned with ids; nil where none exists.
	RelationsByID(ctx context.Context, ids []string) ([]*ecosystem.Relation, error)

	// Organisations lists organisations matching f in the order o, one page at a time.
	Organisations(ctx context.Context, f OrganisationFilter, o OrganisationOrder, p Page) (*OrganisationPage, error)
	// Practices lists practices matching f, ordered by name then slug.
	Practices(ctx context.Context, f PracticeFilter) ([]*ecosystem.Practice, error)
	// Sources lists every source document, ordered by slug.
	Sources(ctx context.Context) ([]*ecosystem.Source, error)

	// Search ranks nodes whose names, aliases or (for places) English names match text, scored
	// by package polish; ties by sort name, then global id.
	Search(ctx context.Context, q SearchQuery) ([]ecosystem.SearchHit, error)
	// Partners derives the partners of an organisation with their evidence, ordered as
	// PartnerAccumulator.Result does.
	Partners(ctx context.Context, q PartnerQuery) ([]ecosystem.Partnership, error)
	// Hosts ranks organisations that could host a study visit on the given themes, scored with
	// ScoreHost and ordered with RankHosts.
	Hosts(ctx context.Context, q HostQuery) ([]ecosystem.HostMatch, error)
	// Paths returns every shortest path between two nodes (relation direction ignored) up to the
	// limit, ordered hop by hop by the next node's global id, then the relation id. No path is
	// an empty result, not an error.
	Paths(ctx context.Context, q PathQuery) ([]ecosystem.Path, error)
	// Neighbourhood returns the ego network of a node: nodes by distance, then global id, whole
	// nearer layers kept before the lowest ids of the layer the limit cuts; relations among the
	// kept nodes by from-end global id, type, to-end global id.
	Neighbourhood(ctx context.Context, q NeighbourhoodQuery) (*ecosystem.Neighbourhood, error)
	// Timeline returns the events a node took part in, in date order.
	Timeline(ctx context.Context, q TimelineQuery) ([]ecosystem.TimelineEntry, error)
	// Stats summarises the graph: node counts for every type in declared order (zeros
	// included), buckets by count then key, the most connected organisations by degree, then
	// sort name, then global id.
	Stats(ctx context.Context, q StatsQuery) (*ecosystem.Stats, error)

	// Apply validates and applies a change set atomically: all of it or none of it.
	Apply(ctx context.Context, cs ChangeSet) (ApplyResult, error)
	// Ping reports whether the store can serve requests.
	Ping(ctx context.Context) error
	// Close releases the store's resources.
	Close(ctx context.Context) error
}

// RelationQuery selects relations of a node.
type RelationQuery struct {
	// Types restricts the relation types; empty means all.
	Types []ecosystem.RelationType
	// Direction is OUT (the node is From), IN (the node is To) or BOTH; empty means BOTH.
	Direction ecosystem.Direction
}

// EndsReader is implemented by the stores for which every call is a round trip (Neo4j). It
// answers a RelationsBatch and, in the same call, the nodes at the other ends of the relations
// it returns, for every key with at most MaxFetchedEnds of them: the loaders then hold those
// nodes for the rest of the request, so that a typed view (a seat, a project's participants)
// costs one round trip per level instead of two. The relations are those RelationsBatch gives.
type EndsReader interface {
	RelationsBatchWithEnds(ctx context.Context, reqs []RelationRequest) ([][][]*ecosystem.Relation, []ecosystem.Node, error)
}

// MaxFetchedEnds bounds, per key, the relations whose other ends an EndsReader returns: a hub's
// thousands of relations are paged by the views that read them, and their ends are not all
// wanted.
const MaxFetchedEnds = 100

// A ReadPlan is what the fields of one query will read below a set of nodes, as a tree: each
// step asks for some relations of the nodes (as Relations would) with the nodes at their other
// ends, and its Next steps ask the same of those ends in turn. A Prefetcher reads a whole plan
// in one call; the loaders then hold the answers for the rest of the request, so that the
// resolvers of the fields find them instead of asking the store level by level.
type ReadPlan []ReadStep

// ReadStep is one step of a ReadPlan.
type ReadStep struct {
	Query RelationQuery
	Next  ReadPlan
}

// Prefetched is what a Prefetcher read: the nodes (the plan's starting nodes among them) and,
// for every node and step whose relations number at most MaxFetchedEnds, those relations in
// the order Relations gives them. A node with more relations for a step is left out of that
// step, and so are the steps below it: the loaders ask for those themselves.
type Prefetched struct {
	Nodes     []ecosystem.Node
	Relations []PrefetchedRelations
}

// PrefetchedRelations are the relations of one node that one query asks for.
type PrefetchedRelations struct {
	Key       ecosystem.NodeKey
	Query     RelationQuery
	Relations []*ecosystem.Relation
}

// Prefetcher is implemented by the stores for which every call is a round trip (Neo4j): it
// reads a ReadPlan below the given nodes in one call. Keys with no node are left out.
type Prefetcher interface {
	Prefetch(ctx context.Context, keys []ecosystem.NodeKey, plan ReadPlan) (*Prefetched, error)
}

// RelationRequest is one Relations call within a RelationsBatch.
type RelationRequest struct {
	Keys  []ecosystem.NodeKey
	Query RelationQuery
}

// OrganisationFilter selects organisations. Empty fields do not filter.
type OrganisationFilter struct {
	Kinds []ecosystem.OrganisationKind
	// Voivodeship is the slug of a voivodeship Place; it matches the organisation's derived
	// voivodeship (ecosystem.Organisation.Voivodeship: the one containing its seat through WITHIN
	// relations, else one containing a served area).
	Voivodeship string
	// Within is a place; an organisation matches when its seat or a served area is that place or
	// lies within it (WITHIN relations, transitively).
	Within *ecosystem.NodeKey
	// Country is an ISO 3166-1 alpha-2 code.
	Country string
	// Themes match organisations with evidence on any of them: the evidence Hosts ranks on.
	Themes []ecosystem.Theme
	// Name must match the name or an alias, every query term (see package polish).
	Name string
	// Identifier, "SCHEME:VALUE" in normal form (ecosystem.Identifier.Key), matches the one
	// organisation that holds it.
	Identifier string
	// Near is a point the listing measures seats from (the seat: the first LOCATED_IN place
	// with a point, by id); with RadiusKm > 0 only organisations whose seat lies within it pass.
	Near     *ecosystem.GeoPoint
	RadiusKm float64
}

// OrderField is what organisations are ordered by.
type OrderField string

// Order fields.
const (
	OrderByName   OrderField = "NAME"
	OrderByKind   OrderField = "KIND"
	OrderByDegree OrderField = "DEGREE"
	// OrderByDistance orders by the distance of the seat from OrganisationFilter.Near.
	OrderByDistance OrderField = "DISTANCE"
)

// OrganisationOrder orders a listing. Ties are broken by sort name, then slug.
type OrganisationOrder struct {
	Field OrderField
	Desc  bool
}

// Page asks for First items after the cursor After ("" for the start).
type Page struct {
	First int
	After string
}

// OrganisationPage is one page of a listing.
type OrganisationPage struct {
	Items []*ecosystem.Organisation
	// Cursors are aligned with Items.
	Cursors     []string
	TotalCount  int
	HasNextPage bool
	// HasPreviousPage is true when the page does not start at the beginning.
	HasPreviousPage bool
	// Distances are aligned with Items when the filter has Near: kilometres to the seat, nil
	// when it has no point.
	Distances []*float64
}

// PracticeFilter selects practices. Empty fields do not filter.
type PracticeFilter struct {
	// Themes match practices tagged with any of them.
	Themes []ecosystem.Theme
	// Organisation matches practices it practises, developed or recognised.
	Organisation *ecosystem.NodeKey
	// Event matches practices the event, or any event PART_OF it transitively, showcased.
	Event *ecosystem.NodeKey
	// Text must match the practice's name or aliases.
	Text string
	// Limit bounds the number returned (the first by name); 0 returns all.
	Limit int
}

// SearchQuery is a full-text search.
type SearchQuery struct {
	Text  string
	Types []ecosystem.NodeType
	Limit int
}

// PartnerQuery asks for the partners of an organisation.
type PartnerQuery struct {
	Of    ecosystem.NodeKey
	Kinds []ecosystem.PartnershipKind
	Limit int
}

// HostQuery is the visit planner's question.
type HostQuery struct {
	// Themes the visit is about; empty means any evidence: a practice practised or developed, a
	// visit hosted, an event featured at.
	Themes []ecosystem.Theme
	// Near ranks by distance from this point; with RadiusKm > 0 it also filters.
	Near     *ecosystem.GeoPoint
	RadiusKm float64
	// Within restricts to organisations seated in (or serving) this place.
	Within *ecosystem.NodeKey
	Kinds  []ecosystem.OrganisationKind
	Limit  int
}

// PathQuery asks for shortest paths between two nodes.
type PathQuery struct {
	From    ecosystem.NodeKey
	To      ecosystem.NodeKey
	MaxHops int
	Types   []ecosystem.RelationType
	Limit   int
}

// NeighbourhoodQuery asks for the ego network of Center.
type NeighbourhoodQuery struct {
	Center ecosystem.NodeKey
	Depth  int
	Types  []ecosystem.RelationType
	// Limit bounds the number of nodes, centre included.
	Limit int
}

// TimelineQuery asks for the events of a node between two dates (inclusive, either optional).
type TimelineQuery struct {
	Node ecosystem.NodeKey
	From *ecosystem.PartialDate
	To   *ecosystem.PartialDate
}

// StatsQuery sets how many of the most connected organisations to return.
type StatsQuery struct {
	Top int
}

// ChangeSet is a batch of writes applied atomically. Deletions run first, then merges, then
// puts. Putting a node replaces it whole; putting a relation replaces the relation with the same
// ID (the ID is always ecosystem.RelationID of its type and ends). Deleting a node deletes its
// relations.
type ChangeSet struct {
	PutNodes        []ecosystem.Node
	PutRelations    []*ecosystem.Relation
	DeleteNodes     []ecosystem.NodeKey
	DeleteRelations []string
	// Merges fold duplicate entities into survivors (see Merge).
	Merges []Merge
	// JoinRelations are relations whose citations join those of the relation with the same ID
	// when it exists (its other properties are replaced where given), or which are created.
	// Joining happens inside Apply, so concurrent writers do not lose each other's citations.
	JoinRelations []*ecosystem.Relation
	// Expect states what must hold when the change set applies, checked in the same
	// transaction: a node that must exist (an update: else ErrNotFound) or must not (a create:
	// else ErrConflict). A merged id does not exist as itself.
	Expect []Expectation
}

// Expectation is a precondition of a change set.
type Expectation struct {
	Key    ecosystem.NodeKey
	Exists bool
}

// Merge folds the node Merged into Survivor, of the same type: Merged's relations move to the
// survivor (a relation the survivor already has gains the citations; one between the two is
// dropped), its name and aliases become aliases of the survivor, its citations are added, it is
// deleted, and its id keeps resolving to the survivor (Nodes returns the survivor for it).
type Merge struct {
	Survivor ecosystem.NodeKey
	Merged   ecosystem.NodeKey
}

// IsEmpty reports whether the change set does nothing.
func (cs ChangeSet) IsEmpty() bool {
	return len(cs.PutNodes)+len(cs.PutRelations)+len(cs.DeleteNodes)+len(cs.DeleteRelations)+len(cs.Merges)+len(cs.JoinRelations) == 0
}

// ApplyResult counts what a change set did. A merge counts its merged node as deleted and the
// relations it moved as deleted and created (or updated, where the survivor had them).
type ApplyResult struct {
	NodesCreated     int
	NodesUpdated     int
	NodesDeleted     int
	RelationsCreated int
	RelationsUpdated int
	RelationsDeleted int
	NodesMerged      int
}
