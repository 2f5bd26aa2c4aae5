#include <sqlite3.h>

// Swift cannot import SQLITE_TRANSIENT (a macro casting -1 to a function pointer),
// so the bindings that need SQLite to copy the bytes are wrapped here.

static inline int switchyard_sqlite3_bind_text_transient(sqlite3_stmt *statement, int index, const char *text, int byteCount) {
    return sqlite3_bind_text(statement, index, text, byteCount, SQLITE_TRANSIENT);
}

static inline int switchyard_sqlite3_bind_blob_transient(sqlite3_stmt *statement, int index, const void *bytes, int byteCount) {
    return sqlite3_bind_blob(statement, index, bytes, byteCount, SQLITE_TRANSIENT);
}

// sqlite3_error_offset appeared in SQLite 3.38; older libraries report no position.
static inline int switchyard_sqlite3_error_offset(sqlite3 *db) {
#if SQLITE_VERSION_NUMBER >= 3038000
    return sqlite3_error_offset(db);
#else
    (void)db;
    return -1;
#endif
}
