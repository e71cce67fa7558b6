package neo4j

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
)

// A node is stored with the label Entity and the label of its type. Its whole value is kept as
// JSON in `doc` (the one source of truth when reading); the properties that queries filter,
// order or search on are copied next to it.
//
//	gid, slug, type, name, sortName   identity and order
//	names, searchText                 every searchable name, and their analysed terms (polish)
//	kind, country, themes, terc       filters
//	ids                               an organisation's identifiers, "KRS:0000123456"
//	start, end                        event dates (timelines order by them)
//	point                             WGS84 point of a place (point index)

// nodeProps returns the properties of a node.
func nodeProps(n ecosystem.Node) (map[string]any, error) {
	k := n.Key()
	if o, ok := n.(*ecosystem.Organisation); ok && o.Voivodeship != "" {
		c := *o
		c.Voivodeship = "" // derived on read, never stored
		n = &c
	}
	doc, err := json.Marshal(n)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", k, err)
	}
	e := n.Common()
	names := e.Names()
	if p, ok := n.(*ecosystem.Place); ok && p.NameEn != "" {
		names = append(names, p.NameEn)
	}
	var terms []string
	for _, name := range names {
		terms = append(terms, polish.IndexTerms(name)...)
	}
	// The term counts of the names bound a node's search score before it is scored
	// (polish.Query.ScoreBound), so that Search reads only the names that can rank.
	nameTerms, aliasTerms := polish.TermCounts(polish.AnalyseNames(names))
	props := map[string]any{
		"nameTerms":  nameTerms,
		"aliasTerms": aliasTerms,
		"gid":        k.GlobalID(),
		"slug":       k.Slug,
		"type":       string(k.Type),
		"name":       e.Name,
		"sortName":   polish.SortName(e.Name),
		"names":      names,
		"searchText": strings.Join(terms, " "),
		"doc":        string(doc),
	}
	switch v := n.(type) {
	case *ecosystem.Organisation:
		props["kind"] = string(v.Kind)
		props["country"] = v.Country
		ids := make([]string, len(v.Identifiers))
		for i, id := range v.Identifiers {
			ids[i] = id.Key()
		}
		props["ids"] = ids
	case *ecosystem.Programme:
		props["kind"] = string(v.Kind)
	case *ecosystem.Source:
		props["kind"] = string(v.Kind)
	case *ecosystem.Event:
		props["kind"] = string(v.Kind)
		props["themes"] = themeStrings(v.Themes)
		if v.Start != nil {
			props["start"] = v.Start.String()
		}
		if v.End != nil {
			props["end"] = v.End.String()
		}
	case *ecosystem.Practice:
		props["themes"] = themeStrings(v.Themes)
	case *ecosystem.Place:
		props["kind"] = string(v.Kind)
		props["country"] = v.Country
		props["terc"] = v.TERC
		if v.Point != nil {
			props["point"] = neo4j.Point2D{X: v.Point.Lon, Y: v.Point.Lat, SpatialRefId: 4326}
		}
	}
	return props, nil
}

func themeStrings(ts []ecosystem.Theme) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// decodeNode rebuilds a node from its type and doc.
func decodeNode(typ, doc string) (ecosystem.Node, error) {
	n := ecosystem.NewNode(ecosystem.NodeType(typ), "")
	if n == nil {
		return nil, fmt.Errorf("unknown node type %q in the database", typ)
	}
	if err := json.Unmarshal([]byte(doc), n); err != nil {
		return nil, fmt.Errorf("decode %s node: %w", typ, err)
	}
	return n, nil
}

// relProps returns the properties of a relation.
func relProps(r *ecosystem.Relation) (map[string]any, error) {
	sources, err := json.Marshal(r.Sources)
	if err != nil {
		return nil, fmt.Errorf("encode relation %s: %w", r.ID, err)
	}
	props := map[string]any{"id": r.ID, "sources": string(sources)}
	if r.Title != "" {
		props["title"] = r.Title
	}
	if r.Topic != "" {
		props["topic"] = r.Topic
	}
	if r.Count != nil {
		props["count"] = int64(*r.Count)
	}
	if r.Since != nil {
		props["since"] = r.Since.String()
	}
	if r.Until != nil {
		props["until"] = r.Until.String()
	}
	return props, nil
}

// relMap is the Cypher map a query returns for relation variable v; decodeRel reads it.
func relMap(v string) string {
	return fmt.Sprintf("{id: %[1]s.id, type: type(%[1]s), from: startNode(%[1]s).gid, to: endNode(%[1]s).gid, "+
		"title: %[1]s.title, topic: %[1]s.topic, count: %[1]s.count, since: %[1]s.since, until: %[1]s.until, sources: %[1]s.sources}", v)
}

// decodeRel rebuilds a relation from the map relMap returns.
func decodeRel(v any) (*ecosystem.Relation, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("relation is a %T, not a map", v)
	}
	r := &ecosystem.Relation{ID: str(m["id"]), Type: ecosystem.RelationType(str(m["type"])), Title: str(m["title"]), Topic: str(m["topic"])}
	var err error
	if r.From, err = ecosystem.ParseGlobalID(str(m["from"])); err != nil {
		return nil, fmt.Errorf("relation %s: %w", r.ID, err)
	}
	if r.To, err = ecosystem.ParseGlobalID(str(m["to"])); err != nil {
		return nil, fmt.Errorf("relation %s: %w", r.ID, err)
	}
	if c, ok := m["count"].(int64); ok {
		n := int(c)
		r.Count = &n
	}
	if r.Since, err = partialDate(m["since"]); err != nil {
		return nil, err
	}
	if r.Until, err = partialDate(m["until"]); err != nil {
		return nil, err
	}
	if r.Sources, err = citations(m["sources"]); err != nil {
		return nil, fmt.Errorf("relation %s: %w", r.ID, err)
	}
	return r, nil
}

func citations(v any) ([]ecosystem.Citation, error) {
	s := str(v)
	if s == "" {
		return nil, nil
	}
	var cs []ecosystem.Citation
	if err := json.Unmarshal([]byte(s), &cs); err != nil {
		return nil, fmt.Errorf("decode citations: %w", err)
	}
	return cs, nil
}

func partialDate(v any) (*ecosystem.PartialDate, error) {
	s := str(v)
	if s == "" {
		return nil, nil
	}
	d, err := ecosystem.ParsePartialDate(s)
	if err != nil {
		return nil, fmt.Errorf("stored date: %w", err)
	}
	return &d, nil
}

// str reads a string value, "" for null.
func str(v any) string {
	s, _ := v.(string)
	return s
}

// strs reads a list of strings.
func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func themesOf(v any) []ecosystem.Theme {
	ss := strs(v)
	out := make([]ecosystem.Theme, len(ss))
	for i, s := range ss {
		out[i] = ecosystem.Theme(s)
	}
	return out
}

func keyOf(v any) (ecosystem.NodeKey, error) {
	return ecosystem.ParseGlobalID(str(v))
}

// get reads a record's value by key.
func get(r *neo4j.Record, key string) any {
	v, _ := r.Get(key)
	return v
}

func gids(keys []ecosystem.NodeKey) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.GlobalID()
	}
	return out
}

// nodeMap is the Cypher map of node variable v that decodeNodeMap reads: its type, its document
// and the voivodeship stored beside it.
func nodeMap(v string) string {
	return fmt.Sprintf("{type: %[1]s.type, doc: %[1]s.doc, voivodeship: %[1]s.voivodeship}", v)
}

// decodeNodeMap rebuilds a node from the map nodeMap returns.
func decodeNodeMap(v any) (ecosystem.Node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("node is a %T, not a map", v)
	}
	n, err := decodeNode(str(m["type"]), str(m["doc"]))
	if err != nil {
		return nil, err
	}
	if o, ok := n.(*ecosystem.Organisation); ok {
		o.Voivodeship = str(m["voivodeship"])
	}
	return n, nil
}
