//go:build !linux

package catalog

// hugePages does nothing where the kernel decides on huge pages alone.
func hugePages[T any]([]T) {}
