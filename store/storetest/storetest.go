// Package storetest is the conformance suite of the store.Store contract. Every backend's test
// hands Run a constructor of empty stores, and the suite checks, through the interface only, that
// the backend answers as the contract says: batch alignment, copies, orderings, pagination,
// validation and atomicity of change sets, search normalisation and every analysis query. Any
// observable difference between backends is a bug that this suite should catch.
//
// Fixtures are written with Store.Apply, never by reaching into a backend, so that the same
// tests run against the embedded store and against Neo4j.
package storetest

import (
	"testing"

	"github.com/wtz-graph/kg/store"
)

// Run runs the conformance suite. newStore must return an empty store; it is called once per
// subtest, so that every subtest starts from a clean graph. newStore should release the store
// with t.Cleanup; the suite itself closes only the store of the test of Close, so closing twice
// must be harmless.
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"Nodes/BatchAlignment", testNodesBatchAlignment},
		{"Nodes/RoundTrip", testNodesRoundTrip},
		{"Nodes/ReturnsCopies", testNodesReturnsCopies},
		{"Nodes/Voivodeship", testNodesVoivodeship},
		{"Nodes/VoivodeshipDerivedOnRead", testNodesVoivodeshipDerivedOnRead},
		{"Nodes/VoivodeshipFollowsChanges", testVoivodeshipFollowsChanges},
		{"Organisations/SeatFollowsChanges", testSeatFollowsChanges},
		{"Stats/FollowChanges", testStatsFollowChanges},
		{"Differential/PartnersAndDates", testDifferential},
		{"Differential/PathsAndNeighbourhoods", testDifferentialWalks},
		{"Differential/Hosts", testDifferentialHosts},
		{"RelationsByID", testRelationsByID},
		{"Relations/Filters", testRelationsFilters},
		{"Relations/Order", testRelationsOrder},
		{"Relations/ReturnsCopies", testRelationsReturnsCopies},
		{"Relations/Batch", testRelationsBatch},
		{"Relations/WithEnds", testRelationsWithEnds},
		{"Relations/Prefetch", testPrefetch},

		{"Apply/Counts", testApplyCounts},
		{"Apply/PutReplacesWhole", testApplyPutReplacesWhole},
		{"Apply/InputNotRetained", testApplyInputNotRetained},
		{"Apply/Atomic", testApplyAtomic},
		{"Apply/Problems", testApplyProblems},
		{"Apply/ReportsEveryProblem", testApplyReportsEveryProblem},
		{"Apply/DeleteNodeDeletesRelations", testApplyDeleteNodeDeletesRelations},
		{"Apply/DeleteTwice", testApplyDeleteTwice},
		{"Apply/DeleteMissing", testApplyDeleteMissing},
		{"Apply/DeleteCitedSource", testApplyDeleteCitedSource},
		{"Apply/DeletionsRunFirst", testApplyDeletionsRunFirst},
		{"Apply/Empty", testApplyEmpty},
		{"Merge", testMerge},
		{"Merge/Invalid", testMergeInvalid},
		{"Merge/Edges", testMergeEdges},
		{"Apply/Expectations", testExpectations},
		{"Apply/JoinRelations", testJoinRelations},
		{"Apply/NameClashes", testNameClashes},
		{"Apply/Identifiers", testIdentifiers},

		{"Organisations/Filter", testOrganisationsFilter},
		{"Organisations/Order", testOrganisationsOrder},
		{"Organisations/Pages", testOrganisationsPages},
		{"Organisations/PageBoundaries", testOrganisationsPageBoundaries},
		{"Organisations/CursorOfDeletedItem", testOrganisationsCursorOfDeletedItem},
		{"Organisations/InvalidRequests", testOrganisationsInvalidRequests},
		{"Organisations/Near", testOrganisationsNear},
		{"Practices", testPractices},
		{"Sources", testSources},

		{"Search/Finds", testSearchFinds},
		{"Search/Ranking", testSearchRanking},
		{"Search/TypesAndLimit", testSearchTypesAndLimit},
		{"Search/EmptyQuery", testSearchEmptyQuery},
		{"Differential/Search", testDifferentialSearch},

		{"Partners/Kinds", testPartnersKinds},
		{"Partners/OrganiserAndHostFromHost", testPartnersOrganiserAndHostFromHost},
		{"Partners/FilterAndLimit", testPartnersFilterAndLimit},
		{"Partners/Errors", testPartnersErrors},

		{"Hosts/Themes", testHostsThemes},
		{"Hosts/Near", testHostsNear},
		{"Hosts/Restrictions", testHostsRestrictions},
		{"Hosts/ThemesFollowChanges", testHostThemesFollowChanges},
		{"Hosts/Errors", testHostsErrors},

		{"Paths/Cases", testPathsCases},
		{"Paths/MatchesBruteForce", testPathsMatchBruteForce},
		{"Paths/Errors", testPathsErrors},

		{"Neighbourhood/Cases", testNeighbourhoodCases},
		{"Neighbourhood/Errors", testNeighbourhoodErrors},

		{"Timeline/Entries", testTimelineEntries},
		{"Timeline/DateFilter", testTimelineDateFilter},

		{"Stats", testStats},

		{"Seed/ApplyIsIdempotent", testSeedApplyIsIdempotent},
		{"Seed/Facts", testSeedFacts},

		{"Ping", testPing},
		{"Close", testClose},
		{"Concurrency", testConcurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}
