package synth

import (
	"math/rand/v2"
	"strings"

	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/seed"
)

// SearchTexts makes n search texts from the Polish organisations of doc, the way people type
// them: abbreviations with a place in another case, names without diacritics, or their first
// words. The same document and n give the same texts.
func SearchTexts(doc *seed.Document, n int) []string {
	var names []string
	for _, o := range doc.Organisations {
		if o.Country == "PL" {
			names = append(names, o.Name)
		}
	}
	r := rand.New(rand.NewPCG(7, 7))
	out := make([]string, 0, n)
	for len(out) < n && len(names) > 0 {
		name := pick(r, names)
		place := ""
		if i := strings.LastIndex(name, " w "); i >= 0 {
			place = name[i+3:]
		}
		switch {
		case strings.HasPrefix(name, "Miejski Ośrodek Pomocy Społecznej") && place != "":
			out = append(out, "MOPS "+place)
		case strings.HasPrefix(name, "Powiatowe Centrum Pomocy Rodzinie") && place != "":
			out = append(out, "PCPR w "+place)
		case strings.HasPrefix(name, "Warsztat Terapii Zajęciowej") && place != "":
			out = append(out, "WTZ "+polish.Fold(place))
		case strings.HasPrefix(name, "Gminny Ośrodek Pomocy Społecznej") && place != "":
			out = append(out, "GOPS "+place)
		default:
			words := strings.Fields(polish.Fold(name))
			out = append(out, strings.Join(words[:min(len(words), 3)], " "))
		}
	}
	return out
}
