/*
 * tag_and_graph.c - libentgraph in one page: load a dictionary, tag a
 * text, count co-mentions per sentence, build the graph, write GraphML.
 *
 *   cc tag_and_graph.c $(pkg-config --cflags --libs entgraph) -o tag_and_graph
 *   ./tag_and_graph > graph.graphml
 */
#include <entgraph.h>
#include <stdio.h>
#include <string.h>

static const char dictionary[] =
    "{\"id\": \"country:JPN\", \"name\": \"Japan\", \"type\": \"country\", \"aliases\": [{\"text\": \"Japanese\", \"kind\": \"demonym\"}]}\n"
    "{\"id\": \"country:CHN\", \"name\": \"China\", \"type\": \"country\", \"aliases\": [{\"text\": \"Chinese\", \"kind\": \"demonym\"}]}\n"
    "{\"id\": \"org:pla\", \"name\": \"People's Liberation Army\", \"type\": \"agency\", \"aliases\": [\"PLA\"], "
    "\"attrs\": {\"country\": \"country:CHN\"}}\n";

static const char text[] =
    "Chinese military hackers of the People's Liberation Army breached Japan's defense networks. "
    "The PLA denied it; Japan and China are talking.";

static int fail(const char *what, const eg_error *err)
{
    char buf[1200];
    fprintf(stderr, "tag_and_graph: %s: %s\n", what, err ? eg_error_format(err, buf, sizeof buf) : "out of memory");
    return 1;
}

int main(void)
{
    eg_error err;
    eg_error_clear(&err);
    eg_dict *d = eg_dict_new();
    if (!d) return fail("dictionary", NULL);
    if (eg_dict_load_buffer(d, "example.jsonl", "jsonl", dictionary, strlen(dictionary), &err) ||
        eg_dict_compile(d, &err))
        return fail("dictionary", &err);

    eg_tagger *t;
    if (eg_tagger_new(&t, d, NULL)) return fail("tagger", NULL);
    const eg_mention *m;
    size_t n;
    if (eg_tagger_run(t, text, strlen(text), &m, &n, NULL)) return fail("tagging", NULL);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%.*s -> %s (%s, sentence %zu)\n", (int)(m[i].byte_end - m[i].byte_start), text + m[i].byte_start,
                eg_dict_entity_id(d, m[i].entity), eg_how_name(m[i].how), m[i].sentence);

    eg_cooc *c = eg_cooc_new(eg_dict_entity_count(d), EG_WIN_SENTENCE, 0);
    if (!c || eg_cooc_add(c, m, n)) return fail("counting", NULL);
    eg_graph *g;
    if (eg_graph_build(&g, c, d, NULL, &err)) return fail("graph", &err);
    fprintf(stderr, "%zu nodes, %zu edges (entgraph %s)\n", eg_graph_node_count(g), eg_graph_edge_count(g), eg_version());
    eg_graph_write(g, EG_FORMAT_GRAPHML, stdout);

    eg_graph_free(g);
    eg_cooc_free(c);
    eg_tagger_free(t);
    eg_dict_free(d);
    return ferror(stdout) ? 1 : 0;
}
