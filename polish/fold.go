// Package polish normalises Polish (and Swedish, and other Latin-script) names for search and
// entity matching: diacritic folding, tokenisation, a light stemmer that tolerates inflected
// endings, and expansion of the sector's abbreviations. It is the one normalisation used by
// both store backends and by seed validation, so that they agree on what matches.
package polish

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special folds letters that Unicode decomposition does not reduce to ASCII.
var special = map[rune]string{
	'ł': "l", 'Ł': "l", 'ø': "o", 'Ø': "o", 'æ': "ae", 'Æ': "ae", 'ß': "ss",
	'đ': "d", 'Đ': "d", 'œ': "oe", 'Œ': "oe", 'ı': "i",
}

// Fold lower-cases s, removes diacritics ("Gębice" → "gebice", "Glöden" → "gloden") and turns
// every run of characters that are not letters or digits into one space. The result is trimmed.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading spaces
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case special[r] != "":
			b.WriteString(special[r])
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// SortName is the key names are ordered by: folded, so that "Łężeczki" sorts with the L's and
// the order does not depend on a backend's collation.
func SortName(s string) string { return Fold(s) }
