package ecosystem

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Identifier is an organisation's number in a register, by scheme: KRS (the court register),
// REGON (GUS's business register), NIP (tax id), RJPS (the register of social-welfare units),
// or a free scheme named in lower case ("pfron-wtz"). Value is normalised (NormaliseIdentifier).
// An identifier is unique per scheme: two organisations never share one.
type Identifier struct {
	Scheme  string
	Value   string
	Sources []Citation
}

// Key is the identifier as one string, "KRS:0000123456": how it is looked up and indexed.
func (i Identifier) Key() string { return i.Scheme + ":" + i.Value }

// ContactValue is a phone number, e-mail address or opening hours, with its sources.
type ContactValue struct {
	Value   string
	Sources []Citation
}

// Address is a postal address with its sources.
type Address struct {
	Street   string
	Number   string
	Postcode string
	Locality string
	Sources  []Citation
}

// The identifier schemes with rules of their own.
const (
	SchemeKRS   = "KRS"
	SchemeREGON = "REGON"
	SchemeNIP   = "NIP"
	SchemeRJPS  = "RJPS"
)

var (
	freeScheme  = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)
	rjpsValue   = regexp.MustCompile(`^[A-Z0-9][A-Z0-9./-]{0,39}$`)
	postcode    = regexp.MustCompile(`^[0-9]{2}-[0-9]{3}$`)
	emailFormat = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// NormaliseIdentifier checks an identifier and returns its scheme and value in normal form:
// the scheme in upper case for the known ones; KRS as 10 digits with leading zeros, REGON as 9
// or 14 digits, NIP as 10 digits, each with its check digit verified (separators such as
// spaces and dashes are dropped); RJPS in upper case. The error says what is wrong.
func NormaliseIdentifier(scheme, value string) (string, string, error) {
	s := strings.TrimSpace(scheme)
	v := strings.TrimSpace(value)
	if v == "" {
		return "", "", fmt.Errorf("the %s identifier is empty", clip(s))
	}
	switch strings.ToUpper(s) {
	case SchemeKRS:
		d, err := onlyDigits(v, "KRS")
		if err != nil {
			return "", "", err
		}
		if len(d) > 10 {
			return "", "", fmt.Errorf("KRS number %q has %d digits; it has 10 (with leading zeros)", clip(v), len(d))
		}
		return SchemeKRS, strings.Repeat("0", 10-len(d)) + d, nil
	case SchemeNIP:
		d, err := onlyDigits(strings.TrimPrefix(strings.ToUpper(v), "PL"), "NIP")
		if err != nil {
			return "", "", err
		}
		if len(d) != 10 {
			return "", "", fmt.Errorf("NIP %q has %d digits; it has 10", clip(v), len(d))
		}
		if !checkDigit(d, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}, false) {
			return "", "", fmt.Errorf("NIP %q fails its check digit: a digit is wrong or two are swapped", clip(v))
		}
		return SchemeNIP, d, nil
	case SchemeREGON:
		d, err := onlyDigits(v, "REGON")
		if err != nil {
			return "", "", err
		}
		switch {
		case len(d) == 9 && checkDigit(d, []int{8, 9, 2, 3, 4, 5, 6, 7}, true):
		case len(d) == 14 && checkDigit(d[:9], []int{8, 9, 2, 3, 4, 5, 6, 7}, true) &&
			checkDigit(d, []int{2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8}, true):
		case len(d) != 9 && len(d) != 14:
			return "", "", fmt.Errorf("REGON %q has %d digits; it has 9 or 14", clip(v), len(d))
		default:
			return "", "", fmt.Errorf("REGON %q fails its check digit: a digit is wrong or two are swapped", clip(v))
		}
		return SchemeREGON, d, nil
	case SchemeRJPS:
		u := strings.ToUpper(v)
		if !rjpsValue.MatchString(u) {
			return "", "", fmt.Errorf("RJPS unit id %q is not 1 to 40 letters, digits, dots, slashes or dashes", clip(v))
		}
		return SchemeRJPS, u, nil
	}
	if !freeScheme.MatchString(s) {
		return "", "", fmt.Errorf("identifier scheme %q is neither KRS, REGON, NIP nor RJPS, nor a free scheme of 2 to 40 lower-case letters, digits and dashes", clip(s))
	}
	if len(v) > 100 || strings.ContainsAny(v, "\n\r\t") {
		return "", "", fmt.Errorf("the %s identifier is longer than 100 characters or holds a line break", clip(s))
	}
	return s, v, nil
}

// ParseIdentifier reads "SCHEME:VALUE" ("KRS:0000123456", "nip: 526-000-12-46") and normalises it.
func ParseIdentifier(s string) (Identifier, error) {
	scheme, value, ok := strings.Cut(s, ":")
	if !ok {
		return Identifier{}, fmt.Errorf("an identifier is written SCHEME:VALUE, e.g. KRS:0000123456")
	}
	sc, v, err := NormaliseIdentifier(scheme, value)
	if err != nil {
		return Identifier{}, err
	}
	return Identifier{Scheme: sc, Value: v}, nil
}

func onlyDigits(v, scheme string) (string, error) {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.':
		default:
			return "", fmt.Errorf("%s %q holds %q; it is digits only", scheme, clip(v), r)
		}
	}
	return b.String(), nil
}

// checkDigit verifies the last digit of d against the weighted sum of the others mod 11; with
// tenIsZero a remainder of 10 means 0 (REGON), else it is never valid (NIP).
func checkDigit(d string, weights []int, tenIsZero bool) bool {
	sum := 0
	for i, w := range weights {
		sum += int(d[i]-'0') * w
	}
	r := sum % 11
	if r == 10 {
		if !tenIsZero {
			return false
		}
		r = 0
	}
	return int(d[len(weights)]-'0') == r
}

// clip shortens a value quoted in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	// At most 60 bytes of the value: 40 characters can be 160 bytes.
	if len(s) > maxQuoted {
		cut := maxQuoted - len("…")
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// maxQuoted is the most bytes of a value a message quotes.
const maxQuoted = 60

// IdentifierCandidates lists the identifiers a search text may be: SCHEME:VALUE, or a bare
// number that has the length and check digit of a KRS, NIP or REGON.
func IdentifierCandidates(text string) []Identifier {
	if id, err := ParseIdentifier(text); err == nil {
		return []Identifier{id}
	}
	d, err := onlyDigits(strings.TrimSpace(text), "")
	if err != nil || d == "" {
		return nil
	}
	var out []Identifier
	for _, scheme := range []string{SchemeKRS, SchemeNIP, SchemeREGON} {
		if scheme == SchemeKRS && len(d) != 10 {
			continue
		}
		if sc, v, err := NormaliseIdentifier(scheme, d); err == nil {
			out = append(out, Identifier{Scheme: sc, Value: v})
		}
	}
	return out
}

// CheckPostcode checks a Polish postcode (NN-NNN).
func CheckPostcode(s string) error {
	if !postcode.MatchString(s) {
		return fmt.Errorf("postcode %q is not NN-NNN", clip(s))
	}
	return nil
}

// CheckEmail checks the shape of an e-mail address.
func CheckEmail(s string) error {
	if !emailFormat.MatchString(s) {
		return fmt.Errorf("%q is not an e-mail address", clip(s))
	}
	return nil
}

// CitedValue is one value of an entity that carries citations of its own.
type CitedValue struct {
	// Field is the value's path in the entity, "identifiers[0]".
	Field   string
	Sources []Citation
}

// CitedValues lists the values of a node that carry their own citations (an organisation's
// identifiers and contacts), so that validation checks their sources like the node's.
func CitedValues(n Node) []CitedValue {
	o, ok := n.(*Organisation)
	if !ok {
		return nil
	}
	var out []CitedValue
	for i, id := range o.Identifiers {
		out = append(out, CitedValue{fmt.Sprintf("identifiers[%d]", i), id.Sources})
	}
	if o.Address != nil {
		out = append(out, CitedValue{"address", o.Address.Sources})
	}
	for _, l := range []struct {
		name string
		vs   []ContactValue
	}{{"phones", o.Phones}, {"emails", o.Emails}, {"openingHours", o.OpeningHours}} {
		for i, v := range l.vs {
			out = append(out, CitedValue{fmt.Sprintf("%s[%d]", l.name, i), v.Sources})
		}
	}
	return out
}
