package catalog

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io/fs"
)

// Cache keeps compiled catalogs between loads. A Loader stores each valid
// catalog it reads under a key that digests every input: the files' names
// and contents, the bundled models and the compiled form's version. Get
// and Put may be called from several processes at once; data that Get
// returns is checked before use, so a damaged entry costs a reload, never a
// wrong result.
type Cache interface {
	// Get returns the data stored under key, if any.
	Get(key string) ([]byte, bool)
	// Put stores data under key. Failing to store is not an error of the load.
	Put(key string, data []byte)
}

// HashFS is a file system that knows a digest of each file's content, such
// as a git object id. LoadFS keys the cache by those digests instead of
// reading the files, so a hit reads none of them.
type HashFS interface {
	fs.FS
	// Hash returns the digest of the named file's content.
	Hash(name string) (string, error)
}

// Loader loads catalogs as Load and LoadFS do. With a Cache it reads an
// unchanged catalog back from the cache instead of parsing its files.
type Loader struct {
	Cache Cache // nil: parse every time
}

// inputs are the files of one load: their display names, and how to read
// and digest each.
type inputs struct {
	names []string
	read  func(i int) ([]byte, error)
	hash  func(i int) (string, error) // nil: digest the content
}

// parse loads the inputs through the cache.
func (l Loader) parse(in inputs, lib fs.FS) (*Catalog, error) {
	if l.Cache == nil {
		return parse(in.names, in.read, lib)
	}
	key, read, ok := in.key(lib)
	if !ok {
		return parse(in.names, in.read, lib)
	}
	if data, hit := l.Cache.Get(key); hit {
		if c, err := decodeCompiled(data, key); err == nil {
			return c, nil
		}
	}
	c, err := parse(in.names, read, lib)
	if err == nil {
		l.Cache.Put(key, c.encode(key))
	}
	return c, err
}

// key digests the inputs. Files it had to read to digest them are handed
// to the parser through read, each once. It reports false when a file
// cannot be read or digested: the load then reports why, uncached.
func (in inputs) key(lib fs.FS) (key string, read func(int) ([]byte, error), ok bool) {
	digests := make([][]byte, len(in.names))
	data := make([][]byte, len(in.names))
	errs := make([]error, len(in.names))
	forEach(len(in.names), func(i int) {
		if in.hash != nil {
			h, err := in.hash(i)
			digests[i], errs[i] = []byte("hash:"+h), err
			return
		}
		b, err := in.read(i)
		sum := sha256.Sum256(b)
		data[i], digests[i], errs[i] = b, sum[:], err
	})
	h := sha256.New()
	h.Write([]byte(codecMagic))
	h.Write(binary.AppendUvarint(nil, codecVersion))
	if err := digestFS(h, lib); err != nil {
		return "", nil, false
	}
	for i, name := range in.names {
		if errs[i] != nil {
			return "", nil, false
		}
		h.Write(appendString(nil, name))
		h.Write(appendString(nil, string(digests[i])))
	}
	read = in.read
	if in.hash == nil {
		read = func(i int) ([]byte, error) {
			b := data[i]
			data[i] = nil // parsed once; let it go
			return b, nil
		}
	}
	return hex.EncodeToString(h.Sum(nil)), read, true
}

// digestFS writes every file of fsys, names and contents, to h.
func digestFS(h interface{ Write([]byte) (int, error) }, fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h.Write(appendString(nil, p))
		h.Write(sum[:])
		return nil
	})
}
