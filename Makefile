# Make targets for the knowledge-graph server. `make help` lists them.
SHELL := bash
.DEFAULT_GOAL := help

GO      ?= go
ADDR    ?= 127.0.0.1:8080
GOFLAGS ?=

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: run
run: ## Serve the seeded graph on the embedded store: GraphiQL at http://localhost:8080/.
	$(GO) run ./server -addr $(ADDR)

.PHONY: audit-deps
audit-deps: ## Install the GraphQL-over-HTTP audit (npm graphql-http, locked) when npm is present.
	@if command -v npm >/dev/null; then npm ci --prefix conformance --no-audit --no-fund --silent; \
	  else echo "npm not found: the GraphQL-over-HTTP audit test will skip"; fi

.PHONY: test
test: audit-deps ## Run every test; starts a throwaway Neo4j for the Neo4j tests when a JDK and Maven are present.
	./neo4j/with-neo4j.sh $(GO) test -count=1 -p 1 ./...

.PHONY: test-memory
test-memory: ## Run the tests without Neo4j (its tests skip).
	$(GO) test -count=1 ./...

.PHONY: test-race
test-race: ## Run every test with the race detector.
	$(GO) test -count=1 -race ./...

.PHONY: generate
generate: ## Regenerate the GraphQL executor and models from graph/schema.
	$(GO) tool gqlgen generate

.PHONY: golden
golden: ## Rewrite the golden files (printed schema, example responses) after a reviewed change.
	$(GO) test ./graph ./server -run 'Golden' -update

.PHONY: lint
lint: ## gofmt and go vet.
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^graph/generated/')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

.PHONY: verify
verify: generate lint ## Regenerate and fail if generated code differs from what is committed; lint.
	@git diff --exit-code -- graph/generated graph/*.resolvers.go || \
	  (echo "generated code is out of date: run make generate and commit"; exit 1)

.PHONY: ci
ci: verify test ## What CI runs.

.PHONY: neo4j-start
neo4j-start: ## Start a local Neo4j 5.26 from Maven Central (neo4j/run; auth on, password in neo4j/run/password).
	./neo4j/neo4j.sh start

.PHONY: neo4j-stop
neo4j-stop: ## Stop the local Neo4j.
	./neo4j/neo4j.sh stop

.PHONY: run-neo4j
run-neo4j: neo4j-start ## Serve the seeded graph from the local Neo4j (GraphiQL at http://localhost:8080/).
	STORE=neo4j SEED=true NEO4J_PASSWORD="$${NEO4J_PASSWORD:-$$(cat $${NEO4J_DIR:-neo4j/run}/password 2>/dev/null)}" \
	  $(GO) run ./server -addr $(ADDR)

.PHONY: build
build: ## Build the server binary into bin/.
	$(GO) build -o bin/server ./server
