// Raw libmongoc: the limit the MongoDB adapter is measured against.
#include "internal.h"

#include <mongoc/mongoc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct sy_mongo {
    mongoc_client_t *client;
    mongoc_database_t *database;
    mongoc_collection_t *items;
};

static pthread_once_t initialised = PTHREAD_ONCE_INIT;
static void initialise(void) { mongoc_init(); }

static int mongo_fail(sy_error *error, const char *what, const bson_error_t *cause) {
    return sy_fail(error, "%s: %s", what, cause->message);
}

sy_mongo *sy_mongo_open(const char *uri, const char *database, sy_error *error) {
    pthread_once(&initialised, initialise);
    bson_error_t cause;
    mongoc_uri_t *parsed = mongoc_uri_new_with_error(uri, &cause);
    if (!parsed) { mongo_fail(error, "uri", &cause); return NULL; }
    mongoc_client_t *client = mongoc_client_new_from_uri_with_error(parsed, &cause);
    mongoc_uri_destroy(parsed);
    if (!client) { mongo_fail(error, "client", &cause); return NULL; }
    sy_mongo *db = calloc(1, sizeof *db);
    if (!db) { mongoc_client_destroy(client); return NULL; }
    db->client = client;
    db->database = mongoc_client_get_database(client, database);
    db->items = mongoc_client_get_collection(client, database, "items");
    return db;
}

void sy_mongo_close(sy_mongo *db) {
    if (!db) return;
    mongoc_collection_destroy(db->items);
    mongoc_database_destroy(db->database);
    mongoc_client_destroy(db->client);
    free(db);
}

static void make_document(int64_t id, bson_t *document) {
    sy_item item;
    sy_item_make(id, &item);
    bson_init(document);
    // Integers that fit go in as int32, as the adapter (and mongosh) write them.
    BSON_APPEND_INT32(document, "_id", (int32_t)item.id);
    BSON_APPEND_UTF8(document, "name", item.name);
    BSON_APPEND_INT32(document, "age", item.age);
    BSON_APPEND_DOUBLE(document, "score", item.score);
    BSON_APPEND_DATE_TIME(document, "created", item.created_us / 1000);
}

// Reads one document field by field into `item`.
static void read_document(const bson_t *document, sy_item *item) {
    bson_iter_t iter;
    if (!bson_iter_init(&iter, document)) return;
    while (bson_iter_next(&iter)) {
        const char *key = bson_iter_key(&iter);
        switch (bson_iter_type(&iter)) {
        case BSON_TYPE_INT32:
            if (key[0] == '_') item->id = bson_iter_int32(&iter);
            else item->age = bson_iter_int32(&iter);
            break;
        case BSON_TYPE_INT64:
            if (key[0] == '_') item->id = bson_iter_int64(&iter);
            else item->age = (int32_t)bson_iter_int64(&iter);
            break;
        case BSON_TYPE_UTF8: {
            uint32_t length;
            const char *text = bson_iter_utf8(&iter, &length);
            if (length > 16) length = 16;
            memcpy(item->name, text, length);
            item->name[length] = 0;
            break;
        }
        case BSON_TYPE_DOUBLE: item->score = bson_iter_double(&iter); break;
        case BSON_TYPE_DATE_TIME: item->created_us = bson_iter_date_time(&iter) * 1000; break;
        default: break;
        }
    }
}

int sy_mongo_create(sy_mongo *db, const char *collection, int64_t count, sy_error *error) {
    if (sy_mongo_drop(db, collection, error) != 0) return -1;
    return count > 0 ? sy_mongo_insert(db, collection, count, 1, error) : 0;
}

int sy_mongo_drop(sy_mongo *db, const char *collection, sy_error *error) {
    mongoc_collection_t *target = mongoc_database_get_collection(db->database, collection);
    bson_error_t cause;
    int ok = mongoc_collection_drop(target, &cause) || strstr(cause.message, "not found") != NULL || cause.code == 26;
    mongoc_collection_destroy(target);
    return ok ? 0 : mongo_fail(error, "drop", &cause);
}

int sy_mongo_point_lookups(sy_mongo *db, const int64_t *ids, int count, uint64_t *latencies_ns, int64_t *checksum, sy_error *error) {
    bson_t *options = BCON_NEW("limit", BCON_INT64(1));
    sy_item item;
    int64_t sum = 0;
    int result = 0;
    for (int i = 0; i < count && result == 0; i++) {
        uint64_t start = sy_now_ns();
        bson_t filter;
        bson_init(&filter);
        BSON_APPEND_INT32(&filter, "_id", (int32_t)ids[i]);
        mongoc_cursor_t *cursor = mongoc_collection_find_with_opts(db->items, &filter, options, NULL);
        const bson_t *document;
        while (mongoc_cursor_next(cursor, &document)) {
            read_document(document, &item);
            sum += item.id + item.age;
        }
        bson_error_t cause;
        if (mongoc_cursor_error(cursor, &cause)) result = mongo_fail(error, "lookup", &cause);
        mongoc_cursor_destroy(cursor);
        bson_destroy(&filter);
        latencies_ns[i] = sy_now_ns() - start;
    }
    bson_destroy(options);
    *checksum = sum;
    return result;
}

int sy_mongo_scan(sy_mongo *db, int64_t *rows, int64_t *checksum, sy_error *error) {
    bson_t filter = BSON_INITIALIZER;
    mongoc_cursor_t *cursor = mongoc_collection_find_with_opts(db->items, &filter, NULL, NULL);
    const bson_t *document;
    sy_item item;
    int64_t sum = 0, count = 0;
    while (mongoc_cursor_next(cursor, &document)) {
        read_document(document, &item);
        sum += item.id + item.age;
        count++;
    }
    bson_error_t cause;
    int result = mongoc_cursor_error(cursor, &cause) ? mongo_fail(error, "scan", &cause) : 0;
    mongoc_cursor_destroy(cursor);
    *rows = count;
    *checksum = sum;
    return result;
}

int sy_mongo_insert(sy_mongo *db, const char *collection, int64_t count, int bulk, sy_error *error) {
    mongoc_collection_t *target = mongoc_database_get_collection(db->database, collection);
    bson_error_t cause;
    int result = 0;
    if (!bulk) {
        bson_t document;
        for (int64_t id = 1; id <= count && result == 0; id++) {
            make_document(id, &document);
            if (!mongoc_collection_insert_one(target, &document, NULL, NULL, &cause)) result = mongo_fail(error, "insert_one", &cause);
            bson_destroy(&document);
        }
    } else {
        bson_t *documents = malloc((size_t)count * sizeof(bson_t));
        const bson_t **pointers = malloc((size_t)count * sizeof(bson_t *));
        if (!documents || !pointers) {
            free(documents);
            free(pointers);
            mongoc_collection_destroy(target);
            return sy_fail(error, "out of memory");
        }
        for (int64_t i = 0; i < count; i++) {
            make_document(i + 1, &documents[i]);
            pointers[i] = &documents[i];
        }
        if (!mongoc_collection_insert_many(target, pointers, (size_t)count, NULL, NULL, &cause)) result = mongo_fail(error, "insert_many", &cause);
        for (int64_t i = 0; i < count; i++) bson_destroy(&documents[i]);
        free(documents);
        free(pointers);
    }
    mongoc_collection_destroy(target);
    return result;
}
