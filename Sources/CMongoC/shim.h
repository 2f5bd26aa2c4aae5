#include <mongoc/mongoc.h>

// bson_t and bson_iter_t are declared 128-byte aligned, so Swift imports pointers to
// them as OpaquePointer and cannot declare one itself. BSONWriter.withBSONStorage makes
// room for a bson_t on the stack with these figures written out (a stack allocation needs
// its size as a constant); the functions below allocate on the heap.
_Static_assert(sizeof(bson_t) == 128 && _Alignof(bson_t) == 128, "BSONWriter.withBSONStorage assumes a 128-byte bson_t");

static inline bson_iter_t *sy_bson_iter_new(void) {
    return (bson_iter_t *) bson_malloc0(sizeof(bson_iter_t));
}

static inline void sy_bson_iter_free(bson_iter_t *iter) {
    bson_free(iter);
}

