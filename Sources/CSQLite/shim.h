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

// Every connection has one progress handler, installed when it opens and called every 1,000
// virtual-machine instructions (a point lookup finishes before it is ever called), with two jobs:
//
// - Stopping the running statement when another thread asks (`stop`), instead of
//   sqlite3_interrupt, which misses both ways: sqlite3_step clears SQLite's interrupt flag when
//   a statement starts on a connection running no other (an interrupt between a job's start
//   and its first step was lost, and the statement ran to its end), and the flag stays set while
//   any statement is active (an interrupt landing after a job's statement finished stopped
//   another result open on the connection). `stop` is ours: set and cleared by the operation.
// - A budget for running a statement on the caller's thread (SQLiteConnection.runInline):
//   mode 1 stops the statement (SQLITE_INTERRUPT) once the deadline passes and notes that it
//   did, with no busy wait meanwhile (SQLITE_BUSY at once) — the statement, being a read, is
//   then reset and run again on the connection's own thread; mode 2 only notes that the budget
//   ran out and lets the statement go on (an inline start switches to it at its first row).

#include <time.h>

typedef struct switchyard_sqlite3_budget {
    long long deadline;  // mode 1: CLOCK_MONOTONIC nanoseconds; mode 2: handler calls left
    int fired;           // the budget ran out
    int mode;            // 0: no budget; 1: a deadline that interrupts; 2: a count that only notes
    int stop;            // set from any thread (atomically): stop the running statement
} switchyard_sqlite3_budget;

static inline long long switchyard_monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static int switchyard_sqlite3_progress(void *context) {
    switchyard_sqlite3_budget *budget = (switchyard_sqlite3_budget *)context;
    if (__atomic_load_n(&budget->stop, __ATOMIC_RELAXED)) return 1;
    switch (budget->mode) {
    case 1:
        if (switchyard_monotonic_nanoseconds() < budget->deadline) return 0;
        budget->fired = 1;
        return 1;
    case 2:
        // Counted in handler calls, not time, so that a thread descheduled meanwhile does not
        // spend it: an inline batch can stop between rows but not be interrupted (an
        // interrupted statement cannot be resumed).
        if (budget->deadline > 0 && --budget->deadline == 0) budget->fired = 1;
        return 0;
    default:
        return 0;
    }
}

// When the connection opens, on its thread.
static inline void switchyard_sqlite3_progress_install(sqlite3 *db, switchyard_sqlite3_budget *budget) {
    sqlite3_progress_handler(db, 1000, switchyard_sqlite3_progress, budget);
}

// From any thread: the running statement stops at the handler's next call.
static inline void switchyard_sqlite3_request_stop(switchyard_sqlite3_budget *budget) {
    __atomic_store_n(&budget->stop, 1, __ATOMIC_RELAXED);
}

static inline void switchyard_sqlite3_clear_stop(switchyard_sqlite3_budget *budget) {
    __atomic_store_n(&budget->stop, 0, __ATOMIC_RELAXED);
}

static inline void switchyard_sqlite3_budget_begin(sqlite3 *db, switchyard_sqlite3_budget *budget, long long nanoseconds) {
    budget->deadline = switchyard_monotonic_nanoseconds() + nanoseconds;
    budget->fired = 0;
    budget->mode = 1;
    sqlite3_busy_timeout(db, 0);
}

static inline void switchyard_sqlite3_budget_end(sqlite3 *db, switchyard_sqlite3_budget *budget, int busy_timeout_milliseconds) {
    budget->mode = 0;
    sqlite3_busy_timeout(db, busy_timeout_milliseconds);
}

static inline void switchyard_sqlite3_soft_budget_begin(switchyard_sqlite3_budget *budget, long long calls) {
    budget->deadline = calls;
    budget->fired = 0;
    budget->mode = 2;
}

static inline void switchyard_sqlite3_soft_budget_end(switchyard_sqlite3_budget *budget) {
    budget->mode = 0;
}

// A double-quoted word that names no column is read as a string literal by default (SQLite's
// "DQS" misfeature): a misspelt column in a WHERE then matches text instead of failing. Turned
// off for statements (DML) when a connection opens; schemas (DDL) keep it, so that databases
// whose schema relied on it still open. sqlite3_db_config is variadic, which Swift cannot call.
static inline void switchyard_sqlite3_disable_dqs_dml(sqlite3 *db) {
#ifdef SQLITE_DBCONFIG_DQS_DML
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
#else
    (void)db;
#endif
}
