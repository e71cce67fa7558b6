// The benchmark's peer: what a team would otherwise pick to put GraphQL over the same Neo4j
// graph — the Neo4j GraphQL Library (@neo4j/graphql) served by GraphQL Yoga on Node.js. It
// reads the data our server's Neo4j backend writes: every node has the label Entity and its
// type's label, with the properties gid, slug, name, sortName, kind, themes, start and end;
// relationships are typed, with their citations as a JSON string in `sources`.
//
// Read-only (no mutations), no GraphiQL, no logging of requests. Environment: NEO4J_URI
// (bolt://127.0.0.1:7687), NEO4J_USER and NEO4J_PASSWORD (omit for a server without
// authentication), HOST (127.0.0.1) and PORT (4000). The endpoint is /graphql.
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Organisation @node(labels: ["Organisation", "Entity"]) @mutation(operations: []) {
    gid: ID!
    slug: String!
    name: String!
    sortName: String!
    kind: String!
    country: String
    seat: [Place!]! @relationship(type: "LOCATED_IN", direction: OUT)
    serviceAreas: [Place!]! @relationship(type: "SERVES_AREA", direction: OUT)
    people: [Person!]! @relationship(type: "HOLDS_POSITION", direction: IN, properties: "Position")
    leads: [Project!]! @relationship(type: "LEADS", direction: OUT, properties: "Cited")
    partnerIn: [Project!]! @relationship(type: "PARTNER_IN", direction: OUT, properties: "Cited")
    participatedIn: [Project!]! @relationship(type: "PARTICIPATED_IN", direction: OUT, properties: "Cited")
    practises: [Practice!]! @relationship(type: "PRACTISES", direction: OUT, properties: "Cited")
    hosted: [Event!]! @relationship(type: "HOSTED", direction: OUT, properties: "Cited")
  }

  type Position @relationshipProperties {
    title: String
    sources: String
  }

  type Cited @relationshipProperties {
    sources: String
  }

  type Person @node(labels: ["Person", "Entity"]) @mutation(operations: []) {
    gid: ID!
    slug: String!
    name: String!
    positions: [Organisation!]! @relationship(type: "HOLDS_POSITION", direction: OUT, properties: "Position")
  }

  type Project @node(labels: ["Project", "Entity"]) @mutation(operations: []) {
    gid: ID!
    slug: String!
    name: String!
    leadBy: [Organisation!]! @relationship(type: "LEADS", direction: IN, properties: "Cited")
    partners: [Organisation!]! @relationship(type: "PARTNER_IN", direction: IN, properties: "Cited")
    participants: [Organisation!]! @relationship(type: "PARTICIPATED_IN", direction: IN, properties: "Cited")
  }

  type Event @node(labels: ["Event", "Entity"]) @mutation(operations: []) {
    gid: ID!
    slug: String!
    name: String!
    kind: String!
    start: String
    end: String
    themes: [String!]
    heldIn: [Place!]! @relationship(type: "HELD_IN", direction: OUT, properties: "Cited")
    hosts: [Organisation!]! @relationship(type: "HOSTED", direction: IN, properties: "Cited")
    partOf: [Event!]! @relationship(type: "PART_OF", direction: OUT, properties: "Cited")
    showcased: [Practice!]! @relationship(type: "SHOWCASED", direction: OUT, properties: "Cited")
  }

  type Practice @node(labels: ["Practice", "Entity"]) @mutation(operations: []) {
    gid: ID!
    slug: String!
    name: String!
    sortName: String!
    themes: [String!]
    shownAt: [Event!]! @relationship(type: "SHOWCASED", direction: IN, properties: "Cited")
  }

  type Place @node(labels: ["Place", "Entity"]) @mutation(operations: []) {
    gid: ID!
    slug: String!
    name: String!
    kind: String!
    within: [Place!]! @relationship(type: "WITHIN", direction: OUT, properties: "Cited")
  }
`;

const uri = process.env.NEO4J_URI || "bolt://127.0.0.1:7687";
const auth = process.env.NEO4J_USER ? neo4j.auth.basic(process.env.NEO4J_USER, process.env.NEO4J_PASSWORD || "") : undefined;
const driver = neo4j.driver(uri, auth, { maxConnectionPoolSize: 100, disableLosslessIntegers: true });

const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({ schema, graphiql: false, logging: false, landingPage: false, maskedErrors: true });

const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 4000);
const server = createServer(yoga);
server.keepAliveTimeout = 120_000;
server.listen(port, host, () => {
  console.log(`peer: Neo4j GraphQL Library on http://${host}:${port}/graphql over ${uri}`);
});

async function shutdown() {
  server.close();
  await driver.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
