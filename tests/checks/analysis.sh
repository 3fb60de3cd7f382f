#!/usr/bin/env bash
# Windows, association measures, filters and centralities of `entgraph graph`
# (issue 13).  Every graph is recomputed from the mentions and the documents by an
# independent reference (analysis_ref.py: windows, N, c_i, c_ij, the nine measures,
# the filters in order, alpha); the centralities, communities and modularity by
# analysis_nx.py (networkx and its own Brandes/power iterations).  Both oracles run
# their hand-computed self-tests first, so a broken oracle fails here too.
set -u
mkdir -p "$TMP"
t() { if eval "$2" >"$TMP/log" 2>&1; then echo "ok - $1"; else echo "not ok - $1"; sed 's/^/#   /' "$TMP/log" | head -15; fi; }
cd "$TMP"
PY=/usr/bin/python3
REF="$PY $ROOT/tests/checks/analysis_ref.py"
NXC="$PY $ROOT/tests/checks/analysis_nx.py"
NHKD="--no-default-dicts --dict $ROOT/tests/dicts/nhk-test.jsonl"
NHK=$ROOT/tests/samples/nhk-2023-08-08-china-hacked-japan.txt
BROWN=$(echo "$ROOT"/tests/eval/docs/*.txt)

# run NAME CORPUS OPTION...: entgraph on the corpus (nhk or brown) with the options,
# writing NAME.graphml and the mentions NAME.m.jsonl
run() {
    local name=$1 c=$2; shift 2
    if [ "$c" = nhk ]; then $EG graph -q $NHKD "$@" --mentions "$name.m.jsonl" -o "$name.graphml" $NHK
    else $EG graph -q "$@" --mentions "$name.m.jsonl" -o "$name.graphml" $BROWN; fi
}
# ref NAME CORPUS OPTION...: run, then the reference on the same options
ref() {
    local name=$1 c=$2 in=$BROWN; shift 2
    [ "$c" = nhk ] && in=$NHK
    run "$name" "$c" "$@" && $REF --mentions "$name.m.jsonl" --docs $in "$@" --graphml "$name.graphml"
}
# gattr FILE NAME: a graph attribute of a GraphML file
gattr() { $PY -B -c "import sys; sys.path.insert(0, '$ROOT/tests/checks'); import analysis_ref as a; print(a.read_graphml(sys.argv[1])['graph'].get(sys.argv[2]))" "$1" "$2"; }

cat > props.py <<'PY'
"""Property checks written directly on the GraphML files (not through the reference)."""
import sys, json
import networkx as nx
def b(s): return s.encode('utf-8')
def key(u, v): return (u, v) if b(u) <= b(v) else (v, u)
def edges(g): return {key(u, v) for u, v in g.edges}
what = sys.argv[1]
if what == 'topk':            # pre.graphml post.graphml K
    pre, post, K = nx.read_graphml(sys.argv[2]), nx.read_graphml(sys.argv[3]), int(sys.argv[4])
    top = set()
    for v in pre:
        inc = sorted(pre[v].items(), key=lambda it: (-it[1]['weight'], b(it[0])))
        top.update(key(v, w) for w, _ in inc[:K])
    kept = edges(post)
    assert kept <= edges(pre), 'top-k added edges: %s' % sorted(kept - edges(pre))[:5]
    assert kept <= top, 'kept edges that are top-%d at neither endpoint: %s' % (K, sorted(kept - top)[:5])
    assert top <= kept, 'top-%d edges dropped: %s' % (K, sorted(top - kept)[:5])
    assert len(kept) < len(edges(pre)), 'top-k removed nothing: a weak test'
    print('top-k ok: %d of %d edges' % (len(kept), len(edges(pre))))
elif what == 'ego':           # pre.graphml post.graphml DEPTH EGO,...
    pre, post, D = nx.read_graphml(sys.argv[2]), nx.read_graphml(sys.argv[3]), int(sys.argv[4])
    egos = [e for e in sys.argv[5].split(',') if e in pre]
    assert egos, 'no ego in the graph'
    dist = {}
    for e in egos:
        for v, d in nx.single_source_shortest_path_length(pre, e, cutoff=D).items():
            dist[v] = min(d, dist.get(v, d))
    want = {v for v in dist if pre.degree(v) > 0}   # no --keep-isolates
    assert set(post) == want, 'nodes: extra %s missing %s' % (sorted(set(post) - want)[:5], sorted(want - set(post))[:5])
    assert edges(post) == {p for p in edges(pre) if p[0] in want and p[1] in want}, 'edges between kept nodes differ'
    for v in post:
        assert any(nx.has_path(post, e, v) and nx.shortest_path_length(post, e, v) <= D for e in egos if e in post), v
    assert 1 < len(post) < len(pre), 'ego kept %d of %d nodes: a weak test' % (len(post), len(pre))
    print('ego ok: %d of %d nodes within %d hops' % (len(post), len(pre), D))
elif what == 'only':          # graphml idfile
    g = nx.read_graphml(sys.argv[2])
    ids = {l.strip() for l in open(sys.argv[3]) if l.strip()}
    assert g.number_of_nodes() > 2 and set(g) <= ids, sorted(set(g) - ids)
elif what == 'exclude':       # graphml mentions id,...
    g = nx.read_graphml(sys.argv[2])
    ids = set(sys.argv[4].split(','))
    assert not ids & set(g), ids & set(g)
    for l in open(sys.argv[3]):
        m = json.loads(l)
        assert m['id'] not in ids and not ids & set(m.get('candidates', [])), m
elif what == 'same-windows':  # a.graphml b.graphml: equal N
    def N(f):
        g = nx.read_graphml(f)
        return g.graph['windows']
    assert N(sys.argv[2]) == N(sys.argv[3]) > 0, (N(sys.argv[2]), N(sys.argv[3]))
elif what == 'eigen-tie':     # graphml: Japan-China and NHK-NSA tie, the Pentagon alone
    g = nx.read_graphml(sys.argv[2])
    e = {v: d['eigenvector'] for v, d in g.nodes(data=True)}
    assert e['country:CHN'] == e['country:JPN'] == 1, e
    assert e['org:nhk'] == e['org:nsa'] == e['org:us-department-of-defense'] == 0, e
elif what == 'communities':   # a.graphml b.graphml: the same community of every node
    ga, gb = nx.read_graphml(sys.argv[2]), nx.read_graphml(sys.argv[3])
    ca = {v: d['community'] for v, d in ga.nodes(data=True)}
    cb = {v: d['community'] for v, d in gb.nodes(data=True)}
    assert ca == cb and len(set(ca.values())) > 1, (len(set(ca.values())), len(set(cb.values())))
PY

t "analysis_ref.py passes its hand-computed self-test" "$REF --self-test"
t "analysis_nx.py passes its self-test" "$NXC --self-test"

# --- windows x measures: every window kind, all nine measures, npmi weights ---------------
for c in nhk brown; do
    for w in sentence paragraph document sentences:2 tokens:5; do
        t "$c --window $w --measures all --measure npmi: the reference agrees" \
          "ref $c-$w $c --window $w --measures all --measure npmi"
    done
done
# Japanese and English: the CJK rule, joiners, mentions inside tokens ("Pentagon's"), a
# document without mentions.  Token positions by hand: 24 + 12 + 15 = 51 (see the
# self-test of analysis_ref.py)
cat > cjk.jsonl <<'EOF'
{"id":"ja1","text":"日本の防衛省は、NSAと中国について話した。Japan's officials—and the Pentagon's—met. 日本とChina"}
{"id":"ja2","text":"No entity here at all, just words: rock'n'roll, 3.5 percent, Jong-un."}
{"id":"ja3","text":"The People's Republic of China and Japan; the US and the White House, then NHK, NHK again and Japan."}
EOF
for w in tokens:1 tokens:3; do
    t "Japanese and English --window $w --measures all --measure llr: the reference agrees, N = 51" \
      "$EG graph -q $NHKD --window $w --measures all --measure llr --mentions cjk-$w.m.jsonl -o cjk-$w.graphml cjk.jsonl && \
       $REF --mentions cjk-$w.m.jsonl --docs cjk.jsonl --window $w --measures all --measure llr --graphml cjk-$w.graphml && \
       [ \"\$(gattr cjk-$w.graphml windows)\" = 51 ]"
done
t "brown --window paragraphs:1 --measure dice: the reference agrees" \
  "ref brown-p1 brown --window paragraphs:1 --measure dice"
t "sentences:K has as many windows as sentences (one window per unit, any K)" \
  "$PY props.py same-windows brown-sentence.graphml brown-sentences:2.graphml && $PY props.py same-windows nhk-sentence.graphml nhk-sentences:2.graphml"
t "sentences:0 is sentence: the same bytes but the window's name" \
  "run s0 brown --window sentences:0 --measures all --measure npmi && sed 's/>sentences:0</>sentence</' s0.graphml | cmp - brown-sentence.graphml"
t "document: N is the number of documents (45), tokens:5: N is the number of token positions" \
  "[ \"\$(gattr brown-document.graphml windows)\" = 45 ] && [ \"\$(gattr nhk-document.graphml windows)\" = 1 ] && [ \"\$(gattr brown-tokens:5.graphml window)\" = tokens:5 ]"

# --- filters, each checked by the reference ------------------------------------------------
printf '%s\n' country:USA per:john-f-kennedy org:us-democratic-party org:us-republican-party country:GBR country:SUN org:un country:LAO > only.txt
t "--types person,country (sentences:1, count)" "ref f-types brown --window sentences:1 --types person,country"
t "nhk --types country,agency (sentence, llr)" "ref f-types-nhk nhk --types country,agency --measure llr"
t "--only @FILE (paragraph, jaccard); no other id is a node" \
  "ref f-only brown --window paragraph --measure jaccard --only @only.txt && $PY props.py only f-only.graphml only.txt"
t "--exclude (sentence, count): the ids are never matched, in the graph or the mentions" \
  "ref f-excl brown --exclude country:USA,org:white-house && $PY props.py exclude f-excl.graphml f-excl.m.jsonl country:USA,org:white-house"
t "--min-mentions 5 (document, dice)" "ref f-minm brown --window document --measure dice --min-mentions 5"
t "--min-node-docs 3 (document, pmi)" "ref f-mind brown --window document --measure pmi --min-node-docs 3"
t "--top-nodes 15 (sentence, cosine)" "ref f-topn brown --measure cosine --top-nodes 15"
t "--min-weight 0.2, real-valued and inclusive (sentences:2, jaccard)" \
  "ref f-minw brown --window sentences:2 --measure jaccard --min-weight 0.2"
t "--min-weight 0.35 (tokens:5, npmi)" "ref f-minw2 brown --window tokens:5 --measure npmi --min-weight 0.35"
t "--min-docs 2 (paragraph, count)" "ref f-mindocs brown --window paragraph --min-docs 2"
t "--backbone 0.3 (document, count), alpha written" "ref f-bb3 brown --window document --backbone 0.3"
t "--backbone 0.05 (sentences:2, llr)" "ref f-bb05 brown --window sentences:2 --measure llr --backbone 0.05"
t "--backbone 0.2 under npmi runs on the counts (npmi weights, alpha from counts)" \
  "ref f-bbn brown --measure npmi --measures all --backbone 0.2 && [ \$(grep -c '<edge ' f-bbn.graphml) -gt 5 ]"
t "--top-k 2 (document, jaccard, after --min-weight 0.1)" \
  "ref f-topk brown --window document --measure jaccard --min-weight 0.1 --top-k 2"
t "--top-k 2: every kept edge is among the 2 strongest of an endpoint, every such edge is kept" \
  "run f-topk-pre brown --window document --measure jaccard --min-weight 0.1 && $PY props.py topk f-topk-pre.graphml f-topk.graphml 2"
t "nhk --top-k 1 (sentence, count)" "ref f-topk-nhk nhk --top-k 1"
t "--top-edges 10 (document, count)" "ref f-tope brown --window document --top-edges 10"
t "--ego country:USA --depth 1 (sentence, npmi)" "ref f-ego1 brown --measure npmi --ego country:USA --depth 1"
t "--ego per:john-f-kennedy,country:LAO --depth 2 (sentence, count)" \
  "ref f-ego2 brown --ego per:john-f-kennedy,country:LAO --depth 2"
t "--ego: every node is within --depth hops of an ego, with every edge between kept nodes" \
  "run f-ego-pre brown && $PY props.py ego f-ego-pre.graphml f-ego2.graphml 2 per:john-f-kennedy,country:LAO && \
   run f-ego-pre1 brown --measure npmi && $PY props.py ego f-ego-pre1.graphml f-ego1.graphml 1 country:USA"
t "--keep-isolates (sentence, count, --min-weight 2)" "ref f-iso brown --min-weight 2 --keep-isolates"
t "every filter at once, in the spec's order (document, count)" \
  "ref f-all brown --window document --types country,organization,agency --min-mentions 2 --min-node-docs 1 --top-nodes 40 --min-weight 2 --min-docs 2 --backbone 0.5 --top-k 3 --top-edges 30 --ego country:USA --depth 2 --keep-isolates"

# --- centralities, communities, modularity ---------------------------------------------------
t "centralities and --community leiden (document, count)" \
  "run c-leiden brown --window document --community leiden && $NXC c-leiden.graphml"
t "centralities and --community louvain (sentences:2, npmi)" \
  "run c-louvain brown --window sentences:2 --measure npmi --community louvain && $NXC --community louvain c-louvain.graphml"
t "--resolution 0.5: modularity at that resolution (sentence, count)" \
  "run c-res brown --community leiden --resolution 0.5 && $NXC --resolution 0.5 c-res.graphml"
t "disconnected graph with isolates: eigenvector on one component, pagerank (llr, --min-weight 2)" \
  "run c-iso brown --measure llr --min-weight 2 --keep-isolates && $NXC c-iso.graphml"
printf '%s\n' '{"id":"e1","text":"Japan and China met."}' '{"id":"e2","text":"NHK and the NSA met."}' '{"id":"e3","text":"The Pentagon."}' > tie.jsonl
t "eigenvector: two components with the same eigenvalue: the one holding the smallest id, an isolate 0" \
  "$EG graph -q $NHKD --window document --keep-isolates -o c-tie.graphml tie.jsonl && $NXC c-tie.graphml && \
   $PY props.py eigen-tie c-tie.graphml"
t "nhk document window (every npmi 1): centralities" "run c-nhk nhk --window document --measure npmi && $NXC c-nhk.graphml"
t "--community none: no community, no modularity; the centralities" \
  "run c-none brown --window tokens:5 --community none && $NXC --community none c-none.graphml"

# --- determinism and seeds -------------------------------------------------------------------
A="--window tokens:5 --measures all --measure npmi --backbone 0.5 --community leiden"
t "the same command twice gives the same bytes" \
  "$EG graph -q $A -o d1.graphml $BROWN && $EG graph -q $A -o d2.graphml $BROWN && cmp d1.graphml d2.graphml"
t "--jobs 1 and --jobs 2 give the same bytes (GraphML, DOT, GEXF)" \
  "$EG graph -q $A -j 1 -o j1.graphml -o j1.dot -o j1.gexf $BROWN && $EG graph -q $A -j 2 -o j2.graphml -o j2.dot -o j2.gexf $BROWN && \
   cmp j1.graphml j2.graphml && cmp j1.dot j2.dot && cmp j1.gexf j2.gexf"
t "the same --seed gives the same communities (leiden and louvain)" \
  "(for m in leiden louvain; do $EG graph -q --window document --community \$m --seed 7 -o s1-\$m.graphml $BROWN && \
   $EG graph -q --window document --community \$m --seed 7 -o s2-\$m.graphml $BROWN && $PY props.py communities s1-\$m.graphml s2-\$m.graphml || exit 1; done)"

# --- no NaN or Inf anywhere, in every format ---------------------------------------------------
NAN='(=|>)"?[-+]?(nan|inf|infinity)("|<)'
t "--measures all: no nan/inf in GraphML, DOT or GEXF (nhk document: x = N, pmi = llr = 0)" \
  "$EG graph -q $NHKD --window document --measures all --measure npmi --backbone 0.5 -o n.graphml -o n.dot -o n.gexf $NHK && \
   ! grep -Eiq '$NAN' n.graphml n.dot n.gexf && $NXC n.graphml"
t "--measures all: no nan/inf in GraphML, DOT or GEXF (brown tokens:5, llr, keep-isolates)" \
  "$EG graph -q --window tokens:5 --measures all --measure llr --keep-isolates -o b.graphml -o b.dot -o b.gexf $BROWN && \
   ! grep -Eiq '$NAN' b.graphml b.dot b.gexf && $NXC b.graphml"

# --- Leiden terminates where igraph 0.10.2's "until stable" (n_iterations < 0) loops ----------
# Two entities, one edge, resolution 5: no move ever improves on the singletons, so an
# iteration changes nothing and 0.10.2's loop (`for (...; !changed; ...)`) never ends.
cat > hang.c <<'C'
#include <igraph.h>
int main(void) {
    igraph_t g; igraph_vector_int_t e, memb; igraph_vector_t w, nw; igraph_integer_t nb; igraph_real_t q;
    igraph_vector_int_init_int(&e, 2, 0, 1);
    igraph_create(&g, &e, 2, IGRAPH_UNDIRECTED);
    igraph_vector_init_real(&w, 1, 1.0);
    igraph_vector_init_real(&nw, 2, 1.0, 1.0);
    igraph_vector_int_init(&memb, 0);
    igraph_community_leiden(&g, &w, &nw, 5.0 / 2.0, 0.01, 0, -1, &memb, &nb, &q);
    return (int)nb;
}
C
printf '%s\n' '{"id":"k1","text":"Japan and China met."}' > k2.jsonl
t "igraph 0.10.2 itself loops on it (n_iterations -1: still running after 5 s)" \
  "cc -o hang hang.c \$(pkg-config --cflags --libs igraph) && { timeout 5 ./hang; [ \$? -eq 124 ]; }"
t "entgraph's Leiden stops on the same graph, with the singletons (2 communities, modularity checked)" \
  "timeout 20 $EG graph -q $NHKD --resolution 5 -o k2.graphml k2.jsonl && [ \"\$(gattr k2.graphml communities)\" = 2 ] && \
   $NXC --resolution 5 k2.graphml"
