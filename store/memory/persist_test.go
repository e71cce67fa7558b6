package memory

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// changes builds n change sets, each adding an organisation and a relation to the first one.
func changes(n int) []store.ChangeSet {
	src := &model.Source{Entity: model.Entity{Slug: "src", Name: "Source"}, Kind: model.SourceArticle}
	cite := []model.Citation{{Source: "src", Locator: "¶1"}}
	out := []store.ChangeSet{{PutNodes: []model.Node{src}}}
	for i := range n {
		o := &model.Organisation{Entity: model.Entity{Slug: fmt.Sprintf("org-%d", i), Name: fmt.Sprintf("Organizacja %d", i), Sources: cite}, Kind: model.KindNGO, Country: "PL"}
		cs := store.ChangeSet{PutNodes: []model.Node{o}}
		if i > 0 {
			from, to := o.Key(), model.NodeKey{Type: model.NodeOrganisation, Slug: "org-0"}
			cs.PutRelations = []*model.Relation{{ID: model.RelationID(model.RelCooperatesWith, from, to), Type: model.RelCooperatesWith, From: from, To: to, Sources: cite}}
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
	merge := store.ChangeSet{Merges: []store.Merge{{Survivor: model.NodeKey{Type: model.NodeOrganisation, Slug: "org-1"}, Merged: model.NodeKey{Type: model.NodeOrganisation, Slug: "org-2"}}}}
	if _, err := s.Apply(t.Context(), merge); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []model.NodeKey{{Type: model.NodeOrganisation, Slug: "org-4"}}}); err != nil {
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
	got, err := again.Nodes(t.Context(), []model.NodeKey{{Type: model.NodeOrganisation, Slug: "org-2"}})
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
	path := filepath.Join(dir, logName)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][]byte{
		"half a header":       {0, 0},
		"a record cut short":  append([]byte{0, 0, 1, 0, 1, 2, 3, 4}, []byte(`{"seq":99,"putNo`)...),
		"a checksum mismatch": append([]byte{0, 0, 0, 10, 9, 9, 9, 9}, []byte(`{"seq":99}`)...),
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
			if !strings.Contains(logs.String(), "torn or damaged") {
				t.Errorf("no warning logged: %s", logs.String())
			}
			// The file was cut back to its good records, and appends continue after them.
			if info, _ := os.Stat(path); info.Size() != int64(len(good)) {
				t.Errorf("log is %d bytes after recovery, want %d", info.Size(), len(good))
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
	wantNodes, wantRels := count(t, s)
	if _, err := os.Stat(filepath.Join(dir, snapshotName)); err != nil {
		t.Fatalf("no snapshot written: %v", err)
	}
	if info, _ := os.Stat(filepath.Join(dir, logName)); info.Size() >= 2000 {
		t.Errorf("the log was not compacted: %d bytes", info.Size())
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
func abandon(s *Store) {
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
	path := filepath.Join(dir, logName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data[20] ^= 0xff // inside the first record's payload: its checksum no longer matches
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
// wrote as JSON opens with every node and relation; the next snapshot is binary, replaces the
// JSON one, and reads back the same graph.
func TestJSONSnapshotOfEarlierVersionsIsRead(t *testing.T) {
	dir := t.TempDir()
	var nodes []model.Node
	var rels []*model.Relation
	for _, cs := range changes(5) {
		nodes = append(nodes, cs.PutNodes...)
		rels = append(rels, cs.PutRelations...)
	}
	encoded, err := encodeNodes(nodes)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(snapshot{Seq: 6, Nodes: encoded, Relations: rels})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, jsonSnapshotName), data, 0o640); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	if n, r := count(t, s); n != 6 || r != 4 || s.IsNew() {
		t.Fatalf("from the JSON snapshot: %d nodes, %d relations (new %v); want 6, 4", n, r, s.IsNew())
	}
	s.wal.snapshotAfter = 1
	if _, err := s.Apply(t.Context(), changes(7)[6]); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, jsonSnapshotName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the JSON snapshot is still there after a binary one was written: %v", err)
	}
	abandon(s)
	re, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close(context.Background())
	if n, r := count(t, re); n != 7 || r != 5 {
		t.Errorf("from the binary snapshot: %d nodes, %d relations; want 7, 5", n, r)
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
	if _, err := os.Stat(filepath.Join(dir, snapshotName)); err != nil {
		t.Fatalf("no snapshot was written: %v", err)
	}
	abandon(s)
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
	if err := os.WriteFile(filepath.Join(dir, snapshotName), nil, 0o640); err != nil {
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

// TestShortSnapshotIsDamage: a snapshot cut anywhere (in the header, the nodes or a chunk of
// relations) refuses to start rather than opening part of the graph.
func TestShortSnapshotIsDamage(t *testing.T) {
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
	whole, err := os.ReadFile(filepath.Join(dir, snapshotName))
	if err != nil {
		t.Fatal(err)
	}
	for _, keep := range []int{10, len(whole) / 3, len(whole) * 2 / 3, len(whole) - 1} {
		cut := t.TempDir()
		if err := os.WriteFile(filepath.Join(cut, snapshotName), whole[:keep], 0o640); err != nil {
			t.Fatal(err)
		}
		if s, err := Open(cut, quiet()); err == nil {
			n, r := count(t, s)
			s.Close(context.Background())
			t.Errorf("a snapshot cut to %d of %d bytes opened with %d nodes and %d relations", keep, len(whole), n, r)
		}
	}
}
