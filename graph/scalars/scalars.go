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

// MarshalOrganisationKind writes an ecosystem.OrganisationKind as its GraphQL enum value.
func MarshalOrganisationKind(k ecosystem.OrganisationKind) graphql.Marshaler {
	return quoted(string(k))
}

// UnmarshalOrganisationKind reads a GraphQL OrganisationKind, refusing values the domain does not declare.
func UnmarshalOrganisationKind(v any) (ecosystem.OrganisationKind, error) {
	return enumValue(v, "OrganisationKind", ecosystem.OrganisationKind.IsValid)
}

// MarshalEventKind writes an ecosystem.EventKind as its GraphQL enum value.
func MarshalEventKind(k ecosystem.EventKind) graphql.Marshaler { return quoted(string(k)) }

// UnmarshalEventKind reads a GraphQL EventKind, refusing values the domain does not declare.
func UnmarshalEventKind(v any) (ecosystem.EventKind, error) {
	return enumValue(v, "EventKind", ecosystem.EventKind.IsValid)
}

// MarshalEventStatus writes an ecosystem.EventStatus as its GraphQL enum value.
func MarshalEventStatus(s ecosystem.EventStatus) graphql.Marshaler { return quoted(string(s)) }

// UnmarshalEventStatus reads a GraphQL EventStatus, refusing values the domain does not declare.
func UnmarshalEventStatus(v any) (ecosystem.EventStatus, error) {
	return enumValue(v, "EventStatus", ecosystem.EventStatus.IsValid)
}

// MarshalTheme writes an ecosystem.Theme as its GraphQL enum value.
func MarshalTheme(t ecosystem.Theme) graphql.Marshaler { return quoted(string(t)) }

// UnmarshalTheme reads a GraphQL Theme, refusing values the domain does not declare.
func UnmarshalTheme(v any) (ecosystem.Theme, error) {
	return enumValue(v, "Theme", ecosystem.Theme.IsValid)
}

// MarshalPlaceKind writes an ecosystem.PlaceKind as its GraphQL enum value.
func MarshalPlaceKind(k ecosystem.PlaceKind) graphql.Marshaler { return quoted(string(k)) }

// UnmarshalPlaceKind reads a GraphQL PlaceKind, refusing values the domain does not declare.
func UnmarshalPlaceKind(v any) (ecosystem.PlaceKind, error) {
	return enumValue(v, "PlaceKind", ecosystem.PlaceKind.IsValid)
}

// MarshalProgrammeKind writes an ecosystem.ProgrammeKind as its GraphQL enum value.
func MarshalProgrammeKind(k ecosystem.ProgrammeKind) graphql.Marshaler { return quoted(string(k)) }

// UnmarshalProgrammeKind reads a GraphQL ProgrammeKind, refusing values the domain does not declare.
func UnmarshalProgrammeKind(v any) (ecosystem.ProgrammeKind, error) {
	return enumValue(v, "ProgrammeKind", ecosystem.ProgrammeKind.IsValid)
}

// MarshalSourceKind writes an ecosystem.SourceKind as its GraphQL enum value.
func MarshalSourceKind(k ecosystem.SourceKind) graphql.Marshaler { return quoted(string(k)) }

// UnmarshalSourceKind reads a GraphQL SourceKind, refusing values the domain does not declare.
func UnmarshalSourceKind(v any) (ecosystem.SourceKind, error) {
	return enumValue(v, "SourceKind", ecosystem.SourceKind.IsValid)
}

// MarshalRelationType writes an ecosystem.RelationType as its GraphQL enum value.
func MarshalRelationType(r ecosystem.RelationType) graphql.Marshaler { return quoted(string(r)) }

// UnmarshalRelationType reads a GraphQL RelationType, refusing values the domain does not declare.
func UnmarshalRelationType(v any) (ecosystem.RelationType, error) {
	return enumValue(v, "RelationType", ecosystem.RelationType.IsValid)
}

// MarshalDirection writes an ecosystem.Direction as its GraphQL enum value.
func MarshalDirection(d ecosystem.Direction) graphql.Marshaler { return quoted(string(d)) }

// UnmarshalDirection reads a GraphQL Direction, refusing values the domain does not declare.
func UnmarshalDirection(v any) (ecosystem.Direction, error) {
	return enumValue(v, "Direction", ecosystem.Direction.IsValid)
}

// MarshalPartnershipKind writes an ecosystem.PartnershipKind as its GraphQL enum value.
func MarshalPartnershipKind(k ecosystem.PartnershipKind) graphql.Marshaler { return quoted(string(k)) }

// UnmarshalPartnershipKind reads a GraphQL PartnershipKind, refusing values the domain does not declare.
func UnmarshalPartnershipKind(v any) (ecosystem.PartnershipKind, error) {
	return enumValue(v, "PartnershipKind", ecosystem.PartnershipKind.IsValid)
}

// MarshalHostReasonKind writes an ecosystem.HostReasonKind as its GraphQL enum value.
func MarshalHostReasonKind(k ecosystem.HostReasonKind) graphql.Marshaler { return quoted(string(k)) }

// UnmarshalHostReasonKind reads a GraphQL HostReasonKind, refusing values the domain does not declare.
func UnmarshalHostReasonKind(v any) (ecosystem.HostReasonKind, error) {
	return enumValue(v, "HostReasonKind", ecosystem.HostReasonKind.IsValid)
}

// MarshalNodeType writes an ecosystem.NodeType as its GraphQL enum value.
func MarshalNodeType(t ecosystem.NodeType) graphql.Marshaler { return quoted(string(t)) }

// UnmarshalNodeType reads a GraphQL NodeType.
func UnmarshalNodeType(v any) (ecosystem.NodeType, error) {
	s, ok := v.(string)
	if !ok || !ecosystem.NodeType(s).IsValid() {
		return "", ecosystem.InputErrorf("%v is not a valid NodeType", v)
	}
	return ecosystem.NodeType(s), nil
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
