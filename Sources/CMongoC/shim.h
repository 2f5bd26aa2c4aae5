#include <mongoc/mongoc.h>

// bson_t and bson_iter_t are declared 128-byte aligned, so Swift imports pointers to
// them as OpaquePointer and cannot allocate them itself. These allocate them on the heap.

static inline bson_iter_t *sy_bson_iter_new(void) {
    return (bson_iter_t *) bson_malloc0(sizeof(bson_iter_t));
}

static inline void sy_bson_iter_free(bson_iter_t *iter) {
    bson_free(iter);
}

/// Storage for a child document between bson_append_document_begin and _end.
static inline bson_t *sy_bson_child_new(void) {
    return (bson_t *) bson_malloc0(sizeof(bson_t));
}

static inline void sy_bson_child_free(bson_t *child) {
    bson_free(child);
}
