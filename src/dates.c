/*
 * dates.c - document dates and periods.
 *
 * A date is kept as a day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar, the UTC calendar date of the moment given.  Accepted
 * forms (RFC 3339 / ISO 8601, RFC 2822, and the SQL-ish space form):
 *
 *   2023-08-08                      a date
 *   2023-08-08T10:00:00Z            a date-time, with or without seconds,
 *   2023-08-08T10:00:00.123+09:00   fraction, zone (Z, +HH:MM, +HHMM, +HH)
 *   2023-08-08 10:00:00             a space instead of T; no zone means UTC
 *   Tue, 08 Aug 2023 10:00:00 +0900 RFC 2822 (day name optional, zone
 *                                   +HHMM or UT/GMT/Z/EST/EDT/CST/CDT/MST/
 *                                   MDT/PST/PDT, two-digit years as 2822)
 *
 * Periods are named by their first day, so keys sort in time: a day, an
 * ISO week (Monday; named 2023-W32 after its ISO year), a month, a quarter,
 * a year.
 */
#include "internal.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

static void civil_from_days(int32_t z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

typedef struct cur { const char *p; } cur;

static int digits(cur *c, int n)   /* exactly n digits, or -1 */
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (c->p[i] < '0' || c->p[i] > '9') return -1;
        v = v * 10 + (c->p[i] - '0');
    }
    c->p += n;
    return v;
}

static bool lit(cur *c, char ch) { if (*c->p == ch) { c->p++; return true; } return false; }

static void spaces(cur *c) { while (*c->p == ' ' || *c->p == '\t') c->p++; }

/* A zone after a time: seconds east of UTC into *off.  ISO: Z, +HH:MM,
 * +HHMM, +HH; RFC 2822 adds the North American names. */
static bool zone(cur *c, int *off)
{
    *off = 0;
    if (lit(c, 'Z') || lit(c, 'z')) return true;
    if (*c->p == '+' || *c->p == '-') {
        int sign = *c->p == '-' ? -1 : 1;
        c->p++;
        int h = digits(c, 2), m = 0;
        if (h < 0 || h > 23) return false;
        if (lit(c, ':')) { if ((m = digits(c, 2)) < 0) return false; }
        else if (*c->p >= '0' && *c->p <= '9') { if ((m = digits(c, 2)) < 0) return false; }
        if (m > 59) return false;
        *off = sign * (h * 3600 + m * 60);
        return true;
    }
    static const struct { const char *name; int hours; } names[] = {
        {"UTC", 0}, {"UT", 0}, {"GMT", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
        {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i].name);
        if (!strncasecmp(c->p, names[i].name, n) && !((c->p[n] | 32) >= 'a' && (c->p[n] | 32) <= 'z')) {
            c->p += n;
            *off = names[i].hours * 3600;
            return true;
        }
    }
    return false;
}

/* HH:MM[:SS[.fraction]] into seconds of the day. */
static bool clock_time(cur *c, int *secs)
{
    int h = digits(c, 2);
    if (h < 0 || h > 23 || !lit(c, ':')) return false;
    int m = digits(c, 2), s = 0;
    if (m < 0 || m > 59) return false;
    if (lit(c, ':')) {
        if ((s = digits(c, 2)) < 0 || s > 60) return false;   /* 60: a leap second */
        if (lit(c, '.') || lit(c, ',')) {
            if (*c->p < '0' || *c->p > '9') return false;
            while (*c->p >= '0' && *c->p <= '9') c->p++;
        }
    }
    *secs = h * 3600 + m * 60 + s;
    return true;
}

static bool valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* The UTC day of y-m-d plus secs of local time at offset off. */
static int32_t utc_day(int y, int m, int d, int secs, int off)
{
    int64_t t = (int64_t)days_from_civil(y, m, d) * 86400 + secs - off;
    int64_t day = t / 86400;
    if (t % 86400 < 0) day--;
    return (int32_t)day;
}

static bool iso(cur *c, int32_t *out)
{
    int y = digits(c, 4);
    if (y < 0 || !lit(c, '-')) return false;
    int m = digits(c, 2);
    if (m < 0 || !lit(c, '-')) return false;
    int d = digits(c, 2);
    if (d < 0 || !valid_ymd(y, m, d)) return false;
    int secs = 0, off = 0;
    if (*c->p == 'T' || *c->p == 't' || (*c->p == ' ' && c->p[1] >= '0' && c->p[1] <= '9')) {
        c->p++;
        if (!clock_time(c, &secs)) return false;
        spaces(c);
        if (*c->p && !zone(c, &off)) return false;
    }
    spaces(c);
    if (*c->p) return false;
    *out = utc_day(y, m, d, secs, off);
    return true;
}

static bool rfc2822(cur *c, int32_t *out)
{
    static const char *const months[12] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
    static const char *const wdays[7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
    for (int i = 0; i < 7; i++)
        if (!strncasecmp(c->p, wdays[i], 3)) {
            c->p += 3;
            if (!lit(c, ',')) return false;
            spaces(c);
            break;
        }
    int d = 0, nd = 0;
    while (*c->p >= '0' && *c->p <= '9' && nd < 2) { d = d * 10 + (*c->p++ - '0'); nd++; }
    if (!nd || (*c->p != ' ' && *c->p != '\t')) return false;
    spaces(c);
    int m = -1;
    for (int i = 0; i < 12; i++) if (!strncasecmp(c->p, months[i], 3)) m = i + 1;
    if (m < 0) return false;
    c->p += 3;
    if (*c->p != ' ' && *c->p != '\t') return false;
    spaces(c);
    int y = 0, ny = 0;
    while (*c->p >= '0' && *c->p <= '9' && ny < 4) { y = y * 10 + (*c->p++ - '0'); ny++; }
    if (ny == 2) y += y < 50 ? 2000 : 1900;       /* RFC 2822 obsolete years */
    else if (ny == 3) y += 1900;
    else if (ny != 4) return false;
    if (!valid_ymd(y, m, d)) return false;
    int secs = 0, off = 0;
    spaces(c);
    if (*c->p) {
        if (!clock_time(c, &secs)) return false;
        spaces(c);
        if (*c->p && !zone(c, &off)) return false;
        spaces(c);
        if (*c->p == '(') {   /* a comment: "(JST)" */
            while (*c->p && *c->p != ')') c->p++;
            if (!lit(c, ')')) return false;
        }
        spaces(c);
        if (*c->p) return false;
    }
    *out = utc_day(y, m, d, secs, off);
    return true;
}

int eg_date_parse(const char *s, int32_t *day)
{
    while (*s == ' ' || *s == '\t') s++;
    cur c = { s };
    if (iso(&c, day)) return 0;
    c.p = s;
    if (rfc2822(&c, day)) return 0;
    return EG_EINPUT;
}

void eg_day_format(int32_t day, char buf[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000);
    buf[0] = (char)('0' + yy / 1000); buf[1] = (char)('0' + yy / 100 % 10);
    buf[2] = (char)('0' + yy / 10 % 10); buf[3] = (char)('0' + yy % 10);
    buf[4] = '-'; buf[5] = (char)('0' + m / 10); buf[6] = (char)('0' + m % 10);
    buf[7] = '-'; buf[8] = (char)('0' + d / 10); buf[9] = (char)('0' + d % 10);
    buf[10] = 0;
}

/* Monday = 0 ... Sunday = 6; 1970-01-01 was a Thursday. */
static int weekday(int32_t day) { int w = (int)((day + 3) % 7); return w < 0 ? w + 7 : w; }

int32_t eg_period_start(eg_period p, int32_t day)
{
    if (day == EG_NO_DAY) return EG_NO_DAY;
    int y, m, d;
    switch (p) {
    case EG_PERIOD_DAY: return day;
    case EG_PERIOD_WEEK: return day - weekday(day);
    case EG_PERIOD_MONTH: civil_from_days(day, &y, &m, &d); return days_from_civil(y, m, 1);
    case EG_PERIOD_QUARTER: civil_from_days(day, &y, &m, &d); return days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
    case EG_PERIOD_YEAR: civil_from_days(day, &y, &m, &d); return days_from_civil(y, 1, 1);
    default: return day;
    }
}

int32_t eg_period_end(eg_period p, int32_t start)
{
    if (start == EG_NO_DAY) return EG_NO_DAY;
    int y, m, d;
    civil_from_days(start, &y, &m, &d);
    switch (p) {
    case EG_PERIOD_WEEK: return start + 6;
    case EG_PERIOD_MONTH: return start + month_days(y, m) - 1;
    case EG_PERIOD_QUARTER: return days_from_civil(m + 3 > 12 ? y + 1 : y, m + 3 > 12 ? m - 9 : m + 3, 1) - 1;
    case EG_PERIOD_YEAR: return days_from_civil(y + 1, 1, 1) - 1;
    default: return start;
    }
}

void eg_period_name(eg_period p, int32_t start, char *buf, size_t size)
{
    if (start == EG_NO_DAY) { snprintf(buf, size, "undated"); return; }
    int y, m, d;
    civil_from_days(start, &y, &m, &d);
    switch (p) {
    case EG_PERIOD_WEEK: {
        /* the ISO week: the year and week of its Thursday */
        int32_t thu = start + 3;
        int ty, tm, td;
        civil_from_days(thu, &ty, &tm, &td);
        int week = (thu - days_from_civil(ty, 1, 1)) / 7 + 1;
        snprintf(buf, size, "%04d-W%02d", ty, week);
        return;
    }
    case EG_PERIOD_MONTH: snprintf(buf, size, "%04d-%02d", y, m); return;
    case EG_PERIOD_QUARTER: snprintf(buf, size, "%04d-Q%d", y, (m - 1) / 3 + 1); return;
    case EG_PERIOD_YEAR: snprintf(buf, size, "%04d", y); return;
    default: snprintf(buf, size, "%04d-%02d-%02d", y, m, d); return;
    }
}

static const char *const period_kinds[] = { "none", "day", "week", "month", "quarter", "year" };

int eg_period_from_name(const char *name, eg_period *out)
{
    for (int i = 1; i < (int)(sizeof period_kinds / sizeof period_kinds[0]); i++)
        if (!strcmp(name, period_kinds[i])) { *out = (eg_period)i; return 0; }
    return EG_EUSAGE;
}

const char *eg_period_kind(eg_period p)
{
    return (unsigned)p < sizeof period_kinds / sizeof period_kinds[0] ? period_kinds[p] : "?";
}
