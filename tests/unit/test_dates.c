/* Unit test: dates (RFC 3339, ISO 8601, RFC 2822, zones around midnight)
 * and periods (ISO weeks, 53-week years, quarters). */
#include "test.h"
#include "entgraph.h"

static const char *day_of(const char *s)
{
    static char buf[16];
    int32_t d;
    if (eg_date_parse(s, &d)) return "(error)";
    eg_day_format(d, buf);
    return buf;
}

static const char *period(eg_period p, const char *date)
{
    static char buf[32];
    int32_t d;
    if (eg_date_parse(date, &d)) return "(error)";
    eg_period_name(p, eg_period_start(p, d), buf, sizeof buf);
    return buf;
}

int main(void)
{
    CHECK_STR(day_of("2023-08-08"), "2023-08-08", "a date");
    CHECK_STR(day_of("1970-01-01"), "1970-01-01", "day 0");
    CHECK_STR(day_of("1961-04-12"), "1961-04-12", "before 1970");
    CHECK_STR(day_of("2023-08-08T10:00:00Z"), "2023-08-08", "RFC 3339 UTC");
    CHECK_STR(day_of("2023-08-08T01:30:00+09:00"), "2023-08-07", "a zone east of UTC, just after midnight, is the day before");
    CHECK_STR(day_of("2023-08-07T23:30:00-02:00"), "2023-08-08", "a zone west of UTC, just before midnight, is the next day");
    CHECK_STR(day_of("2023-12-31T23:59:59-0100"), "2024-01-01", "across a year, +HHMM form");
    CHECK_STR(day_of("2023-08-08T10:00"), "2023-08-08", "no seconds, no zone (UTC)");
    CHECK_STR(day_of("2023-08-08T10:00:00.123456+05:30"), "2023-08-08", "a fraction and a half-hour zone");
    CHECK_STR(day_of("2023-08-08 23:00:00"), "2023-08-08", "the space form");
    CHECK_STR(day_of("2023-08-08 23:00:00 +05"), "2023-08-08", "the space form with +HH");
    CHECK_STR(day_of("Tue, 08 Aug 2023 10:00:00 +0900"), "2023-08-08", "RFC 2822");
    CHECK_STR(day_of("Tue, 08 Aug 2023 02:00:00 +0900"), "2023-08-07", "RFC 2822 east of UTC before 09:00");
    CHECK_STR(day_of("8 Aug 2023 22:00 EST"), "2023-08-09", "RFC 2822 without a day name, EST");
    CHECK_STR(day_of("Mon, 31 Dec 99 12:00:00 GMT (comment)"), "1999-12-31", "RFC 2822 two-digit year and a comment");
    CHECK_STR(day_of("2024-02-29"), "2024-02-29", "a leap day");
    CHECK_STR(day_of("2023-02-29"), "(error)", "not a leap year");
    CHECK_STR(day_of("2023-13-01"), "(error)", "month 13");
    CHECK_STR(day_of("2023-08-08T25:00:00Z"), "(error)", "hour 25");
    CHECK_STR(day_of("08/08/2023"), "(error)", "an ambiguous form is refused");
    CHECK_STR(day_of("yesterday"), "(error)", "words are refused");
    CHECK_STR(day_of(""), "(error)", "empty");
    CHECK_STR(day_of("2023-08-08T10:00:00Zjunk"), "(error)", "trailing text");

    CHECK_STR(period(EG_PERIOD_DAY, "2023-08-08"), "2023-08-08", "day");
    CHECK_STR(period(EG_PERIOD_WEEK, "2023-08-08"), "2023-W32", "ISO week");
    CHECK_STR(period(EG_PERIOD_WEEK, "2021-01-03"), "2020-W53", "2021-01-03 is in week 53 of 2020");
    CHECK_STR(period(EG_PERIOD_WEEK, "2020-12-31"), "2020-W53", "a year with 53 weeks");
    CHECK_STR(period(EG_PERIOD_WEEK, "2021-01-04"), "2021-W01", "week 1 starts on Monday 2021-01-04");
    CHECK_STR(period(EG_PERIOD_WEEK, "2024-12-30"), "2025-W01", "2024-12-30 is in week 1 of 2025");
    CHECK_STR(period(EG_PERIOD_MONTH, "2023-08-31"), "2023-08", "month");
    CHECK_STR(period(EG_PERIOD_QUARTER, "2023-08-08"), "2023-Q3", "quarter");
    CHECK_STR(period(EG_PERIOD_QUARTER, "2023-12-31"), "2023-Q4", "the last quarter");
    CHECK_STR(period(EG_PERIOD_YEAR, "1961-07-01"), "1961", "year");
    int32_t d, s;
    eg_date_parse("2023-11-15", &d);
    s = eg_period_start(EG_PERIOD_QUARTER, d);
    char a[16], b[16];
    eg_day_format(s, a);
    eg_day_format(eg_period_end(EG_PERIOD_QUARTER, s), b);
    CHECK(!strcmp(a, "2023-10-01") && !strcmp(b, "2023-12-31"), "Q4 runs from %s to %s", a, b);
    eg_date_parse("2024-02-10", &d);
    eg_day_format(eg_period_end(EG_PERIOD_MONTH, eg_period_start(EG_PERIOD_MONTH, d)), b);
    CHECK_STR(b, "2024-02-29", "February of a leap year ends on the 29th");
    eg_date_parse("2023-08-10", &d);
    eg_day_format(eg_period_start(EG_PERIOD_WEEK, d), a);
    eg_day_format(eg_period_end(EG_PERIOD_WEEK, eg_period_start(EG_PERIOD_WEEK, d)), b);
    CHECK(!strcmp(a, "2023-08-07") && !strcmp(b, "2023-08-13"), "a week runs Monday to Sunday: %s to %s", a, b);
    char u[16];
    eg_period_name(EG_PERIOD_MONTH, EG_NO_DAY, u, sizeof u);
    CHECK_STR(u, "undated", "no date: undated");
    eg_period p;
    CHECK(!eg_period_from_name("quarter", &p) && p == EG_PERIOD_QUARTER && eg_period_from_name("fortnight", &p) == EG_EUSAGE, "period names");
    return t_failed ? 1 : 0;
}
