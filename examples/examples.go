// Package examples holds the example queries of the README: the same documents are preloaded in
// GraphiQL and checked against golden responses in the server's tests, so the documentation
// cannot drift from what the API answers.
package examples

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed queries/*.graphql
var files embed.FS

// Example is one example query.
type Example struct {
	// Name is the file name without extension, e.g. "01-partners".
	Name string
	// Title is the question the example answers (the file's first comment line).
	Title string
	// Query is the whole document, comment included.
	Query string
}

// All returns the examples in file-name order.
func All() ([]Example, error) {
	names, err := fs.Glob(files, "queries/*.graphql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Example, 0, len(names))
	for _, n := range names {
		data, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		q := string(data)
		first, _, _ := strings.Cut(q, "\n")
		if !strings.HasPrefix(first, "# ") {
			return nil, fmt.Errorf("example %s must start with a '# title' line", n)
		}
		out = append(out, Example{
			Name:  strings.TrimSuffix(path.Base(n), ".graphql"),
			Title: strings.TrimPrefix(first, "# "),
			Query: q,
		})
	}
	return out, nil
}
