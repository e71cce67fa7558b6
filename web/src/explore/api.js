// A small client for the public GraphQL API. Errors carry the API's extensions.code so that
// the UI can say what went wrong in the API's own words.

export class APIError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

/**
 * gql posts a document with variables to /graphql and returns its data or throws APIError;
 * token, when given, is sent as the bearer token editors' operations need.
 */
export async function gql(query, variables = {}, token = '') {
  let response;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new APIError('The server could not be reached.', 'NETWORK');
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new APIError(`The server answered ${response.status} without a GraphQL response.`, 'HTTP');
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new APIError(e.message, e.extensions?.code ?? 'ERROR');
  }
  return body.data;
}

const citation = `sources { locator note inferred source { id name url publisherName published } }`;

const relation = `id type fromId toId title topic count since until ${citation}`;

const entity = `id name type`;

export const SEARCH = `query Search($text: String!, $types: [NodeType!], $first: Int) {
  search(text: $text, types: $types, first: $first) { nodes {
    score matched
    node { ${entity} ... on Place { point { lat lon } } }
  } }
}`;

export const NEIGHBOURHOOD = `query Neighbourhood($id: ID!, $depth: Int, $limit: Int, $relationTypes: [RelationType!]) {
  neighbourhood(id: $id, depth: $depth, limit: $limit, relationTypes: $relationTypes) {
    center { ${entity} }
    truncated
    nodes { distance node { ${entity} } }
    relations { ${relation} }
  }
}`;

export const NODE = `query Node($id: ID!) {
  node(id: $id) {
    ... on Entity {
      ${entity} description aliases ${citation}
    }
    ... on Organisation { kind country website seat { name } voivodeship { name } }
    ... on Event { eventKind: kind start end places { name } }
    ... on Place { placeKind: kind point { lat lon } }
    ... on Practice { themes }
    ... on Source { url publisherName published }
  }
}`;

export const PATH = `query Path($from: ID!, $to: ID!, $maxHops: Int, $first: Int, $relationTypes: [RelationType!]) {
  path(from: $from, to: $to, maxHops: $maxHops, first: $first, relationTypes: $relationTypes) { nodes {
    length
    nodes { ${entity} }
    hops { direction from { ${entity} } to { ${entity} } relation { ${relation} } }
  } }
}`;

export const HOSTS = `query Hosts($themes: [Theme!], $near: NearInput, $region: String, $first: Int) {
  hosts(themes: $themes, near: $near, region: $region, first: $first) { nodes {
    organisation {
      id name kind website phones { value } emails { value }
      seat { id name point { lat lon } } voivodeship { id name }
    }
    score distanceKm themes
    scoreParts { kind count weight points }
    reasons { kind themes practice { id name } event { id name start } ${citation} }
  } }
}`;

export const MOST_CONNECTED = `query MostConnected {
  stats(top: 8) { mostConnected { degree organisation { id name type } } }
}`;

export const RELATION_TYPES = `query RelationTypes { types: __type(name: "RelationType") { enumValues { name } } }`;

export const ENTITIES = `query Entities($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Entity { id name type } }
}`;

export const PLACE_SUGGESTIONS = `query PlaceSuggestions($text: String!, $first: Int) {
  placeSuggestions(text: $text, first: $first) { name label kind voivodeship point { lat lon } }
}`;

// The organisation kinds' names in words, from the schema (one introspection field per
// operation is the server's limit, so apart from PLANNER_SETUP).
export const KINDS = `query Kinds { kinds: __type(name: "OrganisationKind") { enumValues { name description } } }`;

export const PLANNER_SETUP = `query PlannerSetup {
  themes: __type(name: "Theme") { enumValues { name description } }
  poland: place(id: "Place:pl") { children { id slug name kind point { lat lon } } }
}`;

const proposalFields = `source status created document
  check { valid dryRun problems { path field message } result { nodesCreated nodesUpdated relationsCreated relationsUpdated }
    changes { entity relation field old new } }
  paragraphs { locator text }
  mentions { type name kind text paragraph start end decision id guessed candidates { id name score } repeats { paragraph start end } }
  relations { type from to paragraph note }`;

export const PROPOSE = `mutation Propose($text: String!, $source: ArticleSourceInput) {
  proposeFromText(text: $text, source: $source) { ${proposalFields} }
}`;

export const PROPOSALS = `query Proposals { proposals { source status created paragraphs { text } } }`;

export const PROPOSAL = `query Proposal($id: ID!) { proposal(id: $id) { ${proposalFields} } }`;

export const ACCEPT = `mutation Accept($id: ID!, $decisions: [MentionDecision!]) {
  acceptProposal(id: $id, decisions: $decisions) {
    proposal { source status }
    import { valid problems { path field message } result { nodesCreated nodesUpdated relationsCreated relationsUpdated } }
  }
}`;

export const REJECT = `mutation Reject($id: ID!) { rejectProposal(id: $id) }`;

export const ROLLBACK = `mutation Rollback($id: ID!, $dryRun: Boolean) {
  rollbackProposal(id: $id, dryRun: $dryRun) { proposal { status } dryRun nodesDeleted nodesUpdated relationsDeleted relationsUpdated }
}`;
