// Package scalars maps the domain's enums and its partial date onto GraphQL: gqlgen binds each
// GraphQL enum and scalar to an ecosystem type through the Marshal and Unmarshal functions
// here (gqlgen.yml), so that package ecosystem holds no GraphQL.
package scalars

import (
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wtz-graph/kg/ecosystem"
)

// quoted marshals a string value.
func quoted(s string) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(s)) })
}

// enumValue reads a value of the enum called name, accepting only what valid accepts.
func enumValue[T ~string](v any, name string, valid func(T) bool) (T, error) {
	s, ok := v.(string)
	if !ok {
		return "", ecosystem.InputErrorf("%s must be a string", name)
	}
	if !valid(T(s)) {
		return "", ecosystem.InputErrorf("%q is not a valid %s", s, name)
	}
	return T(s), nil
}

func MarshalOrganisationKind(k ecosystem.OrganisationKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalOrganisationKind(v any) (ecosystem.OrganisationKind, error) {
	return enumValue(v, "OrganisationKind", ecosystem.OrganisationKind.IsValid)
}

func MarshalEventKind(k ecosystem.EventKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalEventKind(v any) (ecosystem.EventKind, error) {
	return enumValue(v, "EventKind", ecosystem.EventKind.IsValid)
}

func MarshalEventStatus(s ecosystem.EventStatus) graphql.Marshaler { return quoted(string(s)) }
func UnmarshalEventStatus(v any) (ecosystem.EventStatus, error) {
	return enumValue(v, "EventStatus", ecosystem.EventStatus.IsValid)
}

func MarshalTheme(t ecosystem.Theme) graphql.Marshaler { return quoted(string(t)) }
func UnmarshalTheme(v any) (ecosystem.Theme, error) {
	return enumValue(v, "Theme", ecosystem.Theme.IsValid)
}

func MarshalPlaceKind(k ecosystem.PlaceKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalPlaceKind(v any) (ecosystem.PlaceKind, error) {
	return enumValue(v, "PlaceKind", ecosystem.PlaceKind.IsValid)
}

func MarshalProgrammeKind(k ecosystem.ProgrammeKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalProgrammeKind(v any) (ecosystem.ProgrammeKind, error) {
	return enumValue(v, "ProgrammeKind", ecosystem.ProgrammeKind.IsValid)
}

func MarshalSourceKind(k ecosystem.SourceKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalSourceKind(v any) (ecosystem.SourceKind, error) {
	return enumValue(v, "SourceKind", ecosystem.SourceKind.IsValid)
}

func MarshalNodeType(t ecosystem.NodeType) graphql.Marshaler { return quoted(string(t)) }
func UnmarshalNodeType(v any) (ecosystem.NodeType, error) {
	s, ok := v.(string)
	if !ok || !ecosystem.NodeType(s).IsValid() {
		return "", ecosystem.InputErrorf("%v is not a valid NodeType", v)
	}
	return ecosystem.NodeType(s), nil
}

func MarshalRelationType(r ecosystem.RelationType) graphql.Marshaler { return quoted(string(r)) }
func UnmarshalRelationType(v any) (ecosystem.RelationType, error) {
	return enumValue(v, "RelationType", ecosystem.RelationType.IsValid)
}

func MarshalDirection(d ecosystem.Direction) graphql.Marshaler { return quoted(string(d)) }
func UnmarshalDirection(v any) (ecosystem.Direction, error) {
	return enumValue(v, "Direction", ecosystem.Direction.IsValid)
}

func MarshalPartnershipKind(k ecosystem.PartnershipKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalPartnershipKind(v any) (ecosystem.PartnershipKind, error) {
	return enumValue(v, "PartnershipKind", ecosystem.PartnershipKind.IsValid)
}

func MarshalHostReasonKind(k ecosystem.HostReasonKind) graphql.Marshaler { return quoted(string(k)) }
func UnmarshalHostReasonKind(v any) (ecosystem.HostReasonKind, error) {
	return enumValue(v, "HostReasonKind", ecosystem.HostReasonKind.IsValid)
}

// MarshalPartialDate writes a date as "2021", "2021-05" or "2021-05-12".
func MarshalPartialDate(d ecosystem.PartialDate) graphql.Marshaler { return quoted(d.String()) }

// UnmarshalPartialDate reads a date of year, month or day precision.
func UnmarshalPartialDate(v any) (ecosystem.PartialDate, error) {
	s, ok := v.(string)
	if !ok {
		return ecosystem.PartialDate{}, ecosystem.InputErrorf("PartialDate must be a string")
	}
	p, err := ecosystem.ParsePartialDate(s)
	if err != nil {
		return ecosystem.PartialDate{}, &ecosystem.InputError{Message: err.Error()}
	}
	return p, nil
}
