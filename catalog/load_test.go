package catalog

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/blastradius/blastradius/internal/golden"
)

// errLine is the shape every reported error must have.
var errLine = regexp.MustCompile(`^[^:\s]+:[0-9]+:[0-9]+: \S`)

// TestInvalidCatalogs loads every broken catalog under testdata/invalid and
// compares the full error report with its golden file.
func TestInvalidCatalogs(t *testing.T) {
	entries, err := os.ReadDir("testdata/invalid")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && !strings.HasSuffix(name, ".yaml") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", name)
			_, err := Load(path)
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("Load(%s) = %v, want an ErrorList", path, err)
			}
			got := err.Error() + "\n"
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !errLine.MatchString(line) {
					t.Errorf("error %q is not file:line:col: message", line)
				}
			}
			golden.Check(t, strings.TrimSuffix(path, ".yaml")+".golden", []byte(got))
		})
	}
	if n < 25 {
		t.Errorf("only %d broken catalogs in testdata/invalid", n)
	}
}

func TestLoadValid(t *testing.T) {
	c, err := Load("testdata/valid/contract.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref  string
		kind Kind
		deps []string // targets, in order, flattened
	}{
		{"aws", KindProvider, nil},
		{"aws@us-east-1", KindRegion, []string{"aws"}},
		{"aws@use1-az4", KindZone, []string{"aws@us-east-1"}},
		{"aws/ec2@use1-az4", KindService, []string{"aws@use1-az4"}},
		{"aws/ec2@us-west-2", KindService, []string{"aws/ec2@usw2-az1", "aws/ec2@usw2-az2", "aws/ec2@usw2-az3"}},
		{"aws/dynamodb@us-east-1", KindService, []string{"aws@us-east-1", "aws/ec2@us-east-1"}},
		{"aws/lambda@us-east-1", KindService, []string{"aws@us-east-1", "aws/ec2@us-east-1", "aws/sts@us-east-1"}},
		{"aws/sts@eu-west-1", KindService, []string{"aws@eu-west-1", "aws/iam"}},
		{"aws/iam", KindService, []string{"aws", "aws@us-east-1"}},
		{"ticket-shop", KindCustomer, []string{"roomba"}},
		{"netflix", KindCustomer, []string{"aws/ec2@us-east-1", "aws/dynamodb@us-east-1", "aws/ec2@us-west-2", "aws/dynamodb@us-west-2", "aws/s3@us-east-1", "aws/s3@us-west-2", "aws/s3@eu-west-1"}},
	}
	for _, tt := range tests {
		n := c.Node(tt.ref)
		if n == nil {
			t.Errorf("no node %s", tt.ref)
			continue
		}
		if n.Kind != tt.kind {
			t.Errorf("%s: kind %v, want %v", tt.ref, n.Kind, tt.kind)
		}
		if got := flatten(n.Deps); strings.Join(got, " ") != strings.Join(tt.deps, " ") {
			t.Errorf("%s: deps %v, want %v", tt.ref, got, tt.deps)
		}
	}
	for _, ref := range []string{"aws/lambda@us-west-2", "aws/ec2@eu-west-2", "aws/iam@us-east-1"} {
		if c.Node(ref) != nil {
			t.Errorf("node %s exists, want none", ref)
		}
	}
	if got := len(c.Nodes()); got != 44 {
		t.Errorf("%d nodes, want 44", got)
	}
}

func flatten(deps []*Dep) []string {
	var out []string
	for _, d := range deps {
		if d.Op == OpRef {
			out = append(out, d.Target)
		}
		out = append(out, flatten(d.Members)...)
	}
	return out
}

func TestLookup(t *testing.T) {
	c, err := Load("testdata/valid/contract.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ ref, want string }{
		{"aws/lamda@us-east-1", `unknown ref "aws/lamda@us-east-1": provider aws has no service "lamda"; did you mean "aws/lambda@us-east-1"?`},
		{"aws@us-est-1", `unknown ref "aws@us-est-1"; did you mean "aws@us-east-1"?`},
		{"netflx", `unknown ref "netflx"; did you mean "netflix"?`},
		{"aws/dynamodb", `unknown ref "aws/dynamodb": aws/dynamodb is a regional service; name one of its instances; did you mean "aws/dynamodb@us-east-1"? (or one of its 2 other instances)`},
		{"dynamodb", `unknown ref "dynamodb": dynamodb is a regional service of aws; name one of its instances; did you mean "aws/dynamodb@us-east-1"? (or one of its 2 other instances)`},
		{"dynamdb", `unknown ref "dynamdb"; did you mean "aws/dynamodb@us-east-1"? (or one of its 2 other instances)`},
		{"lambda", `unknown ref "lambda": lambda is a regional service of aws; name one of its instances; did you mean "aws/lambda@us-east-1"?`},
		{"ec2", `unknown ref "ec2": ec2 is a zonal service of aws; name one of its instances; did you mean "aws/ec2@us-east-1"? (or one of its 2 other instances)`},
		{"iam", `unknown ref "iam"; did you mean "aws/iam"?`},
		{"aws/iam@us-east-1", `unknown ref "aws/iam@us-east-1": aws/iam is a global service, with no location; did you mean "aws/iam"?`},
		{"aws/lambda@us-west-2", `unknown ref "aws/lambda@us-west-2": aws/lambda runs only in us-east-1; did you mean "aws/lambda@us-east-1"?`},
		{"aws/dynamodb@use1-az4", `unknown ref "aws/dynamodb@use1-az4": aws/dynamodb is regional and use1-az4 is a zone of us-east-1; did you mean "aws/dynamodb@us-east-1"?`},
		{"aws/s3@mars-1", `unknown ref "aws/s3@mars-1": aws/s3 has no location "mars-1"`},
		{"roomba/x", `unknown ref "roomba/x": roomba is a customer, not a provider`},
		{"zzz", `unknown ref "zzz"`},
		{"a/b/c", `malformed ref "a/b/c": expected id, provider@location, provider/service or provider/service@location`},
	}
	for _, tt := range tests {
		_, err := c.Lookup(tt.ref)
		if err == nil || err.Error() != tt.want || !errors.Is(err, ErrUnknownRef) {
			t.Errorf("Lookup(%q) = %v, want %s", tt.ref, err, tt.want)
		}
	}
}

// TestLoadDirectory checks lexical order across files and that a symlink
// cannot pull in a file from outside the catalog directory.
func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "b.yaml"), "version: 1\ncustomers: [{id: b}]\n")
	write(filepath.Join(dir, "a", "z.yml"), "customers: [{id: a}]\n")
	write(filepath.Join(dir, "notes.txt"), "not yaml: [")
	write(filepath.Join(outside, "secret.yaml"), "customers: [{id: secret}]\n")
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Files, ","); got != filepath.Join(dir, "a", "z.yml")+","+filepath.Join(dir, "b.yaml") {
		t.Errorf("files %s", got)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "fifo.yaml:1:1: cannot read: not a regular file") {
		t.Errorf("fifo: err = %v, want a not-a-regular-file error", err)
	}
	if _, err := Load(filepath.Join(dir, "fifo.yaml")); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Load(fifo) = %v, want ErrNotRegular", err)
	}
	os.Remove(filepath.Join(dir, "fifo.yaml"))
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "c.yaml")); err != nil {
		t.Skip("no symlinks:", err)
	}
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "c.yaml:1:1: cannot read") {
		t.Errorf("symlink escape: err = %v, want a cannot-read error", err)
	}
}

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, and
// every failure must be an ErrorList of positioned errors.
func FuzzLoad(f *testing.F) {
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := LoadFS(fstest.MapFS{"f.yaml": {Data: data}}, ".")
		if err == nil {
			return
		}
		var list ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range list {
			if e.Pos.File != "f.yaml" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("bad position in %q", e.Error())
			}
		}
	})
}

// TestLoadErrorCauses checks that a load error for an unknown ref says so
// to errors.Is, and that other load errors do not: a caller (an importer
// whose catalog names refs other files declare) tells them apart.
func TestLoadErrorCauses(t *testing.T) {
	_, err := LoadFS(fstest.MapFS{"c.yaml": {Data: []byte("version: 1\ncustomers:\n  - {id: a, depends_on: [nowhere/x]}\n  - {id: b, weight: -1}\n")}}, ".")
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("err = %v, want two errors", err)
	}
	if !errors.Is(list[0], ErrUnknownRef) || errors.Is(list[1], ErrUnknownRef) {
		t.Errorf("errors.Is(_, ErrUnknownRef): %v for %q, %v for %q; want true, false",
			errors.Is(list[0], ErrUnknownRef), list[0], errors.Is(list[1], ErrUnknownRef), list[1])
	}
	var ref *RefError
	if !errors.As(list[0], &ref) || ref.Ref != "nowhere/x" {
		t.Errorf("errors.As(_, *RefError) = %+v", ref)
	}
}
