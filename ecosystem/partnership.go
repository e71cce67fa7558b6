package ecosystem

// PartnershipJoin says how a rule's evidence joins two organisations.
type PartnershipJoin int

const (
	// JoinShared: both organisations relate to the same node (a project, an event, an
	// organisation they founded). The evidence goes through that node.
	JoinShared PartnershipJoin = iota
	// JoinSessions: the partner relates to the node or to an event that is part of it,
	// transitively (a host of a session of the visit the organisation organised). The evidence
	// goes through the partner's event.
	JoinSessions
	// JoinParents: the partner relates to the node or to an event it is part of, transitively
	// (an organiser of the visit whose session the organisation hosted). The evidence goes
	// through the organisation's own event.
	JoinParents
	// JoinDirect: a relation from one organisation to the other, either way. The evidence goes
	// through the partner.
	JoinDirect
)

// PartnershipRule is one way two organisations come to be partners: the organisation's
// relation (Mine) to a node, and the partner's (Theirs) to that node or one joined to it.
type PartnershipRule struct {
	Kind   PartnershipKind
	Mine   []RelationType
	Theirs []RelationType
	Join   PartnershipJoin
	// Via is the type of the node the evidence goes through, where the rule fixes it.
	Via NodeType
}

var (
	projectRoles   = []RelationType{RelLeads, RelPartnerIn}
	organiserRoles = []RelationType{RelOrganised, RelProvidedVenue}
	cooperation    = []RelationType{RelCooperatesWith, RelCommissions}
)

// PartnershipRules are the partnership rules, the one statement of them: the embedded store
// interprets the table, the Neo4j store writes one Cypher branch per rule from it, and the
// benchmark's hand-written baseline uses the same branches.
var PartnershipRules = []PartnershipRule{
	{Kind: PartnershipSharedProject, Mine: projectRoles, Theirs: projectRoles, Join: JoinShared},
	{Kind: PartnershipCoOrganisedEvent, Mine: organiserRoles, Theirs: organiserRoles, Join: JoinShared, Via: NodeEvent},
	{Kind: PartnershipOrganiserAndHost, Mine: organiserRoles, Theirs: []RelationType{RelHosted}, Join: JoinSessions, Via: NodeEvent},
	{Kind: PartnershipCoHostedEvent, Mine: []RelationType{RelHosted}, Theirs: []RelationType{RelHosted}, Join: JoinShared, Via: NodeEvent},
	{Kind: PartnershipOrganiserAndHost, Mine: []RelationType{RelHosted}, Theirs: organiserRoles, Join: JoinParents, Via: NodeEvent},
	{Kind: PartnershipCoFounded, Mine: []RelationType{RelFounded}, Theirs: []RelationType{RelFounded}, Join: JoinShared, Via: NodeOrganisation},
	{Kind: PartnershipCooperation, Mine: cooperation, Theirs: cooperation, Join: JoinDirect, Via: NodeOrganisation},
}
