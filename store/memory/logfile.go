package memory

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// A change log file (format 3) is a header and a sequence of records:
//
//	header: "KGLOG003" | directory id (16 bytes) | base sequence number (uint64) | CRC-32C of the 32 bytes before
//	record: payload length (uint32) | sequence number (uint64) | CRC-32C of the payload | CRC-32C of the 16 bytes before | payload
//
// Every byte that decides what is replayed is checksummed: a flipped bit in a length or a
// sequence number fails the record header's checksum, instead of sending the reader past the
// end of the file, where it would look like a torn append. Sequence numbers run on from the
// base without a gap, so a record lost, repeated or copied from another log is found too.
//
// Only one kind of damage is repaired without the operator: after an unclean stop, the file
// may end inside the record being appended when the process died (never acknowledged, since a
// write is acknowledged after its fsync). That is the file ending inside a record, or a last
// record whose remaining bytes are zeros (a file system that extended the file but had not
// written the data). Everything else, and anything at all after a clean close, refuses to start.

const (
	logMagic         = "KGLOG003"
	logHeaderSize    = 8 + 16 + 8 + 4
	recordHeaderSize = 4 + 8 + 4 + 4
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// encodeLogHeader is the header of a log for directory dir whose records follow base.
func encodeLogHeader(dir [16]byte, base uint64) []byte {
	b := make([]byte, logHeaderSize)
	copy(b, logMagic)
	copy(b[8:24], dir[:])
	binary.BigEndian.PutUint64(b[24:32], base)
	binary.BigEndian.PutUint32(b[32:36], crc32.Checksum(b[:32], crcTable))
	return b
}

// checkLogHeader checks a log's header against the directory and base it must have.
func checkLogHeader(b []byte, dir [16]byte, base uint64) error {
	if len(b) < logHeaderSize {
		return fmt.Errorf("the file has %d bytes, shorter than a log header", len(b))
	}
	if string(b[:8]) != logMagic {
		return errors.New("the file does not start as a change log of this format")
	}
	if crc32.Checksum(b[:32], crcTable) != binary.BigEndian.Uint32(b[32:36]) {
		return errors.New("the log header's checksum does not match")
	}
	if !bytes.Equal(b[8:24], dir[:]) {
		return errors.New("the log belongs to another data directory")
	}
	if got := binary.BigEndian.Uint64(b[24:32]); got != base {
		return fmt.Errorf("the log starts after record %d; the manifest says %d", got, base)
	}
	return nil
}

// encodeRecord frames a payload as the record with sequence number seq.
func encodeRecord(seq uint64, payload []byte) []byte {
	b := make([]byte, recordHeaderSize+len(payload))
	binary.BigEndian.PutUint32(b[0:4], uint32(len(payload)))
	binary.BigEndian.PutUint64(b[4:12], seq)
	binary.BigEndian.PutUint32(b[12:16], crc32.Checksum(payload, crcTable))
	binary.BigEndian.PutUint32(b[16:20], crc32.Checksum(b[:16], crcTable))
	copy(b[recordHeaderSize:], payload)
	return b
}

// logProblem is what stopped the reading of a log before its end.
type logProblem struct {
	// Offset is where the bad record starts; Seq the sequence number it should have had.
	Offset int64
	Seq    uint64
	Reason string
	// Torn is set when the damage looks like an append the process died in (see above).
	Torn bool
	// Rest is the number of bytes from Offset to the end of the file, and Later the number of
	// whole, checksummed records found in them: what cutting at Offset would drop.
	Rest  int64
	Later int
}

func (p *logProblem) String() string {
	return fmt.Sprintf("at byte %d, record %d: %s", p.Offset, p.Seq, p.Reason)
}

// scanLog reads the records after a log's header, checking each, and calls apply with each
// good one in order. It returns the end of the last good record, the last sequence number, and
// the problem that stopped it, if any (nil when the log is whole to its end). An error is an
// I/O failure or apply's.
func scanLog(r io.Reader, base uint64, apply func(seq uint64, payload []byte) error) (end int64, last uint64, prob *logProblem, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	end, last = logHeaderSize, base
	var head [recordHeaderSize]byte
	stop := func(reason string, torn bool, consumed []byte) (*logProblem, error) {
		rest, rerr := io.ReadAll(br)
		if rerr != nil {
			return nil, rerr
		}
		tail := append(consumed, rest...)
		p := &logProblem{Offset: end, Seq: last + 1, Reason: reason, Torn: torn, Rest: int64(len(tail))}
		if !torn && allZero(tail) {
			p.Torn, p.Reason = true, reason+"; the rest of the file is zeros"
		}
		if !p.Torn {
			p.Later = countRecords(tail[1:])
		}
		return p, nil
	}
	for {
		n, rerr := io.ReadFull(br, head[:])
		if errors.Is(rerr, io.EOF) {
			return end, last, nil, nil
		}
		if errors.Is(rerr, io.ErrUnexpectedEOF) {
			prob, err = stop(fmt.Sprintf("the file ends inside a record header (%d of %d bytes)", n, recordHeaderSize), true, head[:n])
			return end, last, prob, err
		}
		if rerr != nil {
			return end, last, nil, rerr
		}
		if crc32.Checksum(head[:16], crcTable) != binary.BigEndian.Uint32(head[16:20]) {
			prob, err = stop("the record header's checksum does not match", false, bytes.Clone(head[:]))
			return end, last, prob, err
		}
		size := binary.BigEndian.Uint32(head[0:4])
		seq := binary.BigEndian.Uint64(head[4:12])
		if seq != last+1 {
			prob, err = stop(fmt.Sprintf("the record is numbered %d", seq), false, bytes.Clone(head[:]))
			return end, last, prob, err
		}
		if size == 0 || size > maxRecord {
			prob, err = stop(fmt.Sprintf("impossible record length %d", size), false, bytes.Clone(head[:]))
			return end, last, prob, err
		}
		payload := make([]byte, size)
		m, rerr := io.ReadFull(br, payload)
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			prob, err = stop(fmt.Sprintf("the file ends inside the record (%d of %d bytes)", m, size), true, append(bytes.Clone(head[:]), payload[:m]...))
			return end, last, prob, err
		}
		if rerr != nil {
			return end, last, nil, rerr
		}
		if crc32.Checksum(payload, crcTable) != binary.BigEndian.Uint32(head[12:16]) {
			consumed := append(bytes.Clone(head[:]), payload...)
			// A payload is JSON and ends in '}': a last record whose final bytes are zeros
			// was never written whole, which only an append the process died in leaves.
			torn := false
			if payload[len(payload)-1] == 0 {
				if _, perr := br.Peek(1); errors.Is(perr, io.EOF) {
					torn = true
				}
			}
			prob, err = stop("the record's checksum does not match", torn, consumed)
			return end, last, prob, err
		}
		if err := apply(seq, payload); err != nil {
			return end, last, nil, fmt.Errorf("record %d: %w", seq, err)
		}
		end += int64(recordHeaderSize) + int64(size)
		last = seq
	}
}

// countRecords counts the whole, checksummed records in b, resynchronising byte by byte after
// damage: an estimate of what cutting the log before b would drop.
func countRecords(b []byte) int {
	n := 0
	for p := 0; p+recordHeaderSize <= len(b); {
		h := b[p : p+recordHeaderSize]
		size := int(binary.BigEndian.Uint32(h[0:4]))
		if crc32.Checksum(h[:16], crcTable) == binary.BigEndian.Uint32(h[16:20]) && size > 0 &&
			p+recordHeaderSize+size <= len(b) &&
			crc32.Checksum(b[p+recordHeaderSize:p+recordHeaderSize+size], crcTable) == binary.BigEndian.Uint32(h[12:16]) {
			n++
			p += recordHeaderSize + size
			continue
		}
		p++
	}
	return n
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
