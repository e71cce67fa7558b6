package graph

import (
	"context"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph/bound"
	"github.com/wtz-graph/kg/graph/generated"
)

// The lists inside entities (relations and the typed views with a page argument) are Relay
// connections too. Each is read whole from the relation loader, which the prefetch or one
// batch per level fills, and cut into pages here with the cursors of connection.go, keyed by
// relation id (or by the other end's id, for views of nodes): a page costs only the nodes it
// shows. The list is named by its type and field, so that a cursor of one field is refused by
// another.

// nestedPage cuts the page that first and after ask for out of a whole list; first defaults
// to defaultView and is at most MaxRelations.
func nestedPage[T any](list []T, key func(T) string, name string, first *int, after *string) (pageCut[T], error) {
	n, err := intArg("first", first, defaultView, 0, MaxRelations)
	if err != nil {
		return pageCut[T]{}, err
	}
	return cutPage(list, key, name, n, after, len(list)+1)
}

func relationKey(r *ecosystem.Relation) string { return r.ID }

// edgesOf builds a page's edges.
func edgesOf[T, E any](p pageCut[T], edge func(cursor string, item T) E) []E {
	out := make([]E, len(p.items))
	for i, item := range p.items {
		out[i] = edge(p.cursors[i], item)
	}
	return out
}

// relationsPage is a page of the relations of k that a view reads.
func relationsPage(ctx context.Context, k ecosystem.NodeKey, v view, name string, first *int, after *string) (pageCut[*ecosystem.Relation], error) {
	list, err := viewRelations(ctx, k, v)
	if err != nil {
		return pageCut[*ecosystem.Relation]{}, err
	}
	return nestedPage(list, relationKey, name, first, after)
}

// nodesPage is a page of the distinct other ends, of Go type T, of the relations of k that a
// view reads, in the relations' order; only the page's nodes are loaded.
func nodesPage[T ecosystem.Node](ctx context.Context, k ecosystem.NodeKey, v view, name string, first *int, after *string) (pageCut[T], error) {
	rels, err := viewRelations(ctx, k, v)
	if err != nil {
		return pageCut[T]{}, err
	}
	want := nodeTypeOf[T]()
	keys := make([]ecosystem.NodeKey, 0, len(rels))
	seen := make(map[ecosystem.NodeKey]bool, len(rels))
	for _, r := range rels {
		if o := r.Other(k); !seen[o] && (want == "" || o.Type == want) {
			seen[o] = true
			keys = append(keys, o)
		}
	}
	kp, err := nestedPage(keys, ecosystem.NodeKey.GlobalID, name, first, after)
	if err != nil {
		return pageCut[T]{}, err
	}
	nodes, err := loadAll(ctx, kp.items)
	if err != nil {
		return pageCut[T]{}, err
	}
	// A node deleted since its relation was read is left out of the page, with its cursor.
	p := pageCut[T]{info: kp.info, total: kp.total}
	for i, n := range nodes {
		if t, ok := n.(T); ok {
			p.items = append(p.items, t)
			p.cursors = append(p.cursors, kp.cursors[i])
		}
	}
	return p, nil
}

// relationConnection implements Entity.relations.
func relationConnection(ctx context.Context, k ecosystem.NodeKey, types []ecosystem.RelationType, direction *ecosystem.Direction, first *int, after *string) (*generated.RelationConnection, error) {
	dir := ecosystem.DirBoth
	if direction != nil {
		dir = *direction
	}
	rels, err := related(ctx, k, dir, uniq(types)...)
	if err != nil {
		return nil, err
	}
	p, err := nestedPage(rels, relationKey, k.Type.TypeName()+".relations", first, after)
	if err != nil {
		return nil, err
	}
	keys := make([]ecosystem.NodeKey, len(p.items))
	for i, r := range p.items {
		keys[i] = r.Other(k)
	}
	nodes, err := loadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	c := &generated.RelationConnection{PageInfo: p.info, TotalCount: p.total, Edges: []*bound.RelationEdge{}, Nodes: []ecosystem.Node{}}
	for i, r := range p.items {
		if nodes[i] == nil {
			continue // deleted since its relation was read
		}
		d := ecosystem.DirIn
		if r.From == k {
			d = ecosystem.DirOut
		}
		c.Edges = append(c.Edges, &bound.RelationEdge{Cursor: p.cursors[i], Direction: d, Node: nodes[i], Relation: r})
		c.Nodes = append(c.Nodes, nodes[i])
	}
	return c, nil
}

func positionConnection(p pageCut[*ecosystem.Relation], err error) (*generated.PositionConnection, error) {
	if err != nil {
		return nil, err
	}
	return &generated.PositionConnection{Nodes: p.items, PageInfo: p.info, TotalCount: p.total,
		Edges: edgesOf(p, func(c string, r *ecosystem.Relation) *generated.PositionEdge {
			return &generated.PositionEdge{Cursor: c, Node: r}
		})}, nil
}

func projectRoleConnection(p pageCut[*ecosystem.Relation], err error) (*generated.ProjectRoleConnection, error) {
	if err != nil {
		return nil, err
	}
	return &generated.ProjectRoleConnection{Nodes: p.items, PageInfo: p.info, TotalCount: p.total,
		Edges: edgesOf(p, func(c string, r *ecosystem.Relation) *generated.ProjectRoleEdge {
			return &generated.ProjectRoleEdge{Cursor: c, Node: r}
		})}, nil
}

func eventRoleConnection(p pageCut[*ecosystem.Relation], err error) (*generated.EventRoleConnection, error) {
	if err != nil {
		return nil, err
	}
	return &generated.EventRoleConnection{Nodes: p.items, PageInfo: p.info, TotalCount: p.total,
		Edges: edgesOf(p, func(c string, r *ecosystem.Relation) *generated.EventRoleEdge {
			return &generated.EventRoleEdge{Cursor: c, Node: r}
		})}, nil
}

func eventConnection(p pageCut[*ecosystem.Event], err error) (*generated.EventConnection, error) {
	if err != nil {
		return nil, err
	}
	return &generated.EventConnection{Nodes: p.items, PageInfo: p.info, TotalCount: p.total,
		Edges: edgesOf(p, func(c string, e *ecosystem.Event) *generated.EventEdge {
			return &generated.EventEdge{Cursor: c, Node: e}
		})}, nil
}

func entityConnection(p pageCut[ecosystem.Node], err error) (*generated.EntityConnection, error) {
	if err != nil {
		return nil, err
	}
	return &generated.EntityConnection{Nodes: p.items, PageInfo: p.info, TotalCount: p.total,
		Edges: edgesOf(p, func(c string, n ecosystem.Node) *generated.EntityEdge {
			return &generated.EntityEdge{Cursor: c, Node: n}
		})}, nil
}

func organisationConnection(p pageCut[*ecosystem.Organisation], err error) (*generated.OrganisationConnection, error) {
	if err != nil {
		return nil, err
	}
	return &generated.OrganisationConnection{Nodes: p.items, PageInfo: p.info, TotalCount: p.total,
		Edges: edgesOf(p, func(c string, o *ecosystem.Organisation) *generated.OrganisationEdge {
			return &generated.OrganisationEdge{Cursor: c, Node: o}
		})}, nil
}
