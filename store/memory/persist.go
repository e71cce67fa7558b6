package memory

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Durability. With a data directory, every change set is appended to the current change log
// and fsynced before it is applied in memory and acknowledged, so an acknowledged write
// survives a crash or kill -9. A data directory holds:
//
//	MANIFEST                       which snapshot and logs hold the graph (manifest.go)
//	snapshot-<seq>.gob             the whole graph after record <seq> (snapshot.go)
//	changes-<base>.log             the records after <base>, in order (logfile.go)
//	lock                           held while a process has the directory open
//
// At start the store loads the snapshot the manifest names and replays the logs after it. It
// recovers exactly what was acknowledged or refuses to start, with a message that says which
// file is damaged where, what cutting it would drop, and the command that does it (see
// Inspect and Repair): a damaged record is never taken for the end of the log. A directory that
// has acknowledged a write is never taken for a new one (Store.IsNew), so it is never seeded
// again.
//
// When the current log passes a threshold, a snapshot is taken without stopping readers or
// writers: under the write lock the store only starts a new log (named in the manifest) and
// takes the lists of its nodes and relations, which are never changed in place once stored;
// the snapshot is encoded and written from those lists in the background. When it is durable
// the manifest names it and drops the logs it covers. A crash at any step leaves a manifest
// naming files that hold every acknowledged change.

const (
	lockName = "lock"
	// snapshotAfter is the default log size that triggers a snapshot.
	snapshotAfter = 64 << 20
	// maxRecord bounds a record's length, so that a corrupt length cannot ask for gigabytes.
	maxRecord = 512 << 20
)

// Options configure a persisted store.
type Options struct {
	// Logger receives warnings (a torn append cut off) and snapshot reports.
	Logger *slog.Logger
	// SnapshotAfter is the log size in bytes that triggers a snapshot (0: 64 MiB).
	SnapshotAfter int64
	// MarkEvery is how many records pass between two marks of the acknowledged sequence
	// number in the manifest (0: markEvery): the most that a disk dropping the end of the
	// log after an unclean stop could take without the start noticing.
	MarkEvery int
}

// markEvery is the default of Options.MarkEvery: a manifest write (two fsyncs) per hundred
// writes.
const markEvery = 100

// typedNode is a node with its type, for JSON.
type typedNode struct {
	Type ecosystem.NodeType `json:"type"`
	Doc  json.RawMessage    `json:"doc"`
}

// record is one logged change set: the payload of a log record, as JSON.
type record struct {
	Seq             uint64                `json:"seq"`
	PutNodes        []typedNode           `json:"putNodes,omitempty"`
	PutRelations    []*ecosystem.Relation `json:"putRelations,omitempty"`
	DeleteNodes     []ecosystem.NodeKey   `json:"deleteNodes,omitempty"`
	DeleteRelations []string              `json:"deleteRelations,omitempty"`
	Merges          []store.Merge         `json:"merges,omitempty"`
	JoinRelations   []*ecosystem.Relation `json:"joinRelations,omitempty"`
}

// changeSet decodes a record's change set.
func (rec *record) changeSet() (store.ChangeSet, error) {
	nodes, err := decodeNodes(rec.PutNodes)
	if err != nil {
		return store.ChangeSet{}, err
	}
	return store.ChangeSet{PutNodes: nodes, PutRelations: rec.PutRelations, DeleteNodes: rec.DeleteNodes,
		DeleteRelations: rec.DeleteRelations, Merges: rec.Merges, JoinRelations: rec.JoinRelations}, nil
}

// SnapshotStats reports the snapshots a persisted store has taken since it was opened.
type SnapshotStats struct {
	Taken, Failed int
	// Pause is the time writers waited for the last snapshot (starting a log, listing the
	// graph); Duration the time it took to write in the background; Bytes its size.
	Pause, Duration time.Duration
	Bytes           int64
	// Running is set while a snapshot is being written.
	Running bool
}

// wal is the store's persistence: the current log, the manifest and the snapshot in progress.
// Its fields other than mu's are used under the store's write lock.
type wal struct {
	dir    string
	lock   *os.File
	logger *slog.Logger
	id     [16]byte
	f      *os.File // the current log, open for appending
	size   int64    // bytes in the current log
	seq    uint64   // the last sequence number written
	// snapshotAfter is the log size that triggers a snapshot.
	snapshotAfter int64
	// markEvery is Options.MarkEvery.
	markEvery uint64
	// broken is set when an append could not be made durable: the file's state is then
	// unknown, so every later write is refused until the process restarts and recovers.
	broken error

	// mu guards the manifest and the snapshot state, which the background snapshot changes.
	mu      sync.Mutex
	m       *manifest
	running chan struct{} // closed when the snapshot in progress ends; nil when none runs
	stats   SnapshotStats
}

// Open returns a store persisted in dir (created if missing), with default options.
func Open(dir string, logger *slog.Logger) (*Store, error) {
	return OpenWith(dir, Options{Logger: logger})
}

// OpenWith returns a store persisted in dir (created if missing): the snapshot and logs the
// manifest names are checked and loaded. A directory written by an earlier version is
// converted. Damage refuses to start, except an append the process died in after an unclean
// stop, which is cut off (its bytes kept beside the log) with a warning.
func OpenWith(dir string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.SnapshotAfter <= 0 {
		opts.SnapshotAfter = snapshotAfter
	}
	if opts.MarkEvery <= 0 {
		opts.MarkEvery = markEvery
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	s := New()
	w := &wal{dir: dir, lock: lock, logger: opts.Logger, snapshotAfter: opts.SnapshotAfter, markEvery: uint64(opts.MarkEvery)}
	if err := w.open(s.g); err != nil {
		if w.f != nil {
			w.f.Close()
		}
		lock.Close()
		return nil, err
	}
	// The lock file and the directory may be new: make their entries durable too.
	if err := syncDir(filepath.Dir(filepath.Clean(dir))); err != nil {
		w.f.Close()
		lock.Close()
		return nil, fmt.Errorf("fsync the data directory's parent: %w", err)
	}
	s.g.refreshTerms()
	s.wal = w
	return s, nil
}

// open loads the directory into g and leaves the last log open for appending.
func (w *wal) open(g *graph) error {
	m, err := readManifest(w.dir)
	switch {
	case errors.Is(err, errNoManifest):
		if old := legacyFiles(w.dir); len(old) > 0 {
			if found := dataFiles(w.dir); len(found) > 0 {
				return fmt.Errorf("the data directory %s holds files of an earlier version (%s) and of this one (%s) but no %s: it is not clear which hold the graph; restore the directory from a backup", w.dir, strings.Join(old, ", "), strings.Join(found, ", "), manifestName)
			}
			return w.convert(g, old)
		}
		if found := dataFiles(w.dir); len(found) > 0 {
			return fmt.Errorf("the data directory %s holds %s but no %s, which says which of them hold the graph: restore the directory from a backup", w.dir, strings.Join(found, ", "), manifestName)
		}
		return w.create()
	case err != nil:
		return err
	}
	id, _ := dirIDBytes(m.Dir) // readManifest checked it
	w.id, w.m = id, m
	st, err := recoverDir(w.dir, m, g, w.logger, true)
	if err != nil {
		return err
	}
	w.seq = st.seq
	f, err := os.OpenFile(filepath.Join(w.dir, m.Logs[len(m.Logs)-1].File), os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("open change log: %w", err)
	}
	if _, err := f.Seek(st.end, io.SeekStart); err != nil {
		f.Close()
		return err
	}
	w.f, w.size = f, st.end
	// From here the directory is open for writing: it is no longer cleanly closed.
	next := m.clone()
	next.Closed = nil
	next.Written = m.Written || w.seq > 0
	next.Acked = max(m.Acked, w.seq)
	if err := writeManifest(w.dir, next); err != nil {
		return err
	}
	w.m = next
	w.removeStale()
	return nil
}

// recovered is what recoverDir found.
type recovered struct {
	seq uint64 // the last sequence number
	end int64  // the end of the last good record in the last log
	// records counts the records replayed; cut is set when a torn append was cut off.
	records int
	cut     *logProblem
}

// recoverDir loads the snapshot and replays the logs m names into g. With repair, a torn
// append at the end of the last log after an unclean stop is cut off (its bytes kept in a file
// beside the log); without it, the log is left as it is and the cut is only reported.
func recoverDir(dir string, m *manifest, g *graph, logger *slog.Logger, repair bool) (recovered, error) {
	var st recovered
	id, err := dirIDBytes(m.Dir)
	if err != nil {
		return st, err
	}
	if m.Snapshot != nil {
		if err := loadSnapshotFile(filepath.Join(dir, m.Snapshot.File), g, m.Snapshot, id); err != nil {
			return st, fmt.Errorf("%w; the server does not start: restore the data directory from a backup", err)
		}
		st.seq = m.Snapshot.Seq
	}
	for i, l := range m.Logs {
		last := i == len(m.Logs)-1
		path := filepath.Join(dir, l.File)
		if l.Base != st.seq {
			return st, fmt.Errorf("the change logs are not continuous: %s starts after record %d, but the changes before it end at record %d; restore the data directory from a backup", path, l.Base, st.seq)
		}
		f, err := os.Open(path)
		if errors.Is(err, os.ErrNotExist) {
			return st, fmt.Errorf("the change log %s named by the manifest is missing: the changes after record %d are in it; restore it from a backup", path, l.Base)
		}
		if err != nil {
			return st, fmt.Errorf("open change log: %w", err)
		}
		head := make([]byte, logHeaderSize)
		n, _ := io.ReadFull(f, head)
		if err := checkLogHeader(head[:n], id, l.Base); err != nil {
			f.Close()
			return st, fmt.Errorf("the change log %s is damaged: %v; the server does not start: restore it from a backup", path, err)
		}
		end, seq, prob, err := scanLog(f, l.Base, func(_ uint64, payload []byte) error {
			var rec record
			if err := json.Unmarshal(payload, &rec); err != nil {
				return fmt.Errorf("the record does not decode: %w", err)
			}
			cs, err := rec.changeSet()
			if err != nil {
				return err
			}
			g.applyChanges(cs)
			st.records++
			return nil
		})
		f.Close()
		if err != nil {
			return st, fmt.Errorf("replay %s: %w", path, err)
		}
		st.seq, st.end = seq, end
		if prob == nil {
			continue
		}
		if !prob.Torn || !last || m.Closed != nil || prob.Seq <= m.Acked {
			later := 0
			for _, l := range m.Logs[i+1:] {
				if n, err := countLogRecords(filepath.Join(dir, l.File)); err == nil {
					later += n
				}
			}
			why := ""
			switch {
			case !prob.Torn:
			case m.Closed != nil:
				why = "after a clean close, so it is not a torn append"
			case prob.Seq <= m.Acked:
				why = fmt.Sprintf("in a record the directory had acknowledged (its manifest marks records up to %d), so it is not a torn append", m.Acked)
			case !last:
				why = "in a log that another follows, so it is not a torn append"
			}
			return st, damagedLog(dir, path, prob, why, later)
		}
		// After an unclean stop, the file ending inside its last record is an append the
		// process died in: it was never acknowledged.
		st.cut = prob
		if repair {
			if err := cutLog(path, prob.Offset); err != nil {
				return st, err
			}
		}
		logger.Warn("the change log ends inside a record that was being appended when the process stopped; that record was never acknowledged, so it is cut off and every acknowledged change is kept",
			"file", path, "offset", prob.Offset, "record", prob.Seq, "bytes", prob.Rest, "kept_in", path+fmt.Sprintf(".cut-%d", prob.Offset), "reason", prob.Reason)
	}
	if st.seq < m.Acked {
		return st, fmt.Errorf("the change logs end at record %d, but the data directory had acknowledged records up to at least %d: records are missing (the end of a log was lost); restore the data directory from a backup", st.seq, m.Acked)
	}
	if m.Closed != nil && st.seq != m.Closed.Seq {
		return st, fmt.Errorf("the data directory was closed cleanly after record %d, but its change logs end at record %d: records are missing; restore the data directory from a backup", m.Closed.Seq, st.seq)
	}
	if m.Written && st.seq == 0 {
		return st, fmt.Errorf("the data directory %s has acknowledged writes, but it holds no snapshot and its change log no record: restore it from a backup (it is never seeded again)", dir)
	}
	return st, nil
}

// damagedLog is the refusal for damage in a log, naming the repair that would cut there;
// laterLogs is the number of records in the logs after this one, which the cut drops too.
func damagedLog(dir, path string, p *logProblem, why string, laterLogs int) error {
	what := fmt.Sprintf("the change log %s is damaged %s", path, p)
	if why != "" {
		what += " " + why
	}
	drop := fmt.Sprintf("cutting there drops this record and the %d whole records found after it (%d bytes)", p.Later, p.Rest)
	if laterLogs > 0 {
		drop += fmt.Sprintf(", and the %d records of the logs after it", laterLogs)
	}
	return fmt.Errorf("%s; %s. The server does not start. Restore the directory from a backup, or keep the records before it with: server repair -data-dir %s -cut %s:%d",
		what, drop, dir, filepath.Base(path), p.Offset)
}

// cutLog truncates a log at offset, keeping the bytes cut off in a file beside it.
func cutLog(path string, offset int64) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if offset < int64(logHeaderSize) || offset > int64(len(data)) {
		return fmt.Errorf("offset %d is not inside the records of %s (%d bytes)", offset, path, len(data))
	}
	if tail := data[offset:]; len(tail) > 0 {
		if err := writeFileSync(fmt.Sprintf("%s.cut-%d", path, offset), tail); err != nil {
			return fmt.Errorf("keep the bytes cut off %s: %w", path, err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Truncate(offset); err != nil {
		return fmt.Errorf("cut the change log: %w", err)
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// create makes a new, empty data directory: its first log, then the manifest naming it.
func (w *wal) create() error {
	id, err := newDirID()
	if err != nil {
		return err
	}
	w.id, _ = dirIDBytes(id)
	f, err := w.newLog(0)
	if err != nil {
		return err
	}
	m := &manifest{Format: formatVersion, Dir: id, Logs: []logRef{{File: logFileName(0), Base: 0}}}
	if err := writeManifest(w.dir, m); err != nil {
		f.Close()
		return err
	}
	w.m, w.f, w.size = m, f, logHeaderSize
	return nil
}

// newLog creates the log whose records follow base, with its header, durably.
func (w *wal) newLog(base uint64) (*os.File, error) {
	path := filepath.Join(w.dir, logFileName(base))
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return nil, fmt.Errorf("create change log: %w", err)
	}
	if _, err := f.Write(encodeLogHeader(w.id, base)); err != nil {
		f.Close()
		return nil, fmt.Errorf("create change log: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("create change log: %w", err)
	}
	if err := syncDir(w.dir); err != nil {
		f.Close()
		return nil, fmt.Errorf("fsync the data directory: %w", err)
	}
	return f, nil
}

// convert turns a directory of an earlier format into this one: a snapshot of what it holds,
// a new log and a manifest, and only then removes the old files.
func (w *wal) convert(g *graph, old []string) error {
	seq, err := loadLegacy(w.dir, g)
	if err != nil {
		return err
	}
	id, err := newDirID()
	if err != nil {
		return err
	}
	w.id, _ = dirIDBytes(id)
	m := &manifest{Format: formatVersion, Dir: id, Written: seq > 0, Logs: []logRef{{File: logFileName(seq), Base: seq}}}
	if seq > 0 {
		ref, err := writeSnapshotFile(w.dir, captureGraph(g, seq), w.id)
		if err != nil {
			return fmt.Errorf("convert the data directory: %w", err)
		}
		m.Snapshot = ref
	}
	f, err := w.newLog(seq)
	if err != nil {
		return err
	}
	if err := writeManifest(w.dir, m); err != nil {
		f.Close()
		return err
	}
	// The old files are kept, renamed, until the operator removes them: the conversion can be
	// checked, and undone.
	for _, name := range old {
		if err := os.Rename(filepath.Join(w.dir, name), filepath.Join(w.dir, name+".converted")); err != nil {
			w.logger.Warn("could not rename a file of the earlier format after converting the data directory", "file", name, "error", err)
		}
	}
	_ = syncDir(w.dir)
	w.logger.Info("converted the data directory to the current format", "dir", w.dir, "from", strings.Join(old, ", "), "seq", seq)
	w.m, w.f, w.size, w.seq = m, f, logHeaderSize, seq
	return nil
}

// dataFiles lists the files of this format in dir.
func dataFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		n := e.Name()
		if _, ok := parseNumbered(n, "changes-", ".log"); ok {
			out = append(out, n)
		} else if _, ok := parseNumbered(n, "snapshot-", ".gob"); ok {
			out = append(out, n)
		}
	}
	return out
}

// removeStale removes temporary files and the snapshots and logs that the manifest's snapshot
// supersedes (left by a crash after the manifest changed and before they were removed). Other
// files are left alone.
func (w *wal) removeStale() {
	entries, _ := os.ReadDir(w.dir)
	removed := false
	for _, e := range entries {
		n := e.Name()
		stale := strings.HasSuffix(n, ".tmp")
		if b, ok := parseNumbered(n, "changes-", ".log"); ok && b < w.m.Logs[0].Base {
			stale = true
		}
		if sq, ok := parseNumbered(n, "snapshot-", ".gob"); ok && w.m.Snapshot != nil && sq < w.m.Snapshot.Seq {
			stale = true
		}
		if stale && os.Remove(filepath.Join(w.dir, n)) == nil {
			removed = true
		}
	}
	if removed {
		_ = syncDir(w.dir)
	}
}

// IsNew reports whether the data directory has never recorded a change: a first start, the
// only one that seeds. (A graph whose nodes were all deleted is not new.)
func (s *Store) IsNew() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.wal == nil {
		return true
	}
	s.wal.mu.Lock()
	defer s.wal.mu.Unlock()
	return s.wal.seq == 0 && !s.wal.m.Written
}

// SnapshotStats reports the snapshots taken since the store was opened (zero without a data
// directory).
func (s *Store) SnapshotStats() SnapshotStats {
	s.mu.RLock()
	w := s.wal
	s.mu.RUnlock()
	if w == nil {
		return SnapshotStats{}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	st := w.stats
	st.Running = w.running != nil
	return st
}

func encodeNodes(nodes []ecosystem.Node) ([]typedNode, error) {
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

func decodeNodes(in []typedNode) ([]ecosystem.Node, error) {
	out := make([]ecosystem.Node, len(in))
	for i, t := range in {
		n := ecosystem.NewNode(t.Type, "")
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
	if w.broken != nil {
		return fmt.Errorf("%w: the change log is out of service after an earlier failure (%v); restart the server", store.ErrUnavailable, w.broken)
	}
	buf := encodeRecord(rec.Seq, payload)
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
	// The first acknowledged write marks the directory as one that has held data, so that it
	// is never seeded again even if its log were lost.
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.m.Written || w.seq >= w.m.Acked+w.markEvery {
		next := w.m.clone()
		next.Written = true
		next.Acked = w.seq
		if err := writeManifest(w.dir, next); err != nil {
			// The write is durable and stays acknowledged; the disk is failing, so later
			// writes are refused.
			w.broken = err
			w.logger.Error("could not mark the acknowledged writes in the manifest; later writes are refused", "error", err)
		} else {
			w.m = next
		}
	}
	return nil
}

// fail cuts the log back to its last acknowledged record and takes it out of service.
func (w *wal) fail(err error) {
	w.broken = err
	_ = w.f.Truncate(w.size)
	_, _ = w.f.Seek(w.size, io.SeekStart)
	_ = w.f.Sync()
}

// capture is the graph's contents at a sequence number, for a snapshot: lists of the stored
// nodes and relations, which are never changed in place once stored.
type capture struct {
	seq       uint64
	nodes     []capturedNode
	relations []*ecosystem.Relation
	redirects map[string]ecosystem.NodeKey
}

// capturedNode is a stored node with its global id, which the snapshot sorts by.
type capturedNode struct {
	gid string
	n   ecosystem.Node
}

// captureGraph lists g's contents; it runs under the write lock and copies only pointers.
// Relations are gathered from their start nodes' adjacency, where each appears once, which
// copies runs of pointers instead of walking the map of a million relations.
func captureGraph(g *graph, seq uint64) *capture {
	c := &capture{seq: seq, nodes: make([]capturedNode, 0, len(g.nodes)), relations: make([]*ecosystem.Relation, 0, len(g.rels)),
		redirects: make(map[string]ecosystem.NodeKey, len(g.redirects))}
	for _, rec := range g.nodes {
		c.nodes = append(c.nodes, capturedNode{gid: rec.gid, n: rec.n})
		c.relations = append(c.relations, rec.out...)
	}
	if len(c.relations) != len(g.rels) {
		// Not expected: every stored relation is in its start's adjacency. The map is the
		// record of what is stored, so it wins.
		c.relations = c.relations[:0]
		for _, r := range g.rels {
			c.relations = append(c.relations, r)
		}
	}
	for from, to := range g.redirects {
		c.redirects[from.GlobalID()] = to
	}
	return c
}

// writeSnapshotFile writes a captured graph as snapshot-<seq>.gob, durably.
func writeSnapshotFile(dir string, c *capture, id [16]byte) (*snapshotRef, error) {
	slices.SortFunc(c.nodes, func(a, b capturedNode) int { return strings.Compare(a.gid, b.gid) })
	slices.SortFunc(c.relations, func(a, b *ecosystem.Relation) int { return strings.Compare(a.ID, b.ID) })
	snap := &binarySnapshot{Seq: c.seq, Relations: c.relations, Redirects: c.redirects}
	for _, n := range c.nodes {
		if err := snap.add(n.n); err != nil {
			return nil, err
		}
	}
	name := snapshotFileName(c.seq)
	tmp := filepath.Join(dir, name+".tmp")
	ref, err := writeBinarySnapshot(tmp, snap, id)
	if err != nil {
		_ = os.Remove(tmp)
		return nil, err
	}
	ref.File = name
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return ref, nil
}

// maybeSnapshot starts a snapshot when the current log has grown past the threshold and none
// is running. It runs under the store's write lock: it starts a new log and lists the graph,
// and leaves the encoding and writing to a goroutine.
func (w *wal) maybeSnapshot(g *graph) {
	if w.size < w.snapshotAfter || w.broken != nil {
		return
	}
	w.mu.Lock()
	running := w.running != nil
	w.mu.Unlock()
	if running {
		return
	}
	start := time.Now()
	f, err := w.newLog(w.seq)
	if err != nil {
		w.snapshotFailed(err)
		return
	}
	w.mu.Lock()
	next := w.m.clone()
	next.Logs = append(next.Logs, logRef{File: logFileName(w.seq), Base: w.seq})
	next.Acked = max(next.Acked, w.seq)
	if err := writeManifest(w.dir, next); err != nil {
		// The new log stays on disk: the manifest may name it if only the directory's fsync
		// failed; the start removes it otherwise, as a file the manifest supersedes or ignores.
		w.mu.Unlock()
		f.Close()
		w.snapshotFailed(err)
		return
	}
	w.m = next
	done := make(chan struct{})
	w.running = done
	w.mu.Unlock()
	// Every record in the old log was fsynced when it was appended.
	_ = w.f.Close()
	w.f, w.size = f, logHeaderSize
	c := captureGraph(g, w.seq)
	pause := time.Since(start)
	go w.writeSnapshot(c, pause, done)
}

// snapshotFailed logs a snapshot that could not start or finish; the logs still hold every
// change, and the next one is tried once the current log has grown past the threshold again.
func (w *wal) snapshotFailed(err error) {
	w.logger.Error("snapshot failed; the change logs keep every change", "error", err)
	w.mu.Lock()
	w.stats.Failed++
	w.mu.Unlock()
}

// writeSnapshot writes a captured graph, then names it in the manifest and removes the files
// it supersedes.
func (w *wal) writeSnapshot(c *capture, pause time.Duration, done chan struct{}) {
	start := time.Now()
	defer close(done)
	ref, err := writeSnapshotFile(w.dir, c, w.id)
	w.mu.Lock()
	defer w.mu.Unlock()
	defer func() { w.running = nil }()
	if err != nil {
		w.stats.Failed++
		w.logger.Error("snapshot failed; the change logs keep every change", "error", err)
		return
	}
	old := w.m
	next := old.clone()
	next.Snapshot = ref
	next.Logs = slices.DeleteFunc(next.Logs, func(l logRef) bool { return l.Base < ref.Seq })
	if err := writeManifest(w.dir, next); err != nil {
		// The snapshot stays: if only the directory's fsync failed, the manifest names it.
		w.stats.Failed++
		w.logger.Error("snapshot written but not recorded in the manifest; the change logs keep every change", "error", err)
		return
	}
	w.m = next
	if old.Snapshot != nil {
		_ = os.Remove(filepath.Join(w.dir, old.Snapshot.File))
	}
	for _, l := range old.Logs {
		if l.Base < ref.Seq {
			_ = os.Remove(filepath.Join(w.dir, l.File))
		}
	}
	_ = syncDir(w.dir)
	w.stats.Taken++
	w.stats.Pause, w.stats.Duration, w.stats.Bytes = pause, time.Since(start), ref.Size
	w.logger.Info("snapshot written", "seq", ref.Seq, "bytes", ref.Size, "pause", pause.Round(time.Microsecond), "duration", time.Since(start).Round(time.Millisecond))
}

// waitSnapshot waits for the snapshot in progress, if any.
func (w *wal) waitSnapshot() {
	w.mu.Lock()
	done := w.running
	w.mu.Unlock()
	if done != nil {
		<-done
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// close waits for a snapshot in progress, records a clean close in the manifest (when the log
// is in service) and releases the directory.
func (w *wal) close() error {
	if w.f == nil {
		return nil
	}
	w.waitSnapshot()
	var err error
	if w.broken == nil {
		w.mu.Lock()
		next := w.m.clone()
		next.Closed = &closedRef{Seq: w.seq}
		next.Written = next.Written || w.seq > 0
		next.Acked = max(next.Acked, w.seq)
		if err = writeManifest(w.dir, next); err == nil {
			w.m = next
		}
		w.mu.Unlock()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	if w.lock != nil {
		w.lock.Close() // releases the lock
	}
	return err
}

// lockDir takes an exclusive lock on the data directory, so that two processes cannot append
// to one log. The lock is released when the file is closed or the process ends.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open the data directory lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("the data directory %s is in use by another process", dir)
	}
	return f, nil
}
