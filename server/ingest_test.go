package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/wtz-graph/kg/store"
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

// TestProposalWorkflow: a proposal is kept for editors (not for anonymous readers), accepted
// with an editor's decisions (one entity rejected, one linked to an existing node instead),
// and rolled back as a whole: the facts only the article attested are gone, the existing
// entities it cited lose the citation and keep everything else.
func TestProposalWorkflow(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { proposalWorkflow(t, b.store) })
	}
}

func proposalWorkflow(t *testing.T, s store.Store) {
	srv := testServerWith(t, s, map[string]string{"WRITE_TOKEN": testToken})
	text := "Spotkanie w Gdyni\n\nW dniu 12 maja 2022 r. w Gdyni odbyło się spotkanie, które zorganizował Miejski Ośrodek Pomocy Społecznej w Gdyni. Udział wzięli przedstawiciele Stowarzyszenia Przyjaciół Ziemi Kociewskiej z Gdańska oraz Fundacji Dobrych Sąsiadów z Sopotu."
	r := postAs(t, srv, testToken, `mutation($t: String!) { proposeFromText(text: $t, source: { id: "src-workflow" }) { status mentions { id name decision } } }`, map[string]any{"t": text})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"status":"PENDING"`) {
		t.Fatalf("propose: %s %+v", r.Data, r.Errors)
	}
	for _, want := range []string{"Organisation:stowarzyszenie-przyjaciol-ziemi-kociewskiej", "Organisation:fundacja-dobrych-sasiadow", `"decision":"SAME"`} {
		if !strings.Contains(string(r.Data), want) {
			t.Fatalf("the proposal lacks %s: %s", want, r.Data)
		}
	}
	if r := postAs(t, srv, "", `{ proposals { source } }`, nil); code(r) != "UNAUTHENTICATED" {
		t.Errorf("anonymous read of proposals: %s %+v", r.Data, r.Errors)
	}
	if r := postAs(t, srv, testToken, `{ proposals(status: PENDING) { source status } }`, nil); !strings.Contains(string(r.Data), "src-workflow") {
		t.Errorf("proposals: %s %+v", r.Data, r.Errors)
	}
	// Reject the foundation; the association is (says the editor) SNRSS.
	acc := postAs(t, srv, testToken, `mutation { acceptProposal(id: "src-workflow", decisions: [
	    { id: "Organisation:fundacja-dobrych-sasiadow", action: REJECT },
	    { id: "Organisation:stowarzyszenie-przyjaciol-ziemi-kociewskiej", action: LINK, to: "Organisation:snrss" }]) {
	  proposal { status } import { valid problems { message } } } }`, nil)
	if !strings.Contains(string(acc.Data), `"status":"ACCEPTED"`) || !strings.Contains(string(acc.Data), `"valid":true`) {
		t.Fatalf("accept: %s %+v", acc.Data, acc.Errors)
	}
	read := func(id string) string {
		return string(postAs(t, srv, "", `query($id: ID!) { node(id: $id) { id ... on Entity { name sources { source { id } } relations(first: 500) { edges { relation { type sources { source { id } } } node { id } } } } } }`, map[string]any{"id": id}).Data)
	}
	if got := read("Organisation:fundacja-dobrych-sasiadow"); !strings.Contains(got, `"node":null`) {
		t.Errorf("a rejected entity was written: %s", got)
	}
	if got := read("Organisation:snrss"); !strings.Contains(got, "src-workflow") || !strings.Contains(got, "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych") {
		t.Errorf("the linked entity lacks the article: %s", got)
	}
	mops := read("Organisation:mops-gdynia")
	if !strings.Contains(mops, `"type":"ORGANISED"`) {
		t.Errorf("MOPS Gdynia did not get the ORGANISED relation: %s", mops)
	}
	if r := postAs(t, srv, testToken, `mutation { acceptProposal(id: "src-workflow") { proposal { status } } }`, nil); code(r) != "CONFLICT" {
		t.Errorf("accepting twice: %+v", r.Errors)
	}
	// Roll back: a dry run first, then for real.
	dry := postAs(t, srv, testToken, `mutation { rollbackProposal(id: "src-workflow", dryRun: true) { dryRun nodesDeleted nodesUpdated relationsDeleted } }`, nil)
	if !strings.Contains(string(dry.Data), `"dryRun":true`) || strings.Contains(string(dry.Data), `"nodesDeleted":0`) {
		t.Fatalf("rollback dry run: %s %+v", dry.Data, dry.Errors)
	}
	if read("Organisation:snrss") == mops {
		t.Fatal("unreachable")
	}
	rb := postAs(t, srv, testToken, `mutation { rollbackProposal(id: "src-workflow") { proposal { status } nodesDeleted nodesUpdated relationsDeleted } }`, nil)
	if !strings.Contains(string(rb.Data), `"status":"ROLLED_BACK"`) {
		t.Fatalf("rollback: %s %+v", rb.Data, rb.Errors)
	}
	snrss := read("Organisation:snrss")
	if strings.Contains(snrss, "src-workflow") || !strings.Contains(snrss, "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych") {
		t.Errorf("after the rollback SNRSS: %s", snrss)
	}
	if got := read("Organisation:mops-gdynia"); strings.Contains(got, "src-workflow") || strings.Contains(got, `"type":"ORGANISED","sources":[{"source":{"id":"src-workflow"}}]`) {
		t.Errorf("after the rollback MOPS Gdynia: %s", got)
	}
	if got := read("Source:src-workflow"); !strings.Contains(got, `"node":null`) {
		t.Errorf("the source is still there: %s", got)
	}
}

// TestRollbackKeepsOtherSourcesFacts: a rollback deletes only what the article created, and
// refuses while another source's fact hangs on an entity it would delete; an article cannot
// take an existing source's id.
func TestRollbackKeepsOtherSourcesFacts(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	text := "Spotkanie w Gdyni\n\nW dniu 12 maja 2022 r. w Gdyni odbyło się spotkanie. Udział wzięli przedstawiciele Stowarzyszenia Przyjaciół Ziemi Kociewskiej z Gdańska."
	if r := postAs(t, srv, testToken, `mutation($t: String!) { proposeFromText(text: $t, source: { id: "src-rops-rzeszow-liderzy-kooperacji" }) { source } }`, map[string]any{"t": text}); code(r) != "CONFLICT" {
		t.Fatalf("an existing source's id: %s %+v", r.Data, r.Errors)
	}
	if r := postAs(t, srv, testToken, `mutation($t: String!) { proposeFromText(text: $t, source: { id: "src-other-facts" }) { source } }`, map[string]any{"t": text}); len(r.Errors) > 0 {
		t.Fatalf("propose: %+v", r.Errors)
	}
	if r := postAs(t, srv, testToken, `mutation { acceptProposal(id: "src-other-facts") { import { valid } } }`, nil); !strings.Contains(string(r.Data), `"valid":true`) {
		t.Fatalf("accept: %s %+v", r.Data, r.Errors)
	}
	// Another source now attests a relation of the new association.
	add := postAs(t, srv, testToken, `mutation { addRelation(input: { type: MEMBER_OF, from: "Organisation:stowarzyszenie-przyjaciol-ziemi-kociewskiej", to: "Organisation:fosa",
	  cite: [{ source: "src-rops-rzeszow-liderzy-kooperacji", locator: "¶1", note: "Test fact from another source." }] }) { id } }`, nil)
	var added struct{ AddRelation struct{ ID string } }
	if err := json.Unmarshal(add.Data, &added); err != nil || added.AddRelation.ID == "" {
		t.Fatalf("addRelation: %s %+v", add.Data, add.Errors)
	}
	if r := postAs(t, srv, testToken, `mutation { rollbackProposal(id: "src-other-facts") { nodesDeleted } }`, nil); code(r) != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "other sources") {
		t.Fatalf("a rollback that would take another source's fact: %s %+v", r.Data, r.Errors)
	}
	if r := postAs(t, srv, testToken, `mutation($id: ID!) { removeRelation(id: $id) { relationsDeleted } }`, map[string]any{"id": added.AddRelation.ID}); len(r.Errors) > 0 {
		t.Fatalf("removeRelation: %+v", r.Errors)
	}
	rb := postAs(t, srv, testToken, `mutation { rollbackProposal(id: "src-other-facts") { proposal { status } nodesDeleted nodesUpdated } }`, nil)
	if !strings.Contains(string(rb.Data), `"ROLLED_BACK"`) {
		t.Fatalf("rollback: %s %+v", rb.Data, rb.Errors)
	}
	// Gdynia and Gdańsk existed before: they stay, without the article's citation.
	got := string(postAs(t, srv, "", `{ a: place(id: "gdynia") { name sources { source { id } } } b: place(id: "gdansk") { name } c: organisation(id: "stowarzyszenie-przyjaciol-ziemi-kociewskiej") { id } }`, nil).Data)
	if !strings.Contains(got, `"name":"Gdynia"`) || !strings.Contains(got, `"name":"Gdańsk"`) || strings.Contains(got, "src-other-facts") || !strings.Contains(got, `"c":null`) {
		t.Errorf("after the rollback: %s", got)
	}
}
