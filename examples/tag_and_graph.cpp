// tag_and_graph.cpp - the same from C++: the header is plain C with
// extern "C" guards, so a C++ program links libentgraph as is.
//
//   c++ tag_and_graph.cpp $(pkg-config --cflags --libs entgraph) -o tag_and_graph_cpp
#include <entgraph.h>
#include <cstdio>
#include <memory>
#include <string>

namespace {
struct DictFree { void operator()(eg_dict *d) const { eg_dict_free(d); } };
struct TaggerFree { void operator()(eg_tagger *t) const { eg_tagger_free(t); } };
struct CoocFree { void operator()(eg_cooc *c) const { eg_cooc_free(c); } };
struct GraphFree { void operator()(eg_graph *g) const { eg_graph_free(g); } };
}

int main()
{
    const std::string dictionary =
        "{\"id\": \"country:JPN\", \"name\": \"Japan\", \"type\": \"country\"}\n"
        "{\"id\": \"country:CHN\", \"name\": \"China\", \"type\": \"country\"}\n"
        "{\"id\": \"org:pla\", \"name\": \"People's Liberation Army\", \"type\": \"agency\", \"aliases\": [\"PLA\"]}\n";
    const std::string text = "The PLA watched Japan. China said nothing. Japan and China met.";
    eg_error err;
    eg_error_clear(&err);
    std::unique_ptr<eg_dict, DictFree> d(eg_dict_new());
    if (!d || eg_dict_load_buffer(d.get(), "example.jsonl", "jsonl", dictionary.data(), dictionary.size(), &err) ||
        eg_dict_compile(d.get(), &err)) {
        char buf[1200];
        std::fprintf(stderr, "dictionary: %s\n", eg_error_format(&err, buf, sizeof buf));
        return 1;
    }
    eg_tagger *tp = nullptr;
    if (eg_tagger_new(&tp, d.get(), nullptr)) return 1;
    std::unique_ptr<eg_tagger, TaggerFree> t(tp);
    const eg_mention *m = nullptr;
    size_t n = 0;
    if (eg_tagger_run(t.get(), text.data(), text.size(), &m, &n, nullptr)) return 1;
    std::unique_ptr<eg_cooc, CoocFree> c(eg_cooc_new(eg_dict_entity_count(d.get()), EG_WIN_SENTENCE, 0));
    if (!c || eg_cooc_add(c.get(), m, n)) return 1;
    eg_graph *gp = nullptr;
    if (eg_graph_build(&gp, c.get(), d.get(), nullptr, &err)) return 1;
    std::unique_ptr<eg_graph, GraphFree> g(gp);
    std::fprintf(stderr, "%zu mentions, %zu nodes, %zu edges\n", n, eg_graph_node_count(g.get()), eg_graph_edge_count(g.get()));
    return eg_graph_write(g.get(), EG_FORMAT_DOT, stdout) == 0 ? 0 : 1;
}
