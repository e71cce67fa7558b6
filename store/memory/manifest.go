package memory

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The manifest says which files of a data directory hold its graph: the snapshot (its sequence
// number, size and SHA-256) and the change logs whose records follow it, in order. It is a small
// file that is replaced atomically (written to a temporary file, fsynced, renamed, the directory
// fsynced) whenever that set changes: when a snapshot starts a new log, when it is complete,
// on the first write, and at a clean close. Every file it names carries the directory's random
// id, so a file copied in from another directory is refused rather than replayed.
//
// The file is one line of JSON followed by a line "crc32c XXXXXXXX" over that JSON: a flipped
// byte anywhere in it is damage, never a different set of files.

const (
	manifestName = "MANIFEST"
	// formatVersion is the layout of the manifest, the logs and the snapshots this version
	// writes (version 1 was a bare changes.log, version 2 added snapshot.gob; both are read and
	// converted, see legacy.go).
	formatVersion = 3
)

// manifest is the decoded MANIFEST.
type manifest struct {
	Format int `json:"format"`
	// Dir is the directory's random id, written into the header of every log and snapshot.
	Dir string `json:"dir"`
	// Written is set once the directory has acknowledged a write: such a directory is never
	// seeded again, and an empty log without a snapshot there is damage, not a fresh start.
	Written bool `json:"written"`
	// Snapshot is the snapshot the logs follow; nil before the first one.
	Snapshot *snapshotRef `json:"snapshot,omitempty"`
	// Logs are the change logs after the snapshot, oldest first; each one's records continue
	// the sequence of the one before. Appends go to the last.
	Logs []logRef `json:"logs"`
	// Acked is a record the directory is known to have acknowledged, written every so many
	// records (Options.MarkEvery), at every snapshot and at a clean close: logs that end before
	// it have lost acknowledged records, and no torn tail at or before it is cut off.
	Acked uint64 `json:"acked,omitempty"`
	// Closed is set by a clean close with the last sequence number written, and cleared when
	// the directory is opened for writing: after a clean close, a log that ends anywhere else
	// has lost records, and no torn tail is cut off.
	Closed *closedRef `json:"closed,omitempty"`
}

// snapshotRef names a snapshot file and what it must hold.
type snapshotRef struct {
	File   string `json:"file"`
	Seq    uint64 `json:"seq"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// logRef names a change log; its first record has sequence number Base+1.
type logRef struct {
	File string `json:"file"`
	Base uint64 `json:"base"`
}

// closedRef records a clean close.
type closedRef struct {
	Seq uint64 `json:"seq"`
}

// errNoManifest is returned by readManifest when the directory has none.
var errNoManifest = errors.New("no manifest")

// newDirID returns a random directory id.
func newDirID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("make a data directory id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

// dirIDBytes is the 16-byte form of a directory id, as log and snapshot headers carry it.
func dirIDBytes(id string) ([16]byte, error) {
	var out [16]byte
	b, err := hex.DecodeString(id)
	if err != nil || len(b) != len(out) {
		return out, fmt.Errorf("the directory id %q is not 32 hex digits", id)
	}
	copy(out[:], b)
	return out, nil
}

func logFileName(base uint64) string { return fmt.Sprintf("changes-%020d.log", base) }

func snapshotFileName(seq uint64) string { return fmt.Sprintf("snapshot-%020d.gob", seq) }

// parseNumbered reads the number in a file name made by logFileName or snapshotFileName.
func parseNumbered(name, prefix, suffix string) (uint64, bool) {
	if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, suffix) {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(name, prefix), suffix), 10, 64)
	return n, err == nil
}

// readManifest reads and checks dir's manifest.
func readManifest(dir string) (*manifest, error) {
	path := filepath.Join(dir, manifestName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoManifest
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	damaged := func(why string) error {
		return fmt.Errorf("the manifest %s is damaged (%s): it names the files that hold the graph, so the server cannot tell what to load; restore the data directory from a backup", path, why)
	}
	body, sum, ok := bytes.Cut(data, []byte("\ncrc32c "))
	if !ok {
		return nil, damaged("no checksum line")
	}
	want, err := strconv.ParseUint(strings.TrimSpace(string(sum)), 16, 32)
	if err != nil || len(bytes.TrimSpace(sum)) != 8 {
		return nil, damaged("the checksum line does not parse")
	}
	if crc32.Checksum(body, crcTable) != uint32(want) {
		return nil, damaged("checksum mismatch")
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, damaged("it does not decode")
	}
	if m.Format != formatVersion {
		return nil, fmt.Errorf("the data directory %s has layout version %d; this version reads %d", dir, m.Format, formatVersion)
	}
	if _, err := dirIDBytes(m.Dir); err != nil {
		return nil, damaged(err.Error())
	}
	if len(m.Logs) == 0 {
		return nil, damaged("it names no change log")
	}
	for i, l := range m.Logs {
		if filepath.Base(l.File) != l.File || l.File != logFileName(l.Base) {
			return nil, damaged(fmt.Sprintf("log %d has an unexpected name %q", i, l.File))
		}
		if i > 0 && l.Base < m.Logs[i-1].Base {
			return nil, damaged("its logs are out of order")
		}
	}
	if s := m.Snapshot; s != nil {
		if s.File != snapshotFileName(s.Seq) {
			return nil, damaged(fmt.Sprintf("the snapshot has an unexpected name %q", s.File))
		}
		if m.Logs[0].Base != s.Seq {
			return nil, damaged("its first log does not start where the snapshot ends")
		}
	} else if m.Logs[0].Base != 0 {
		return nil, damaged("it names no snapshot, but its first log does not start at the beginning")
	}
	return &m, nil
}

// writeManifest replaces dir's manifest atomically and durably.
func writeManifest(dir string, m *manifest) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	data := fmt.Appendf(body, "\ncrc32c %08x\n", crc32.Checksum(body, crcTable))
	tmp := filepath.Join(dir, manifestName+".tmp")
	if err := writeFileSync(tmp, data); err != nil {
		return fmt.Errorf("write the manifest: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, manifestName)); err != nil {
		return fmt.Errorf("write the manifest: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("fsync the data directory: %w", err)
	}
	return nil
}

// clone returns a deep copy, so that a manifest being written is never changed underneath.
func (m *manifest) clone() *manifest {
	c := *m
	if m.Snapshot != nil {
		s := *m.Snapshot
		c.Snapshot = &s
	}
	if m.Closed != nil {
		cl := *m.Closed
		c.Closed = &cl
	}
	c.Logs = append([]logRef(nil), m.Logs...)
	return &c
}

// writeFileSync writes data to path and fsyncs it.
func writeFileSync(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
