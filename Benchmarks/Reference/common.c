// Data shape and clock shared by the C references.
#include "internal.h"

#include <stdio.h>
#include <time.h>

volatile int64_t sy_sink;

// 2024-01-01 00:00:00 UTC.
static const int64_t base_seconds = 1704067200;

void sy_item_make(int64_t id, sy_item *item) {
    item->id = id;
    snprintf(item->name, sizeof item->name, "item-%011lld", (long long)id);
    item->age = (int32_t)(18 + id % 70);
    item->score = (double)(id % 1000) * 0.25;
    item->created_us = (base_seconds + id * 7) * 1000000;
}

uint64_t sy_now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}
