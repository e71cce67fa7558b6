package ecosystem

import (
	"fmt"
	"strconv"
	"time"
)

// PartialDate is a calendar date known to the precision the sources give: a year, a month, a
// day, or a day and month without a year (ISO 8601 "--MM-DD"), as when an article says only
// "22 June". Zero fields are unknown. The zero value means "no date".
type PartialDate struct {
	Year  int
	Month int
	Day   int
}

// IsZero reports whether no part of the date is known.
func (d PartialDate) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// String formats the date as YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD; "" when zero.
func (d PartialDate) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Year == 0 && d.Day == 0:
		return fmt.Sprintf("--%02d", d.Month)
	case d.Year == 0:
		return fmt.Sprintf("--%02d-%02d", d.Month, d.Day)
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// ParsePartialDate reads the forms String writes. The empty string is the zero date.
func ParsePartialDate(s string) (PartialDate, error) {
	var d PartialDate
	bad := func() (PartialDate, error) {
		return PartialDate{}, fmt.Errorf("%q is not a date of the form YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD", clip(s))
	}
	num := func(part string) (int, bool) {
		n, err := strconv.Atoi(part)
		return n, err == nil && len(part) > 0 && part[0] != '+' && part[0] != '-'
	}
	var ok bool
	switch {
	case s == "":
		return d, nil
	case len(s) == 4 && s[:2] == "--":
		d.Month, ok = num(s[2:])
	case len(s) == 7 && s[:2] == "--" && s[4] == '-':
		if d.Month, ok = num(s[2:4]); ok {
			d.Day, ok = num(s[5:])
		}
	case len(s) == 4:
		d.Year, ok = num(s)
	case len(s) == 7 && s[4] == '-':
		if d.Year, ok = num(s[:4]); ok {
			d.Month, ok = num(s[5:])
		}
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
		if d.Year, ok = num(s[:4]); ok {
			if d.Month, ok = num(s[5:7]); ok {
				d.Day, ok = num(s[8:])
			}
		}
	}
	if !ok {
		return bad()
	}
	if err := d.Validate(); err != nil {
		return PartialDate{}, err
	}
	return d, nil
}

// Validate checks ranges: year 1000..9999, month 1..12, a day that exists in its month.
func (d PartialDate) Validate() error {
	if d.IsZero() {
		return nil
	}
	if d.Year != 0 && (d.Year < 1000 || d.Year > 9999) {
		return fmt.Errorf("year %d is out of range", d.Year)
	}
	if d.Month < 0 || d.Month > 12 || (d.Month == 0 && d.Day != 0) {
		return fmt.Errorf("month %d is out of range", d.Month)
	}
	if d.Month == 0 && d.Year == 0 {
		return fmt.Errorf("a date needs a year or a month")
	}
	if d.Day != 0 {
		year := d.Year
		if year == 0 {
			year = 2000 // a leap year, so that --02-29 is accepted
		}
		last := time.Date(year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return fmt.Errorf("day %d is out of range for month %d", d.Day, d.Month)
		}
	}
	return nil
}

// SortKey orders dates chronologically; dates without a year sort after every dated one, and
// the zero date sorts last. Within equal precision prefixes the less precise date comes first.
func (d PartialDate) SortKey() int {
	if d.IsZero() {
		return 1<<31 - 1
	}
	year := d.Year
	if year == 0 {
		year = 9999 + 1
	}
	return year*10000 + d.Month*100 + d.Day
}

// Compare returns -1, 0 or +1 by SortKey.
func (d PartialDate) Compare(o PartialDate) int {
	a, b := d.SortKey(), o.SortKey()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Earliest and Latest bound the span a partial date stands for, as SortKey values: 2013 spans
// 2013-01-01..2013-12-31. Dates without a year have no bounds and report ok=false.
func (d PartialDate) Earliest() (int, bool) {
	if d.Year == 0 {
		return 0, false
	}
	return d.Year*10000 + max(d.Month, 1)*100 + max(d.Day, 1), true
}

// Latest is the last day the date can stand for; see Earliest.
func (d PartialDate) Latest() (int, bool) {
	if d.Year == 0 {
		return 0, false
	}
	m, day := d.Month, d.Day
	if m == 0 {
		m = 12
	}
	if day == 0 {
		day = 31
	}
	return d.Year*10000 + m*100 + day, true
}

// MarshalText lets PartialDate appear as a string in JSON (seed files, exports).
func (d PartialDate) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads the forms String writes.
func (d *PartialDate) UnmarshalText(b []byte) error {
	p, err := ParsePartialDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
