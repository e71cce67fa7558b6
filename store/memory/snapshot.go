package memory

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
)

// The snapshot is written with encoding/gob, which reads a national-scale graph (a million
// relations) several times faster than JSON: it carries each type's field names once instead
// of in every value. Nodes go in one list per type, since gob would otherwise need every
// concrete node type registered globally. Snapshots written as JSON by earlier versions
// (jsonSnapshotName) are still read; the next snapshot replaces them.
//
// The file is a stream of gob messages: a snapshotHeader (sequence number, counts, redirects),
// the nodes (binarySnapshot without relations), then the relations in chunks of at most
// relationChunk. A relation names its ends, its type and its citations' sources by number (the
// position of the node in the snapshot, of the type in the header's list) rather than by
// key, which spares decoding four strings per relation and looking each end up by key. Loading
// decodes the next chunk on one goroutine while the graph takes in the previous one, and sizes
// its maps from the counts up front.

// relationChunk is the number of relations per gob message.
const relationChunk = 1 << 15

// snapshotVersion is the layout written; a reader refuses others (version 2, written before
// the manifest, is read when converting a directory, see legacy.go).
const snapshotVersion = 3

// A snapshot file of version 3 is the gob stream followed by a trailer:
//
//	"KGSNAP03" | sequence number (uint64) | length of the gob stream (uint64) | SHA-256 of the gob stream
//
// The manifest names the file with its size and SHA-256 too. The whole file is checked before
// any of it is decoded, so a flipped bit anywhere, a cut, or a file from another directory is
// refused, never loaded as a different graph.
const (
	snapshotMagic       = "KGSNAP03"
	snapshotTrailerSize = 8 + 8 + 8 + sha256.Size
)

// snapshotHeader opens a snapshot.
type snapshotHeader struct {
	Version int
	// Dir is the id of the data directory the snapshot was written in (version 3).
	Dir       [16]byte
	Seq       uint64
	Nodes     int
	Relations int
	Redirects map[string]ecosystem.NodeKey
	// RelationTypes names the relation types that snapRelation.Type counts in, so that a later
	// version that declares more types, or in another order, reads this snapshot right.
	RelationTypes []ecosystem.RelationType
}

// snapRelation is a relation in a snapshot: ends and citation sources are positions of nodes
// in the snapshot's node order (binarySnapshot.each), the type a position in the header's
// RelationTypes.
type snapRelation struct {
	ID       string
	Type     int
	From, To int
	Title    string
	Topic    string
	Count    *int
	Since    *ecosystem.PartialDate
	Until    *ecosystem.PartialDate
	Sources  []snapCitation
}

// snapCitation is a citation in a snapshot; Source is a node position. A citation whose source
// is not a node (which validation does not let in) keeps its slug in Slug, with Source -1.
type snapCitation struct {
	Source   int
	Slug     string
	Locator  string
	Note     string
	Inferred bool
}

// binarySnapshot is the whole graph at a sequence number. Relations and Redirects are written
// in the header and chunks, not in this message.
type binarySnapshot struct {
	Seq           uint64
	Organisations []*ecosystem.Organisation
	People        []*ecosystem.Person
	Projects      []*ecosystem.Project
	Programmes    []*ecosystem.Programme
	Events        []*ecosystem.Event
	Practices     []*ecosystem.Practice
	Places        []*ecosystem.Place
	Sources       []*ecosystem.Source
	Relations     []*ecosystem.Relation
	Redirects     map[string]ecosystem.NodeKey
}

// add puts a node in the list of its type.
func (b *binarySnapshot) add(n ecosystem.Node) error {
	switch v := n.(type) {
	case *ecosystem.Organisation:
		b.Organisations = append(b.Organisations, v)
	case *ecosystem.Person:
		b.People = append(b.People, v)
	case *ecosystem.Project:
		b.Projects = append(b.Projects, v)
	case *ecosystem.Programme:
		b.Programmes = append(b.Programmes, v)
	case *ecosystem.Event:
		b.Events = append(b.Events, v)
	case *ecosystem.Practice:
		b.Practices = append(b.Practices, v)
	case *ecosystem.Place:
		b.Places = append(b.Places, v)
	case *ecosystem.Source:
		b.Sources = append(b.Sources, v)
	default:
		return fmt.Errorf("snapshot: unknown node type %T", n)
	}
	return nil
}

// each calls f with every node of the snapshot.
func (b *binarySnapshot) each(f func(ecosystem.Node)) {
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

// count is the number of nodes in the snapshot.
func (b *binarySnapshot) count() int {
	return len(b.Organisations) + len(b.People) + len(b.Projects) + len(b.Programmes) +
		len(b.Events) + len(b.Practices) + len(b.Places) + len(b.Sources)
}

// writeBinarySnapshot writes snap to path, as a header, the nodes, chunks of relations and
// the trailer, fsyncs it, and returns what the manifest records of it.
func writeBinarySnapshot(path string, snap *binarySnapshot, dir [16]byte) (*snapshotRef, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	counter := &countingWriter{w: io.MultiWriter(&syncingWriter{f: f}, h)}
	w := bufio.NewWriterSize(counter, 1<<20)
	enc := gob.NewEncoder(w)
	err = enc.Encode(snapshotHeader{Version: snapshotVersion, Dir: dir, Seq: snap.Seq, Nodes: snap.count(),
		Relations: len(snap.Relations), Redirects: snap.Redirects, RelationTypes: ecosystem.AllRelationTypes()})
	if err == nil {
		nodes := *snap
		nodes.Relations, nodes.Redirects = nil, nil
		err = enc.Encode(&nodes)
	}
	if err == nil {
		pos := make(map[ecosystem.NodeKey]int, snap.count())
		snap.each(func(n ecosystem.Node) { pos[n.Key()] = len(pos) })
		types := map[ecosystem.RelationType]int{}
		for i, t := range ecosystem.AllRelationTypes() {
			types[t] = i
		}
		chunk := make([]snapRelation, 0, relationChunk)
		for i := 0; err == nil && i < len(snap.Relations); i += relationChunk {
			chunk = chunk[:0]
			for _, r := range snap.Relations[i:min(i+relationChunk, len(snap.Relations))] {
				var sr snapRelation
				if sr, err = encodeSnapRelation(r, pos, types); err != nil {
					break
				}
				chunk = append(chunk, sr)
			}
			if err == nil {
				err = enc.Encode(chunk)
			}
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	sum := h.Sum(nil)
	trailer := make([]byte, 0, snapshotTrailerSize)
	trailer = append(trailer, snapshotMagic...)
	trailer = binary.BigEndian.AppendUint64(trailer, snap.Seq)
	trailer = binary.BigEndian.AppendUint64(trailer, uint64(counter.n))
	trailer = append(trailer, sum...)
	if _, err := f.Write(trailer); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return &snapshotRef{File: filepath.Base(path), Seq: snap.Seq, Size: counter.n + snapshotTrailerSize, SHA256: hex.EncodeToString(sum)}, nil
}

// syncingWriter writes to a file and fsyncs it every syncEvery bytes, so that the snapshot's
// data reaches the disk as it is written instead of in one flush at the end, which would hold
// up the fsync of every change-log append made meanwhile.
type syncingWriter struct {
	f       *os.File
	pending int
}

const syncEvery = 8 << 20

func (s *syncingWriter) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	s.pending += n
	if err == nil && s.pending >= syncEvery {
		s.pending = 0
		err = s.f.Sync()
	}
	return n, err
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// verifySnapshot checks a snapshot file against the manifest's record of it and its own
// trailer, reading it whole, before anything in it is decoded.
func verifySnapshot(path string, ref *snapshotRef) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("the snapshot %s named by the manifest is missing", path)
	}
	if err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	damaged := func(why string) error { return fmt.Errorf("the snapshot %s is damaged: %s", path, why) }
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	if st.Size() != ref.Size {
		return damaged(fmt.Sprintf("it has %d bytes, the manifest says %d", st.Size(), ref.Size))
	}
	if st.Size() < snapshotTrailerSize {
		return damaged("it is shorter than its trailer")
	}
	body := st.Size() - snapshotTrailerSize
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, body)); err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	trailer := make([]byte, snapshotTrailerSize)
	if _, err := io.ReadFull(f, trailer); err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	sum := h.Sum(nil)
	switch {
	case string(trailer[:8]) != snapshotMagic:
		return damaged("its trailer is not a snapshot trailer")
	case binary.BigEndian.Uint64(trailer[8:16]) != ref.Seq:
		return damaged(fmt.Sprintf("its trailer says it holds the changes up to %d, the manifest says %d", binary.BigEndian.Uint64(trailer[8:16]), ref.Seq))
	case binary.BigEndian.Uint64(trailer[16:24]) != uint64(body):
		return damaged("its trailer gives another length")
	case !bytes.Equal(trailer[24:], sum):
		return damaged("its checksum does not match its contents")
	case hex.EncodeToString(sum) != ref.SHA256:
		return damaged("its checksum is not the one the manifest records (a snapshot from another directory or time)")
	}
	return nil
}

// loadSnapshotFile loads a verified snapshot of version 3 into g and checks that it belongs to
// the directory and holds the changes the manifest says.
func loadSnapshotFile(path string, g *graph, ref *snapshotRef, dir [16]byte) error {
	if err := verifySnapshot(path, ref); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	defer f.Close()
	head, err := decodeSnapshot(bufio.NewReaderSize(io.LimitReader(f, ref.Size-snapshotTrailerSize), 1<<20), g, snapshotVersion)
	if err != nil {
		return fmt.Errorf("the snapshot %s is damaged: %w", path, err)
	}
	if head.Dir != dir {
		return fmt.Errorf("the snapshot %s belongs to another data directory", path)
	}
	if head.Seq != ref.Seq {
		return fmt.Errorf("the snapshot %s is damaged: it holds the changes up to %d, the manifest says %d", path, head.Seq, ref.Seq)
	}
	return nil
}

// encodeSnapRelation numbers a relation's ends, type and citation sources.
func encodeSnapRelation(r *ecosystem.Relation, pos map[ecosystem.NodeKey]int, types map[ecosystem.RelationType]int) (snapRelation, error) {
	from, okFrom := pos[r.From]
	to, okTo := pos[r.To]
	t, okType := types[r.Type]
	if !okFrom || !okTo || !okType {
		return snapRelation{}, fmt.Errorf("relation %s: an end or its type is not in the snapshot", r.ID)
	}
	sr := snapRelation{ID: r.ID, Type: t, From: from, To: to, Title: r.Title, Topic: r.Topic,
		Count: r.Count, Since: r.Since, Until: r.Until, Sources: make([]snapCitation, len(r.Sources))}
	for i, c := range r.Sources {
		sc := snapCitation{Source: -1, Locator: c.Locator, Note: c.Note, Inferred: c.Inferred}
		if p, ok := pos[ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}]; ok {
			sc.Source = p
		} else {
			sc.Slug = c.Source
		}
		sr.Sources[i] = sc
	}
	return sr, nil
}

// decodeSnapshot puts the graph of a snapshot stream of the given layout version into g and
// returns its header.
func decodeSnapshot(r io.Reader, g *graph, version int) (head snapshotHeader, err error) {
	damaged := func(err error) (snapshotHeader, error) { return head, err }
	dec := gob.NewDecoder(r)
	if err := dec.Decode(&head); err != nil {
		return damaged(err)
	}
	if head.Version != version {
		return damaged(fmt.Errorf("layout version %d, expected %d", head.Version, version))
	}
	var nodes binarySnapshot
	if err := dec.Decode(&nodes); err != nil {
		return damaged(err)
	}
	if n := nodes.count(); n != head.Nodes {
		return damaged(fmt.Errorf("%d nodes, the header says %d", n, head.Nodes))
	}
	g.reserve(head.Nodes, head.Relations)
	// The relations decode on their own goroutine while the nodes, then the earlier chunks, go
	// into the graph.
	chunks := make(chan []snapRelation, 2)
	decoded := make(chan error, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(chunks)
		for read := 0; read < head.Relations; {
			var chunk []snapRelation
			if err := dec.Decode(&chunk); err != nil {
				decoded <- err
				return
			}
			if len(chunk) == 0 {
				decoded <- errors.New("an empty chunk of relations")
				return
			}
			read += len(chunk)
			select {
			case chunks <- chunk:
			case <-stop:
				return
			}
		}
		decoded <- nil
	}()
	// Analysing the names (folding, stemming) is most of the work a node costs; it runs on
	// its own goroutine ahead of the insertions.
	type analysed struct {
		n        ecosystem.Node
		names    []polish.Name
		sortName string
	}
	ready := make(chan []analysed, 4)
	go func() {
		defer close(ready)
		batch := make([]analysed, 0, 1024)
		nodes.each(func(n ecosystem.Node) {
			names, sortName := analyse(n)
			batch = append(batch, analysed{n, names, sortName})
			if len(batch) == cap(batch) {
				ready <- batch
				batch = make([]analysed, 0, 1024)
			}
		})
		ready <- batch
	}()
	byPos := make([]*node, 0, head.Nodes)
	for batch := range ready {
		for _, a := range batch {
			g.putAnalysedNode(a.n, a.names, a.sortName)
			byPos = append(byPos, g.nodes[a.n.Key()])
		}
	}
	types := head.RelationTypes
	for _, t := range types {
		if !t.IsValid() {
			return damaged(fmt.Errorf("unknown relation type %q", t))
		}
	}
	read := 0
	for chunk := range chunks {
		for i := range chunk {
			sr := &chunk[i]
			if sr.From < 0 || sr.From >= len(byPos) || sr.To < 0 || sr.To >= len(byPos) || sr.Type < 0 || sr.Type >= len(types) {
				return damaged(fmt.Errorf("relation %s names a node or type that is not in the snapshot", sr.ID))
			}
			from, to := byPos[sr.From], byPos[sr.To]
			r := ecosystem.Relation{ID: sr.ID, Type: types[sr.Type], From: from.key, To: to.key, Title: sr.Title, Topic: sr.Topic,
				Count: sr.Count, Since: sr.Since, Until: sr.Until, Sources: make([]ecosystem.Citation, len(sr.Sources))}
			for j, sc := range sr.Sources {
				c := ecosystem.Citation{Source: sc.Slug, Locator: sc.Locator, Note: sc.Note, Inferred: sc.Inferred}
				if sc.Source >= 0 {
					if sc.Source >= len(byPos) {
						return damaged(fmt.Errorf("relation %s cites a node that is not in the snapshot", sr.ID))
					}
					c.Source = byPos[sc.Source].key.Slug
				}
				r.Sources[j] = c
			}
			g.putRelationBetween(&r, from, to)
		}
		read += len(chunk)
	}
	if err := <-decoded; err != nil {
		return damaged(err)
	}
	if read != head.Relations {
		return damaged(fmt.Errorf("%d relations, the header says %d", read, head.Relations))
	}
	for from, to := range head.Redirects {
		k, err := ecosystem.ParseGlobalID(from)
		if err != nil {
			return damaged(fmt.Errorf("redirect: %w", err))
		}
		g.redirects[k] = to
	}
	return head, nil
}
