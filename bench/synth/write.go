package synth

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/wtz-graph/kg/seed"
)

// Write encodes doc as JSON in the seed format.
func Write(w io.Writer, doc *seed.Document) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return bw.Flush()
}

// NodeCount is the number of entities doc declares, sources included.
func NodeCount(doc *seed.Document) int {
	return len(doc.Sources) + len(doc.Organisations) + len(doc.People) + len(doc.Projects) +
		len(doc.Programmes) + len(doc.Events) + len(doc.Practices) + len(doc.Places)
}
