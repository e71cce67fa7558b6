package memory

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The fault-injection suite: for every region of the manifest, the logs and the snapshot, it
// flips, cuts or removes it (or brings in the same file from another directory), opens the
// store again, and asserts one of two outcomes: exact recovery of every acknowledged change, or
// a refusal that names the damage and leaves every file as it was. A silent loss (opening with
// fewer changes than were acknowledged, or as a new directory) fails the test.

// fixture is a data directory made by acknowledged writes.
type fixture struct {
	dir string
	// acked is the number of change sets acknowledged; nodes the number of nodes they leave.
	acked, nodes int
	// clean is set when the store was closed cleanly.
	clean bool
}

// makeFixture writes n change sets (changes(n)), with a snapshot after about half of them when
// snapshot is set, and stops cleanly or as a killed process would.
func makeFixture(t *testing.T, n int, snapshot, clean bool) fixture {
	t.Helper()
	dir := t.TempDir()
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	all := changes(n - 1)
	for i, cs := range all {
		if snapshot && i == len(all)/2 {
			s.wal.snapshotAfter = 1
		}
		if _, err := s.Apply(t.Context(), cs); err != nil {
			t.Fatal(err)
		}
		if snapshot && i == len(all)/2 {
			s.wal.waitSnapshot()
			s.wal.snapshotAfter = snapshotAfter
		}
	}
	nodes, _ := count(t, s)
	if clean {
		if err := s.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
	} else {
		abandon(s)
	}
	return fixture{dir: dir, acked: len(all), nodes: nodes, clean: clean}
}

// copyDir copies a fixture's files into a new directory.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return to
}

// files reads every file of a directory but the lock.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() == lockName {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = data
	}
	return out
}

// recordOffsets lists where each record of a log starts.
func recordOffsets(data []byte) []int {
	var out []int
	for p := logHeaderSize; p+recordHeaderSize <= len(data); {
		out = append(out, p)
		p += recordHeaderSize + int(binary.BigEndian.Uint32(data[p:p+4]))
	}
	return out
}

func lastLog(t *testing.T, dir string) string {
	t.Helper()
	m, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m.Logs[len(m.Logs)-1].File
}

func snapshotFile(t *testing.T, dir string) string {
	t.Helper()
	m, err := readManifest(dir)
	if err != nil || m.Snapshot == nil {
		t.Fatalf("the fixture has no snapshot: %v", err)
	}
	return m.Snapshot.File
}

func flip(at func(data []byte) int) func(t *testing.T, dir, file string) {
	return func(t *testing.T, dir, file string) {
		path := filepath.Join(dir, file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		data[at(data)] ^= 0x80
		if err := os.WriteFile(path, data, 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

func cut(at func(data []byte) int) func(t *testing.T, dir, file string) {
	return func(t *testing.T, dir, file string) {
		path := filepath.Join(dir, file)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data[:at(data)], 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

func remove(t *testing.T, dir, file string) {
	if err := os.Remove(filepath.Join(dir, file)); err != nil {
		t.Fatal(err)
	}
}

func recordAt(i int, off int) func(data []byte) int {
	return func(data []byte) int {
		rs := recordOffsets(data)
		if i < 0 {
			i = len(rs) + i
		}
		return rs[i] + off
	}
}

func TestFaultInjection(t *testing.T) {
	logOnly := makeFixture(t, 8, false, false)
	logOnlyClean := makeFixture(t, 8, false, true)
	withSnapshot := makeFixture(t, 10, true, false)
	withSnapshotClean := makeFixture(t, 10, true, true)
	other := makeFixture(t, 10, true, false) // another directory, same shape

	const (
		refuse = iota
		recoverAll
		recoverAllButLast // an append the process died in: cut off, with a warning
	)
	type fault struct {
		name    string
		fx      fixture
		file    func(t *testing.T, dir string) string
		do      func(t *testing.T, dir, file string)
		outcome int
		// says is what a refusal's message must contain.
		says string
	}
	theLog := func(t *testing.T, dir string) string { return lastLog(t, dir) }
	theSnapshot := func(t *testing.T, dir string) string { return snapshotFile(t, dir) }
	theManifest := func(*testing.T, string) string { return manifestName }
	var faults []fault
	// Every byte region of a record: length (high and low byte), sequence number, payload
	// checksum, header checksum, payload; in the first, a middle and the last record.
	regions := []struct {
		name string
		off  int
	}{{"length high byte", 0}, {"length low byte", 3}, {"sequence number", 11}, {"payload checksum", 13}, {"header checksum", 18}, {"payload", recordHeaderSize + 3}}
	for _, rec := range []struct {
		name string
		i    int
	}{{"first record", 0}, {"middle record", 3}, {"last record", -1}} {
		for _, r := range regions {
			for _, fx := range []fixture{logOnly, logOnlyClean} {
				faults = append(faults, fault{fmt.Sprintf("log/%s/%s/clean=%v", rec.name, r.name, fx.clean), fx, theLog, flip(recordAt(rec.i, r.off)), refuse, "repair"})
			}
		}
	}
	faults = append(faults,
		// The log's header.
		fault{"log/header/magic", logOnly, theLog, flip(func([]byte) int { return 2 }), refuse, "damaged"},
		fault{"log/header/directory id", logOnly, theLog, flip(func([]byte) int { return 12 }), refuse, "damaged"},
		fault{"log/header/base", logOnly, theLog, flip(func([]byte) int { return 31 }), refuse, "damaged"},
		fault{"log/header/checksum", logOnly, theLog, flip(func([]byte) int { return 34 }), refuse, "damaged"},
		fault{"log/header cut", logOnly, theLog, cut(func([]byte) int { return 20 }), refuse, "damaged"},
		fault{"log/emptied", logOnly, theLog, cut(func([]byte) int { return 0 }), refuse, "damaged"},
		fault{"log/every record cut", logOnly, theLog, cut(func([]byte) int { return logHeaderSize }), refuse, "acknowledged"},
		fault{"log/missing", logOnly, theLog, remove, refuse, "missing"},
		fault{"log/missing after a snapshot", withSnapshot, theLog, remove, refuse, "missing"},
		fault{"log/from another directory", withSnapshot, theLog, func(t *testing.T, dir, file string) {
			data, err := os.ReadFile(filepath.Join(other.dir, lastLog(t, other.dir)))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, file), data, 0o640); err != nil {
				t.Fatal(err)
			}
		}, refuse, "another data directory"},
		// The last record, cut: after an unclean stop that is the append the process died in;
		// after a clean close it is a loss.
		fault{"log/last record cut inside/unclean", logOnly, theLog, cut(func(d []byte) int { return recordAt(-1, 30)(d) }), recoverAllButLast, ""},
		fault{"log/last record's header cut/unclean", logOnly, theLog, cut(func(d []byte) int { return recordAt(-1, 5)(d) }), recoverAllButLast, ""},
		fault{"log/last record cut inside/clean", logOnlyClean, theLog, cut(func(d []byte) int { return recordAt(-1, 30)(d) }), refuse, "clean close"},
		fault{"log/last record cut whole/clean", logOnlyClean, theLog, cut(func(d []byte) int { return recordAt(-1, 0)(d) }), refuse, "acknowledged records up to at least 8"},
		fault{"log/a record appended from elsewhere", logOnly, theLog, func(t *testing.T, dir, file string) {
			f, _ := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
			_, _ = f.Write(encodeRecord(3, []byte(`{"seq":3}`)))
			f.Close()
		}, refuse, "numbered 3"},
		fault{"log/zeros appended/unclean", logOnly, theLog, func(t *testing.T, dir, file string) {
			f, _ := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
			_, _ = f.Write(make([]byte, 100))
			f.Close()
		}, recoverAll, ""},
		fault{"log/zeros appended/clean", logOnlyClean, theLog, func(t *testing.T, dir, file string) {
			f, _ := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
			_, _ = f.Write(make([]byte, 100))
			f.Close()
		}, refuse, "clean close"},
		// The snapshot: missing, emptied, cut, a bit flipped in each part, or another's.
		fault{"snapshot/missing", withSnapshot, theSnapshot, remove, refuse, "missing"},
		fault{"snapshot/emptied", withSnapshot, theSnapshot, cut(func([]byte) int { return 0 }), refuse, "damaged"},
		fault{"snapshot/cut to a third", withSnapshot, theSnapshot, cut(func(d []byte) int { return len(d) / 3 }), refuse, "damaged"},
		fault{"snapshot/last byte cut", withSnapshotClean, theSnapshot, cut(func(d []byte) int { return len(d) - 1 }), refuse, "damaged"},
		fault{"snapshot/header (sequence number)", withSnapshot, theSnapshot, flip(func(d []byte) int { return bytes.Index(d, []byte("Seq")) + 8 }), refuse, "damaged"},
		fault{"snapshot/a name", withSnapshot, theSnapshot, flip(func(d []byte) int { return bytes.Index(d, []byte("Organizacja 1")) + 2 }), refuse, "checksum"},
		fault{"snapshot/the middle", withSnapshot, theSnapshot, flip(func(d []byte) int { return len(d) / 2 }), refuse, "damaged"},
		fault{"snapshot/trailer sequence number", withSnapshot, theSnapshot, flip(func(d []byte) int { return len(d) - snapshotTrailerSize + 15 }), refuse, "damaged"},
		fault{"snapshot/trailer checksum", withSnapshot, theSnapshot, flip(func(d []byte) int { return len(d) - 1 }), refuse, "damaged"},
		fault{"snapshot/from another directory", withSnapshot, theSnapshot, func(t *testing.T, dir, file string) {
			data, err := os.ReadFile(filepath.Join(other.dir, snapshotFile(t, other.dir)))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, file), data, 0o640); err != nil {
				t.Fatal(err)
			}
		}, refuse, "damaged"},
		// The manifest.
		fault{"manifest/missing", withSnapshot, theManifest, remove, refuse, "no MANIFEST"},
		fault{"manifest/missing, log only", logOnly, theManifest, remove, refuse, "no MANIFEST"},
		fault{"manifest/a byte flipped", withSnapshot, theManifest, flip(func(d []byte) int { return len(d) / 2 }), refuse, "manifest"},
		fault{"manifest/cut", withSnapshot, theManifest, cut(func(d []byte) int { return len(d) - 12 }), refuse, "manifest"},
		fault{"manifest/from another directory", withSnapshot, theManifest, func(t *testing.T, dir, file string) {
			data, _ := os.ReadFile(filepath.Join(other.dir, manifestName))
			_ = os.WriteFile(filepath.Join(dir, file), data, 0o640)
		}, refuse, "another"},
	)
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			dir := copyDir(t, f.fx.dir)
			f.do(t, dir, f.file(t, dir))
			before := files(t, dir)
			var logs bytes.Buffer
			s, err := Open(dir, slog.New(slog.NewTextHandler(&logs, nil)))
			switch f.outcome {
			case refuse:
				if err == nil {
					n, _ := count(t, s)
					abandon(s)
					t.Fatalf("opened with %d nodes (%d acknowledged); want a refusal", n, f.fx.nodes)
				}
				if !strings.Contains(err.Error(), f.says) {
					t.Errorf("the refusal does not say %q: %v", f.says, err)
				}
				after := files(t, dir)
				if len(after) != len(before) {
					t.Errorf("a refusal changed the directory's files: %v → %v", slices.Sorted(mapKeys(before)), slices.Sorted(mapKeys(after)))
				}
				for name, data := range before {
					if !bytes.Equal(after[name], data) {
						t.Errorf("a refusal changed %s", name)
					}
				}
			case recoverAll, recoverAllButLast:
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				defer abandon(s)
				want := f.fx.nodes
				if f.outcome == recoverAllButLast {
					want-- // every change set after the first adds one node
					if !strings.Contains(logs.String(), "never acknowledged") {
						t.Errorf("no warning for the record cut off: %s", logs.String())
					}
				}
				if n, _ := count(t, s); n != want || s.IsNew() {
					t.Errorf("recovered %d nodes (new %v); want %d", n, s.IsNew(), want)
				}
			}
		})
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestRepairCutsWhereTheRefusalSays: the refusal names a command; running it keeps the records
// before the damage, says how many acknowledged records it drops, and the store opens.
func TestRepairCutsWhereTheRefusalSays(t *testing.T) {
	fx := makeFixture(t, 8, false, false)
	dir := copyDir(t, fx.dir)
	file := lastLog(t, dir)
	flip(recordAt(4, 0))(t, dir, file) // the fifth record's length
	_, err := Open(dir, quiet())
	if err == nil {
		t.Fatal("opened a damaged log")
	}
	var cutFile string
	var offset int64
	i := strings.Index(err.Error(), "-cut ")
	if i < 0 {
		t.Fatalf("the refusal names no repair: %v", err)
	}
	if _, serr := fmt.Sscanf(strings.ReplaceAll(err.Error()[i+5:], ":", " "), "%s %d", &cutFile, &offset); serr != nil {
		t.Fatalf("the repair in %q does not parse: %v", err, serr)
	}
	if !strings.Contains(err.Error(), "the 3 whole records") {
		t.Errorf("the refusal does not say what cutting drops (records 6 to 8 are whole after the damage): %v", err)
	}
	said, err := Repair(dir, cutFile, offset)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(said, "up to record 4") || !strings.Contains(said, "about 4 acknowledged records") {
		t.Errorf("the repair does not say what it kept and dropped: %s", said)
	}
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatalf("after the repair: %v", err)
	}
	defer s.Close(context.Background())
	if n, _ := count(t, s); n != 4 {
		t.Errorf("%d nodes after the repair; want the 4 written by records 1 to 4", n)
	}
	if _, err := Repair(dir, cutFile, offset); err == nil {
		t.Error("a repair ran on a directory that a store has open")
	}
}

// TestInspectReportsWithoutChanging: `server check` describes a healthy directory and a
// damaged one, and changes neither.
func TestInspectReportsWithoutChanging(t *testing.T) {
	fx := makeFixture(t, 10, true, true)
	report, err := Inspect(fx.dir)
	if err != nil || !strings.Contains(report, "closed cleanly") || !strings.Contains(report, "up to record 10") {
		t.Fatalf("a healthy directory: %v\n%s", err, report)
	}
	dir := copyDir(t, fx.dir)
	flip(recordAt(0, 5))(t, dir, lastLog(t, dir))
	before := files(t, dir)
	if _, err := Inspect(dir); err == nil || !strings.Contains(err.Error(), "repair") {
		t.Fatalf("a damaged directory: %v", err)
	}
	for name, data := range files(t, dir) {
		if !bytes.Equal(before[name], data) {
			t.Errorf("inspect changed %s", name)
		}
	}
}

// TestMarkedRecordsAreNeverTakenForATornAppend: with the acknowledged records marked in the
// manifest (here after every write), a log cut back after an unclean stop, at a record
// boundary, inside an earlier record, or to its header after a snapshot, refuses to start
// instead of opening with fewer changes or calling an acknowledged record torn. Without the
// mark, the default window (Options.MarkEvery) is what a disk dropping the log's end can take.
func TestMarkedRecordsAreNeverTakenForATornAppend(t *testing.T) {
	marked := func(t *testing.T, n int, snapshot bool) string {
		dir := t.TempDir()
		s, err := OpenWith(dir, Options{Logger: quiet(), MarkEvery: 1})
		if err != nil {
			t.Fatal(err)
		}
		for i, cs := range changes(n - 1) {
			if snapshot && i == n/2 {
				s.wal.snapshotAfter = 1
			}
			if _, err := s.Apply(t.Context(), cs); err != nil {
				t.Fatal(err)
			}
			if snapshot && i == n/2 {
				s.wal.waitSnapshot()
				s.wal.snapshotAfter = snapshotAfter
			}
		}
		abandon(s)
		return dir
	}
	for name, c := range map[string]struct {
		snapshot bool
		do       func(t *testing.T, dir, file string)
	}{
		"cut at the last record's start":     {false, cut(func(d []byte) int { return recordAt(-1, 0)(d) })},
		"cut inside the third of eight":      {false, cut(func(d []byte) int { return recordAt(2, 30)(d) })},
		"cut to the header after a snapshot": {true, cut(func([]byte) int { return logHeaderSize })},
	} {
		t.Run(name, func(t *testing.T) {
			dir := marked(t, 8, c.snapshot)
			c.do(t, dir, lastLog(t, dir))
			s, err := Open(dir, quiet())
			if err == nil {
				n, _ := count(t, s)
				abandon(s)
				t.Fatalf("opened with %d nodes after losing acknowledged records", n)
			}
			if !strings.Contains(err.Error(), "acknowledged") {
				t.Errorf("the refusal does not say acknowledged records are missing: %v", err)
			}
		})
	}
}

// TestConvertingAnEarlierDirectoryLosesNothing: a directory of the earlier format whose
// snapshot is missing, or whose log has a damaged length in the middle, refuses to convert
// (and keeps its files); one with files of both formats refuses; a converted one keeps the old
// files renamed.
func TestConvertingAnEarlierDirectoryLosesNothing(t *testing.T) {
	legacyLog := func(from, to int) []byte {
		var out []byte
		for seq, cs := range changes(to)[from-1 : to] {
			enc, _ := encodeNodes(cs.PutNodes)
			payload, _ := json.Marshal(record{Seq: uint64(from + seq), PutNodes: enc, PutRelations: cs.PutRelations})
			head := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
			head = binary.BigEndian.AppendUint32(head, crc32.Checksum(payload, crcTable))
			out = append(append(out, head...), payload...)
		}
		return out
	}
	write := func(t *testing.T, files map[string][]byte) string {
		dir := t.TempDir()
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o640); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	whole := legacyLog(1, 8)
	flipped := bytes.Clone(whole)
	second := 8 + int(binary.BigEndian.Uint32(flipped[0:4]))
	flipped[second+1] ^= 0x10 // bits 8-23 of the second record's length: under 16 MiB
	for name, c := range map[string]struct {
		files map[string][]byte
		says  string
	}{
		"the snapshot before the log is missing": {map[string][]byte{legacyLogName: legacyLog(4, 8)}, "jumps from record 0 to 4"},
		"a damaged length in the middle":         {map[string][]byte{legacyLogName: flipped}, "damaged"},
		"files of both formats":                  {map[string][]byte{legacyLogName: whole, logFileName(0): encodeLogHeader([16]byte{}, 0)}, "earlier version"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := write(t, c.files)
			if s, err := Open(dir, quiet()); err == nil {
				n, _ := count(t, s)
				abandon(s)
				t.Fatalf("converted with %d nodes", n)
			} else if !strings.Contains(err.Error(), c.says) {
				t.Errorf("the refusal does not say %q: %v", c.says, err)
			}
			if _, err := os.Stat(filepath.Join(dir, legacyLogName)); err != nil {
				t.Errorf("the refusal moved the old log: %v", err)
			}
		})
	}
	dir := write(t, map[string][]byte{legacyLogName: whole})
	s, err := Open(dir, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if n, _ := count(t, s); n != 8 {
		t.Errorf("converted %d nodes, want 8", n)
	}
	if got, err := os.ReadFile(filepath.Join(dir, legacyLogName+".converted")); err != nil || !bytes.Equal(got, whole) {
		t.Errorf("the old log was not kept, renamed: %v", err)
	}
}

// TestRepairRefusesToKeepNothing: the cut a refusal names for damage in the first record of a
// log without a snapshot would leave a directory that held data with nothing in it; the repair
// refuses it rather than leave a directory that can never start.
func TestRepairRefusesToKeepNothing(t *testing.T) {
	fx := makeFixture(t, 6, false, false)
	dir := copyDir(t, fx.dir)
	flip(recordAt(0, 0))(t, dir, lastLog(t, dir))
	if _, err := Repair(dir, lastLog(t, dir), logHeaderSize); err == nil || !strings.Contains(err.Error(), "keeps no record") {
		t.Errorf("a cut that keeps nothing: %v", err)
	}
}
