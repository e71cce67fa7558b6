package memory

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"github.com/wtz-graph/kg/ecosystem"
)

// Directories written before the manifest (format 1: a bare changes.log, then snapshot.json;
// format 2: snapshot.gob) are read once and converted: the graph they hold is written as a
// format-3 snapshot with a manifest and a new log, and only then are the old files removed. A
// crash in between leaves the old files and no manifest, so the conversion runs again.
//
// The old log's records are framed as uint32 length | uint32 CRC-32C of the payload | payload.
// Its length is not checksummed, so the conversion is strict: any bad record but a last one the
// file ends inside refuses to start.

const (
	legacyLogName          = "changes.log"
	legacySnapshotName     = "snapshot.gob"
	legacyJSONSnapshotName = "snapshot.json"
)

// legacyFiles lists the format 1 and 2 files present in dir.
func legacyFiles(dir string) []string {
	var out []string
	for _, name := range []string{legacyLogName, legacySnapshotName, legacyJSONSnapshotName} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			out = append(out, name)
		}
	}
	return out
}

// jsonSnapshot is the format-1 snapshot.
type jsonSnapshot struct {
	Seq       uint64                       `json:"seq"`
	Nodes     []typedNode                  `json:"nodes"`
	Relations []*ecosystem.Relation        `json:"relations"`
	Redirects map[string]ecosystem.NodeKey `json:"redirects,omitempty"`
}

// loadLegacy reads a format 1 or 2 directory into g and returns the last sequence number.
func loadLegacy(dir string, g *graph) (uint64, error) {
	seq, err := loadLegacySnapshot(dir, g)
	if err != nil {
		return 0, err
	}
	return replayLegacyLog(dir, g, seq)
}

func loadLegacySnapshot(dir string, g *graph) (uint64, error) {
	path := filepath.Join(dir, legacySnapshotName)
	f, err := os.Open(path)
	if err == nil {
		defer f.Close()
		head, err := decodeSnapshot(bufio.NewReaderSize(f, 1<<20), g, 2)
		if err != nil {
			return 0, fmt.Errorf("the snapshot %s is damaged: %w", path, err)
		}
		return head.Seq, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("read snapshot: %w", err)
	}
	path = filepath.Join(dir, legacyJSONSnapshotName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read snapshot: %w", err)
	}
	var snap jsonSnapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return 0, fmt.Errorf("the snapshot %s is damaged: %w", path, err)
	}
	nodes, err := decodeNodes(snap.Nodes)
	if err != nil {
		return 0, fmt.Errorf("the snapshot %s is damaged: %w", path, err)
	}
	for _, n := range nodes {
		g.putNode(n)
	}
	for _, r := range snap.Relations {
		if g.nodes[r.From] == nil || g.nodes[r.To] == nil {
			return 0, fmt.Errorf("the snapshot %s is damaged: relation %s names a node it does not hold", path, r.ID)
		}
		g.putRelation(r)
	}
	for from, to := range snap.Redirects {
		k, err := ecosystem.ParseGlobalID(from)
		if err != nil {
			return 0, fmt.Errorf("the snapshot %s is damaged: redirect: %w", path, err)
		}
		g.redirects[k] = to
	}
	return snap.Seq, nil
}

// replayLegacyLog applies the old log's records after seq.
func replayLegacyLog(dir string, g *graph, seq uint64) (uint64, error) {
	path := filepath.Join(dir, legacyLogName)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return seq, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open change log: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var offset int64
	for {
		var head [8]byte
		_, err := io.ReadFull(r, head[:])
		if errors.Is(err, io.EOF) {
			return seq, nil
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return seq, nil // the file ends inside a header: a torn append
		}
		if err != nil {
			return 0, err
		}
		size := binary.BigEndian.Uint32(head[0:4])
		damaged := func(why string) error {
			return fmt.Errorf("the change log %s (written by an earlier version) is damaged at byte %d: %s; restore it from a backup", path, offset, why)
		}
		// laterRecords reports whether the rest of the file holds a record after this one:
		// then a record that seems cut short has a damaged length, not a torn append.
		laterRecords := func() bool {
			rest, _ := io.ReadAll(r)
			return bytes.Contains(rest, fmt.Appendf(nil, `{"seq":%d`, seq+2)) || bytes.Contains(rest, fmt.Appendf(nil, `{"seq":%d`, seq+1))
		}
		if size == 0 || size > maxRecord {
			return 0, damaged(fmt.Sprintf("impossible record length %d", size))
		}
		payload := make([]byte, size)
		if _, err := io.ReadFull(r, payload); err != nil {
			// The old length is not checksummed: a record the file ends inside passes for
			// torn only when its length is small; a flipped high bit gives 16 MiB or more,
			// which would otherwise drop every later record.
			if size < 1<<24 && !bytes.Contains(payload, fmt.Appendf(nil, `{"seq":%d`, seq+2)) {
				return seq, nil
			}
			return 0, damaged("the record's length points past the end of the file")
		}
		if crc32.Checksum(payload, crcTable) != binary.BigEndian.Uint32(head[4:8]) {
			if _, perr := r.Peek(1); errors.Is(perr, io.EOF) && payload[len(payload)-1] == 0 {
				return seq, nil
			}
			if laterRecords() {
				return 0, damaged("checksum mismatch, with later records after it")
			}
			return 0, damaged("checksum mismatch")
		}
		var rec record
		if err := json.Unmarshal(payload, &rec); err != nil {
			return 0, damaged("the record does not decode")
		}
		offset += 8 + int64(size)
		if rec.Seq <= seq {
			continue
		}
		if rec.Seq != seq+1 {
			return 0, damaged(fmt.Sprintf("the log jumps from record %d to %d: the snapshot or records before it are missing", seq, rec.Seq))
		}
		cs, err := rec.changeSet()
		if err != nil {
			return 0, damaged(err.Error())
		}
		g.applyChanges(cs)
		seq = rec.Seq
	}
}
