package terraform

import (
	"strings"
	"testing"
)

// TestLocationKeys maps resources whose location is under each of the
// keys the providers use for it.
func TestLocationKeys(t *testing.T) {
	m, err := models()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ typ, values string }{
		{"google_firestore_database", `{"location_id":"us-central1","name":"(default)"}`},
		{"google_storage_bucket", `{"location":"US-CENTRAL1","name":"b"}`},
	} {
		in := `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"` + tt.typ + `.x","mode":"managed","type":"` + tt.typ +
			`","name":"x","provider_name":"registry.terraform.io/hashicorp/google","values":` + tt.values + `}]}}}`
		_, rep, err := Import(strings.NewReader(in), Options{Models: m})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Mapped != 1 {
			t.Errorf("%s %s: not mapped: %v", tt.typ, tt.values, rep.Unmapped)
		}
	}
}
