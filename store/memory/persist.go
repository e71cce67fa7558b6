package memory

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// Durability. With a data directory, every change set is appended to a log and fsynced before
// it is applied in memory and acknowledged, so an acknowledged write survives a crash or kill -9.
// The log is a sequence of records:
//
//	uint32 length | uint32 CRC-32C of the payload | payload (JSON of a record)
//
// At start the store loads the latest snapshot and replays the records after it. A torn or
// corrupt record (a crash in the middle of an append) is detected by its length or checksum,
// reported with a warning, and cut off, so appends continue after the last good record; every
// record before it is kept. When the log grows past a threshold the store writes a snapshot of
// the whole graph to a temporary file, fsyncs it, renames it into place, fsyncs the directory
// and only then empties the log; records carry sequence numbers, so a crash between the two
// steps replays nothing twice.

const (
	logName      = "changes.log"
	snapshotName = "snapshot.gob"
	// jsonSnapshotName is the snapshot earlier versions wrote; it is read when there is no
	// snapshotName, and removed once a snapshotName is written.
	jsonSnapshotName = "snapshot.json"
	// snapshotAfter is the log size that triggers a snapshot.
	snapshotAfter = 64 << 20
	// maxRecord bounds a record's length, so that a corrupt length cannot ask for gigabytes.
	maxRecord = 512 << 20
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// typedNode is a node with its type, for JSON.
type typedNode struct {
	Type model.NodeType  `json:"type"`
	Doc  json.RawMessage `json:"doc"`
}

// record is one logged change set.
type record struct {
	Seq             uint64            `json:"seq"`
	PutNodes        []typedNode       `json:"putNodes,omitempty"`
	PutRelations    []*model.Relation `json:"putRelations,omitempty"`
	DeleteNodes     []model.NodeKey   `json:"deleteNodes,omitempty"`
	DeleteRelations []string          `json:"deleteRelations,omitempty"`
	Merges          []store.Merge     `json:"merges,omitempty"`
	JoinRelations   []*model.Relation `json:"joinRelations,omitempty"`
}

// snapshot is the whole graph at a sequence number.
type snapshot struct {
	Seq       uint64                   `json:"seq"`
	Nodes     []typedNode              `json:"nodes"`
	Relations []*model.Relation        `json:"relations"`
	Redirects map[string]model.NodeKey `json:"redirects,omitempty"`
}

// wal is the store's log file.
type wal struct {
	dir    string
	lock   *os.File
	f      *os.File
	size   int64
	seq    uint64
	logger *slog.Logger
	// snapshotAfter is the log size that triggers a snapshot (snapshotAfter by default; tests
	// lower it); after a failed snapshot it moves on, so a failure is not retried every write.
	snapshotAfter int64
	// broken is set when an append could not be made durable: the file's state is then
	// unknown, so every later write is refused until the process restarts and recovers.
	broken error
}

// Open returns a store persisted in dir (created if missing): the snapshot and the log are read
// back, a torn last record is cut off with a warning.
func Open(dir string, logger *slog.Logger) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s := New()
	w := &wal{dir: dir, lock: lock, logger: logger, snapshotAfter: snapshotAfter}
	if err := w.loadSnapshot(s.g); err != nil {
		lock.Close()
		return nil, err
	}
	if err := w.replay(s.g); err != nil {
		lock.Close()
		return nil, err
	}
	// The log and lock files may be new: make their directory entries durable too.
	if err := syncDir(dir); err != nil {
		lock.Close()
		return nil, fmt.Errorf("fsync the data directory: %w", err)
	}
	if err := syncDir(filepath.Dir(filepath.Clean(dir))); err != nil {
		lock.Close()
		return nil, fmt.Errorf("fsync the data directory's parent: %w", err)
	}
	s.g.refreshTerms()
	s.wal = w
	return s, nil
}

// IsNew reports whether the data directory has never recorded a change: a first start, the
// only one that seeds. (A graph whose nodes were all deleted is not new.)
func (s *Store) IsNew() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.wal == nil || s.wal.seq == 0
}

func encodeNodes(nodes []model.Node) ([]typedNode, error) {
	out := make([]typedNode, len(nodes))
	for i, n := range nodes {
		doc, err := json.Marshal(n)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", n.Key(), err)
		}
		out[i] = typedNode{Type: n.Key().Type, Doc: doc}
	}
	return out, nil
}

func decodeNodes(in []typedNode) ([]model.Node, error) {
	out := make([]model.Node, len(in))
	for i, t := range in {
		n := model.NewNode(t.Type, "")
		if n == nil {
			return nil, fmt.Errorf("unknown node type %q", t.Type)
		}
		if err := json.Unmarshal(t.Doc, n); err != nil {
			return nil, fmt.Errorf("decode %s node: %w", t.Type, err)
		}
		out[i] = n
	}
	return out, nil
}

// append writes a change set as the next record and fsyncs it.
func (w *wal) append(cs store.ChangeSet) error {
	nodes, err := encodeNodes(cs.PutNodes)
	if err != nil {
		return err
	}
	rec := record{Seq: w.seq + 1, PutNodes: nodes, PutRelations: cs.PutRelations,
		DeleteNodes: cs.DeleteNodes, DeleteRelations: cs.DeleteRelations, Merges: cs.Merges, JoinRelations: cs.JoinRelations}
	payload, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode change set: %w", err)
	}
	if len(payload) > maxRecord {
		return store.Invalidf("the change set is too large to log (%d bytes)", len(payload))
	}
	buf := make([]byte, 8+len(payload))
	binary.BigEndian.PutUint32(buf[0:4], uint32(len(payload)))
	binary.BigEndian.PutUint32(buf[4:8], crc32.Checksum(payload, crcTable))
	copy(buf[8:], payload)
	if w.broken != nil {
		return fmt.Errorf("%w: the change log is out of service after an earlier failure (%v); restart the server", store.ErrUnavailable, w.broken)
	}
	if _, err := w.f.Write(buf); err != nil {
		// Cut off whatever part was written, so the log stays a sequence of whole records.
		w.fail(err)
		return fmt.Errorf("%w: append to the change log: %v", store.ErrUnavailable, err)
	}
	if err := w.f.Sync(); err != nil {
		// The record may or may not be on disk. It must not stay in the file: a later record
		// would reuse its sequence number and replay would keep the wrong one.
		w.fail(err)
		return fmt.Errorf("%w: fsync the change log: %v", store.ErrUnavailable, err)
	}
	w.size += int64(len(buf))
	w.seq = rec.Seq
	return nil
}

// fail cuts the log back to its last acknowledged record and takes it out of service.
func (w *wal) fail(err error) {
	w.broken = err
	_ = w.f.Truncate(w.size)
	_, _ = w.f.Seek(w.size, io.SeekStart)
	_ = w.f.Sync()
}

// loadSnapshot reads the snapshot, if any, into g.
func (w *wal) loadSnapshot(g *graph) error {
	if found, err := w.loadBinarySnapshot(g); found || err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(w.dir, jsonSnapshotName))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read snapshot: %w", err)
	}
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return fmt.Errorf("the snapshot %s is damaged: %w", filepath.Join(w.dir, jsonSnapshotName), err)
	}
	nodes, err := decodeNodes(snap.Nodes)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	for _, n := range nodes {
		g.putNode(n)
	}
	for _, r := range snap.Relations {
		g.putRelation(r)
	}
	for from, to := range snap.Redirects {
		k, err := model.ParseGlobalID(from)
		if err != nil {
			return fmt.Errorf("snapshot redirect: %w", err)
		}
		g.redirects[k] = to
	}
	w.seq = snap.Seq
	return nil
}

// replay applies the log's records after the snapshot and opens the log for appending. A bad
// record ends the replay: the file is cut there, with a warning.
func (w *wal) replay(g *graph) error {
	path := filepath.Join(w.dir, logName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return fmt.Errorf("open change log: %w", err)
	}
	r := bufio.NewReaderSize(f, 1<<20)
	var good int64
	replayed := 0
	for {
		payload, n, err := readRecord(r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err == nil {
			var rec record
			if jerr := json.Unmarshal(payload, &rec); jerr != nil {
				err = fmt.Errorf("record does not decode: %v", jerr)
			} else {
				good += n
				if rec.Seq <= w.seq {
					continue // already in the snapshot
				}
				nodes, derr := decodeNodes(rec.PutNodes)
				if derr != nil {
					f.Close()
					return fmt.Errorf("change log record %d: %w", rec.Seq, derr)
				}
				g.applyChanges(store.ChangeSet{PutNodes: nodes, PutRelations: rec.PutRelations,
					DeleteNodes: rec.DeleteNodes, DeleteRelations: rec.DeleteRelations, Merges: rec.Merges,
					JoinRelations: rec.JoinRelations})
				w.seq = rec.Seq
				replayed++
				continue
			}
		}
		// A bad record at the very end is a torn append: cut it off. A bad record followed by
		// more data is damage in the middle of the log: refuse to start rather than drop the
		// acknowledged writes after it.
		if rest, _ := io.Copy(io.Discard, r); rest > 0 && !errors.Is(err, errTruncated) {
			f.Close()
			return fmt.Errorf("the change log %s is damaged at byte %d (%v) with %d bytes after it; it is left as it is: restore it from a backup or cut it there by hand", path, good, err, rest)
		}
		w.logger.Warn("the change log ends in a torn or damaged record; it is cut off and every earlier change is kept",
			"file", path, "offset", good, "reason", err)
		break
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return fmt.Errorf("cut the change log: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	w.f, w.size = f, good
	if replayed > 0 {
		w.logger.Info("replayed the change log", "records", replayed, "seq", w.seq)
	}
	return nil
}

// errTruncated marks a record the file ends inside of: a torn append.
var errTruncated = errors.New("truncated")

// readRecord reads one record and returns its payload and length on disk.
func readRecord(r *bufio.Reader) ([]byte, int64, error) {
	var head [8]byte
	n, err := io.ReadFull(r, head[:])
	if errors.Is(err, io.EOF) && n == 0 {
		return nil, 0, io.EOF
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%w header (%d of 8 bytes)", errTruncated, n)
	}
	size := binary.BigEndian.Uint32(head[0:4])
	if size == 0 || size > maxRecord {
		return nil, 0, fmt.Errorf("impossible record length %d", size)
	}
	payload := make([]byte, size)
	if m, err := io.ReadFull(r, payload); err != nil {
		return nil, 0, fmt.Errorf("%w record (%d of %d bytes)", errTruncated, m, size)
	}
	if crc32.Checksum(payload, crcTable) != binary.BigEndian.Uint32(head[4:8]) {
		return nil, 0, fmt.Errorf("checksum mismatch")
	}
	return payload, int64(8 + size), nil
}

// maybeSnapshot compacts the log when it has grown past the threshold. A failure is logged and
// retried after the next write: the log alone is still complete.
func (w *wal) maybeSnapshot(g *graph) {
	if w.size < w.snapshotAfter {
		return
	}
	if err := w.snapshot(g); err != nil {
		w.logger.Error("snapshot failed; the change log keeps every change", "error", err)
		w.snapshotAfter = w.size + snapshotAfter // try again once the log has grown as much again
	}
}

func (w *wal) snapshot(g *graph) error {
	snap := &binarySnapshot{Seq: w.seq, Redirects: map[string]model.NodeKey{}}
	nodes := make([]*node, 0, len(g.nodes))
	for _, rec := range g.nodes {
		nodes = append(nodes, rec)
	}
	slices.SortFunc(nodes, func(a, b *node) int { return strings.Compare(a.gid, b.gid) })
	for _, rec := range nodes {
		if err := snap.add(rec.n); err != nil {
			return err
		}
	}
	snap.Relations = make([]*model.Relation, 0, len(g.rels))
	for _, r := range g.rels {
		snap.Relations = append(snap.Relations, r)
	}
	slices.SortFunc(snap.Relations, func(a, b *model.Relation) int { return strings.Compare(a.ID, b.ID) })
	for from, to := range g.redirects {
		snap.Redirects[from.GlobalID()] = to
	}
	tmp := filepath.Join(w.dir, snapshotName+".tmp")
	if err := writeBinarySnapshot(tmp, snap); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(w.dir, snapshotName)); err != nil {
		return err
	}
	if err := syncDir(w.dir); err != nil {
		return err
	}
	// A JSON snapshot from an earlier version is older than this one: remove it so that it is
	// never read instead.
	if err := os.Remove(filepath.Join(w.dir, jsonSnapshotName)); err == nil {
		if err := syncDir(w.dir); err != nil {
			return err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	// The snapshot is durable: the records it holds can go.
	if err := w.f.Truncate(0); err != nil {
		return err
	}
	if _, err := w.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	w.size = 0
	return w.f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (w *wal) close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	if w.lock != nil {
		w.lock.Close() // releases the lock
	}
	return err
}

// lockDir takes an exclusive lock on the data directory, so that two processes cannot append
// to one log. The lock is released when the file is closed or the process ends.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open the data directory lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("the data directory %s is in use by another process", dir)
	}
	return f, nil
}
