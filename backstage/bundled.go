package backstage

import (
	"strings"
	"testing/fstest"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/models"
)

// bundled checks catalog refs against the bundled models they name,
// loading each model once.
type bundled struct {
	loaded map[string]*catalog.Catalog // model → its catalog; nil: no such model
}

// provider returns the provider id of a catalog ref.
func provider(ref string) string {
	prov, _, _ := strings.Cut(ref, "@")
	prov, _, _ = strings.Cut(prov, "/")
	return prov
}

// model returns the catalog of the bundled model of ref's provider, or nil
// when there is none.
func (b *bundled) model(ref string) *catalog.Catalog {
	prov := provider(ref)
	if c, ok := b.loaded[prov]; ok {
		return c
	}
	if b.loaded == nil {
		b.loaded = map[string]*catalog.Catalog{}
	}
	var c *catalog.Catalog
	if _, err := models.Read(models.FS(), prov); err == nil {
		// A bundled model that does not load is the product's bug, which
		// its own tests catch; here it only means no check.
		c, _ = catalog.LoadFS(fstest.MapFS{"include.yaml": {Data: []byte("version: 1\ninclude: [" + prov + "]\n")}}, ".")
	}
	b.loaded[prov] = c
	return c
}

// check says why ref, whose provider is a bundled model, names no node of
// it ("unknown ref …; did you mean …"), or "". A ref of another provider
// is the user's to declare: "".
func (b *bundled) check(ref string) string {
	c := b.model(ref)
	if c == nil {
		return ""
	}
	if _, err := c.Lookup(ref); err != nil {
		return err.Error() + " (in the bundled model " + provider(ref) + ")"
	}
	return ""
}
