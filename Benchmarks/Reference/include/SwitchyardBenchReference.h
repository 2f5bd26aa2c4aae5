// The raw C reference for the benchmark: each workload done with the C library alone,
// as a careful C programmer would (statements prepared once and reused, results read
// column by column straight from the library's buffers). The harness times these calls
// and the adapter's paths on the same data in the same run.
//
// Every function returns 0 on success and -1 on failure with a message in `error`.
// `checksum` receives a sum over what was read, so the compiler cannot skip the reads
// and the harness can check that every path read the same data.
#ifndef SWITCHYARD_BENCH_REFERENCE_H
#define SWITCHYARD_BENCH_REFERENCE_H

#include <stdint.h>

#define SY_ERROR_CAPACITY 512

typedef struct sy_error {
    char message[SY_ERROR_CAPACITY];
} sy_error;

// One row of `items`: the shape every backend's data has.
typedef struct sy_item {
    int64_t id;
    char name[17];
    int32_t age;
    double score;
    int64_t created_us;  // microseconds since 1970-01-01 UTC
} sy_item;

// The deterministic row `id` (1-based) of the benchmark's data set.
void sy_item_make(int64_t id, sy_item *item);

// Nanoseconds on CLOCK_MONOTONIC.
uint64_t sy_now_ns(void);

// ---- SQLite (libsqlite3) ----
typedef struct sy_sqlite sy_sqlite;
sy_sqlite *sy_sqlite_open(const char *path, sy_error *error);
void sy_sqlite_close(sy_sqlite *db);
// Creates `table` (dropping it first) and fills it with rows 1...count.
int sy_sqlite_create(sy_sqlite *db, const char *table, int64_t count, sy_error *error);
int sy_sqlite_point_lookups(sy_sqlite *db, const int64_t *ids, int count, uint64_t *latencies_ns, int64_t *checksum, sy_error *error);
int sy_sqlite_scan(sy_sqlite *db, int64_t *rows, int64_t *checksum, sy_error *error);
// Inserts rows 1...count into the empty `table` in one transaction: one prepared INSERT
// per row (`rows_per_statement` 1), or multi-row INSERTs of `rows_per_statement` rows.
int sy_sqlite_insert(sy_sqlite *db, const char *table, int64_t count, int rows_per_statement, sy_error *error);

// ---- PostgreSQL (libpq) ----
typedef struct sy_postgres sy_postgres;
sy_postgres *sy_postgres_open(const char *conninfo, sy_error *error);
void sy_postgres_close(sy_postgres *db);
int sy_postgres_create(sy_postgres *db, const char *table, int64_t count, sy_error *error);
int sy_postgres_point_lookups(sy_postgres *db, const int64_t *ids, int count, uint64_t *latencies_ns, int64_t *checksum, sy_error *error);
int sy_postgres_scan(sy_postgres *db, int64_t *rows, int64_t *checksum, sy_error *error);
// The same scan in libpq's single-row mode: bounded memory, as a streaming reader needs.
int sy_postgres_scan_single_row(sy_postgres *db, int64_t *rows, int64_t *checksum, sy_error *error);
// One prepared INSERT per row in one transaction.
int sy_postgres_insert_rows(sy_postgres *db, const char *table, int64_t count, sy_error *error);
// COPY … FROM STDIN (text format) in one transaction.
int sy_postgres_copy(sy_postgres *db, const char *table, int64_t count, sy_error *error);
// `threads` threads, each with its own connection, doing random point lookups for
// `seconds`; `operations` receives how many they finished in total.
int sy_postgres_concurrent_lookups(const char *conninfo, int threads, double seconds, int64_t max_id, int64_t *operations, sy_error *error);

// ---- MongoDB (libmongoc) ----
typedef struct sy_mongo sy_mongo;
sy_mongo *sy_mongo_open(const char *uri, const char *database, sy_error *error);
void sy_mongo_close(sy_mongo *db);
int sy_mongo_create(sy_mongo *db, const char *collection, int64_t count, sy_error *error);
int sy_mongo_point_lookups(sy_mongo *db, const int64_t *ids, int count, uint64_t *latencies_ns, int64_t *checksum, sy_error *error);
int sy_mongo_scan(sy_mongo *db, int64_t *rows, int64_t *checksum, sy_error *error);
// Empties `collection`, then inserts documents 1...count: one insert_one per document
// (`bulk` 0) or one insert_many (`bulk` 1).
int sy_mongo_insert(sy_mongo *db, const char *collection, int64_t count, int bulk, sy_error *error);
int sy_mongo_drop(sy_mongo *db, const char *collection, sy_error *error);

#endif
