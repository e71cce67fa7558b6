// A Relay operation for clients.test.mjs: relay-compiler compiles it against the printed
// schema and persists it (MD5 ids) into the manifest the server's allow-list reads.
import { graphql } from 'relay-runtime';

export const query = graphql`
  query RelayProbeQuery($text: String!) {
    search(text: $text, first: 3) { nodes {
      score
      node {
        id
        name
      }
    } }
  }
`;
