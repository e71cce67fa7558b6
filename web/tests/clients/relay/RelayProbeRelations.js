// A paginated Relay operation for clients.test.mjs: @connection on a list inside an entity
// (an organisation's relations), which relay-runtime's connection handler keeps on the
// organisation's record and merges page after page.
import { graphql } from 'relay-runtime';

export const query = graphql`
  query RelayProbeRelationsQuery($id: ID!, $first: Int!, $after: String) {
    organisation(id: $id) {
      id
      relations(first: $first, after: $after) @connection(key: "RelayProbe_relations") {
        totalCount
        edges {
          direction
          relation {
            id
          }
          node {
            id
            name
          }
        }
      }
    }
  }
`;
