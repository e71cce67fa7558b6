package memory

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// changes builds n change sets, each adding an organisation and a relation to the first one.
func changes(n int) []store.ChangeSet {
	src := &ecosystem.Source{Entity: ecosystem.Entity{Slug: "src", Name: "Source"}, Kind: ecosystem.SourceArticle}
	cite := []ecosystem.Citation{{Source: "src", Locator: "¶1"}}
	out := []store.ChangeSet{{PutNodes: []ecosystem.Node{src}}}
	for i := range n {
		o := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: fmt.Sprintf("org-%d", i), Name: fmt.Sprintf("Organizacja %d", i), Sources: cite}, Kind: ecosystem.KindNGO, Country: "PL"}
		cs := store.ChangeSet{PutNodes: []ecosystem.Node{o}}
		if i > 0 {
			from, to := o.Key(), ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "org-0"}
			cs.PutRelations = []*ecosystem.Relation{{ID: ecosystem.RelationID(ecosystem.RelCooperatesWith, from, to), Type: ecosystem.RelCooperatesWith, From: from, To: to, Sources: cite}}
		}
		out = append(out, cs)
	}
	return out
}

func count(t *testing.T, s *Store) (nodes, rels int) {
	t.Helper()
	st, err := s.Stats(context.Background(), store.StatsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range st.Nodes {
		nodes += c.Count
	}
	for _, c := range st.Relations {
		rels += c.Count
	}
	return nodes, rels
}

func TestPersistedChangesSurviveReopening(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range changes(5) {
		if _, err := s.Apply(t.Context(), cs); err != nil {
			t.Fatal(err)
		}
	}
	// A merge and a deletion are replayed too.
	merge := store.ChangeSet{Merges: []store.Merge{{Survivor: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "org-1"}, Merged: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "org-2"}}}}
	if _, err := s.Apply(t.Context(), merge); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "org-4"}}}); err != nil {
		t.Fatal(err)
	}
	wantNodes, wantRels := count(t, s)
	// No Close: as after kill -9, only what was fsynced counts (dying releases the lock).
	abandon(s)
	again, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if n, r := count(t, again); n != wantNodes || r != wantRels {
		t.Errorf("reopened store has %d nodes, %d relations; want %d, %d", n, r, wantNodes, wantRels)
	}
	got, err := again.Nodes(t.Context(), []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "org-2"}})
	if err != nil || got[0] == nil || got[0].Key().Slug != "org-1" {
		t.Errorf("the merge redirect was not restored: %v %v", got, err)
	}
}

func TestTornLastRecordIsCutOffWithAWarning(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range changes(3) {
		if _, err := s.Apply(t.Context(), cs); err != nil {
			t.Fatal(err)
		}
	}
	wantNodes, wantRels := count(t, s)
	abandon(s)
	path := filepath.Join(dir, logFileName(0))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	next := encodeRecord(5, []byte(`{"seq":5,"putNodes":[]}`))
	cases := map[string][]byte{
		"half a header":      next[:7],
		"a record cut short": next[:len(next)-4],
		"zeros where the record's last bytes should be": append(bytes.Clone(next[:len(next)-4]), 0, 0, 0, 0),
		"zeros after the last record":                   make([]byte, 300),
	}
	for name, tail := range cases {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(path, append(bytes.Clone(good), tail...), 0o640); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			re, err := Open(dir, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatalf("a torn record made the store fail: %v", err)
			}
			defer abandon(re)
			if n, r := count(t, re); n != wantNodes || r != wantRels {
				t.Errorf("%d nodes, %d relations after recovery; want %d, %d", n, r, wantNodes, wantRels)
			}
			if !strings.Contains(logs.String(), "never acknowledged") {
				t.Errorf("no warning logged: %s", logs.String())
			}
			// The file was cut back to its good records, and appends continue after them.
			if info, _ := os.Stat(path); info.Size() != int64(len(good)) {
				t.Errorf("log is %d bytes after recovery, want %d", info.Size(), len(good))
			}
			if tail, err := os.ReadFile(fmt.Sprintf("%s.cut-%d", path, len(good))); err != nil || !bytes.Equal(tail, cases[name]) {
				t.Errorf("the bytes cut off were not kept beside the log: %v", err)
			}
			more := changes(4)[4]
			if _, err := re.Apply(t.Context(), more); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSnapshotCompactsTheLog(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	s.wal.snapshotAfter = 2000
	for _, cs := range changes(30) {
		if _, err := s.Apply(t.Context(), cs); err != nil {
			t.Fatal(err)
		}
	}
	s.wal.waitSnapshot()
	wantNodes, wantRels := count(t, s)
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Snapshot == nil || s.SnapshotStats().Taken == 0 {
		t.Fatalf("no snapshot written: %+v", m)
	}
	// Only the snapshot's files and the logs after it are left.
	if got := dataFiles(dir); len(got) != len(m.Logs)+1 {
		t.Errorf("files left after compaction: %v; the manifest names %+v", got, m)
	}
	if m.Logs[0].Base != m.Snapshot.Seq || m.Snapshot.Seq < 2 {
		t.Errorf("the logs do not start where the snapshot ends: %+v", m)
	}
	abandon(s)
	re, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if n, r := count(t, re); n != wantNodes || r != wantRels {
		t.Errorf("after snapshot and log: %d nodes, %d relations; want %d, %d", n, r, wantNodes, wantRels)
	}
}

// abandon drops a store as a killed process would: its files close, nothing else happens.
// A snapshot being written is waited for, so that the test's directory is still there.
func abandon(s *Store) {
	s.wal.waitSnapshot()
	s.wal.lock.Close()
	s.wal.f.Close()
}

func TestDataDirIsLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if _, err := Open(dir, quiet()); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("a second store on the same directory: %v", err)
	}
}

// TestDamageInTheMiddleRefusesToStart: a bad record followed by good ones is not a torn append;
// cutting there would drop acknowledged writes, so the store refuses to open and leaves the file.
func TestDamageInTheMiddleRefusesToStart(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range changes(4) {
		if _, err := s.Apply(t.Context(), cs); err != nil {
			t.Fatal(err)
		}
	}
	abandon(s)
	path := filepath.Join(dir, logFileName(0))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[logHeaderSize+recordHeaderSize+5] ^= 0xff // inside the first record's payload: its checksum no longer matches
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, quiet()); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("a damaged record in the middle: %v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, data) {
		t.Error("the damaged log was changed")
	}
}

// TestFailedAppendTakesTheLogOutOfService: after an append fails the log refuses writes, and
// what was acknowledged before is intact.
func TestFailedAppendTakesTheLogOutOfService(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	cs := changes(3)
	for _, c := range cs[:2] {
		if _, err := s.Apply(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	s.wal.f.Close() // the next write fails as a full or failing disk would
	if _, err := s.Apply(t.Context(), cs[2]); !errors.Is(err, store.ErrUnavailable) {
		t.Fatalf("a failed append: %v", err)
	}
	if _, err := s.Apply(t.Context(), cs[2]); err == nil || !strings.Contains(err.Error(), "out of service") {
		t.Fatalf("the log took another write after a failure: %v", err)
	}
	s.wal.lock.Close()
	re, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close(context.Background())
	if n, _ := count(t, re); n != 2 {
		t.Errorf("%d nodes after recovery, want the 2 acknowledged", n)
	}
}

// TestJSONSnapshotOfEarlierVersionsIsRead: a data directory whose snapshot an earlier version
// wrote as JSON (with a log of the earlier framing after it) opens with every node and
// relation, is converted to the current format, and reads back the same graph.
func TestJSONSnapshotOfEarlierVersionsIsRead(t *testing.T) {
	dir := t.TempDir()
	var nodes []ecosystem.Node
	var rels []*ecosystem.Relation
	all := changes(6)
	for _, cs := range all[:5] {
		nodes = append(nodes, cs.PutNodes...)
		rels = append(rels, cs.PutRelations...)
	}
	encoded, err := encodeNodes(nodes)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(jsonSnapshot{Seq: 6, Nodes: encoded, Relations: rels})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, legacyJSONSnapshotName), data, 0o640); err != nil {
		t.Fatal(err)
	}
	// One record of the old framing after the snapshot, and one it already holds.
	var oldLog []byte
	for i, cs := range []store.ChangeSet{all[4], all[5]} {
		seq := uint64(6 + i)
		enc, _ := encodeNodes(cs.PutNodes)
		payload, _ := json.Marshal(record{Seq: seq, PutNodes: enc, PutRelations: cs.PutRelations})
		head := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
		head = binary.BigEndian.AppendUint32(head, crc32.Checksum(payload, crcTable))
		oldLog = append(append(oldLog, head...), payload...)
	}
	if err := os.WriteFile(filepath.Join(dir, legacyLogName), oldLog, 0o640); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if n, r := count(t, s); n != 6 || r != 4 || s.IsNew() {
		t.Fatalf("from the JSON snapshot and the old log: %d nodes, %d relations (new %v); want 6, 4", n, r, s.IsNew())
	}
	for _, name := range []string{legacyJSONSnapshotName, legacyLogName} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after the conversion: %v", name, err)
		}
	}
	if _, err := s.Apply(t.Context(), changes(8)[7]); err != nil {
		t.Fatal(err)
	}
	abandon(s)
	re, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close(context.Background())
	if n, r := count(t, re); n != 7 || r != 5 {
		t.Errorf("after the conversion: %d nodes, %d relations; want 7, 5", n, r)
	}
}

// TestBinarySnapshotKeepsEveryField: the whole seed written to a snapshot and read back is the
// same graph, field for field: nodes with their aliases, dates, coordinates and citations, and
// relations with their properties.
func TestBinarySnapshotKeepsEveryField(t *testing.T) {
	ds, err := seed.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	s.wal.snapshotAfter = 1
	if _, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: ds.Nodes, PutRelations: ds.Relations}); err != nil {
		t.Fatal(err)
	}
	abandon(s)
	// The log after the snapshot is empty: everything is read from the snapshot.
	if m, err := readManifest(dir); err != nil || m.Snapshot == nil || m.Snapshot.Seq != 1 {
		t.Fatalf("no snapshot was written: %+v %v", m, err)
	}
	re, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close(context.Background())
	if len(re.g.nodes) != len(ds.Nodes) || len(re.g.rels) != len(ds.Relations) {
		t.Fatalf("read back %d nodes and %d relations, want %d and %d", len(re.g.nodes), len(re.g.rels), len(ds.Nodes), len(ds.Relations))
	}
	for _, n := range ds.Nodes {
		got, ok := re.g.nodes[n.Key()]
		if !ok {
			t.Errorf("%s is missing", n.Key())
			continue
		}
		if !sameValue(reflect.ValueOf(got.n), reflect.ValueOf(n)) {
			t.Errorf("%s differs after the snapshot:\n got %#v\nwant %#v", n.Key(), got.n, n)
		}
	}
	for _, r := range ds.Relations {
		got, ok := re.g.rels[r.ID]
		if !ok {
			t.Errorf("relation %s is missing", r.ID)
			continue
		}
		if !sameValue(reflect.ValueOf(got), reflect.ValueOf(r)) {
			t.Errorf("relation %s differs after the snapshot:\n got %+v\nwant %+v", r.ID, got, r)
		}
	}
}

// TestEmptySnapshotIsDamage: a snapshot file with nothing in it refuses to start instead of
// opening an empty graph.
func TestEmptySnapshotIsDamage(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, legacySnapshotName), nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(dir, quiet()); err == nil {
		s.Close(context.Background())
		t.Fatal("an empty snapshot opened as an empty graph")
	}
}

// sameValue is reflect.DeepEqual except that a nil slice or map equals an empty one: the API
// answers both as an empty list, and gob does not tell them apart.
func sameValue(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			if !sameValue(a.MapIndex(k), b.MapIndex(k)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	default:
		return a.Equal(b)
	}
}
