package catalog

import (
	"syscall"
	"unsafe"
)

// hugePages asks the kernel to back a large slab with huge pages, where
// the system leaves that to the program (transparent huge pages in
// "madvise" mode). A compiled catalog of a million customers fills about
// two gigabytes of fresh memory; faulting it in 4 KiB pages cost more
// than decoding it. Failure changes nothing but speed.
func hugePages[T any](s []T) {
	const page, huge = 4 << 10, 2 << 20
	size := uintptr(len(s)) * unsafe.Sizeof(*new(T))
	if size < 4*huge {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), size)
	b = b[(page-uintptr(unsafe.Pointer(&b[0]))%page)%page:] // madvise takes whole pages
	_ = syscall.Madvise(b[:len(b)&^(page-1)], syscall.MADV_HUGEPAGE)
}
