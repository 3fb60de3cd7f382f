/*
 * measures.c - association measures of a pair from its window counts:
 * x = c_ij (windows with both), a = c_i, b = c_j (windows with each), and
 * n = N (all windows).  Definitions, with their sources, in the README
 * ("Reading a big graph").  Every value is finite: an edge has x >= 1, so
 * only degenerate margins need a rule -- NPMI is 1 when x = N, and a total
 * below the pair's union (counts given without their windows) is raised
 * to the union.
 */
#include "internal.h"
#include <math.h>
#include <string.h>

static const char *const names[EG_MEASURE_N] = {
    [EG_MEASURE_COUNT] = "count", [EG_MEASURE_JACCARD] = "jaccard", [EG_MEASURE_DICE] = "dice",
    [EG_MEASURE_COSINE] = "cosine", [EG_MEASURE_INCLUSION] = "inclusion", [EG_MEASURE_ASSOC] = "assoc",
    [EG_MEASURE_PMI] = "pmi", [EG_MEASURE_NPMI] = "npmi", [EG_MEASURE_LLR] = "llr",
};

const char *eg_measure_name(eg_measure m) { return (unsigned)m < EG_MEASURE_N ? names[m] : "?"; }

int eg_measure_from_name(const char *name, eg_measure *out)
{
    for (int m = 0; m < EG_MEASURE_N; m++)
        if (!strcmp(name, names[m])) { *out = (eg_measure)m; return 0; }
    return EG_EUSAGE;
}

/* One G^2 term: O ln(O/E), 0 when O = 0. */
static double g2_term(double o, double e) { return o > 0 && e > 0 ? o * log(o / e) : 0.0; }

double eg_measure_value(eg_measure m, double x, double a, double b, double n)
{
    if (x <= 0 || a <= 0 || b <= 0) return 0.0;
    if (a < x) a = x;
    if (b < x) b = x;
    if (n < a + b - x) n = a + b - x;
    double v;
    switch (m) {
    case EG_MEASURE_COUNT: v = x; break;
    case EG_MEASURE_JACCARD: v = x / (a + b - x); break;
    case EG_MEASURE_DICE: v = 2 * x / (a + b); break;
    case EG_MEASURE_COSINE: v = x / sqrt(a * b); break;
    case EG_MEASURE_INCLUSION: v = x / (a < b ? a : b); break;
    case EG_MEASURE_ASSOC: v = x * n / (a * b); break;
    case EG_MEASURE_PMI: v = log2(x * n / (a * b)); break;
    case EG_MEASURE_NPMI:
        /* 1 when the pair is in every window, or its entities only ever
         * occur together (then pmi and the denominator are equal) */
        v = x >= n || (x >= a && x >= b) ? 1.0 : log2(x * n / (a * b)) / -log2(x / n);
        break;
    case EG_MEASURE_LLR: {
        double k11 = x, k12 = a - x, k21 = b - x, k22 = n - a - b + x;
        if (x * n == a * b) { v = 0.0; break; }   /* exactly as expected (whole numbers: exact) */
        v = 2 * (g2_term(k11, a * b / n) + g2_term(k12, a * (n - b) / n) +
                 g2_term(k21, (n - a) * b / n) + g2_term(k22, (n - a) * (n - b) / n));
        if (v < 0) v = 0;   /* rounding below an exact 0 */
        break;
    }
    default: v = 0.0;
    }
    return isfinite(v) ? v : 0.0;
}
