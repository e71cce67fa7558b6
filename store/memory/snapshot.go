package memory

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wtz-graph/kg/graph/model"
)

// The snapshot is written with encoding/gob, which reads a national-scale graph (a million
// relations) several times faster than JSON: it carries each type's field names once instead
// of in every value. Nodes go in one list per type, since gob would otherwise need every
// concrete node type registered globally. Snapshots written as JSON by earlier versions
// (jsonSnapshotName) are still read; the next snapshot replaces them.

// binarySnapshot is the whole graph at a sequence number, for gob.
type binarySnapshot struct {
	Seq           uint64
	Organisations []*model.Organisation
	People        []*model.Person
	Projects      []*model.Project
	Programmes    []*model.Programme
	Events        []*model.Event
	Practices     []*model.Practice
	Places        []*model.Place
	Sources       []*model.Source
	Relations     []*model.Relation
	Redirects     map[string]model.NodeKey
}

// add puts a node in the list of its type.
func (b *binarySnapshot) add(n model.Node) error {
	switch v := n.(type) {
	case *model.Organisation:
		b.Organisations = append(b.Organisations, v)
	case *model.Person:
		b.People = append(b.People, v)
	case *model.Project:
		b.Projects = append(b.Projects, v)
	case *model.Programme:
		b.Programmes = append(b.Programmes, v)
	case *model.Event:
		b.Events = append(b.Events, v)
	case *model.Practice:
		b.Practices = append(b.Practices, v)
	case *model.Place:
		b.Places = append(b.Places, v)
	case *model.Source:
		b.Sources = append(b.Sources, v)
	default:
		return fmt.Errorf("snapshot: unknown node type %T", n)
	}
	return nil
}

// each calls f with every node of the snapshot.
func (b *binarySnapshot) each(f func(model.Node)) {
	for _, n := range b.Organisations {
		f(n)
	}
	for _, n := range b.People {
		f(n)
	}
	for _, n := range b.Projects {
		f(n)
	}
	for _, n := range b.Programmes {
		f(n)
	}
	for _, n := range b.Events {
		f(n)
	}
	for _, n := range b.Practices {
		f(n)
	}
	for _, n := range b.Places {
		f(n)
	}
	for _, n := range b.Sources {
		f(n)
	}
}

// writeBinarySnapshot writes snap to path and fsyncs it.
func writeBinarySnapshot(path string, snap *binarySnapshot) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := gob.NewEncoder(w).Encode(snap); err != nil {
		f.Close()
		return fmt.Errorf("encode snapshot: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readBinarySnapshot reads the snapshot at path; found is false when there is none.
func readBinarySnapshot(path string) (snap *binarySnapshot, found bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	snap = &binarySnapshot{}
	// A snapshot is renamed into place only after it was written whole and fsynced, so an
	// empty or short one is damage, never "no data": io.EOF is an error here too.
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(snap); err != nil {
		return nil, true, fmt.Errorf("the snapshot %s is damaged: %w", path, err)
	}
	return snap, true, nil
}

// loadBinarySnapshot puts the snapshot's graph into g, if there is one.
func (w *wal) loadBinarySnapshot(g *graph) (found bool, err error) {
	path := filepath.Join(w.dir, snapshotName)
	snap, found, err := readBinarySnapshot(path)
	if err != nil || !found {
		return found, err
	}
	snap.each(func(n model.Node) { g.putNode(n) })
	for _, r := range snap.Relations {
		g.putRelation(r)
	}
	for from, to := range snap.Redirects {
		k, err := model.ParseGlobalID(from)
		if err != nil {
			return true, fmt.Errorf("snapshot redirect: %w", err)
		}
		g.redirects[k] = to
	}
	w.seq = snap.Seq
	return true, nil
}
