// Package reqlog carries a request's identity through its context into every log line: the
// request id and the GraphQL operation name, added by a slog handler wrapper, so that code deep
// in a request logs with ctx and the lines can be joined with the access log.
package reqlog

import (
	"context"
	"log/slog"
	"sync"
)

// Info is what is known of the request being served. Operation is filled in once the GraphQL
// operation is parsed.
type Info struct {
	ID string

	mu        sync.Mutex
	operation string
}

// SetOperation records the GraphQL operation's name.
func (i *Info) SetOperation(name string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.operation = name
}

// Operation returns the GraphQL operation's name, "" before it is known.
func (i *Info) Operation() string {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.operation
}

type key struct{}

// With returns a context carrying info.
func With(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, key{}, info)
}

// From returns the request's info, or nil outside a request.
func From(ctx context.Context) *Info {
	i, _ := ctx.Value(key{}).(*Info)
	return i
}

// Handler wraps h so that records logged with a request's context carry its id and operation.
func Handler(h slog.Handler) slog.Handler { return handler{h} }

type handler struct{ slog.Handler }

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	if i := From(ctx); i != nil {
		r.AddAttrs(slog.String("request_id", i.ID))
		if op := i.Operation(); op != "" {
			r.AddAttrs(slog.String("operation", op))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return handler{h.Handler.WithAttrs(attrs)}
}

func (h handler) WithGroup(name string) slog.Handler { return handler{h.Handler.WithGroup(name)} }
