package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph"
	"github.com/wtz-graph/kg/graph/generated"
)

// The W3C Reconciliation API (version 0.2, as OpenRefine speaks it) at /reconcile, so that a
// spreadsheet of institutions can be reconciled against the graph: GET without queries is the
// service manifest; GET or POST with `queries` (a JSON object of named queries, as a form field
// or URL parameter) answers each with candidates scored by match.Match. A query's properties
// may give `place` (a town, gmina, powiat or voivodeship), `terc`, `kind` and `identifier`
// (SCHEME:VALUE).

// maxReconcileQueries bounds one batch (OpenRefine sends 10 by default).
const maxReconcileQueries = 50

type reconcileQuery struct {
	Query      string `json:"query"`
	Type       string `json:"type"`
	Limit      int    `json:"limit"`
	Properties []struct {
		PID string          `json:"pid"`
		V   json.RawMessage `json:"v"`
	} `json:"properties"`
}

type reconcileCandidate struct {
	ID       string             `json:"id"`
	Name     string             `json:"name"`
	Type     []reconcileType    `json:"type"`
	Score    float64            `json:"score"`
	Match    bool               `json:"match"`
	Features []reconcileFeature `json:"features"`
	// Description tells homonyms apart: kind and seat.
	Description string `json:"description,omitempty"`
}

type reconcileType struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type reconcileFeature struct {
	ID    string  `json:"id"`
	Value float64 `json:"value"`
}

// reconcileHandler serves /reconcile.
func reconcileHandler(r *graph.Resolver) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			writeJSON(w, http.StatusMethodNotAllowed, apiError("METHOD_NOT_ALLOWED", "the reconciliation service takes GET or POST"))
			return
		}
		if err := req.ParseForm(); err != nil {
			writeJSON(w, http.StatusBadRequest, apiError("BAD_REQUEST", "the request is not a form or query string"))
			return
		}
		raw := req.Form.Get("queries")
		if raw == "" {
			writeJSON(w, http.StatusOK, manifest(req))
			return
		}
		var queries map[string]reconcileQuery
		if err := json.Unmarshal([]byte(raw), &queries); err != nil {
			writeJSON(w, http.StatusBadRequest, apiError("BAD_REQUEST", "queries must be a JSON object of named queries, each with a query string"))
			return
		}
		if len(queries) > maxReconcileQueries {
			writeJSON(w, http.StatusBadRequest, apiError("BAD_REQUEST", fmt.Sprintf("at most %d queries in one request", maxReconcileQueries)))
			return
		}
		out := make(map[string]map[string][]reconcileCandidate, len(queries))
		for key, q := range queries {
			if q.Type != "" && q.Type != "Organisation" {
				out[key] = map[string][]reconcileCandidate{"result": {}}
				continue
			}
			in, err := reconcileInput(q)
			if err != nil {
				writeJSON(w, http.StatusBadRequest, apiError("BAD_USER_INPUT", fmt.Sprintf("query %s: %v", clipKey(key), err)))
				return
			}
			limit := min(max(q.Limit, 1), graph.MaxMatchCandidates)
			if q.Limit == 0 {
				limit = 5
			}
			res, err := r.MatchOrganisations(req.Context(), in, &limit)
			if err != nil {
				code, msg := reconcileError(err)
				writeJSON(w, http.StatusBadRequest, apiError(code, fmt.Sprintf("query %s: %s", clipKey(key), msg)))
				return
			}
			cands := make([]reconcileCandidate, 0, len(res.Candidates))
			for _, c := range res.Candidates {
				rc := reconcileCandidate{ID: c.Organisation.Key().GlobalID(), Name: c.Organisation.Name,
					Type: []reconcileType{{ID: "Organisation", Name: "Organisation"}}, Score: c.Score * 100, Match: c.Confident,
					Description: string(c.Organisation.Kind)}
				if c.Seat != nil {
					rc.Description += ", " + c.Seat.Name
				}
				for _, f := range c.Features {
					rc.Features = append(rc.Features, reconcileFeature{ID: f.Name, Value: f.Value})
				}
				cands = append(cands, rc)
			}
			out[key] = map[string][]reconcileCandidate{"result": cands}
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// reconcileInput turns a reconciliation query into a match input.
func reconcileInput(q reconcileQuery) (generated.MatchInput, error) {
	var in generated.MatchInput
	name := strings.TrimSpace(q.Query)
	if name != "" {
		in.Name = &name
	}
	for _, p := range q.Properties {
		var v string
		if err := json.Unmarshal(p.V, &v); err != nil {
			var obj struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(p.V, &obj); err != nil || obj.ID == "" {
				return in, fmt.Errorf("property %s: v must be a string", clipKey(p.PID))
			}
			v = obj.ID
		}
		switch p.PID {
		case "place":
			in.Place = &v
		case "terc":
			in.Terc = &v
		case "kind":
			k := ecosystem.OrganisationKind(strings.ToUpper(v))
			if !k.IsValid() {
				return in, fmt.Errorf("kind %s is not an organisation kind", clipKey(v))
			}
			in.Kind = &k
		case "identifier":
			in.Identifiers = append(in.Identifiers, v)
		default:
			return in, fmt.Errorf("unknown property %s (place, terc, kind and identifier are known)", clipKey(p.PID))
		}
	}
	return in, nil
}

// reconcileError is the code and message of a failed match, as the GraphQL layer words them.
func reconcileError(err error) (string, string) {
	return graph.Classify(err)
}

func clipKey(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}

func apiError(code, message string) map[string]any {
	return map[string]any{"errors": []map[string]any{{"message": message, "extensions": map[string]string{"code": code}}}}
}

// manifest is the service manifest (Reconciliation API 0.2).
func manifest(req *http.Request) map[string]any {
	scheme := "http"
	if req.TLS != nil {
		scheme = "https"
	}
	base := (&url.URL{Scheme: scheme, Host: req.Host}).String()
	return map[string]any{
		"versions":        []string{"0.2"},
		"name":            "Knowledge graph of Poland's regional disability-support ecosystem",
		"identifierSpace": base + "/id/",
		"schemaSpace":     base + "/schema/",
		"defaultTypes":    []reconcileType{{ID: "Organisation", Name: "Organisation"}},
		"view":            map[string]string{"url": base + "/explore?id={{id}}"},
		"batchSize":       maxReconcileQueries,
	}
}
