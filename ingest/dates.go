package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"

	"github.com/wtz-graph/kg/ingest/morph"
)

// Date is a date or a range of days mentioned in a paragraph, as partial dates of the seed
// format: 2018-10-15, 2021-09, 2019, or --06-22 when the year is left out and the article's
// date is unknown.
type Date struct {
	Start, End string
	// Text is what the paragraph says; [From, To) its byte offsets.
	Text     string
	From, To int
	// YearResolved is set when the year came from the article's date, not the text.
	YearResolved bool
	// Season is set for "wiosną 2019" and the like: only the year is known.
	Season bool
	// Bare is set for a month named without a day or a year (na wrzesień): weak evidence,
	// taken only for an event spoken of as to come.
	Bare bool
}

var months = map[string]int{"styczeń": 1, "luty": 2, "marzec": 3, "kwiecień": 4, "maj": 5, "czerwiec": 6, "lipiec": 7,
	"sierpień": 8, "wrzesień": 9, "październik": 10, "listopad": 11, "grudzień": 12}

// romanMonths are the months written in Roman numerals (15 X 2008 r.).
var romanMonths = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}

// month is the number of a month named by a form of its name, or 0.
func month(word string) int {
	for _, a := range morph.Analyse(lower(word)) {
		if n, ok := months[a.Lemma]; ok && a.Number() == "sg" {
			return n
		}
	}
	return 0
}

const dash = `\s*[-–—]\s*`

var (
	// 15-17.10.2018r. and 30.09-2.10.2019
	reNumRange  = regexp.MustCompile(`\b(\d{1,2})` + dash + `(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	reNumRange2 = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})` + dash + `(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	// 01.07.2023–30.11.2024 and od 1 stycznia 2024 r. do 30 czerwca 2026 r.: a period of years
	reNumPeriod  = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*r\.)?` + dash + `(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	reWordPeriod = regexp.MustCompile(`(?i)\bod\s+(\d{1,2})\s+(\p{L}+)\s+(\d{4})(?:\s*r\.)?\s+do\s+(\d{1,2})\s+(\p{L}+)\s+(\d{4})`)
	reNumDate    = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	// 6-9 września 2021 r., 16–19 września br., 22 czerwca
	// (also od 3 do 5 kwietnia br., 4 i 5 kwietnia)
	reWordRange = regexp.MustCompile(`\b(?:[Oo]d\s+)?(\d{1,2})(?:` + dash + `|\s+(?:i|do)\s+)(\d{1,2})\s+(\p{L}+)(?:\s+(\d{4}))?(\s+br\.?)?`)
	reWordDate  = regexp.MustCompile(`\b(\d{1,2})\s+(\p{L}+)(?:\s+(\d{4}))?(\s+br\.?)?`)
	// we wrześniu 2021, w październiku br.
	reMonthYear = regexp.MustCompile(`(?i)\b(\p{L}+)\s+(\d{4}|br\.?)`)
	// na wrzesień, we wrześniu: a month of the article's year
	reBareMonth = regexp.MustCompile(`\b(?:na|w|we)\s+(\p{Ll}+)`)
	reSeason    = regexp.MustCompile(`(?i)\b(wiosn\p{L}*|jesieni\p{L}*|jesień|latem|lato|zim\p{L}*)\s+(\d{4})`)
)

// Dates finds the dates of a paragraph; year is the article's year (0 when unknown), which a
// date without one takes.
func Dates(text string, year int) []Date {
	var out []Date
	taken := make([]bool, len(text)+1)
	add := func(d Date) {
		for i := d.From; i < d.To; i++ {
			if taken[i] {
				return
			}
		}
		for i := d.From; i < d.To; i++ {
			taken[i] = true
		}
		out = append(out, d)
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	ymd := func(y, m, d int) string {
		if y == 0 {
			return fmt.Sprintf("--%02d-%02d", m, d)
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
	}
	valid := func(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }
	plausible := func(y string) bool { return num(y) >= 1900 }
	for _, m := range reNumPeriod.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		if plausible(g[3]) && plausible(g[6]) && valid(num(g[2]), num(g[1])) && valid(num(g[5]), num(g[4])) {
			add(Date{Start: ymd(num(g[3]), num(g[2]), num(g[1])), End: ymd(num(g[6]), num(g[5]), num(g[4])), Text: g[0], From: m[0], To: m[1]})
		}
	}
	for _, m := range reWordPeriod.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		m1, m2 := month(g[2]), month(g[5])
		if m1 > 0 && m2 > 0 && plausible(g[3]) && plausible(g[6]) && valid(m1, num(g[1])) && valid(m2, num(g[4])) {
			add(Date{Start: ymd(num(g[3]), m1, num(g[1])), End: ymd(num(g[6]), m2, num(g[4])), Text: g[0], From: m[0], To: m[1]})
		}
	}
	for _, m := range reNumRange2.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		y := num(g[5])
		if plausible(g[5]) && valid(num(g[2]), num(g[1])) && valid(num(g[4]), num(g[3])) {
			add(Date{Start: ymd(y, num(g[2]), num(g[1])), End: ymd(y, num(g[4]), num(g[3])), Text: g[0], From: m[0], To: m[1]})
		}
	}
	for _, m := range reNumRange.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		mo, y := num(g[3]), num(g[4])
		if plausible(g[4]) && valid(mo, num(g[1])) && valid(mo, num(g[2])) {
			add(Date{Start: ymd(y, mo, num(g[1])), End: ymd(y, mo, num(g[2])), Text: g[0], From: m[0], To: m[1]})
		}
	}
	for _, m := range reNumDate.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		if plausible(g[3]) && valid(num(g[2]), num(g[1])) {
			add(Date{Start: ymd(num(g[3]), num(g[2]), num(g[1])), Text: g[0], From: m[0], To: m[1]})
		}
	}
	resolve := func(given string) (int, bool) {
		if given != "" {
			return num(given), false
		}
		return year, year != 0
	}
	for _, m := range reWordRange.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		mo := month(g[3])
		if mo == 0 || !valid(mo, num(g[1])) || !valid(mo, num(g[2])) {
			continue
		}
		y, resolved := resolve(g[4])
		add(Date{Start: ymd(y, mo, num(g[1])), End: ymd(y, mo, num(g[2])), Text: strings.TrimSpace(g[0]), From: m[0], To: m[1], YearResolved: resolved})
	}
	for _, m := range reWordDate.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		mo := month(g[2])
		if n, ok := romanMonths[g[2]]; ok && g[3] != "" {
			mo = n // 15 X 2008 r.: a Roman month, with its year
		}
		if mo == 0 || !valid(mo, num(g[1])) || street(text[:m[0]]) {
			continue
		}
		y, resolved := resolve(g[3])
		add(Date{Start: ymd(y, mo, num(g[1])), Text: strings.TrimSpace(g[0]), From: m[0], To: m[1], YearResolved: resolved})
	}
	for _, m := range reMonthYear.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		mo := month(g[1])
		if mo == 0 {
			continue
		}
		y, resolved := num(g[2]), false
		if strings.HasPrefix(g[2], "br") {
			y, resolved = year, true
		}
		if y == 0 {
			continue
		}
		add(Date{Start: fmt.Sprintf("%04d-%02d", y, mo), Text: g[0], From: m[0], To: m[1], YearResolved: resolved})
	}
	for _, m := range reBareMonth.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		if mo := month(g[1]); mo > 0 && year != 0 {
			add(Date{Start: fmt.Sprintf("%04d-%02d", year, mo), Text: g[0], From: m[0], To: m[1], YearResolved: true, Bare: true})
		}
	}
	for _, m := range reSeason.FindAllStringSubmatchIndex(text, -1) {
		g := groups(text, m)
		add(Date{Start: g[2], Text: g[0], From: m[0], To: m[1], Season: true})
	}
	// Only dates that exist, ends after starts (31.02.2021 and 1.1.0000 are not dates).
	out = slices.DeleteFunc(out, func(d Date) bool {
		start, err := ecosystem.ParsePartialDate(d.Start)
		if err != nil || (len(d.Start) >= 4 && d.Start[:2] != "--" && d.Start[:4] < "1900") {
			return true
		}
		if d.End != "" {
			end, err := ecosystem.ParsePartialDate(d.End)
			if err != nil || end.String() < start.String() {
				return true
			}
		}
		return false
	})
	// In the order of the text.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].From < out[j-1].From; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// groups are the submatches of an index match ("" for a group that did not take part).
func groups(text string, m []int) []string {
	out := make([]string, len(m)/2)
	for i := range out {
		if m[2*i] >= 0 {
			out[i] = text[m[2*i]:m[2*i+1]]
		}
	}
	return out
}

// street reports whether the text before a date-like "11 Listopada" ends with a street word:
// ul. 11 Listopada is an address.
func street(before string) bool {
	if len(before) > 24 {
		before = before[len(before)-24:]
	}
	b := strings.ToLower(strings.TrimSpace(before))
	for _, w := range []string{"ul.", "ulica", "ulicy", "ulicą", "al.", "aleja", "alei", "pl.", "placu", "plac", "os.", "osiedle"} {
		if strings.HasSuffix(b, w) {
			return true
		}
	}
	return false
}
