// Package ingest turns a Polish news item into a proposal: the organisations, people, places,
// dates, events and projects it mentions, the relations between them, each citing its
// paragraph with a note in our own words, linked to the graph where the graph already holds
// them, as a change set in the seed format that an editor reviews before anything is written.
//
// The extraction is rules over the sector's formulaic language (Miejski Ośrodek Pomocy
// Społecznej w X, PCPR w X, Dyrektor … Anna Nowak, w dniach 6-9 września 2021 r.), with case
// forms read from the Morfeusz tables of package ingest/morph, never guessed.
package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Paragraph is a block of text separated from the next by a blank line; its lines are
// joined, so that a name split across a line is one name. N counts from 1, headings included:
// the locator ¶N of the seed format.
type Paragraph struct {
	N    int
	Text string
	// Lines are the byte offsets in Text where the block's second and later lines begin: a
	// heading without a full stop runs into the next line, and a name may stop there.
	Lines []int
}

var (
	blankLine = regexp.MustCompile(`\n[ \t\r\f\v]*\n`)
	spaces    = regexp.MustCompile(`[\s\x{00A0}]+`)
)

// Paragraphs splits a text into paragraphs, with whitespace runs made single spaces and the
// quotes and dashes of Polish typography kept.
func Paragraphs(text string) []Paragraph {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []Paragraph
	for _, block := range blankLine.Split(text, -1) {
		var t string
		var lines []int
		for _, line := range strings.Split(block, "\n") {
			l := strings.TrimSpace(spaces.ReplaceAllString(line, " "))
			if l == "" {
				continue
			}
			// „ Liderzy Kooperacji” → „Liderzy Kooperacji”
			l = strings.ReplaceAll(l, "„ ", "„")
			l = strings.ReplaceAll(l, " ”", "”")
			if t != "" {
				t += " "
				lines = append(lines, len(t))
			}
			t += l
		}
		if t == "" {
			continue
		}
		out = append(out, Paragraph{N: len(out) + 1, Text: t, Lines: lines})
	}
	return out
}

// TokenKind tells words from numbers and punctuation.
type TokenKind int

// Token kinds.
const (
	Word TokenKind = iota
	Number
	Punct
)

// Token is a word, number or punctuation mark of a paragraph, at byte offsets [Start, End).
type Token struct {
	Text       string
	Kind       TokenKind
	Start, End int
	// Sentence numbers the token's sentence within its paragraph, from 0.
	Sentence int
	// Quoted is set inside „…” or "…".
	Quoted bool
	// LineStart is set for the first token of a line after the paragraph's first.
	LineStart bool
}

// Cap reports whether a word starts with a capital letter.
func (t Token) Cap() bool {
	r, _ := utf8.DecodeRuneInString(t.Text)
	return t.Kind == Word && unicode.IsUpper(r)
}

// Upper reports whether a word is in capitals (an abbreviation: PCPR, G-PZK, ŚDS).
func (t Token) Upper() bool {
	if t.Kind != Word {
		return false
	}
	letters := 0
	for _, r := range t.Text {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters >= 2
}

// abbrevDot are words a full stop follows without ending the sentence.
var abbrevDot = map[string]bool{"ul": true, "ds": true, "pn": true, "pt": true, "r": true, "br": true, "im": true, "św": true,
	"nr": true, "dr": true, "prof": true, "mgr": true, "inż": true, "tj": true, "np": true, "m.in": true, "in": true, "tzw": true,
	"ok": true, "godz": true, "tel": true, "al": true, "pl": true, "woj": true, "pow": true, "gm": true, "sp": true, "z.o.o": true,
	"pol": true, "ang": true, "niem": true, "ros": true, "czes": true, "wł": true, "ur": true, "ks": true, "hab": true, "lek": true, "red": true, "wg": true, "ww": true}

// Tokenize splits a paragraph into tokens and numbers their sentences.
func Tokenize(text string) []Token {
	var out []Token
	quoted := false
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r):
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += s2
					continue
				}
				// a hyphen inside a word (Gminno-Powiatowe, G-PZK, Warmińsko-Mazurskiego)
				if r2 == '-' && j+1 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+1:])
					if unicode.IsLetter(r3) {
						j += s2
						continue
					}
				}
				break
			}
			out = append(out, Token{Text: text[i:j], Kind: Word, Start: i, End: j, Quoted: quoted})
			i = j
		case unicode.IsDigit(r):
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if !unicode.IsDigit(r2) {
					break
				}
				j += s2
			}
			out = append(out, Token{Text: text[i:j], Kind: Number, Start: i, End: j, Quoted: quoted})
			i = j
		default:
			switch r {
			case '„', '“':
				quoted = true
			case '”':
				quoted = false
			case '"':
				quoted = !quoted
			}
			out = append(out, Token{Text: text[i : i+size], Kind: Punct, Start: i, End: i + size, Quoted: quoted && r != '„' && r != '“' && r != '"'})
			i += size
		}
	}
	// Sentences end at . ! ? followed by a capital, unless the word before is an
	// abbreviation, a single letter or a number (15.10.2018, 1. Kamień Milowy).
	s := 0
	for k := range out {
		out[k].Sentence = s
		t := out[k]
		if t.Kind == Punct && (t.Text == "." || t.Text == "!" || t.Text == "?") && k+1 < len(out) && out[k+1].Cap() && k > 0 {
			prev := out[k-1]
			if t.Text == "." && (prev.Kind == Number || abbrevDot[strings.ToLower(prev.Text)] || (prev.Kind == Word && utf8.RuneCountInString(prev.Text) == 1)) {
				continue
			}
			s++
		}
	}
	return out
}

// joinTokens writes tokens back as text, with the spacing of the paragraph.
func joinTokens(text string, toks []Token) string {
	if len(toks) == 0 {
		return ""
	}
	return text[toks[0].Start:toks[len(toks)-1].End]
}

// fold lower-cases a word.
func lower(s string) string { return strings.ToLower(s) }
