package memory

import (
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
)

// Block sizes of the slabs.
const (
	relationBlock = 1024
	citationBlock = 2048
	stringBlock   = 64 << 10
)

// slabs allocate the stored relations, their citations and their ids in large blocks instead
// of one object each. The garbage collector's marking time grows with the number of live
// objects, and a million relations would otherwise be about three million objects (the
// relation, its citation slice, its id) that every collection walks. A block stays alive while
// any relation in it does, so a deleted or replaced relation's slot is not reused; writes are
// rare next to reads, so the waste stays small.
type slabs struct {
	relations []ecosystem.Relation
	citations []ecosystem.Citation
	text      *strings.Builder
}

// relation returns a copy of r stored in a block, with its citations and id stored in blocks
// too.
func (s *slabs) relation(r *ecosystem.Relation) *ecosystem.Relation {
	if len(s.relations) == cap(s.relations) {
		s.relations = make([]ecosystem.Relation, 0, relationBlock)
	}
	s.relations = append(s.relations, *r)
	c := &s.relations[len(s.relations)-1]
	c.ID = s.string(r.ID)
	c.Sources = s.citationList(r.Sources)
	return c
}

// citationList copies cs into a block; the result has no spare capacity, so that an append
// to it copies instead of overwriting its neighbour.
func (s *slabs) citationList(cs []ecosystem.Citation) []ecosystem.Citation {
	n := len(cs)
	if n == 0 || n > citationBlock/8 {
		return append([]ecosystem.Citation(nil), cs...)
	}
	if cap(s.citations)-len(s.citations) < n {
		s.citations = make([]ecosystem.Citation, 0, citationBlock)
	}
	start := len(s.citations)
	s.citations = append(s.citations, cs...)
	return s.citations[start : start+n : start+n]
}

// string copies v into a block of text: the result shares the block's memory, which is never
// written again once handed out.
func (s *slabs) string(v string) string {
	if len(v) == 0 || len(v) > stringBlock/16 {
		return strings.Clone(v)
	}
	if s.text == nil || s.text.Cap()-s.text.Len() < len(v) {
		s.text = &strings.Builder{}
		s.text.Grow(stringBlock)
	}
	s.text.WriteString(v)
	all := s.text.String()
	return all[len(all)-len(v):]
}
