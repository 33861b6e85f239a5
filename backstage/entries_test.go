package backstage_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/blastradius/blastradius/backstage"
	"github.com/blastradius/blastradius/catalog/draft"
)

// TestEntries checks how entities' relations become entries of the
// written catalog, where several of them meet.
func TestEntries(t *testing.T) {
	const head = "apiVersion: backstage.io/v1alpha1\n"
	tests := []struct {
		name, src     string
		want, notWant []string
	}{
		{"a hard dependencyOf beats a soft part-of",
			head + "kind: System\nmetadata: {name: store}\nspec: {owner: x}\n---\n" +
				head + "kind: Component\nmetadata: {name: db-client}\nspec: {type: service, owner: x, system: store, dependencyOf: [\"system:store\"]}\n",
			[]string{"spec.dependencyOf", "spec.system of"}, []string{"impact: degraded"}},
		{"any-of never names the entity itself",
			head + "kind: Component\nmetadata:\n  name: web\n  annotations: {blastradius.io/any-of: \"web, db\"}\nspec: {type: service, owner: x}\n---\n" +
				head + "kind: Component\nmetadata: {name: db}\nspec: {type: service, owner: x}\n",
			[]string{"names the entity itself"}, []string{"{ref: web,", "ref: web}"}},
		{"a component named as a bundled provider is renamed",
			head + "kind: Component\nmetadata: {name: aws}\nspec: {type: service, owner: x, dependsOn: [\"resource:db\"]}\n---\n" +
				head + "kind: Resource\nmetadata:\n  name: db\n  annotations: {blastradius.io/ref: aws/rds@us-east-1}\nspec: {type: database, owner: x}\n",
			[]string{"include: [aws]", "aws/rds@us-east-1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := backstage.Import([]backstage.File{{Name: "c.yaml", Data: []byte(tt.src)}}, backstage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, data, err := draft.Load(res.Catalog, "imported.yaml")
			if err != nil {
				t.Fatalf("the written catalog does not load: %v\n%s", err, data)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(data), w) {
					t.Errorf("no %q in\n%s", w, data)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(data), w) {
					t.Errorf("%q in\n%s", w, data)
				}
			}
		})
	}
}

// TestReadPathsOnce names one file by a relative and an absolute path: it
// is read once.
func TestReadPathsOnce(t *testing.T) {
	rel := "testdata/backstage-examples/components/petstore-component.yaml"
	abs, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	files, err := backstage.ReadPaths([]string{rel, abs})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("%d files read, want 1", len(files))
	}
}
