// Package register takes in public registers of institutions (CSV or XLSX files such as RJPS
// exports and voivode lists) through a mapping file that says which column holds what. Each row
// becomes an organisation with its seat, contacts and identifiers, matched against the graph
// (package match): the same identifier or a confident name and place match is the same node,
// an ambiguous one is reported for review, and everything enters through the same checked,
// merging import as every other write (seed.Plan, seed.PlanMerge). Every fact cites the
// register, with the row it comes from.
package register

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// Table is a register read into rows of cells under a header.
type Table struct {
	Header []string
	// Rows are the data rows; Lines[i] is the line (CSV) or row (XLSX) of the file Rows[i]
	// starts on, counted from 1, for locators.
	Rows  [][]string
	Lines []int
	// Encoding and Delimiter say how a CSV file was read.
	Encoding  string
	Delimiter rune
}

// Column returns the index of a header name (trimmed, case-insensitive), or -1.
func (t *Table) Column(name string) int {
	for i, h := range t.Header {
		if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
			return i
		}
	}
	return -1
}

// Read reads a register file: XLSX (by its content) or CSV in any delimiter and encoding seen
// in Polish public files (UTF-8 with or without BOM, CP1250, ISO-8859-2), with quoted
// multi-line cells and title lines above the header. The header is the first row that holds
// at least half of the columns the mapping names.
func Read(data []byte, f Format, columns []string) (*Table, error) {
	var t *Table
	var err error
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		t, err = readXLSX(data, f.Sheet)
	} else {
		t, err = readCSV(data, f)
	}
	if err != nil {
		return nil, err
	}
	if err := t.findHeader(columns, f.HeaderRow); err != nil {
		return nil, err
	}
	return t, nil
}

func readXLSX(data []byte, sheet string) (*Table, error) {
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the file is not a readable XLSX workbook: %w", err)
	}
	defer x.Close()
	if sheet == "" {
		sheets := x.GetSheetList()
		if len(sheets) == 0 {
			return nil, errors.New("the workbook has no sheet")
		}
		sheet = sheets[0]
	}
	rows, err := x.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	t := &Table{Rows: rows, Encoding: "xlsx"}
	for i := range rows {
		t.Lines = append(t.Lines, i+1)
	}
	return t, nil
}

func readCSV(data []byte, f Format) (*Table, error) {
	text, enc, err := decode(data, f.Encoding)
	if err != nil {
		return nil, err
	}
	delim, err := delimiter(text, f.Delimiter)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &Table{Encoding: enc, Delimiter: delim}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("the CSV does not parse: %w", err)
		}
		start, _ := cr.FieldPos(0)
		t.Rows = append(t.Rows, rec)
		t.Lines = append(t.Lines, start)
	}
	return t, nil
}

// decode turns a file's bytes into text: UTF-8 (a BOM is dropped), or CP1250 or ISO-8859-2
// when named or, with "auto", when the bytes are not UTF-8 (whichever explains more Polish
// letters).
func decode(data []byte, enc string) (string, string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch strings.ToLower(strings.ReplaceAll(enc, "_", "-")) {
	case "", "auto":
		if utf8.Valid(data) {
			return string(data), "utf-8", nil
		}
		if polishLetters(data, cp1250Letters) >= polishLetters(data, iso88592Letters) {
			s, err := charmap.Windows1250.NewDecoder().Bytes(data)
			return string(s), "cp1250", err
		}
		s, err := charmap.ISO8859_2.NewDecoder().Bytes(data)
		return string(s), "iso-8859-2", err
	case "utf-8", "utf8":
		if !utf8.Valid(data) {
			return "", "", errors.New("the file is not UTF-8 as the mapping says (set encoding to cp1250, iso-8859-2 or auto)")
		}
		return string(data), "utf-8", nil
	case "cp1250", "windows-1250":
		s, err := charmap.Windows1250.NewDecoder().Bytes(data)
		return string(s), "cp1250", err
	case "iso-8859-2", "latin2", "latin-2":
		s, err := charmap.ISO8859_2.NewDecoder().Bytes(data)
		return string(s), "iso-8859-2", err
	}
	return "", "", fmt.Errorf("unknown encoding %q (auto, utf-8, cp1250 or iso-8859-2)", enc)
}

// The bytes of ą ś ź Ą Ś Ź, which CP1250 and ISO-8859-2 place differently.
var (
	cp1250Letters   = []byte{0xB9, 0x9C, 0x9F, 0xA5, 0x8C, 0x8F}
	iso88592Letters = []byte{0xB1, 0xB6, 0xBC, 0xA1, 0xA6, 0xAC}
)

func polishLetters(data, letters []byte) int {
	n := 0
	for _, b := range data {
		if bytes.IndexByte(letters, b) >= 0 {
			n++
		}
	}
	return n
}

// delimiter is the mapping's delimiter, or with "auto" the one of ';', ',', tab and '|' that
// splits the first lines most evenly into the most cells.
func delimiter(text, want string) (rune, error) {
	switch want {
	case ";", ",", "|":
		return rune(want[0]), nil
	case "\\t", "\t", "tab":
		return '\t', nil
	case "", "auto":
	default:
		return 0, fmt.Errorf("unknown delimiter %q (auto, ';', ',', tab or '|')", want)
	}
	lines := strings.SplitN(text, "\n", 12)
	best, bestScore := ',', -1
	for _, d := range []rune{';', ',', '\t', '|'} {
		score := 0
		for _, l := range lines {
			score += strings.Count(l, string(d))
		}
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best, nil
}

// findHeader takes the header row: the given one (counted from 1), or the first of the first
// twenty rows that holds at least half of the named columns.
func (t *Table) findHeader(columns []string, given int) error {
	at := given - 1
	if given <= 0 {
		at = -1
		for i, row := range t.Rows[:min(20, len(t.Rows))] {
			hits := 0
			for _, c := range columns {
				for _, cell := range row {
					if strings.EqualFold(strings.TrimSpace(cell), c) {
						hits++
						break
					}
				}
			}
			if len(columns) > 0 && hits*2 >= len(columns) {
				at = i
				break
			}
		}
		if at < 0 {
			return fmt.Errorf("no header row among the first 20 rows holds the mapping's columns (%s)", strings.Join(columns, ", "))
		}
	}
	if at >= len(t.Rows) {
		return fmt.Errorf("the file has %d rows; the header row %d is past its end", len(t.Rows), given)
	}
	t.Header = t.Rows[at]
	t.Rows, t.Lines = t.Rows[at+1:], t.Lines[at+1:]
	return nil
}
