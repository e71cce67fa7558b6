package seed

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wtz-graph/kg/store"
)

// base is a minimal valid seed file; each case below breaks one thing in it.
const base = `{
  "sources": [{"id": "src-a", "title": "Article A", "kind": "ARTICLE", "language": "pl"}],
  "organisations": [
    {"id": "mops-x", "name": "MOPS X", "kind": "OPS", "country": "PL", "cite": [{"locator": "¶1"}]},
    {"id": "ngo-y", "name": "Stowarzyszenie Y", "kind": "ASSOCIATION", "country": "PL", "cite": [{"locator": "¶1"}]}
  ],
  "places": [
    {"id": "x-town", "name": "X", "kind": "TOWN", "country": "PL", "terc": "2262011", "lat": 54.5, "lon": 18.5, "cite": [{"locator": "¶2"}]}
  ],
  "relations": [
    {"type": "LOCATED_IN", "from": "Organisation:mops-x", "to": "Place:x-town", "cite": [{"locator": "¶2", "note": "Seat."}]}
  ]
}`

func buildFiles(t *testing.T, files map[string]string) error {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	parsed, err := ReadFS(fsys, "data")
	if err != nil {
		return err
	}
	_, err = Build(parsed)
	return err
}

func TestValidatorAcceptsBase(t *testing.T) {
	if err := buildFiles(t, map[string]string{"a.json": base}); err != nil {
		t.Fatalf("base document rejected: %v", err)
	}
}

func TestValidatorRejects(t *testing.T) {
	cases := []struct {
		name    string
		files   map[string]string
		want    []string // every fragment must appear in the error
		problem int      // number of problems expected
	}{
		{
			name:  "unknown organisation kind",
			files: map[string]string{"a.json": strings.Replace(base, `"kind": "OPS"`, `"kind": "WELFARE"`, 1)},
			want:  []string{"data/a.json: organisations[0] (mops-x)", "kind", `unknown organisation kind "WELFARE"`},
		},
		{
			name:  "unknown relation type",
			files: map[string]string{"a.json": strings.Replace(base, `"type": "LOCATED_IN"`, `"type": "SITS_IN"`, 1)},
			want:  []string{"data/a.json: relations[0]", "type", `unknown relation type "SITS_IN"`},
		},
		{
			name:  "dangling reference",
			files: map[string]string{"a.json": strings.Replace(base, `"to": "Place:x-town"`, `"to": "Place:nowhere"`, 1)},
			want:  []string{"data/a.json: relations[0]", "to", "Place:nowhere is not declared"},
		},
		{
			name:  "duplicate id in one file",
			files: map[string]string{"a.json": strings.Replace(base, `"id": "ngo-y", "name": "Stowarzyszenie Y"`, `"id": "mops-x", "name": "Stowarzyszenie Y"`, 1)},
			want:  []string{"data/a.json: organisations[1] (mops-x)", "id", "declared twice in this file"},
		},
		{
			name:  "relation without a source",
			files: map[string]string{"a.json": strings.Replace(base, `"cite": [{"locator": "¶2", "note": "Seat."}]`, `"cite": []`, 1)},
			want:  []string{"data/a.json: relations[0]", "sources", "at least one source citation"},
		},
		{
			name:  "latitude out of range",
			files: map[string]string{"a.json": strings.Replace(base, `"lat": 54.5`, `"lat": 154.5`, 1)},
			want:  []string{"data/a.json: places[0] (x-town)", "lat", "out of range"},
		},
		{
			name:  "relation between the wrong kinds of node",
			files: map[string]string{"a.json": strings.Replace(base, `"to": "Place:x-town"`, `"to": "Organisation:ngo-y"`, 1)},
			want:  []string{"relations[0]", "type", "cannot end at a Organisation"},
		},
		{
			name: "contradicting declarations across files",
			files: map[string]string{
				"a.json": base,
				"b.json": `{"sources": [{"id": "src-b", "title": "Article B", "kind": "ARTICLE"}],
				  "organisations": [{"id": "mops-x", "kind": "PCPR", "cite": [{"locator": "¶4"}]}]}`,
			},
			want: []string{"data/b.json: organisations[0] (mops-x)", "kind", "contradicts the declaration in data/a.json"},
		},
		{
			name:  "two ids for one name",
			files: map[string]string{"a.json": strings.Replace(base, `"name": "Stowarzyszenie Y"`, `"name": "mops w X"`, 1)},
			want:  []string{"organisations[1] (ngo-y)", "name", "same normalised name"},
		},
		{
			name:  "citation of an undeclared source",
			files: map[string]string{"a.json": strings.Replace(base, `"locator": "¶2", "note": "Seat."`, `"source": "src-zzz", "locator": "¶2"`, 1)},
			want:  []string{"relations[0]", "cite[0].source", `source "src-zzz" is not declared`},
		},
		{
			name:  "syntax error names line and column",
			files: map[string]string{"a.json": strings.Replace(base, `"kind": "OPS",`, `"kind": "OPS",,`, 1)},
			want:  []string{"data/a.json", "line 4, column"},
		},
		{
			name:  "unknown field",
			files: map[string]string{"a.json": strings.Replace(base, `"kind": "OPS"`, `"kind": "OPS", "colour": "red"`, 1)},
			want:  []string{"data/a.json", `unknown field "colour"`},
		},
		{
			name: "three problems reported together",
			files: map[string]string{"a.json": strings.NewReplacer(
				`"kind": "OPS"`, `"kind": "WELFARE"`,
				`"lat": 54.5`, `"lat": 154.5`,
				`"to": "Place:x-town"`, `"to": "Place:nowhere"`).Replace(base)},
			want:    []string{"WELFARE", "lat", "Place:nowhere"},
			problem: 3,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := buildFiles(t, tc.files)
			if err == nil {
				t.Fatal("accepted a broken seed")
			}
			if !errors.Is(err, store.ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			var ve *store.ValidationError
			if tc.problem > 0 && errors.As(err, &ve) && len(ve.Problems) != tc.problem {
				t.Errorf("got %d problems, want %d: %v", len(ve.Problems), tc.problem, err)
			}
		})
	}
}

func TestDeclarationsMerge(t *testing.T) {
	second := `{"sources": [{"id": "src-b", "title": "Article B", "kind": "ARTICLE"}],
	  "organisations": [{"id": "mops-x", "aliases": ["MOPS w X"], "cite": [{"locator": "¶9", "note": "Mentioned again."}]}],
	  "relations": [{"type": "LOCATED_IN", "from": "Organisation:mops-x", "to": "Place:x-town", "cite": [{"locator": "¶3"}]}]}`
	fsys := fstest.MapFS{
		"data/a.json": &fstest.MapFile{Data: []byte(base)},
		"data/b.json": &fstest.MapFile{Data: []byte(second)},
	}
	files, err := ReadFS(fsys, "data")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := Build(files)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, n := range ds.Nodes {
		if n.Key().Slug != "mops-x" {
			continue
		}
		found = true
		e := n.Common()
		if e.Name != "MOPS X" || len(e.Aliases) != 1 || len(e.Sources) != 2 {
			t.Errorf("merged node = name %q aliases %v sources %v", e.Name, e.Aliases, e.Sources)
		}
		if e.Sources[1].Source != "src-b" {
			t.Errorf("second citation should cite src-b, got %q", e.Sources[1].Source)
		}
	}
	if !found {
		t.Fatal("mops-x missing")
	}
	if len(ds.Relations) != 1 || len(ds.Relations[0].Sources) != 2 {
		t.Fatalf("relation declared in two files should be one relation with two citations, got %d relations", len(ds.Relations))
	}
}
