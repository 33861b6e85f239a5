package catalog

// slab hands out values carved from arrays of chunk values, so that
// millions of small values cost thousands of allocations. The values stay
// alive as long as any value of their array does, which suits a catalog:
// it keeps them all.
type slab[T any] struct {
	chunk int
	free  []T
}

// next returns a pointer to a zero value.
func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, s.chunk)
	}
	v := &s.free[0]
	s.free = s.free[1:]
	return v
}
