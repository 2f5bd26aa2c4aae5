// Raw libpq: the limit the PostgreSQL adapter is measured against. Parameters and
// results travel in PostgreSQL's binary format, statements are prepared once.
#include "internal.h"

#include <endian.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define INT8OID 20
#define INT4OID 23
#define TEXTOID 25
#define FLOAT8OID 701
#define TIMESTAMPOID 1114

// PostgreSQL counts timestamps from 2000-01-01 UTC.
static const int64_t postgres_epoch_us = 946684800LL * 1000000;

struct sy_postgres {
    PGconn *connection;
    int lookup_prepared;
    int scan_prepared;
};

static int pg_fail(PGconn *connection, sy_error *error, const char *what) {
    return sy_fail(error, "%s: %s", what, PQerrorMessage(connection));
}

static int command(PGconn *connection, const char *sql, sy_error *error) {
    PGresult *result = PQexec(connection, sql);
    ExecStatusType status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return pg_fail(connection, error, sql);
    return 0;
}

static int prepare(PGconn *connection, const char *name, const char *sql, int count, const Oid *types, sy_error *error) {
    PGresult *result = PQprepare(connection, name, sql, count, types);
    int ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    return ok ? 0 : pg_fail(connection, error, sql);
}

// NOTICEs (`DROP TABLE IF EXISTS` of a missing table) would only clutter the run's output.
static void ignore_notice(void *context, const char *message) {
    (void)context;
    (void)message;
}

static PGconn *connect_to(const char *conninfo, sy_error *error) {
    PGconn *connection = PQconnectdb(conninfo);
    if (PQstatus(connection) != CONNECTION_OK) {
        // libpq's message never holds the password.
        pg_fail(connection, error, "connect");
        PQfinish(connection);
        return NULL;
    }
    PQsetNoticeProcessor(connection, ignore_notice, NULL);
    return connection;
}

sy_postgres *sy_postgres_open(const char *conninfo, sy_error *error) {
    PGconn *connection = connect_to(conninfo, error);
    if (!connection) return NULL;
    sy_postgres *db = calloc(1, sizeof *db);
    if (!db) { PQfinish(connection); return NULL; }
    db->connection = connection;
    return db;
}

void sy_postgres_close(sy_postgres *db) {
    if (!db) return;
    PQfinish(db->connection);
    free(db);
}

static int64_t read_int64(const char *bytes) { uint64_t v; memcpy(&v, bytes, 8); return (int64_t)be64toh(v); }
static int32_t read_int32(const char *bytes) { uint32_t v; memcpy(&v, bytes, 4); return (int32_t)be32toh(v); }
static double read_double(const char *bytes) { uint64_t v; memcpy(&v, bytes, 8); v = be64toh(v); double d; memcpy(&d, &v, 8); return d; }

// Reads row `row` of a binary result column by column into `item`.
static void read_row(const PGresult *result, int row, sy_item *item) {
    item->id = read_int64(PQgetvalue(result, row, 0));
    int length = PQgetlength(result, row, 1);
    if (length > 16) length = 16;
    memcpy(item->name, PQgetvalue(result, row, 1), (size_t)length);
    item->name[length] = 0;
    item->age = read_int32(PQgetvalue(result, row, 2));
    item->score = read_double(PQgetvalue(result, row, 3));
    item->created_us = read_int64(PQgetvalue(result, row, 4)) + postgres_epoch_us;
}

static const char *lookup_sql = "SELECT id, name, age, score, created FROM items WHERE id = $1";

static int lookup(PGconn *connection, int64_t id, int64_t *sum, sy_error *error) {
    uint64_t parameter = htobe64((uint64_t)id);
    const char *values[1] = {(const char *)&parameter};
    int lengths[1] = {8};
    int formats[1] = {1};
    PGresult *result = PQexecPrepared(connection, "sy_lookup", 1, values, lengths, formats, 1);
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
        PQclear(result);
        return pg_fail(connection, error, "lookup");
    }
    sy_item item;
    int rows = PQntuples(result);
    for (int r = 0; r < rows; r++) {
        read_row(result, r, &item);
        *sum += item.id + item.age;
    }
    PQclear(result);
    return 0;
}

int sy_postgres_point_lookups(sy_postgres *db, const int64_t *ids, int count, uint64_t *latencies_ns, int64_t *checksum, sy_error *error) {
    if (!db->lookup_prepared) {
        Oid types[1] = {INT8OID};
        if (prepare(db->connection, "sy_lookup", lookup_sql, 1, types, error) != 0) return -1;
        db->lookup_prepared = 1;
    }
    int64_t sum = 0;
    for (int i = 0; i < count; i++) {
        uint64_t start = sy_now_ns();
        if (lookup(db->connection, ids[i], &sum, error) != 0) return -1;
        latencies_ns[i] = sy_now_ns() - start;
    }
    *checksum = sum;
    return 0;
}

int sy_postgres_scan(sy_postgres *db, int64_t *rows, int64_t *checksum, sy_error *error) {
    if (!db->scan_prepared) {
        if (prepare(db->connection, "sy_scan", "SELECT id, name, age, score, created FROM items", 0, NULL, error) != 0) return -1;
        db->scan_prepared = 1;
    }
    PGresult *result = PQexecPrepared(db->connection, "sy_scan", 0, NULL, NULL, NULL, 1);
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
        PQclear(result);
        return pg_fail(db->connection, error, "scan");
    }
    sy_item item;
    int64_t sum = 0;
    int count = PQntuples(result);
    for (int r = 0; r < count; r++) {
        read_row(result, r, &item);
        sum += item.id + item.age;
    }
    PQclear(result);
    *rows = count;
    *checksum = sum;
    return 0;
}

int sy_postgres_scan_single_row(sy_postgres *db, int64_t *rows, int64_t *checksum, sy_error *error) {
    if (!db->scan_prepared) {
        if (prepare(db->connection, "sy_scan", "SELECT id, name, age, score, created FROM items", 0, NULL, error) != 0) return -1;
        db->scan_prepared = 1;
    }
    if (!PQsendQueryPrepared(db->connection, "sy_scan", 0, NULL, NULL, NULL, 1)) return pg_fail(db->connection, error, "scan");
    if (!PQsetSingleRowMode(db->connection)) return pg_fail(db->connection, error, "single-row mode");
    sy_item item;
    int64_t sum = 0, count = 0;
    int failed = 0;
    PGresult *result;
    while ((result = PQgetResult(db->connection))) {
        ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_SINGLE_TUPLE) {
            read_row(result, 0, &item);
            sum += item.id + item.age;
            count++;
        } else if (status != PGRES_TUPLES_OK && !failed) {
            failed = 1;
            pg_fail(db->connection, error, "scan");
        }
        PQclear(result);
    }
    *rows = count;
    *checksum = sum;
    return failed ? -1 : 0;
}

int sy_postgres_create(sy_postgres *db, const char *table, int64_t count, sy_error *error) {
    char sql[512];
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", table);
    if (command(db->connection, sql, error) != 0) return -1;
    snprintf(sql, sizeof sql,
        "CREATE TABLE %s (id bigint PRIMARY KEY, name text NOT NULL, age integer NOT NULL, "
        "score double precision NOT NULL, created timestamp NOT NULL)", table);
    if (command(db->connection, sql, error) != 0) return -1;
    if (count > 0 && sy_postgres_copy(db, table, count, error) != 0) return -1;
    snprintf(sql, sizeof sql, "ANALYZE %s", table);
    return command(db->connection, sql, error);
}

int sy_postgres_insert_rows(sy_postgres *db, const char *table, int64_t count, sy_error *error) {
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name, age, score, created) VALUES ($1, $2, $3, $4, $5)", table);
    Oid types[5] = {INT8OID, TEXTOID, INT4OID, FLOAT8OID, TIMESTAMPOID};
    // A fresh name per call: the table may have been recreated since the last one.
    static int generation = 0;
    char name[32];
    snprintf(name, sizeof name, "sy_insert_%d", ++generation);
    if (prepare(db->connection, name, sql, 5, types, error) != 0) return -1;
    if (command(db->connection, "BEGIN", error) != 0) return -1;
    sy_item item;
    for (int64_t id = 1; id <= count; id++) {
        sy_item_make(id, &item);
        uint64_t id_be = htobe64((uint64_t)item.id);
        uint32_t age_be = htobe32((uint32_t)item.age);
        uint64_t score_bits;
        memcpy(&score_bits, &item.score, 8);
        score_bits = htobe64(score_bits);
        uint64_t created_be = htobe64((uint64_t)(item.created_us - postgres_epoch_us));
        const char *values[5] = {(const char *)&id_be, item.name, (const char *)&age_be, (const char *)&score_bits, (const char *)&created_be};
        int lengths[5] = {8, (int)strlen(item.name), 4, 8, 8};
        int formats[5] = {1, 1, 1, 1, 1};
        PGresult *result = PQexecPrepared(db->connection, name, 5, values, lengths, formats, 1);
        int ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            pg_fail(db->connection, error, "insert");
            command(db->connection, "ROLLBACK", error);
            return -1;
        }
    }
    if (command(db->connection, "COMMIT", error) != 0) return -1;
    snprintf(sql, sizeof sql, "DEALLOCATE %s", name);
    return command(db->connection, sql, error);
}

int sy_postgres_copy(sy_postgres *db, const char *table, int64_t count, sy_error *error) {
    char sql[256];
    snprintf(sql, sizeof sql, "COPY %s (id, name, age, score, created) FROM STDIN", table);
    if (command(db->connection, "BEGIN", error) != 0) return -1;
    PGresult *result = PQexec(db->connection, sql);
    int ok = PQresultStatus(result) == PGRES_COPY_IN;
    PQclear(result);
    if (!ok) return pg_fail(db->connection, error, sql);
    // Lines are gathered into 64 KiB chunks, as libpq's own buffer would be filled.
    enum { capacity = 1 << 16 };
    char *buffer = malloc(capacity);
    if (!buffer) return sy_fail(error, "out of memory");
    size_t used = 0;
    sy_item item;
    char created[32];
    for (int64_t id = 1; id <= count; id++) {
        sy_item_make(id, &item);
        sy_format_timestamp(item.created_us, created, sizeof created);
        if (capacity - used < 128) {
            if (PQputCopyData(db->connection, buffer, (int)used) != 1) { free(buffer); return pg_fail(db->connection, error, "copy"); }
            used = 0;
        }
        used += (size_t)snprintf(buffer + used, capacity - used, "%lld\t%s\t%d\t%.17g\t%s\n",
            (long long)item.id, item.name, item.age, item.score, created);
    }
    if (used > 0 && PQputCopyData(db->connection, buffer, (int)used) != 1) { free(buffer); return pg_fail(db->connection, error, "copy"); }
    free(buffer);
    if (PQputCopyEnd(db->connection, NULL) != 1) return pg_fail(db->connection, error, "copy end");
    result = PQgetResult(db->connection);
    ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    while ((result = PQgetResult(db->connection))) PQclear(result);
    if (!ok) {
        pg_fail(db->connection, error, "copy");
        command(db->connection, "ROLLBACK", error);
        return -1;
    }
    return command(db->connection, "COMMIT", error);
}

// ---- W4: threads with a connection each ----

typedef struct worker {
    const char *conninfo;
    double seconds;
    int64_t max_id;
    uint64_t seed;
    int64_t operations;
    int failed;
    sy_error error;
} worker;

static void *work(void *argument) {
    worker *w = argument;
    PGconn *connection = connect_to(w->conninfo, &w->error);
    if (!connection) { w->failed = 1; return NULL; }
    Oid types[1] = {INT8OID};
    if (prepare(connection, "sy_lookup", lookup_sql, 1, types, &w->error) != 0) { w->failed = 1; PQfinish(connection); return NULL; }
    int64_t sum = 0;
    uint64_t state = w->seed | 1;
    // The clock starts once connected, as the adapter's pool is connected before it is timed.
    uint64_t deadline = sy_now_ns() + (uint64_t)(w->seconds * 1e9);
    while (sy_now_ns() < deadline) {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17;
        if (lookup(connection, 1 + (int64_t)(state % (uint64_t)w->max_id), &sum, &w->error) != 0) { w->failed = 1; break; }
        w->operations++;
    }
    PQfinish(connection);
    return NULL;
}

int sy_postgres_concurrent_lookups(const char *conninfo, int threads, double seconds, int64_t max_id, int64_t *operations, sy_error *error) {
    if (threads < 1 || threads > 64) return sy_fail(error, "threads must be 1...64");
    worker workers[64];
    pthread_t ids[64];
    for (int t = 0; t < threads; t++) {
        workers[t] = (worker){.conninfo = conninfo, .seconds = seconds, .max_id = max_id, .seed = 0x9E3779B97F4A7C15ull * (uint64_t)(t + 1)};
        pthread_create(&ids[t], NULL, work, &workers[t]);
    }
    int64_t total = 0;
    int failed = -1;
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
        total += workers[t].operations;
        if (workers[t].failed && failed < 0) failed = t;
    }
    *operations = total;
    if (failed >= 0) return sy_fail(error, "%s", workers[failed].error.message);
    return 0;
}
