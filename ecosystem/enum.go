package ecosystem

import (
	"fmt"
	"slices"
)

// enum is the vocabulary of one string enum: its name and its values in declared order.
type enum[T ~string] struct {
	name   string
	values []T
}

func (e enum[T]) valid(v T) bool { return slices.Contains(e.values, v) }

// InputError is a malformed value in a client's input (an enum or scalar that does not parse).
// Its message is fit to show the client.
type InputError struct{ Message string }

func (e *InputError) Error() string { return e.Message }

// InputErrorf returns an *InputError.
func InputErrorf(format string, args ...any) error {
	return &InputError{Message: fmt.Sprintf(format, args...)}
}

// OrganisationKind classifies organisations (DOMAIN.md). Statuses such as public benefit are
// attributes, not kinds.
type OrganisationKind string

// Organisation kinds.
const (
	KindWTZ                 OrganisationKind = "WTZ"
	KindZAZ                 OrganisationKind = "ZAZ"
	KindSDS                 OrganisationKind = "SDS"
	KindDPS                 OrganisationKind = "DPS"
	KindCIS                 OrganisationKind = "CIS"
	KindKIS                 OrganisationKind = "KIS"
	KindOWES                OrganisationKind = "OWES"
	KindOPS                 OrganisationKind = "OPS"
	KindMOPR                OrganisationKind = "MOPR"
	KindCUS                 OrganisationKind = "CUS"
	KindPCPR                OrganisationKind = "PCPR"
	KindROPS                OrganisationKind = "ROPS"
	KindRegionalGovernment  OrganisationKind = "REGIONAL_GOVERNMENT"
	KindStateAdministration OrganisationKind = "STATE_ADMINISTRATION"
	KindLocalGovernment     OrganisationKind = "LOCAL_GOVERNMENT"
	KindPFRON               OrganisationKind = "PFRON"
	KindPFRONBranch         OrganisationKind = "PFRON_BRANCH"
	KindLabourOffice        OrganisationKind = "LABOUR_OFFICE"
	KindSocialCooperative   OrganisationKind = "SOCIAL_COOPERATIVE"
	KindAssociation         OrganisationKind = "ASSOCIATION"
	KindFoundation          OrganisationKind = "FOUNDATION"
	KindNGO                 OrganisationKind = "NGO"
	KindFederation          OrganisationKind = "FEDERATION"
	KindCompany             OrganisationKind = "COMPANY"
	KindForeign             OrganisationKind = "FOREIGN"
	KindPublicUnit          OrganisationKind = "PUBLIC_UNIT"
	KindOther               OrganisationKind = "OTHER"
)

var organisationKinds = enum[OrganisationKind]{"OrganisationKind", []OrganisationKind{
	KindWTZ, KindZAZ, KindSDS, KindDPS, KindCIS, KindKIS, KindOWES, KindOPS, KindMOPR, KindCUS,
	KindPCPR, KindROPS, KindRegionalGovernment, KindStateAdministration, KindLocalGovernment,
	KindPFRON, KindPFRONBranch, KindLabourOffice, KindSocialCooperative, KindAssociation,
	KindFoundation, KindNGO, KindFederation, KindCompany, KindForeign, KindPublicUnit, KindOther,
}}

// AllOrganisationKinds lists the kinds in declared order.
func AllOrganisationKinds() []OrganisationKind { return slices.Clone(organisationKinds.values) }

// IsValid reports whether k is a declared kind.
func (k OrganisationKind) IsValid() bool { return organisationKinds.valid(k) }

// EventKind classifies events.
type EventKind string

// Event kinds.
const (
	EventMeeting         EventKind = "MEETING"
	EventForum           EventKind = "FORUM"
	EventConference      EventKind = "CONFERENCE"
	EventStudyVisit      EventKind = "STUDY_VISIT"
	EventTraining        EventKind = "TRAINING"
	EventWorkshop        EventKind = "WORKSHOP"
	EventExchangeMeeting EventKind = "EXCHANGE_MEETING"
	EventMilestone       EventKind = "MILESTONE"
	EventSession         EventKind = "SESSION"
)

var eventKinds = enum[EventKind]{"EventKind", []EventKind{
	EventMeeting, EventForum, EventConference, EventStudyVisit, EventTraining, EventWorkshop,
	EventExchangeMeeting, EventMilestone, EventSession,
}}

// IsValid reports whether k is a declared kind.
func (k EventKind) IsValid() bool { return eventKinds.valid(k) }

// EventStatus tells whether an event took place or was announced.
type EventStatus string

// Event statuses.
const (
	StatusHeld    EventStatus = "HELD"
	StatusPlanned EventStatus = "PLANNED"
)

var eventStatuses = enum[EventStatus]{"EventStatus", []EventStatus{StatusHeld, StatusPlanned}}

// IsValid reports whether s is a declared status.
func (s EventStatus) IsValid() bool { return eventStatuses.valid(s) }

// Theme tags practices and events with what they are about; the visit planner matches on them.
type Theme string

// Practice themes.
const (
	ThemeDeinstitutionalisation   Theme = "DEINSTITUTIONALISATION"
	ThemeSupportedHousing         Theme = "SUPPORTED_HOUSING"
	ThemeSocialServices           Theme = "SOCIAL_SERVICES"
	ThemePersonalAssistance       Theme = "PERSONAL_ASSISTANCE"
	ThemeVocationalActivation     Theme = "VOCATIONAL_ACTIVATION"
	ThemeSocialRehabilitation     Theme = "SOCIAL_REHABILITATION"
	ThemeVocationalRehabilitation Theme = "VOCATIONAL_REHABILITATION"
	ThemeShelteredEmployment      Theme = "SHELTERED_EMPLOYMENT"
	ThemeSocialEconomy            Theme = "SOCIAL_ECONOMY"
	ThemeSocialCooperatives       Theme = "SOCIAL_COOPERATIVES"
	ThemeInterAgencyCooperation   Theme = "INTER_AGENCY_COOPERATION"
	ThemeCSR                      Theme = "CSR"
	ThemePlacements               Theme = "PLACEMENTS_AND_INTERNSHIPS"
	ThemeIndependentLiving        Theme = "INDEPENDENT_LIVING"
)

var themes = enum[Theme]{"Theme", []Theme{
	ThemeDeinstitutionalisation, ThemeSupportedHousing, ThemeSocialServices,
	ThemePersonalAssistance, ThemeVocationalActivation, ThemeSocialRehabilitation,
	ThemeVocationalRehabilitation, ThemeShelteredEmployment, ThemeSocialEconomy,
	ThemeSocialCooperatives, ThemeInterAgencyCooperation, ThemeCSR, ThemePlacements,
	ThemeIndependentLiving,
}}

// AllThemes lists the themes in declared order.
func AllThemes() []Theme { return slices.Clone(themes.values) }

// IsValid reports whether t is a declared theme.
func (t Theme) IsValid() bool { return themes.valid(t) }

// PlaceKind classifies places.
type PlaceKind string

// Place kinds. Polish administrative units carry TERYT codes.
const (
	PlaceCountry     PlaceKind = "COUNTRY"
	PlaceRegion      PlaceKind = "REGION"
	PlaceVoivodeship PlaceKind = "VOIVODESHIP"
	PlacePowiat      PlaceKind = "POWIAT"
	PlaceGmina       PlaceKind = "GMINA"
	PlaceCity        PlaceKind = "CITY"
	PlaceTown        PlaceKind = "TOWN"
	PlaceVillage     PlaceKind = "VILLAGE"
	PlaceSite        PlaceKind = "SITE"
)

var placeKinds = enum[PlaceKind]{"PlaceKind", []PlaceKind{
	PlaceCountry, PlaceRegion, PlaceVoivodeship, PlacePowiat, PlaceGmina, PlaceCity, PlaceTown,
	PlaceVillage, PlaceSite,
}}

// IsValid reports whether k is a declared kind.
func (k PlaceKind) IsValid() bool { return placeKinds.valid(k) }

// ProgrammeKind classifies programmes: funding schemes, strategies and policy documents.
type ProgrammeKind string

// Programme kinds.
const (
	ProgrammeFunding  ProgrammeKind = "FUNDING_PROGRAMME"
	ProgrammePolicy   ProgrammeKind = "POLICY_PROGRAMME"
	ProgrammeStrategy ProgrammeKind = "STRATEGY"
	ProgrammeDocument ProgrammeKind = "DOCUMENT"
)

var programmeKinds = enum[ProgrammeKind]{"ProgrammeKind", []ProgrammeKind{
	ProgrammeFunding, ProgrammePolicy, ProgrammeStrategy, ProgrammeDocument,
}}

// IsValid reports whether k is a declared kind.
func (k ProgrammeKind) IsValid() bool { return programmeKinds.valid(k) }

// SourceKind classifies the documents facts come from.
type SourceKind string

// Source kinds.
const (
	SourceArticle  SourceKind = "ARTICLE"
	SourceRegistry SourceKind = "REGISTRY"
	SourceDataset  SourceKind = "DATASET"
	SourceWebsite  SourceKind = "WEBSITE"
)

var sourceKinds = enum[SourceKind]{"SourceKind", []SourceKind{
	SourceArticle, SourceRegistry, SourceDataset, SourceWebsite,
}}

// IsValid reports whether k is a declared kind.
func (k SourceKind) IsValid() bool { return sourceKinds.valid(k) }
