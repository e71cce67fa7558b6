package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
)

// FinishTimeline filters entries to those whose dates overlap [from, to] (either bound may be
// nil; with a bound, entries without a dated year are left out) and orders them by start date
// (undated last), then event, role and via.
func FinishTimeline(entries []ecosystem.TimelineEntry, from, to *ecosystem.PartialDate) []ecosystem.TimelineEntry {
	out := make([]ecosystem.TimelineEntry, 0, len(entries))
	for _, e := range entries {
		if from != nil || to != nil {
			if !overlaps(e, from, to) {
				continue
			}
		}
		out = append(out, e)
	}
	sortKey := func(d *ecosystem.PartialDate) int {
		if d == nil {
			return ecosystem.PartialDate{}.SortKey()
		}
		return d.SortKey()
	}
	via := func(k *ecosystem.NodeKey) string {
		if k == nil {
			return ""
		}
		return k.GlobalID()
	}
	slices.SortFunc(out, func(a, b ecosystem.TimelineEntry) int {
		return cmp.Or(
			cmp.Compare(sortKey(a.Start), sortKey(b.Start)),
			strings.Compare(a.Event.GlobalID(), b.Event.GlobalID()),
			strings.Compare(string(a.Role), string(b.Role)),
			strings.Compare(via(a.Via), via(b.Via)),
		)
	})
	return out
}

func overlaps(e ecosystem.TimelineEntry, from, to *ecosystem.PartialDate) bool {
	if e.Start == nil {
		return false
	}
	start, ok := e.Start.Earliest()
	if !ok {
		return false
	}
	end := e.Start
	if e.End != nil {
		end = e.End
	}
	last, ok := end.Latest()
	if !ok {
		return false
	}
	if from != nil {
		if f, ok := from.Earliest(); ok && last < f {
			return false
		}
	}
	if to != nil {
		if t, ok := to.Latest(); ok && start > t {
			return false
		}
	}
	return true
}
