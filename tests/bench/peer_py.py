#!/usr/bin/python3
"""peer_py.py - the Python pipeline a user would write instead of entgraph:
pyahocorasick for matching, networkx for the graph.  A benchmark peer, not a
reference for correctness.

  peer_py.py tag   -d DICT [-d DICT...] INPUT.jsonl            (TSV mentions on stdout)
  peer_py.py graph -d DICT [-d DICT...] INPUT.jsonl -o OUT.graphml

DICT: an entgraph native JSONL file (spaCy pattern lines accepted, other
lines skipped) or a directory of them.  Every name and alias is used except
metonyms (entgraph's default: off); later entities do not replace an alias
already taken unless their priority is higher.

Matching: text and aliases lowercased (str.lower), every Aho-Corasick hit
kept only if it starts and ends on a word boundary (no letter/digit on both
sides of either edge), then leftmost-longest non-overlapping selection.
No Unicode normalisation, no case rules, no ambiguity resolution.
Windows: sentences from a regex splitter.  Edges: weight = sentences with
both entities, docs = documents with such a sentence.

Timings go to standard error as one JSON object (seconds).
"""
import argparse
import bisect
import json
import os
import re
import sys
import time

T0 = time.perf_counter()
import ahocorasick  # noqa: E402  (python3-ahocorasick)

SENT_END = re.compile(r"[.!?]+[\"')\]]*\s+|\n\s*\n")


def dict_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for fn in sorted(os.listdir(p)):
                if fn.endswith(".jsonl"):
                    yield os.path.join(p, fn)
        else:
            yield p


def load(paths):
    """-> (entities [(id, label, type)], {lowercased alias: (entity, priority)})"""
    ents = []
    table = {}
    for path in dict_files(paths):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                o = json.loads(line)
                if isinstance(o.get("pattern"), str):      # spaCy EntityRuler line
                    eid = o.get("id") or "%s:%s" % (o.get("label"), o["pattern"])
                    o = {"id": eid, "name": o["pattern"], "type": o.get("label", "entity")}
                if not (isinstance(o.get("id"), str) and isinstance(o.get("name"), str)):
                    continue                                # not an entity line
                e = len(ents)
                ents.append((o["id"], o["name"], o.get("type", "entity")))
                prio = o.get("priority", 0)
                texts = [o["name"]]
                for a in o.get("aliases", ()):
                    if isinstance(a, str):
                        texts.append(a)
                    elif isinstance(a, dict) and a.get("kind") != "metonym" and isinstance(a.get("text"), str):
                        texts.append(a["text"])
                for t in texts:
                    k = t.lower()
                    old = table.get(k)
                    if old is None or prio > old[1]:
                        table[k] = (e, prio)
    return ents, table


def build(table):
    A = ahocorasick.Automaton()
    for k, (e, _p) in table.items():
        A.add_word(k, (len(k), e))
    A.make_automaton()
    return A


def tag(A, text):
    """-> [(start, end, entity)] in text order (offsets in code points)."""
    low = text.lower()
    n = len(low)
    hits = []
    for end, (length, ent) in A.iter(low):
        start = end - length + 1
        # a word boundary on both edges: not a letter/digit on both sides
        if start > 0 and low[start - 1].isalnum() and low[start].isalnum():
            continue
        if end + 1 < n and low[end].isalnum() and low[end + 1].isalnum():
            continue
        hits.append((start, -length, ent))
    hits.sort()
    out = []
    pos = 0
    for start, neg, ent in hits:
        if start >= pos:
            pos = start - neg
            out.append((start, pos, ent))
    return out


def sentence_starts(text):
    return [0] + [m.end() for m in SENT_END.finditer(text)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["tag", "graph"])
    ap.add_argument("-d", "--dict", action="append", required=True)
    ap.add_argument("-o", "--output")
    ap.add_argument("input")
    a = ap.parse_args()
    t = {"import_s": time.perf_counter() - T0}

    t0 = time.perf_counter()
    ents, table = load(a.dict)
    t["load_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    A = build(table)
    t["build_s"] = time.perf_counter() - t0
    t["aliases"] = len(table)

    docs = mentions = 0
    tag_s = count_s = 0.0
    weight = {}
    ndocs = {}
    seen = set()
    out = sys.stdout
    t_run = time.perf_counter()
    with open(a.input, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text = d["text"]
            t1 = time.perf_counter()
            ms = tag(A, text)
            t2 = time.perf_counter()
            tag_s += t2 - t1
            docs += 1
            mentions += len(ms)
            if a.command == "tag":
                did = d["id"]
                out.write("".join("%s\t%d\t%d\t%s\t%s\n" % (did, s, e, text[s:e], ents[x][0])
                                  for s, e, x in ms))
                continue
            starts = sentence_starts(text)
            per_sent = {}
            for s, _e, x in ms:
                per_sent.setdefault(bisect.bisect_right(starts, s), set()).add(x)
            doc_pairs = set()
            for group in per_sent.values():
                seen.update(group)
                if len(group) < 2:
                    continue
                g = sorted(group)
                for i in range(len(g)):
                    for j in range(i + 1, len(g)):
                        p = (g[i], g[j])
                        weight[p] = weight.get(p, 0) + 1
                        doc_pairs.add(p)
            for p in doc_pairs:
                ndocs[p] = ndocs.get(p, 0) + 1
            count_s += time.perf_counter() - t2
    t["run_s"] = time.perf_counter() - t_run
    t["tag_s"] = tag_s
    t["docs"] = docs
    t["mentions"] = mentions
    if a.command == "graph":
        t["count_s"] = count_s
        t0 = time.perf_counter()
        import networkx as nx
        G = nx.Graph()
        for x in sorted(seen, key=lambda i: ents[i][0]):
            G.add_node(ents[x][0], label=ents[x][1], type=ents[x][2])
        for (u, v), w in weight.items():
            G.add_edge(ents[u][0], ents[v][0], weight=w, docs=ndocs[(u, v)])
        t["graph_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        nx.write_graphml(G, a.output)
        t["write_s"] = time.perf_counter() - t0
        t["nodes"] = G.number_of_nodes()
        t["edges"] = G.number_of_edges()
    out.flush()
    sys.stderr.write("peer_py: " + json.dumps(t) + "\n")


if __name__ == "__main__":
    main()
