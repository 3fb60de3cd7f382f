/*
 * cmd_graph.c - `entgraph graph`: tag, count co-mentions, build the graph
 * and write it in every requested format; with --by, one graph per period
 * (outputs named with {period}) or one timeline (.gexf); the evidence
 * behind the edges.  All outputs are written to temporary files and
 * committed together only when all are complete.
 */
#include "cli.h"
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_line = "entgraph graph [options] [INPUT...]";

static const char *help =
"usage: entgraph graph [options] [INPUT...]\n"
"Tag the inputs and build the weighted co-mention graph: one node per entity\n"
"mentioned, one edge per pair co-occurring in a window; count = number of\n"
"windows with both, docs = number of documents.\n\n"
TAG_CLI_HELP
"  -w, --window W          the co-occurrence unit: sentence (default), paragraph,\n"
"                          document, sentences:K or paragraphs:K (within K of\n"
"                          each other), tokens:K (within K token positions)\n"
"      --max-per-window N  distinct entities counted per window (default 1000)\n"
"      --measure M         the edge weight: count (default), jaccard, dice, cosine,\n"
"                          inclusion, assoc, pmi, npmi or llr\n"
"      --measures all      write every measure as an edge attribute\n"
"";

static const char *help2 =
"filters, applied in this order:\n"
"      --types T,...       keep only entities of these types\n"
"      --only ID,...       keep only these entities (or @FILE)\n"
"      --min-mentions N    keep nodes mentioned >= N times\n"
"      --min-node-docs N   keep nodes mentioned in >= N documents\n"
"      --top-nodes N       keep the N most mentioned nodes\n"
"      --min-weight X      keep edges with weight >= X (always > 0)\n"
"      --min-docs N        keep edges seen in >= N documents (default 1)\n"
"      --backbone ALPHA    keep edges the disparity filter finds significant\n"
"                          at ALPHA (0..1; 0.05 is usual); writes alpha\n"
"      --top-k K           keep an edge among the K strongest of either end\n"
"      --top-edges N       keep the N strongest edges\n"
"      --ego ID,...        keep the nodes within --depth N (default 1) hops\n"
"                          of these entities (or @FILE)\n"
"      --keep-isolates     keep nodes left without edges\n"
"analysis of the filtered graph:\n"
"      --community C       leiden (default), louvain or none\n"
"      --resolution R      modularity resolution (default 1)\n"
"      --betweenness B     auto (default: skipped on very large graphs), on, off\n"
"      --layout L          none (default), fr (Fruchterman-Reingold) or drl:\n"
"                          node coordinates x, y (GraphML), viz:position (GEXF),\n"
"                          pos (DOT: draw with neato -n)\n"
"      --seed N            community detection and layout seed (default 42)\n"
"  -o, --output FILE       output file (repeatable); format from the extension:\n"
"                          .graphml, .gexf, .dot/.gv, NAME.nodes.csv,\n"
"                          NAME.edges.csv, .json (graphology), .cyjs (Cytoscape),\n"
"                          .net (Pajek), .svg, .html (the report); - = standard\n"
"                          output\n"
"  -f, --format F          graphml, gexf, dot, nodes.csv, edges.csv, json, cyjs,\n"
"                          pajek, svg or html (for - and unknown extensions)\n"
"      --report-docs N     documents shown in the report (default 50)\n"
"      --by P              day, week, month, quarter or year: one graph per period\n"
"                          (an output named with {period}: graph-{period}.graphml),\n"
"                          and/or one timeline in a .gexf output\n"
"      --skip-undated      with --by: no graph for undated documents\n"
"      --evidence FILE     the windows behind each edge (JSONL; {period} allowed)\n"
"      --evidence-max N    windows per edge, earliest first (default 20)\n"
"      --mentions FILE     also write the mentions (JSONL) to FILE\n"
"      --counts FILE       render from count files ('entgraph count', 'merge';\n"
"                          repeatable, - for standard input) instead of\n"
"                          documents: the same bytes as one run over them\n"
"  -h, --help              this help\n\n"
"exit codes: 0 ok, 1 bad input (also: an input could not be read, or no\n"
"document at all), 2 usage, 3 I/O or system error\n";

typedef struct graph_ctx {
    eg_cooc *cooc;
    eg_report *report;             /* an .html output, or NULL */
    eg_mention_writer *mentions;   /* --mentions, or NULL */
    const eg_dict *d;
} graph_ctx;

static int on_doc(void *vctx, const eg_document *doc, const eg_doc_units *units, const eg_mention *m, size_t n,
                  const eg_rejection *rej, size_t nrej)
{
    (void)rej; (void)nrej;
    graph_ctx *c = vctx;
    if (c->report && eg_report_add(c->report, doc, m, n)) { msg_errorf("out of memory"); return EXIT_SYSTEM; }
    int crc = count_doc(c->cooc, doc, units, m, n);
    if (crc) return crc;
    for (size_t i = 0; c->mentions && i < n; i++) {
        int rc = eg_mention_writer_put(c->mentions, c->d, doc, &m[i]);
        if (rc == EG_ENOMEM) msg_errorf("out of memory");
        if (rc) return EXIT_SYSTEM;   /* a write error is reported with its reason by the caller */
    }
    return 0;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

#define FORMAT_HTML EG_FORMAT_COUNT   /* the report: not a graph format of the library */

/* The format of an output: --format, else the extension; -1 if unknown. */
static int format_of(const char *path, const char *fmt)
{
    eg_format f;
    if (fmt) {
        if (!strcmp(fmt, "html")) return FORMAT_HTML;
        return eg_format_from_name(fmt, &f) ? -1 : (int)f;
    }
    if (!eg_format_from_path(path, &f)) return (int)f;
    if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".HTML")) return FORMAT_HTML;
    if (!strcmp(path, "-")) return EG_FORMAT_GRAPHML;
    return -1;
}

static bool has_period(const char *s) { return strstr(s, "{period}") != NULL; }

/* pattern with every {period} replaced by name (malloc'd). */
static char *expand(const char *pattern, const char *name)
{
    size_t n = strlen(pattern) + 1, nl = strlen(name);
    for (const char *p = pattern; (p = strstr(p, "{period}")); p += 8) n += nl;
    char *out = malloc(n), *o = out;
    if (!out) return NULL;
    for (const char *p = pattern; *p;) {
        if (!strncmp(p, "{period}", 8)) { memcpy(o, name, nl); o += nl; p += 8; }
        else *o++ = *p++;
    }
    *o = 0;
    return out;
}

/* The files of this run: opened (temporary), written, finished, and only
 * committed when every one is complete. */
typedef struct outset {
    eg_outfile *f; char **names; size_t n, cap;
} outset;

static int outset_open(outset *s, const char *path, eg_error *err, eg_outfile **out)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        eg_outfile *nf = realloc(s->f, nc * sizeof *nf);
        if (!nf) return EG_ENOMEM;
        s->f = nf;
        char **nn = realloc(s->names, nc * sizeof *nn);
        if (!nn) return EG_ENOMEM;
        s->names = nn;
        s->cap = nc;
    }
    char *name = strdup(path);
    if (!name) return EG_ENOMEM;
    int rc = out_open(&s->f[s->n], path, err);
    if (rc) { free(name); return rc; }
    s->names[s->n] = name;
    *out = &s->f[s->n++];
    return 0;
}

static void outset_abort(outset *s)
{
    for (size_t i = 0; i < s->n; i++) { out_abort(&s->f[i]); free(s->names[i]); }
    free(s->f); free(s->names);
    memset(s, 0, sizeof *s);
}

/* Finish one output now (flushed, synced, closed: a full disk shows here;
 * the temporary file waits for the commit), or report it. */
static int finish_one(eg_outfile *o, const char *name)
{
    (void)name;
    eg_error err;
    eg_error_clear(&err);
    if (!eg_outfile_finish(o, &err)) return 0;
    msg_error(&err);
    return exit_code_for(err.code);
}

typedef struct graph_job {
    const eg_dict *d;
    eg_cooc *cooc;
    eg_report *report;
    eg_graph_options go;
    const char **outs; size_t nouts;
    const char *fmt, *evidence;
    bool skip_undated, quiet, warned_betweenness;
    outset set;
    size_t graphs_written;
} graph_job;

/* Build one graph (period index p, or -1 for the whole corpus, with a
 * timeline when asked) and write it to the outputs that take it. */
static int write_graph(graph_job *j, long p, bool timeline, bool periodic, size_t *nodes, size_t *edges)
{
    eg_graph_options go = j->go;
    go.period = p;
    go.timeline = timeline;
    eg_graph *g;
    eg_error err;
    eg_error_clear(&err);
    if (eg_graph_build(&g, j->cooc, j->d, &go, &err)) { msg_error(&err); return exit_code_for(err.code); }
    if (nodes) { *nodes = eg_graph_node_count(g); *edges = eg_graph_edge_count(g); }
    if (!eg_graph_has_betweenness(g) && go.betweenness == 0 && !j->quiet && !j->warned_betweenness) {
        fprintf(stderr, "entgraph: warning: betweenness skipped: %zu nodes x %zu edges is too much work for 'auto' "
                "(--betweenness on computes it anyway)\n", eg_graph_node_count(g), eg_graph_edge_count(g));
        j->warned_betweenness = true;
    }
    char pn[32] = "";
    if (p >= 0) eg_period_name(eg_cooc_periods_by(j->cooc), eg_cooc_period_start(j->cooc, (size_t)p), pn, sizeof pn);
    int rc = 0;
    for (size_t i = 0; i < j->nouts && !rc; i++) {
        const char *o = j->outs[i];
        int f = format_of(o, j->fmt);
        /* which graph goes where: {period} names get the period graphs; a
         * .gexf without it the timeline (with --by) or the whole graph */
        if (periodic != has_period(o)) continue;
        if (!periodic && eg_cooc_periods_by(j->cooc) != EG_PERIOD_NONE && f != EG_FORMAT_GEXF && f != FORMAT_HTML) continue;
        char *path = periodic ? expand(o, pn) : strdup(o);
        eg_outfile *of;
        if (!path) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; break; }
        if ((rc = outset_open(&j->set, path, &err, &of))) { msg_error(&err); rc = exit_code_for(rc); free(path); break; }
        if (f == FORMAT_HTML) {
            if (eg_report_write(j->report, g, j->cooc, of->fp)) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; free(path); break; }
        } else {
            eg_graph_write(g, (eg_format)f, of->fp);
        }
        rc = finish_one(of, path);
        free(path);
        j->graphs_written++;
    }
    if (!rc && j->evidence && periodic == has_period(j->evidence) && (!periodic || p >= 0)) {
        char *path = periodic ? expand(j->evidence, pn) : strdup(j->evidence);
        eg_outfile *of;
        if (!path) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; }
        else if ((rc = outset_open(&j->set, path, &err, &of))) { msg_error(&err); rc = exit_code_for(rc); }
        else {
            int wr = eg_graph_write_evidence(g, j->cooc, of->fp);
            if (wr == EG_ENOMEM) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; }
            else rc = finish_one(of, path);
        }
        free(path);
    }
    eg_graph_free(g);
    return rc;
}

/* `graph`, or `report` (report_mode: the output defaults to report.html). */
static int run(int argc, char **argv, bool report_mode)
{
    static const struct option longopts[] = {
        TAG_CLI_LONGOPTS,
        {"window", required_argument, 0, 'w'},
        {"min-weight", required_argument, 0, 3001},
        {"min-docs", required_argument, 0, 3002},
        {"types", required_argument, 0, 3003},
        {"max-per-window", required_argument, 0, 3004},
        {"seed", required_argument, 0, 3005},
        {"mentions", required_argument, 0, 3006},
        {"by", required_argument, 0, 3007},
        {"skip-undated", no_argument, 0, 3008},
        {"evidence", required_argument, 0, 3009},
        {"evidence-max", required_argument, 0, 3010},
        {"measure", required_argument, 0, 3011},
        {"measures", required_argument, 0, 3012},
        {"only", required_argument, 0, 3013},
        {"min-mentions", required_argument, 0, 3014},
        {"min-node-docs", required_argument, 0, 3015},
        {"top-nodes", required_argument, 0, 3016},
        {"backbone", required_argument, 0, 3017},
        {"top-k", required_argument, 0, 3018},
        {"top-edges", required_argument, 0, 3019},
        {"ego", required_argument, 0, 3020},
        {"depth", required_argument, 0, 3021},
        {"keep-isolates", no_argument, 0, 3022},
        {"community", required_argument, 0, 3023},
        {"resolution", required_argument, 0, 3024},
        {"layout", required_argument, 0, 3025},
        {"betweenness", required_argument, 0, 3026},
        {"report-docs", required_argument, 0, 3027},
        {"counts", required_argument, 0, 3028},
        {"output", required_argument, 0, 'o'},
        {"format", required_argument, 0, 'f'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}
    };
    tag_cli t;
    tag_cli_init(&t, "graph");
    graph_job j;
    memset(&j, 0, sizeof j);
    eg_graph_options_default(&j.go);
    eg_window window = EG_WIN_SENTENCE;
    size_t span = 0;
    eg_period by = EG_PERIOD_NONE;
    const char *mentions_path = NULL, *only = NULL, *ego = NULL;
    unsigned char *only_set = NULL, *ego_set = NULL;
    bool depth_given = false, layout_given = false, want_report = false, want_drawing = false;
    long report_docs = 50;
    long maxw = 1000, v, evmax = 20;
    char **counts = NULL;            /* --counts FILE...: the counts instead of documents */
    size_t ncounts = 0;
    bool window_given = false, maxw_given = false, by_given = false, evmax_given = false;
    FILE *merged = NULL;             /* the count files, merged */
    char *csetup = NULL;             /* their setup */
    int c, rc = EXIT_OK;
    eg_dict *d = NULL;
    eg_reader *r = NULL;
    graph_ctx ctx = { NULL, NULL, NULL, NULL };
    eg_outfile *mf = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":" TAG_CLI_SHORTOPTS "w:o:f:h", longopts, NULL)) != -1) {
        int h = tag_cli_option(&t, c, optarg);
        if (h < 0) { rc = h == -2 ? EXIT_SYSTEM : EXIT_USAGE; goto out; }
        if (h) continue;
        switch (c) {
        case 3028: {
            char **nc = realloc(counts, (ncounts + 1) * sizeof *nc);
            if (!nc) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
            counts = nc;
            counts[ncounts++] = optarg;
            break;
        }
        case 'w':
            window_given = true;
            if (window_option(optarg, &window, &span)) { rc = EXIT_USAGE; goto out; }
            break;
        case 3001: if (!parse_double(optarg, &j.go.min_weight)) { msg_errorf("--min-weight needs a number, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3002: if (!parse_long(optarg, &j.go.min_docs)) { msg_errorf("--min-docs needs a number, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3003: j.go.types = optarg; break;
        case 3004: maxw_given = true; if (!parse_long(optarg, &maxw) || maxw < 2) { msg_errorf("--max-per-window needs a number >= 2, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3005: if (!parse_long(optarg, &v)) { msg_errorf("--seed needs a number, not '%s'", optarg); rc = EXIT_USAGE; goto out; } j.go.seed = (unsigned long)v; break;
        case 3006: mentions_path = optarg; break;
        case 3007:
            by_given = true;
            if (eg_period_from_name(optarg, &by)) { msg_errorf("--by must be day, week, month, quarter or year, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            break;
        case 3008: j.skip_undated = true; break;
        case 3009: j.evidence = optarg; break;
        case 3010: evmax_given = true; if (!parse_long(optarg, &evmax) || evmax < 1 || evmax > 100000) { msg_errorf("--evidence-max needs a number from 1 to 100000, not '%s'", optarg); rc = EXIT_USAGE; goto out; } break;
        case 3011:
            if (eg_measure_from_name(optarg, &j.go.measure)) {
                msg_errorf("--measure must be count, jaccard, dice, cosine, inclusion, assoc, pmi, npmi or llr, not '%s'", optarg);
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case 3012:
            if (strcmp(optarg, "all")) { msg_errorf("--measures takes 'all', not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            j.go.all_measures = true;
            break;
        case 3013: only = optarg; break;
        case 3020: ego = optarg; break;
        case 3014: case 3015: case 3016: case 3018: case 3019: case 3021: {
            static const struct { int id; const char *name; } longs[] = {
                {3014, "min-mentions"}, {3015, "min-node-docs"}, {3016, "top-nodes"}, {3018, "top-k"},
                {3019, "top-edges"}, {3021, "depth"},
            };
            const char *name = "";
            for (size_t k = 0; k < sizeof longs / sizeof longs[0]; k++) if (longs[k].id == c) name = longs[k].name;
            bool positive = c != 3021;
            if (!parse_long(optarg, &v) || (positive && v < 1)) {
                msg_errorf("--%s needs a whole number%s, not '%s'", name, positive ? " >= 1" : "", optarg);
                rc = EXIT_USAGE;
                goto out;
            }
            if (c == 3014) j.go.min_mentions = v;
            else if (c == 3015) j.go.min_node_docs = v;
            else if (c == 3016) j.go.top_nodes = v;
            else if (c == 3018) j.go.top_k = v;
            else if (c == 3019) j.go.top_edges = v;
            else { j.go.depth = v; depth_given = true; }
            break;
        }
        case 3017:
            if (!parse_double(optarg, &j.go.backbone) || !(j.go.backbone > 0 && j.go.backbone <= 1)) {
                msg_errorf("--backbone needs a significance level above 0 and at most 1 (such as 0.05), not '%s'", optarg);
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case 3022: j.go.keep_isolates = true; break;
        case 3023:
            if (!strcmp(optarg, "leiden")) j.go.community = EG_COMMUNITY_LEIDEN;
            else if (!strcmp(optarg, "louvain")) j.go.community = EG_COMMUNITY_LOUVAIN;
            else if (!strcmp(optarg, "none")) j.go.community = EG_COMMUNITY_NONE;
            else { msg_errorf("--community must be leiden, louvain or none, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            break;
        case 3024:
            if (!parse_double(optarg, &j.go.resolution) || !(j.go.resolution > 0)) {
                msg_errorf("--resolution needs a number above 0, not '%s'", optarg);
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case 3025:
            if (!strcmp(optarg, "none")) j.go.layout = EG_LAYOUT_NONE;
            else if (!strcmp(optarg, "fr")) j.go.layout = EG_LAYOUT_FR;
            else if (!strcmp(optarg, "drl")) j.go.layout = EG_LAYOUT_DRL;
            else { msg_errorf("--layout must be none, fr or drl, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            layout_given = true;
            break;
        case 3027:
            if (!parse_long(optarg, &report_docs) || report_docs > 100000) {
                msg_errorf("--report-docs needs a number from 0 to 100000, not '%s'", optarg);
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case 3026:
            if (!strcmp(optarg, "auto")) j.go.betweenness = 0;
            else if (!strcmp(optarg, "on")) j.go.betweenness = 1;
            else if (!strcmp(optarg, "off")) j.go.betweenness = -1;
            else { msg_errorf("--betweenness must be auto, on or off, not '%s'", optarg); rc = EXIT_USAGE; goto out; }
            break;
        case 'o': {
            const char **n = realloc(j.outs, (j.nouts + 1) * sizeof *n);
            if (!n) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
            j.outs = n;
            j.outs[j.nouts++] = optarg;
            break;
        }
        case 'f':
            if (format_of("-", optarg) < 0) {
                msg_errorf("--format must be graphml, dot, gexf, nodes.csv, edges.csv, json, cyjs, pajek, svg or html, not '%s'", optarg);
                rc = EXIT_USAGE;
                goto out;
            }
            j.fmt = optarg;
            break;
        case 'h':
            if (report_mode)
                fputs("usage: entgraph report [options] [INPUT...]\n"
                      "The same as 'entgraph graph', writing report.html unless -o says otherwise.\n\n", stdout);
            fputs(help, stdout);
            fputs(help2, stdout);
            goto out;
        default: rc = usage_error("graph", usage_line, longopts, argv); goto out;
        }
    }
    if (ncounts) {
        /* the counts instead of documents: window, periods and evidence are
         * the count files' */
        if (optind < argc) { msg_errorf("graph: give INPUT documents or --counts files, not both"); rc = EXIT_USAGE; goto out; }
        if (mentions_path || report_mode) { msg_errorf("graph --counts: %s needs the documents", mentions_path ? "--mentions" : "the report"); rc = EXIT_USAGE; goto out; }
        if (t.unknown) { msg_errorf("graph --counts: --unknown needs the documents"); rc = EXIT_USAGE; goto out; }
        if (window_given || maxw_given || by_given || evmax_given) {
            msg_errorf("graph --counts: %s is the count files' (set it in 'entgraph count')",
                       window_given ? "--window" : maxw_given ? "--max-per-window" : by_given ? "--by" : "--evidence-max");
            rc = EXIT_USAGE;
            goto out;
        }
        if ((rc = counts_merge_paths(counts, ncounts, &merged, &csetup))) goto out;
        if (counts_parse_setup(csetup, &window, &span, &maxw, &by, &evmax)) {
            msg_errorf("%s: a count file setup this version cannot read: %s", counts[0], csetup);
            rc = EXIT_INPUT;
            goto out;
        }
    }
    if (!j.nouts) {
        static const char *dash = "-", *report_html = "report.html";
        j.outs = malloc(sizeof *j.outs);
        if (!j.outs) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
        j.outs[0] = report_mode && !j.fmt ? report_html : dash;
        j.nouts = 1;
    }
    for (size_t i = 0; i < j.nouts; i++) {
        const char *o = j.outs[i];
        int f = format_of(o, j.fmt);
        if (o[0] && f < 0) {
            if (ends_with(o, ".csv") || ends_with(o, ".CSV"))
                msg_errorf("%s: a graph is two CSV tables: name them NAME.nodes.csv and NAME.edges.csv", o);
            else
                msg_errorf("%s: unknown output format (use .graphml, .dot, .gexf, .nodes.csv, .edges.csv, .json, .cyjs, "
                           ".net, .svg, .html or --format)", o);
            rc = EXIT_USAGE;
            goto out;
        }
        if (f == FORMAT_HTML) {
            if (has_period(o)) { msg_errorf("%s: the report is of the whole corpus: no {period} in its name", o); rc = EXIT_USAGE; goto out; }
            want_report = true;
        }
        if (f == FORMAT_HTML || f == EG_FORMAT_SVG) want_drawing = true;
        if (has_period(o) && by == EG_PERIOD_NONE) {
            msg_errorf("%s: {period} in an output name needs --by", o);
            rc = EXIT_USAGE;
            goto out;
        }
        if (by != EG_PERIOD_NONE && !has_period(o) && f != EG_FORMAT_GEXF && f != FORMAT_HTML) {
            msg_errorf("%s: with --by, an output is one file per period (put {period} in its name), one timeline (.gexf) "
                       "or the report (.html)", o);
            rc = EXIT_USAGE;
            goto out;
        }
    }
    if (j.evidence && has_period(j.evidence) && by == EG_PERIOD_NONE) {
        msg_errorf("%s: {period} in the evidence file name needs --by", j.evidence);
        rc = EXIT_USAGE;
        goto out;
    }
    if (j.skip_undated && by == EG_PERIOD_NONE) { msg_errorf("--skip-undated needs --by"); rc = EXIT_USAGE; goto out; }
    if (depth_given && !ego) { msg_errorf("--depth needs --ego"); rc = EXIT_USAGE; goto out; }
    if ((rc = read_dict_sources(&t))) goto out;
    uint64_t dict_key = eg_dict_sources_content_key(t.sources);
    if ((rc = unknown_spool(&t, argv + optind, (size_t)(argc - optind)))) goto out;
    r = ncounts ? eg_reader_new((const char *const *)counts, ncounts, &t.ropt)   /* only to keep outputs off the count files */
                : eg_reader_new((const char *const *)argv + optind, (size_t)(argc - optind), &t.ropt);
    if (!r) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    {
        /* every file this run writes (with {period} as it is), checked
         * against each other and the inputs */
        const char **all = malloc((j.nouts + 2) * sizeof *all);
        if (!all) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
        size_t na = 0;
        if (mentions_path) all[na++] = mentions_path;
        if (j.evidence) all[na++] = j.evidence;
        for (size_t i = 0; i < j.nouts; i++) all[na++] = j.outs[i];
        rc = check_outputs(&t, all, na, r);
        free(all);
        if (rc) goto out;
    }
    if ((rc = build_dict(&t, &d))) goto out;
    if ((rc = unknown_rebuild(&t, argv + optind, (size_t)(argc - optind), &d))) goto out;
    if (ncounts) {
        char want[1024];
        if (counts_setup(&t, dict_key, eg_dict_entity_count(d), window, span, maxw, by, evmax, want, sizeof want) ||
            strcmp(want, csetup)) {
            msg_errorf("graph --counts: the count files were made with other dictionaries or options:\n  %s\nthis run:\n  %s",
                       csetup, want);
            rc = EXIT_USAGE;
            goto out;
        }
        if (j.evidence && !evmax) {
            msg_errorf("graph --counts: --evidence needs count files made with 'entgraph count --evidence-max N'");
            rc = EXIT_USAGE;
            goto out;
        }
    }
    if ((rc = check_types(d, j.go.types))) goto out;
    if (only && (rc = entity_set(d, "only", only, &only_set))) goto out;
    if (ego && (rc = entity_set(d, "ego", ego, &ego_set))) goto out;
    j.go.only = only_set;
    j.go.ego = ego_set;
    /* a drawing (the report, .svg) needs coordinates: Fruchterman-Reingold
     * unless --layout says otherwise (then every output carries them) */
    if (want_drawing && !layout_given) j.go.layout = EG_LAYOUT_FR;
    j.d = d;
    j.quiet = t.quiet;
    ctx.cooc = j.cooc = eg_cooc_new(eg_dict_entity_count(d), window, (size_t)maxw);
    ctx.d = d;
    eg_error err;
    eg_error_clear(&err);
    if (want_report) {
        ctx.report = j.report = eg_report_new(d, (size_t)report_docs);
        if (!j.report) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    }
    /* the report quotes one window per edge when no --evidence asks for more */
    if (want_report && !j.evidence) evmax = 1;
    if (!ctx.cooc || eg_cooc_set_span(ctx.cooc, span) || eg_cooc_set_periods(ctx.cooc, by) ||
        ((j.evidence || want_report || (ncounts && evmax)) && eg_cooc_set_evidence(ctx.cooc, (size_t)evmax))) {
        msg_errorf("out of memory");
        rc = EXIT_SYSTEM;
        goto out;
    }
    if (mentions_path) {
        if ((rc = outset_open(&j.set, mentions_path, &err, &mf))) { msg_error(&err); rc = exit_code_for(rc); goto out; }
        ctx.mentions = eg_mention_writer_new(mf->fp, EG_MENTIONS_JSONL, 0);
        if (!ctx.mentions) { msg_errorf("out of memory"); rc = EXIT_SYSTEM; goto out; }
    }
    run_stats st;
    int partial = 0;   /* 1: an input could not be read; the rest is written */
    if (ncounts) {
        memset(&st, 0, sizeof st);
        int e = eg_cooc_load_counts(ctx.cooc, d, merged, counts[0], &err);
        if (e) {
            if (e == EG_ENOMEM) msg_errorf("out of memory"); else msg_error(&err);
            rc = exit_code_for(e);
            goto out;
        }
        st.docs = eg_cooc_documents(ctx.cooc);
        st.mentions = eg_cooc_mentions(ctx.cooc);
    } else {
        rc = for_each_document(&t, d, r, on_doc, &ctx, &st);
        if (!rc && (rc = end_of_run(&t, &st)) == EXIT_INPUT && st.docs) { partial = rc; rc = EXIT_OK; }
    }
    if (rc) {
        if (mf) {
            int e = eg_outfile_error(mf);
            if (rc == EXIT_SYSTEM && e) msg_errorf("%s: write error: %s", mentions_path, strerror(e));
        }
        goto out;
    }
    if (mf && (rc = finish_one(mf, mentions_path))) goto out;
    if (eg_cooc_truncated_windows(ctx.cooc) && !t.quiet)
        fprintf(stderr, "entgraph: warning: %zu window%s had more than %ld distinct entities; only the first %ld were paired\n",
                eg_cooc_truncated_windows(ctx.cooc), eg_cooc_truncated_windows(ctx.cooc) == 1 ? "" : "s", maxw, maxw);
    /* the graphs: the whole corpus (or its timeline), then one per period */
    size_t nodes = 0, edges = 0, nperiods = 0;
    rc = write_graph(&j, -1, by != EG_PERIOD_NONE, false, &nodes, &edges);
    for (size_t p = 0; !rc && by != EG_PERIOD_NONE && p < eg_cooc_period_count(ctx.cooc); p++) {
        if (j.skip_undated && eg_cooc_period_start(ctx.cooc, p) == EG_NO_DAY) continue;
        rc = write_graph(&j, (long)p, false, true, NULL, NULL);
        nperiods++;
    }
    size_t written = 0;
    if (!rc) {
        /* every output is complete: commit them all */
        for (size_t i = 0; i < j.set.n; i++) {
            if (!rc && out_commit(&j.set.f[i], &err)) { msg_error(&err); rc = exit_code_for(err.code); }
            else if (!rc) written++;
            else out_abort(&j.set.f[i]);
            free(j.set.names[i]);
        }
        free(j.set.f); free(j.set.names);
        memset(&j.set, 0, sizeof j.set);
        mf = NULL;
    }
    if (!t.quiet && !rc) {
        char amb[64] = "", per[96] = "", und[64] = "";
        if (st.ambiguous) snprintf(amb, sizeof amb, " (%zu ambiguous, left out)", st.ambiguous);
        if (by != EG_PERIOD_NONE) snprintf(per, sizeof per, ", %zu period%s", nperiods, nperiods == 1 ? "" : "s");
        if (st.undated && st.undated < st.docs) snprintf(und, sizeof und, ", %zu undated", st.undated);
        if (st.outside) snprintf(und + strlen(und), sizeof und - strlen(und), ", %zu outside the dates", st.outside);
        fprintf(stderr, "entgraph: %zu document%s (%zu skipped%s), %zu mention%s%s, %zu entit%s, %zu edge%s%s, %zu file%s written\n",
                st.docs, st.docs == 1 ? "" : "s", st.skipped + st.unreadable, und, st.mentions, st.mentions == 1 ? "" : "s", amb,
                nodes, nodes == 1 ? "y" : "ies", edges, edges == 1 ? "" : "s", per, written, written == 1 ? "" : "s");
    }
    if (!rc) rc = partial;
out:
    if (merged) fclose(merged);
    free(csetup);
    free(counts);
    outset_abort(&j.set);
    eg_mention_writer_free(ctx.mentions);
    eg_cooc_free(ctx.cooc);
    eg_reader_free(r);
    eg_report_free(j.report);
    eg_dict_free(d);
    free(only_set);
    free(ego_set);
    free(j.outs);
    tag_cli_release(&t);
    return rc;
}

int cmd_graph(int argc, char **argv) { return run(argc, argv, false); }
int cmd_report(int argc, char **argv) { return run(argc, argv, true); }
