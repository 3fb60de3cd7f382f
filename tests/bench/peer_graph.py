#!/usr/bin/python3
"""peer_graph.py - the graph stage as a Python user would write it with
networkx (the peer of graph_stage.c in `make bench`): read the windows
written by `graph_stage --dump`, count c_i, c_ij and N, compute the nine
association measures, keep the positive-npmi edges, the disparity-filter
backbone at ALPHA, then PageRank, Louvain communities (networkx has no
Leiden) and modularity, and write GraphML.  Prints one JSON line on stderr
with its own timings.

  peer_graph.py WINDOWS_FILE [--backbone 0.05] [-o out.graphml]
"""
import argparse
import collections
import itertools
import json
import math
import sys
import time

import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python


def measures(x, a, b, n):
    pmi = math.log2(x * n / (a * b))
    npmi = 1.0 if x >= n or (x >= a and x >= b) else pmi / -math.log2(x / n)

    def t(o, e):
        return o * math.log(o / e) if o > 0 else 0.0
    llr = 0.0 if x * n == a * b else 2 * (t(x, a * b / n) + t(a - x, a * (n - b) / n) +
                                          t(b - x, (n - a) * b / n) + t(n - a - b + x, (n - a) * (n - b) / n))
    return {"count": x, "jaccard": x / (a + b - x), "dice": 2 * x / (a + b), "cosine": x / math.sqrt(a * b),
            "inclusion": x / min(a, b), "assoc": x * n / (a * b), "pmi": pmi, "npmi": npmi, "llr": max(llr, 0.0)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("windows")
    ap.add_argument("--backbone", type=float, default=0.05)
    ap.add_argument("-o", default="/dev/null")
    a = ap.parse_args()
    t0 = time.perf_counter()
    ci = collections.Counter()
    cij = collections.Counter()
    n = 0
    with open(a.windows) as f:
        for line in f:
            ents = sorted(set(line.split()))
            if not ents:
                continue
            n += 1
            ci.update(ents)
            cij.update(itertools.combinations(ents, 2))
    t_count = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = nx.Graph()
    for (u, v), x in cij.items():
        m = measures(x, ci[u], ci[v], n)
        if m["npmi"] > 0:
            g.add_edge(u, v, weight=m["npmi"], **m)
    # disparity filter
    strength = dict(g.degree(weight="weight"))
    degree = dict(g.degree())
    drop = []
    for u, v, d in g.edges(data=True):
        al = 1.0
        for i in (u, v):
            if degree[i] > 1:
                al = min(al, (1 - d["weight"] / strength[i]) ** (degree[i] - 1))
        d["alpha"] = al
        if not al < a.backbone:
            drop.append((u, v))
    g.remove_edges_from(drop)
    g.remove_nodes_from([v for v in list(g.nodes) if g.degree(v) == 0])
    pr = _pagerank_python(g, weight="weight")
    comms = nx.community.louvain_communities(g, weight="weight", seed=42)
    q = nx.community.modularity(g, comms, weight="weight") if g.number_of_edges() else 0.0
    for k, c in enumerate(comms):
        for v in c:
            g.nodes[v]["community"] = k
    for v in g.nodes:
        g.nodes[v]["pagerank"] = pr[v]
        g.nodes[v]["windows"] = ci[v]
    g.graph["modularity"] = q
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    nx.write_graphml(g, a.o)
    t_write = time.perf_counter() - t0
    sys.stderr.write("peer_graph: " + json.dumps({
        "raw_edges": len(cij), "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
        "count_s": round(t_count, 3), "build_s": round(t_build, 3), "write_s": round(t_write, 3)}) + "\n")


if __name__ == "__main__":
    main()
