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

// A time budget for running a statement on the caller's thread (SQLiteConnection.runInline):
// a progress handler that stops the statement (SQLITE_INTERRUPT) once the deadline passes and
// notes that it did, and no busy wait meanwhile (SQLITE_BUSY at once). The statement, being a
// read, is then reset and run again on the connection's own thread.

#include <time.h>

typedef struct switchyard_sqlite3_budget {
    long long deadline;  // CLOCK_MONOTONIC nanoseconds
    int fired;
} switchyard_sqlite3_budget;

static inline long long switchyard_monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static int switchyard_sqlite3_budget_check(void *context) {
    switchyard_sqlite3_budget *budget = (switchyard_sqlite3_budget *)context;
    if (switchyard_monotonic_nanoseconds() < budget->deadline) return 0;
    budget->fired = 1;
    return 1;
}

// The handler runs every 1,000 virtual-machine instructions: a point lookup finishes before it
// is ever called.
static inline void switchyard_sqlite3_budget_begin(sqlite3 *db, switchyard_sqlite3_budget *budget, long long nanoseconds) {
    budget->deadline = switchyard_monotonic_nanoseconds() + nanoseconds;
    budget->fired = 0;
    sqlite3_progress_handler(db, 1000, switchyard_sqlite3_budget_check, budget);
    sqlite3_busy_timeout(db, 0);
}

// A budget that only notes it ran out and lets the statement go on: for a batch read
// inline after the statement's start, which can stop between rows but not be interrupted
// (an interrupted statement cannot be resumed). Counted in handler calls (1,000 virtual-
// machine instructions each), not time, so that a thread descheduled meanwhile does not
// spend it: `deadline` holds the calls left.
static int switchyard_sqlite3_soft_budget_check(void *context) {
    switchyard_sqlite3_budget *budget = (switchyard_sqlite3_budget *)context;
    if (budget->deadline > 0 && --budget->deadline == 0) budget->fired = 1;
    return 0;
}

static inline void switchyard_sqlite3_soft_budget_begin(sqlite3 *db, switchyard_sqlite3_budget *budget, long long calls) {
    budget->deadline = calls;
    budget->fired = 0;
    sqlite3_progress_handler(db, 1000, switchyard_sqlite3_soft_budget_check, budget);
}

static inline void switchyard_sqlite3_soft_budget_end(sqlite3 *db) {
    sqlite3_progress_handler(db, 0, 0, 0);
}

static inline void switchyard_sqlite3_budget_end(sqlite3 *db, int busy_timeout_milliseconds) {
    sqlite3_progress_handler(db, 0, 0, 0);
    sqlite3_busy_timeout(db, busy_timeout_milliseconds);
}
