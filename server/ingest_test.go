package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestProposeFromText runs the article mutation through the real handler: the proposal links
// what the graph holds, passes its own dry run, gives offsets that cut the mention out of its
// paragraph as JavaScript counts, and is accepted by importDocument; anonymous callers and
// oversized texts are refused; nothing is written by the proposal itself.
func TestProposeFromText(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	const q = `mutation($t: String!, $s: ArticleSourceInput) { proposeFromText(text: $t, source: $s) {
	  source document check { valid dryRun problems { message } }
	  paragraphs { locator text }
	  mentions { type name text paragraph start end decision id guessed candidates { id score } repeats { paragraph } }
	  relations { type from to paragraph note } } }`
	text := "Wizyta w Olsztynie\n\nW dniach 6-9 września 2021 r. przedstawiciele Stowarzyszenia Przyjaciół Ziemi Kociewskiej z Gdańska odwiedzili Regionalny Ośrodek Polityki Społecznej w Olsztynie. ROPS w Olsztynie przedstawił swoje działania."
	vars := map[string]any{"t": text, "s": map[string]any{"id": "src-mutation-article", "published": "2021-09", "url": "https://example.org/a"}}
	r := postAs(t, srv, testToken, q, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	var got struct {
		ProposeFromText struct {
			Source, Document string
			Check            struct{ Valid, DryRun bool }
			Paragraphs       []struct{ Locator, Text string }
			Mentions         []struct {
				Type, Name, Text, Paragraph, Decision, ID string
				Start, End                                int
				Repeats                                   []struct{ Paragraph string }
			}
			Relations []struct{ Type, From, To, Paragraph, Note string }
		}
	}
	if err := json.Unmarshal(r.Data, &got); err != nil {
		t.Fatal(err)
	}
	p := got.ProposeFromText
	if p.Source != "src-mutation-article" || !p.Check.Valid || !p.Check.DryRun || len(p.Paragraphs) != 2 {
		t.Fatalf("proposal: source %q, check %+v, %d paragraphs", p.Source, p.Check, len(p.Paragraphs))
	}
	paras := map[string]string{}
	for _, pg := range p.Paragraphs {
		paras[pg.Locator] = pg.Text
	}
	found := map[string]string{}
	for _, m := range p.Mentions {
		u := utf16.Encode([]rune(paras[m.Paragraph]))
		if m.Start < 0 || m.End > len(u) || string(utf16.Decode(u[m.Start:m.End])) != m.Text {
			t.Errorf("%s: offsets %d–%d do not cut %q out of %s", m.Name, m.Start, m.End, m.Text, m.Paragraph)
		}
		found[m.Name] = m.Decision + " " + m.ID
		if m.ID == "Organisation:rops-olsztyn" && len(m.Repeats) == 0 {
			t.Errorf("ROPS w Olsztynie is named twice: repeats %+v", m.Repeats)
		}
	}
	if found["Regionalny Ośrodek Polityki Społecznej w Olsztynie"] != "SAME Organisation:rops-olsztyn" ||
		!strings.HasPrefix(found["Stowarzyszenie Przyjaciół Ziemi Kociewskiej"], "NEW ") {
		t.Errorf("links: %v", found)
	}
	if len(p.Relations) == 0 {
		t.Error("no relations")
	}
	// Nothing was written; importDocument accepts the document.
	check := postAs(t, srv, "", `{ organisation(id: "stowarzyszenie-przyjaciol-ziemi-kociewskiej") { id } }`, nil)
	if !strings.Contains(string(check.Data), `"organisation":null`) {
		t.Fatalf("the proposal wrote: %s", check.Data)
	}
	imp := postAs(t, srv, testToken, `mutation($d: String!) { importDocument(document: $d) { valid problems { message } } }`, map[string]any{"d": p.Document})
	if !strings.Contains(string(imp.Data), `"valid":true`) {
		t.Fatalf("importDocument refuses the proposal: %s %+v", imp.Data, imp.Errors)
	}
	after := postAs(t, srv, "", `{ organisation(id: "stowarzyszenie-przyjaciol-ziemi-kociewskiej") { name sources { source { id } locator } } }`, nil)
	if !strings.Contains(string(after.Data), "src-mutation-article") {
		t.Errorf("after the import: %s", after.Data)
	}
	// Refusals.
	if r := postAs(t, srv, "", q, vars); code(r) != "UNAUTHENTICATED" {
		t.Errorf("anonymous: %+v", r.Errors)
	}
	big := map[string]any{"t": strings.Repeat("Ośrodek w Gdyni. ", 20000)}
	if r := postAs(t, srv, testToken, q, big); code(r) != "BAD_USER_INPUT" && code(r) != "REQUEST_TOO_LARGE" {
		t.Errorf("an oversized text: %+v", r.Errors)
	}
	if r := postAs(t, srv, testToken, q, map[string]any{"t": "  "}); code(r) != "BAD_USER_INPUT" {
		t.Errorf("an empty text: %+v", r.Errors)
	}
	if r := postAs(t, srv, testToken, q, map[string]any{"t": text, "s": map[string]any{"id": "Not A Slug"}}); code(r) != "BAD_USER_INPUT" {
		t.Errorf("a bad source id: %+v", r.Errors)
	}
}
