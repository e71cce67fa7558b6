// A paginated Relay operation for clients.test.mjs: @connection on a root connection, which
// relay-compiler accepts only when the field has Relay's shape (first/after, edges with cursor
// and node, pageInfo), and which relay-runtime's connection handler merges page after page.
import { graphql } from 'relay-runtime';

export const query = graphql`
  query RelayProbePartnersQuery($of: ID!, $first: Int!, $after: String) {
    partners(of: $of, first: $first, after: $after) @connection(key: "RelayProbe_partners") {
      totalCount
      edges {
        node {
          strength
          partner {
            id
            name
          }
        }
      }
    }
  }
`;
