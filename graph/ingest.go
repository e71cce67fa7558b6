package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/ingest"
	"github.com/wtz-graph/kg/match"
)

// MaxArticleBytes bounds the text proposeFromText reads.
const MaxArticleBytes = 200 << 10

// proposeFromText implements Mutation.proposeFromText: the article read, linked and checked
// as an import's dry run; nothing is written.
func (r *Resolver) proposeFromText(ctx context.Context, text string, src *generated.ArticleSourceInput) (*generated.ArticleProposal, error) {
	if len(text) > MaxArticleBytes {
		return nil, badInput("the text is larger than %d bytes; use server ingest", MaxArticleBytes)
	}
	if strings.TrimSpace(text) == "" {
		return nil, badInput("text is empty")
	}
	a := ingest.Article{Text: text}
	sum := sha256.Sum256([]byte(text))
	id := "src-article-" + hex.EncodeToString(sum[:4])
	if src != nil {
		if src.ID != nil && *src.ID != "" {
			if err := ecosystem.ValidateSlug(*src.ID); err != nil {
				return nil, badInput("source.id: %v", err)
			}
			id = *src.ID
		}
		a.Title, a.URL, a.Publisher = deref(src.Title), deref(src.URL), deref(src.Publisher)
		if src.Published != nil {
			a.Published = src.Published.String()
		}
		if a.URL != "" && !strings.HasPrefix(a.URL, "https://") && !strings.HasPrefix(a.URL, "http://") {
			return nil, badInput("source.url must be an http(s) URL")
		}
		if len(a.Title) > 500 || len(a.Publisher) > 300 || len(a.URL) > 2000 {
			return nil, badInput("source.title is at most 500 bytes, source.publisher 300, source.url 2000")
		}
	}
	return r.ProposeArticle(ctx, a, id)
}

// ProposeArticle reads an article, links it to the graph, checks the proposal as an import's
// dry run and keeps it for review (server ingest -keep uses it too).
func (r *Resolver) ProposeArticle(ctx context.Context, a ingest.Article, id string) (*generated.ArticleProposal, error) {
	x := &ingest.Extractor{Gazetteer: r.gazetteer(), Lookup: ingest.GraphPlaces(ctx, r.Store)}
	p, err := x.Propose(ctx, r.Store, a, id)
	if errors.Is(err, ingest.ErrSourceExists) {
		return nil, conflict("the graph already has a source %s: give the article an id of its own (source.id)", id)
	}
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(p.Document)
	if err != nil {
		return nil, err
	}
	check, err := r.importDoc(ctx, "proposal", &p.Document, true, false)
	if err != nil {
		return nil, err
	}
	out := &generated.ArticleProposal{Source: id, Document: string(raw), Check: check,
		Paragraphs: []*generated.ArticleParagraph{}, Mentions: []*generated.ArticleMention{}, Relations: []*generated.ProposedRelation{}}
	paras := map[int]string{}
	for _, pg := range p.Extraction.Paragraphs {
		paras[pg.N] = pg.Text
		out.Paragraphs = append(out.Paragraphs, &generated.ArticleParagraph{Locator: locator(pg.N), Text: pg.Text})
	}
	span := func(m *ingest.Mention) (int, int) {
		t := paras[m.Para]
		return utf16Len(t[:m.From]), utf16Len(t[:m.To])
	}
	for _, l := range p.Links {
		m := l.Mention
		start, end := span(m)
		am := &generated.ArticleMention{Type: m.Type, Name: m.Name, Text: m.Text, Paragraph: locator(m.Para), Start: start, End: end,
			Decision: decision(l.Decision), ID: l.ID.GlobalID(), Guessed: m.Guessed, Candidates: []*generated.LinkCandidate{}, Repeats: []*generated.ArticleSpan{}}
		if m.Kind != "" {
			am.Kind = &m.Kind
		}
		for _, c := range l.Candidates {
			lc := &generated.LinkCandidate{ID: c.ID.GlobalID(), Name: c.Name, Score: c.Score, Features: []*match.Feature{}}
			for i := range c.Features {
				lc.Features = append(lc.Features, &c.Features[i])
			}
			am.Candidates = append(am.Candidates, lc)
		}
		for _, o := range p.Extraction.Mentions {
			if o != m && ingest.Canon(o) == m {
				s, e := span(o)
				am.Repeats = append(am.Repeats, &generated.ArticleSpan{Paragraph: locator(o.Para), Start: s, End: e})
			}
		}
		out.Mentions = append(out.Mentions, am)
	}
	for _, rel := range p.Document.Relations {
		out.Relations = append(out.Relations, &generated.ProposedRelation{Type: ecosystem.RelationType(rel.Type), From: rel.From, To: rel.To,
			Paragraph: rel.Cite[0].Locator, Note: rel.Cite[0].Note})
	}
	if err := r.keepProposal(out); err != nil {
		return nil, err
	}
	return out, nil
}

func locator(n int) string { return fmt.Sprintf("¶%d", n) }

// utf16Len is the length of s in UTF-16 code units, as JavaScript counts string offsets.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func decision(d match.Decision) generated.LinkDecision {
	switch d {
	case match.Same:
		return generated.LinkDecisionSame
	case match.New:
		return generated.LinkDecisionNew
	}
	return generated.LinkDecisionAmbiguous
}
