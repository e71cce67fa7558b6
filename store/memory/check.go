package memory

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Inspect reads a data directory as a start would, without changing it, and describes what it
// holds: the snapshot, each log's records, and the damage that would stop a start, if any
// (returned as the error, with the repair it suggests). It is `server check`.
func Inspect(dir string) (string, error) {
	var b strings.Builder
	m, err := readManifest(dir)
	if errors.Is(err, errNoManifest) {
		if old := legacyFiles(dir); len(old) > 0 {
			fmt.Fprintf(&b, "%s: written by an earlier version (%s); the next start converts it\n", dir, strings.Join(old, ", "))
			return b.String(), nil
		}
		if found := dataFiles(dir); len(found) > 0 {
			return b.String(), fmt.Errorf("%s holds %s but no %s: restore the directory from a backup", dir, strings.Join(found, ", "), manifestName)
		}
		fmt.Fprintf(&b, "%s: a new data directory (nothing written)\n", dir)
		return b.String(), nil
	}
	if err != nil {
		return b.String(), err
	}
	fmt.Fprintf(&b, "data directory %s (id %s, format %d)\n", dir, m.Dir, m.Format)
	if m.Snapshot != nil {
		fmt.Fprintf(&b, "snapshot %s: the changes up to record %d, %d bytes, sha256 %s\n", m.Snapshot.File, m.Snapshot.Seq, m.Snapshot.Size, m.Snapshot.SHA256)
	} else {
		fmt.Fprintln(&b, "no snapshot yet")
	}
	for _, l := range m.Logs {
		fmt.Fprintf(&b, "log %s: records after %d\n", l.File, l.Base)
	}
	if m.Closed != nil {
		fmt.Fprintf(&b, "closed cleanly after record %d\n", m.Closed.Seq)
	} else {
		fmt.Fprintln(&b, "not closed cleanly (running, or stopped by a crash or kill)")
	}
	st, err := recoverDir(dir, m, newGraph(), slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	if err != nil {
		return b.String(), err
	}
	fmt.Fprintf(&b, "ok: %d records replay after the snapshot, up to record %d\n", st.records, st.seq)
	if st.cut != nil {
		fmt.Fprintf(&b, "the last log ends in an append that was never acknowledged (%s); the next start cuts it off\n", st.cut)
	}
	return b.String(), nil
}

// Repair cuts the change log file of dir at offset, the start of a record, and drops the logs
// after it: the records from there on are removed from the graph's history (their bytes are
// kept beside each file, suffixed .cut-OFFSET). It is `server repair`, for an operator who has
// read the refusal and chosen to keep the records before the damage rather than restore a
// backup. It returns a description of what it dropped. No process may have the directory open.
func Repair(dir, file string, offset int64) (string, error) {
	lock, err := lockDir(dir)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	m, err := readManifest(dir)
	if err != nil {
		return "", err
	}
	id, _ := dirIDBytes(m.Dir)
	at := -1
	for i, l := range m.Logs {
		if l.File == file {
			at = i
		}
	}
	if at < 0 {
		names := make([]string, len(m.Logs))
		for i, l := range m.Logs {
			names[i] = l.File
		}
		return "", fmt.Errorf("%s is not a change log of %s (its logs: %s)", file, dir, strings.Join(names, ", "))
	}
	path := filepath.Join(dir, file)
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	head := make([]byte, logHeaderSize)
	n, _ := io.ReadFull(f, head)
	if err := checkLogHeader(head[:n], id, m.Logs[at].Base); err != nil {
		f.Close()
		return "", fmt.Errorf("the header of %s is damaged (%v): cutting inside it cannot help; restore the directory from a backup", path, err)
	}
	// Find the record boundaries up to the damage: the cut must fall on one of them.
	boundaries := map[int64]uint64{logHeaderSize: m.Logs[at].Base}
	pos := int64(logHeaderSize)
	end, last, prob, err := scanLog(f, m.Logs[at].Base, func(seq uint64, payload []byte) error {
		pos += int64(recordHeaderSize + len(payload))
		boundaries[pos] = seq
		return nil
	})
	f.Close()
	if err != nil {
		return "", err
	}
	keptSeq, ok := boundaries[offset]
	if !ok {
		return "", fmt.Errorf("byte %d of %s is not the start of a record that can be kept (the readable records end at byte %d)", offset, path, end)
	}
	if keptSeq == 0 && m.Snapshot == nil && m.Written {
		return "", fmt.Errorf("cutting %s at byte %d keeps no record, and the directory has no snapshot: it would hold nothing of what it acknowledged, and a directory that held data is never seeded again. Restore it from a backup, or move it aside and start with a new one", path, offset)
	}
	dropped := int(last - keptSeq)
	if prob != nil && !prob.Torn {
		// The damaged record and the whole ones found after it; a torn append was never
		// acknowledged.
		dropped += 1 + prob.Later
	}
	for _, l := range m.Logs[at+1:] {
		g, err := countLogRecords(filepath.Join(dir, l.File))
		if err == nil {
			dropped += g
		}
		if err := os.Rename(filepath.Join(dir, l.File), filepath.Join(dir, l.File+".cut-0")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	if err := cutLog(path, offset); err != nil {
		return "", err
	}
	next := m.clone()
	next.Logs = next.Logs[:at+1]
	next.Closed = nil
	// The records after the cut are gone on purpose: the mark of acknowledged records moves
	// back to the last one kept.
	next.Acked = min(next.Acked, keptSeq)
	if err := writeManifest(dir, next); err != nil {
		return "", err
	}
	return fmt.Sprintf("cut %s at byte %d: the graph keeps the changes up to record %d; about %d acknowledged records after it were dropped (their bytes are in %s.cut-%d)",
		path, offset, keptSeq, dropped, path, offset), nil
}

// countLogRecords counts the whole records in a log file.
func countLogRecords(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if len(data) < logHeaderSize {
		return 0, nil
	}
	return countRecords(data[logHeaderSize:]), nil
}
