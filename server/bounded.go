package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"runtime"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/wtz-graph/kg/graph"
)

// Codes of requests refused at the HTTP level.
const (
	codeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	codeResponseTooLarge     = "RESPONSE_TOO_LARGE"
)

// boundedTransport serves a gqlgen transport through an executor that keeps the whole request
// under its deadline: parsing, validation and execution run on their own goroutine, and when
// the deadline passes first the client gets TIMEOUT at once. What keeps running after that is
// bounded by the document's shape and cost limits, checked before validation and execution.
// With getOnly, an operation other than a query is refused with METHOD_NOT_ALLOWED before
// anything else is said about it (GraphQL over HTTP: 405).
//
// Only an incremental transport (multipart/mixed) serves @defer; the others refuse an
// operation that defers a fragment, as they would answer only its first part.
//
// Parsing and validation cannot be interrupted, so they run in one of a fixed number of slots
// (validationSlots, shared by the transports of one handler): a request waits for a slot until
// its deadline, and work its client no longer waits for holds a slot until it ends, so that
// abandoned work cannot pile up beyond the slots.
type boundedTransport struct {
	graphql.Transport
	getOnly     bool
	incremental bool
	slots       validationSlots
}

// Supports implements graphql.Transport. The incremental transport takes only requests whose
// operation may defer a fragment: any other answer is one JSON document, served by POST, which
// every client reads (a client such as GraphiQL accepts multipart/mixed on every request).
func (t boundedTransport) Supports(r *http.Request) bool {
	if !t.Transport.Supports(r) {
		return false
	}
	return !t.incremental || mayDefer(r)
}

// mayDefer reports whether a request's body may hold an operation that defers: it names
// @defer, or it sends a persisted query by its hash alone. The body is read and put back.
func mayDefer(r *http.Request) bool {
	if r.Body == nil {
		return false
	}
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return true // the transport reports the read error
	}
	return bytes.Contains(body, []byte("@defer")) || (!bytes.Contains(body, []byte(`"query"`)) && bytes.Contains(body, []byte("persistedQuery")))
}

func (t boundedTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	t.Transport.Do(w, r, &boundedExecutor{GraphExecutor: exec, getOnly: t.getOnly, incremental: t.incremental, slots: t.slots})
}

// validationSlots bounds how many requests parse and validate at once; nil is no bound.
type validationSlots chan struct{}

// newValidationSlots makes one slot per CPU the Go scheduler uses.
func newValidationSlots() validationSlots { return make(validationSlots, runtime.GOMAXPROCS(0)) }

type boundedExecutor struct {
	graphql.GraphExecutor
	getOnly     bool
	incremental bool
	slots       validationSlots
}

// timeoutError is the error of a request whose deadline passed, or whose client went away.
func timeoutError(err error) *gqlerror.Error {
	code, message := graph.Classify(err)
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": code}}
}

// unknownOutcome is what a mutation that ran out of time (or lost its client) says: its write
// may have been made, and only a read tells.
const unknownOutcome = "outcome unknown: the request ran out of time while the mutation ran, and the write may have committed; read it back before retrying"

// mutationTimeoutError is timeoutError for a mutation that had started.
func mutationTimeoutError(err error) *gqlerror.Error {
	e := timeoutError(err)
	e.Message = unknownOutcome
	e.Extensions["outcome"] = "unknown"
	return e
}

// beforeItRan is timeoutError for a request stopped before it was dispatched: nothing ran.
func beforeItRan(err error) *gqlerror.Error {
	e := timeoutError(err)
	if errors.Is(err, context.DeadlineExceeded) {
		e.Message = "the request took too long and was stopped before it ran (nothing was written)"
	}
	return e
}

func (e *boundedExecutor) CreateOperationContext(ctx context.Context, params *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	empty := &graphql.OperationContext{RawQuery: "", Variables: map[string]any{}}
	if err := ctx.Err(); err != nil {
		return empty, gqlerror.List{beforeItRan(err)}
	}
	// The transport returns params to a pool when it is done: the goroutine works on a copy.
	p := *params
	type result struct {
		oc   *graphql.OperationContext
		errs gqlerror.List
	}
	if e.slots != nil {
		select {
		case e.slots <- struct{}{}:
		case <-ctx.Done():
			return empty, gqlerror.List{beforeItRan(ctx.Err())}
		}
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if e.slots != nil {
				<-e.slots
			}
			if v := recover(); v != nil {
				done <- result{empty, gqlerror.List{{Message: "internal error", Extensions: map[string]any{"code": graph.CodeInternal}}}}
			}
		}()
		oc, errs := e.GraphExecutor.CreateOperationContext(ctx, &p)
		done <- result{oc, errs}
	}()
	var res result
	select {
	case res = <-done:
	case <-ctx.Done():
		return empty, gqlerror.List{beforeItRan(ctx.Err())}
	}
	if e.getOnly && !isQuery(res.oc, &p) {
		return res.oc, gqlerror.List{{
			Message:    "only queries may be sent with GET; send mutations with POST",
			Extensions: map[string]any{"code": graph.CodeMethodNotAllowed},
		}}
	}
	if res.oc == nil {
		res.oc = empty
	}
	if len(res.errs) == 0 && !e.incremental && graph.Defers(res.oc) {
		return res.oc, gqlerror.List{{
			Message:    "this operation uses @defer: send it with Accept: multipart/mixed to receive its parts, or remove @defer",
			Extensions: map[string]any{"code": graph.CodeBadRequest},
		}}
	}
	return res.oc, res.errs
}

// isQuery tells whether the request's operation is a query, from the operation context or,
// when the document did not validate, from the document itself.
func isQuery(oc *graphql.OperationContext, p *graphql.RawParams) bool {
	if oc != nil && oc.Operation != nil {
		return oc.Operation.Operation == ast.Query
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, maxParserTokens)
	if err != nil {
		return true // not a document: its errors say so
	}
	op := doc.Operations.ForName(p.OperationName)
	if op == nil && len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	return op == nil || op.Operation == ast.Query
}

func (e *boundedExecutor) DispatchOperation(ctx context.Context, oc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	next, ctx := e.GraphExecutor.DispatchOperation(ctx, oc)
	first, ended := true, false
	mutation := oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Mutation
	// budget is what the whole response may still take, over all its parts (boundResponses).
	budget := &responseBudget{}
	// stop answers a request that ran out of time: the whole response at first, else a last
	// incremental part with the error, which ends the stream. A mutation that had started may
	// have written: it says so.
	stop := func(initial bool, err error) *graphql.Response {
		ended = true
		gerr := timeoutError(err)
		if mutation {
			gerr = mutationTimeoutError(err)
		}
		resp := &graphql.Response{Errors: gqlerror.List{gerr}}
		if !initial {
			hasNext := false
			resp.HasNext = &hasNext
		}
		return resp
	}
	return func(ctx context.Context) *graphql.Response {
		initial := first
		first = false
		if ended {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return stop(initial, err)
		}
		done := make(chan *graphql.Response, 1)
		go func() {
			defer func() {
				if v := recover(); v != nil {
					done <- &graphql.Response{Errors: gqlerror.List{{Message: "internal error", Extensions: map[string]any{"code": graph.CodeInternal}}}}
				}
			}()
			done <- next(context.WithValue(ctx, budgetKey{}, budget))
		}()
		var resp *graphql.Response
		select {
		case resp = <-done:
		case <-ctx.Done():
			return stop(initial, ctx.Err())
		}
		if resp == nil && initial {
			// gqlgen ends a response it can no longer deliver with nil: say why.
			err := ctx.Err()
			if err == nil {
				err = context.DeadlineExceeded
			}
			if mutation {
				return &graphql.Response{Errors: gqlerror.List{mutationTimeoutError(err)}}
			}
			return &graphql.Response{Errors: gqlerror.List{timeoutError(err)}}
		}
		if resp == nil || budget.ended {
			ended = true
		}
		return resp
	}, ctx
}

// responseBudget is what one request has answered so far, over all the parts of an
// incremental response; boundedExecutor puts one in the context of each request's responses.
type responseBudget struct {
	used  int  // bytes answered so far
	parts int  // responses answered so far
	ended bool // the stream was ended for its size
}

type budgetKey struct{}

// boundResponses caps every response: at most graph.MaxErrors errors, and at most limit bytes
// for the whole answer of a request, all its incremental parts together.
//
//   - A query's answer that would pass the limit is replaced by RESPONSE_TOO_LARGE, without its
//     data; in an incremental stream, the part that would pass it is, and it ends the stream
//     (hasNext false).
//   - A mutation's fields have run by the time their answer is known, and what they wrote is
//     committed: its data is never dropped whole. The result fields that fit are kept, in
//     order; each other one is null with a RESPONSE_TOO_LARGE error at its path that says the
//     field completed and its writes are committed, with the result's id (or ids) when it has
//     one. A TIMEOUT or CANCELLED error of a mutation says that its outcome is unknown.
func boundResponses(limit int) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		b, _ := ctx.Value(budgetKey{}).(*responseBudget)
		if b == nil {
			b = &responseBudget{}
		}
		if b.ended {
			return nil
		}
		resp := next(ctx)
		if resp == nil {
			return nil
		}
		initial := b.parts == 0
		b.parts++
		mutation := graphql.HasOperationContext(ctx) && graphql.GetOperationContext(ctx).Operation != nil &&
			graphql.GetOperationContext(ctx).Operation.Operation == ast.Mutation
		if mutation {
			for _, e := range resp.Errors {
				if c := e.Extensions["code"]; c == graph.CodeTimeout || c == graph.CodeCancelled {
					e.Message = unknownOutcome
					e.Extensions["outcome"] = "unknown"
				}
			}
		}
		resp.Errors = graph.BoundErrors(resp.Errors)
		size := responseSize(resp)
		if b.used+size <= limit {
			b.used += size
			return resp
		}
		if mutation && initial {
			if trimmed, ok := trimMutationResult(resp, limit-b.used-errorsSize(resp.Errors), limit); ok {
				b.used += responseSize(trimmed)
				return trimmed
			}
		}
		b.ended = true
		message := fmt.Sprintf("the answer is larger than the limit of %d bytes; ask for smaller pages or fewer fields", limit)
		if mutation {
			message = fmt.Sprintf("the answer is larger than the limit of %d bytes; the mutations in its first part completed and what they wrote is committed", limit)
		}
		out := &graphql.Response{
			Errors: gqlerror.List{{
				Message:    message,
				Extensions: map[string]any{"code": codeResponseTooLarge, "limit": limit},
			}},
		}
		if resp.HasNext != nil {
			hasNext := false
			out.HasNext = &hasNext
		}
		return out
	}
}

// responseSize estimates the bytes a response takes on the wire.
func responseSize(resp *graphql.Response) int {
	return len(resp.Data) + len(resp.Label) + 16*len(resp.Path) + 32 + errorsSize(resp.Errors)
}

func errorsSize(list gqlerror.List) int {
	n := 0
	for _, e := range list {
		n += len(e.Message) + 200
	}
	return n
}

// trimMutationResult keeps the root fields of a mutation's data that fit in room bytes, in
// order, and nulls the others with an error that says they completed and what they wrote is
// committed. It fails when the data is not an object.
func trimMutationResult(resp *graphql.Response, room, limit int) (*graphql.Response, bool) {
	dec := json.NewDecoder(bytes.NewReader(resp.Data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out bytes.Buffer
	out.WriteByte('{')
	errs := append(gqlerror.List{}, resp.Errors...)
	used := 2
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return nil, false
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, false
		}
		if out.Len() > 1 {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		entry := len(k) + 2 + len(value)
		if string(value) == "null" || used+entry <= room {
			out.Write(value)
			used += entry
			continue
		}
		out.WriteString("null")
		used += len(k) + 6
		gerr := &gqlerror.Error{
			Message: fmt.Sprintf("%s completed and what it wrote is committed, but its result (%d bytes) does not fit in the limit of %d bytes: read it back with a query", clipName(key), len(value), limit),
			Path:    ast.Path{ast.PathName(key)},
			Extensions: map[string]any{
				"code": codeResponseTooLarge, "limit": limit, "completed": true,
			},
		}
		if id, ids := resultIDs(value); id != "" {
			gerr.Extensions["id"] = id
		} else if len(ids) > 0 {
			gerr.Extensions["ids"] = ids
		}
		errs = append(errs, gerr)
	}
	out.WriteByte('}')
	return &graphql.Response{Data: out.Bytes(), Errors: graph.BoundErrors(errs), Extensions: resp.Extensions, HasNext: resp.HasNext}, true
}

func clipName(key string) string {
	if len(key) > 60 {
		return key[:60] + "…"
	}
	return key
}

// resultIDs reads the id of a result object, or the ids of a list of them (at most 100).
func resultIDs(value json.RawMessage) (string, []string) {
	var one struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(value, &one) == nil && one.ID != "" {
		return one.ID, nil
	}
	var many []struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(value, &many) != nil {
		return "", nil
	}
	var ids []string
	for _, m := range many {
		if m.ID != "" && len(ids) < 100 {
			ids = append(ids, m.ID)
		}
	}
	return "", ids
}

// unsupportedTransport answers what no other transport serves, with a GraphQL error and a
// code: 405 for other methods (and WebSocket upgrades), 415 for a POST that is not JSON.
type unsupportedTransport struct{}

func (unsupportedTransport) Supports(*http.Request) bool { return true }

func (unsupportedTransport) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	if r.Method == http.MethodPost && r.Header.Get("Upgrade") == "" {
		writeJSON(w, http.StatusUnsupportedMediaType,
			gqlErrorBody("send GraphQL requests with Content-Type: application/json", codeUnsupportedMediaType))
		return
	}
	w.Header().Set("Allow", "GET, POST")
	writeJSON(w, http.StatusMethodNotAllowed,
		gqlErrorBody("GraphQL is served over GET (queries) and POST (application/json)", graph.CodeMethodNotAllowed))
}

// strictJSONBody refuses a POSTed JSON body that is not one GraphQL request object before
// gqlgen decodes it (gqlgen ignores data after the object and quotes the whole body, with Go
// type names, when it cannot decode it). It runs after limitBody, which holds the body.
func strictJSONBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "application/json" && r.Body != nil {
				body, err := io.ReadAll(r.Body)
				if err != nil {
					writeJSON(w, http.StatusBadRequest, gqlErrorBody("the request body could not be read", graph.CodeBadRequest))
					return
				}
				if msg := checkRequestBody(body); msg != "" {
					writeJSON(w, http.StatusBadRequest, gqlErrorBody(msg, graph.CodeBadRequest))
					return
				}
				body, msg := documentIDBody(body)
				if msg != "" {
					writeJSON(w, http.StatusBadRequest, gqlErrorBody(msg, graph.CodeBadRequest))
					return
				}
				r.ContentLength = int64(len(body))
				r.Body = io.NopCloser(bytes.NewReader(body))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// strictGET holds the parameters of a GET to what strictJSONBody holds a POST body to: a URL
// query of at most limit bytes (414 otherwise, as MAX_BODY_BYTES bounds a body), each of query,
// operationName, variables and extensions at most once, and variables and extensions each one
// JSON object (or null) with nothing after it. gqlgen reads the first of repeated parameters,
// ignores data after a JSON value and answers a value it cannot decode without a code.
func strictGET(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			if int64(len(r.URL.RawQuery)) > limit {
				writeJSON(w, http.StatusRequestURITooLong, gqlErrorBody(
					fmt.Sprintf("the URL's query is larger than the limit of %d bytes; send large requests with POST", limit), "REQUEST_TOO_LARGE"))
				return
			}
			if msg := checkGETParams(r.URL.RawQuery); msg != "" {
				writeJSON(w, http.StatusBadRequest, gqlErrorBody(msg, graph.CodeBadRequest))
				return
			}
			raw, msg := documentIDQuery(r.URL.RawQuery)
			if msg != "" {
				writeJSON(w, http.StatusBadRequest, gqlErrorBody(msg, graph.CodeBadRequest))
				return
			}
			if raw != r.URL.RawQuery {
				u := *r.URL
				u.RawQuery = raw
				r = r.Clone(r.Context())
				r.URL = &u
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkGETParams says what is wrong with the URL query of a GraphQL GET request, or "".
func checkGETParams(rawQuery string) string {
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "the URL's query does not parse: an escape or a separator is malformed"
	}
	for _, name := range []string{"query", "documentId", "operationName", "variables", "extensions"} {
		if len(values[name]) > 1 {
			return fmt.Sprintf("%s is given more than once; send it once", name)
		}
	}
	for _, name := range []string{"variables", "extensions"} {
		v := values.Get(name)
		if v == "" {
			continue
		}
		if msg := checkJSONObject(name, []byte(v)); msg != "" {
			return msg
		}
	}
	return ""
}

// checkJSONObject says what is wrong with a parameter that must be one JSON object or null,
// or "".
func checkJSONObject(name string, raw []byte) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return fmt.Sprintf("%s is not valid JSON (at byte %d)", name, syntax.Offset)
		}
		return fmt.Sprintf("%s is not valid JSON", name)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Sprintf("%s has data after its JSON object", name)
	}
	if _, ok := v.(map[string]any); !ok && v != nil {
		return fmt.Sprintf("%s must be an object", name)
	}
	return ""
}

// checkRequestBody says what is wrong with a GraphQL-over-HTTP request body, or "".
func checkRequestBody(body []byte) string {
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) > 0 && t[0] == '[' {
		// Apollo's BatchHttpLink and graphql-request's batchRequests send a list of operations.
		return "batched requests (a JSON array of operations) are not served; send each operation in its own request, as a JSON object with a query string"
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return fmt.Sprintf("the request body is not valid JSON (at byte %d)", syntax.Offset)
		case errors.As(err, &typ), errors.Is(err, io.EOF):
			return "the request body must be a JSON object with a query string or a documentId"
		}
		return "the request body is not valid JSON"
	}
	if fields == nil {
		return "the request body must be a JSON object with a query string or a documentId"
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return "the request body has data after its JSON object; send one request per body"
	}
	kinds := []struct{ name, want string }{{"query", "string"}, {"operationName", "string"}, {"variables", "object"}, {"extensions", "object"}}
	for _, k := range kinds {
		raw, ok := fields[k.name]
		if !ok || string(raw) == "null" {
			continue
		}
		first := bytes.TrimLeft(raw, " \t\r\n")
		if len(first) == 0 || (k.want == "string" && first[0] != '"') || (k.want == "object" && first[0] != '{') {
			return fmt.Sprintf("%s must be %s", k.name, map[string]string{"string": "a string", "object": "an object"}[k.want])
		}
	}
	return ""
}
