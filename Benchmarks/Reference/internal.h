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

// Takes a value the checksum does not cover (the sum of the timestamps read), so that the
// compiler cannot drop the work that made it.
extern volatile int64_t sy_sink;

// Days from 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's days_from_civil).
static inline int64_t sy_days_from_civil(int64_t year, int month, int day) {
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

// The decimal number in `count` bytes of `text`; -1 unless they are all digits.
static inline int sy_digits(const unsigned char *text, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
        unsigned digit = (unsigned)text[i] - '0';
        if (digit > 9) return -1;
        value = value * 10 + (int)digit;
    }
    return value;
}

// Reads SQLite's timestamp text (`YYYY-MM-DD HH:MM:SS`, `T` allowed, an optional fraction of
// up to six digits and `Z`) into microseconds since 1970-01-01 UTC, checking each field's
// range (the day against its month): what a program keeping a `TIMESTAMP` column as a time
// does, and what the adapter does to make a `Value.timestamp`. Returns -1 for other text.
static inline int sy_parse_timestamp(const unsigned char *text, int length, int64_t *micros) {
    if (length < 19 || length > 27 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') ||
        text[13] != ':' || text[16] != ':') return -1;
    int year = sy_digits(text, 4), month = sy_digits(text + 5, 2), day = sy_digits(text + 8, 2);
    int hour = sy_digits(text + 11, 2), minute = sy_digits(text + 14, 2), second = sy_digits(text + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59) return -1;
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > month_days[month - 1] + (month == 2 && leap)) return -1;
    int end = length;
    if (text[end - 1] == 'Z') end--;
    int fraction = 0;
    if (end > 19) {
        int count = end - 20;
        if (text[19] != '.' || count < 1 || count > 6 || (fraction = sy_digits(text + 20, count)) < 0) return -1;
        for (int i = count; i < 6; i++) fraction *= 10;
    }
    int64_t seconds = sy_days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    *micros = seconds * 1000000 + fraction;
    return 0;
}

#endif
