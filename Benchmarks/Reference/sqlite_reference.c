// Raw libsqlite3: the limit the SQLite adapter is measured against.
#include "internal.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct sy_sqlite {
    sqlite3 *handle;
    sqlite3_stmt *lookup;
    sqlite3_stmt *scan;
};

static int sqlite_fail(sy_sqlite *db, sy_error *error, const char *what) {
    return sy_fail(error, "%s: %s", what, sqlite3_errmsg(db->handle));
}

static int exec(sy_sqlite *db, const char *sql, sy_error *error) {
    char *message = NULL;
    if (sqlite3_exec(db->handle, sql, NULL, NULL, &message) != SQLITE_OK) {
        sy_fail(error, "%s: %s", sql, message ? message : "?");
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

sy_sqlite *sy_sqlite_open(const char *path, sy_error *error) {
    sy_sqlite *db = calloc(1, sizeof *db);
    if (!db) return NULL;
    if (sqlite3_open_v2(path, &db->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite_fail(db, error, "open");
        sqlite3_close(db->handle);
        free(db);
        return NULL;
    }
    if (exec(db, "PRAGMA journal_mode = WAL", error) != 0) {
        sy_sqlite_close(db);
        return NULL;
    }
    return db;
}

void sy_sqlite_close(sy_sqlite *db) {
    if (!db) return;
    sqlite3_finalize(db->lookup);
    sqlite3_finalize(db->scan);
    sqlite3_close_v2(db->handle);
    free(db);
}

static int prepare(sy_sqlite *db, sqlite3_stmt **statement, const char *sql, sy_error *error) {
    if (*statement) return 0;
    if (sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, NULL) != SQLITE_OK) {
        return sqlite_fail(db, error, sql);
    }
    return 0;
}

// Reads one row column by column into `item` (the name copied out, as a program keeping it
// would; the `TIMESTAMP` text read as a time, as the adapter does). -1 for a malformed timestamp.
static int read_row(sqlite3_stmt *statement, sy_item *item) {
    item->id = sqlite3_column_int64(statement, 0);
    const unsigned char *name = sqlite3_column_text(statement, 1);
    int length = sqlite3_column_bytes(statement, 1);
    if (length > 16) length = 16;
    memcpy(item->name, name, (size_t)length);
    item->name[length] = 0;
    item->age = sqlite3_column_int(statement, 2);
    item->score = sqlite3_column_double(statement, 3);
    const unsigned char *created = sqlite3_column_text(statement, 4);
    return sy_parse_timestamp(created, sqlite3_column_bytes(statement, 4), &item->created_us);
}

int sy_sqlite_create(sy_sqlite *db, const char *table, int64_t count, sy_error *error) {
    char sql[512];
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", table);
    if (exec(db, sql, error) != 0) return -1;
    snprintf(sql, sizeof sql,
        "CREATE TABLE %s (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER NOT NULL, "
        "score REAL NOT NULL, created TIMESTAMP NOT NULL)", table);
    if (exec(db, sql, error) != 0) return -1;
    return count > 0 ? sy_sqlite_insert(db, table, count, 1, error) : 0;
}

int sy_sqlite_point_lookups(sy_sqlite *db, const int64_t *ids, int count, uint64_t *latencies_ns, int64_t *checksum, sy_error *error) {
    if (prepare(db, &db->lookup, "SELECT id, name, age, score, created FROM items WHERE id = ?", error) != 0) return -1;
    sy_item item;
    int64_t sum = 0, times = 0;
    for (int i = 0; i < count; i++) {
        uint64_t start = sy_now_ns();
        sqlite3_bind_int64(db->lookup, 1, ids[i]);
        int code;
        while ((code = sqlite3_step(db->lookup)) == SQLITE_ROW) {
            if (read_row(db->lookup, &item) != 0) {
                sqlite3_reset(db->lookup);
                return sy_fail(error, "lookup: a malformed timestamp in row %lld", (long long)item.id);
            }
            sum += item.id + item.age;
            times += item.created_us;
        }
        sqlite3_reset(db->lookup);
        if (code != SQLITE_DONE) return sqlite_fail(db, error, "lookup");
        latencies_ns[i] = sy_now_ns() - start;
    }
    sy_sink = times;
    *checksum = sum;
    return 0;
}

int sy_sqlite_scan(sy_sqlite *db, int64_t *rows, int64_t *checksum, sy_error *error) {
    if (prepare(db, &db->scan, "SELECT id, name, age, score, created FROM items", error) != 0) return -1;
    sy_item item;
    int64_t sum = 0, count = 0, times = 0;
    int code;
    while ((code = sqlite3_step(db->scan)) == SQLITE_ROW) {
        if (read_row(db->scan, &item) != 0) {
            sqlite3_reset(db->scan);
            return sy_fail(error, "scan: a malformed timestamp in row %lld", (long long)item.id);
        }
        sum += item.id + item.age;
        times += item.created_us;
        if (count++ == 0) {
            // The parse checked once against the data set's own value.
            sy_item expected;
            sy_item_make(item.id, &expected);
            if (item.created_us != expected.created_us) {
                sqlite3_reset(db->scan);
                return sy_fail(error, "scan: row %lld's timestamp read as %lld µs, not %lld", (long long)item.id,
                    (long long)item.created_us, (long long)expected.created_us);
            }
        }
    }
    sqlite3_reset(db->scan);
    sy_sink = times;
    if (code != SQLITE_DONE) return sqlite_fail(db, error, "scan");
    *rows = count;
    *checksum = sum;
    return 0;
}

int sy_sqlite_insert(sy_sqlite *db, const char *table, int64_t count, int rows_per_statement, sy_error *error) {
    if (rows_per_statement < 1) rows_per_statement = 1;
    size_t capacity = 128 + (size_t)rows_per_statement * 16;
    char *sql = malloc(capacity);
    if (!sql) return sy_fail(error, "out of memory");
    int length = snprintf(sql, capacity, "INSERT INTO %s (id, name, age, score, created) VALUES ", table);
    for (int r = 0; r < rows_per_statement; r++) {
        length += snprintf(sql + length, capacity - (size_t)length, r ? ", (?,?,?,?,?)" : "(?,?,?,?,?)");
    }
    sqlite3_stmt *full = NULL, *single = NULL;
    int result = -1;
    if (exec(db, "BEGIN", error) != 0) goto done;
    if (sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &full, NULL) != SQLITE_OK) {
        sqlite_fail(db, error, "prepare insert");
        goto rollback;
    }
    sy_item item;
    char created[32];
    int64_t id = 1;
    while (id <= count) {
        int64_t remaining = count - id + 1;
        sqlite3_stmt *statement = full;
        int rows = rows_per_statement;
        if (remaining < rows_per_statement) {
            // The last, shorter statement.
            rows = (int)remaining;
            snprintf(sql, capacity, "INSERT INTO %s (id, name, age, score, created) VALUES (?,?,?,?,?)", table);
            length = (int)strlen(sql);
            for (int r = 1; r < rows; r++) length += snprintf(sql + length, capacity - (size_t)length, ", (?,?,?,?,?)");
            if (sqlite3_prepare_v2(db->handle, sql, -1, &single, NULL) != SQLITE_OK) {
                sqlite_fail(db, error, "prepare insert");
                goto rollback;
            }
            statement = single;
        }
        for (int r = 0; r < rows; r++, id++) {
            sy_item_make(id, &item);
            sy_format_timestamp(item.created_us, created, sizeof created);
            int base = r * 5;
            sqlite3_bind_int64(statement, base + 1, item.id);
            // One row per statement steps before the buffers change; several rows need copies.
            sqlite3_destructor_type keep = rows == 1 ? SQLITE_STATIC : SQLITE_TRANSIENT;
            sqlite3_bind_text(statement, base + 2, item.name, -1, keep);
            sqlite3_bind_int(statement, base + 3, item.age);
            sqlite3_bind_double(statement, base + 4, item.score);
            sqlite3_bind_text(statement, base + 5, created, -1, keep);
            if (rows == 1) {
                if (sqlite3_step(statement) != SQLITE_DONE) { sqlite_fail(db, error, "insert"); goto rollback; }
                sqlite3_reset(statement);
            }
        }
        if (rows > 1) {
            if (sqlite3_step(statement) != SQLITE_DONE) { sqlite_fail(db, error, "insert"); goto rollback; }
            sqlite3_reset(statement);
        }
    }
    if (exec(db, "COMMIT", error) != 0) goto rollback;
    result = 0;
    goto done;
rollback:
    sqlite3_exec(db->handle, "ROLLBACK", NULL, NULL, NULL);
done:
    sqlite3_finalize(full);
    sqlite3_finalize(single);
    free(sql);
    return result;
}
