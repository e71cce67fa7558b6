package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/gazetteer"
)

// BenchmarkPropose reads, links and builds the proposal of each source document against the
// seeded embedded store: the time an editor waits for proposeFromText.
func BenchmarkPropose(b *testing.B) {
	s, ds := seeded(b)
	golds, err := GoldFromSeeds("../../shared/seeds", ds)
	if err != nil {
		b.Skipf("the source documents are not beside the project: %v", err)
	}
	x := &Extractor{Gazetteer: gazetteer.Default(), Known: KnownPlaces(ds.Nodes)}
	for _, g := range golds {
		b.Run(g.Name[:3], func(b *testing.B) {
			b.SetBytes(int64(len(g.Text)))
			for b.Loop() {
				if _, err := x.Propose(context.Background(), s, g.Article, "src-bench"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExtractLargestText extracts the largest text proposeFromText takes (200 KiB), as
// one paragraph of sector prose: the worst case an editor can send.
func BenchmarkExtractLargestText(b *testing.B) {
	unit := "Spotkanie z przedstawicielami Miejskiego Ośrodka Pomocy Społecznej w Gdyni oraz Pani Anny Nowak, Dyrektor PCPR w Kraśniku, odbyło się 6-9 września 2021 r. "
	text := strings.Repeat(unit, 200<<10/len(unit))
	x := &Extractor{Gazetteer: gazetteer.Default()}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		x.Extract(Article{Text: text})
	}
}
