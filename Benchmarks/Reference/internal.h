// Helpers the C references share (not part of the harness's interface).
#ifndef SWITCHYARD_BENCH_INTERNAL_H
#define SWITCHYARD_BENCH_INTERNAL_H

#include "SwitchyardBenchReference.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static inline int sy_fail(sy_error *error, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error->message, sizeof error->message, format, arguments);
    va_end(arguments);
    return -1;
}

// `YYYY-MM-DD HH:MM:SS` for a UTC instant in microseconds (whole seconds only).
static inline int sy_format_timestamp(int64_t micros, char *buffer, size_t capacity) {
    time_t seconds = (time_t)(micros / 1000000);
    struct tm parts;
    gmtime_r(&seconds, &parts);
    return (int)strftime(buffer, capacity, "%Y-%m-%d %H:%M:%S", &parts);
}

#endif
